"""Each ordering check keeps what a conformant answer shows and fails what breaks its rule, naming the requirement
it was given and saying what came back and what was expected."""

from __future__ import annotations

import datetime as dt

from conformance.edukoppeling.addressing import Addressing, answer_addressing, new_message_id
from conformance.findings import Finding, Severity
from conformance.standards.bestellen import checks, codec
from conformance.standards.bestellen.client import OrderExchange
from conformance.standards.bestellen.codec import Licence, LicenceResult, LineResult, OrderAnswer, OrderLine, Problem
from conformance.transport import Exchange

REQ = "BEST-TEST-01"
SCHOOL = "99XA"
ECKID = "https://ketenid.nl/pilot/" + "ab" * 64
FAULT = Problem("UnknownProduct", "no such product")


def _order(*lines: LineResult, status: str = "Accepted", school: str = SCHOOL) -> OrderAnswer:
    return OrderAnswer(reference="ref-1", order_id="ORD-1", school=school, status=status, lines=lines)


def _licence(licence_id: str, *, school: str = SCHOOL, eck_id: str | None = None, state: str = "NotActive",
             order_id: str = "ORD-1") -> Licence:
    return Licence(licence_id, order_id, 1, "9789000000001", school, eck_id, state)


def _only(findings: list[Finding]) -> str:
    """The one finding's message, after checking it names the requirement it was given."""
    [finding] = findings
    assert finding.requirement == REQ and finding.severity is Severity.ERROR and not finding.undecided
    return finding.message


def test_the_answer_to_an_order_names_id_reference_school_and_status():
    answer = _order(LineResult(1, "Accepted", ("L1",)))
    assert checks.check_order_id(answer, requirement=REQ) == []
    assert _only(checks.check_order_id(OrderAnswer("ref-1", "", SCHOOL, "Accepted", ()), requirement=REQ)) == \
        "the answer has an empty orderId"
    assert checks.check_request_reference(answer, "ref-1", requirement=REQ) == []
    assert _only(checks.check_request_reference(answer, "ref-2", requirement=REQ)) == \
        "Received: requestReferenceId 'ref-1'\nExpected: the request's 'ref-2'"
    assert checks.check_school(answer, SCHOOL, requirement=REQ) == []
    assert _only(checks.check_school(answer, "00AA", requirement=REQ)) == "Received: school 99XA\nExpected: 00AA"
    assert checks.check_order_status(answer, "Accepted", requirement=REQ) == []
    assert _only(checks.check_order_status(answer, "PartiallyAccepted", requirement=REQ)) == \
        "Received: orderStatus Accepted\nExpected: PartiallyAccepted"


def test_an_accepted_line_has_a_licence_for_each_of_its_quantity():
    line = OrderLine(1, "9789000000001", 2)
    assert checks.check_line_accepted(_order(LineResult(1, "Accepted", ("L1", "L2"))), line, requirement=REQ) == []
    short = LineResult(1, "Accepted", ("L1",))
    assert _only(checks.check_line_accepted(_order(short), line, requirement=REQ)) == \
        f"Received: line 1: {short}\nExpected: Accepted with 2 licences"
    assert _only(checks.check_line_accepted(_order(), line, requirement=REQ)) == \
        "Received: line 1: None\nExpected: Accepted with 2 licences"


def test_a_start_date_within_the_margin_is_accepted():
    line = OrderLine(1, "9789000000001", 1, start_date=dt.date(2026, 11, 1))
    assert checks.check_start_date_accepted(_order(LineResult(1, "Accepted", ("L1",))), line, 35,
                                            requirement=REQ) == []
    rejected = LineResult(1, "Rejected", (), FAULT)
    assert _only(checks.check_start_date_accepted(_order(rejected), line, 35, requirement=REQ)) == \
        f"Received: line 1 (startDate 2026-11-01, within the margin of 35 days) {rejected}\n" \
        "Expected: Accepted with 1 licence"


def test_a_refused_line_is_rejected_with_a_fault_and_no_licences():
    assert checks.check_line_rejected(_order(LineResult(1, "Rejected", (), FAULT)), 1, "unknown product",
                                      requirement=REQ) == []
    assert _only(checks.check_line_rejected(_order(), 1, "unknown product", requirement=REQ)) == \
        "the answer has no lineResult for line 1"
    assert _only(checks.check_line_rejected(_order(LineResult(1, "Accepted", ("L1",))), 1, "unknown product",
                                            requirement=REQ)) == \
        "Received: line 1 Accepted, fault None, 1 licences\n" \
        "Expected: line 1 Rejected with a fault and no licences (unknown product)"


