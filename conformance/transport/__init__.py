"""The one seam through which the suite talks to a candidate, and serves as one."""

from __future__ import annotations

from conformance.transport._body import BodySink
from conformance.transport._client import HttpClient, TlsSettings, map_httpx_errors
from conformance.transport._exchange import Exchange, TlsInfo
from conformance.transport._handshake import Handshake, cipher_offer, handshake, local_gap, version_name, version_offer
from conformance.transport._limits import (
    BOUND_KEYS,
    DEFAULT_LIMITS,
    DEFAULT_MAX_ANSWER_MB,
    AnswerLimits,
    answer_limits,
)
from conformance.transport._reachability import UNREACHABLE_AFTER, CandidateUnreachable, reachability
from conformance.transport._server import MAX_REQUEST_BYTES, App, HttpRequest, HttpResponse, LoopbackServer

__all__ = [
    "BOUND_KEYS",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_ANSWER_MB",
    "MAX_REQUEST_BYTES",
    "UNREACHABLE_AFTER",
    "AnswerLimits",
    "App",
    "BodySink",
    "CandidateUnreachable",
    "Exchange",
    "Handshake",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "LoopbackServer",
    "TlsInfo",
    "TlsSettings",
    "answer_limits",
    "cipher_offer",
    "handshake",
    "local_gap",
    "map_httpx_errors",
    "reachability",
    "version_name",
    "version_offer",
]
