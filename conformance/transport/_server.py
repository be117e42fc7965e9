"""A small HTTPS server on loopback that hands each POST to a standard's reference app."""

from __future__ import annotations

import dataclasses
import http.server
import logging
import ssl
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["App", "HttpRequest", "HttpResponse", "LoopbackServer"]

log = logging.getLogger(__name__)

#: The reference refuses larger bodies outright: candidates may send endless streams.
MAX_REQUEST_BYTES = 32 * 1024 * 1024


@dataclasses.dataclass(frozen=True, kw_only=True)
class HttpRequest:
    """What a reference app sees of a request."""

    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    client_certificate: dict[str, Any] | None = None  # as ssl's getpeercert() gives it


@dataclasses.dataclass(frozen=True, kw_only=True)
class HttpResponse:
    """What a reference app answers."""

    status: int
    body: bytes
    content_type: str = "text/xml; charset=utf-8"
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    drop_connection: bool = False  # close the connection without answering (a judging server, on purpose)


App = Callable[[HttpRequest], HttpResponse]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s " + format, self.address_string(), *args)

    def _answer(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.isdigit():
            self._answer(HttpResponse(status=411, body=b"Content-Length required", content_type="text/plain"))
            return
        length = int(length_text)
        if self.server.max_request_bytes is not None and length > self.server.max_request_bytes:
            self.close_connection = True
            self._answer(HttpResponse(status=413, body=b"request too large", content_type="text/plain"))
            return
        body = self.rfile.read(length)
        self._dispatch(HttpRequest(method="POST", path=self.path, body=body, client_certificate=self._peer(),
                                   headers={k.lower(): v for k, v in self.headers.items()}))

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        if not self.server.allow_get:
            self._answer(HttpResponse(status=405, body=b"use POST", content_type="text/plain"))
            return
        self._dispatch(HttpRequest(method="GET", path=self.path, body=b"", client_certificate=self._peer(),
                                   headers={k.lower(): v for k, v in self.headers.items()}))

    def _peer(self) -> dict[str, Any] | None:
        if isinstance(self.connection, ssl.SSLSocket):
            return self.connection.getpeercert() or None
        return None

    def _dispatch(self, request: HttpRequest) -> None:
        try:
            response = self.server.app(request)
        except Exception:  # the reference must answer, even about its own bug
            log.exception("reference app failed")
            response = HttpResponse(status=500, body=b"internal error in reference", content_type="text/plain")
        if response.drop_connection:
            self.close_connection = True
            return
        self._answer(response)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    app: App
    allow_get = False
    max_request_bytes: int | None = MAX_REQUEST_BYTES

    def handle_error(self, request: object, client_address: object) -> None:
        """A peer that breaks off (no certificate, a probe, a timeout) is normal here: log it, do not print it."""
        log.debug("connection from %s ended abnormally", client_address, exc_info=True)


class LoopbackServer:
    """Serve `app` on 127.0.0.1 (HTTPS when an SSL context is given) in a background thread.

    POSTs go to `app`; GETs only with `allow_get` (else 405). `host` opens another interface, for a candidate
    that calls from another machine (the judging NV, the probes' canary). A body over `max_request_bytes` is
    refused with 413 before it is read.
    """

    def __init__(self, app: App, *, ssl_context: ssl.SSLContext | None = None, port: int = 0,
                 allow_get: bool = False, host: str = "127.0.0.1",
                 max_request_bytes: int | None = MAX_REQUEST_BYTES) -> None:
        self._httpd = _Server((host, port), _Handler)
        self._httpd.app = app
        self._httpd.max_request_bytes = max_request_bytes  # None: no limit (a probe defect of the reference)
        self._httpd.allow_get = allow_get  # an SRU face answers GET; SOAP faces keep 405
        if ssl_context is not None:
            # The handshake runs in the handler thread, so a stalled client cannot block accept().
            self._httpd.socket = ssl_context.wrap_socket(self._httpd.socket, server_side=True,
                                                         do_handshake_on_connect=False)
        self._scheme = "https" if ssl_context is not None else "http"
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{self._scheme}://localhost:{port}"

    def wrap(self, middleware: Callable[[App], App]) -> None:
        """Put `middleware` around the app: a defect that shows only under load wraps every standard alike."""
        self._httpd.app = middleware(self._httpd.app)

    def start(self) -> LoopbackServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="conformance-reference", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