def test_a_faulty_line_does_not_take_the_good_one_down():
    good = OrderLine(1, "9789000000001", 1, (ECKID,))
    accepted, rejected = LineResult(1, "Accepted", ("L1",)), LineResult(2, "Rejected", (), FAULT)
    partly = _order(accepted, rejected, status="PartiallyAccepted")
    assert checks.check_good_line_accepted(partly, good, 2, requirement=REQ) == []
    assert checks.check_faulty_line_rejected(partly, 2, requirement=REQ) == []
    refused = _order(LineResult(1, "Rejected", (), FAULT), rejected, status="Rejected")
    assert _only(checks.check_good_line_accepted(refused, good, 2, requirement=REQ)) == \
        f"Received: good line {refused.lines[0]}, orderStatus Rejected\n" \
        "Expected: line 1 Accepted with 1 licence, although line 2 is faulty"
    assert _only(checks.check_faulty_line_rejected(_order(accepted), 2, requirement=REQ)) == \
        "Received: faulty line None\nExpected: line 2 Rejected with a fault"


def test_a_cancelled_line_reads_cancelled():
    assert checks.check_line_cancelled(_order(LineResult(2, "Cancelled", ("L2",))), 2, requirement=REQ) == []
    open_line = LineResult(2, "Accepted", ("L2",))
    assert _only(checks.check_line_cancelled(_order(open_line), 2, requirement=REQ)) == \
        f"Received: line 2 {open_line}\nExpected: Cancelled"


def test_an_order_reads_back_and_repeats_as_it_was_confirmed():
    placed = _order(LineResult(1, "Accepted", ("L1",)))
    assert checks.check_read_back(placed, placed, requirement=REQ) == []
    other = _order(LineResult(1, "Accepted", ("L9",)))
    assert _only(checks.check_read_back(other, placed, requirement=REQ)) == \
        f"Received: Accepted {other.lines}\nExpected: Accepted {placed.lines}"
    assert checks.check_same_confirmation(placed, placed, requirement=REQ) == []
    assert _only(checks.check_same_confirmation(other, placed, requirement=REQ)).startswith(
        f"Received: orderId ORD-1 {other.lines}\nExpected: the first confirmation, orderId ORD-1")
    assert checks.check_one_order_id([placed, placed], requirement=REQ) == []
    second = OrderAnswer("ref-1", "ORD-2", SCHOOL, "Accepted", ())
    assert _only(checks.check_one_order_id([placed, second], requirement=REQ)) == \
        "Received: 2 different orderIds\nExpected: 1"


def _exchange(body: bytes, status: int) -> OrderExchange:
    exchange = Exchange(label="placeOrder", method="POST", url="https://supplier.test/orders", request_headers={},
                        request_body=b"", started=dt.datetime.now(dt.UTC), status=status, response_body=body,
                        response_headers={"content-type": "text/xml; charset=utf-8"})
    return OrderExchange(operation="placeOrder", message_id="urn:uuid:request", exchange=exchange)


def _order_answer(addressing: Addressing) -> bytes:
    return codec.envelope(codec.order_answer("placeOrder", _order(LineResult(1, "Accepted", ("L1",)))), addressing)


def test_a_refusal_is_a_soap_fault():
    fault = codec.fault_envelope("InvalidRequest", "no", Addressing(action="urn:fault", message_id=new_message_id()))
    assert checks.check_refused(_exchange(fault, 500), "an order of 101 lines", requirement=REQ) == []
    answered = _exchange(_order_answer(Addressing(action="urn:a", message_id=new_message_id())), 200)
    assert _only(checks.check_refused(answered, "an order of 101 lines", requirement=REQ)) == \
        f"an order of 101 lines must be refused with a fault; expected a SOAP fault, received " \
        f"{{{codec.NS}}}placeOrderResponse (HTTP 200)"


def test_an_answer_carries_the_edukoppeling_headers_under_the_ordering_requirement():
    request = Addressing(message_id="urn:uuid:request")
    good = answer_addressing(request, action=codec.response_action("placeOrder"))
    assert checks.check_addressed_answer(_exchange(_order_answer(good), 200), requirement=REQ) == []
    unrelated = Addressing(action=good.action, message_id=new_message_id())
    assert _only(checks.check_addressed_answer(_exchange(_order_answer(unrelated), 200), requirement=REQ)) == \
        "placeOrder: response has no wsa:RelatesTo"


def test_licence_counts_and_the_licences_of_a_line():
    one = [_licence("L1", eck_id=ECKID)]
    assert checks.check_licence_count(one, 1, "for the ECK iD", requirement=REQ) == []
    assert _only(checks.check_licence_count(one, 0, "from the refused order", expected="none",
                                            requirement=REQ)) == "Received: 1 licences from the refused order\n" \
                                                                 "Expected: none"
    assert _only(checks.check_licence_count([], 1, "for the ECK iD", requirement=REQ)) == \
        "Received: 0 licences for the ECK iD\nExpected: 1"
    assert checks.check_only_licences(one, ("L1",), "for the good line's ECK iD", requirement=REQ) == []
    assert _only(checks.check_only_licences([], ("L1",), "for the good line's ECK iD", requirement=REQ)) == \
        "Received: 0 licences for the good line's ECK iD\nExpected: its 1 licence"
    assert checks.check_licences_of_line(one, ("L1",), requirement=REQ) == []
    assert _only(checks.check_licences_of_line(one, ("L1", "L2"), requirement=REQ)) == \
        "Received: 1 licences ['L1']\nExpected: the order's ['L1', 'L2']"


