"""The reference Edukoppeling service: one "ping" operation behind the transport profile's checks.

It judges every request the way a careful provider would (WS-Addressing, the From OIN against the TLS client
certificate, the SOAPAction rule and, in 2W-be-S, the WS-Security signature and replays), answers with
Action/MessageID/RelatesTo, and signs its answers in 2W-be-S. Each named defect switches off one check.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from conformance.edukoppeling.addressing import (
    Addressing,
    address_message,
    answer_addressing,
    new_message_id,
)
from conformance.edukoppeling.receiver import (
    RELAXATIONS,
    Refused,
    Receiver,
    read_keypair,
)
from conformance.pki.trust import Trust
from conformance.standards.edukoppeling.codec import (
    FAULT_ACTION,
    PING_ANSWER_ACTION,
    ping_answer,
    ping_problem,
)
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml.soap import SoapMessage, build_envelope, build_fault

__all__ = ["ReferenceService"]


class ReferenceService:
    """The HTTP app of the reference service; `namens` maps a client OIN to the OINs it may act for.

    The profile checks and the signing are the shared `Receiver`'s; the defects that switch one of them off are
    passed on as its versoepelingen, the others (about answers' addressing) are the service's own.
    """

    def __init__(self, *, profiel: str, signing_cert: Path, signing_key: Path,
                 namens: dict[str, tuple[str, ...]] | None = None, defects: Iterable[str] = (),
                 trust: Trust | None = None) -> None:
        self.profiel = profiel
        self.defects = frozenset(defects)
        key, certificate = read_keypair(signing_cert, signing_key)
        self.receiver = Receiver(profiel=profiel, key=key, certificate=certificate, namens=namens,
                                   relaxations=self.defects & RELAXATIONS, trust=trust)

    @property
    def signed(self) -> bool:
        return self.receiver.signed

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self._answer(self.receiver.receive(request, _is_ping).addressing)
        except Refused as refused:
            return self._fault(refused)

    def _answer(self, verzoek: Addressing) -> HttpResponse:
        answer = answer_addressing(verzoek, action=PING_ANSWER_ACTION)
        if "omits-relates-to" in self.defects:
            answer = Addressing(action=answer.action, message_id=answer.message_id, to=answer.to)
        if "reuses-message-id" in self.defects:
            answer = Addressing(action=answer.action, message_id=verzoek.message_id,
                                   relates_to=answer.relates_to, to=answer.to)
        envelope = address_message(build_envelope(ping_answer()), answer)
        return HttpResponse(status=200, body=self.receiver.sign_answer(envelope))

    def _fault(self, refused: Refused) -> HttpResponse:
        envelope = address_message(build_fault(refused.code, refused.reason),
                             Addressing(action=FAULT_ACTION, message_id=new_message_id()))
        return HttpResponse(status=500, body=envelope)


def _is_ping(message: SoapMessage, addressing: Addressing) -> None:
    """The service's own check: the one operation it offers."""
    problem = ping_problem(message, addressing.action)
    if problem is not None:
        raise Refused(problem)
