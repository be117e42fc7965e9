"""Cancelling orders: possible until the first activation, refused after it."""

from __future__ import annotations

from conformance.harness import capability, prerequisite, requirement
from conformance.standards.bestellen.codec import OrderLine


@requirement("BEST-CAN-01")
@prerequisite("BEST-ORD-01")
@capability("cancelOrder")
def test_order_can_be_cancelled_before_activation(supplier, evidence):
    """Cancel line 2 of an order, then the rest: the lines and their licences read as Cancelled."""
    eis = supplier.eis
    placed = supplier.place_order([OrderLine(1, supplier.product(0), 1), OrderLine(2, supplier.product(1), 2)])
    answer = supplier.client.cancel(placed.order_id, [2], label="cancelOrder line 2").order()
    line = answer.line(2)
    eis(line is not None and line.status == "Cancelled", f"Received: line 2 {line}\nExpected: Cancelled")
    states = supplier.staten(placed, label="readLicences after cancelling line 2")
    expected = {i: "Cancelled" for i in placed.line(2).licence_ids} | {i: "NotActive" for i in placed.line(1).licence_ids}
    eis(states == expected, f"Received: {states}\nExpected: {expected}")
    whole = supplier.client.cancel(placed.order_id, label="cancelOrder (whole order)").order()
    eis(whole.status == "Cancelled", f"Received: orderStatus {whole.status}\nExpected: Cancelled")
    states = supplier.staten(placed, label="readLicences after cancelling the order")
    eis(set(states.values()) == {"Cancelled"}, f"Received: {states}\nExpected: every licence Cancelled")


@requirement("BEST-CAN-02")
@prerequisite("BEST-ORD-01", "BEST-LIC-05")
@capability("cancelOrder", "activateLicences")
def test_no_cancellation_after_first_activation(supplier, evidence):
    """Activate one licence of an order, then cancel the order: a fault, and nothing is cancelled."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 2)])
    first = placed.line(1).licence_ids[0]
    supplier.client.change("activateLicences", [first]).changed()
    supplier.expect_fault(supplier.client.cancel(placed.order_id, label="cancelOrder after an activation"),
                     "cancelling an order after its first activation")
    states = supplier.staten(placed)
    supplier.eis("Cancelled" not in states.values() and states.get(first) == "Active",
                    f"Received: {states}\nExpected: nothing Cancelled, {first} Active")
