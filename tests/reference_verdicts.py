"""The proof each standard gives in its own tests: its clean reference passes every scenario test, and each named
defect fails exactly the requirements it `breaks`, with a message and evidence; every other outcome that is not a
pass names its cause (a test whose `@prerequisite` failed is "not judged: <REQ> failed first"), and nothing ends in
error. One run per defect proves both, so the rule holds for every defect of every standard at no extra cost.

Each `tests/<standard>/test_reference_verdicts.py` calls these, so the rule is written once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import tomli_w

from conformance.harness import RunOutcome, RunResult, TestResult, demo_config, run_demo, run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.standards import RunningReference, get_standard

__all__ = ["assert_clean", "assert_client_defect", "assert_client_only", "assert_fails_exactly", "assert_never_called",
           "client_run", "demo_run", "reference_run"]


def demo_run(standard: str, tmp: Path, defects: Iterable[str] = (), *, beside: Iterable[str] = (),
             outputs: bool = True) -> RunOutcome:
    """The standard's reference (with `defects`) under its own scenario tests; outputs in `tmp/out` unless
    `outputs` is off (a defect's proof reads only the run's result, and writing the report is a fifth of a run).
    The references of the standards `beside` it run too (as in the full demo), but only the standard's own tests
    do."""
    also = list(beside)
    return run_demo([standard, *also], output_dir=tmp / "out" if outputs else None, defects=list(defects),
                    config_path=tmp / "candidate.toml", quiet=True, select=[f"{standard}-"] if also else None)


def reference_run(standard: str, reference: RunningReference, tmp: Path, defects: Iterable[str] = (), *,
                  outputs: bool = True, select: Iterable[str] = (),
                  declared: Mapping[str, object] | None = None) -> RunOutcome:
    """The standard's scenario tests (those matching `select`, or all) against a reference the caller started with
    options the demo does not use (another profile, a smaller catalogue); it is stopped afterwards. The candidate
    table is the reference's own, with the values in `declared` instead (a candidate that declares what it does not
    serve). Outputs in `tmp/out` unless `outputs` is off."""
    try:
        config = demo_config({standard: reference}, tmp / "candidate.toml")
        if declared:
            tables = tomllib.loads(config.read_text(encoding="utf-8"))
            tables[standard].update(declared)
            config.write_text(tomli_w.dumps(tables), encoding="utf-8")
        return run_suite(config, output_dir=tmp / "out" if outputs else None, standards=[standard], mode="demo",
                         defects=list(defects), quiet=True, select=list(select))
    finally:
        reference.stop()


def _result(outcome: RunOutcome) -> RunResult:
    assert outcome.result is not None, f"no result (pytest exit {outcome.pytest_exit})"
    return outcome.result


def assert_clean(outcome: RunOutcome, *, at_least: int,
                 inapplicable: Callable[[str], bool] = lambda test_id: False) -> RunResult:
    """Every test passed (at least `at_least` of them) and the run is conformant; the tests `inapplicable` picks
    (by id: a capability this candidate does not declare, e.g. signatures in 2W-be) ended inapplicable instead."""
    run = _result(outcome)
    not_passed = [(t.id, t.outcome.value, t.message[:300]) for t in run.tests
                  if t.outcome is not (Outcome.INAPPLICABLE if inapplicable(t.id) else Outcome.PASSED)]
    assert not_passed == []
    assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    assert len(run.tests) >= at_least
    return run


def assert_fails_exactly(standard: str, defect: str, outcome: RunOutcome) -> RunResult:
    """The failed requirements are exactly the defect's `breaks`; every other test that did not pass names its
    cause (a test not judged names failed requirements of this run, an inapplicable one its reason), and none ends
    in error; the verdict follows the broken levels (a failed SHOULD is reported but does not fail the run)."""
    run = _result(outcome)
    plugin = get_standard(standard)
    breaks = set(plugin.defect(defect).breaks)
    assert set(run.failed_requirements()) == breaks
    unexplained = [(t.id, t.outcome.value, t.message[:200]) for t in run.tests
                   if t.outcome is Outcome.ERROR
                   or (t.outcome is Outcome.CANT_TELL and not _names_its_cause(t, breaks))
                   or (t.outcome is Outcome.INAPPLICABLE and not t.message)]
    assert unexplained == []
    must = {r.id for r in plugin.catalogue.requirements if r.level == "MUST"}
    if breaks & must:
        assert run.verdict is Verdict.NOT_CONFORMANT and outcome.exit_code == 1
    else:
        assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    failing = [t for t in run.tests if t.outcome is Outcome.FAILED]
    assert failing and all(t.message for t in failing), "a failure says what came back and what was expected"
    assert any(t.exchanges for t in failing), "a failure shows its evidence"
    return run


def _names_its_cause(test: TestResult, failed: set[str]) -> bool:
    """A cantTell is allowed only as "not judged" behind requirements that did fail, said in its first line."""
    return bool(test.caused_by) and set(test.caused_by) <= failed \
        and test.message.startswith(f"not judged: {', '.join(test.caused_by)} failed first")


def client_run(standard: str, running: RunningReference, client_table: str, tmp: Path, defects: Iterable[str], *,
               silent: bool = False, client_only: bool = False, outputs: bool = True) -> RunOutcome:
    """The judged-client tests (`<standard>-<client_table>-`) against a reference whose reference client waits for
    the judging server; it is stopped afterwards. With `silent` the client never calls (the judge waits one second,
    then cannot tell). With `client_only` the candidate's table holds only the client's sub-table, as a client
    vendor writes it, and every test runs (the server side's are then inapplicable). Outputs in `tmp/out` unless
    `outputs` is off."""
    try:
        if silent:
            running.client.stop()
            running.client_config["wachttijd"] = 1
        config = demo_config({standard: running}, tmp / "candidate.toml")
        if client_only:
            tables = tomllib.loads(config.read_text(encoding="utf-8"))
            tables[standard] = {client_table: tables[standard][client_table]}
            config.write_text(tomli_w.dumps(tables), encoding="utf-8")
        return run_suite(config, output_dir=tmp / "out" if outputs else None, standards=[standard], mode="demo",
                         defects=list(defects), quiet=True, select=[] if client_only else [f"{standard}-{client_table}-"])
    finally:
        running.stop()


def assert_every_client_test_passed(outcome: RunOutcome, client_prefix: str, client_tests: Iterable[str]
                                    ) -> RunResult:
    """The reference client passes every one of its tests (ids `client_prefix` + `client_tests`), each verdict
    showing the calls it judged."""
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    assert sorted(t.id.removeprefix(client_prefix) for t in run.tests) == sorted(client_tests)
    assert [(t.id, t.outcome.value, t.message[:200]) for t in run.tests if t.outcome is not Outcome.PASSED] == []
    assert all(t.exchanges for t in run.tests), "every verdict shows the calls it judged"
    return run


def assert_client_defect(outcome: RunOutcome, breaks: Iterable[str], *, must: bool) -> RunResult:
    """A client defect fails exactly `breaks`, each failure with its message and the calls, nothing undecided; the
    verdict follows whether a MUST is among them."""
    run = _result(outcome)
    not_decided = [(t.id, t.outcome.value, t.message[:200]) for t in run.tests
                   if t.outcome in (Outcome.ERROR, Outcome.CANT_TELL)]
    assert not_decided == []
    failed = [t for t in run.tests if t.outcome is Outcome.FAILED]
    assert {r for t in failed for r in t.requirements} == set(breaks)
    assert all(t.message and t.exchanges for t in failed), "a failure shows its message and the calls"
    assert run.verdict is (Verdict.NOT_CONFORMANT if must else Verdict.CONFORMANT)
    return run


def assert_never_called(outcome: RunOutcome, *said: str) -> RunResult:
    """A client that never called is not passed: every test cannot tell, its message saying one of `said`, and the
    run is incomplete."""
    run = _result(outcome)
    assert {t.outcome for t in run.tests} == {Outcome.CANT_TELL}
    assert all(any(words in t.message for words in said) for t in run.tests), [t.message for t in run.tests]
    assert run.verdict is Verdict.INCOMPLETE
    return run


def assert_client_only(outcome: RunOutcome, client_prefix: str, client_tests: int, no_server: str) -> RunResult:
    """A client-only candidate: its `client_tests` tests (ids starting `client_prefix`) passed, the server side's
    ended inapplicable saying `no_server`, and the run is conformant."""
    run = _result(outcome)
    client = [t for t in run.tests if t.id.startswith(client_prefix)]
    server = [t for t in run.tests if not t.id.startswith(client_prefix)]
    assert len(client) == client_tests and {t.outcome for t in client} == {Outcome.PASSED}
    assert server and {t.outcome for t in server} == {Outcome.INAPPLICABLE}
    assert all(no_server in t.message for t in server)
    assert run.verdict is Verdict.CONFORMANT and outcome.exit_code == 0
    return run
