"""One request/response pair as raw bytes, with timing and TLS details: the unit of evidence."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

__all__ = ["Exchange", "TlsInfo"]

_ids = itertools.count(1)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclasses.dataclass(frozen=True, kw_only=True)
class TlsInfo:
    """What the TLS handshake settled on; None fields were not available."""

    version: str | None = None
    cipher: str | None = None
    server_certificate_sha256: str | None = None
    server_subject: str | None = None
    client_certificate: str | None = None

    @property
    def server_oin(self) -> str | None:
        """The server certificate's Subject serialNumber: where PKIoverheid and PKI-Onderwijs put the OIN."""
        for part in (self.server_subject or "").split(", "):
            name, _, value = part.partition("=")
            if name == "serialNumber":
                return value
        return None


@dataclasses.dataclass(kw_only=True)
class Exchange:
    """A request we sent and whatever came back (or why nothing did)."""

    id: str = dataclasses.field(default_factory=lambda: f"x{next(_ids)}")
    label: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes
    started: dt.datetime
    elapsed_ms: float | None = None
    status: int | None = None
    response_headers: dict[str, str] = dataclasses.field(default_factory=dict)
    response_body: bytes = b""
    truncated: bool = False  # the body holds only the first bytes that came
    cut_reason: str | None = None  # why the suite stopped reading: too large or too slow
    tls: TlsInfo | None = None
    transport_error: str | None = None

    @property
    def content_type(self) -> str:
        return self.response_headers.get("content-type", "")

    def describe_response(self, limit: int = 200) -> str:
        """A one-line account of what came back, for failure messages."""
        if self.transport_error:
            return f"no answer: {self.transport_error}"
        text = self.response_body[:limit].decode("utf-8", "replace").replace("\n", " ")
        body = _CONTROL.sub("\ufffd", text)  # a NUL from a candidate must not break the writers (XML has none)
        more = "…" if len(self.response_body) > limit else ""
        cut = f" (cut off, {self.cut_reason}; first {len(self.response_body)} bytes kept)" if self.cut_reason else ""
        return f"HTTP {self.status} {self.content_type or '(no content-type)'}{cut}: {body}{more}"
