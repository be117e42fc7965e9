"""Edukoppeling 2W-be on the NV: WS-Addressing headers are required, and answers relate to their request."""

from __future__ import annotations

from conformance.edukoppeling.addressing import (
    ANONYMOUS,
    Addressing,
    check_answer,
    read_addressing,
)
from conformance.errors import Failure
from conformance.harness import prerequisite, requirement
from conformance.standards.eckid import codec
from conformance.xml.soap import SoapMessage, build_envelope


@requirement("ECKID-NV-WSA-01")
def test_request_without_addressing_refused(nv, evidence):
    """ping without any WS-Addressing header gets a SOAP fault."""
    nv.send_bytes("ping", build_envelope(codec.request("ping")), label="ping without WS-Addressing headers") \
        .fault()


@requirement("ECKID-NV-WSA-01")
def test_from_without_oin_refused(nv, evidence):
    """ping whose wsa:From address carries no OIN gets a SOAP fault."""
    plain = nv.addressing("ping")
    without_oin = Addressing(to=plain.to, action=plain.action, message_id=plain.message_id, from_address=ANONYMOUS)
    nv.send_body("ping", codec.request("ping"), addressing=without_oin, label="ping, wsa:From without ?oin=") \
        .fault()


def _relates(answer, what: str) -> None:  # type: ignore[no-untyped-def]
    if not isinstance(answer.soap, SoapMessage):
        raise Failure(f"the {what} is not a SOAP envelope ({answer.soap})", requirement="ECKID-NV-WSA-02")
    findings = check_answer(read_addressing(answer.soap), answer.message_id)
    if findings:
        raise Failure(f"the {what}: " + "; ".join(finding.message for finding in findings),
                      requirement="ECKID-NV-WSA-02")


@requirement("ECKID-NV-WSA-02")
def test_answer_relates_to_request(nv, evidence):
    """The pingResponse carries Action, MessageID and RelatesTo naming the request's MessageID."""
    answer = nv.send("ping")
    answer.body()
    _relates(answer, "pingResponse")


@requirement("ECKID-NV-WSA-02")
@prerequisite("ECKID-NV-BATCH-07")
def test_fault_relates_to_request(nv, evidence):
    """A fault (here for a never-issued batch identifier) also relates to its request."""
    answer = nv.send("retrieveBatch", batchIdentifier="conformance-never-issued-0001",
                     label="retrieveBatch, never-issued identifier")
    answer.fault()
    _relates(answer, "fault")
