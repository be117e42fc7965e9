"""The reference Edukoppeling service: one "ping" operation behind the transport profile's checks.

It judges every request the way a careful provider would (WS-Addressing, the From OIN against the TLS client
certificate, the SOAPAction rule and, in 2W-be-S, the WS-Security signature and replays), answers with
Action/MessageID/RelatesTo, and signs its answers in 2W-be-S. Each named defect switches off one check.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from conformance.edukoppeling.addressing import (
    WSA,
    Adressering,
    adresseer,
    antwoord_adressering,
    nieuw_message_id,
)
from conformance.edukoppeling.ontvanger import (
    VERSOEPELINGEN,
    Geweigerd,
    Ontvanger,
    lees_sleutelpaar,
)
from conformance.pki.trust import Trust
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml.soap import SoapMessage, build_envelope, build_fault

__all__ = ["PING", "PING_ACTION", "PING_ANTWOORD_ACTION", "ReferentieDienst", "ping_verzoek"]

PING = "urn:conformance:edukoppeling:ping"
PING_ACTION = f"{PING}/ping"
PING_ANTWOORD_ACTION = f"{PING}/pingResponse"
FAULT_ACTION = f"{WSA}/fault"


def ping_verzoek(text: str = "hallo") -> bytes:
    """The request Body of the reference's ping operation."""
    return f'<ping:ping xmlns:ping="{PING}">{text}</ping:ping>'.encode()


class ReferentieDienst:
    """The HTTP app of the reference service; `namens` maps a client OIN to the OINs it may act for.

    The profile checks and the signing are the shared `Ontvanger`'s; the defects that switch one of them off are
    passed on as its versoepelingen, the others (about answers' addressing) are the service's own.
    """

    def __init__(self, *, profiel: str, signing_cert: Path, signing_key: Path,
                 namens: dict[str, tuple[str, ...]] | None = None, defects: Iterable[str] = (),
                 trust: Trust | None = None) -> None:
        self.profiel = profiel
        self.defects = frozenset(defects)
        key, certificate = lees_sleutelpaar(signing_cert, signing_key)
        self.ontvanger = Ontvanger(profiel=profiel, key=key, certificate=certificate, namens=namens,
                                   versoepelingen=self.defects & VERSOEPELINGEN, trust=trust)

    @property
    def ondertekend(self) -> bool:
        return self.ontvanger.ondertekend

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._answer(self.ontvanger.ontvang(request, _is_ping).adressering)
        except Geweigerd as refused:
            return self._fault(refused)

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
        return HttpResponse(status=200, body=self.ontvanger.onderteken(envelope))

    def _fault(self, refused: Geweigerd) -> HttpResponse:
        envelope = adresseer(build_fault(refused.code, refused.reason),
                             Adressering(action=FAULT_ACTION, message_id=nieuw_message_id()))
        return HttpResponse(status=500, body=envelope)


def _is_ping(message: SoapMessage, adressering: Adressering) -> None:
    """The service's own check: the one operation it offers."""
    if adressering.action != PING_ACTION:
        raise Geweigerd(f"wsa:Action {adressering.action!r} is not an operation of this service")
    if len(message.body_children) != 1 or message.body_children[0].tag != f"{{{PING}}}ping":
        raise Geweigerd(f"the Body must hold one {{{PING}}}ping element")
