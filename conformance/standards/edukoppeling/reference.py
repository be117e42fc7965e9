"""The reference Edukoppeling service: one "ping" operation behind the transport profile's checks.

It judges every request the way a careful provider would (WS-Addressing, the From OIN against the TLS client
certificate, the SOAPAction rule and, in 2W-be-S, the WS-Security signature and replays), answers with
Action/MessageID/RelatesTo, and signs its answers in 2W-be-S. Each named defect switches off one check.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lxml import etree

from conformance.edukoppeling import security
from conformance.edukoppeling.addressing import (
    WSA,
    Adressering,
    adresseer,
    antwoord_adressering,
    controleer_soapaction,
    controleer_verzoek,
    lees_adressering,
    nieuw_message_id,
)
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml import XmlRejected
from conformance.xml.soap import build_envelope, build_fault, parse_envelope

__all__ = ["PING", "PING_ACTION", "PING_ANTWOORD_ACTION", "ReferentieDienst", "ping_verzoek"]

PING = "urn:conformance:edukoppeling:ping"
PING_ACTION = f"{PING}/ping"
PING_ANTWOORD_ACTION = f"{PING}/pingResponse"
FAULT_ACTION = f"{WSA}/fault"
#: How many accepted MessageIDs the reference remembers to refuse replays.
_REMEMBERED = 10_000


def ping_verzoek(text: str = "hallo") -> bytes:
    """The request Body of the reference's ping operation."""
    return f'<ping:ping xmlns:ping="{PING}">{text}</ping:ping>'.encode()


class _Refused(Exception):
    """A request the service refuses; becomes a SOAP fault."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _client_oin(peer: dict | None) -> str | None:  # type: ignore[type-arg]
    """The serialNumber (OIN) of the TLS client certificate, as the TLS layer reports it."""
    if not peer:
        return None
    for rdn in peer.get("subject", ()):
        for name, value in rdn:
            if name == "serialNumber":
                return str(value)
    return None


class ReferentieDienst:
    """The HTTP app of the reference service; `namens` maps a client OIN to the OINs it may act for."""

    def __init__(self, *, profiel: str, signing_cert: Path, signing_key: Path,
                 namens: dict[str, tuple[str, ...]] | None = None, defects: Iterable[str] = ()) -> None:
        self.profiel = profiel
        self.defects = frozenset(defects)
        self.namens = namens or {}
        self._certificate = x509.load_pem_x509_certificate(signing_cert.read_bytes())
        key = serialization.load_pem_private_key(signing_key.read_bytes(), password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        self._key = key
        self._seen: dict[str, None] = {}
        self._lock = threading.Lock()

    @property
    def ondertekend(self) -> bool:
        return self.profiel == "2W-be-S"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._answer(self._read(request))
        except _Refused as refused:
            return self._fault(refused)

    def _read(self, request: HttpRequest) -> Adressering:
        try:
            message = parse_envelope(request.body)
        except XmlRejected as exc:
            raise _Refused("Client", f"not a SOAP 1.1 envelope: {exc}") from exc
        if self.ondertekend and "does-not-verify-signatures" not in self.defects:
            problems = self._signature_problems(request.body)
            if problems:
                raise _Refused("Client", "the WS-Security signature does not hold: " + "; ".join(problems))
        adressering = lees_adressering(message)
        problems = controleer_verzoek(adressering)
        if "accepts-missing-from" in self.defects:
            problems = [p for p in problems if p != "request has no wsa:From"]
        if problems:
            raise _Refused("Client", "; ".join(problems))
        client_oin = _client_oin(request.client_certificate)
        if (client_oin is not None and "ignores-oin-mismatch" not in self.defects
                and adressering.from_oin is not None
                and adressering.from_oin not in (client_oin, *self.namens.get(client_oin, ()))):
            raise _Refused("Client", f"wsa:From names OIN {adressering.from_oin}, but the client certificate belongs "
                                     f"to {client_oin}, which may not act for it")
        if "ignores-soapaction" not in self.defects:
            problems = controleer_soapaction(request.headers.get("soapaction"), adressering.action)
            if problems:
                raise _Refused("Client", problems[0])
        if adressering.action != PING_ACTION:
            raise _Refused("Client", f"wsa:Action {adressering.action!r} is not an operation of this service")
        if len(message.body_children) != 1 or message.body_children[0].tag != f"{{{PING}}}ping":
            raise _Refused("Client", f"the Body must hold one {{{PING}}}ping element")
        if self.ondertekend and "accepts-replay" not in self.defects:
            self._remember(adressering.message_id or "")
        return adressering

    def _signature_problems(self, body: bytes) -> list[str]:
        check = security.verify_envelope(body)
        problems = list(check.problems)
        if "accepts-sha1" in self.defects:
            problems = [p for p in problems if "only SHA-256" not in p and "only rsa-sha256" not in p]
        if "accepts-expired-timestamp" in self.defects:
            problems = [p for p in problems if "wsu:Timestamp expired" not in p]
        return problems

    def _remember(self, message_id: str) -> None:
        with self._lock:
            if message_id in self._seen:
                raise _Refused("Client", f"wsa:MessageID {message_id} was already received (replay)")
            self._seen[message_id] = None
            if len(self._seen) > _REMEMBERED:
                del self._seen[next(iter(self._seen))]

    def _answer(self, verzoek: Adressering) -> HttpResponse:
        pong = etree.Element(f"{{{PING}}}pingResponse", nsmap={"ping": PING})
        pong.text = "pong"
        antwoord = antwoord_adressering(verzoek, action=PING_ANTWOORD_ACTION)
        if "omits-relates-to" in self.defects:
            antwoord = Adressering(action=antwoord.action, message_id=antwoord.message_id, to=antwoord.to)
        if "reuses-message-id" in self.defects:
            antwoord = Adressering(action=antwoord.action, message_id=verzoek.message_id,
                                   relates_to=antwoord.relates_to, to=antwoord.to)
        envelope = adresseer(build_envelope(pong), antwoord)
        if self.ondertekend and "unsigned-answers" not in self.defects:
            envelope = security.sign_envelope(envelope, key=self._key, certificate=self._certificate)
        return HttpResponse(status=200, body=envelope)

    def _fault(self, refused: _Refused) -> HttpResponse:
        envelope = adresseer(build_fault(refused.code, refused.reason),
                             Adressering(action=FAULT_ACTION, message_id=nieuw_message_id()))
        return HttpResponse(status=500, body=envelope)
