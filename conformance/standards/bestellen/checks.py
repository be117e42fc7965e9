"""Rules on what an ordering or licence service answered, each a small named function returning `Finding`s (empty:
kept), with the message "Received: … / Expected: …".

One rule serves several scenarios (a line is refused for an unknown product, an invalid ECK iD, a start date beyond
the margin…), so the caller names the requirement a breach breaks: a scenario test passes its `requirement_id`
and ends with `fail_on(findings)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from conformance.edukoppeling.addressing import check_answer
from conformance.errors import Failure
from conformance.findings import Finding, Severity
from conformance.standards.bestellen.client import OrderExchange
from conformance.standards.bestellen.codec import (
    LICENCE_STATES,
    Licence,
    LicenceResult,
    LineResult,
    OrderAnswer,
    OrderLine,
)

__all__ = [
    "check_addressed_answer",
    "check_every_licence_in",
    "check_faulty_line_rejected",
    "check_good_line_accepted",
    "check_holders",
    "check_licence",
    "check_licence_count",
    "check_licence_refused",
    "check_licence_states",
    "check_licences_of_line",
    "check_line_accepted",
    "check_line_cancelled",
    "check_line_rejected",
    "check_nothing_cancelled",
    "check_one_order_id",
    "check_only_licences",
    "check_only_school",
    "check_order_id",
    "check_order_status",
    "check_person_licences",
    "check_read_back",
    "check_refused",
    "check_request_reference",
    "check_same_confirmation",
    "check_school",
    "check_single_licence_state",
    "check_start_date_accepted",
]


def _unless(kept: bool, message: str, requirement: str) -> list[Finding]:
    return [] if kept else [Finding(requirement=requirement, severity=Severity.ERROR, message=message)]


def _accepted(result: LineResult | None, quantity: int) -> bool:
    return result is not None and result.status == "Accepted" and len(result.licence_ids) == quantity


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --- the answer to an order ----------------------------------------------------------------------------------------

def check_order_id(answer: OrderAnswer, *, requirement: str) -> list[Finding]:
    """An accepted order is known by its orderId."""
    return _unless(bool(answer.order_id), "the answer has an empty orderId", requirement)


def check_request_reference(answer: OrderAnswer, reference: str, *, requirement: str) -> list[Finding]:
    """The answer names the request it answers by its requestReferenceId."""
    return _unless(answer.reference == reference, f"Received: requestReferenceId {answer.reference!r}\n"
                                                  f"Expected: the request's {reference!r}", requirement)


def check_school(answer: OrderAnswer, school: str, *, requirement: str) -> list[Finding]:
    """The order is the school's it was placed for."""
    return _unless(answer.school == school, f"Received: school {answer.school}\nExpected: {school}", requirement)


def check_order_status(answer: OrderAnswer, status: str, *, requirement: str) -> list[Finding]:
    """The orderStatus sums up the lines: Accepted, PartiallyAccepted, Cancelled…"""
    return _unless(answer.status == status, f"Received: orderStatus {answer.status}\nExpected: {status}", requirement)


def check_line_accepted(answer: OrderAnswer, line: OrderLine, *, requirement: str) -> list[Finding]:
    """An accepted line has a licence for each of its quantity."""
    result = answer.line(line.line_number)
    return _unless(_accepted(result, line.quantity),
                   f"Received: line {line.line_number}: {result}\n"
                   f"Expected: Accepted with {line.quantity} licences", requirement)


def check_start_date_accepted(answer: OrderAnswer, line: OrderLine, margin: int, *,
                              requirement: str) -> list[Finding]:
    """A line whose startDate lies within the declared margin is accepted, with its licences."""
    result = answer.line(line.line_number)
    return _unless(_accepted(result, line.quantity),
                   f"Received: line {line.line_number} (startDate {line.start_date}, within the margin of {margin} "
                   f"days) {result}\nExpected: Accepted with {_plural(line.quantity, 'licence')}", requirement)


def check_line_rejected(answer: OrderAnswer, number: int, what: str, *, requirement: str) -> list[Finding]:
    """A line refused for `what` is Rejected with a per-line fault and no licences."""
    line = answer.line(number)
    if line is None:
        return _unless(False, f"the answer has no lineResult for line {number}", requirement)
    return _unless(line.status == "Rejected" and line.fault is not None and not line.licence_ids,
                   f"Received: line {number} {line.status}, fault {line.fault}, {len(line.licence_ids)} licences\n"
                   f"Expected: line {number} Rejected with a fault and no licences ({what})", requirement)


