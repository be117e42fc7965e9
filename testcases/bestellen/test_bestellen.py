"""Placing orders: accepted orders, faults per line, the 100-line limit, partial success, status, malformed orders."""

from __future__ import annotations

import datetime as dt

from conformance.harness import cant_tell, capability, fail_on, inapplicable, not_exercised, prerequisite, requirement
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.checks import (
    check_faulty_line_rejected,
    check_good_line_accepted,
    check_licence_count,
    check_line_accepted,
    check_line_rejected,
    check_only_licences,
    check_order_id,
    check_order_status,
    check_read_back,
    check_refused,
    check_request_reference,
    check_school,
    check_start_date_accepted,
)
from conformance.standards.bestellen.client import new_reference
from conformance.standards.bestellen.codec import MAX_LINES, OrderLine
from conformance.standards.bestellen.settings import today

NOT_AN_ECKID = "https://ketenid.nl/pilot/dit-is-geen-eckid"


@requirement("BEST-ORD-01")
def test_valid_order_is_accepted(supplier, evidence, requirement_id):
    """An order of a person-and-school-licence line and a school-licence line is accepted in full."""
    lines = [OrderLine(1, supplier.product(0), 2, (supplier.new_eckid(),)),
             OrderLine(2, supplier.product(1), 1)]
    reference = new_reference()
    answer = supplier.client.place_order(supplier.school, lines, reference=reference).order()
    fail_on(check_order_id(answer, requirement=requirement_id))
    fail_on(check_request_reference(answer, reference, requirement=requirement_id))
    fail_on(check_school(answer, supplier.school, requirement=requirement_id))
    for line in lines:
        fail_on(check_line_accepted(answer, line, requirement=requirement_id))
    fail_on(check_order_status(answer, "Accepted", requirement=requirement_id))


@requirement("BEST-ORD-02")
def test_unknown_product_is_refused_on_its_line(supplier, evidence, requirement_id):
    """A product the supplier does not sell: that line is refused."""
    answer = supplier.place_order([OrderLine(1, supplier.settings.onbekend_product, 1)],
                                  label="placeOrder, unknown EAN")
    fail_on(check_line_rejected(answer, 1, "unknown product", requirement=requirement_id))


@requirement("BEST-ORD-03")
def test_invalid_eckid_is_refused_on_its_line(supplier, evidence, requirement_id):
    """A person licence for something that is not an ECK iD: that line is refused."""
    answer = supplier.place_order([OrderLine(1, supplier.product(), 1, (NOT_AN_ECKID,))],
                                  label="placeOrder, invalid ECK iD")
    fail_on(check_line_rejected(answer, 1, "invalid ECK iD", requirement=requirement_id))


@requirement("BEST-ORD-04")
def test_quantity_zero_or_less_is_refused_on_its_line(supplier, evidence, requirement_id):
    """Quantities 0 and -1: both lines are refused."""
    answer = supplier.place_order([OrderLine(1, supplier.product(), 0), OrderLine(2, supplier.product(), -1)],
                                  label="placeOrder, quantities 0 and -1")
    for number in (1, 2):
        fail_on(check_line_rejected(answer, number, "quantity of 0 or less", requirement=requirement_id))


@requirement("BEST-ORD-05")
def test_more_than_100_lines_is_refused_whole(supplier, evidence, requirement_id):
    """101 lines: a fault, and not even the first line (with a fresh ECK iD) is stored."""
    eckid = supplier.new_eckid()
    lines = [OrderLine(1, supplier.product(), 1, (eckid,))]
    lines += [OrderLine(n, supplier.product(), 1) for n in range(2, MAX_LINES + 2)]
    answer = supplier.client.place_order(supplier.school, lines, label=f"placeOrder, {len(lines)} lines")
    fail_on(check_refused(answer, f"an order of {len(lines)} lines", requirement=requirement_id))
    stored = supplier.read_licences(eck_id=eckid, label="readLicences for the first line's ECK iD")
    fail_on(check_licence_count(stored, 0, "for the refused order's ECK iD", expected="none",
                                requirement=requirement_id))


