"""TLS for the suite's reference servers on loopback: both ends use the test PKI, so a demo run exercises
the same mutual-TLS path (TLS 1.2 or later, spec §2.3) as a real candidate without any real certificate.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

from conformance.pki.hierarchy import TestPki, make_test_pki
from conformance.pki.trust import Trust

__all__ = ["LoopbackPki", "client_ssl_context", "ensure_loopback_pki", "server_ssl_context"]


@dataclass(frozen=True)
class LoopbackPki:
    """The files the loopback servers and the suite's client need; `*_chain` adds the issuing CA."""

    directory: Path
    ca_bundle: Path
    server_cert: Path
    server_key: Path
    server_chain: Path
    client_cert: Path
    client_key: Path
    client_chain: Path
    candidate_cert: Path
    candidate_key: Path
    candidate_chain: Path
    test_pki: TestPki

    def trust(self) -> Trust:
        """The test PKI as the trust a reference judges signed requests by."""
        return Trust.from_files(self.ca_bundle)


def ensure_loopback_pki(directory: Path) -> LoopbackPki:
    """The loopback PKI in `directory`, made on first use and reused afterwards."""
    pki = make_test_pki(Path(directory))

    def files(name: str) -> tuple[Path, Path, Path]:
        party = pki[name]
        assert party.chain is not None
        return party.cert, party.key, party.chain

    server, client, candidate = files("server"), files("client"), files("candidate")
    return LoopbackPki(directory=pki.directory, ca_bundle=pki.ca_bundle,
                       server_cert=server[0], server_key=server[1], server_chain=server[2],
                       client_cert=client[0], client_key=client[1], client_chain=client[2],
                       candidate_cert=candidate[0], candidate_key=candidate[1], candidate_chain=candidate[2],
                       test_pki=pki)


def server_ssl_context(pki: LoopbackPki, *, require_client_cert: bool) -> ssl.SSLContext:
    """A server context for localhost; with `require_client_cert`, only clients of the test PKI get in."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(pki.server_chain), str(pki.server_key))
    if require_client_cert:
        ctx.load_verify_locations(cafile=str(pki.ca_bundle))
        ctx.verify_mode = ssl.CERT_REQUIRED
    else:
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def client_ssl_context(pki: LoopbackPki, *, party: str = "client") -> ssl.SSLContext:
    """A client context that trusts only the test PKI and presents `party`'s certificate (the suite's own)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # check_hostname and CERT_REQUIRED are on
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_verify_locations(cafile=str(pki.ca_bundle))
    chosen = pki.test_pki[party]
    ctx.load_cert_chain(str(chosen.chain or chosen.cert), str(chosen.key))
    return ctx
