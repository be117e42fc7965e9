"""Ordering and licence messages: what each element MEANS, bound to our modelled names in one place.

The official ECK DT OrderService / LicenseService formats are not public (spec addendum §2), so the names here
are ours (wsdl/eck-dt/bestellen/). Tests and the reference speak only in the dataclasses below; an official schema
replaces this module's names, not the tests. One module for both sides, so they can never disagree on a name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from lxml import etree

from conformance.edukoppeling.addressing import Addressing, address_message
from conformance.xml.soap import SOAP_ENV, SoapMessage, build_envelope

__all__ = [
    "LICENCE_CHANGES",
    "LICENCE_STATES",
    "MAX_LINES",
    "NS",
    "OPERATIONS",
    "Licence",
    "LicenceResult",
    "LineResult",
    "Order",
    "OrderAnswer",
    "OrderLine",
    "Problem",
    "cancel_order",
    "change_licences",
    "envelope",
    "fault_envelope",
    "licences_answer",
    "licences_changed",
    "order_answer",
    "place_order",
    "read_fault",
    "read_licences",
    "read_licences_answer",
    "read_licences_changed",
    "read_order",
    "read_order_answer",
    "read_order_request",
    "response_action",
    "soap_action",
    "text_of",
]

NS = "urn:conformance:eck-dt:bestellen:modelled:v1"
_B = f"{{{NS}}}"
MAX_LINES = 100  # modelled on Edu-iX upload limits (1..100 credits per call)

#: operation -> service; the request element is `<operation>Request`, the answer `<operation>Response`
OPERATIONS: dict[str, str] = {
    "placeOrder": "OrderService",
    "readOrder": "OrderService",
    "cancelOrder": "OrderService",
    "readLicences": "LicenseService",
    "blockLicences": "LicenseService",
    "unblockLicences": "LicenseService",
    "returnLicences": "LicenseService",
    "activateLicences": "LicenseService",
}
LICENCE_CHANGES = ("blockLicences", "unblockLicences", "returnLicences", "activateLicences")
LICENCE_STATES = ("NotActive", "Active", "Blocked", "Returned", "Cancelled")


def soap_action(operation: str) -> str:
    return f"{NS}/{operation}"


def response_action(operation: str) -> str:
    return f"{NS}/{operation}Response"


# --- meanings --------------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class OrderLine:
    """One product with a quantity; each ECK iD gets a person licence, the rest are school licences. The licences
    are usable from `start_date` (today when absent)."""

    line_number: int
    product_id: str
    quantity: int
    eck_ids: tuple[str, ...] = ()
    start_date: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class Order:
    reference: str
    ordering_party: str  # OIN
    school: str  # BRIN
    lines: tuple[OrderLine, ...]
    purchase_order_id: str | None = None


@dataclasses.dataclass(frozen=True)
class Problem:
    code: str
    message: str


@dataclasses.dataclass(frozen=True)
class LineResult:
    line_number: int
    status: str  # Accepted | Rejected | Cancelled
    licence_ids: tuple[str, ...] = ()
    fault: Problem | None = None


@dataclasses.dataclass(frozen=True)
class OrderAnswer:
    reference: str
    order_id: str
    school: str
    status: str  # Accepted | PartiallyAccepted | Rejected | Cancelled
    lines: tuple[LineResult, ...]

    def line(self, number: int) -> LineResult | None:
        return next((line for line in self.lines if line.line_number == number), None)


@dataclasses.dataclass(frozen=True)
class Licence:
    licence_id: str
    order_id: str
    line_number: int
    product_id: str
    school: str
    eck_id: str | None
    state: str


@dataclasses.dataclass(frozen=True)
class LicenceResult:
    licence_id: str
    state: str | None
    fault: Problem | None = None


# --- writing ---------------------------------------------------------------------------------------------------

def _el(local: str, *children: tuple[str, object] | etree._Element | None) -> etree._Element:
    """An element in NS; children are (name, value) pairs (None values left out) or elements, in order."""
    el = etree.Element(f"{_B}{local}", nsmap={"b": NS})
    for child in children:
        if child is None:
            continue
        if isinstance(child, tuple):
            if child[1] is not None:
                etree.SubElement(el, f"{_B}{child[0]}").text = str(child[1])
        else:
            el.append(child)
    return el


def _problem(local: str, problem: Problem | None) -> etree._Element | None:
    return None if problem is None else _el(local, ("code", problem.code), ("message", problem.message))


def place_order(order: Order) -> etree._Element:
    lines = [_el("orderLine", ("lineNumber", line.line_number), ("productId", line.product_id),
                 ("quantity", line.quantity), ("startDate", line.start_date and line.start_date.isoformat()),
                 *(("eckId", e) for e in line.eck_ids)) for line in order.lines]
    return _el("placeOrderRequest", ("requestReferenceId", order.reference), ("orderingParty", order.ordering_party),
               ("school", order.school), ("purchaseOrderId", order.purchase_order_id), *lines)


def read_order(reference: str, party: str, order_id: str) -> etree._Element:
    return _el("readOrderRequest", ("requestReferenceId", reference), ("orderingParty", party), ("orderId", order_id))


def cancel_order(reference: str, party: str, order_id: str, lines: Iterable[int] = ()) -> etree._Element:
    return _el("cancelOrderRequest", ("requestReferenceId", reference), ("orderingParty", party),
               ("orderId", order_id), *(("lineNumber", n) for n in lines))


def read_licences(reference: str, party: str, *, school: str | None = None, eck_id: str | None = None,
                  order_id: str | None = None) -> etree._Element:
    return _el("readLicencesRequest", ("requestReferenceId", reference), ("orderingParty", party),
               ("school", school), ("eckId", eck_id), ("orderId", order_id))


def change_licences(operation: str, reference: str, party: str, licence_ids: Iterable[str]) -> etree._Element:
    assert operation in LICENCE_CHANGES, operation
    return _el(f"{operation}Request", ("requestReferenceId", reference), ("orderingParty", party),
               *(("licenceId", i) for i in licence_ids))


def order_answer(operation: str, answer: OrderAnswer) -> etree._Element:
    lines = [_el("lineResult", ("lineNumber", line.line_number), ("lineStatus", line.status),
                 *(("licenceId", i) for i in line.licence_ids), _problem("fault", line.fault))
             for line in answer.lines]
    return _el(f"{operation}Response", ("requestReferenceId", answer.reference), ("orderId", answer.order_id),
               ("school", answer.school), ("orderStatus", answer.status), *lines)


def licences_answer(reference: str, licences: Iterable[Licence]) -> etree._Element:
    return _el("readLicencesResponse", ("requestReferenceId", reference),
               *(_el("licence", ("licenceId", lic.licence_id), ("orderId", lic.order_id),
                     ("lineNumber", lic.line_number), ("productId", lic.product_id), ("school", lic.school),
                     ("eckId", lic.eck_id), ("licenceState", lic.state)) for lic in licences))


def licences_changed(operation: str, reference: str, results: Iterable[LicenceResult]) -> etree._Element:
    return _el(f"{operation}Response", ("requestReferenceId", reference),
               *(_el("licenceResult", ("licenceId", r.licence_id), ("licenceState", r.state),
                     _problem("fault", r.fault)) for r in results))


# --- envelopes: the one place that wraps a body for the wire (Edukoppeling WS-Addressing headers) -------------

def envelope(body: etree._Element | None, addressing: Addressing) -> bytes:
    """A SOAP 1.1 envelope around `body` with Edukoppeling's WS-Addressing headers."""
    return address_message(build_envelope(body), addressing)


