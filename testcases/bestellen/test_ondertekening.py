"""Profile 2W-be-S on the ordering services: signed answers, and orders refused for their signature."""

from __future__ import annotations

import pytest
from lxml import etree

from conformance.edukoppeling.afzender import handtekening_problemen
from conformance.errors import Failure
from conformance.harness import inapplicable, requirement
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.client import nieuwe_referentie
from conformance.standards.bestellen.codec import OrderLine
from conformance.xml.soap import parse_envelope


@pytest.fixture
def ondertekend(bestellen_settings):  # type: ignore[no-untyped-def]
    if not bestellen_settings.ondertekend:
        inapplicable("the candidate declares profile 2W-be ([bestellen] profiel): nothing is signed")


@requirement("BEST-SIG-01")
def test_answers_are_signed_by_the_supplier(ondertekend, leverancier, run_trust, evidence):
    """An order answer, a licence read answer and a fault each carry a valid signature by the supplier's OIN."""
    answers = [leverancier.client.bestel(leverancier.school, [OrderLine(1, leverancier.product(), 1)]),
               leverancier.client.licenties(school=leverancier.school, order_id="ORD-none"),
               leverancier.client.licenties(school=leverancier.settings.andere_school,
                                            label="readLicences for another party's school (a fault)")]
    for answer in answers:
        problems = handtekening_problemen(answer.exchange.response_body,
                                          dienst_oin=leverancier.settings.leverancier_oin, trust=run_trust)
        leverancier.eis(problems == [], f"{answer.exchange.label}: the answer's signature does not hold:\n"
                        + "\n".join(f"- {p}" for p in problems), "BEST-SIG-01")


def _change_quantity(envelope: bytes) -> bytes:
    """The signed order with its quantity raised after signing."""
    root = parse_envelope(envelope).envelope
    quantity = root.find(f".//{{{codec.NS}}}quantity")
    assert quantity is not None
    quantity.text = "3"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@requirement("BEST-SIG-02")
@pytest.mark.parametrize("geval", ["niet-ondertekend", "gewijzigd"])
def test_badly_signed_order_is_refused_and_changes_nothing(ondertekend, leverancier, evidence, geval):
    """An unsigned order, or a signed one whose quantity was changed afterwards: a fault, and no licences."""
    eck_id = leverancier.nieuw_eckid()
    order = codec.Order(nieuwe_referentie(), leverancier.settings.oin, leverancier.school,
                        (OrderLine(1, leverancier.product(), 1, (eck_id,)),))
    client = leverancier.client
    if geval == "niet-ondertekend":
        payload, message_id = client.verpak("placeOrder", codec.place_order(order), ondertekenen=False)
        why = "an unsigned order"
    else:
        payload, message_id = client.verpak("placeOrder", codec.place_order(order))
        payload, why = _change_quantity(payload), "an order whose signed quantity was changed after signing"
    leverancier.fout(client.post("placeOrder", payload, message_id, label=f"placeOrder: {why}"), "BEST-SIG-02", why)
    licences = leverancier.licenties("BEST-SIG-02", eck_id=eck_id, label="readLicences for the order's ECK iD")
    if licences:
        raise Failure(f"Received: {len(licences)} licences for the ECK iD of {why}\nExpected: none (the refused "
                      f"order changes nothing)", requirement="BEST-SIG-02")
