"""Message exchange: answers carry WS-Addressing headers tied to their request (Edukoppeling) and follow the
message schema (a schema pack's when the run has one)."""

from __future__ import annotations

from conformance.harness import fail_on, requirement, schema_verdict
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.checks import check_addressed_answer
from conformance.standards.bestellen.codec import OrderLine
from conformance.standards.bestellen.schemas import message_schema
from conformance.xml import judge_schema


@requirement("BEST-MSG-01")
def test_answers_carry_addressing_headers(supplier, evidence, requirement_id):
    """An order answer, a licence read answer and a fault answer each have Action, MessageID and RelatesTo."""
    answers = [supplier.client.place_order(supplier.school, [OrderLine(1, supplier.product(), 1)]),
               supplier.client.licenties(school=supplier.school, order_id="ORD-none"),
               supplier.client.licenties(school=supplier.settings.andere_school,
                                         label="readLicences for another party's school")]
    for answer in answers:
        fail_on(check_addressed_answer(answer, requirement=requirement_id))


@requirement("BEST-MSG-02")
def test_answers_follow_the_message_schema(supplier, evidence, schema_pack, dual_validation):
    """Every kind of answer validates against the message schema (the schema pack's when the run has one).

    An order with a refused line, read back, licences read and changed, and a fault; each exchange names the schema
    it was checked against, ours when the run has no pack for bestellen. One that fails fails the test; else one on
    which the two schema validators disagree (official runs) makes it cantTell."""
    schema, schema_name = message_schema(schema_pack)
    client, settings = supplier.client, supplier.settings
    placed = client.place_order(supplier.school, [OrderLine(1, supplier.product(), 1),
                                                  OrderLine(2, settings.onbekend_product, 1)],
                                label="placeOrder with an unknown product on line 2")
    answers = [placed]
    order = placed.order()
    if "readOrder" in settings.operaties:
        answers.append(client.read_order(order.order_id))
    answers.append(client.licenties(school=supplier.school, order_id=order.order_id))
    change = next((op for op in codec.LICENCE_CHANGES if op in settings.operaties), None)
    if change is not None and order.line(1) is not None:
        answers.append(client.change(change, list(order.line(1).licence_ids)))
    answers.append(client.licenties(school=settings.andere_school, label="readLicences for another party's school"))
    judged = []
    for answer in answers:
        answer.exchange.label += f" [answer checked against {schema_name}]"
        soap = answer.message()
        if soap.fault is not None:
            element = soap.body_children[0].find(f"detail/{{{codec.NS}}}bestellenFault")
            if element is None:
                continue  # a fault without our detail has nothing to validate; the codec reads its faultcode
            what = "the fault's bestellenFault detail"
        else:
            element, what = answer.body(), f"the {answer.operation}Response"
        judged.append((f"{answer.exchange.label}: {what}",
                       judge_schema(schema, element, dual=dual_validation)))
    schema_verdict(judged)
