"""The shared receiving side (conformance.edukoppeling.ontvanger): what 2W-be and 2W-be-S each demand."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from conformance.edukoppeling import security
from conformance.edukoppeling.addressing import Addressing, address_message, new_message_id
from conformance.edukoppeling.receiver import (
    Refused,
    Receiver,
    client_oin,
    read_keypair,
)
from conformance.pki import ensure_loopback_pki
from conformance.pki.probes import PROBES, probe_signer
from conformance.transport import HttpRequest
from conformance.xml import parse_bytes
from conformance.xml.soap import build_envelope

OIN = "00000099500000030000"
PEER = {"subject": ((("serialNumber", OIN),),)}
ACTION = "urn:test:op"


@pytest.fixture(scope="module")
def pki(state_dir: Path):  # type: ignore[no-untyped-def]
    return ensure_loopback_pki(state_dir / "pki")


def _request(pki, *, sign: bool, from_oin: str = OIN, message_id: str | None = None) -> HttpRequest:  # type: ignore[no-untyped-def]
    addressing = Addressing(to="https://localhost/op", action=ACTION, message_id=message_id or new_message_id(),
                              from_oin=from_oin)
    envelope = address_message(build_envelope(parse_bytes(b"<op xmlns='urn:test'/>")), addressing)
    if sign:
        key = serialization.load_pem_private_key(pki.client_key.read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate(pki.test_pki["client"].cert.read_bytes())
        envelope = security.sign_envelope(envelope, key=key, certificate=cert)
    return HttpRequest(method="POST", path="/", headers={"soapaction": f'"{ACTION}"'}, body=envelope,
                       client_certificate=PEER)


def _signed(pki, **kwargs) -> Receiver:  # type: ignore[no-untyped-def]
    key, cert = read_keypair(pki.server_cert, pki.server_key)
    return Receiver(profiel="2W-be-S", key=key, certificate=cert, trust=pki.trust(), **kwargs)


def test_2w_be_checks_addressing_and_the_oin_but_neither_signs_nor_needs_signatures(pki) -> None:
    receiver = Receiver(profiel="2W-be")
    accepted = receiver.receive(_request(pki, sign=False, message_id="urn:uuid:same"))
    assert accepted.client_oin == OIN and accepted.addressing.from_oin == OIN
    receiver.receive(_request(pki, sign=False, message_id="urn:uuid:same"))  # no replay memory in 2W-be
    with pytest.raises(Refused, match="may not act for it"):
        receiver.receive(_request(pki, sign=False, from_oin="00000099500000990000"))
    assert receiver.sign_answer(b"<unchanged/>") == b"<unchanged/>"


def test_2w_be_s_demands_a_signature_refuses_replays_and_signs_answers(pki) -> None:
    receiver = _signed(pki)
    with pytest.raises(Refused, match="signature does not hold"):
        receiver.receive(_request(pki, sign=False))
    request = _request(pki, sign=True)
    receiver.receive(request)
    with pytest.raises(Refused, match="replay"):
        receiver.receive(request)
    answer = receiver.sign_answer(address_message(build_envelope(parse_bytes(b"<r xmlns='urn:test'/>")),
                                            Addressing(action=ACTION, message_id=new_message_id())))
    assert security.verify_envelope(answer, trust=pki.trust()).valid


def test_a_request_the_service_refuses_is_not_remembered_as_received(pki) -> None:
    receiver = _signed(pki)
    request = _request(pki, sign=True)

    def refuse(message, addressing) -> None:  # type: ignore[no-untyped-def]
        raise Refused("not an operation of this service")

    with pytest.raises(Refused, match="not an operation"):
        receiver.receive(request, refuse)
    receiver.receive(request)


def test_versoepelingen_switch_single_checks_off(pki) -> None:
    receiver = _signed(pki, relaxations={"accepts-replay", "unsigned-answers"})
    request = _request(pki, sign=True)
    receiver.receive(request)
    receiver.receive(request)
    assert receiver.sign_answer(b"<unchanged/>") == b"<unchanged/>"


def test_bad_construction_is_refused_early(pki) -> None:
    with pytest.raises(ValueError, match="profiel"):
        Receiver(profiel="2W-be-SE")
    with pytest.raises(ValueError, match="key and certificate"):
        Receiver(profiel="2W-be-S")
    with pytest.raises(ValueError, match="unknown versoepelingen"):
        Receiver(profiel="2W-be", relaxations={"accepts-anything"})
    assert client_oin(None) is None and client_oin({"subject": ()}) is None


#: The versoepeling (a reference defect) that lets each probe's signer through.
_LETS_THROUGH = {"self-signed": "accepts-self-signed-signer", "untrusted": "accepts-untrusted-signer",
                 "expired": "accepts-expired-signer", "weak-key": "accepts-weak-signer-key",
                 "other-party": "accepts-other-party-signer"}


def _signed_by(pki, probe: str, *, from_oin: str = OIN) -> HttpRequest:  # type: ignore[no-untyped-def]
    signer = probe_signer(probe, own=pki.test_pki["client"].load(), test_pki=pki.test_pki)
    addressing = Addressing(to="https://localhost/op", action=ACTION, message_id=new_message_id(),
                              from_oin=from_oin)
    envelope = address_message(build_envelope(parse_bytes(b"<op xmlns='urn:test'/>")), addressing)
    envelope = security.sign_envelope(envelope, key=signer.key, certificate=signer.certificate)
    return HttpRequest(method="POST", path="/", headers={"soapaction": f'"{ACTION}"'}, body=envelope,
                       client_certificate=PEER)


@pytest.mark.parametrize("probe", sorted(PROBES))
def test_a_request_signed_by_an_untrusted_or_other_signer_is_refused_and_one_versoepeling_lets_it_through(
        pki, probe) -> None:
    with pytest.raises(Refused) as refused:
        _signed(pki).receive(_signed_by(pki, probe))
    reason = refused.value.reason
    assert "\n" not in reason and "BEGIN CERTIFICATE" not in reason
    assert ("client certificate belongs to" in reason) == (probe == "other-party")
    _signed(pki, relaxations={_LETS_THROUGH[probe]}).receive(_signed_by(pki, probe))
    for other in set(_LETS_THROUGH.values()) - {_LETS_THROUGH[probe]}:
        with pytest.raises(Refused):
            _signed(pki, relaxations={other}).receive(_signed_by(pki, probe))


def test_the_signer_may_be_a_party_the_client_acts_for(pki) -> None:
    """A SaaS client certificate with a school's signing certificate passes when `namens` allows it."""
    school = pki.test_pki["vendor"].oin
    _signed(pki, namens={OIN: (school,)}).receive(_signed_by(pki, "other-party", from_oin=school))


def test_without_a_client_certificate_wsa_from_must_name_the_signer(pki) -> None:
    request = _signed_by(pki, "other-party")  # signed by the vendor, From names the suite
    bare = HttpRequest(method=request.method, path=request.path, headers=request.headers, body=request.body,
                       client_certificate=None)
    with pytest.raises(Refused, match="request is signed by 00000099500000010000"):
        _signed(pki).receive(bare)


def test_2w_be_s_needs_trust_anchors(pki) -> None:
    key, cert = read_keypair(pki.server_cert, pki.server_key)
    with pytest.raises(ValueError, match="trust anchors"):
        Receiver(profiel="2W-be-S", key=key, certificate=cert)


def test_self_signed_answers_hold_mathematically_but_not_by_the_runs_trust(pki) -> None:
    receiver = _signed(pki, relaxations={"self-signed-answers"})
    answer = receiver.sign_answer(address_message(build_envelope(parse_bytes(b"<r xmlns='urn:test'/>")),
                                            Addressing(action=ACTION, message_id=new_message_id())))
    assert security.verify_envelope(answer, trust=None).valid
    check = security.verify_envelope(answer, trust=pki.trust())
    assert [f.check for f in check.trust_findings] == ["self-signed"]