@requirement("BEST-ORD-06")
def test_good_lines_of_a_partly_faulty_order_are_accepted(supplier, evidence, requirement_id):
    """A good line and a faulty line (unknown product AND quantity 0): the good one is accepted and stored."""
    eckid = supplier.new_eckid()
    good = OrderLine(1, supplier.product(), 1, (eckid,))
    answer = supplier.place_order([good, OrderLine(2, supplier.settings.onbekend_product, 0)],
                                  label="placeOrder, one good and one faulty line")
    fail_on(check_good_line_accepted(answer, good, 2, requirement=requirement_id))
    fail_on(check_faulty_line_rejected(answer, 2, requirement=requirement_id))
    fail_on(check_order_status(answer, "PartiallyAccepted", requirement=requirement_id))
    stored = supplier.read_licences(eck_id=eckid)
    fail_on(check_only_licences(stored, answer.line(1).licence_ids, "for the good line's ECK iD",
                                requirement=requirement_id))


@requirement("BEST-ORD-07")
@prerequisite("BEST-ORD-01")
@capability("readOrder")
def test_order_status_reads_back(supplier, evidence, requirement_id):
    """readOrder gives the same status, lines and licences as the order's answer."""
    placed = supplier.place_order([OrderLine(1, supplier.product(0), 2), OrderLine(2, supplier.product(1), 1)])
    read = supplier.client.read_order(placed.order_id).order()
    fail_on(check_read_back(read, placed, requirement=requirement_id))


@requirement("BEST-ORD-08")
def test_malformed_order_leaves_nothing(supplier, evidence, requirement_id):
    """Line 2 has quantity "twee": a fault, and line 1 (with a fresh ECK iD) is not stored."""
    eckid = supplier.new_eckid()
    order = codec.Order(new_reference(), supplier.settings.oin, supplier.school,
                        (OrderLine(1, supplier.product(), 1, (eckid,)), OrderLine(2, supplier.product(), 1)))
    body = codec.place_order(order)
    body.findall(f"{{{codec.NS}}}orderLine")[1].find(f"{{{codec.NS}}}quantity").text = "twee"
    answer = supplier.client.send("placeOrder", body, label="placeOrder, line 2 quantity 'twee'")
    fail_on(check_refused(answer, "an order that does not follow the schema", requirement=requirement_id))
    stored = supplier.read_licences(eck_id=eckid, label="readLicences for line 1's ECK iD")
    fail_on(check_licence_count(stored, 0, "from the refused order", expected="none", requirement=requirement_id))


@requirement("BEST-ORD-09")
def test_start_date_beyond_the_margin_is_refused_on_its_line(supplier, evidence, requirement_id):
    """A startDate a day beyond the declared margin is refused on its line; one exactly at the margin is accepted."""
    margin = supplier.settings.startdatum_marge_dagen
    within = today() - dt.timedelta(days=margin)
    too_old = within - dt.timedelta(days=1)
    line = OrderLine(1, supplier.product(0), 1, start_date=within)
    accepted = supplier.place_order([line], label=f"placeOrder, startDate {margin} days ago (the margin)")
    fail_on(check_start_date_accepted(accepted, line, margin, requirement=requirement_id))
    refused = supplier.place_order([OrderLine(1, supplier.product(1), 1, start_date=too_old)],
                                   label=f"placeOrder, startDate {margin + 1} days ago (beyond the margin of {margin})")
    fail_on(check_line_rejected(refused, 1, f"startDate {too_old} is {margin + 1} days ago, beyond the margin",
                                requirement=requirement_id))


@requirement("BEST-ORD-10")
def test_product_the_catalogue_says_cannot_be_ordered_is_refused_on_its_line(supplier, evidence, requirement_id):
    """A product from the supplier's own catalogue page that it lists as not orderable: that line is refused."""
    offer = supplier.offer
    if offer is None:
        inapplicable("the run does not test the supplier's catalogue ([catalogus]), so no product is known to be "
                     "listed as not orderable")
    if offer.exchange is not None:
        evidence.append(offer.exchange)
    if offer.problem is not None:
        cant_tell(offer.problem)
    if not offer.not_orderable:
        not_exercised(f"the first {len(offer.products)} products of the catalogue hold none listed as not "
                      f"orderable (IsCatalogItem false, or ProductState Niet meer leverbaar / Zal niet verschijnen)")
    product = offer.not_orderable[0]
    why = "IsCatalogItem false" if product.catalog_item is False else f"ProductState {product.state!r}"
    answer = supplier.place_order([OrderLine(1, product.product_id, 1)],
                                  label=f"placeOrder, {product.product_id} ({why} in the catalogue)")
    fail_on(check_line_rejected(answer, 1, f"the catalogue lists {product.product_id} with {why}",
                                requirement=requirement_id))
