"""Judge mode for ordering clients: the suite plays the supplier for a candidate client and records every call.

The judging supplier is the reference order and licence service over a small catalogue of its own (`OFFER`,
orderable and not orderable products), with a fresh database per run so no earlier run's requestReferenceIds
count. It answers new orders (numbered by first arrival of their requestReferenceId) by a fixed plan, so that
every rule has something to show: the first order is processed but its answer is dropped (the connection closed
without a word, once), the first line of the second is refused on purpose, and from the third on one licence of
each accepted order is activated at once, as a pupil starting to use it would, so cancelling it is closed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

from lxml import etree

from conformance.pki import LoopbackPki, ensure_loopback_pki
from conformance.pki.oin import oin_from_certificate
from conformance.standards._judging import NO_ANSWER, Once, RecordingApp, RunningClientJudge, serve_judging
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.codec import NS, OrderLine, Problem
from conformance.standards.bestellen.client_judge.settings import KlantSettings
from conformance.standards.bestellen.reference import ReferenceSettings, ReferenceOrderService
from conformance.standards.catalogus.generator import ean13
from conformance.standards.catalogus.products import CatalogusProduct
from conformance.transport import Exchange, HttpRequest, HttpResponse, LoopbackServer
from conformance.xml import XmlRejected
from conformance.xml.soap import parse_envelope

__all__ = ["LICENCES_PATH", "MUTATING", "OFFER", "ORDERS_PATH", "PLAN", "JudgingSupplier", "KlantCall", "RunningKlantJudge",
           "start_klant_judge"]

ORDERS_PATH = "/bestellen/orders"
LICENCES_PATH = "/bestellen/licenties"
#: The judging supplier's catalogue: three orderable products, and two it lists as not orderable
OFFER: tuple[CatalogusProduct, ...] = (
    CatalogusProduct(ean13("978999000001"), "Leverbaar", True),
    CatalogusProduct(ean13("978999000002"), "Leverbaar", True),
    CatalogusProduct(ean13("978999000003"), "Leverbaar", True),
    CatalogusProduct(ean13("978999000004"), "Niet meer leverbaar", True),
    CatalogusProduct(ean13("978999000005"), "Zal niet verschijnen", True),
)
#: How the judging supplier treats the client's new orders, in order; later orders are treated as the last
PLAN = ("answer dropped", "first line refused", "one licence activated")
REFUSAL = Problem("LineRefused", "de leverancier weigert deze regel (de testsuite met opzet: lees de fout per "
                                 "regel en stuur de regel niet ongewijzigd opnieuw)")
_REQUESTS = {f"{operation}Request": operation for operation in codec.OPERATIONS}
#: the operations that change something: their requestReferenceId names one request
MUTATING = frozenset({"placeOrder", "cancelOrder", *codec.LICENCE_CHANGES})


@dataclasses.dataclass(frozen=True, kw_only=True)
class KlantCall:
    """One call the client made to the judging supplier, read once on arrival; `exchange` is the evidence."""

    moment: float  # time.monotonic() on arrival
    operation: str | None  # None when the request was no ordering or licence request
    reference: str | None  # requestReferenceId
    fingerprint: str  # the same request sent again has the same fingerprint (canonical body)
    order: int | None  # a placeOrder's order number (1-based, by first arrival of its reference), else None
    lines: tuple[OrderLine, ...]  # what a placeOrder orders
    order_id: str | None  # the order a placeOrder made (read from the answer), or a cancelOrder names
    ending: str  # "dropped", "answered", or the fault's code
    refused: tuple[tuple[int, str], ...]  # (lineNumber, fault code) of the lines the answer refused
    activated_before: bool  # a cancelOrder: a licence of the order was activated before it arrived
    exchange: Exchange

    def line(self, number: int) -> OrderLine | None:
        return next((line for line in self.lines if line.line_number == number), None)


class _RequestFields(TypedDict):
    """What a request says, read on arrival: the fields of its KlantCall."""

    operation: str | None
    reference: str | None
    lines: tuple[OrderLine, ...]
    order_id: str | None
    fingerprint: str


def _read_request(body_bytes: bytes) -> _RequestFields:
    fields: _RequestFields = {"operation": None, "reference": None, "lines": (), "order_id": None,
                              "fingerprint": hashlib.sha256(body_bytes).hexdigest()}
    try:
        body = parse_envelope(body_bytes).body
    except XmlRejected:
        return fields
    if body is None or etree.QName(body).namespace != NS:
        return fields
    operation = _REQUESTS.get(etree.QName(body).localname)
    fields["operation"] = operation
    fields["reference"] = codec.text_of(body, "requestReferenceId")
    fields["order_id"] = codec.text_of(body, "orderId")
    fields["fingerprint"] = hashlib.sha256(etree.tostring(body, method="c14n")).hexdigest()
    if operation == "placeOrder":
        try:
            fields["lines"] = codec.read_order_request(body).lines
        except ValueError:
            pass
    return fields


def _read_answer(response: HttpResponse) -> tuple[str, str | None, tuple[tuple[int, str], ...]]:
    """(ending, the orderId an order answer names, the refused lines)."""
    try:
        answer = parse_envelope(response.body)
    except XmlRejected:
        return "fault", None, ()
    fault = codec.read_fault(answer)
    if fault is not None:
        return fault.code or "fault", None, ()
    body = answer.body
    if body is None or etree.QName(body).localname != "placeOrderResponse":
        return "answered", None, ()
    try:
        order = codec.read_order_answer(body)
    except ValueError:
        return "answered", None, ()
    return "answered", order.order_id, tuple((line.line_number, line.fault.code) for line in order.lines
                                             if line.fault is not None)


class JudgingSupplier(RecordingApp[KlantCall]):
    """The reference supplier behind the plan, recording every call (with its answer)."""

    def __init__(self, settings: KlantSettings, supplier: ReferenceOrderService, *, url: str = ORDERS_PATH,
                 on_call: Callable[[KlantCall], None] | None = None) -> None:
        super().__init__(url)  # its _lock also serves one call at a time: the plan counts orders by arrival
        self.settings = settings
        self.supplier = supplier
        self._on_call = on_call  # serve --judge prints each call as it comes
        self._drop = Once()
        self._orders: dict[str, int] = {}  # requestReferenceId of a placeOrder -> its order number

    def __call__(self, request: HttpRequest) -> HttpResponse:
        arrived, started = time.monotonic(), dt.datetime.now(dt.UTC)
        fields = _read_request(request.body)
        with self._lock:
            order, new = self._number(fields)
            step = PLAN[min(order, len(PLAN)) - 1] if order is not None else None
            if step == "first line refused" and new:
                self.supplier.refuse_first_line = REFUSAL
            activated_before = (fields["operation"] == "cancelOrder" and bool(fields["order_id"])
                                and self.supplier.activated(str(fields["order_id"])))
            response = self.supplier(request)
            self.supplier.refuse_first_line = None
            ending, order_id, refused = _read_answer(response)
            if step == "one licence activated" and new and order_id is not None:
                self.supplier.activate_first_licence(order_id)
            dropped = step == "answer dropped" and self._drop.take()
            label = f"the client called {fields['operation'] or 'something that is no ordering request'}" \
                    + (f" (order {order})" if order is not None else "") \
                    + (": answer dropped on purpose, connection closed" if dropped else "")
            exchange = Exchange(label=label, method="POST", url=self.url, request_headers=dict(request.headers),
                                request_body=request.body, started=started,
                                elapsed_ms=(time.monotonic() - arrived) * 1000,
                                status=None if dropped else response.status,
                                response_headers={} if dropped else {"content-type": response.content_type},
                                response_body=b"" if dropped else response.body,
                                transport_error="closed without an answer, on purpose" if dropped else None)
            fields["order_id"] = fields["order_id"] or order_id  # a placeOrder's order, from the answer
            call = KlantCall(moment=arrived, order=order, ending="dropped" if dropped else ending,
                             refused=() if dropped else refused, activated_before=activated_before,
                             exchange=exchange, **fields)
            self._calls.append(call)
        if self._on_call is not None:
            self._on_call(call)
        return NO_ANSWER if dropped else response

    def _number(self, fields: _RequestFields) -> tuple[int | None, bool]:
        """A placeOrder's order number, and whether its reference is new (a retry keeps its order's number)."""
        reference = fields["reference"]
        if fields["operation"] != "placeOrder" or not isinstance(reference, str):
            return None, False
        new = reference not in self._orders
        return self._orders.setdefault(reference, len(self._orders) + 1), new


class RunningKlantJudge(RunningClientJudge[JudgingSupplier, KlantSettings]):
    """A started judging supplier; the client under test points at `endpoint` (orders) and `licences_endpoint`."""

    standard = "bestellen"

    def __init__(self, server: LoopbackServer, app: JudgingSupplier, settings: KlantSettings, pki: LoopbackPki,
                 database: Path) -> None:
        super().__init__(server, app, settings, pki)
        self.licences_endpoint = app.url.removesuffix(ORDERS_PATH) + LICENCES_PATH
        self.database = database

    def missing(self) -> list[str]:
        """What the wait still waits for: a retry of the dropped order, a refused line read, and a cancellation
        from a client that declares cancelOrder."""
        calls = self.app.calls
        missing = []
        dropped = next((i for i, c in enumerate(calls) if c.ending == "dropped"), None)
        if dropped is None:
            missing.append("a first order (its answer is dropped on purpose)")
        elif not any(c.operation == "placeOrder" for c in calls[dropped + 1:]):
            missing.append("an order after the dropped answer")
        if not any(c.refused for c in calls):
            missing.append("a second order (its first line is refused on purpose)")
        if self.settings.cancels and not any(c.operation == "cancelOrder" for c in calls):
            missing.append("a cancelOrder")
        return missing

    def call_record(self, call: KlantCall) -> dict[str, object]:
        return {"operation": call.operation, "order": call.order, "answer": call.ending}

    def stop(self) -> None:
        super().stop()
        self.database.unlink(missing_ok=True)


def start_klant_judge(state_dir: Path, settings: KlantSettings | None = None, *,
                      on_call: Callable[[KlantCall], None] | None = None) -> RunningKlantJudge:
    """Serve a judging supplier with mutual TLS on the configured interface (loopback by default)."""
    settings = settings or KlantSettings()
    pki = ensure_loopback_pki(state_dir / "pki")
    server_oin = oin_from_certificate(pki.test_pki["server"].load())
    assert server_oin is not None
    reference_settings = ReferenceSettings(producten=frozenset(p.product_id for p in OFFER if p.orderable),
                                scholen={settings.oin: frozenset(settings.scholen)}, oin=server_oin, offer=OFFER)
    database = state_dir / "bestellen-klant" / f"{uuid.uuid4().hex}.sqlite3"  # fresh: no earlier references
    supplier = ReferenceOrderService(database, reference_settings, profiel=settings.profiel,
                                       signing_cert=pki.server_cert, signing_key=pki.server_key, trust=pki.trust())
    app = JudgingSupplier(settings, supplier, on_call=on_call)
    return RunningKlantJudge(serve_judging(app, pki, settings, ORDERS_PATH), app, settings, pki, database)
