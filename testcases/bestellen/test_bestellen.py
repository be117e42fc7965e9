"""Placing orders: accepted orders, faults per line, the 100-line limit, partial success, status, malformed orders."""

from __future__ import annotations

import datetime as dt

from conformance.harness import cant_tell, capability, inapplicable, not_exercised, prerequisite, requirement
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.client import new_reference
from conformance.standards.bestellen.codec import MAX_LINES, OrderLine
from conformance.standards.bestellen.settings import today

NOT_AN_ECKID = "https://ketenid.nl/pilot/dit-is-geen-eckid"


def _rejected_line(answer, number, what, eis):  # type: ignore[no-untyped-def]
    line = answer.line(number)
    eis(line is not None, f"the answer has no lineResult for line {number}")
    eis(line.status == "Rejected" and line.fault is not None and not line.licence_ids,
        f"Received: line {number} {line.status}, fault {line.fault}, {len(line.licence_ids)} licences\n"
        f"Expected: line {number} Rejected with a fault and no licences ({what})")


@requirement("BEST-ORD-01")
def test_valid_order_is_accepted(supplier, evidence):
    """An order of a person-and-school-licence line and a school-licence line is accepted in full."""
    lines = [OrderLine(1, supplier.product(0), 2, (supplier.nieuw_eckid(),)),
             OrderLine(2, supplier.product(1), 1)]
    reference = new_reference()
    answer = supplier.client.place_order(supplier.school, lines, reference=reference).order()
    eis = supplier.eis
    eis(bool(answer.order_id), "the answer has an empty orderId")
    eis(answer.reference == reference, f"Received: requestReferenceId {answer.reference!r}\n"
                                       f"Expected: the request's {reference!r}")
    eis(answer.school == supplier.school, f"Received: school {answer.school}\nExpected: {supplier.school}")
    for line in lines:
        result = answer.line(line.line_number)
        eis(result is not None and result.status == "Accepted" and len(result.licence_ids) == line.quantity,
            f"Received: line {line.line_number}: {result}\n"
            f"Expected: Accepted with {line.quantity} licences")
    eis(answer.status == "Accepted", f"Received: orderStatus {answer.status}\nExpected: Accepted")


@requirement("BEST-ORD-02")
def test_unknown_product_is_refused_on_its_line(supplier, evidence):
    """A product the supplier does not sell: that line is refused."""
    answer = supplier.place_order([OrderLine(1, supplier.settings.onbekend_product, 1)],
                                label="placeOrder, unknown EAN")
    _rejected_line(answer, 1, "unknown product", supplier.eis)


@requirement("BEST-ORD-03")
def test_invalid_eckid_is_refused_on_its_line(supplier, evidence):
    """A person licence for something that is not an ECK iD: that line is refused."""
    answer = supplier.place_order([OrderLine(1, supplier.product(), 1, (NOT_AN_ECKID,))],
                                label="placeOrder, invalid ECK iD")
    _rejected_line(answer, 1, "invalid ECK iD", supplier.eis)


@requirement("BEST-ORD-04")
def test_quantity_zero_or_less_is_refused_on_its_line(supplier, evidence):
    """Quantities 0 and -1: both lines are refused."""
    answer = supplier.place_order([OrderLine(1, supplier.product(), 0), OrderLine(2, supplier.product(), -1)],
                                label="placeOrder, quantities 0 and -1")
    for number in (1, 2):
        _rejected_line(answer, number, "quantity of 0 or less", supplier.eis)


@requirement("BEST-ORD-05")
def test_more_than_100_lines_is_refused_whole(supplier, evidence):
    """101 lines: a fault, and not even the first line (with a fresh ECK iD) is stored."""
    eckid = supplier.nieuw_eckid()
    lines = [OrderLine(1, supplier.product(), 1, (eckid,))]
    lines += [OrderLine(n, supplier.product(), 1) for n in range(2, MAX_LINES + 2)]
    supplier.expect_fault(supplier.client.place_order(supplier.school, lines, label=f"placeOrder, {len(lines)} lines"),
                     f"an order of {len(lines)} lines")
    stored = supplier.licenties(eck_id=eckid, label="readLicences for the first line's ECK iD")
    supplier.eis(stored == [], f"Received: {len(stored)} licences for the refused order's ECK iD\nExpected: none")


