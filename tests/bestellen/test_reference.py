"""The reference ordering service on its own: state survives a restart, one transaction per request, idempotency
under concurrency, and the client certificate's OIN decides who may act."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from conformance.config import Section
from conformance.edukoppeling.sender import Sender
from conformance.pki import ensure_loopback_pki
from conformance.pki.oin import oin_from_certificate
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.client import OrderClient, new_reference
from conformance.standards.bestellen.codec import OrderLine
from conformance.standards.bestellen.reference_server import start_reference
from conformance.standards.bestellen.settings import read_settings
from conformance.transport import HttpClient, TlsSettings

ECKID = "https://ketenid.nl/pilot/" + "1a" * 64


def _client(state: Path, reference, party: str = "client") -> tuple[HttpClient, OrderClient]:  # type: ignore[no-untyped-def]
    pki = ensure_loopback_pki(state / "pki")
    chosen = pki.test_pki[party]
    http = HttpClient(tls=TlsSettings(ca_bundle=pki.ca_bundle, client_cert=chosen.chain or chosen.cert,
                                      client_key=chosen.key))
    settings = read_settings(Section(reference.config, "bestellen", state))
    sender = Sender.from_files(settings.profiel, chosen.chain or chosen.cert, chosen.key)
    return http, OrderClient(http, settings, sender)


@pytest.fixture
def service(tmp_path, state_dir):  # type: ignore[no-untyped-def]
    ensure_loopback_pki(state_dir / "pki")  # certificates are slow to make: share the session's
    (tmp_path / "pki").symlink_to(state_dir / "pki", target_is_directory=True)
    reference = start_reference(tmp_path)
    http, client = _client(tmp_path, reference)
    yield tmp_path, reference, client
    http.close()
    reference.stop()


def test_accepted_order_survives_a_restart(service):
    state, reference, client = service
    product = client.settings.producten[0]
    answer = client.place_order("99XA", [OrderLine(1, product, 1, (ECKID,))]).order("t")
    reference.stop()
    again = start_reference(state)
    http, after = _client(state, again)
    try:
        read = after.read_order(answer.order_id).order("t")
        assert read.status == "Accepted" and read.lines == answer.lines
        licences = after.licenties(school="99XA", order_id=answer.order_id).licences("t")
        assert [lic.eck_id for lic in licences] == [ECKID]
    finally:
        http.close()
        again.stop()


def test_ten_identical_orders_at_once_make_one_order(service):
    _, _, client = service
    reference = new_reference()
    line = OrderLine(1, client.settings.producten[0], 2)
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: client.place_order("99XB", [line], reference=reference), range(10)))
    order_ids = {a.order("t").order_id for a in answers}
    assert len(order_ids) == 1
    licences = client.licenties(school="99XB").licences("t")
    assert {lic.order_id for lic in licences} == order_ids and len(licences) == 2


def test_malformed_order_writes_nothing(service):
    _, _, client = service
    body = codec.place_order(codec.Order(new_reference(), client.settings.oin, "99XA",
                                         (OrderLine(1, client.settings.producten[0], 1, (ECKID,)),
                                          OrderLine(2, client.settings.producten[0], 1))))
    body.findall(f"{{{codec.NS}}}orderLine")[1].find(f"{{{codec.NS}}}quantity").text = "twee"
    assert client.send("placeOrder", body).fault("t").code == "InvalidRequest"
    assert client.licenties(eck_id=ECKID).licences("t") == []


def test_reused_reference_with_other_content_is_refused(service):
    _, _, client = service
    reference = new_reference()
    product = client.settings.producten[0]
    first = client.place_order("99XA", [OrderLine(1, product, 1)], reference=reference).order("t")
    assert client.place_order("99XA", [OrderLine(1, product, 5)], reference=reference).fault("t").code == "ReferenceReused"
    assert len(client.licenties(school="99XA", order_id=first.order_id).licences("t")) == 1


def test_the_certificate_oin_decides(service):
    state, reference, client = service
    http, stranger = _client(state, reference, party="candidate")  # its OIN acts for no school
    stranger_oin = oin_from_certificate(ensure_loopback_pki(state / "pki").test_pki["candidate"].load())
    product = client.settings.producten[0]
    try:
        # wsa:From names the suite's OIN, the certificate another: the Edukoppeling receiver refuses it
        answer = stranger.place_order("99XA", [OrderLine(1, product, 1)])
        assert answer.fault("t").code == "InvalidMessage" and "client certificate" in answer.fault("t").message
        # From its own OIN, orderingParty the suite's: not its certificate's OIN, so not authorised
        as_itself = OrderClient(http, dataclasses.replace(stranger.settings, oin=stranger_oin), stranger.sender)
        order = codec.place_order(codec.Order(new_reference(), client.settings.oin, "99XA",
                                              (OrderLine(1, product, 1),)))
        assert as_itself.send("placeOrder", order).fault("t").code == "NotAuthorised"
        # its own party, but a school it does not act for
        assert as_itself.place_order("99XA", [OrderLine(1, product, 1)]).fault("t").code == "NotAuthorised"
    finally:
        http.close()
    assert client.place_order(client.settings.andere_school, [OrderLine(1, product, 1)]).fault("t").code == "NotAuthorised"


def test_block_unblock_return_and_no_cancel_after_activation(service):
    _, _, client = service
    order = client.place_order("99XA", [OrderLine(1, client.settings.producten[1], 2)]).order("t")
    first, second = order.lines[0].licence_ids

    def states() -> dict[str, str]:
        return {lic.licence_id: lic.state for lic in client.licenties(school="99XA", order_id=order.order_id)
                .licences("t")}

    client.change("activateLicences", [first]).changed("t")
    client.change("blockLicences", [first, second]).changed("t")
    assert states() == {first: "Blocked", second: "Blocked"}
    client.change("unblockLicences", [first, second]).changed("t")
    assert states() == {first: "Active", second: "NotActive"}
    assert client.cancel(order.order_id).fault("t").code == "CancellationClosed"
    client.change("returnLicences", [second]).changed("t")
    assert states()[second] == "Returned"
    [result] = client.change("activateLicences", [second]).changed("t")
    assert result.fault is not None and result.fault.code == "InvalidState"


def test_hostile_xml_is_a_fault_not_a_crash(service):
    _, reference, client = service
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&b;</soap:Body>'
            b'</soap:Envelope>')
    exchange = client.http.post(client.settings.endpoint("placeOrder"), bomb,
                                headers={"Content-Type": "text/xml; charset=utf-8"}, label="bomb")
    assert exchange.status == 500
    assert b"InvalidMessage" in exchange.response_body
    assert etree.fromstring(exchange.response_body) is not None
