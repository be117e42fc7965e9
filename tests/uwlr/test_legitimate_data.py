"""A LAS in use sends data the suite must not raise alarms on: production ECK iDs, no teacher roles (rol is
optional), one school only (no school outside the key to name) and no schooljaar in the configuration."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.outcomes import Outcome, Verdict, is_not_exercised
from conformance.report import render_html
from conformance.standards.uwlr import settings
from conformance.standards.uwlr.reference import demo_data
from conformance.standards.uwlr.reference_server import start_reference
from tests.reference_verdicts import reference_run


@pytest.fixture(scope="module")
def legitimate_run(state_dir, tmp_path_factory):  # type: ignore[no-untyped-def]
    pupil_data = demo_data(eckid_omgeving="productie", leerkrachtrollen=False)
    school = pupil_data.school
    tmp = tmp_path_factory.mktemp("legitimate")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "current_schooljaar", lambda: school.schooljaar)  # the demo school's year, any day
        outcome = reference_run("uwlr", start_reference(state_dir, pupil_data=pupil_data), tmp, declared={
            "eckid_omgeving": "productie",
            "testdata": {"brincode": school.brincode, "schoolkey": school.schoolkey},
        })
    return outcome, tmp / "out"


def test_production_eckids_and_no_teacher_roles_are_conformant(legitimate_run):
    outcome, _ = legitimate_run
    run = outcome.result
    assert run is not None
    assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    assert [t.id for t in run.tests if t.outcome in (Outcome.FAILED, Outcome.ERROR, Outcome.CANT_TELL)] == []
    assert next(r for r in run.requirements if r.requirement.id == "UWLR-ID-05").outcome is Outcome.PASSED


def test_rules_the_data_leaves_unexercised_are_inapplicable_with_the_reason(legitimate_run):
    run = legitimate_run[0].result
    unexercised = {r.requirement.id: r.reason for r in run.requirements if is_not_exercised(r.outcome, r.reason)}
    assert set(unexercised) == {"UWLR-VAL-03", "UWLR-FLT-06"}
    assert "no teacher roles" in unexercised["UWLR-VAL-03"]
    assert "niet_gedekte_brincode" in unexercised["UWLR-FLT-06"]
    others = [(r.requirement.id, r.outcome.value) for r in run.requirements
              if r.requirement.id not in unexercised and not r.requirement.attested and r.outcome is not Outcome.PASSED
              and not r.requirement.id.startswith("UWLR-EA-")]  # the client side: no [uwlr.ea] in this run
    assert others == []


def test_the_report_lists_unexercised_rules_for_the_auditor(legitimate_run):
    data = json.loads((legitimate_run[1] / "results.json").read_text(encoding="utf-8"))
    html = render_html({**data, "mode": "official"})
    section = html.split('id="not-exercised"', 1)[1].split("</table>", 1)[0]
    assert "UWLR-VAL-03" in section and "UWLR-FLT-06" in section and "UWLR-ID-05" not in section
    assert "richer test data" in section


@pytest.mark.parametrize(("today", "year"), [(dt.date(2027, 7, 31), "2026-2027"), (dt.date(2027, 8, 1), "2027-2028"),
                                             (dt.date(2027, 1, 15), "2026-2027")])
def test_the_schooljaar_left_out_is_the_one_running(today, year):
    """A Dutch school year runs from 1 August to 31 July."""
    assert settings.current_schooljaar(today) == year


def _table(**testdata):  # type: ignore[no-untyped-def]
    return {"versies": ["2.2"], "operaties": ["HaalLeerlinggegevens"],
            "endpoints": {"leerlinggegevens": "https://127.0.0.1:8443/uwlr"},
            "autorisatie": {"klantnaam": "EA", "klantcode": "EA-1", "autorisatiesleutel": "sleutel-123"},
            "testdata": {"brincode": "99XA", **testdata}}


def test_the_testdata_asks_only_for_what_the_suite_cannot_derive(tmp_path):
    minimal = settings.read_settings(Section(_table(), "uwlr", tmp_path))
    assert minimal.eckid_omgeving == "productie"
    assert minimal.testdata.niet_gedekte_brincode is None
    assert minimal.testdata.schooljaar == settings.current_schooljaar()
    assert minimal.testdata.dependancecode == "00"
    with pytest.raises(ConfigError, match="uwlr.testdata.schooljaar: must be a school year"):
        settings.read_settings(Section(_table(schooljaar="2026/2027"), "uwlr", tmp_path))
    with pytest.raises(ConfigError, match="uwlr.testdata.niet_gedekte_brincode: must be a BRIN code"):
        settings.read_settings(Section(_table(niet_gedekte_brincode="99"), "uwlr", tmp_path))


def test_a_las_without_eckids_leaves_the_eckid_rules_not_exercised(state_dir, tmp_path):
    """@eckid is optional: a LAS that sends none is conformant, and the ECK iD rules say they were not exercised."""
    pupil_data = demo_data()
    school = pupil_data.school
    school = dataclasses.replace(school, leerlingen=tuple(dataclasses.replace(ll, eckid=None) for ll in school.leerlingen),
                                 leerkrachten=tuple(dataclasses.replace(lk, eckid=None) for lk in school.leerkrachten))
    outcome = reference_run("uwlr", start_reference(state_dir, pupil_data=dataclasses.replace(pupil_data, school=school)),
                            tmp_path, outputs=False)
    run = outcome.result
    assert run is not None and run.verdict is Verdict.CONFORMANT, [
        (t.id, t.outcome.value, t.message[:200]) for t in (run.tests if run else []) if t.outcome is not Outcome.PASSED]
    unexercised = {r.requirement.id for r in run.requirements if is_not_exercised(r.outcome, r.reason)}
    assert unexercised == {"UWLR-ID-04", "UWLR-ID-05", "UWLR-ID-06"}
