"""Licences: read per school and per ECK iD; activate, block, unblock and return, each visible in the next read."""

from __future__ import annotations

from conformance.harness import capability, prerequisite, requirement
from conformance.standards.bestellen.codec import LICENCE_STATES, OrderLine


@requirement("BEST-LIC-01")
@prerequisite("BEST-ORD-01")
def test_licences_of_an_order_read_for_its_school(supplier, evidence):
    """Person and school licences of an order: all of them, with product, school, ECK iD and a state."""
    eckid = supplier.nieuw_eckid()
    placed = supplier.place_order([OrderLine(1, supplier.product(), 3, (eckid,))])
    licences = supplier.licenties(school=placed.school, order_id=placed.order_id)
    eis = supplier.eis
    ids = [lic.licence_id for lic in licences]
    eis(sorted(ids) == sorted(placed.line(1).licence_ids),
        f"Received: {len(ids)} licences {ids}\nExpected: the order's {list(placed.line(1).licence_ids)}")
    for lic in licences:
        eis(lic.product_id == supplier.product() and lic.school == placed.school and lic.state in LICENCE_STATES,
            f"Received: {lic}\nExpected: product {supplier.product()}, school {placed.school}, a licence state")
    holders = sorted(lic.eck_id or "" for lic in licences)
    eis(holders == ["", "", eckid], f"Received: holders {holders}\nExpected: one person licence for the ECK iD and "
                                    "two school licences")


@requirement("BEST-LIC-02")
@prerequisite("BEST-ORD-01")
def test_person_licences_read_by_eckid(supplier, evidence):
    """The person licences of a fresh ECK iD across two orders: exactly those two."""
    eckid = supplier.nieuw_eckid()
    a = supplier.place_order([OrderLine(1, supplier.product(0), 1, (eckid,))])
    b = supplier.place_order([OrderLine(1, supplier.product(1), 2, (eckid,))])
    licences = supplier.licenties(eck_id=eckid)
    ids = {lic.licence_id for lic in licences}
    supplier.eis(len(licences) == 2 and all(lic.eck_id == eckid for lic in licences)
                    and bool(ids & set(a.line(1).licence_ids)) and bool(ids & set(b.line(1).licence_ids)),
                    f"Received: {[(lic.licence_id, lic.order_id) for lic in licences]}\n"
                    f"Expected: one person licence from each of orders {a.order_id} and {b.order_id}")


@requirement("BEST-LIC-03")
@prerequisite("BEST-ORD-01")
@capability("blockLicences", "unblockLicences")
def test_block_and_unblock_are_visible(supplier, evidence):
    """Block a licence: it reads Blocked; unblock it: it reads as before (NotActive)."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    before = supplier.staten(placed, label="readLicences before the block")[licence]
    supplier.client.change("blockLicences", [licence]).changed()
    blocked = supplier.staten(placed, label="readLicences after the block")
    supplier.eis(blocked == {licence: "Blocked"}, f"Received: {blocked}\nExpected: {licence} Blocked")
    supplier.client.change("unblockLicences", [licence]).changed()
    after = supplier.staten(placed, label="readLicences after the unblock")
    supplier.eis(after == {licence: before}, f"Received: {after}\nExpected: {licence} {before} again")


@requirement("BEST-LIC-04")
@prerequisite("BEST-ORD-01")
@capability("returnLicences")
def test_returned_licence_is_visible_and_unusable(supplier, evidence):
    """Return a licence: it reads Returned, and activating it fails and leaves it Returned."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    supplier.client.change("returnLicences", [licence]).changed()
    states = supplier.staten(placed, label="readLicences after the return")
    supplier.eis(states == {licence: "Returned"}, f"Received: {states}\nExpected: {licence} Returned")
    if "activateLicences" in supplier.settings.operaties:
        answer = supplier.client.change("activateLicences", [licence], label="activateLicences, returned licence")
        if isinstance(answer.soap, str) or answer.soap.fault is None:  # a fault for the whole request is fine too
            [result] = answer.changed()
            supplier.eis(result.fault is not None, f"Received: {result}\nExpected: a fault for this licence")
        states = supplier.staten(placed, label="readLicences after the activation attempt")
        supplier.eis(states == {licence: "Returned"}, f"Received: {states}\nExpected: {licence} still Returned")


@requirement("BEST-LIC-05")
@prerequisite("BEST-ORD-01")
@capability("activateLicences")
def test_activation_is_visible(supplier, evidence):
    """Activate a licence: it reads Active."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    supplier.client.change("activateLicences", [licence]).changed()
    states = supplier.staten(placed, label="readLicences after the activation")
    supplier.eis(states == {licence: "Active"}, f"Received: {states}\nExpected: {licence} Active")