def check_good_line_accepted(answer: OrderAnswer, good: OrderLine, faulty: int, *,
                             requirement: str) -> list[Finding]:
    """A faulty line does not take the good lines of the same order down with it."""
    result = answer.line(good.line_number)
    return _unless(_accepted(result, good.quantity),
                   f"Received: good line {result}, orderStatus {answer.status}\n"
                   f"Expected: line {good.line_number} Accepted with {_plural(good.quantity, 'licence')}, although "
                   f"line {faulty} is faulty", requirement)


def check_faulty_line_rejected(answer: OrderAnswer, number: int, *, requirement: str) -> list[Finding]:
    """The faulty line of a partly faulty order is Rejected with a fault."""
    line = answer.line(number)
    return _unless(line is not None and line.status == "Rejected" and line.fault is not None,
                   f"Received: faulty line {line}\nExpected: line {number} Rejected with a fault", requirement)


def check_line_cancelled(answer: OrderAnswer, number: int, *, requirement: str) -> list[Finding]:
    """A cancelled line reads Cancelled in the cancellation's answer."""
    line = answer.line(number)
    return _unless(line is not None and line.status == "Cancelled",
                   f"Received: line {number} {line}\nExpected: Cancelled", requirement)


def check_read_back(read: OrderAnswer, placed: OrderAnswer, *, requirement: str) -> list[Finding]:
    """readOrder gives the order as its answer gave it: id, school, status and lines."""
    return _unless((read.order_id, read.school, read.status, read.lines)
                   == (placed.order_id, placed.school, placed.status, placed.lines),
                   f"Received: {read.status} {read.lines}\nExpected: {placed.status} {placed.lines}", requirement)


def check_same_confirmation(again: OrderAnswer, first: OrderAnswer, *, requirement: str) -> list[Finding]:
    """A repeated request reference is confirmed with the first confirmation, never processed again."""
    return _unless((again.order_id, again.lines) == (first.order_id, first.lines),
                   f"Received: orderId {again.order_id} {again.lines}\n"
                   f"Expected: the first confirmation, orderId {first.order_id} {first.lines}", requirement)


def check_one_order_id(answers: Sequence[OrderAnswer], *, requirement: str) -> list[Finding]:
    """Identical orders with one request reference, however concurrent, make one order."""
    order_ids = {answer.order_id for answer in answers}
    return _unless(len(order_ids) == 1, f"Received: {len(order_ids)} different orderIds\nExpected: 1", requirement)


# --- refusals and message headers ----------------------------------------------------------------------------------

def check_refused(answer: OrderExchange, what: str, *, requirement: str) -> list[Finding]:
    """`what` must be refused with a SOAP fault (HTTP 500); the finding says what came instead."""
    try:
        answer.fault(requirement)
    except Failure as exc:
        return _unless(False, f"{what} must be refused with a fault; {exc.message}", requirement)
    return []


def check_addressed_answer(answer: OrderExchange, *, requirement: str) -> list[Finding]:
    """The Edukoppeling answer headers (`check_answer`), reported under the ordering requirement with the exchange's
    label."""
    findings = check_answer(answer.addressing(), answer.message_id)
    return _unless(findings == [], f"{answer.exchange.label}: {'; '.join(f.message for f in findings)}",
                   requirement)


# --- licences --------------------------------------------------------------------------------------------------------

def check_licence_count(licences: Sequence[Licence], count: int, whose: str, *, expected: str | None = None,
                        requirement: str) -> list[Finding]:
    """Exactly `count` licences `whose` (e.g. "from the refused order"); `expected` words the count otherwise."""
    return _unless(len(licences) == count, f"Received: {len(licences)} licences {whose}\n"
                                           f"Expected: {expected or count}", requirement)


def check_only_licences(licences: Sequence[Licence], licence_ids: Sequence[str], whose: str, *,
                        requirement: str) -> list[Finding]:
    """The licences read `whose` are exactly `licence_ids`, in that order."""
    return _unless([lic.licence_id for lic in licences] == list(licence_ids),
                   f"Received: {len(licences)} licences {whose}\nExpected: its "
                   f"{_plural(len(licence_ids), 'licence')}", requirement)


