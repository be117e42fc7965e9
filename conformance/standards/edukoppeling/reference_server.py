"""Start the reference Edukoppeling service on loopback HTTPS (two-sided TLS) and describe it as `[edukoppeling]`."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

from conformance.pki import LoopbackPki, parse_oin
from conformance.pki.oin import oin_from_certificate, school_oin
from conformance.standards._loopback import LoopbackReference
from conformance.standards.edukoppeling.codec import PING_ACTION, ping_request
from conformance.standards.edukoppeling.reference import ReferenceService

__all__ = ["RunningService", "start_reference", "tls_context"]

#: The school the suite's party may act for at the reference (the SaaS case, modelled).
NAMENS_BRIN = "99XA"
#: OpenSSL's X509_V_FLAG_NO_CHECK_TIME, which the ssl module does not name: certificate dates are not checked.
_NO_CHECK_TIME = 0x200000


def tls_context(pki: LoopbackPki, defects: frozenset[str] | set[str] = frozenset()) -> ssl.SSLContext:
    """TLS 1.2 or later with a client certificate of the test PKI required, unless a defect says otherwise (the
    TLS version and cipher defects are `flawed_server`'s)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(pki.server_chain), str(pki.server_key))
    ctx.load_verify_locations(cafile=str(pki.ca_bundle))
    if "accepts-untrusted-client-cert" in defects:
        ctx.load_verify_locations(cafile=str(pki.test_pki["untrusted-root"].cert))
    if "accepts-expired-client-cert" in defects:
        ctx.verify_flags = ssl.VerifyFlags(ctx.verify_flags | _NO_CHECK_TIME)
    ctx.verify_mode = ssl.CERT_OPTIONAL if "accepts-no-client-cert" in defects else ssl.CERT_REQUIRED
    return ctx


class RunningService(LoopbackReference[ReferenceService]):
    """A started reference service; `config` is the `[edukoppeling]` table that points a run at it."""

    @property
    def config(self) -> dict[str, Any]:
        server_oin = oin_from_certificate(self.pki.test_pki["server"].load())
        return {
            "endpoint": f"{self.base_url}/edukoppeling/ping",
            "profiel": self.app.profiel,
            "oin": server_oin,
            "ca_bundle": str(self.pki.ca_bundle),
            "client_cert": str(self.pki.client_chain),
            "client_key": str(self.pki.client_key),
            "namens_oins": [school_oin(NAMENS_BRIN)],
            "test_pki": str(self.pki.directory),
            "timeout": 10,
            "operatie": {"action": PING_ACTION, "verzoek": ping_request().decode()},
        }


def start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), *, port: int = 0,
                    profiel: str = "2W-be-S") -> RunningService:
    """Serve the reference service (with `defects`) on 127.0.0.1; certificates are made on first use."""
    def build(pki: LoopbackPki) -> ReferenceService:
        client_oin = oin_from_certificate(pki.test_pki["client"].load())
        assert client_oin is not None and parse_oin(client_oin)
        return ReferenceService(profiel=profiel, signing_cert=pki.server_cert, signing_key=pki.server_key,
                                namens={client_oin: (school_oin(NAMENS_BRIN),)}, defects=defects, trust=pki.trust())

    return RunningService.start(state_dir, defects, build, port=port, tls=lambda pki: tls_context(pki, set(defects)))