def fault_envelope(code: str, message: str, addressing: Addressing, *, server: bool = False) -> bytes:
    """A SOAP 1.1 fault whose detail names the fault `code` (bestellenFault), with WS-Addressing headers."""
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    fault = etree.SubElement(etree.SubElement(env, f"{{{SOAP_ENV}}}Body"), f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(fault, "faultcode").text = "soap:Server" if server else "soap:Client"
    etree.SubElement(fault, "faultstring").text = message
    etree.SubElement(fault, "detail").append(_el("bestellenFault", ("code", code), ("message", message)))
    return address_message(etree.tostring(env, xml_declaration=True, encoding="UTF-8"), addressing)


# --- reading ---------------------------------------------------------------------------------------------------

def text_of(parent: etree._Element, local: str) -> str | None:
    child = parent.find(f"{_B}{local}")
    return None if child is None else (child.text or "").strip()


def _texts(parent: etree._Element, local: str) -> tuple[str, ...]:
    return tuple((child.text or "").strip() for child in parent.findall(f"{_B}{local}"))


def _required(parent: etree._Element, local: str) -> str:
    value = text_of(parent, local)
    if value is None:
        raise ValueError(f"{etree.QName(parent).localname} lacks {local}")
    return value


def _integer(parent: etree._Element, local: str) -> int:
    value = _required(parent, local)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{etree.QName(parent).localname}/{local} is not an integer: {value[:20]!r}") from None


def _date(parent: etree._Element, local: str) -> dt.date | None:
    value = text_of(parent, local)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{etree.QName(parent).localname}/{local} is not a date: {value[:20]!r}") from None


def _read_problem(parent: etree._Element, local: str) -> Problem | None:
    el = parent.find(f"{_B}{local}")
    return None if el is None else Problem(_required(el, "code"), _required(el, "message"))


def read_order_request(body: etree._Element) -> Order:
    lines = tuple(OrderLine(_integer(el, "lineNumber"), _required(el, "productId"), _integer(el, "quantity"),
                            _texts(el, "eckId"), _date(el, "startDate")) for el in body.findall(f"{_B}orderLine"))
    return Order(_required(body, "requestReferenceId"), _required(body, "orderingParty"), _required(body, "school"),
                 lines, text_of(body, "purchaseOrderId"))


def read_order_answer(body: etree._Element) -> OrderAnswer:
    lines = tuple(LineResult(_integer(el, "lineNumber"), _required(el, "lineStatus"), _texts(el, "licenceId"),
                             _read_problem(el, "fault")) for el in body.findall(f"{_B}lineResult"))
    return OrderAnswer(_required(body, "requestReferenceId"), _required(body, "orderId"), _required(body, "school"),
                       _required(body, "orderStatus"), lines)


def read_licences_answer(body: etree._Element) -> list[Licence]:
    return [Licence(_required(el, "licenceId"), _required(el, "orderId"), _integer(el, "lineNumber"),
                    _required(el, "productId"), _required(el, "school"), text_of(el, "eckId"),
                    _required(el, "licenceState")) for el in body.findall(f"{_B}licence")]


def read_licences_changed(body: etree._Element) -> list[LicenceResult]:
    return [LicenceResult(_required(el, "licenceId"), text_of(el, "licenceState"), _read_problem(el, "fault"))
            for el in body.findall(f"{_B}licenceResult")]


def read_fault(message: SoapMessage) -> Problem | None:
    """The fault of an answer as (code, message); the code from our detail, else the SOAP faultcode."""
    if message.fault is None:
        return None
    detail = message.body_children[0].find(f"detail/{_B}bestellenFault")
    if detail is not None and text_of(detail, "code"):
        return Problem(text_of(detail, "code") or "", text_of(detail, "message") or message.fault.faultstring)
    return Problem(message.fault.code_text, message.fault.faultstring)
