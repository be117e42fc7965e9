"""Who may act: the ordering party (the OIN of its client certificate) only for its own schools."""

from __future__ import annotations

from conformance.harness import fail_on, not_exercised, prerequisite, requirement
from conformance.standards.bestellen.checks import check_only_school, check_refused
from conformance.standards.bestellen.codec import OrderLine


@requirement("BEST-AUTH-01")
def test_order_for_another_partys_school_is_refused(supplier, evidence, requirement_id):
    """An order for a school the OIN does not act for: a fault."""
    school = supplier.settings.andere_school
    answer = supplier.client.place_order(school, [OrderLine(1, supplier.product(), 1)],
                                         label=f"placeOrder for school {school}")
    fail_on(check_refused(answer, f"an order for school {school}, which the OIN does not act for",
                          requirement=requirement_id))


@requirement("BEST-AUTH-02")
def test_licences_of_another_partys_school_are_not_readable(supplier, evidence, requirement_id):
    """Reading the licences of a school the OIN does not act for: a fault."""
    school = supplier.settings.andere_school
    answer = supplier.client.licenties(school=school, label=f"readLicences for school {school}")
    fail_on(check_refused(answer, f"reading the licences of school {school}", requirement=requirement_id))


@requirement("BEST-AUTH-03")
@prerequisite("BEST-ORD-01")
def test_licences_of_one_school_stay_with_it(supplier, evidence, requirement_id):
    """Orders at two own schools; reading school A's licences, even filtered by school B's order, shows none of B."""
    if len(supplier.settings.scholen) < 2:
        not_exercised("the candidate names only one school the OIN acts for (testdata.scholen)")
    school_a, school_b = supplier.settings.scholen[:2]
    order_a = supplier.place_order([OrderLine(1, supplier.product(), 1)], school=school_a,
                                   label=f"placeOrder at {school_a}")
    order_b = supplier.place_order([OrderLine(1, supplier.product(), 1)], school=school_b,
                                   label=f"placeOrder at {school_b}")
    for order in (order_a, order_b):
        licences = supplier.read_licences(school=school_a, order_id=order.order_id,
                                          label=f"readLicences school {school_a}, order at {order.school}")
        fail_on(check_only_school(licences, school_a, other_school=school_b,
                                  other_licences=order_b.line(1).licence_ids, requirement=requirement_id))
