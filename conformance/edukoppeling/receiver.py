"""The receiving side of the Edukoppeling profile, one implementation for every reference service.

A service hands each request to `Receiver.receive`: it checks WS-Addressing, the OIN in wsa:From against the TLS
client certificate, the HTTP SOAPAction and, in 2W-be-S, the WS-Security signature, the signer's certificate
against the run's trust anchors, the signer against the party (its OIN is the client certificate's, or one that
party may act for) and replays of wsa:MessageID; a refusal is a `Refused` with the fault reason. `Receiver.sign_answer` signs an answer when the profile says so.
Reference services switch single checks off through `relaxations` (the names in `RELAXATIONS`), which is how
their named defects are made.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from conformance.edukoppeling import security
from conformance.edukoppeling.addressing import (
    Addressing,
    check_soapaction,
    check_request,
    read_addressing,
)
from conformance.pki.oin import oin_from_certificate
from conformance.pki.probes import probe_signer
from conformance.pki.trust import Trust
from conformance.transport import HttpRequest
from conformance.xml import XmlRejected
from conformance.xml.soap import SoapMessage, parse_envelope

__all__ = ["PROFIELEN", "RELAXATIONS", "Refused", "Received", "Receiver", "client_oin", "read_keypair"]

PROFIELEN = ("2W-be", "2W-be-S")

#: Checks a reference may switch off, each to model one named defect.
RELAXATIONS = frozenset({
    "does-not-verify-signatures",  # 2W-be-S request signatures are not checked at all
    "accepts-sha1",  # SHA-1 digests and rsa-sha1 signatures pass
    "accepts-expired-timestamp",  # an expired wsu:Timestamp passes
    "accepts-missing-from",  # a request without wsa:From passes
    "accepts-missing-addressing",  # missing or invalid WS-Addressing headers pass (the NV's wsa-not-required)
    "ignores-oin-mismatch",  # wsa:From is not compared with the client certificate's OIN
    "ignores-soapaction",  # the HTTP SOAPAction is not compared with wsa:Action
    "accepts-replay",  # an already accepted wsa:MessageID passes again
    "unsigned-answers",  # 2W-be-S answers are not signed
    "self-signed-answers",  # 2W-be-S answers are signed with a self-signed certificate carrying the service's OIN
    "accepts-self-signed-signer",  # a request signed with a self-signed certificate passes
    "accepts-untrusted-signer",  # a request signed with a certificate of an untrusted root passes
    "accepts-expired-signer",  # a request signed with an expired certificate passes
    "accepts-weak-signer-key",  # a request signed with a too short RSA key passes
    "accepts-other-party-signer",  # a request signed by another party than the client certificate's passes
})

#: The trust check (`conformance.pki.trust.CHECKS`) each versoepeling switches off.
_TRUST_RELAXED = {"accepts-self-signed-signer": "self-signed", "accepts-untrusted-signer": "untrusted",
                  "accepts-expired-signer": "expired", "accepts-weak-signer-key": "weak-key"}

#: How many accepted MessageIDs are remembered to refuse replays.
_REMEMBERED = 10_000


class Refused(Exception):
    """A request the service refuses; the service turns it into a SOAP fault (`code` is the faultcode)."""

    def __init__(self, reason: str, code: str = "Client") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Received:
    """An accepted request: the parsed envelope, its WS-Addressing and the client certificate's OIN."""

    message: SoapMessage
    addressing: Addressing
    client_oin: str | None


def client_oin(peer: Mapping[str, Any] | None) -> str | None:
    """The serialNumber (OIN) of the TLS client certificate, as the TLS layer reports it (`getpeercert()`)."""
    if not peer:
        return None
    for rdn in peer.get("subject", ()):
        for name, value in rdn:
            if name == "serialNumber":
                return str(value)
    return None


def read_keypair(certificate: Path, key: Path) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The service's signing key and certificate from PEM files."""
    cert = x509.load_pem_x509_certificate(certificate.read_bytes())
    private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    if not isinstance(private, rsa.RSAPrivateKey):
        raise TypeError(f"{key} holds no RSA private key; 2W-be-S signs with rsa-sha256")
    return private, cert


