"""How long and how much the suite reads of one answer, per endpoint: a candidate decides neither."""

from __future__ import annotations

import dataclasses

__all__ = ["BOUND_KEYS", "DEFAULT_LIMITS", "DEFAULT_MAX_ANSWER_MB", "AnswerLimits", "answer_limits"]

#: The keys any standard's table may set to bound its answers: max_answer_mb, answer_deadline_s, answer_idle_s.
BOUND_KEYS = ("max_answer_mb", "answer_deadline_s", "answer_idle_s")

#: The cap held before it became configurable; the largest legitimate answer we know (a 10,000-pupil UWLR school
#: with the LVS set, about 6 MB; a catalogue page of a few thousand records) stays far below it.
DEFAULT_MAX_ANSWER_MB = 64


@dataclasses.dataclass(frozen=True, kw_only=True)
class AnswerLimits:
    """The bounds of one exchange: bytes after decompression, a total deadline, and the longest silence."""

    max_bytes: int = DEFAULT_MAX_ANSWER_MB * 2**20
    #: from connecting to the last byte; a per-read timeout alone never ends a candidate that drips. A 10,000-pupil
    #: school (about 6 MB) arrives in seconds; a minute leaves a slow server ten times that
    deadline_s: float = 60.0
    #: no byte for this long ends the exchange; None keeps the client's own timeout
    idle_s: float | None = None
    #: what a cut-off answer keeps as evidence
    evidence_bytes: int = 64 * 1024


DEFAULT_LIMITS = AnswerLimits()


class _LimitsTable:
    """Limits by URL prefix, so each standard's endpoints get their own without each client passing them."""

    def __init__(self) -> None:
        self._by_prefix: dict[str, AnswerLimits] = {}

    def set(self, prefix: str, limits: AnswerLimits) -> None:
        self._by_prefix[prefix] = limits

    def clear(self) -> None:
        self._by_prefix.clear()

    def for_url(self, url: str) -> AnswerLimits:
        """The limits of the longest registered prefix of `url`; the defaults when none matches."""
        matches = [prefix for prefix in self._by_prefix if url.startswith(prefix)]
        return self._by_prefix[max(matches, key=len)] if matches else DEFAULT_LIMITS


answer_limits = _LimitsTable()