def test_a_licence_names_its_product_school_holder_and_state():
    licence = _licence("L1")
    assert checks.check_licence(licence, product="9789000000001", school=SCHOOL, requirement=REQ) == []
    assert _only(checks.check_licence(licence, product="9789000000002", school=SCHOOL, requirement=REQ)) == \
        f"Received: {licence}\nExpected: product 9789000000002, school 99XA, a licence state"
    stateless = _licence("L1", state="Lost")
    assert len(checks.check_licence(stateless, product="9789000000001", school=SCHOOL, requirement=REQ)) == 1
    licences = [_licence("L1", eck_id=ECKID), _licence("L2"), _licence("L3")]
    described = "one person licence for the ECK iD and two school licences"
    assert checks.check_holders(licences, ["", "", ECKID], described, requirement=REQ) == []
    assert _only(checks.check_holders(licences[1:], ["", "", ECKID], described, requirement=REQ)) == \
        f"Received: holders ['', '']\nExpected: {described}"


def test_the_person_licences_of_an_eckid_come_one_from_each_order():
    a = _order(LineResult(1, "Accepted", ("A1",)))
    b = OrderAnswer("ref-2", "ORD-2", SCHOOL, "Accepted", (LineResult(1, "Accepted", ("B1", "B2")),))
    both = [_licence("A1", eck_id=ECKID), _licence("B2", eck_id=ECKID, order_id="ORD-2")]
    assert checks.check_person_licences(both, ECKID, [a, b], requirement=REQ) == []
    assert _only(checks.check_person_licences(both[:1], ECKID, [a, b], requirement=REQ)) == \
        "Received: [('A1', 'ORD-1')]\nExpected: one person licence from each of orders ORD-1 and ORD-2"


def test_one_schools_licences_never_show_anothers():
    own = [_licence("A1")]
    assert checks.check_only_school(own, SCHOOL, other_school="99XB", other_licences=("B1",), requirement=REQ) == []
    mixed = own + [_licence("B1", school="99XB")]
    assert _only(checks.check_only_school(mixed, SCHOOL, other_school="99XB", other_licences=("B1",),
                                          requirement=REQ)) == \
        "Received: licences of school 99XB ['B1'] when reading school 99XA\nExpected: only licences of 99XA"


def test_a_change_the_state_does_not_allow_is_refused_for_that_licence():
    assert checks.check_licence_refused(LicenceResult("L1", "Returned", FAULT), requirement=REQ) == []
    done = LicenceResult("L1", "Active")
    assert _only(checks.check_licence_refused(done, requirement=REQ)) == \
        f"Received: {done}\nExpected: a fault for this licence"


def test_licence_states_read_as_expected():
    expected = {"L1": "Cancelled", "L2": "NotActive"}
    assert checks.check_licence_states(dict(expected), expected, requirement=REQ) == []
    states = {"L1": "Cancelled", "L2": "Cancelled"}
    assert _only(checks.check_licence_states(states, expected, requirement=REQ)) == \
        f"Received: {states}\nExpected: {expected}"


def test_the_one_licence_of_an_order_reads_its_state():
    assert checks.check_single_licence_state({"L1": "Blocked"}, "L1", "Blocked", requirement=REQ) == []
    assert _only(checks.check_single_licence_state({"L1": "NotActive"}, "L1", "Blocked", requirement=REQ)) == \
        "Received: {'L1': 'NotActive'}\nExpected: L1 Blocked"
    assert _only(checks.check_single_licence_state({"L1": "Active"}, "L1", "Returned", expected="still Returned",
                                                   requirement=REQ)) == \
        "Received: {'L1': 'Active'}\nExpected: L1 still Returned"


def test_every_licence_cancelled_and_nothing_cancelled():
    assert checks.check_every_licence_in({"L1": "Cancelled"}, "Cancelled", requirement=REQ) == []
    assert _only(checks.check_every_licence_in({}, "Cancelled", requirement=REQ)) == \
        "Received: {}\nExpected: every licence Cancelled"
    assert checks.check_nothing_cancelled({"L1": "Active", "L2": "NotActive"}, "L1", requirement=REQ) == []
    assert _only(checks.check_nothing_cancelled({"L1": "Active", "L2": "Cancelled"}, "L1", requirement=REQ)) == \
        "Received: {'L1': 'Active', 'L2': 'Cancelled'}\nExpected: nothing Cancelled, L1 Active"
