"""The one seam through which the suite talks to a candidate, and serves as one."""

from __future__ import annotations

from conformance.transport._client import HttpClient, TlsSettings, map_httpx_errors
from conformance.transport._exchange import Exchange, TlsInfo
from conformance.transport._limits import (
    BOUND_KEYS,
    DEFAULT_LIMITS,
    DEFAULT_MAX_ANSWER_MB,
    AnswerLimits,
    answer_limits,
)
from conformance.transport._reachability import UNREACHABLE_AFTER, CandidateUnreachable, reachability
from conformance.transport._server import HttpRequest, HttpResponse, LoopbackServer

__all__ = [
    "BOUND_KEYS",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_ANSWER_MB",
    "UNREACHABLE_AFTER",
    "AnswerLimits",
    "CandidateUnreachable",
    "Exchange",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "LoopbackServer",
    "TlsInfo",
    "TlsSettings",
    "answer_limits",
    "map_httpx_errors",
    "reachability",
]
