"""Turns pytest's reports into TestResults and, at the end of the session, a RunResult for the writers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Generator, Iterable
from pathlib import Path
from typing import Any

import pytest

import conformance
from conformance.config import CandidateConfig
from conformance.errors import Failure, HarnessError, TransportError
from conformance.harness._prerequisites import attribute_root_causes, find_cycle
from conformance.harness._provenance import provenance
from conformance.harness._results import (
    RunResult,
    TestResult,
    decide_verdict,
    fold_requirements,
)
from conformance.harness._verdicts import CantTell, Inapplicable
from conformance.harness._wire import Phase, PhaseReceiver, PhaseSender
from conformance.harness.markers import requirement_ids
from conformance.outcomes import Outcome
from conformance.paths import testcases_dir
from conformance.standards import all_standards
from conformance.transport import Exchange

__all__ = ["EVIDENCE_KEY", "ResultCollector", "classify", "record_phase"]

EVIDENCE_KEY = pytest.StashKey[list[Exchange]]()
_PHASE_RANK = {"setup": 0, "call": 1, "teardown": 2}


def classify(excinfo: pytest.ExceptionInfo[BaseException] | None, when: str) -> tuple[Outcome, str]:
    """Map how a test phase ended onto an EARL outcome and a message."""
    if excinfo is None:
        return Outcome.PASSED, ""
    exc = excinfo.value
    message = str(getattr(exc, "msg", None) or exc) or type(exc).__name__
    if isinstance(exc, Inapplicable):
        return Outcome.INAPPLICABLE, message
    if isinstance(exc, CantTell):
        return Outcome.CANT_TELL, message
    if isinstance(exc, pytest.skip.Exception):
        return Outcome.UNTESTED, message
    if isinstance(exc, TransportError):
        return Outcome.ERROR, f"candidate unreachable: {message}"
    if isinstance(exc, (Failure, AssertionError)) and when != "teardown":
        return Outcome.FAILED, message
    return Outcome.ERROR, f"harness error ({type(exc).__name__}): {message}"


def record_phase(result: TestResult, phase: Phase) -> None:
    """Fold one phase into the test's result: the call decides, setup may end it early, and a teardown error
    spoils a pass. One function for a serial run and for the phases workers carry back, so both judge alike."""
    result.duration_s += phase.duration_s
    result.exchanges.extend(phase.exchanges)
    if phase.when == "teardown":
        if phase.outcome is Outcome.ERROR and result.outcome is Outcome.PASSED:
            result.outcome, result.message = phase.outcome, f"teardown: {phase.message}"
    elif phase.when == "call" or phase.outcome is not Outcome.PASSED:
        result.outcome, result.message = phase.outcome, phase.message


def _exchanges_in(values: Iterable[Any]) -> Iterable[Exchange]:
    for value in values:
        if isinstance(value, Exchange):
            yield value
        elif isinstance(getattr(value, "exchange", None), Exchange):
            yield value.exchange
        elif isinstance(value, (list, tuple)):
            yield from _exchanges_in(value)


class ResultCollector:
    """Registered by the plugin when a candidate config is given; one per pytest session."""

    def __init__(self, candidate: CandidateConfig, *, on_finish: list[Callable[[RunResult], object]],
                 mode: str = "self-test", defects: list[str] | None = None, select: list[str] | None = None,
                 expected_failures: dict[str, str] | None = None, schema_pack: dict[str, Any] | None = None,
                 dual_validation: bool = False, on_worker: bool = False) -> None:
        self.candidate = candidate
        # on an xdist worker it collects and classifies alike, then hands each phase to the controller's collector
        self.sender = PhaseSender() if on_worker else None
        self.receiver = PhaseReceiver()
        self.schema_pack = schema_pack  # SchemaPack.describe() of the checked pack, recorded in provenance
        self.dual_validation = dual_validation  # which schema validators judged, recorded in provenance
        self.on_finish = on_finish
        self.mode = mode
        self.defects = defects or []
        self.select = select or []
        self.expected_failures = expected_failures or {}
        self.results: dict[str, TestResult] = {}
        self.harness_errors: list[str] = []
        self.started = dt.datetime.now(dt.timezone.utc).astimezone()
        self.run_result: RunResult | None = None

    # -- collection ------------------------------------------------------------------------
    def _standard_of(self, item: pytest.Item) -> str:
        path = Path(str(item.path)).resolve()
        base = testcases_dir().resolve()
        try:
            return path.relative_to(base).parts[0]
        except ValueError:
            return path.parent.name

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, session: pytest.Session, config: pytest.Config,
                                      items: list[pytest.Item]) -> None:
        standards = all_standards()
        known = {req.id for std in standards.values() for req in std.catalogue}
        edges: dict[str, set[str]] = {}
        for item in items:
            standard = self._standard_of(item)
            req_ids = requirement_ids(item)
            if not req_ids:
                raise pytest.UsageError(f"{item.nodeid} declares no @requirement")
            if standard in standards:
                catalogue = standards[standard].catalogue
                unknown = [r for r in req_ids if r not in catalogue]
                if unknown:
                    raise pytest.UsageError(f"{item.nodeid} names unknown requirement(s) {', '.join(unknown)}")
            prerequisites = tuple(r for mark in item.iter_markers("prerequisite") for r in mark.args)
            wrong = [r for r in prerequisites if r not in known or r in req_ids]
            if wrong:
                raise pytest.UsageError(f"{item.nodeid}: @prerequisite {', '.join(wrong)} is not a catalogued "
                                        "requirement other than the test's own")
            for req_id in req_ids:
                edges.setdefault(req_id, set()).update(prerequisites)
            func = getattr(item, "function", None)
            doc = (func.__doc__ or "").strip() if func else ""
            module = Path(str(item.path)).stem.removeprefix("test_")
            name = item.name.removeprefix("test_")
            test_id = f"{standard}-{module}-{name}"
            if self.select and not any(pattern in test_id for pattern in self.select):
                continue
            self.results[item.nodeid] = TestResult(
                id=test_id,
                nodeid=item.nodeid,
                standard=standard,
                title=doc.splitlines()[0] if doc else name.replace("_", " "),
                description="\n".join(doc.splitlines()[1:]).strip(),
                requirements=req_ids,
                prerequisites=prerequisites,
            )
        cycle = find_cycle(edges)
        if cycle:
            raise pytest.UsageError(f"the @prerequisite declarations go round in a circle: {' -> '.join(cycle)}")
        if self.select:
            chosen = [item for item in items if item.nodeid in self.results]
            deselected = [item for item in items if item.nodeid not in self.results]
            if deselected:
                config.hook.pytest_deselected(items=deselected)
            items[:] = chosen

    # -- running ---------------------------------------------------------------------------
    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item,
                                  call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        result = self.results.get(item.nodeid)
        if result is None:
            return report
        if call.excinfo is not None and isinstance(call.excinfo.value, Failure) \
                and call.excinfo.value.requirement is None:
            # the test names its requirement once, in its marker; a Failure raised in its body need not repeat it
            call.excinfo.value.requirement = " ".join(result.requirements)
        outcome, message = classify(call.excinfo, call.when)
        gathered = [*item.stash.get(EVIDENCE_KEY, []), *_exchanges_in(getattr(item, "funcargs", {}).values())]
        new: list[Exchange] = []
        for exchange in gathered:
            if all(exchange.id != known.id for known in [*result.exchanges, *new]):
                new.append(exchange)
        phase = Phase(when=call.when, outcome=outcome, message=message, duration_s=call.duration,
                      exchanges=tuple(new))
        record_phase(result, phase)
        if self.sender is not None:  # on an xdist worker: the controller judges, so the phase travels with the report
            report.conformance_phase = self.sender.encode(phase)  # type: ignore[attr-defined]
        report.user_properties.append(("earl_outcome", result.outcome.value))
        report.user_properties.append(("requirements", " ".join(result.requirements)))
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """In the controller of a run over xdist workers (`--jobs`): record the phase a worker carried back."""
        wire = getattr(report, "conformance_phase", None)
        worker = getattr(report, "node", None)
        result = self.results.get(report.nodeid)
        if wire is None or worker is None or result is None or self.sender is not None:
            return
        record_phase(result, self.receiver.decode(worker.gateway.id, wire))

    # -- finishing -------------------------------------------------------------------------
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        error = f"collection failed for {report.nodeid}: {report.longreprtext[:2000]}"
        if report.failed and error not in self.harness_errors:  # every worker collects too
            self.harness_errors.append(error)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.sender is not None:
            return  # a worker's results are the controller's to finish
        self.run_result = self.result_so_far(
            ["the run was interrupted"] if exitstatus == pytest.ExitCode.INTERRUPTED else [], final=True)
        session.config.hook.pytest_conformance_run_finished(run=self.run_result)
        for callback in self.on_finish:
            try:
                callback(self.run_result)
            except Exception as exc:  # a writer failing must not hide the verdict
                self.run_result.harness_errors.append(f"writing output failed: {type(exc).__name__}: {exc}")
                raise HarnessError(f"writing output failed: {exc}") from exc

    def result_so_far(self, harness_errors: Iterable[str] = (), *, final: bool = False) -> RunResult:
        """The run as it stands; while it goes on (not `final`), the tests not yet run are untested and an expected
        failure that has not run yet is not yet stale."""
        # judged on copies: the tests' own endings stay as they came, so a later call judges them afresh
        tests = _numbered_evidence([dataclasses.replace(test) for test in self.results.values()])
        harness_errors = [*self.harness_errors, *harness_errors]
        waiting = attribute_root_causes(tests, final=final)
        for test in tests:
            if test.id in self.expected_failures:
                if test.outcome is Outcome.FAILED:
                    test.expected_failure = True
                elif (not test.caused_by and test.nodeid not in waiting
                      and (final or test.outcome is not Outcome.UNTESTED)):
                    # not judged (or not yet) is not "passes again": the entry may still hold
                    harness_errors.append(f"{test.id} is listed as an expected failure "
                                          f"({self.expected_failures[test.id]}) but is now {test.outcome.value}: "
                                          "remove it from the expected-failures file")
        standards = sorted(self.candidate.standards)
        catalogues = {name: list(std.catalogue) for name, std in all_standards().items() if name in standards}
        requirements = fold_requirements(catalogues, tests, self.candidate.attestations)
        return RunResult(
            suite_version=conformance.__version__,
            started=self.started,
            finished=dt.datetime.now(dt.timezone.utc).astimezone(),
            candidate=describe_candidate(self.candidate),
            standards=standards,
            tests=tests,
            requirements=requirements,
            verdict=decide_verdict(tests, requirements, harness_errors, official=self.mode == "official"),
            mode=self.mode,
            defects=self.defects,
            selection=self.select,
            harness_errors=harness_errors,
            provenance=provenance([x for t in tests for x in t.exchanges], schema_pack=self.schema_pack,
                                  dual_validation=self.dual_validation),
        )


def _numbered_evidence(tests: list[TestResult]) -> list[TestResult]:
    """Give the exchanges ids in the order the tests show them (x1, x2, ...), so the outputs name them alike in a
    serial run and one over workers (`--jobs`), whose processes each count their own; one shared by several tests
    stays one exchange."""
    renamed: dict[str, Exchange] = {}
    for test in tests:
        for exchange in test.exchanges:
            if exchange.id not in renamed:
                renamed[exchange.id] = dataclasses.replace(exchange, id=f"x{len(renamed) + 1}")
        test.exchanges = [renamed[exchange.id] for exchange in test.exchanges]
    return tests


def describe_candidate(candidate: CandidateConfig) -> dict[str, Any]:
    endpoints: dict[str, str] = {}
    known = all_standards()

    def walk(prefix: str, data: dict[str, Any], keys: tuple[str, ...], inside: bool) -> None:
        for key, value in data.items():
            chosen = inside or not keys or key in keys
            if isinstance(value, dict):
                walk(f"{prefix}.{key}", value, keys, chosen)
            elif chosen and isinstance(value, str) and value.startswith(("http://", "https://")):
                endpoints[f"{prefix}.{key}"] = value

    for name, section in candidate.standards.items():
        walk(name, section.data, known[name].endpoint_keys if name in known else (), False)
    return {
        "naam": candidate.naam,
        "organisatie": candidate.organisatie,
        "operator": candidate.operator,
        "config": str(candidate.source) if candidate.source else None,
        "endpoints": endpoints,
        "plain_http": candidate.tls.allow_plain_http,
        "tls_verify": candidate.tls.verify,
    }
