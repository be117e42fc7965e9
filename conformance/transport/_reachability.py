"""A candidate that failed to answer a few times in a row is not waited for again in the same run."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from conformance.errors import TransportError

__all__ = ["UNREACHABLE_AFTER", "CandidateUnreachable", "origin_of", "reachability"]

#: consecutive exchanges without an answer before the rest of that origin's exchanges end at once
UNREACHABLE_AFTER = 3


class CandidateUnreachable(TransportError):
    """Raised instead of sending: the origin already failed UNREACHABLE_AFTER times in a row."""


def origin_of(url: str) -> str:
    """scheme://host:port: a dead server takes all its endpoints down with it."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


class _Reachability:
    """Consecutive failures per origin; the first cause is what every later refusal names."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._first_cause: dict[str, str] = {}

    def reset(self) -> None:
        """Forget every origin: a new run gives the candidate a new chance."""
        with self._lock:
            self._failures.clear()
            self._first_cause.clear()

    def check(self, url: str) -> None:
        """Raise CandidateUnreachable when the origin of `url` is given up on."""
        origin = origin_of(url)
        with self._lock:
            if self._failures.get(origin, 0) >= UNREACHABLE_AFTER:
                raise CandidateUnreachable(f"{self._first_cause[origin]} (not sent: {origin} failed to answer "
                                           f"{UNREACHABLE_AFTER} times in a row)")

    def failed(self, url: str, cause: str) -> None:
        origin = origin_of(url)
        with self._lock:
            if not self._failures.get(origin):
                self._first_cause[origin] = cause
            self._failures[origin] = self._failures.get(origin, 0) + 1

    def answered(self, url: str) -> None:
        with self._lock:
            self._failures.pop(origin_of(url), None)


reachability = _Reachability()
