"""The one seam through which the suite talks to a candidate, and serves as one."""

from __future__ import annotations

from conformance.transport._client import HttpClient, TlsSettings, map_httpx_errors
from conformance.transport._exchange import Exchange, TlsInfo
from conformance.transport._server import HttpRequest, HttpResponse, LoopbackServer

__all__ = [
    "Exchange",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "LoopbackServer",
    "TlsInfo",
    "TlsSettings",
    "map_httpx_errors",
]
