"""Profile 2W-be-S on the NV, when a candidate declares it: signed answers, and badly signed requests refused."""

from __future__ import annotations

import pytest

from conformance.edukoppeling.sender import Sender, changed_after_signing, check_answer_signature
from conformance.errors import Failure
from conformance.harness import cant_tell, fail_on, make_signer_probe, prerequisite, requirement
from conformance.standards.eckid import codec

pytestmark = pytest.mark.usefixtures("signed")


@requirement("ECKID-NV-SIG-01")
def test_answers_are_signed_by_the_nv(nv, run_trust, evidence, requirement_id):
    """A pingResponse and a fault each carry a valid signature made with the certificate the NV presents in TLS."""
    answers = [nv.send("ping"),
               nv.send("retrieveBatch", batchIdentifier="conformance-never-issued-0002",
                       label="retrieveBatch, never-issued identifier (a fault)")]
    answers[0].body()
    answers[1].fault()
    for answer in answers:
        tls = answer.exchange.tls
        nv_oin = tls.server_oin if tls is not None else None
        if nv_oin is None:
            cant_tell("the NV's TLS certificate shows no OIN (Subject serialNumber), so the signer cannot be "
                      "compared with it")
        fail_on(check_answer_signature(answer.exchange.response_body, requirement=requirement_id,
                                       service_oin=nv_oin, trust=run_trust),
                heading=f"{answer.exchange.label}: the answer's signature does not hold:")



@requirement("ECKID-NV-SIG-02")
@pytest.mark.parametrize("case", ["niet-ondertekend", "gewijzigd"])
def test_badly_signed_request_gets_a_fault(nv, nv_answers, evidence, case):
    """An unsigned ping, or a signed one whose wsa:MessageID was changed after signing, gets a SOAP fault."""
    if case == "niet-ondertekend":
        payload, _ = nv.wrap("ping", codec.request("ping"), sign=False)
        why = "an unsigned request"
    else:
        payload, _ = nv.wrap("ping", codec.request("ping"))
        payload, why = changed_after_signing(payload), "a request whose signed wsa:MessageID was changed after signing"
    nv.send_bytes("ping", payload, label=f"ping: {why}").fault()


@pytest.fixture
def signer_probe(nv, nv_answers, candidate_config, probe_sender):  # type: ignore[no-untyped-def]
    """A ping from the suite's party over its own TLS certificate, signed with the probe certificate: a fault."""
    def send(sender: Sender, signer: str) -> None:
        payload, _ = nv.wrap("ping", codec.request("ping"), sender=sender)
        answer = nv.send_bytes("ping", payload, label=f"ping signed with {signer}")
        try:
            answer.fault()
        except Failure as exc:
            raise Failure(f"the ping is signed with {signer}: {exc.message}") from exc

    return make_signer_probe(probe_sender, candidate_config.tls, send)


@requirement("ECKID-NV-SIG-03")
@prerequisite("ECKID-NV-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_self_signed_certificate_gets_a_fault(signer_probe, evidence):
    """A ping signed with a self-signed certificate carrying the suite's OIN gets a SOAP fault."""
    signer_probe("self-signed")


@requirement("ECKID-NV-SIG-04")
@prerequisite("ECKID-NV-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_certificate_of_an_untrusted_root_gets_a_fault(signer_probe, evidence):
    """A ping signed with a certificate (the suite's OIN) of a root the NV does not trust gets a SOAP fault."""
    signer_probe("untrusted")


@requirement("ECKID-NV-SIG-05")
@prerequisite("ECKID-NV-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_expired_certificate_gets_a_fault(signer_probe, evidence):
    """A ping signed with an expired certificate of the trusted test PKI gets a SOAP fault."""
    signer_probe("expired")


@requirement("ECKID-NV-SIG-06")
@prerequisite("ECKID-NV-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_weak_key_gets_a_fault(signer_probe, evidence):
    """A ping signed with a 1024-bit RSA key (certificate of the trusted test PKI) gets a SOAP fault."""
    signer_probe("weak-key")


@requirement("ECKID-NV-SIG-07")
@prerequisite("ECKID-NV-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_another_partys_certificate_gets_a_fault(signer_probe, evidence):
    """A ping over the suite's TLS certificate, signed with another party's valid certificate, gets a fault."""
    signer_probe("other-party")
