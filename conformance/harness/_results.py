"""The data of a run, apart from how any writer renders it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from conformance.config import Attestation
from conformance.outcomes import Outcome, Verdict, overall_outcome
from conformance.requirements import Requirement
from conformance.transport import Exchange

__all__ = ["RequirementResult", "RunResult", "TestResult", "decide_verdict", "not_judged_reason"]


@dataclasses.dataclass(kw_only=True)
class TestResult:
    """One scenario test's outcome, with the exchanges that are its evidence."""

    __test__ = False  # not a pytest test class

    id: str
    nodeid: str
    standard: str
    title: str
    description: str
    requirements: tuple[str, ...]
    outcome: Outcome = Outcome.UNTESTED
    message: str = ""
    duration_s: float = 0.0
    exchanges: list[Exchange] = dataclasses.field(default_factory=list)
    expected_failure: bool = False  # listed in the self-test's expected-failures file, and it did fail
    prerequisites: tuple[str, ...] = ()  # requirements its provocation relies on (`@prerequisite`)
    caused_by: tuple[str, ...] = ()  # set when not judged: the failed requirements its prerequisites lead to


@dataclasses.dataclass(kw_only=True)
class RequirementResult:
    """A requirement of the catalogue with the outcome folded from its tests (or from the candidate's word)."""

    requirement: Requirement
    standard: str
    outcome: Outcome
    tests: list[str]
    reason: str = ""
    attestation: Attestation | None = None
    caused_by: tuple[str, ...] = ()  # not judged because these requirements failed first

    @property
    def mode(self) -> str:
        """EARL's mode: `automatic` for tested requirements, `attested` for the candidate's own statements."""
        return "attested" if self.requirement.attested else "automatic"


@dataclasses.dataclass(kw_only=True)
class RunResult:
    """Everything a writer needs to report one run."""

    suite_version: str
    started: dt.datetime
    finished: dt.datetime
    candidate: dict[str, Any]
    standards: list[str]
    tests: list[TestResult]
    requirements: list[RequirementResult]
    verdict: Verdict
    mode: str = "self-test"
    defects: list[str] = dataclasses.field(default_factory=list)
    selection: list[str] = dataclasses.field(default_factory=list)  # `--only` patterns: the verdict covers these only
    harness_errors: list[str] = dataclasses.field(default_factory=list)
    provenance: dict[str, Any] = dataclasses.field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {o.value: 0 for o in Outcome}
        for test in self.tests:
            counts[test.outcome.value] += 1
        return counts

    def failed_requirements(self) -> list[str]:
        return [r.requirement.id for r in self.requirements if r.outcome is Outcome.FAILED]


def not_judged_reason(causes: tuple[str, ...]) -> str:
    """The one-line reason of a test or requirement not judged because `causes` failed first."""
    return f"not judged: {', '.join(sorted(causes))} failed first"


def fold_requirements(catalogues: dict[str, list[Requirement]], tests: list[TestResult],
                      attestations: dict[str, Attestation] | None = None) -> list[RequirementResult]:
    """Give every catalogued requirement the worst outcome of the tests that check it.

    An attested requirement takes the candidate's statement instead: yes passes, no fails, none is untested.
    It is reported apart and never counts as an automatic pass.
    """
    attestations = attestations or {}
    by_req: dict[str, list[TestResult]] = {}
    for test in tests:
        if test.expected_failure:
            continue  # a known failure of a self-test run: shown on the test, kept out of the verdict
        for req_id in test.requirements:
            by_req.setdefault(req_id, []).append(test)
    results = []
    for standard, requirements in catalogues.items():
        for req in requirements:
            if req.attested:
                statement = attestations.get(req.id)
                outcome = Outcome.UNTESTED if statement is None else (
                    Outcome.PASSED if statement.answer == "yes" else Outcome.FAILED)
                reason = "no statement in [attestations]" if statement is None else \
                    f"attested {statement.answer} by {statement.person}: {statement.reference}"
                results.append(RequirementResult(requirement=req, standard=standard, outcome=outcome, tests=[],
                                                 reason=reason, attestation=statement))
                continue
            covering = by_req.get(req.id, [])
            outcome = overall_outcome([t.outcome for t in covering])
            reason = req.not_tested_reason if not covering else ""
            if covering and outcome is Outcome.INAPPLICABLE:
                reason = covering[0].message
            not_judged = [t for t in covering if t.caused_by] if outcome is Outcome.CANT_TELL else []
            caused_by = tuple(sorted({c for t in not_judged for c in t.caused_by}))
            if caused_by:
                reason = not_judged_reason(caused_by)
            results.append(RequirementResult(requirement=req, standard=standard, outcome=outcome,
                                             tests=[t.id for t in covering], reason=reason, caused_by=caused_by))
    return results


def decide_verdict(tests: list[TestResult], requirements: list[RequirementResult],
                   harness_errors: list[str], *, official: bool = False) -> Verdict:
    """Not conformant when a MUST fails; incomplete when anything could not be judged; else conformant.

    A SHOULD that fails is reported but does not fail certification. A harness error never passes.
    An official run is also incomplete while a test is untested or a MUST lacks its attestation.
    """
    if any(r.outcome is Outcome.FAILED and r.requirement.level == "MUST" for r in requirements):
        return Verdict.NOT_CONFORMANT
    if harness_errors or not tests:
        return Verdict.INCOMPLETE
    if any(t.outcome in (Outcome.ERROR, Outcome.CANT_TELL) for t in tests):
        return Verdict.INCOMPLETE
    if any(r.outcome in (Outcome.ERROR, Outcome.CANT_TELL) and r.requirement.level == "MUST" for r in requirements):
        return Verdict.INCOMPLETE
    if official and (any(t.outcome is Outcome.UNTESTED for t in tests) or any(
            r.outcome is Outcome.UNTESTED and r.requirement.level == "MUST"
            and (r.requirement.attested or not r.requirement.not_tested_reason) for r in requirements)):
        return Verdict.INCOMPLETE
    return Verdict.CONFORMANT
