"""The receiving side of the Edukoppeling profile, one implementation for every reference service.

A service hands each request to `Ontvanger.ontvang`: it checks WS-Addressing, the OIN in wsa:From against the TLS
client certificate, the HTTP SOAPAction and, in 2W-be-S, the WS-Security signature and replays of wsa:MessageID;
a refusal is a `Geweigerd` with the fault reason. `Ontvanger.onderteken` signs an answer when the profile says so.
Reference services switch single checks off through `versoepelingen` (the names in `VERSOEPELINGEN`), which is how
their named defects are made.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from conformance.edukoppeling import security
from conformance.edukoppeling.addressing import (
    Adressering,
    controleer_soapaction,
    controleer_verzoek,
    lees_adressering,
)
from conformance.transport import HttpRequest
from conformance.xml import XmlRejected
from conformance.xml.soap import SoapMessage, parse_envelope

__all__ = ["PROFIELEN", "VERSOEPELINGEN", "Geweigerd", "Ontvangen", "Ontvanger", "client_oin", "lees_sleutelpaar"]

PROFIELEN = ("2W-be", "2W-be-S")

#: Checks a reference may switch off, each to model one named defect.
VERSOEPELINGEN = frozenset({
    "does-not-verify-signatures",  # 2W-be-S request signatures are not checked at all
    "accepts-sha1",  # SHA-1 digests and rsa-sha1 signatures pass
    "accepts-expired-timestamp",  # an expired wsu:Timestamp passes
    "accepts-missing-from",  # a request without wsa:From passes
    "accepts-missing-addressing",  # missing or invalid WS-Addressing headers pass (the NV's wsa-not-required)
    "ignores-oin-mismatch",  # wsa:From is not compared with the client certificate's OIN
    "ignores-soapaction",  # the HTTP SOAPAction is not compared with wsa:Action
    "accepts-replay",  # an already accepted wsa:MessageID passes again
    "unsigned-answers",  # 2W-be-S answers are not signed
})

#: How many accepted MessageIDs are remembered to refuse replays.
_REMEMBERED = 10_000


class Geweigerd(Exception):
    """A request the service refuses; the service turns it into a SOAP fault (`code` is the faultcode)."""

    def __init__(self, reason: str, code: str = "Client") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclasses.dataclass(frozen=True)
class Ontvangen:
    """An accepted request: the parsed envelope, its WS-Addressing and the client certificate's OIN."""

    message: SoapMessage
    adressering: Adressering
    client_oin: str | None


def client_oin(peer: Mapping | None) -> str | None:  # type: ignore[type-arg]
    """The serialNumber (OIN) of the TLS client certificate, as the TLS layer reports it (`getpeercert()`)."""
    if not peer:
        return None
    for rdn in peer.get("subject", ()):
        for name, value in rdn:
            if name == "serialNumber":
                return str(value)
    return None


def lees_sleutelpaar(certificate: Path, key: Path) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The service's signing key and certificate from PEM files."""
    cert = x509.load_pem_x509_certificate(certificate.read_bytes())
    private = serialization.load_pem_private_key(key.read_bytes(), password=None)
    if not isinstance(private, rsa.RSAPrivateKey):
        raise TypeError(f"{key} holds no RSA private key; 2W-be-S signs with rsa-sha256")
    return private, cert


class Ontvanger:
    """The profile checks of one service; `namens` maps a client OIN to the OINs it may act for (SaaS)."""

    def __init__(self, *, profiel: str, key: rsa.RSAPrivateKey | None = None,
                 certificate: x509.Certificate | None = None, namens: Mapping[str, tuple[str, ...]] | None = None,
                 versoepelingen: Iterable[str] = ()) -> None:
        if profiel not in PROFIELEN:
            raise ValueError(f"profiel must be one of {', '.join(PROFIELEN)}, got {profiel!r}")
        relaxed = frozenset(versoepelingen)
        unknown = relaxed - VERSOEPELINGEN
        if unknown:
            raise ValueError(f"unknown versoepelingen: {', '.join(sorted(unknown))}")
        if profiel == "2W-be-S" and (key is None or certificate is None):
            raise ValueError("2W-be-S signs its answers: a key and certificate are needed")
        self.profiel = profiel
        self.versoepelingen = relaxed
        self.namens = dict(namens or {})
        self._key = key
        self._certificate = certificate
        self._seen: dict[str, None] = {}
        self._lock = threading.Lock()

    @property
    def ondertekend(self) -> bool:
        return self.profiel == "2W-be-S"

    def ontvang(self, request: HttpRequest,
                controleer: Callable[[SoapMessage, Adressering], None] | None = None) -> Ontvangen:
        """Check `request` against the profile; `controleer` adds the service's own checks (raising `Geweigerd`)
        before the MessageID is remembered, so a refused request does not count as received."""
        try:
            message = parse_envelope(request.body)
        except XmlRejected as exc:
            raise Geweigerd(f"not a SOAP 1.1 envelope: {exc}") from exc
        if self.ondertekend and "does-not-verify-signatures" not in self.versoepelingen:
            problems = self._signature_problems(request.body)
            if problems:
                raise Geweigerd("the WS-Security signature does not hold: " + "; ".join(problems))
        adressering = lees_adressering(message)
        problems = controleer_verzoek(adressering)
        if "accepts-missing-from" in self.versoepelingen:
            problems = [p for p in problems if p != "request has no wsa:From"]
        if "accepts-missing-addressing" in self.versoepelingen:
            problems = []
        if problems:
            raise Geweigerd("; ".join(problems))
        oin = client_oin(request.client_certificate)
        if (oin is not None and "ignores-oin-mismatch" not in self.versoepelingen
                and adressering.from_oin is not None
                and adressering.from_oin not in (oin, *self.namens.get(oin, ()))):
            raise Geweigerd(f"wsa:From names OIN {adressering.from_oin}, but the client certificate belongs "
                            f"to {oin}, which may not act for it")
        if "ignores-soapaction" not in self.versoepelingen and not (
                adressering.action is None and "accepts-missing-addressing" in self.versoepelingen):
            problems = controleer_soapaction(request.headers.get("soapaction"), adressering.action)
            if problems:
                raise Geweigerd(problems[0])
        if controleer is not None:
            controleer(message, adressering)
        if self.ondertekend and "accepts-replay" not in self.versoepelingen and adressering.message_id:
            self._remember(adressering.message_id)
        return Ontvangen(message, adressering, oin)

    def onderteken(self, envelope: bytes) -> bytes:
        """The answer as sent: signed in 2W-be-S, unchanged in 2W-be."""
        if not self.ondertekend or "unsigned-answers" in self.versoepelingen:
            return envelope
        assert self._key is not None and self._certificate is not None
        return security.sign_envelope(envelope, key=self._key, certificate=self._certificate)

    def _signature_problems(self, body: bytes) -> list[str]:
        problems = list(security.verify_envelope(body).problems)
        if "accepts-sha1" in self.versoepelingen:
            problems = [p for p in problems if "only SHA-256" not in p and "only rsa-sha256" not in p]
        if "accepts-expired-timestamp" in self.versoepelingen:
            problems = [p for p in problems if "wsu:Timestamp expired" not in p]
        return problems

    def _remember(self, message_id: str) -> None:
        with self._lock:
            if message_id in self._seen:
                raise Geweigerd(f"wsa:MessageID {message_id} was already received (replay)")
            self._seen[message_id] = None
            if len(self._seen) > _REMEMBERED:
                del self._seen[next(iter(self._seen))]
