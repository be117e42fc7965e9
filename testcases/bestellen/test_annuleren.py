"""Cancelling orders: possible until the first activation, refused after it."""

from __future__ import annotations

from conformance.harness import capability, fail_on, prerequisite, requirement
from conformance.standards.bestellen.checks import (
    check_every_licence_in,
    check_licence_states,
    check_line_cancelled,
    check_nothing_cancelled,
    check_order_status,
    check_refused,
)
from conformance.standards.bestellen.codec import OrderLine


@requirement("BEST-CAN-01")
@prerequisite("BEST-ORD-01")
@capability("cancelOrder")
def test_order_can_be_cancelled_before_activation(supplier, evidence, requirement_id):
    """Cancel line 2 of an order, then the rest: the lines and their licences read as Cancelled."""
    placed = supplier.place_order([OrderLine(1, supplier.product(0), 1), OrderLine(2, supplier.product(1), 2)])
    answer = supplier.client.cancel(placed.order_id, [2], label="cancelOrder line 2").order()
    fail_on(check_line_cancelled(answer, 2, requirement=requirement_id))
    states = supplier.licence_states(placed, label="readLicences after cancelling line 2")
    expected = {i: "Cancelled" for i in placed.line(2).licence_ids} | {i: "NotActive" for i in placed.line(1).licence_ids}
    fail_on(check_licence_states(states, expected, requirement=requirement_id))
    whole = supplier.client.cancel(placed.order_id, label="cancelOrder (whole order)").order()
    fail_on(check_order_status(whole, "Cancelled", requirement=requirement_id))
    states = supplier.licence_states(placed, label="readLicences after cancelling the order")
    fail_on(check_every_licence_in(states, "Cancelled", requirement=requirement_id))


@requirement("BEST-CAN-02")
@prerequisite("BEST-ORD-01", "BEST-LIC-05")
@capability("cancelOrder", "activateLicences")
def test_no_cancellation_after_first_activation(supplier, evidence, requirement_id):
    """Activate one licence of an order, then cancel the order: a fault, and nothing is cancelled."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 2)])
    first = placed.line(1).licence_ids[0]
    supplier.client.change("activateLicences", [first]).changed()
    answer = supplier.client.cancel(placed.order_id, label="cancelOrder after an activation")
    fail_on(check_refused(answer, "cancelling an order after its first activation", requirement=requirement_id))
    states = supplier.licence_states(placed)
    fail_on(check_nothing_cancelled(states, first, requirement=requirement_id))