class Receiver:
    """The profile checks of one service; `namens` maps a client OIN to the OINs it may act for (SaaS); `trust`
    holds the anchors a request's signer must chain to (needed in 2W-be-S)."""

    def __init__(self, *, profiel: str, key: rsa.RSAPrivateKey | None = None,
                 certificate: x509.Certificate | None = None, namens: Mapping[str, tuple[str, ...]] | None = None,
                 relaxations: Iterable[str] = (), trust: Trust | None = None) -> None:
        if profiel not in PROFIELEN:
            raise ValueError(f"profiel must be one of {', '.join(PROFIELEN)}, got {profiel!r}")
        relaxed = frozenset(relaxations)
        unknown = relaxed - RELAXATIONS
        if unknown:
            raise ValueError(f"unknown versoepelingen: {', '.join(sorted(unknown))}")
        if profiel == "2W-be-S" and (key is None or certificate is None):
            raise ValueError("2W-be-S signs its answers: a key and certificate are needed")
        if profiel == "2W-be-S" and trust is None:
            raise ValueError("2W-be-S judges who signed a request: the trust anchors are needed")
        self.trust = trust
        if "self-signed-answers" in relaxed and certificate is not None:
            forged = probe_signer("self-signed", own=certificate, test_pki=None)
            key, certificate = forged.key, forged.certificate
        self.profiel = profiel
        self.relaxations = relaxed
        self.namens = dict(namens or {})
        self._key = key
        self._certificate = certificate
        self._seen: dict[str, None] = {}
        self._lock = threading.Lock()

    @property
    def signed(self) -> bool:
        return self.profiel == "2W-be-S"

    def receive(self, request: HttpRequest,
                extra_check: Callable[[SoapMessage, Addressing], None] | None = None) -> Received:
        """Check `request` against the profile; `extra_check` adds the service's own checks (raising `Refused`)
        before the MessageID is remembered, so a refused request does not count as received."""
        try:
            message = parse_envelope(request.body)
        except XmlRejected as exc:
            raise Refused(f"not a SOAP 1.1 envelope: {exc}") from exc
        signer: x509.Certificate | None = None
        if self.signed and "does-not-verify-signatures" not in self.relaxations:
            problems, signer = self._signature_problems(request.body)
            if problems:
                raise Refused("the WS-Security signature does not hold: " + "; ".join(problems))
        addressing = read_addressing(message)
        problems = [finding.message for finding in check_request(addressing)]
        if "accepts-missing-from" in self.relaxations:
            problems = [p for p in problems if p != "request has no wsa:From"]
        if "accepts-missing-addressing" in self.relaxations:
            problems = []
        if problems:
            raise Refused("; ".join(problems))
        oin = client_oin(request.client_certificate)
        if (oin is not None and "ignores-oin-mismatch" not in self.relaxations
                and addressing.from_oin is not None
                and addressing.from_oin not in (oin, *self.namens.get(oin, ()))):
            raise Refused(f"wsa:From names OIN {addressing.from_oin}, but the client certificate belongs "
                            f"to {oin}, which may not act for it")
        if signer is not None and "accepts-other-party-signer" not in self.relaxations:
            self._check_signer(oin_from_certificate(signer), oin, addressing.from_oin)
        if "ignores-soapaction" not in self.relaxations and not (
                addressing.action is None and "accepts-missing-addressing" in self.relaxations):
            mismatch = check_soapaction(request.headers.get("soapaction"), addressing.action)
            if mismatch:
                raise Refused(mismatch[0].message)
        if extra_check is not None:
            extra_check(message, addressing)
        if self.signed and "accepts-replay" not in self.relaxations and addressing.message_id:
            self._remember(addressing.message_id)
        return Received(message, addressing, oin)

    def sign_answer(self, envelope: bytes) -> bytes:
        """The answer as sent: signed in 2W-be-S, unchanged in 2W-be."""
        if not self.signed or "unsigned-answers" in self.relaxations:
            return envelope
        assert self._key is not None and self._certificate is not None
        return security.sign_envelope(envelope, key=self._key, certificate=self._certificate)

    def _signature_problems(self, body: bytes) -> tuple[list[str], x509.Certificate | None]:
        """What is wrong with the signature (after the versoepelingen), and the signer's certificate."""
        check = security.verify_envelope(body, trust=self.trust)
        relaxed = {_TRUST_RELAXED[name] for name in self.relaxations & _TRUST_RELAXED.keys()}
        ignored = {finding.text for finding in check.trust_findings if finding.check in relaxed}
        problems = [p for p in check.problems if p not in ignored]
        if "accepts-sha1" in self.relaxations:
            problems = [p for p in problems if "only SHA-256" not in p and "only rsa-sha256" not in p]
        if "accepts-expired-timestamp" in self.relaxations:
            problems = [p for p in problems if "wsu:Timestamp expired" not in p]
        return problems, check.certificate

    def _check_signer(self, signer: str | None, client: str | None, sender: str | None) -> None:
        """The signer is the party: the client certificate's OIN or one it may act for; without a client
        certificate to go by, wsa:From must name the signer or one the signer may act for."""
        if client is not None:
            if signer not in (client, *self.namens.get(client, ())):
                raise Refused(f"the request is signed by a certificate with OIN {signer}, but the client "
                                f"certificate belongs to {client}, which may not act for it")
        elif (sender is not None and "ignores-oin-mismatch" not in self.relaxations
              and sender not in (signer, *self.namens.get(signer or "", ()))):
            raise Refused(f"wsa:From names OIN {sender}, but the request is signed by {signer}, which may not act "
                            "for it")

    def _remember(self, message_id: str) -> None:
        with self._lock:
            if message_id in self._seen:
                raise Refused(f"wsa:MessageID {message_id} was already received (replay)")
            self._seen[message_id] = None
            if len(self._seen) > _REMEMBERED:
                del self._seen[next(iter(self._seen))]