def check_licences_of_line(licences: Sequence[Licence], licence_ids: Sequence[str], *,
                           requirement: str) -> list[Finding]:
    """Reading an order's licences gives every licence its line was given, and no other."""
    ids = [lic.licence_id for lic in licences]
    return _unless(sorted(ids) == sorted(licence_ids),
                   f"Received: {len(ids)} licences {ids}\nExpected: the order's {list(licence_ids)}", requirement)


def check_licence(licence: Licence, *, product: str, school: str, requirement: str) -> list[Finding]:
    """A licence names the product and school it was ordered for, and a licence state."""
    return _unless(licence.product_id == product and licence.school == school and licence.state in LICENCE_STATES,
                   f"Received: {licence}\nExpected: product {product}, school {school}, a licence state",
                   requirement)


def check_holders(licences: Sequence[Licence], holders: Sequence[str], described: str, *,
                  requirement: str) -> list[Finding]:
    """The licences' holders (their ECK iD, "" for a school licence) are `holders`, as `described`."""
    found = sorted(lic.eck_id or "" for lic in licences)
    return _unless(found == sorted(holders), f"Received: holders {found}\nExpected: {described}", requirement)


def check_person_licences(licences: Sequence[Licence], eck_id: str, orders: Sequence[OrderAnswer], *,
                          requirement: str) -> list[Finding]:
    """The person licences read for an ECK iD are its licences from each of `orders` (line 1 each), no more."""
    ids = {lic.licence_id for lic in licences}
    kept = (len(licences) == len(orders) and all(lic.eck_id == eck_id for lic in licences)
            and all(bool(ids & set(_line_licences(order))) for order in orders))
    return _unless(kept, f"Received: {[(lic.licence_id, lic.order_id) for lic in licences]}\n"
                         f"Expected: one person licence from each of orders "
                         f"{' and '.join(order.order_id for order in orders)}", requirement)


def _line_licences(order: OrderAnswer) -> tuple[str, ...]:
    line = order.line(1)
    return line.licence_ids if line is not None else ()


def check_only_school(licences: Sequence[Licence], school: str, *, other_school: str,
                      other_licences: Sequence[str], requirement: str) -> list[Finding]:
    """Reading one school's licences never shows another school's (`other_licences` are known to be those)."""
    foreign = [lic.licence_id for lic in licences if lic.school != school or lic.licence_id in other_licences]
    return _unless(foreign == [], f"Received: licences of school {other_school} {foreign} when reading "
                                  f"school {school}\nExpected: only licences of {school}", requirement)


def check_licence_refused(result: LicenceResult, *, requirement: str) -> list[Finding]:
    """A change a licence's state does not allow is refused for that licence."""
    return _unless(result.fault is not None, f"Received: {result}\nExpected: a fault for this licence", requirement)


# --- licence states, as read back --------------------------------------------------------------------------------------

def check_licence_states(states: Mapping[str, str], expected: Mapping[str, str], *,
                         requirement: str) -> list[Finding]:
    """Each licence (licenceId -> state) reads as expected."""
    return _unless(dict(states) == dict(expected), f"Received: {states}\nExpected: {expected}", requirement)


def check_single_licence_state(states: Mapping[str, str], licence: str, state: str, *, expected: str | None = None,
                               requirement: str) -> list[Finding]:
    """The order's one licence reads `state`; `expected` words it otherwise ("still Returned")."""
    return _unless(dict(states) == {licence: state},
                   f"Received: {states}\nExpected: {licence} {expected or state}", requirement)


def check_every_licence_in(states: Mapping[str, str], state: str, *, requirement: str) -> list[Finding]:
    """Every licence read (at least one) is in `state`."""
    return _unless(set(states.values()) == {state}, f"Received: {states}\nExpected: every licence {state}",
                   requirement)


def check_nothing_cancelled(states: Mapping[str, str], activated: str, *, requirement: str) -> list[Finding]:
    """A refused cancellation cancels nothing, and the activated licence stays Active."""
    return _unless("Cancelled" not in states.values() and states.get(activated) == "Active",
                   f"Received: {states}\nExpected: nothing Cancelled, {activated} Active", requirement)
