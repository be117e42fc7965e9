"""How the reference NV receives a request: the shared Edukoppeling Ontvanger first, then the NV's own rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from conformance.edukoppeling import security
from conformance.edukoppeling.addressing import Addressing, address_message, read_addressing, new_message_id
from conformance.edukoppeling.receiver import Receiver
from conformance.pki import ensure_loopback_pki
from conformance.standards.eckid import codec
from conformance.standards.eckid.reference import ReferenceNv, demo_settings
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml.soap import build_envelope, parse_envelope

VENDOR = "00000099500000030000"  # the OIN in the client certificate (a SaaS vendor)
SCHOOL = "00000007999999990000"  # the school it declared to act for
OTHER_SCHOOL = "00000007999999980000"
PEER = {"subject": ((("serialNumber", VENDOR),), (("commonName", "client"),))}


@pytest.fixture(scope="module")
def pki(state_dir: Path):  # type: ignore[no-untyped-def]
    return ensure_loopback_pki(state_dir / "pki")


def _request(operation: str = "ping", *, from_oin: str | None = SCHOOL, action: str | None = None,
             addressed: bool = True, sign_with=None, body=None, **fields: object) -> HttpRequest:  # type: ignore[no-untyped-def]
    envelope = build_envelope(body if body is not None else codec.request(operation, **fields))
    if addressed:
        envelope = address_message(envelope, Addressing(to="https://nv/eck/ws/201703",
                                                   action=action or codec.soap_action(operation),
                                                   message_id=new_message_id(), from_oin=from_oin))
    if sign_with is not None:
        key = serialization.load_pem_private_key(sign_with.client_key.read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate(sign_with.test_pki["client"].cert.read_bytes())
        envelope = security.sign_envelope(envelope, key=key, certificate=cert)
    return HttpRequest(method="POST", path="/eck/ws/201703", body=envelope, client_certificate=PEER,
                       headers={"soapaction": f'"{action or codec.soap_action(operation)}"'})


def _nv(**kwargs) -> ReferenceNv:  # type: ignore[no-untyped-def]
    return ReferenceNv(demo_settings(namens={VENDOR: (SCHOOL,)}), **kwargs)


def _fault(response: HttpResponse) -> tuple[str, str]:
    message = parse_envelope(response.body)
    fault = codec.read_nv_fault(message)
    assert response.status == 500 and fault is not None, response.body[:300]
    return fault.faultactor or "", fault.faultstring


def test_a_declared_school_is_served_an_undeclared_one_refused_with_relates_to():
    nv = _nv()
    assert nv(_request()).status == 200
    request = _request(from_oin=OTHER_SCHOOL)
    response = nv(request)
    actor, reason = _fault(response)
    assert actor == "InvalidRequestException" and "may not act for it" in reason and OTHER_SCHOOL in reason
    relates = read_addressing(parse_envelope(response.body)).relates_to
    assert relates == read_addressing(parse_envelope(request.body)).message_id


def test_without_namens_the_from_oin_must_be_the_certificates():
    nv = ReferenceNv(demo_settings())
    assert _fault(nv(_request()))[0] == "InvalidRequestException"
    assert nv(_request(from_oin=VENDOR)).status == 200


def test_addressing_is_checked_before_the_body():
    """A request without WS-Addressing AND without an NV element is refused for its addressing first."""
    from lxml import etree

    response = _nv()(_request(addressed=False, body=etree.Element("{urn:other}thing")))
    assert "wsa:" in _fault(response)[1]


def test_the_nv_rules_follow_the_profile():
    nv = _nv()
    wrong_action = _request(action=codec.soap_action("retrieveChains"))
    assert "wsa:Action is not" in _fault(nv(wrong_action))[1]
    assert "schema" in _fault(nv(_request("retrieveStampseudonym")))[1]  # hpgn missing


def test_wsa_not_required_is_the_receivers_versoepeling():
    assert _nv(defects=["wsa-not-required"]).receiver.relaxations == {"accepts-missing-addressing"}
    assert _nv(defects=["wsa-not-required"])(_request(addressed=False)).status == 200
    assert _fault(_nv()(_request(addressed=False)))[0] == "InvalidRequestException"


def test_2w_be_s_signs_answers_and_faults_and_refuses_unsigned_requests(pki):
    nv = _nv(signing_cert=pki.server_cert, signing_key=pki.server_key)
    assert nv.receiver.profiel == "2W-be"  # the profile comes from the settings
    signed = ReferenceNv(demo_settings(namens={VENDOR: (SCHOOL,)}, profiel="2W-be-S"),
                          signing_cert=pki.server_cert, signing_key=pki.server_key, trust=pki.trust())
    answer = signed(_request(sign_with=pki))
    assert answer.status == 200 and security.verify_envelope(answer.body, trust=pki.trust()).valid
    refused = signed(_request())
    assert "signature" in _fault(refused)[1] and security.verify_envelope(refused.body, trust=pki.trust()).valid


def test_a_ready_made_ontvanger_is_used_as_given():
    receiver = Receiver(profiel="2W-be", relaxations={"ignores-oin-mismatch"})
    nv = ReferenceNv(demo_settings(), receiver=receiver)
    assert nv.receiver is receiver and nv(_request(from_oin=OTHER_SCHOOL)).status == 200
