"""One exception tree, so that a verdict is never confused with our own fault.

    ConformanceError
    ├── Failure            the candidate broke a rule: a *failed* verdict
    ├── TransportError     the candidate could not be reached or spoke no HTTP: an *error*
    ├── HarnessError       our own fault: an *error*, never a pass
    └── ConfigError        the user's configuration or arguments are wrong: exit 2
"""

from __future__ import annotations

__all__ = ["ConfigError", "ConformanceError", "Failure", "HarnessError", "TransportError"]


class ConformanceError(Exception):
    """Base of every error this package raises on purpose."""


class Failure(ConformanceError, AssertionError):
    """The candidate broke a requirement; the message says what came back and what was expected.

    `requirement` is left out in scenario tests: the harness fills it from the test's @requirement marker."""

    def __init__(self, message: str, *, requirement: str | None = None, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.requirement = requirement
        self.title = title or message.splitlines()[0][:120]


class TransportError(ConformanceError):
    """The candidate did not answer (refused, timed out, TLS failed, endless stream)."""


class HarnessError(ConformanceError):
    """The suite itself went wrong; a run with one of these is incomplete."""


class ConfigError(ConformanceError):
    """Bad configuration or arguments; names the field at fault."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
