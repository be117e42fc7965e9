"""Outcomes in EARL's vocabulary, plus `error` for a harness or transport fault."""

from __future__ import annotations

import enum

__all__ = ["Outcome", "Verdict", "overall_outcome"]


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


class Verdict(str, enum.Enum):
    """The verdict of a whole run, with the CLI exit code it maps to."""

    CONFORMANT = "conformant"
    NOT_CONFORMANT = "not-conformant"
    INCOMPLETE = "incomplete"

    @property
    def exit_code(self) -> int:
        return {Verdict.CONFORMANT: 0, Verdict.NOT_CONFORMANT: 1, Verdict.INCOMPLETE: 3}[self]
