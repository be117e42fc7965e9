"""The XXE canary: a plain HTTP server of the suite whose every URL is unique to one probe, so that a fetch by
the candidate is seen, attributed to its probe, and named in the finding."""

from __future__ import annotations

import dataclasses
import secrets
import threading
import time
from urllib.parse import urlsplit

from conformance.probes.settings import ProbeSettings
from conformance.transport import HttpRequest, HttpResponse, LoopbackServer

__all__ = ["CANARY_CONTENT", "Canary", "CanaryHit"]

#: What a fetch gets: valid both as entity text and as an external DTD subset, so a parser goes on to the next one.
CANARY_CONTENT = b"<!-- conformance canary -->"


@dataclasses.dataclass(frozen=True)
class CanaryHit:
    """One fetch of a canary URL."""

    method: str
    path: str
    user_agent: str

    def describe(self) -> str:
        return f"{self.method} {self.path} (User-Agent: {self.user_agent or 'none'})"


class Canary:
    """Serves every path under /canary/<token>/ and remembers who fetched what; started on first use."""

    def __init__(self, settings: ProbeSettings) -> None:
        self.settings = settings
        self._hits: list[CanaryHit] = []
        self._lock = threading.Lock()
        self._server: LoopbackServer | None = None
        self._base = ""

    def _app(self, request: HttpRequest) -> HttpResponse:
        with self._lock:
            self._hits.append(CanaryHit(request.method, request.path, request.headers.get("user-agent", "")))
        return HttpResponse(status=200, body=CANARY_CONTENT, content_type="application/xml-dtd")

    def url(self, token: str, name: str) -> str:
        """The canary URL `name` of one probe (`token`), starting the server when it is not yet running."""
        if self._server is None:
            server = LoopbackServer(self._app, host=self.settings.canary_listen, port=self.settings.canary_port,
                                    allow_get=True).start()
            port = urlsplit(server.base_url).port
            self._base = self.settings.canary_address or f"http://{self.settings.canary_listen}:{port}"
            self._server = server
        return f"{self._base}/canary/{token}/{name}"

    @staticmethod
    def token() -> str:
        return secrets.token_hex(8)

    def hits(self, token: str, *, wait: float = 0.0) -> list[CanaryHit]:
        """The fetches of `token`'s URLs, after waiting up to `wait` seconds for a late one."""
        deadline = time.monotonic() + wait
        while True:
            with self._lock:
                found = [hit for hit in self._hits if hit.path.startswith(f"/canary/{token}/")]
            if found or time.monotonic() >= deadline:
                return found
            time.sleep(0.05)

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
