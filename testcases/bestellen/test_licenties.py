"""Licences: read per school and per ECK iD; activate, block, unblock and return, each visible in the next read."""

from __future__ import annotations

from conformance.harness import capability, prerequisite, requirement
from conformance.standards.bestellen.codec import LICENCE_STATES, OrderLine


@requirement("BEST-LIC-01")
@prerequisite("BEST-ORD-01")
def test_licences_of_an_order_read_for_its_school(leverancier, evidence):
    """Person and school licences of an order: all of them, with product, school, ECK iD and a state."""
    eckid = leverancier.nieuw_eckid()
    placed = leverancier.bestel([OrderLine(1, leverancier.product(), 3, (eckid,))])
    licences = leverancier.licenties(school=placed.school, order_id=placed.order_id)
    eis = leverancier.eis
    ids = [lic.licence_id for lic in licences]
    eis(sorted(ids) == sorted(placed.line(1).licence_ids),
        f"Received: {len(ids)} licences {ids}\nExpected: the order's {list(placed.line(1).licence_ids)}")
    for lic in licences:
        eis(lic.product_id == leverancier.product() and lic.school == placed.school and lic.state in LICENCE_STATES,
            f"Received: {lic}\nExpected: product {leverancier.product()}, school {placed.school}, a licence state")
    holders = sorted(lic.eck_id or "" for lic in licences)
    eis(holders == ["", "", eckid], f"Received: holders {holders}\nExpected: one person licence for the ECK iD and "
                                    "two school licences")


@requirement("BEST-LIC-02")
@prerequisite("BEST-ORD-01")
def test_person_licences_read_by_eckid(leverancier, evidence):
    """The person licences of a fresh ECK iD across two orders: exactly those two."""
    eckid = leverancier.nieuw_eckid()
    a = leverancier.bestel([OrderLine(1, leverancier.product(0), 1, (eckid,))])
    b = leverancier.bestel([OrderLine(1, leverancier.product(1), 2, (eckid,))])
    licences = leverancier.licenties(eck_id=eckid)
    ids = {lic.licence_id for lic in licences}
    leverancier.eis(len(licences) == 2 and all(lic.eck_id == eckid for lic in licences)
                    and bool(ids & set(a.line(1).licence_ids)) and bool(ids & set(b.line(1).licence_ids)),
                    f"Received: {[(lic.licence_id, lic.order_id) for lic in licences]}\n"
                    f"Expected: one person licence from each of orders {a.order_id} and {b.order_id}")


@requirement("BEST-LIC-03")
@prerequisite("BEST-ORD-01")
@capability("blockLicences", "unblockLicences")
def test_block_and_unblock_are_visible(leverancier, evidence):
    """Block a licence: it reads Blocked; unblock it: it reads as before (NotActive)."""
    placed = leverancier.bestel([OrderLine(1, leverancier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    before = leverancier.staten(placed, label="readLicences before the block")[licence]
    leverancier.client.wijzig("blockLicences", [licence]).changed()
    blocked = leverancier.staten(placed, label="readLicences after the block")
    leverancier.eis(blocked == {licence: "Blocked"}, f"Received: {blocked}\nExpected: {licence} Blocked")
    leverancier.client.wijzig("unblockLicences", [licence]).changed()
    after = leverancier.staten(placed, label="readLicences after the unblock")
    leverancier.eis(after == {licence: before}, f"Received: {after}\nExpected: {licence} {before} again")


@requirement("BEST-LIC-04")
@prerequisite("BEST-ORD-01")
@capability("returnLicences")
def test_returned_licence_is_visible_and_unusable(leverancier, evidence):
    """Return a licence: it reads Returned, and activating it fails and leaves it Returned."""
    placed = leverancier.bestel([OrderLine(1, leverancier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    leverancier.client.wijzig("returnLicences", [licence]).changed()
    states = leverancier.staten(placed, label="readLicences after the return")
    leverancier.eis(states == {licence: "Returned"}, f"Received: {states}\nExpected: {licence} Returned")
    if "activateLicences" in leverancier.settings.operaties:
        answer = leverancier.client.wijzig("activateLicences", [licence], label="activateLicences, returned licence")
        if isinstance(answer.soap, str) or answer.soap.fault is None:  # a fault for the whole request is fine too
            [result] = answer.changed()
            leverancier.eis(result.fault is not None, f"Received: {result}\nExpected: a fault for this licence")
        states = leverancier.staten(placed, label="readLicences after the activation attempt")
        leverancier.eis(states == {licence: "Returned"}, f"Received: {states}\nExpected: {licence} still Returned")


@requirement("BEST-LIC-05")
@prerequisite("BEST-ORD-01")
@capability("activateLicences")
def test_activation_is_visible(leverancier, evidence):
    """Activate a licence: it reads Active."""
    placed = leverancier.bestel([OrderLine(1, leverancier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    leverancier.client.wijzig("activateLicences", [licence]).changed()
    states = leverancier.staten(placed, label="readLicences after the activation")
    leverancier.eis(states == {licence: "Active"}, f"Received: {states}\nExpected: {licence} Active")
