"""laatstontvangengegevens, geenwijzigingen and geengegevens."""

from __future__ import annotations

import datetime as dt

from conformance.harness import requirement
from conformance.standards.uwlr.codec import LG


def _nu() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@requirement("UWLR-LOG-01")
def test_zonder_laatstontvangengegevens_altijd_gegevens(antwoorden, evidence):
    """Without laatstontvangengegevens the LAS sends the data, never geenwijzigingen or geengegevens."""
    answer = antwoorden.get(evidence).answer()
    assert answer.has_data, f"Received: {answer.uitzondering}\nExpected: leerlinggegevens for the test school"


@requirement("UWLR-LOG-02")
def test_moment_voor_laatste_wijziging_geeft_gegevens(uwlr, evidence):
    """A laatstontvangengegevens long before the last change gets the data, not geenwijzigingen."""
    lang_geleden = "2000-01-01T00:00:00Z"
    answer = uwlr.send("HaalLeerlinggegevens",
                         uwlr.verzoek("HaalLeerlinggegevens", laatstontvangengegevens=lang_geleden),
                         label=f"HaalLeerlinggegevens since {lang_geleden}").answer()
    assert answer.has_data, (f"Received: {answer.uitzondering} for laatstontvangengegevens {lang_geleden}\n"
                               "Expected: the data, since the school's data changed after that moment")


@requirement("UWLR-LOG-03")
def test_niets_gewijzigd_geeft_geenwijzigingen(uwlr, evidence):
    """A laatstontvangengegevens of now gets geenwijzigingen."""
    nu = _nu().isoformat().replace("+00:00", "Z")
    answer = uwlr.send("HaalLeerlinggegevens", uwlr.verzoek("HaalLeerlinggegevens", laatstontvangengegevens=nu),
                         label=f"HaalLeerlinggegevens since {nu}").answer()
    assert answer.uitzondering == "geenwijzigingen", \
        f"Received: {answer.uitzondering or 'the full data'}\nExpected: geenwijzigingen (nothing changed since {nu})"


@requirement("UWLR-LOG-04")
def test_onbekend_schooljaar_geeft_geengegevens(uwlr, evidence):
    """A well-formed schooljaar without data gets geengegevens (or Client.AutorisatieOngeldig)."""
    uitwisseling = uwlr.send("HaalLeerlinggegevens", uwlr.verzoek("HaalLeerlinggegevens", schooljaar="1999-2000"),
                             label="HaalLeerlinggegevens for 1999-2000")
    soap = uitwisseling.soap
    if not isinstance(soap, str) and soap.fault is not None:
        uitwisseling.expect_fault("Client.AutorisatieOngeldig")
        return
    answer = uitwisseling.answer()
    if answer.has_data:
        jaar = answer.element.findtext(f"*/{{{LG}}}school/{{{LG}}}schooljaar")
        raise AssertionError(f"Received: data for schooljaar {jaar}\nExpected: geengegevens for 1999-2000")
    assert answer.uitzondering == "geengegevens", f"Received: {answer.uitzondering}\nExpected: geengegevens"
