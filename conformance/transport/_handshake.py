"""Bare TLS handshakes with a candidate: what a probe offers (one old version, one weak cipher suite), whether this
machine's OpenSSL can offer it at all, and how the handshake ended, kept as evidence like any other exchange."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import socket
import ssl
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

from conformance.transport._exchange import Exchange, TlsInfo

__all__ = ["Handshake", "cipher_offer", "handshake", "local_gap", "version_name", "version_offer"]


@dataclasses.dataclass(frozen=True)
class Handshake:
    """How one handshake ended: `error` says why it failed, None when it succeeded."""

    version: str | None
    cipher: str | None
    peer_der: bytes | None
    error: str | None
    exchange: Exchange

    @property
    def peer(self) -> x509.Certificate | None:
        return x509.load_der_x509_certificate(self.peer_der) if self.peer_der else None


def version_name(version: ssl.TLSVersion) -> str:
    return {ssl.TLSVersion.TLSv1: "TLS 1.0", ssl.TLSVersion.TLSv1_1: "TLS 1.1", ssl.TLSVersion.TLSv1_2: "TLS 1.2",
            ssl.TLSVersion.TLSv1_3: "TLS 1.3"}.get(version, version.name)


def version_offer(ctx: ssl.SSLContext, version: ssl.TLSVersion) -> None:
    """Offer exactly `version`; TLS 1.0/1.1 also need OpenSSL's security level 0 (OpenSSL 3 refuses them above)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = version
        ctx.maximum_version = version
    if version < ssl.TLSVersion.TLSv1_2:
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")


def cipher_offer(ctx: ssl.SSLContext, cipher: str) -> None:
    """Offer only the TLS 1.2 suite `cipher` (OpenSSL name), at security level 0 so that weak suites can be offered
    at all; a ValueError when this OpenSSL does not know it."""
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.maximum_version = ssl.TLSVersion.TLSv1_2  # TLS 1.3 suites are all strong and set apart from set_ciphers
    try:
        ctx.set_ciphers(f"{cipher}:@SECLEVEL=0")
    except ssl.SSLError as exc:
        raise ValueError(f"this OpenSSL ({ssl.OPENSSL_VERSION}) cannot offer {cipher}") from exc


def local_gap(offer: str, configure: Callable[[ssl.SSLContext], None], cert: Path, key: Path) -> str | None:
    """Why this machine's OpenSSL cannot complete a handshake with itself when both ends are set up by
    `configure(ctx)`, or None when it can. Run in memory between two of our own contexts, so a refusal by the
    candidate is never mistaken for a gap in the local TLS stack; `offer` names what was offered."""
    try:
        server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.load_cert_chain(str(cert), str(key))
        client = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        client.check_hostname = False
        client.verify_mode = ssl.CERT_NONE
        configure(server)
        configure(client)
        c_in, c_out, s_in, s_out = ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO(), ssl.MemoryBIO()
        c = client.wrap_bio(c_in, c_out)
        s = server.wrap_bio(s_in, s_out, server_side=True)
        for _ in range(20):
            done = 0
            for side, out, peer_in in ((c, c_out, s_in), (s, s_out, c_in)):
                try:
                    side.do_handshake()
                    done += 1
                except ssl.SSLWantReadError:
                    pass
                data = out.read()
                if data:
                    peer_in.write(data)
            if done == 2:
                return None
        return "the in-memory handshake did not finish"
    except (ssl.SSLError, ValueError, OSError) as exc:
        return f"the local OpenSSL ({ssl.OPENSSL_VERSION}) cannot negotiate {offer}: {exc}"


def handshake(url: str, host: str, port: int, ctx: ssl.SSLContext, *, timeout: float, label: str,
              client_certificate: Path | None = None) -> Handshake:
    """One handshake with `host:port` under `ctx`, bounded by `timeout`, recorded as an Exchange of method TLS."""
    exchange = Exchange(label=label, method="TLS", url=url, request_headers={}, request_body=b"",
                        started=dt.datetime.now(dt.UTC))
    t0 = time.perf_counter()
    version, cipher, der, error = _connect(host, port, ctx, timeout)
    exchange.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
    exchange.transport_error = error
    result = Handshake(version, cipher, der, error, exchange)
    if error is None:
        peer = result.peer
        exchange.tls = TlsInfo(version=version, cipher=cipher,
                               server_certificate_sha256=hashlib.sha256(der or b"").hexdigest(),
                               server_subject=_subject(peer) if peer else None,
                               client_certificate=client_certificate.name if client_certificate else None)
    return result


def _connect(host: str, port: int, ctx: ssl.SSLContext,
             timeout: float) -> tuple[str | None, str | None, bytes | None, str | None]:
    try:
        raw = socket.create_connection((host, port), timeout=timeout)
    except OSError as exc:
        return None, None, None, f"could not connect to {host}:{port} within {timeout:g}s: {exc}"
    try:
        raw.settimeout(timeout)
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            cipher = tls.cipher()
            return tls.version(), cipher[0] if cipher else None, tls.getpeercert(binary_form=True), None
    except TimeoutError:
        return None, None, None, f"the TLS handshake did not finish within {timeout:g}s"
    except ssl.SSLCertVerificationError as exc:
        return None, None, None, f"the server certificate was not accepted: {exc.verify_message}"
    except (ssl.SSLError, OSError) as exc:
        return None, None, None, f"the TLS handshake failed: {exc}"
    finally:
        raw.close()


def _subject(certificate: x509.Certificate) -> str:
    """The subject written as the HTTP client writes it (`name=value, ...`), so TlsInfo reads the OIN alike."""
    return ", ".join(f"{attribute.oid._name}={attribute.value!s}" for attribute in certificate.subject)
