"""Who may act: the ordering party (the OIN of its client certificate) only for its own schools."""

from __future__ import annotations

from conformance.harness import not_exercised, prerequisite, requirement
from conformance.standards.bestellen.codec import OrderLine


@requirement("BEST-AUTH-01")
def test_order_for_another_partys_school_is_refused(supplier, evidence):
    """An order for a school the OIN does not act for: a fault."""
    school = supplier.settings.andere_school
    answer = supplier.client.place_order(school, [OrderLine(1, supplier.product(), 1)],
                                       label=f"placeOrder for school {school}")
    supplier.expect_fault(answer, f"an order for school {school}, which the OIN does not act for")


@requirement("BEST-AUTH-02")
def test_licences_of_another_partys_school_are_not_readable(supplier, evidence):
    """Reading the licences of a school the OIN does not act for: a fault."""
    school = supplier.settings.andere_school
    supplier.expect_fault(supplier.client.licenties(school=school, label=f"readLicences for school {school}"),
                     f"reading the licences of school {school}")


@requirement("BEST-AUTH-03")
@prerequisite("BEST-ORD-01")
def test_licences_of_one_school_stay_with_it(supplier, evidence):
    """Orders at two own schools; reading school A's licences, even filtered by school B's order, shows none of B."""
    if len(supplier.settings.scholen) < 2:
        not_exercised("the candidate names only one school the OIN acts for (testdata.scholen)")
    school_a, school_b = supplier.settings.scholen[:2]
    order_a = supplier.place_order([OrderLine(1, supplier.product(), 1)], school=school_a,
                                 label=f"placeOrder at {school_a}")
    order_b = supplier.place_order([OrderLine(1, supplier.product(), 1)], school=school_b,
                                 label=f"placeOrder at {school_b}")
    for order in (order_a, order_b):
        licences = supplier.licenties(school=school_a, order_id=order.order_id,
                                         label=f"readLicences school {school_a}, order at {order.school}")
        foreign = [lic.licence_id for lic in licences if lic.school != school_a
                   or lic.licence_id in order_b.line(1).licence_ids]
        supplier.eis(foreign == [], f"Received: licences of school {school_b} {foreign} when reading "
                                       f"school {school_a}\nExpected: only licences of {school_a}")
