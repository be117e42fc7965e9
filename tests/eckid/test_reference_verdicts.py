"""The clean reference NV passes every scenario test, in 2W-be (the demo) and 2W-be-S; each named defect fails
exactly its requirements (the signing defects with the reference in 2W-be-S, where they show)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.harness._runner import RunOutcome, demo_config, run_demo, run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.standards import get_standard
from conformance.standards.eckid.reference_server import DEMO_HPGNS, start_reference

ECKID = get_standard("eckid")

#: Defects that only show when the NV signs (2W-be-S); the demo speaks the NV's published 2W-be.
SIGNING_DEFECTS = ("unsigned-answers", "does-not-verify-signatures")
SIGNATURE_TESTS = ("eckid-ondertekening-answers_are_signed_by_the_nv",
                   "eckid-ondertekening-badly_signed_request_gets_a_fault[niet-ondertekend]",
                   "eckid-ondertekening-badly_signed_request_gets_a_fault[gewijzigd]")


def _demo_run(tmp: Path, defects: list[str]) -> RunOutcome:
    return run_demo(["eckid"], output_dir=tmp / "out", defects=defects, config_path=tmp / "candidate.toml",
                    quiet=True)


def _signed_run(state_dir: Path, tmp: Path, defects: list[str]) -> RunOutcome:
    """The NV's scenario tests against the reference NV in 2W-be-S (without the LAS, whose tests are then
    inapplicable)."""
    reference = start_reference(state_dir, defects, profiel="2W-be-S")
    try:
        config = demo_config({"eckid": reference}, tmp / "candidate.toml")
        return run_suite(config, output_dir=None, standards=["eckid"], mode="demo", defects=defects, quiet=True)
    finally:
        reference.stop()


@pytest.fixture(scope="module")
def clean_run(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutcome, Path]:
    tmp = tmp_path_factory.mktemp("clean")
    return _demo_run(tmp, []), tmp / "out"


def test_clean_reference_passes_every_test(clean_run):
    outcome, _ = clean_run
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    not_passed = [(t.id, t.outcome.value, t.message[:300]) for t in run.tests
                  if t.outcome is not Outcome.PASSED and t.id not in SIGNATURE_TESTS]
    assert not_passed == []
    assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    assert len(run.tests) >= 30


def test_signature_tests_are_inapplicable_in_2w_be(clean_run):
    verdicts = {t.id: t.outcome for t in clean_run[0].result.tests}
    assert {verdicts[test_id] for test_id in SIGNATURE_TESTS} == {Outcome.INAPPLICABLE}


@pytest.fixture(scope="module")
def signed_run(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return _signed_run(state_dir, tmp_path_factory.mktemp("signed"), [])


def test_clean_reference_passes_every_test_in_2w_be_s(signed_run):
    run = signed_run.result
    assert run is not None, f"no result (pytest exit {signed_run.pytest_exit})"
    not_passed = [(t.id, t.outcome.value, t.message[:300]) for t in run.tests
                  if t.outcome not in (Outcome.PASSED, Outcome.INAPPLICABLE) or t.id in SIGNATURE_TESTS
                  and t.outcome is not Outcome.PASSED]
    assert not_passed == []
    assert {t.id.split("-")[1] for t in run.tests if t.outcome is Outcome.INAPPLICABLE} <= {"las"}
    assert run.verdict is Verdict.CONFORMANT and signed_run.exit_code == 0


def test_every_nv_requirement_is_tested_or_says_why_not(clean_run):
    run = clean_run[0].result
    uncovered = [r.requirement.id for r in run.requirements
                 if r.requirement.id.startswith("ECKID-NV-") and not r.tests and not r.requirement.not_tested_reason]
    assert uncovered == []


def test_outputs_hold_no_hpgns_or_full_pseudonyms(clean_run):
    """hPGNs are hidden and issued stampseudoniemen/ECK iDs keep only their last 6 characters in every output."""
    _outcome, out = clean_run
    text = "\n".join(path.read_text(encoding="utf-8") for path in out.iterdir()
                     if path.is_file() and path.suffix in (".json", ".html", ".xml", ".txt", ".jsonld"))
    assert text
    assert [h[:8] for h in DEMO_HPGNS if h in text] == []
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "conformant"
    for prefix in ("https://ketenid.nl/pilot/", "https://ketenid.nl/sppilot/"):
        start = text.find(prefix)
        while start != -1:
            tail = text[start + len(prefix):start + len(prefix) + 20]
            assert not all(c in "0123456789abcdef" for c in tail), f"a full value after {prefix} leaked"
            start = text.find(prefix, start + 1)


@pytest.mark.parametrize("defect", [d.name for d in ECKID.defects])
def test_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    outcome = _signed_run(state_dir, tmp_path, [defect]) if defect in SIGNING_DEFECTS else _demo_run(tmp_path, [defect])
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    failed = set(run.failed_requirements())
    errors = [(t.id, t.message[:200]) for t in run.tests if t.outcome in (Outcome.ERROR, Outcome.CANT_TELL)]
    assert errors == []
    assert failed == set(ECKID.defect(defect).breaks)
    assert run.verdict is Verdict.NOT_CONFORMANT and outcome.exit_code == 1
    failing_test = next(t for t in run.tests if t.outcome is Outcome.FAILED)
    assert failing_test.message and failing_test.exchanges, "a failure shows its message and evidence"
