"""WS-Security in profile 2W-be-S: signed answers, and requests that must be refused for their signature."""

from __future__ import annotations

import datetime as dt

import pytest

from conformance.edukoppeling.sender import Sender, changed_after_signing, check_answer_signature
from conformance.harness import cant_tell, fail_on, make_signer_probe, prerequisite, requirement
from conformance.standards.edukoppeling.checks import check_answered

pytestmark = pytest.mark.usefixtures("signed")


@requirement("EDUK-SIG-01")
def test_antwoord_is_ondertekend_door_de_dienst(control, eduk_settings, evidence, requirement_id):
    """The answer carries a valid signature over Body, WS-Addressing headers and Timestamp, by the service's OIN."""
    exchange = control.get(evidence)
    exchange.answer()
    fail_on(check_answer_signature(exchange.exchange.response_body, requirement=requirement_id,
                                   service_oin=eduk_settings.oin, trust=eduk_settings.trust()),
            heading="the answer's signature does not hold:")


@requirement("EDUK-SIG-02")
@pytest.mark.parametrize("case", ["niet-ondertekend", "gewijzigd"])
def test_onjuist_ondertekend_verzoek_krijgt_fout(eduk, control, evidence, requirement_id, case):
    """An unsigned request, or one whose signed wsa:MessageID was changed after signing, gets a SOAP fault."""
    control.require_answered(evidence, requirement_id)
    if case == "niet-ondertekend":
        envelope, why = eduk.envelope(eduk.addressing(), sign=False), "the request is not signed"
    else:
        envelope, why = changed_after_signing(eduk.envelope(eduk.addressing())), \
            "the signed wsa:MessageID was changed after signing"
    eduk.send(envelope, label=f"request: {why}").expect_fault(why)


@requirement("EDUK-SIG-03")
@prerequisite("EDUK-SIG-02")
def test_sha1_ondertekend_verzoek_krijgt_fout(eduk, control, evidence, requirement_id):
    """A request signed with SHA-1 digests and rsa-sha1 gets a SOAP fault."""
    control.require_answered(evidence, requirement_id)
    envelope = eduk.envelope(eduk.addressing(), digest="sha1")
    eduk.send(envelope, label="request signed with SHA-1").expect_fault("the request is signed with SHA-1")


@requirement("EDUK-SIG-04")
@prerequisite("EDUK-SIG-02")
def test_verlopen_timestamp_krijgt_fout(eduk, control, evidence, requirement_id):
    """A request whose wsu:Timestamp expired almost an hour ago gets a SOAP fault."""
    control.require_answered(evidence, requirement_id)
    envelope = eduk.envelope(eduk.addressing(), now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    eduk.send(envelope, label="request with an expired Timestamp").expect_fault(
        "the request's wsu:Timestamp expired about 55 minutes ago")


@requirement("EDUK-SIG-05")
def test_herhaald_verzoek_krijgt_fout(eduk, evidence, requirement_id):
    """The same signed request sent twice: the second time, its wsa:MessageID is known and it gets a SOAP fault."""
    envelope = eduk.envelope(eduk.addressing())
    first = eduk.send(envelope, label="request (first time)")
    for finding in check_answered(first, requirement=requirement_id, any_status=True):
        cant_tell(f"the request was not answered the first time ({finding.message})")
    eduk.send(envelope, label="the same request again (replay)").expect_fault(
        "the request repeats an accepted wsa:MessageID")


@pytest.fixture
def signer_probe(eduk, control, evidence, requirement_id, eduk_settings, probe_sender):  # type: ignore[no-untyped-def]
    """A well-formed request from the suite's party, signed with the probe certificate: a SOAP fault, once the
    control request was answered."""
    def send(sender: Sender, signer: str) -> None:
        envelope = eduk.envelope(eduk.addressing(), sender=sender)
        eduk.send(envelope, label=f"request signed with {signer}").expect_fault(f"the request is signed with {signer}")

    probe = make_signer_probe(probe_sender, eduk_settings, send)

    def after_control(name: str) -> None:
        control.require_answered(evidence, requirement_id)
        probe(name)

    return after_control


@requirement("EDUK-SIG-06")
@prerequisite("EDUK-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_self_signed_certificate_gets_a_fault(signer_probe, evidence):
    """A request signed with a self-signed certificate carrying the suite's OIN gets a SOAP fault."""
    signer_probe("self-signed")


@requirement("EDUK-SIG-07")
@prerequisite("EDUK-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_certificate_of_an_untrusted_root_gets_a_fault(signer_probe, evidence):
    """A request signed with a certificate (the suite's OIN) of a root the service does not trust gets a fault."""
    signer_probe("untrusted")


@requirement("EDUK-SIG-08")
@prerequisite("EDUK-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_expired_certificate_gets_a_fault(signer_probe, evidence):
    """A request signed with an expired certificate of the trusted test PKI gets a SOAP fault."""
    signer_probe("expired")


@requirement("EDUK-SIG-09")
@prerequisite("EDUK-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_weak_key_gets_a_fault(signer_probe, evidence):
    """A request signed with a 1024-bit RSA key (certificate of the trusted test PKI) gets a SOAP fault."""
    signer_probe("weak-key")


@requirement("EDUK-SIG-10")
@prerequisite("EDUK-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_another_partys_certificate_gets_a_fault(signer_probe, evidence):
    """A request over the suite's TLS certificate, signed with another party's valid certificate, gets a fault."""
    signer_probe("other-party")
