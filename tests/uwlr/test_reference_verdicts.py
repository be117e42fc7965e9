"""The clean reference LAS passes every scenario test; each named defect fails exactly its requirements."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from conformance.harness._runner import RunOutcome, run_demo
from conformance.outcomes import Outcome, Verdict
from conformance.report._bundle import write_bundle
from conformance.standards import get_standard
from conformance.standards.uwlr.reference import demo_gegevens

UWLR = get_standard("uwlr")


def _demo_run(tmp: Path, defects: list[str]) -> RunOutcome:
    return run_demo(["uwlr"], output_dir=tmp / "out", defects=defects, config_path=tmp / "candidate.toml",
                    quiet=True)


@pytest.fixture(scope="module")
def clean_run(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutcome, Path]:
    tmp = tmp_path_factory.mktemp("clean")
    return _demo_run(tmp, []), tmp / "out"


def test_clean_reference_passes_every_test(clean_run):
    outcome, _ = clean_run
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    not_passed = [(t.id, t.outcome.value, t.message[:300]) for t in run.tests if t.outcome is not Outcome.PASSED]
    assert not_passed == []
    assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    assert len(run.tests) >= 40


def test_every_must_requirement_is_tested_or_says_why_not(clean_run):
    run = clean_run[0].result
    uncovered = [r.requirement.id for r in run.requirements
                 if r.requirement.level == "MUST" and not r.tests and not r.requirement.not_tested_reason]
    assert uncovered == []


def test_outputs_are_written_and_agree(clean_run):
    outcome, out = clean_run
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "conformant" and data["suite"]["version"]
    assert {t["outcome"] for t in data["tests"]} == {"passed"}
    assert all({"id", "level", "outcome"} <= r.keys() for r in data["requirements"])
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "CONFORMANT" in html and "UWLR-FLT-07" in html
    junit = (out / "junit.xml").read_text(encoding="utf-8")
    assert f'tests="{len(data["tests"])}"' in junit and 'failures="0"' in junit


def test_outputs_hold_no_pupil_data_or_secrets(clean_run):
    """Every output of a demo run, the evidence bundle included, is searched for every personal value."""
    _, out = clean_run
    gegevens = demo_gegevens()
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    write_bundle(out, data, out / "evidence.zip", sign_key=None)
    texts = [path.read_text(encoding="utf-8") for path in out.iterdir() if path.suffix != ".zip"]
    with zipfile.ZipFile(out / "evidence.zip") as bundle:
        texts += [bundle.read(name).decode("utf-8") for name in bundle.namelist()]
    assert len(texts) >= 8
    text = "\n".join(texts)
    leaks = []
    for ll in (*gegevens.school.leerlingen, *gegevens.andere_school.leerlingen):
        for value in (ll.pgn, ll.geboortedatum.isoformat(), ll.eckid):
            if value and value in text:
                leaks.append(value[:12])
        if len(ll.achternaam) >= 5 and re.search(rf">{re.escape(ll.achternaam)}<", text):
            leaks.append(ll.achternaam)
    for lk in gegevens.school.leerkrachten:
        if lk.emailadres in text:
            leaks.append(lk.emailadres)
    for secret in (gegevens.autorisatiesleutel, gegevens.klantcode):
        if secret in text:
            leaks.append("secret")
    assert leaks == []


@pytest.mark.parametrize("defect", [d.name for d in UWLR.defects])
def test_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    outcome = _demo_run(tmp_path, [defect])
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    failed = set(run.failed_requirements())
    errors = [(t.id, t.message[:200]) for t in run.tests if t.outcome in (Outcome.ERROR, Outcome.CANT_TELL)]
    assert errors == []
    assert failed == set(UWLR.defect(defect).breaks)
    assert run.verdict is Verdict.NOT_CONFORMANT and outcome.exit_code == 1
    failing_test = next(t for t in run.tests if t.outcome is Outcome.FAILED)
    assert failing_test.message and failing_test.exchanges, "a failure shows its message and evidence"
