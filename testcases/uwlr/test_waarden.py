"""Value lists and date types of the EDEXML fields, and the school the answer is about."""

from __future__ import annotations

from conformance.harness import not_exercised, requirement
from conformance.standards.uwlr import checks
from conformance.standards.uwlr.checks import require
from conformance.standards.uwlr.codec import LG


@requirement("UWLR-VAL-01")
def test_geslacht_uit_de_waardelijst(answers, evidence):
    """geslacht takes only 0, 1, 2 or 9 (judged on the LVS-set answer, where it is mandatory)."""
    answer = answers.get(evidence, profiel="lvs-set").answer()
    require(checks.geslacht_waardelijst, answer, answers.context(profiel="lvs-set"))


@requirement("UWLR-VAL-02")
def test_jaargroep_uit_de_waardelijst(answers, evidence):
    """Every jaargroep, of groups and of pupils, is in the EDEX list."""
    require(checks.jaargroep_waardelijst, answers.get(evidence).answer(), answers.context())


@requirement("UWLR-VAL-03")
def test_leerkrachtrol_uit_de_waardelijst(answers, evidence):
    """Every teacher rol is in the EDEX list (rol is optional: an answer without any leaves the rule unexercised)."""
    answer = answers.get(evidence).answer()
    if not any(True for _ in answer.element.iter(f"{{{LG}}}rol")):
        not_exercised("the answer holds no teacher roles (rol is optional)")
    require(checks.leerkrachtrol_waardelijst, answer, answers.context())


@requirement("UWLR-VAL-04")
def test_datumvelden_zijn_xs_date(answers, evidence):
    """geboortedatum and the other calendar days are xs:date (judged on the LVS-set answer)."""
    answer = answers.get(evidence, profiel="lvs-set").answer()
    require(checks.datumvelden_zijn_date, answer, answers.context(profiel="lvs-set"))


@requirement("UWLR-VAL-05")
def test_tijdstipvelden_zijn_xs_datetime(answers, evidence):
    """aanmaakdatum and mutatiedatum are xs:dateTime (both optional outside the LVS-set: judged where present)."""
    answer = answers.get(evidence).answer()
    if not any(True for name in checks.DATETIME_FIELDS for _ in answer.element.iter(f"{{{LG}}}{name}")):
        not_exercised("the answer holds no aanmaakdatum or mutatiedatum (both optional)")
    require(checks.tijdstipvelden_zijn_datetime, answer, answers.context())


@requirement("UWLR-VAL-06")
def test_antwoord_gaat_over_de_gevraagde_school(answers, uwlr_settings, evidence):
    """The school block names the brincode, dependancecode and schooljaar that were asked for."""
    answer = answers.get(evidence).answer()
    school = answer.element.find(f"*/{{{LG}}}school")
    assert school is not None, "the answer has no school block"
    td = uwlr_settings.testdata
    found = {name: school.findtext(f"{{{LG}}}{name}") for name in ("brincode", "dependancecode", "schooljaar")}
    expected = {"brincode": td.brincode, "dependancecode": td.dependancecode, "schooljaar": td.schooljaar}
    if found["dependancecode"] is None:
        found["dependancecode"] = "00"  # absent means the same as 00
    assert found == expected, f"Received: {found}\nExpected: {expected}"


@requirement("UWLR-VAL-06")
def test_schoolkey_wijst_dezelfde_school_aan(uwlr, uwlr_settings, answers, evidence):
    """A request by the candidate's schoolkey gets the same school and pupils as one by BRIN."""
    td = uwlr_settings.testdata
    if not td.schoolkey or not td.brincode:
        not_exercised("the candidate names its test school by only one of brincode and schoolkey")
    via_brin = answers.get(evidence).answer()
    via_key = uwlr.send("HaalLeerlinggegevens", uwlr.verzoek("HaalLeerlinggegevens", schoolkey=td.schoolkey),
                        label="HaalLeerlinggegevens by schoolkey").answer()
    assert set(via_key.leerlingen) == set(via_brin.leerlingen), \
        f"Received: {len(via_key.leerlingen)} pupils by schoolkey\nExpected: the {len(via_brin.leerlingen)} pupils by BRIN"
