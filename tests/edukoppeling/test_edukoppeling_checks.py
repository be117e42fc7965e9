"""Each Edukoppeling service check keeps what a conformant service shows and fails what breaks its rule, with the
requirement it judges and the message a scenario test shows."""

from __future__ import annotations

import datetime as dt

from cryptography.hazmat.primitives import serialization

from conformance.edukoppeling.addressing import REPLY, Addressing, address_message, answer_addressing
from conformance.edukoppeling.sender import Sender, check_answer_signature
from conformance.findings import Finding
from conformance.pki import ensure_loopback_pki
from conformance.pki.oin import oin_from_certificate
from conformance.standards.edukoppeling import checks
from conformance.standards.edukoppeling.client import Handshake, ServiceExchange
from conformance.standards.edukoppeling.codec import ping_answer
from conformance.transport import Exchange
from conformance.xml.soap import build_envelope, build_fault
from tests.certificates import with_serial_number

SERVICE_OIN = "00000099500000030000"
REQUEST = Addressing(message_id="urn:uuid:request")


def _only(findings: list[Finding], requirement: str) -> str:
    [finding] = findings
    assert finding.requirement == requirement
    return finding.message


def _exchange(body: bytes, status: int | None = 200, error: str | None = None) -> ServiceExchange:
    exchange = Exchange(label="request", method="POST", url="https://service.test/ping", request_headers={},
                        request_body=b"", started=dt.datetime.now(dt.UTC), status=status, response_body=body,
                        transport_error=error)
    return ServiceExchange(exchange, REQUEST)


def test_a_request_counts_as_answered_only_with_an_ordinary_answer():
    answer = address_message(build_envelope(ping_answer()), answer_addressing(REQUEST, action="urn:pong"))
    assert checks.check_answered(_exchange(answer), requirement="EDUK-WSA-01") == []
    [refused] = checks.check_answered(_exchange(b"", status=None, error="connection refused"),
                                      requirement="EDUK-WSA-01")
    assert refused.undecided and refused.requirement == "EDUK-WSA-01"
    assert refused.message == "no answer: connection refused"
    fault = build_fault("Client", "no")
    assert len(checks.check_answered(_exchange(fault, 500), requirement="EDUK-WSA-01")) == 1
    assert len(checks.check_answered(_exchange(answer, 202), requirement="EDUK-WSA-01")) == 1
    assert checks.check_answered(_exchange(answer, 202), requirement="EDUK-SIG-05", any_status=True) == []


def test_the_answer_has_an_action_and_a_message_id_of_its_own():
    good = answer_addressing(REQUEST, action="urn:pong")
    assert checks.check_answer_headers(good, REQUEST) == []
    echoed = Addressing(action="urn:pong", message_id=REQUEST.message_id)
    assert _only(checks.check_answer_headers(echoed, REQUEST), "EDUK-WSA-02") == \
        "the answer's wsa:MessageID urn:uuid:request is the request's own"
    bare = Addressing(duplicates=("Action",))
    assert [f.message for f in checks.check_answer_headers(bare, REQUEST)] == [
        "wsa:Action occurs more than once", "the answer has no (or an empty) wsa:Action",
        "the answer has no (or an empty) wsa:MessageID"]


def test_the_answer_relates_to_the_request():
    good = answer_addressing(REQUEST, action="urn:pong")
    assert checks.check_relates_to(good, REQUEST) == []
    assert _only(checks.check_relates_to(Addressing(), REQUEST), "EDUK-WSA-03") == \
        "the answer has no wsa:RelatesTo; expected urn:uuid:request"
    assert _only(checks.check_relates_to(Addressing(relates_to="urn:uuid:other"), REQUEST), "EDUK-WSA-03") == \
        "wsa:RelatesTo is urn:uuid:other, not the request's MessageID urn:uuid:request"
    assert _only(checks.check_relates_to(Addressing(relates_to="urn:uuid:request", relationship_type="urn:x"),
                                         REQUEST), "EDUK-WSA-03") == f"RelationshipType is urn:x, not {REPLY}"


def test_old_tls_is_refused_and_modern_tls_accepted():
    assert checks.check_old_tls_refused(Handshake(None, None, "handshake failure")) == []
    assert _only(checks.check_old_tls_refused(Handshake("TLSv1", None, None)), "EDUK-TLS-01") == \
        "the service negotiated TLSv1; only TLS 1.2 or later is allowed"
    assert checks.check_handshake_succeeded(Handshake("TLSv1.3", None, None), "a TLS 1.3 handshake",
                                            requirement="EDUK-TLS-03") == []
    assert _only(checks.check_handshake_succeeded(Handshake(None, None, "protocol version"), "a TLS 1.3 handshake",
                                                  requirement="EDUK-TLS-03"), "EDUK-TLS-03") == \
        "a TLS 1.3 handshake did not succeed: protocol version"


def _certificate(serial_number: str | None) -> bytes:
    return with_serial_number(serial_number, "service.test").public_bytes(serialization.Encoding.DER)


def test_the_server_certificate_carries_the_declared_oin():
    def judged(der: bytes | None, error: str | None = None) -> list[Finding]:
        return checks.check_server_certificate(Handshake("TLSv1.3", der, error), SERVICE_OIN)

    assert judged(_certificate(SERVICE_OIN)) == []
    assert _only(judged(None, "certificate verify failed"), "EDUK-TLS-06") == "certificate verify failed"
    assert _only(judged(_certificate(None)), "EDUK-TLS-06") == \
        "the server certificate has no Subject.serialNumber, so it carries no OIN"
    assert _only(judged(_certificate("not-an-oin")), "EDUK-TLS-06").startswith(
        "the server certificate's serialNumber is not an OIN: ")
    assert _only(judged(_certificate("00000099500000040000")), "EDUK-TLS-06") == \
        f"the server certificate carries OIN 00000099500000040000, not the declared {SERVICE_OIN}"


def test_an_answer_signature_is_judged_under_the_callers_requirement(state_dir):
    pki = ensure_loopback_pki(state_dir / "pki")
    server_oin = oin_from_certificate(pki.test_pki["server"].load())
    signed = Sender.from_files("2W-be-S", pki.server_cert, pki.server_key).wrap(
        ping_answer(), answer_addressing(REQUEST, action="urn:pong"))
    assert check_answer_signature(signed, requirement="BEST-SIG-01", service_oin=server_oin, trust=pki.trust()) == []
    other = "00000099500000040000"
    assert other != server_oin
    assert _only(check_answer_signature(signed, requirement="BEST-SIG-01", service_oin=other,
                                        trust=pki.trust()), "BEST-SIG-01") == \
        f"the answer is signed by a certificate with OIN {server_oin}, not the service's {other}"
    unsigned = address_message(build_envelope(ping_answer()), answer_addressing(REQUEST, action="urn:pong"))
    problems = check_answer_signature(unsigned, requirement="EDUK-SIG-01", service_oin=server_oin, trust=pki.trust())
    assert problems and {f.requirement for f in problems} == {"EDUK-SIG-01"}
