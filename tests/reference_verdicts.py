"""The proof each standard gives in its own tests: its clean reference passes every scenario test, and each named
defect fails exactly the requirements it `breaks`, with a message and evidence, and nothing ends in error.

Each `tests/<standard>/test_reference_verdicts.py` calls these, so the rule is written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from conformance.harness import RunResult
from conformance.harness._runner import RunOutcome, run_demo
from conformance.outcomes import Outcome, Verdict
from conformance.standards import get_standard

__all__ = ["assert_clean", "assert_fails_exactly", "demo_run"]


def demo_run(standard: str, tmp: Path, defects: Iterable[str] = ()) -> RunOutcome:
    """The standard's reference (with `defects`) under its own scenario tests; outputs in `tmp/out`."""
    return run_demo([standard], output_dir=tmp / "out", defects=list(defects), config_path=tmp / "candidate.toml",
                    quiet=True)


def _result(outcome: RunOutcome) -> RunResult:
    assert outcome.result is not None, f"no result (pytest exit {outcome.pytest_exit})"
    return outcome.result


def assert_clean(outcome: RunOutcome, *, at_least: int) -> RunResult:
    """Every test passed (at least `at_least` of them) and the run is conformant."""
    run = _result(outcome)
    not_passed = [(t.id, t.outcome.value, t.message[:300]) for t in run.tests if t.outcome is not Outcome.PASSED]
    assert not_passed == []
    assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    assert len(run.tests) >= at_least
    return run


def assert_fails_exactly(standard: str, defect: str, outcome: RunOutcome) -> RunResult:
    """The failed requirements are exactly the defect's `breaks`; no error or cantTell hides another result; the
    verdict follows the broken levels (a failed SHOULD is reported but does not fail the run)."""
    run = _result(outcome)
    errors = [(t.id, t.message[:200]) for t in run.tests if t.outcome in (Outcome.ERROR, Outcome.CANT_TELL)]
    assert errors == []
    plugin = get_standard(standard)
    breaks = set(plugin.defect(defect).breaks)
    assert set(run.failed_requirements()) == breaks
    must = {r.id for r in plugin.catalogue.requirements if r.level == "MUST"}
    if breaks & must:
        assert run.verdict is Verdict.NOT_CONFORMANT and outcome.exit_code == 1
    else:
        assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    failing = [t for t in run.tests if t.outcome is Outcome.FAILED]
    assert failing and all(t.message for t in failing), "a failure says what came back and what was expected"
    assert any(t.exchanges for t in failing), "a failure shows its evidence"
    return run
