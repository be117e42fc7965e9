"""A candidate built to hurt the tester: one loopback endpoint that answers every request the same hostile way,
and a canary (another loopback host, a local file) that a well-behaved suite never touches.

Shared by the hostile matrix (`tests/hostile/`) and the memory benchmark (`bench/hostile_memory.py`).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from conformance.pki import ensure_loopback_pki

__all__ = ["MODES", "Canary", "HostileServer"]

ENVELOPE_OPEN = b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
ENVELOPE_CLOSE = b"</soap:Body></soap:Envelope>"


class Canary:
    """An HTTP listener on another loopback host and a secret file: any hit or any leak of its text is a breach."""

    def __init__(self, directory: Path) -> None:
        self.secret = f"CANARY-{uuid.uuid4().hex}"
        self.file = directory / "canary-secret.txt"
        self.file.write_text(self.secret, encoding="utf-8")
        self.hits = 0
        self._listener = socket.create_server(("127.0.0.2", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._count, name="hostile-canary", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.2:{self._listener.getsockname()[1]}"

    def _count(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                conn, _ = self._listener.accept()
                self.hits += 1
                conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()


class _Peer:
    """One accepted connection, with what the server needs to answer on it."""

    def __init__(self, conn: socket.socket, server: HostileServer) -> None:
        self.conn = conn
        self.server = server

    @property
    def stopped(self) -> bool:
        return self.server.stopping.is_set()

    def read_request(self) -> bytes:
        """The request line, headers and body, so the client is never stuck writing."""
        data = b""
        while b"\r\n\r\n" not in data and not self.stopped:
            chunk = self._recv()
            if chunk is None:
                continue
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip() or 0)
        while len(body) < length and not self.stopped:
            chunk = self._recv()
            if chunk == b"":
                break
            body += chunk or b""
        return head

    def _recv(self) -> bytes | None:
        try:
            return self.conn.recv(65536)
        except (TimeoutError, ssl.SSLWantReadError):
            return None

    def send(self, data: bytes) -> bool:
        """False once the client went away (it stopped reading: what a bounded client does)."""
        try:
            self.conn.sendall(data)
            return True
        except OSError:
            return False

    def answer(self, status: str, body: bytes, *, content_type: str = "text/xml; charset=utf-8",
               headers: tuple[str, ...] = ()) -> None:
        extra = "".join(f"{header}\r\n" for header in headers)
        self.send(f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                  f"{extra}Connection: close\r\n\r\n".encode() + body)

    def wait(self) -> None:
        self.server.stopping.wait()


def _silent(peer: _Peer) -> None:
    peer.read_request()
    peer.wait()


def _drip(peer: _Peer) -> None:
    """The head at once (so the answer has begun), then the body one byte at a time."""
    peer.read_request()
    body = ENVELOPE_OPEN + b" " * 100_000 + ENVELOPE_CLOSE
    if peer.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % len(body)):
        _trickle(peer, body)


def _drip_head(peer: _Peer) -> None:
    """A status line, then a header that never ends, one byte at a time: no per-read timeout ever fires."""
    peer.read_request()
    _trickle(peer, b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000)


def _trickle(peer: _Peer, data: bytes) -> None:
    for byte in data:
        if peer.stopped or not peer.send(bytes([byte])):
            return
        time.sleep(peer.server.drip_interval)


def _reset(peer: _Peer) -> None:
    peer.read_request()
    peer.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


def _gzip_bomb(peer: _Peer) -> None:
    peer.read_request()
    peer.answer("200 OK", peer.server.bomb(), headers=("Content-Encoding: gzip",))


def _stream(peer: _Peer, head: bytes, total: int | None) -> None:
    """`total` bytes of an envelope that never closes, or (None) an endless chunked one."""
    peer.read_request()

    def framed(data: bytes) -> bytes:
        return b"%x\r\n%s\r\n" % (len(data), data) if total is None else data

    if not peer.send(head + framed(ENVELOPE_OPEN)):
        return
    block = b"<x>" + b"y" * 65_000 + b"</x>"
    sent = len(ENVELOPE_OPEN)
    while (total is None or sent < total) and not peer.stopped:
        if not peer.send(framed(block[:total - sent] if total is not None else block)):
            return
        sent += len(block)


def _huge(peer: _Peer) -> None:
    total = peer.server.huge_mb * 2**20
    _stream(peer, b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\n\r\n" % total, total)


def _endless(peer: _Peer) -> None:
    _stream(peer, b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n", None)


def _document(body: bytes, prolog: bytes = b"") -> Callable[[_Peer], None]:
    def answer(peer: _Peer) -> None:
        peer.read_request()
        peer.answer("200 OK", prolog + ENVELOPE_OPEN + body + ENVELOPE_CLOSE)
    return answer


def _deep(peer: _Peer) -> None:
    peer.read_request()
    peer.answer("200 OK", ENVELOPE_OPEN + b"<a>" * 100_000 + b"</a>" * 100_000 + ENVELOPE_CLOSE)


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10)) + b"]>")


def _billion_laughs(peer: _Peer) -> None:
    _document(b"<x>&lol9;</x>", LAUGHS)(peer)


def _xxe_file(peer: _Peer) -> None:
    target = peer.server.canary.file.as_uri().encode()
    prolog = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "%s">]>' % target
    _document(b"<x>&xxe;</x>", prolog)(peer)


def _external_dtd(peer: _Peer) -> None:
    prolog = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "%s/evil.dtd">' % peer.server.canary.url.encode()
    _document(b"<x>&ext;</x>", prolog)(peer)


def _bad_utf8(peer: _Peer) -> None:
    _document(b"<x>\xff\xfe\xc3\x28 caf\xe9</x>", b'<?xml version="1.0" encoding="UTF-8"?>')(peer)


def _html_500(peer: _Peer) -> None:
    peer.read_request()
    peer.answer("500 Internal Server Error", b"<html><body><h1>Oops</h1></body></html>", content_type="text/html")


def _plain_http(peer: _Peer) -> None:
    """What a plain HTTP server says to a TLS ClientHello: a 400, at once."""
    peer._recv()
    peer.answer("400 Bad Request", b"plain HTTP here", content_type="text/plain")


def _redirect(target: Callable[[HostileServer], str]) -> Callable[[_Peer], None]:
    def answer(peer: _Peer) -> None:
        peer.read_request()
        peer.answer("302 Found", b"", content_type="text/plain", headers=(f"Location: {target(peer.server)}",))
    return answer


#: mode -> (what the peer does, how the server speaks: a loopback PKI party for TLS, or None for plain HTTP)
MODES: dict[str, tuple[Callable[[_Peer], None], str | None]] = {
    "silent": (_silent, "server"),
    "drip": (_drip, "server"),
    "drip-head": (_drip_head, "server"),
    "reset": (_reset, "server"),
    "gzip-bomb": (_gzip_bomb, "server"),
    "huge": (_huge, "server"),
    "endless": (_endless, "server"),
    "deep": (_deep, "server"),
    "billion-laughs": (_billion_laughs, "server"),
    "xxe-file": (_xxe_file, "server"),
    "external-dtd": (_external_dtd, "server"),
    "bad-utf8": (_bad_utf8, "server"),
    "html-500": (_html_500, "server"),
    "redirect-loop": (_redirect(lambda server: f"{server.base_url}/again"), "server"),
    "redirect-file": (_redirect(lambda server: server.canary.file.as_uri()), "server"),
    "redirect-other-host": (_redirect(lambda server: f"{server.canary.url}/stolen"), "server"),
    "no-tls": (_plain_http, None),
    "wrong-host": (_html_500, "vendor"),
    "expired-cert": (_html_500, "expired"),
}


class HostileServer:
    """Serve `mode` on https://localhost:PORT (the URL scheme stays https even when the mode speaks plain HTTP)."""

    def __init__(self, mode: str, *, state_dir: Path, canary: Canary, drip_interval: float = 0.05,
                 bomb_mb: int = 64, huge_mb: int = 300) -> None:
        self.handler, party = MODES[mode]
        self.mode = mode
        self.canary = canary
        self.drip_interval = drip_interval
        self.bomb_mb = bomb_mb
        self.huge_mb = huge_mb
        self.stopping = threading.Event()
        self._bomb: bytes | None = None
        self._context: ssl.SSLContext | None = None
        pki = ensure_loopback_pki(state_dir / "pki")
        self.ca_bundle = pki.ca_bundle  # what the suite trusts, whichever certificate the mode presents
        if party is not None:
            chosen = pki.test_pki[party]
            self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._context.load_cert_chain(str(chosen.chain or chosen.cert), str(chosen.key))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._threads: list[threading.Thread] = []
        if mode == "gzip-bomb":
            self.bomb()  # before any request: building it must not look like a silent server

    @property
    def base_url(self) -> str:
        return f"https://localhost:{self._listener.getsockname()[1]}"

    def bomb(self) -> bytes:
        """`bomb_mb` of zeros gzipped: about a thousandth of that on the wire (built once)."""
        if self._bomb is None:
            buffer = io.BytesIO()
            with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as inflated:
                zeros = b"\0" * 2**20
                for _ in range(self.bomb_mb):
                    inflated.write(zeros)
            self._bomb = buffer.getvalue()
        return self._bomb

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(conn,), name=f"hostile-{self.mode}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            if self._context is not None:
                conn = self._context.wrap_socket(conn, server_side=True)
            conn.settimeout(0.2)
            self.handler(_Peer(conn, self))
        except (OSError, ssl.SSLError):
            pass  # the client refused us or went away: both are what the tests want to see
        finally:
            conn.close()

    @contextlib.contextmanager
    def running(self) -> Iterator[HostileServer]:
        accept = threading.Thread(target=self._accept, name="hostile-accept", daemon=True)
        accept.start()
        try:
            yield self
        finally:
            self.stopping.set()
            accept.join(timeout=5)
            for thread in self._threads:
                thread.join(timeout=5)
            self._listener.close()
