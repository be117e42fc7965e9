"""Outcomes in EARL's vocabulary, plus `error` for a harness or transport fault."""

from __future__ import annotations

import enum

__all__ = ["NOT_EXERCISED", "Outcome", "Verdict", "is_not_exercised", "not_exercised_reason", "overall_outcome"]

#: How the reason of an `inapplicable` outcome begins when the rule is about elements the candidate may leave out
#: and its test data holds none: not a capability it lacks, so an official report lists the rule for richer data.
NOT_EXERCISED = "not exercised by the candidate's test data"


class Outcome(str, enum.Enum):
    """The result of one test or one requirement (EARL outcome values)."""

    PASSED = "passed"
    FAILED = "failed"
    CANT_TELL = "cantTell"
    INAPPLICABLE = "inapplicable"
    UNTESTED = "untested"
    ERROR = "error"

    @property
    def severity(self) -> int:
        """Higher is worse; used to fold many outcomes into one."""
        return _SEVERITY[self]


_SEVERITY = {
    Outcome.INAPPLICABLE: 0,
    Outcome.UNTESTED: 1,
    Outcome.PASSED: 2,
    Outcome.CANT_TELL: 3,
    Outcome.ERROR: 4,
    Outcome.FAILED: 5,
}


def overall_outcome(outcomes: list[Outcome]) -> Outcome:
    """Fold test outcomes into a requirement outcome: the worst wins, nothing tested is `untested`."""
    if not outcomes:
        return Outcome.UNTESTED
    return max(outcomes, key=lambda o: o.severity)


def not_exercised_reason(reason: str) -> str:
    """The reason of an inapplicable outcome whose rule the candidate's data gave nothing to judge on."""
    return f"{NOT_EXERCISED}: {reason}"


def is_not_exercised(outcome: Outcome | str, reason: str) -> bool:
    """Whether an outcome is inapplicable only because the candidate's test data did not exercise the rule."""
    return Outcome(outcome) is Outcome.INAPPLICABLE and reason.startswith(NOT_EXERCISED)


class Verdict(str, enum.Enum):
    """The verdict of a whole run, with the CLI exit code it maps to."""

    CONFORMANT = "conformant"
    NOT_CONFORMANT = "not-conformant"
    INCOMPLETE = "incomplete"

    @property
    def exit_code(self) -> int:
        return {Verdict.CONFORMANT: 0, Verdict.NOT_CONFORMANT: 1, Verdict.INCOMPLETE: 3}[self]
