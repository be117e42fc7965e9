"""Request references: a repeat is confirmed again, never processed again, even ten at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from conformance.harness import prerequisite, requirement
from conformance.standards.bestellen.client import nieuwe_referentie
from conformance.standards.bestellen.codec import OrderLine

CONCURRENT = 10


@requirement("BEST-IDEM-01")
@prerequisite("BEST-ORD-01")
def test_repeated_reference_gets_the_same_confirmation(leverancier, evidence):
    """The same order twice with the same reference: one order, the same confirmation."""
    eckid = leverancier.nieuw_eckid()
    lines = [OrderLine(1, leverancier.product(), 1, (eckid,))]
    reference = nieuwe_referentie()
    first = leverancier.client.bestel(leverancier.school, lines, reference=reference).order()
    again = leverancier.client.bestel(leverancier.school, lines, reference=reference,
                                      label="placeOrder again, same reference").order()
    leverancier.eis((again.order_id, again.lines) == (first.order_id, first.lines),
                    f"Received: orderId {again.order_id} {again.lines}\n"
                    f"Expected: the first confirmation, orderId {first.order_id} {first.lines}")
    stored = leverancier.licenties(eck_id=eckid)
    leverancier.eis(len(stored) == 1, f"Received: {len(stored)} licences for the ECK iD\nExpected: 1")


@requirement("BEST-IDEM-02")
@prerequisite("BEST-ORD-01")
def test_reused_reference_with_other_content_is_refused(leverancier, evidence):
    """The reference of an accepted order, reused for another order: a fault, and the other order is not stored."""
    reference = nieuwe_referentie()
    leverancier.client.bestel(leverancier.school, [OrderLine(1, leverancier.product(), 1)],
                              reference=reference).order()
    other = leverancier.nieuw_eckid()
    answer = leverancier.client.bestel(leverancier.school, [OrderLine(1, leverancier.product(), 1, (other,))],
                                       reference=reference, label="placeOrder, same reference, other content")
    leverancier.fout(answer, "a reused requestReferenceId with other content")
    stored = leverancier.licenties(eck_id=other)
    leverancier.eis(stored == [], f"Received: {len(stored)} licences from the refused order\nExpected: none")


@requirement("BEST-IDEM-03")
@prerequisite("BEST-ORD-01")
def test_concurrent_identical_orders_make_one_order(leverancier, evidence):
    """Ten identical orders with one reference at the same moment: one orderId, one licence."""
    eckid = leverancier.nieuw_eckid()
    lines = [OrderLine(1, leverancier.product(), 1, (eckid,))]
    reference = nieuwe_referentie()

    def send(n: int):  # type: ignore[no-untyped-def]
        return leverancier.client.bestel(leverancier.school, lines, reference=reference,
                                         label=f"placeOrder, concurrent copy {n + 1}")

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        answers = list(pool.map(send, range(CONCURRENT)))
    order_ids = {answer.order().order_id for answer in answers}
    leverancier.eis(len(order_ids) == 1, f"Received: {len(order_ids)} different orderIds\nExpected: 1")
    stored = leverancier.licenties(eck_id=eckid)
    leverancier.eis(len(stored) == 1, f"Received: {len(stored)} licences for the ECK iD\nExpected: 1")
