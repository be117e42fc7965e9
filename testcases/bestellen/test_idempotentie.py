"""Request references: a repeat is confirmed again, never processed again, even ten at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from conformance.harness import fail_on, prerequisite, requirement
from conformance.standards.bestellen.checks import (
    check_licence_count,
    check_one_order_id,
    check_refused,
    check_same_confirmation,
)
from conformance.standards.bestellen.client import new_reference
from conformance.standards.bestellen.codec import OrderLine

CONCURRENT = 10


@requirement("BEST-IDEM-01")
@prerequisite("BEST-ORD-01")
def test_repeated_reference_gets_the_same_confirmation(supplier, evidence, requirement_id):
    """The same order twice with the same reference: one order, the same confirmation."""
    eckid = supplier.new_eckid()
    lines = [OrderLine(1, supplier.product(), 1, (eckid,))]
    reference = new_reference()
    first = supplier.client.place_order(supplier.school, lines, reference=reference).order()
    again = supplier.client.place_order(supplier.school, lines, reference=reference,
                                        label="placeOrder again, same reference").order()
    fail_on(check_same_confirmation(again, first, requirement=requirement_id))
    stored = supplier.read_licences(eck_id=eckid)
    fail_on(check_licence_count(stored, 1, "for the ECK iD", requirement=requirement_id))


@requirement("BEST-IDEM-02")
@prerequisite("BEST-ORD-01")
def test_reused_reference_with_other_content_is_refused(supplier, evidence, requirement_id):
    """The reference of an accepted order, reused for another order: a fault, and the other order is not stored."""
    reference = new_reference()
    supplier.client.place_order(supplier.school, [OrderLine(1, supplier.product(), 1)],
                                reference=reference).order()
    other = supplier.new_eckid()
    answer = supplier.client.place_order(supplier.school, [OrderLine(1, supplier.product(), 1, (other,))],
                                         reference=reference, label="placeOrder, same reference, other content")
    fail_on(check_refused(answer, "a reused requestReferenceId with other content", requirement=requirement_id))
    stored = supplier.read_licences(eck_id=other)
    fail_on(check_licence_count(stored, 0, "from the refused order", expected="none", requirement=requirement_id))


@requirement("BEST-IDEM-03")
@prerequisite("BEST-ORD-01")
def test_concurrent_identical_orders_make_one_order(supplier, evidence, requirement_id):
    """Ten identical orders with one reference at the same moment: one orderId, one licence."""
    eckid = supplier.new_eckid()
    lines = [OrderLine(1, supplier.product(), 1, (eckid,))]
    reference = new_reference()

    def send(n: int):  # type: ignore[no-untyped-def]
        return supplier.client.place_order(supplier.school, lines, reference=reference,
                                           label=f"placeOrder, concurrent copy {n + 1}")

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        answers = list(pool.map(send, range(CONCURRENT)))
    fail_on(check_one_order_id([answer.order() for answer in answers], requirement=requirement_id))
    stored = supplier.read_licences(eck_id=eckid)
    fail_on(check_licence_count(stored, 1, "for the ECK iD", requirement=requirement_id))
