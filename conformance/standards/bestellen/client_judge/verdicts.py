"""The verdict on each ordering-client requirement from what the judging supplier received: one function each.

A verdict is (outcome, message, evidence). Nothing that was not seen passes: no second order, no call after the
dropped answer, no refused line or no cancellation give cantTell with the reason.
"""

from __future__ import annotations


from conformance.outcomes import Outcome
from conformance.standards._judging import Verdict, VerdictTable, evidence_of, tallied
from conformance.standards.bestellen.codec import OrderLine
from conformance.standards.bestellen.client_judge.judge import MUTATING, OFFER, KlantCall, RunningKlantJudge

__all__ = ["KLANT_REQUIREMENTS", "call_findings", "judge", "judge_all"]



def _name(call: KlantCall) -> str:
    what = call.operation or "a request that is no ordering request"
    return f"{what} (order {call.order})" if call.order is not None else what


def _unique_references(judge: RunningKlantJudge) -> Verdict:
    calls = [c for c in judge.app.calls if c.operation in MUTATING and c.reference]
    contents: dict[str, list[KlantCall]] = {}
    for call in calls:
        contents.setdefault(call.reference or "", []).append(call)
    if len({c.fingerprint for c in calls}) < 2:
        return Outcome.CANT_TELL, "the client sent fewer than two different requests that change something", []
    wrong: list[KlantCall] = []
    problems: list[str] = []
    for reference, same in contents.items():
        by_content: dict[str, KlantCall] = {}
        for call in same:
            by_content.setdefault(call.fingerprint, call)
        firsts = list(by_content.values())
        if len(firsts) > 1:
            wrong.extend(firsts)
            problems.append(f"requestReferenceId {reference!r} names {len(firsts)} different requests ("
                            + ", ".join(_name(c) for c in firsts) + ")")
    return tallied(wrong, problems, failed="a requestReferenceId names one request: ",
                   passed=f"{len(contents)} requestReferenceIds for {len(calls)} requests that change something: "
                   "each names one request", judged=calls)


def _retry_keeps_reference(judge: RunningKlantJudge) -> Verdict:
    calls = judge.app.calls
    dropped = next((i for i, c in enumerate(calls) if c.ending == "dropped"), None)
    if dropped is None:
        return Outcome.CANT_TELL, "no order arrived whose answer the supplier could drop", []
    first = calls[dropped]
    retry = next((c for c in calls[dropped + 1:] if c.operation == "placeOrder"), None)
    if retry is None:
        return Outcome.CANT_TELL, f"the client placed no order after the dropped answer of {_name(first)}", []
    if retry.reference != first.reference:
        return (Outcome.FAILED, f"the answer to {_name(first)} was dropped; the client's next order came with "
                f"requestReferenceId {retry.reference!r} instead of {first.reference!r}, so the supplier, which "
                "had processed the first, made a second order", evidence_of([first, retry]))
    if retry.fingerprint != first.fingerprint:
        return (Outcome.FAILED, f"the answer to {_name(first)} was dropped; the client sent its requestReferenceId "
                "again with other content, so the supplier must refuse it instead of confirming the order",
                evidence_of([first, retry]))
    return (Outcome.PASSED, f"the answer to {_name(first)} was dropped; the client sent the same order again with "
            f"the same requestReferenceId {retry.reference!r}", evidence_of([first, retry]))


def _orderable_only(judge: RunningKlantJudge) -> Verdict:
    closed = {p.product_id: p for p in OFFER if p.orderable is False}
    orders = [c for c in judge.app.calls if c.operation == "placeOrder"]
    if not orders:
        return Outcome.CANT_TELL, "the client placed no order", []
    wrong: list[KlantCall] = []
    problems: list[str] = []
    count = 0
    for call in orders:
        count += len(call.lines)
        found = [f"{_name(call)} line {line.line_number}: product {line.product_id}, which the catalogue lists as "
                 f"{closed[line.product_id].state!r}" for line in call.lines if line.product_id in closed]
        if found:
            wrong.append(call)
            problems.extend(found)
    return tallied(wrong, problems, failed="no order line for a product the catalogue marks not orderable: ",
                   passed=f"none of the {count} order lines in {len(orders)} orders is for one of the "
                   f"{len(closed)} products the catalogue marks not orderable", judged=orders)


def _same_line(a: OrderLine, b: OrderLine) -> bool:
    keys = ("product_id", "quantity", "eck_ids", "start_date")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _refused_not_resent(judge: RunningKlantJudge) -> Verdict:
    calls = judge.app.calls
    refusals = [(i, c, number, code) for i, c in enumerate(calls) for number, code in c.refused]
    if not refusals:
        return Outcome.CANT_TELL, "no answer refused an order line, so the client's reading of it cannot show", []
    wrong: list[KlantCall] = []
    problems: list[str] = []
    for i, call, number, code in refusals:
        line = call.line(number)
        if line is None:
            continue
        for later in calls[i + 1:]:
            if later.operation != "placeOrder" or later.reference == call.reference:
                continue  # the same reference is the same request: the supplier answers it from its record
            again = next((x for x in later.lines if _same_line(x, line)), None)
            if again is not None:
                wrong.extend([call, later])
                problems.append(f"line {number} of {_name(call)} was refused ({code}) and sent again unchanged as "
                                f"line {again.line_number} of {_name(later)}")
    return tallied(wrong, problems, failed="a refused order line is not sent again unchanged: ",
                   passed=f"no refused order line ({len(refusals)}) was sent again unchanged",
                   judged=[c for _, c, _, _ in refusals])


def _cancel_before_activation(judge: RunningKlantJudge) -> Verdict:
    if not judge.settings.cancels:
        return Outcome.INAPPLICABLE, "the client does not declare cancelOrder", []
    cancels = [c for c in judge.app.calls if c.operation == "cancelOrder"]
    if not cancels:
        return Outcome.CANT_TELL, "the client cancelled no order", []
    late = [c for c in cancels if c.activated_before]
    problems = [f"cancelOrder of {c.order_id} came after a licence of that order was activated (answered "
                f"{c.ending})" for c in late]
    return tallied(late, problems, failed="an order is cancelled only while none of its licences was activated: ",
                   passed=f"all {len(cancels)} cancellations came before any licence of their order was activated",
                   judged=cancels)


_VERDICTS: VerdictTable[RunningKlantJudge] = VerdictTable({
    "BEST-KLANT-01": _unique_references,
    "BEST-KLANT-02": _retry_keeps_reference,
    "BEST-KLANT-03": _orderable_only,
    "BEST-KLANT-04": _refused_not_resent,
    "BEST-KLANT-05": _cancel_before_activation,
})
KLANT_REQUIREMENTS = _VERDICTS.requirements


def call_findings(call: KlantCall) -> list[str]:
    """What one call shows on arrival, for serve --judge: not-orderable products and late cancellations."""
    closed = {p.product_id for p in OFFER if p.orderable is False}
    found = [f"BEST-KLANT-03: line {line.line_number} orders not-orderable product {line.product_id}"
             for line in call.lines if line.product_id in closed]
    if call.operation == "cancelOrder" and call.activated_before:
        found.append(f"BEST-KLANT-05: cancels order {call.order_id}, of which a licence was activated")
    return found


judge = _VERDICTS.judge
judge_all = _VERDICTS.judge_all
