"""The one seam through which the suite talks to a candidate, and serves as one."""

from __future__ import annotations

from conformance.transport._client import HttpClient, TlsSettings, map_httpx_errors
from conformance.transport._exchange import Exchange, TlsInfo
from conformance.transport._handshake import Handshake, cipher_offer, handshake, local_gap, version_name, version_offer
from conformance.transport._server import MAX_REQUEST_BYTES, App, HttpRequest, HttpResponse, LoopbackServer

__all__ = [
    "MAX_REQUEST_BYTES",
    "App",
    "Exchange",
    "Handshake",
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "LoopbackServer",
    "TlsInfo",
    "TlsSettings",
    "cipher_offer",
    "handshake",
    "local_gap",
    "map_httpx_errors",
    "version_name",
    "version_offer",
]
