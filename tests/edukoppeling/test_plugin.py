"""The Edukoppeling plug-in: catalogue, defects, settings and the reference service's judgement of requests."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from conformance.config import Section
from conformance.edukoppeling import security
from conformance.edukoppeling.addressing import (
    Addressing,
    address_message,
    read_addressing,
    new_message_id,
)
from conformance.errors import ConfigError
from conformance.pki import ensure_loopback_pki
from conformance.pki.oin import school_oin
from conformance.standards import get_standard
from conformance.standards.edukoppeling.codec import PING_ACTION, PING_ANSWER_ACTION, ping_request
from conformance.standards.edukoppeling.reference import ReferenceService
from conformance.standards.edukoppeling.settings import read_settings
from conformance.transport import HttpRequest
from conformance.xml import parse_bytes
from conformance.xml.soap import build_envelope, parse_envelope

EDUK = get_standard("edukoppeling")
CLIENT_OIN = "00000099500000030000"
SCHOOL = school_oin("99XA")
PEER = {"subject": ((("commonName", "client"),), (("serialNumber", CLIENT_OIN),))}


def test_catalogue_and_defects_agree() -> None:
    ids = {r.id for r in EDUK.catalogue.requirements}
    assert {"EDUK-TLS-01", "EDUK-WSA-03", "EDUK-SIG-01"} <= ids
    for defect in EDUK.defects:
        assert set(defect.breaks) <= ids, defect.name


@pytest.fixture(scope="module")
def pki(state_dir: Path):  # type: ignore[no-untyped-def]
    return ensure_loopback_pki(state_dir / "pki")


def _table(pki, **changes: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    table: dict[str, object] = {
        "endpoint": "https://localhost:8443/ping", "profiel": "2W-be-S", "oin": CLIENT_OIN,
        "ca_bundle": str(pki.ca_bundle), "client_cert": str(pki.client_chain), "client_key": str(pki.client_key),
        "operatie": {"action": PING_ACTION, "verzoek": ping_request().decode()}}
    table.update(changes)
    return table


def test_settings_read_the_table_and_take_the_sender_oin_from_the_certificate(pki, tmp_path) -> None:
    settings = read_settings(Section(_table(pki, namens_oins=[SCHOOL]), "edukoppeling", tmp_path))
    assert settings.van_oin == CLIENT_OIN and settings.namens_oins == (SCHOOL,) and settings.signed
    assert settings.timeout == 10 and settings.test_pki is None


@pytest.mark.parametrize(("changes", "field"), [
    ({"endpoint": "http://x.test/"}, "edukoppeling.endpoint"),
    ({"profiel": "2W-be-SE"}, "edukoppeling.profiel"),
    ({"oin": "123"}, "edukoppeling.oin"),
    ({"namens_oins": ["nope"]}, "edukoppeling.namens_oins[0]"),
    ({"timeout": 0}, "edukoppeling.timeout"),
    ({"operatie": {"action": "urn:a", "verzoek": "<a><b>"}}, "edukoppeling.operatie.verzoek"),
    ({"test_pki": "/nonexistent"}, "edukoppeling.test_pki"),
    ({"crl_files": ["missing.crl"]}, "edukoppeling.crl_files[0]"),
    ({"crl_files": ["ca-bundle.pem"]}, "edukoppeling.crl_files"),  # a file that is no CRL
])
def test_settings_errors_name_the_field(pki, tmp_path, changes, field) -> None:
    (tmp_path / "ca-bundle.pem").write_bytes(pki.ca_bundle.read_bytes())
    with pytest.raises(ConfigError) as caught:
        read_settings(Section(_table(pki, **changes), "edukoppeling", tmp_path))
    assert caught.value.field == field


def _service(pki, *defects: str, profiel: str = "2W-be-S") -> ReferenceService:  # type: ignore[no-untyped-def]
    return ReferenceService(profiel=profiel, signing_cert=pki.server_cert, signing_key=pki.server_key,
                            namens={CLIENT_OIN: (SCHOOL,)}, defects=defects, trust=pki.trust())


def _request(pki, *, sign: bool = True, digest: str = "sha256", now: dt.datetime | None = None,
             **changes: object) -> tuple[bytes, Addressing]:  # type: ignore[no-untyped-def]
    addressing = dataclasses.replace(Addressing(to="https://localhost/ping", action=PING_ACTION,
                                                  message_id=new_message_id(), from_oin=CLIENT_OIN), **changes)
    envelope = address_message(build_envelope(parse_bytes(ping_request())), addressing)
    if sign:
        key = serialization.load_pem_private_key(pki.client_key.read_bytes(), password=None)
        cert = x509.load_pem_x509_certificate(pki.test_pki["client"].cert.read_bytes())
        envelope = security.sign_envelope(envelope, key=key, certificate=cert, digest=digest, now=now)
    return envelope, addressing


def _call(service: ReferenceService, body: bytes, *, soapaction: str = f'"{PING_ACTION}"', peer=PEER):  # type: ignore[no-untyped-def]
    response = service(HttpRequest(method="POST", path="/", headers={"soapaction": soapaction}, body=body,
                                  client_certificate=peer))
    return response, parse_envelope(response.body)


def test_a_good_request_gets_a_signed_answer_that_relates_to_it(pki) -> None:
    body, request = _request(pki)
    response, message = _call(_service(pki), body)
    assert response.status == 200 and message.fault is None
    answer = read_addressing(message)
    assert answer.action == PING_ANSWER_ACTION and answer.relates_to == request.message_id
    check = security.verify_envelope(response.body, trust=pki.trust())
    assert check.valid, check.problems
    assert security.signer_oin(check) == CLIENT_OIN  # the reference's server certificate carries the suite OIN


def test_the_saas_oin_is_allowed_in_from_and_another_is_not(pki) -> None:
    service = _service(pki)
    assert _call(service, _request(pki, from_oin=SCHOOL)[0])[1].fault is None
    fault = _call(service, _request(pki, from_oin="00000099500000990000")[0])[1].fault
    assert fault is not None and "may not act for it" in fault.faultstring


@pytest.mark.parametrize(("defect", "make", "soapaction"), [
    (None, {"to": None}, None),
    ("accepts-missing-from", {"from_oin": None}, None),
    ("ignores-oin-mismatch", {"from_oin": "00000099500000990000"}, None),
    ("ignores-soapaction", {}, '"urn:other"'),
    ("does-not-verify-signatures", {"sign": False}, None),
    ("accepts-sha1", {"digest": "sha1"}, None),
    ("accepts-expired-timestamp", {"now": dt.timedelta(hours=-1)}, None),
])
def test_each_defect_lets_exactly_its_bad_request_through(pki, defect, make, soapaction) -> None:
    if "now" in make:  # signed an hour ago, but not before the certificate (made with the PKI) was valid
        make = dict(make, now=dt.datetime.now(dt.UTC) + make["now"])
    body, _ = _request(pki, **make)
    kwargs = {} if soapaction is None else {"soapaction": soapaction}
    assert _call(_service(pki), body, **kwargs)[1].fault is not None
    if defect is not None:
        assert _call(_service(pki, defect), body, **kwargs)[1].fault is None


def test_replays_are_refused_unless_the_defect_allows_them(pki) -> None:
    body, _ = _request(pki)
    service = _service(pki)
    assert _call(service, body)[1].fault is None
    fault = _call(service, body)[1].fault
    assert fault is not None and "replay" in fault.faultstring
    lax = _service(pki, "accepts-replay")
    assert _call(lax, body)[1].fault is None and _call(lax, body)[1].fault is None


def test_answer_defects(pki) -> None:
    body, request = _request(pki)
    assert read_addressing(_call(_service(pki, "omits-relates-to"), body)[1]).relates_to is None
    assert read_addressing(_call(_service(pki, "reuses-message-id"), body)[1]).message_id == request.message_id
    response, _ = _call(_service(pki, "unsigned-answers"), body)
    assert not security.verify_envelope(response.body, trust=pki.trust()).valid


def test_profile_2w_be_needs_no_signature(pki) -> None:
    body, _ = _request(pki, sign=False)
    response, message = _call(_service(pki, profiel="2W-be"), body)
    assert message.fault is None and b"Security" not in response.body


def test_hostile_xml_gets_a_fault(pki) -> None:
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>'
    response, message = _call(_service(pki), bomb)
    assert response.status == 500 and message.fault is not None
