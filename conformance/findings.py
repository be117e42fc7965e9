"""A finding of an offline validation (`conformance validate`): one broken rule at one place."""

from __future__ import annotations

import dataclasses
import enum

__all__ = ["Finding", "Severity"]


class Severity(str, enum.Enum):
    """How much a finding weighs: an error breaks a MUST, a warning a SHOULD, info is a remark."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Finding:
    """One rule broken at one place in a document."""

    requirement: str
    severity: Severity
    message: str
    line: int | None = None
    subject: str | None = None  # e.g. the record's ProductId or the pupil's key
    undecided: bool = False  # two schema validators disagree: the rule is neither kept nor broken here

    def as_dict(self) -> dict[str, object]:
        return {
            "requirement": self.requirement,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "subject": self.subject,
            "undecided": self.undecided,
        }
