"""Request references: a repeat is confirmed again, never processed again, even ten at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from conformance.harness import prerequisite, requirement
from conformance.standards.bestellen.client import new_reference
from conformance.standards.bestellen.codec import OrderLine

CONCURRENT = 10


@requirement("BEST-IDEM-01")
@prerequisite("BEST-ORD-01")
def test_repeated_reference_gets_the_same_confirmation(supplier, evidence):
    """The same order twice with the same reference: one order, the same confirmation."""
    eckid = supplier.nieuw_eckid()
    lines = [OrderLine(1, supplier.product(), 1, (eckid,))]
    reference = new_reference()
    first = supplier.client.place_order(supplier.school, lines, reference=reference).order()
    again = supplier.client.place_order(supplier.school, lines, reference=reference,
                                      label="placeOrder again, same reference").order()
    supplier.eis((again.order_id, again.lines) == (first.order_id, first.lines),
                    f"Received: orderId {again.order_id} {again.lines}\n"
                    f"Expected: the first confirmation, orderId {first.order_id} {first.lines}")
    stored = supplier.licenties(eck_id=eckid)
    supplier.eis(len(stored) == 1, f"Received: {len(stored)} licences for the ECK iD\nExpected: 1")


@requirement("BEST-IDEM-02")
@prerequisite("BEST-ORD-01")
def test_reused_reference_with_other_content_is_refused(supplier, evidence):
    """The reference of an accepted order, reused for another order: a fault, and the other order is not stored."""
    reference = new_reference()
    supplier.client.place_order(supplier.school, [OrderLine(1, supplier.product(), 1)],
                              reference=reference).order()
    other = supplier.nieuw_eckid()
    answer = supplier.client.place_order(supplier.school, [OrderLine(1, supplier.product(), 1, (other,))],
                                       reference=reference, label="placeOrder, same reference, other content")
    supplier.expect_fault(answer, "a reused requestReferenceId with other content")
    stored = supplier.licenties(eck_id=other)
    supplier.eis(stored == [], f"Received: {len(stored)} licences from the refused order\nExpected: none")


@requirement("BEST-IDEM-03")
@prerequisite("BEST-ORD-01")
def test_concurrent_identical_orders_make_one_order(supplier, evidence):
    """Ten identical orders with one reference at the same moment: one orderId, one licence."""
    eckid = supplier.nieuw_eckid()
    lines = [OrderLine(1, supplier.product(), 1, (eckid,))]
    reference = new_reference()

    def send(n: int):  # type: ignore[no-untyped-def]
        return supplier.client.place_order(supplier.school, lines, reference=reference,
                                         label=f"placeOrder, concurrent copy {n + 1}")

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        answers = list(pool.map(send, range(CONCURRENT)))
    order_ids = {answer.order().order_id for answer in answers}
    supplier.eis(len(order_ids) == 1, f"Received: {len(order_ids)} different orderIds\nExpected: 1")
    stored = supplier.licenties(eck_id=eckid)
    supplier.eis(len(stored) == 1, f"Received: {len(stored)} licences for the ECK iD\nExpected: 1")
