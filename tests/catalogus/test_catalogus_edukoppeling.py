"""The reference's ReadCatalog face receives through the shared Edukoppeling Ontvanger and answers through it:
addressing, From OIN against the client certificate, SOAPAction and, in 2W-be-S, signatures both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.edukoppeling.addressing import Addressing, read_addressing, new_message_id
from conformance.edukoppeling.sender import Sender, check_answer_signature
from conformance.pki import ensure_loopback_pki
from conformance.pki.oin import oin_from_certificate
from conformance.standards.catalogus import codec
from conformance.standards.catalogus.reference import READCATALOG_PATH, CatalogueReference
from conformance.standards.catalogus.reference_server import receiver
from conformance.transport import HttpRequest
from conformance.xml.soap import parse_envelope

VERSION = "2.5.2"


@pytest.fixture(scope="module")
def pki(state_dir: Path):  # type: ignore[no-untyped-def]
    return ensure_loopback_pki(state_dir / "pki")


def _app(pki, profiel: str, *defects: str) -> CatalogueReference:  # type: ignore[no-untyped-def]
    return CatalogueReference(seed=1, size=30, versions=(VERSION,), defects=defects,
                              receiver=receiver(pki, profiel, defects))


def _call(app: CatalogueReference, pki, *, signed: bool = True, from_oin: str | None = "client",  # type: ignore[no-untyped-def]
          action: str | None = None, soapaction: str = '""', peer_oin: str | None = None):
    client = pki.test_pki["client"]
    oin = oin_from_certificate(client.load()) if from_oin == "client" else from_oin
    sender = Sender.from_files("2W-be-S", client.chain or client.cert, client.key)
    addressing = Addressing(to="https://catalogus.example", action=action or codec.READ_CATALOG_ACTION(VERSION),
                              message_id=new_message_id(), from_oin=oin)
    body = sender.wrap(codec.read_catalog_body(VERSION, 0, 4), addressing, sign=signed)
    peer = None if peer_oin is None else {"subject": ((("serialNumber", peer_oin),),)}
    answer = app(HttpRequest(method="POST", path=f"{READCATALOG_PATH}/{VERSION}", body=body,
                             headers={"soapaction": soapaction}, client_certificate=peer))
    return answer, parse_envelope(answer.body), addressing


def test_a_signed_request_gets_a_page_signed_by_the_service_in_2w_be_s(pki):
    answer, message, asked = _call(_app(pki, "2W-be-S"), pki)
    assert answer.status == 200 and message.fault is None
    assert check_answer_signature(answer.body, requirement="CAT-SIG-01",
                                  service_oin=oin_from_certificate(pki.test_pki["server"].load()),
                                  trust=pki.trust()) == []
    assert read_addressing(message).relates_to == asked.message_id


@pytest.mark.parametrize("change, reason", [
    ({"from_oin": None}, "no wsa:From"),
    ({"soapaction": '"urn:other"'}, "SOAPAction"),
    ({"action": "urn:other/ReadCatalog"}, "is not ReadCatalog"),
    ({"peer_oin": "00000001999999999000"}, "may not act for it"),
])
@pytest.mark.parametrize("profiel", ["2W-be", "2W-be-S"])
def test_the_profile_checks_refuse_with_a_fault_that_relates_to_the_request(pki, profiel, change, reason):
    answer, message, asked = _call(_app(pki, profiel), pki, **change)
    assert answer.status == 500 and message.fault is not None and reason in message.fault.faultstring
    assert read_addressing(message).relates_to == asked.message_id


def test_2w_be_neither_asks_nor_gives_signatures(pki):
    answer, message, _ = _call(_app(pki, "2W-be"), pki, signed=False)
    assert answer.status == 200 and message.fault is None and b"Security" not in answer.body


@pytest.mark.parametrize("defect, signed, answered, answer_signed", [
    (None, False, False, None),
    ("does-not-verify-signatures", False, True, True),
    ("unsigned-answers", True, True, False),
])
def test_signature_defects_relax_exactly_one_side(pki, defect, signed, answered, answer_signed):
    answer, message, _ = _call(_app(pki, "2W-be-S", *([defect] if defect else [])), pki, signed=signed)
    assert (message.fault is None) is answered
    if answered:
        assert (b"Security" in answer.body) is answer_signed
