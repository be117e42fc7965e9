"""The suite's Edukoppeling client against broken candidates: every failure is a precise reason within the
timeout, never a crash or a hang."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.config import Section
from conformance.pki import ensure_loopback_pki
from conformance.standards.edukoppeling.client import (
    EdukoppelingClient,
    tls_version_possible_here,
)
from conformance.standards.edukoppeling.codec import PING_ACTION, ping_request
from conformance.standards.edukoppeling.settings import read_settings
from conformance.transport import Exchange

TIMEOUT = 1.0


@pytest.fixture(scope="module")
def pki(state_dir: Path):  # type: ignore[no-untyped-def]
    return ensure_loopback_pki(state_dir / "pki")


def _client(pki, port: int, tmp_path: Path, host: str = "localhost") -> tuple[EdukoppelingClient, list[Exchange]]:  # type: ignore[no-untyped-def]
    table = {"endpoint": f"https://{host}:{port}/ping", "profiel": "2W-be", "oin": "00000099500000030000",
             "ca_bundle": str(pki.ca_bundle), "client_cert": str(pki.client_chain), "client_key": str(pki.client_key),
             "timeout": TIMEOUT, "operatie": {"action": PING_ACTION, "verzoek": ping_request().decode()}}
    recorded: list[Exchange] = []
    return EdukoppelingClient(read_settings(Section(table, "edukoppeling", tmp_path)), recorded.append), recorded


def _serve(handle) -> Iterator[int]:  # type: ignore[no-untyped-def]
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    held: list[socket.socket] = []

    def loop() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            held.append(conn)
            handle(conn)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        listener.close()


@pytest.fixture
def hanging() -> Iterator[int]:
    """Accepts connections and never says a word."""
    yield from _serve(lambda conn: None)


@pytest.fixture
def plaintext() -> Iterator[int]:
    """Speaks plain HTTP where TLS is expected: a broken TLS stack, as the client sees it."""
    def handle(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        conn.close()
    yield from _serve(handle)


def test_a_hanging_handshake_ends_within_the_timeout(pki, hanging, tmp_path) -> None:
    client, recorded = _client(pki, hanging, tmp_path)
    started = time.monotonic()
    result = client.handshake(label="probe")
    assert result.error == f"the TLS handshake did not finish within {TIMEOUT:g}s"
    exchange = client.ping()
    assert time.monotonic() - started < 6 * TIMEOUT
    assert exchange.exchange.transport_error and "timed out" in exchange.exchange.transport_error
    assert "no answer" in exchange.exchange.describe_response()
    assert [e.method for e in recorded] == ["TLS", "POST"]
    client.close()


def test_a_broken_tls_stack_is_a_reason_not_a_crash(pki, plaintext, tmp_path) -> None:
    client, recorded = _client(pki, plaintext, tmp_path)
    result = client.handshake(label="probe")
    assert result.error is not None and result.error.startswith("the TLS handshake failed:")
    assert recorded[0].transport_error == result.error
    assert not client.ping().answered
    client.close()


def test_nothing_listening_is_a_reason(pki, tmp_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client, _ = _client(pki, port, tmp_path)
    result = client.handshake(label="probe")
    assert result.error is not None and result.error.startswith(f"could not connect to localhost:{port}")


def test_a_certificate_for_another_host_name_is_named(pki, tmp_path) -> None:
    school = pki.test_pki["school"]  # its certificate names school-99xa.conformance.test only
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(school.chain), str(school.key))

    def handle(conn: socket.socket) -> None:
        try:
            ctx.wrap_socket(conn, server_side=True).close()
        except (ssl.SSLError, OSError):
            pass

    server = _serve(handle)
    port = next(server)
    try:
        client, _ = _client(pki, port, tmp_path)
        result = client.handshake(label="probe")
        assert result.error is not None and "Hostname mismatch" in result.error
        assert result.error.startswith("the server certificate was not accepted")
        unverified = client.handshake(verify=False, label="probe without verification")
        assert unverified.error is None and unverified.peer is not None
    finally:
        server.close()


def test_the_local_tls_stack_check_speaks_modern_tls(pki) -> None:
    assert tls_version_possible_here(ssl.TLSVersion.TLSv1_2, pki.server_chain, pki.server_key) is None
    assert tls_version_possible_here(ssl.TLSVersion.TLSv1_3, pki.server_chain, pki.server_key) is None


def test_a_local_stack_without_old_tls_gives_a_reason(pki, monkeypatch) -> None:
    """Where OpenSSL cannot offer TLS 1.0 at all, the TLS-version test can tell nothing: it says why (cantTell)."""
    from conformance.standards.edukoppeling import client as module

    def refuse(ctx: ssl.SSLContext, version: ssl.TLSVersion) -> None:
        raise ssl.SSLError("no protocols available")

    monkeypatch.setattr(module, "version_offer", refuse)
    reason = tls_version_possible_here(ssl.TLSVersion.TLSv1, pki.server_chain, pki.server_key)
    assert reason is not None and "cannot negotiate TLS 1.0" in reason and "no protocols available" in reason
