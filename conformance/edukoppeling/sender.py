"""The sending side of the Edukoppeling profile, one implementation for every client of the suite.

`Sender.wrap` turns a request Body and its WS-Addressing into the envelope as sent: addressed and, in
2W-be-S, signed with the suite's key. `check_answer_signature` judges an answer's signature the way the
profile asks of a receiver: valid, over every required part, no SHA-1, a fresh Timestamp, made with a certificate
the run trusts, and by the party whose OIN the service declares. Each standard's client uses these two, so a
profile rule lives once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from lxml import etree

from conformance.edukoppeling import security
from conformance.edukoppeling.addressing import WSA, Addressing, address_message
from conformance.edukoppeling.receiver import PROFIELEN, read_keypair
from conformance.findings import Finding, Severity
from conformance.pki.hierarchy import make_test_pki
from conformance.pki.probes import probe_signer
from conformance.pki.trust import Trust
from conformance.xml import parse_bytes
from conformance.xml.soap import build_envelope, parse_envelope

__all__ = ["Sender", "changed_after_signing", "check_answer_signature"]


def check_answer_signature(answer: bytes, *, requirement: str, service_oin: str | None, trust: Trust,
                           now: dt.datetime | None = None) -> list[Finding]:
    """Why a 2W-be-S answer's signature does not hold, one finding per reason (empty when it holds).

    Each standard names its own signature requirement, so the caller gives it. `service_oin` is the OIN the service
    is known by (its TLS certificate or its declaration); None skips the comparison of the signer with it. `trust`
    holds the run's anchors the signer's certificate must chain to.
    """
    check = security.verify_envelope(answer, trust=trust, now=now)
    if not check.valid:
        problems = list(check.problems)
    else:
        signer = security.signer_oin(check)
        problems = ([f"the answer is signed by a certificate with OIN {signer}, not the service's {service_oin}"]
                    if service_oin is not None and signer != service_oin else [])
    return [Finding(requirement=requirement, severity=Severity.ERROR, message=problem) for problem in problems]


def changed_after_signing(envelope: bytes) -> bytes:
    """The signed envelope with its wsa:MessageID changed after signing: what a receiver must refuse (2W-be-S)."""
    root = parse_envelope(envelope).envelope
    message_id = root.find(f".//{{{WSA}}}MessageID")
    if message_id is None:
        raise ValueError("the envelope has no wsa:MessageID to change")
    message_id.text = f"{message_id.text}-changed"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


class Sender:
    """The suite as a sender in `profiel`; `key` and `certificate` are needed to sign (2W-be-S)."""

    def __init__(self, *, profiel: str, key: PrivateKeyTypes | None = None,
                 certificate: x509.Certificate | None = None) -> None:
        if profiel not in PROFIELEN:
            raise ValueError(f"profiel must be one of {', '.join(PROFIELEN)}, got {profiel!r}")
        if profiel == "2W-be-S" and (key is None or certificate is None):
            raise ValueError("2W-be-S signs every request: a key and certificate are needed")
        self.profiel = profiel
        self._key = key
        self._certificate = certificate

    @classmethod
    def from_files(cls, profiel: str, certificate: Path, key: Path) -> Sender:
        """A sender whose signing key and certificate are the PEM files of its TLS client certificate."""
        if profiel != "2W-be-S":
            return cls(profiel=profiel)
        private, cert = read_keypair(certificate, key)
        return cls(profiel=profiel, key=private, certificate=cert)

    @classmethod
    def as_probe(cls, probe: str, own_certificate: Path, test_pki: Path | None) -> Sender:
        """A 2W-be-S sender that signs with the probe certificate `probe` (see `conformance.pki.probes`) made for
        the party of `own_certificate`; ValueError when the probe needs a test PKI and none is given."""
        own = x509.load_pem_x509_certificates(own_certificate.read_bytes())[0]
        signer = probe_signer(probe, own=own, test_pki=make_test_pki(test_pki) if test_pki is not None else None)
        return cls(profiel="2W-be-S", key=signer.key, certificate=signer.certificate)

    @property
    def signed(self) -> bool:
        return self.profiel == "2W-be-S"

    def wrap(self, body: etree._Element | bytes, addressing: Addressing, *,
               sign: bool | None = None, digest: str = "sha256", now: dt.datetime | None = None) -> bytes:
        """The request as sent: `body` in an envelope with `addressing`, signed when the profile (or
        `sign`, for tests that send a deliberately unsigned or SHA-1 request) says so."""
        element = parse_bytes(body) if isinstance(body, bytes) else body
        envelope = address_message(build_envelope(element), addressing)
        if not (self.signed if sign is None else sign):
            return envelope
        if self._key is None or self._certificate is None:
            raise ValueError("this sender has no signing key (profile 2W-be)")
        return security.sign_envelope(envelope, key=self._key, certificate=self._certificate,
                                      digest=digest, now=now)

