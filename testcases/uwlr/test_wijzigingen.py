"""laatstontvangengegevens, geenwijzigingen and geengegevens."""

from __future__ import annotations

import datetime as dt

from conformance.harness import requirement
from conformance.standards.uwlr.codec import LG


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


@requirement("UWLR-LOG-01")
def test_zonder_laatstontvangengegevens_altijd_gegevens(answers, evidence):
    """Without laatstontvangengegevens the LAS sends the data, never geenwijzigingen or geengegevens."""
    answer = answers.get(evidence).answer()
    assert answer.has_data, f"Received: {answer.uitzondering}\nExpected: leerlinggegevens for the test school"


@requirement("UWLR-LOG-02")
def test_moment_voor_laatste_wijziging_geeft_gegevens(uwlr, evidence):
    """A laatstontvangengegevens long before the last change gets the data, not geenwijzigingen."""
    long_ago = "2000-01-01T00:00:00Z"
    answer = uwlr.send("HaalLeerlinggegevens",
                         uwlr.verzoek("HaalLeerlinggegevens", laatstontvangengegevens=long_ago),
                         label=f"HaalLeerlinggegevens since {long_ago}").answer()
    assert answer.has_data, (f"Received: {answer.uitzondering} for laatstontvangengegevens {long_ago}\n"
                               "Expected: the data, since the school's data changed after that moment")


@requirement("UWLR-LOG-03")
def test_niets_gewijzigd_geeft_geenwijzigingen(uwlr, evidence):
    """A laatstontvangengegevens of now gets geenwijzigingen."""
    now = _now().isoformat().replace("+00:00", "Z")
    answer = uwlr.send("HaalLeerlinggegevens", uwlr.verzoek("HaalLeerlinggegevens", laatstontvangengegevens=now),
                         label=f"HaalLeerlinggegevens since {now}").answer()
    assert answer.uitzondering == "geenwijzigingen", \
        f"Received: {answer.uitzondering or 'the full data'}\nExpected: geenwijzigingen (nothing changed since {now})"


@requirement("UWLR-LOG-04")
def test_onbekend_schooljaar_geeft_geengegevens(uwlr, evidence):
    """A well-formed schooljaar without data gets geengegevens (or Client.AutorisatieOngeldig)."""
    uwlr_exchange = uwlr.send("HaalLeerlinggegevens", uwlr.verzoek("HaalLeerlinggegevens", schooljaar="1999-2000"),
                              label="HaalLeerlinggegevens for 1999-2000")
    soap = uwlr_exchange.soap
    if not isinstance(soap, str) and soap.fault is not None:
        uwlr_exchange.expect_fault("Client.AutorisatieOngeldig")
        return
    answer = uwlr_exchange.answer()
    if answer.has_data:
        year = answer.element.findtext(f"*/{{{LG}}}school/{{{LG}}}schooljaar")
        raise AssertionError(f"Received: data for schooljaar {year}\nExpected: geengegevens for 1999-2000")
    assert answer.uitzondering == "geengegevens", f"Received: {answer.uitzondering}\nExpected: geengegevens"
