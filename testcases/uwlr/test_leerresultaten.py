"""BrengLeerresultaten: results with their test definitions are confirmed; wrong ones get the right fault."""

from __future__ import annotations

import datetime as dt

from conformance.harness import cant_tell, prerequisite, requirement
from conformance.standards.uwlr.codec import Toetsresultaat, leerresultaten_verzoek

OPERATION = "BrengLeerresultaten"


def _results_request(uwlr, leerlingen, *, toetscodes=("REK-M7",), xsdversie=None,  # type: ignore[no-untyped-def]
                     brincode=None):
    td = uwlr.settings.testdata
    resultaten = [Toetsresultaat(leerlingid=key, toetscode="REK-M7", score=40 + i, afnamedatum=dt.date(2026, 11, 2))
                  for i, key in enumerate(leerlingen)]
    return leerresultaten_verzoek(schooljaar=td.schooljaar, brincode=brincode or td.brincode,
                                  dependancecode=td.dependancecode, xsdversie=xsdversie or uwlr.settings.versie,
                                  resultaten=resultaten, toetscodes=toetscodes,
                                  aanmaakdatum=dt.datetime.now(dt.timezone.utc).replace(microsecond=0))


def _known_pupil_keys(answers, capabilities, evidence):  # type: ignore[no-untyped-def]
    capabilities.require(OPERATION, "HaalLeerlinggegevens")
    keys = [k for k, el in answers.get(evidence).answer().leerlingen.items() if el.get("key")]
    if not keys:
        cant_tell("the alles-in-één answer names no pupil keys to send results for")
    return keys[:3]


@requirement("UWLR-LR-01")
@prerequisite("UWLR-LOG-01")
def test_geldige_resultaten_worden_bevestigd(uwlr, answers, capabilities, evidence):
    """Valid results with their toets definitions get an empty leerresultaten_bevestiging."""
    leerlingen = _known_pupil_keys(answers, capabilities, evidence)
    body = uwlr.send(OPERATION, _results_request(uwlr, leerlingen), label="BrengLeerresultaten, 3 results") \
        .body()
    assert body.tag == "{http://www.edustandaard.nl/leerresultaten/2/leerresultaten}leerresultaten_bevestiging", \
        f"Received: {body.tag}\nExpected: lr:leerresultaten_bevestiging"
    assert len(body) == 0 and not (body.text or "").strip(), "the bevestiging must be empty"


@requirement("UWLR-LR-02")
def test_onbekende_leerling_geeft_leerling_ongeldig(uwlr, capabilities, evidence):
    """A result for a pupil the school does not know gets Client.LeerlingOngeldig."""
    capabilities.require(OPERATION)
    uwlr.send(OPERATION, _results_request(uwlr, ["LEERLING-BESTAAT-NIET"]), label="result for an unknown pupil") \
        .expect_fault("Client.LeerlingOngeldig")


@requirement("UWLR-LR-03")
@prerequisite("UWLR-LOG-01")
def test_onbekende_toetscode_geeft_ongeldig_bericht(uwlr, answers, capabilities, evidence):
    """A result whose toetscode has no toets definition in the message gets Client.OngeldigBericht."""
    leerlingen = _known_pupil_keys(answers, capabilities, evidence)
    uwlr.send(OPERATION, _results_request(uwlr, leerlingen, toetscodes=("TAAL-E6",)),
              label="result without its toets definition").expect_fault("Client.OngeldigBericht")


@requirement("UWLR-LR-04")
def test_resultaten_met_foute_sleutel(uwlr, capabilities, evidence):
    """BrengLeerresultaten with a wrong autorisatiesleutel gets Client.AutorisatieOngeldig."""
    capabilities.require(OPERATION)
    uwlr.send(OPERATION, _results_request(uwlr, ["x"]), header=uwlr.header(autorisatiesleutel="ongeldig"),
              label="results with a wrong key").expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-LR-05")
@prerequisite("UWLR-LOG-01")
def test_resultaten_met_foute_xsdversie(uwlr, answers, capabilities, evidence):
    """BrengLeerresultaten with xsdversie 9.9 gets Client.XsdVersieOngeldig."""
    leerlingen = _known_pupil_keys(answers, capabilities, evidence)
    uwlr.send(OPERATION, _results_request(uwlr, leerlingen, xsdversie="9.9"), label="results with xsdversie 9.9") \
        .expect_fault("Client.XsdVersieOngeldig")
