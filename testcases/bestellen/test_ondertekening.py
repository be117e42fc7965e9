"""Profile 2W-be-S on the ordering services: signed answers, and orders refused for their signature."""

from __future__ import annotations

import pytest
from lxml import etree

from conformance.edukoppeling.sender import Sender, check_answer_signature
from conformance.harness import fail_on, inapplicable, make_signer_probe, prerequisite, requirement
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.checks import check_licence_count, check_refused
from conformance.standards.bestellen.client import new_reference
from conformance.standards.bestellen.codec import OrderLine
from conformance.xml.soap import parse_envelope


@pytest.fixture
def signed(bestellen_settings):  # type: ignore[no-untyped-def]
    if not bestellen_settings.signed:
        inapplicable("the candidate declares profile 2W-be ([bestellen] profiel): nothing is signed")


@requirement("BEST-SIG-01")
def test_answers_are_signed_by_the_supplier(signed, supplier, run_trust, evidence, requirement_id):
    """An order answer, a licence read answer and a fault each carry a valid signature by the supplier's OIN."""
    answers = [supplier.client.place_order(supplier.school, [OrderLine(1, supplier.product(), 1)]),
               supplier.client.licenties(school=supplier.school, order_id="ORD-none"),
               supplier.client.licenties(school=supplier.settings.andere_school,
                                         label="readLicences for another party's school (a fault)")]
    for answer in answers:
        fail_on(check_answer_signature(answer.exchange.response_body, requirement=requirement_id,
                                       service_oin=supplier.settings.leverancier_oin, trust=run_trust),
                heading=f"{answer.exchange.label}: the answer's signature does not hold:")


def _change_quantity(envelope: bytes) -> bytes:
    """The signed order with its quantity raised after signing."""
    root = parse_envelope(envelope).envelope
    quantity = root.find(f".//{{{codec.NS}}}quantity")
    assert quantity is not None
    quantity.text = "3"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@requirement("BEST-SIG-02")
@pytest.mark.parametrize("case", ["niet-ondertekend", "gewijzigd"])
def test_badly_signed_order_is_refused_and_changes_nothing(signed, supplier, evidence, requirement_id, case):
    """An unsigned order, or a signed one whose quantity was changed afterwards: a fault, and no licences."""
    def sign(order: etree._Element) -> tuple[bytes, str, str]:
        if case == "niet-ondertekend":
            return *supplier.client.wrap("placeOrder", order, sign=False), "an unsigned order"
        payload, message_id = supplier.client.wrap("placeOrder", order)
        return _change_quantity(payload), message_id, "an order whose signed quantity was changed after signing"

    _refused_order(supplier, sign, requirement_id)


def _refused_order(supplier, sign, requirement_id) -> None:  # type: ignore[no-untyped-def]
    """An order that `sign` makes (payload, message id, why) for a fresh ECK iD: a fault, and no licences."""
    eck_id = supplier.new_eckid()
    order = codec.Order(new_reference(), supplier.settings.oin, supplier.school,
                        (OrderLine(1, supplier.product(), 1, (eck_id,)),))
    payload, message_id, why = sign(codec.place_order(order))
    answer = supplier.client.post("placeOrder", payload, message_id, label=f"placeOrder: {why}")
    fail_on(check_refused(answer, why, requirement=requirement_id))
    licences = supplier.read_licences(eck_id=eck_id, label="readLicences for the order's ECK iD")
    fail_on(check_licence_count(licences, 0, f"for the ECK iD of {why}",
                                expected="none (the refused order changes nothing)", requirement=requirement_id))


@pytest.fixture
def signer_probe(signed, supplier, candidate_config, probe_sender, requirement_id):  # type: ignore[no-untyped-def]
    """An order from the suite's party over its own TLS certificate, signed with the probe certificate."""
    def send(sender: Sender, signer: str) -> None:
        def sign(order: etree._Element) -> tuple[bytes, str, str]:
            return *supplier.client.wrap("placeOrder", order, sender=sender), f"an order signed with {signer}"

        _refused_order(supplier, sign, requirement_id)

    return make_signer_probe(probe_sender, candidate_config.tls, send)


@requirement("BEST-SIG-03")
@prerequisite("BEST-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_self_signed_certificate_gets_a_fault(signer_probe, evidence):
    """An order signed with a self-signed certificate carrying the suite's OIN: a fault, and no licences."""
    signer_probe("self-signed")


@requirement("BEST-SIG-04")
@prerequisite("BEST-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_certificate_of_an_untrusted_root_gets_a_fault(signer_probe, evidence):
    """An order signed with a certificate (the suite's OIN) of an untrusted root: a fault, and no licences."""
    signer_probe("untrusted")


@requirement("BEST-SIG-05")
@prerequisite("BEST-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_expired_certificate_gets_a_fault(signer_probe, evidence):
    """An order signed with an expired certificate of the trusted test PKI: a fault, and no licences."""
    signer_probe("expired")


@requirement("BEST-SIG-06")
@prerequisite("BEST-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_weak_key_gets_a_fault(signer_probe, evidence):
    """An order signed with a 1024-bit RSA key (certificate of the trusted test PKI): a fault, and no licences."""
    signer_probe("weak-key")


@requirement("BEST-SIG-07")
@prerequisite("BEST-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_another_partys_certificate_gets_a_fault(signer_probe, evidence):
    """An order over the suite's TLS certificate, signed with another party's valid certificate: a fault, and no
    licences."""
    signer_probe("other-party")
