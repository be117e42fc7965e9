"""The clean reference catalogue passes every scenario test in both profiles of its ReadCatalog face; each named
defect fails exactly its requirements with the face in 2W-be-S, where the signature requirements apply too.

The reference serves a small catalogue here (500 products) for speed; the demo serves 20,000.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.harness._runner import RunOutcome, demo_config, run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.standards import get_standard
from conformance.standards.catalogus.reference_server import start_reference

CATALOGUS = get_standard("catalogus")
SIZE = 500


def _run(state_dir: Path, tmp: Path, defects: list[str], **options) -> RunOutcome:
    running = start_reference(state_dir, defects, size=SIZE, **options)
    try:
        config = demo_config({"catalogus": running}, tmp / "candidate.toml")
        return run_suite(config, output_dir=tmp / "out", standards=["catalogus"], mode="demo", defects=defects,
                         quiet=True)
    finally:
        running.stop()


@pytest.fixture(scope="module", params=["2W-be", "2W-be-S"])
def clean_run(request: pytest.FixtureRequest, state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return _run(state_dir, tmp_path_factory.mktemp("clean"), [], profiel=request.param)


def test_clean_reference_passes_every_test(clean_run, request):
    """In 2W-be only the signature tests are inapplicable (three: one is parametrised); in 2W-be-S all pass."""
    run = clean_run.result
    assert run is not None, f"no result (pytest exit {clean_run.pytest_exit})"
    signing = request.node.callspec.params["clean_run"] == "2W-be-S"
    not_passed = [(t.id, t.outcome.value, t.message[:300]) for t in run.tests if t.outcome is not Outcome.PASSED]
    if not signing:
        assert sorted(t for t, outcome, _ in not_passed if outcome == "inapplicable" and "signatures" in t) \
            == sorted(t.id for t in run.tests if "signatures" in t.id) and len(not_passed) == 3
        not_passed = [x for x in not_passed if "signatures" not in x[0]]
    assert not_passed == []
    assert run.verdict is Verdict.CONFORMANT and clean_run.exit_code == 0


def test_every_must_requirement_is_tested_or_says_why_not(clean_run):
    run = clean_run.result
    uncovered = [r.requirement.id for r in run.requirements
                 if r.requirement.level == "MUST" and not r.tests and not r.requirement.not_tested_reason]
    assert uncovered == []


def test_a_harvest_keeps_only_a_few_pages_as_evidence(clean_run):
    run = clean_run.result
    harvest_test = next(t for t in run.tests if "sru_harvest_returns" in t.id)
    assert 1 <= len(harvest_test.exchanges) <= 5


@pytest.mark.parametrize("defect", [d.name for d in CATALOGUS.defects])
def test_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    outcome = _run(state_dir, tmp_path, [defect], profiel="2W-be-S")
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    errors = [(t.id, t.message[:200]) for t in run.tests if t.outcome in (Outcome.ERROR, Outcome.CANT_TELL)]
    assert errors == []
    assert set(run.failed_requirements()) == set(CATALOGUS.defect(defect).breaks)
    assert run.verdict is Verdict.NOT_CONFORMANT and outcome.exit_code == 1
    failing = next(t for t in run.tests if t.outcome is Outcome.FAILED)
    assert failing.message and failing.exchanges, "a failure shows its message and evidence"


@pytest.mark.parametrize("served, declared", [(1, 0), (0, 1)])
def test_a_first_entry_base_other_than_declared_fails_the_base_test(served, declared, state_dir, tmp_path):
    """The base is UNCONFIRMED, so it is a setting; a service of the other base is caught, with a hint."""
    running = start_reference(state_dir, [], size=SIZE, first_entry_base=served)
    try:
        config = dict(running.config, first_entry_base=declared)
        path = demo_config({"catalogus": running}, tmp_path / "candidate.toml")
        text = path.read_text(encoding="utf-8").replace(f"first_entry_base = {served}", f"first_entry_base = {declared}")
        path.write_text(text, encoding="utf-8")
        assert config["first_entry_base"] == declared
        outcome = run_suite(path, output_dir=tmp_path / "out", standards=["catalogus"], mode="demo", quiet=True)
    finally:
        running.stop()
    run = outcome.result
    assert run is not None
    base_test = next(t for t in run.tests if "first_entry_base" in t.id)
    assert base_test.outcome is Outcome.FAILED and "based" in base_test.message
