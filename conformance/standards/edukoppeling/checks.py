"""Rules on what an Edukoppeling service sent back, each a small named function returning `Finding`s (empty: kept).

The transport checks every reference's Receiver shares (`conformance.edukoppeling.addressing`: `check_answer`,
`check_utf8`, `check_body`; `conformance.edukoppeling.sender.check_answer_signature`) stay there; these are the
service scenario tests' own readings. A rule of one requirement names it; a rule several scenarios use is told
the requirement by its caller.
"""

from __future__ import annotations

from cryptography.x509.oid import NameOID

from conformance.edukoppeling.addressing import REPLY, Addressing
from conformance.findings import Finding, Severity
from conformance.pki import parse_oin
from conformance.standards.edukoppeling.client import Handshake, ServiceExchange

__all__ = ["check_answer_headers", "check_answered", "check_handshake_succeeded", "check_old_tls_refused",
           "check_relates_to", "check_server_certificate"]


def _breach(requirement: str, message: str) -> Finding:
    return Finding(requirement=requirement, severity=Severity.ERROR, message=message)


def check_answered(exchange: ServiceExchange, *, requirement: str, any_status: bool = False) -> list[Finding]:
    """A refusal proves something only when a well-formed request is answered: without an answer (a SOAP answer,
    no fault, and HTTP 200 unless `any_status`) the rule is undecided, and the finding says what came back."""
    soap = exchange.soap
    if exchange.answered and not isinstance(soap, str) and soap.fault is None \
            and (any_status or exchange.exchange.status == 200):
        return []
    return [Finding(requirement=requirement, severity=Severity.ERROR, undecided=True,
                    message=exchange.exchange.describe_response(120))]


def check_answer_headers(answer: Addressing, request: Addressing) -> list[Finding]:
    """EDUK-WSA-02: the answer carries wsa:Action and a wsa:MessageID of its own, each once."""
    problems = [f"wsa:{name} occurs more than once" for name in answer.duplicates if name in ("Action", "MessageID")]
    if not answer.action:
        problems.append("the answer has no (or an empty) wsa:Action")
    if not answer.message_id:
        problems.append("the answer has no (or an empty) wsa:MessageID")
    elif answer.message_id == request.message_id:
        problems.append(f"the answer's wsa:MessageID {answer.message_id} is the request's own")
    return [_breach("EDUK-WSA-02", problem) for problem in problems]


def check_relates_to(answer: Addressing, request: Addressing) -> list[Finding]:
    """EDUK-WSA-03: the answer's wsa:RelatesTo names the request's wsa:MessageID, as a reply."""
    expected = request.message_id
    if answer.relates_to is None:
        problem = f"the answer has no wsa:RelatesTo; expected {expected}"
    elif answer.relates_to != expected:
        problem = f"wsa:RelatesTo is {answer.relates_to}, not the request's MessageID {expected}"
    elif answer.relationship_type not in (None, REPLY):
        problem = f"RelationshipType is {answer.relationship_type}, not {REPLY}"
    else:
        return []
    return [_breach("EDUK-WSA-03", problem)]


def check_old_tls_refused(old: Handshake) -> list[Finding]:
    """EDUK-TLS-01: a handshake offering only a version below TLS 1.2 fails."""
    if old.error is not None:
        return []
    return [_breach("EDUK-TLS-01", f"the service negotiated {old.version}; only TLS 1.2 or later is allowed")]


def check_handshake_succeeded(result: Handshake, what: str, *, requirement: str) -> list[Finding]:
    """A handshake the service must accept (`what` names it) succeeded."""
    if result.error is None:
        return []
    return [_breach(requirement, f"{what} did not succeed: {result.error}")]


def check_server_certificate(result: Handshake, oin: str) -> list[Finding]:
    """EDUK-TLS-06: the server certificate chains to the configured root (the handshake verified it), fits the host
    name and carries the declared OIN in its Subject serialNumber."""
    if result.error is not None:
        return [_breach("EDUK-TLS-06", result.error)]
    peer = result.peer
    assert peer is not None  # a verified handshake shows the peer's certificate
    serials = [a.value for a in peer.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)]
    if not serials:
        return [_breach("EDUK-TLS-06", "the server certificate has no Subject.serialNumber, so it carries no OIN")]
    shown = str(serials[0])
    try:
        parse_oin(shown)
    except ValueError as exc:
        return [_breach("EDUK-TLS-06", f"the server certificate's serialNumber is not an OIN: {exc}")]
    if shown != oin:
        return [_breach("EDUK-TLS-06", f"the server certificate carries OIN {shown}, not the declared {oin}")]
    return []
