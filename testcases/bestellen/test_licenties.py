"""Licences: read per school and per ECK iD; activate, block, unblock and return, each visible in the next read."""

from __future__ import annotations

from conformance.harness import capability, fail_on, prerequisite, requirement
from conformance.standards.bestellen.checks import (
    check_holders,
    check_licence,
    check_licence_refused,
    check_licences_of_line,
    check_person_licences,
    check_single_licence_state,
)
from conformance.standards.bestellen.codec import OrderLine


@requirement("BEST-LIC-01")
@prerequisite("BEST-ORD-01")
def test_licences_of_an_order_read_for_its_school(supplier, evidence, requirement_id):
    """Person and school licences of an order: all of them, with product, school, ECK iD and a state."""
    eckid = supplier.new_eckid()
    placed = supplier.place_order([OrderLine(1, supplier.product(), 3, (eckid,))])
    licences = supplier.read_licences(school=placed.school, order_id=placed.order_id)
    fail_on(check_licences_of_line(licences, placed.line(1).licence_ids, requirement=requirement_id))
    for lic in licences:
        fail_on(check_licence(lic, product=supplier.product(), school=placed.school, requirement=requirement_id))
    fail_on(check_holders(licences, ["", "", eckid],
                          "one person licence for the ECK iD and two school licences", requirement=requirement_id))


@requirement("BEST-LIC-02")
@prerequisite("BEST-ORD-01")
def test_person_licences_read_by_eckid(supplier, evidence, requirement_id):
    """The person licences of a fresh ECK iD across two orders: exactly those two."""
    eckid = supplier.new_eckid()
    a = supplier.place_order([OrderLine(1, supplier.product(0), 1, (eckid,))])
    b = supplier.place_order([OrderLine(1, supplier.product(1), 2, (eckid,))])
    licences = supplier.read_licences(eck_id=eckid)
    fail_on(check_person_licences(licences, eckid, [a, b], requirement=requirement_id))


@requirement("BEST-LIC-03")
@prerequisite("BEST-ORD-01")
@capability("blockLicences", "unblockLicences")
def test_block_and_unblock_are_visible(supplier, evidence, requirement_id):
    """Block a licence: it reads Blocked; unblock it: it reads as before (NotActive)."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    before = supplier.licence_states(placed, label="readLicences before the block")[licence]
    supplier.client.change("blockLicences", [licence]).changed()
    blocked = supplier.licence_states(placed, label="readLicences after the block")
    fail_on(check_single_licence_state(blocked, licence, "Blocked", requirement=requirement_id))
    supplier.client.change("unblockLicences", [licence]).changed()
    after = supplier.licence_states(placed, label="readLicences after the unblock")
    fail_on(check_single_licence_state(after, licence, before, expected=f"{before} again",
                                       requirement=requirement_id))


@requirement("BEST-LIC-04")
@prerequisite("BEST-ORD-01")
@capability("returnLicences")
def test_returned_licence_is_visible_and_unusable(supplier, evidence, requirement_id):
    """Return a licence: it reads Returned, and activating it fails and leaves it Returned."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    supplier.client.change("returnLicences", [licence]).changed()
    states = supplier.licence_states(placed, label="readLicences after the return")
    fail_on(check_single_licence_state(states, licence, "Returned", requirement=requirement_id))
    if "activateLicences" in supplier.settings.operaties:
        answer = supplier.client.change("activateLicences", [licence], label="activateLicences, returned licence")
        if isinstance(answer.soap, str) or answer.soap.fault is None:  # a fault for the whole request is fine too
            [result] = answer.changed()
            fail_on(check_licence_refused(result, requirement=requirement_id))
        states = supplier.licence_states(placed, label="readLicences after the activation attempt")
        fail_on(check_single_licence_state(states, licence, "Returned", expected="still Returned",
                                           requirement=requirement_id))


@requirement("BEST-LIC-05")
@prerequisite("BEST-ORD-01")
@capability("activateLicences")
def test_activation_is_visible(supplier, evidence, requirement_id):
    """Activate a licence: it reads Active."""
    placed = supplier.place_order([OrderLine(1, supplier.product(), 1)])
    [licence] = placed.line(1).licence_ids
    supplier.client.change("activateLicences", [licence]).changed()
    states = supplier.licence_states(placed, label="readLicences after the activation")
    fail_on(check_single_licence_state(states, licence, "Active", requirement=requirement_id))