@requirement("BEST-ORD-06")
def test_good_lines_of_a_partly_faulty_order_are_accepted(supplier, evidence):
    """A good line and a faulty line (unknown product AND quantity 0): the good one is accepted and stored."""
    eckid = supplier.nieuw_eckid()
    answer = supplier.place_order([OrderLine(1, supplier.product(), 1, (eckid,)),
                                 OrderLine(2, supplier.settings.onbekend_product, 0)],
                                label="placeOrder, one good and one faulty line")
    eis = supplier.eis
    good, bad = answer.line(1), answer.line(2)
    eis(good is not None and good.status == "Accepted" and len(good.licence_ids) == 1,
        f"Received: good line {good}, orderStatus {answer.status}\n"
        f"Expected: line 1 Accepted with 1 licence, although line 2 is faulty")
    eis(bad is not None and bad.status == "Rejected" and bad.fault is not None,
        f"Received: faulty line {bad}\nExpected: line 2 Rejected with a fault")
    eis(answer.status == "PartiallyAccepted", f"Received: orderStatus {answer.status}\nExpected: PartiallyAccepted")
    stored = supplier.licenties(eck_id=eckid)
    eis([lic.licence_id for lic in stored] == list(good.licence_ids),
        f"Received: {len(stored)} licences for the good line's ECK iD\nExpected: its 1 licence")


@requirement("BEST-ORD-07")
@prerequisite("BEST-ORD-01")
@capability("readOrder")
def test_order_status_reads_back(supplier, evidence):
    """readOrder gives the same status, lines and licences as the order's answer."""
    placed = supplier.place_order([OrderLine(1, supplier.product(0), 2), OrderLine(2, supplier.product(1), 1)])
    read = supplier.client.read_order(placed.order_id).order()
    supplier.eis((read.order_id, read.school, read.status, read.lines)
                    == (placed.order_id, placed.school, placed.status, placed.lines),
                    f"Received: {read.status} {read.lines}\nExpected: {placed.status} {placed.lines}")


@requirement("BEST-ORD-08")
def test_malformed_order_leaves_nothing(supplier, evidence):
    """Line 2 has quantity "twee": a fault, and line 1 (with a fresh ECK iD) is not stored."""
    eckid = supplier.nieuw_eckid()
    order = codec.Order(new_reference(), supplier.settings.oin, supplier.school,
                        (OrderLine(1, supplier.product(), 1, (eckid,)), OrderLine(2, supplier.product(), 1)))
    body = codec.place_order(order)
    body.findall(f"{{{codec.NS}}}orderLine")[1].find(f"{{{codec.NS}}}quantity").text = "twee"
    supplier.expect_fault(supplier.client.send("placeOrder", body, label="placeOrder, line 2 quantity 'twee'"),
                     "an order that does not follow the schema")
    stored = supplier.licenties(eck_id=eckid, label="readLicences for line 1's ECK iD")
    supplier.eis(stored == [], f"Received: {len(stored)} licences from the refused order\nExpected: none")


@requirement("BEST-ORD-09")
def test_start_date_beyond_the_margin_is_refused_on_its_line(supplier, evidence):
    """A startDate a day beyond the declared margin is refused on its line; one exactly at the margin is accepted."""
    marge = supplier.settings.startdatum_marge_dagen
    binnen = today() - dt.timedelta(days=marge)
    te_oud = binnen - dt.timedelta(days=1)
    eis = supplier.eis
    accepted = supplier.place_order([OrderLine(1, supplier.product(0), 1, start_date=binnen)],
                                  label=f"placeOrder, startDate {marge} days ago (the margin)")
    line = accepted.line(1)
    eis(line is not None and line.status == "Accepted" and len(line.licence_ids) == 1,
        f"Received: line 1 (startDate {binnen}, within the margin of {marge} days) {line}\n"
        f"Expected: Accepted with 1 licence")
    refused = supplier.place_order([OrderLine(1, supplier.product(1), 1, start_date=te_oud)],
                                 label=f"placeOrder, startDate {marge + 1} days ago (beyond the margin of {marge})")
    _rejected_line(refused, 1, f"startDate {te_oud} is {marge + 1} days ago, beyond the margin", eis)


@requirement("BEST-ORD-10")
def test_product_the_catalogue_says_cannot_be_ordered_is_refused_on_its_line(supplier, evidence):
    """A product from the supplier's own catalogue page that it lists as not orderable: that line is refused."""
    aanbod = supplier.aanbod
    if aanbod is None:
        inapplicable("the run does not test the supplier's catalogue ([catalogus]), so no product is known to be "
                     "listed as not orderable")
    if aanbod.exchange is not None:
        evidence.append(aanbod.exchange)
    if aanbod.probleem is not None:
        cant_tell(aanbod.probleem)
    if not aanbod.niet_bestelbaar:
        not_exercised(f"the first {len(aanbod.producten)} products of the catalogue hold none listed as not "
                      f"orderable (IsCatalogItem false, or ProductState Niet meer leverbaar / Zal niet verschijnen)")
    product = aanbod.niet_bestelbaar[0]
    why = "IsCatalogItem false" if product.catalog_item is False else f"ProductState {product.state!r}"
    answer = supplier.place_order([OrderLine(1, product.product_id, 1)],
                                label=f"placeOrder, {product.product_id} ({why} in the catalogue)")
    _rejected_line(answer, 1, f"the catalogue lists {product.product_id} with {why}", supplier.eis)
