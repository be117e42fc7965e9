"""The load defects as middleware, without Locust: an answer changes only with requests in flight together, and the
references of one run share the defect's state."""

from __future__ import annotations

import threading

import pytest

from conformance.load.defects import apply_load_defects
from conformance.transport import HttpRequest, HttpResponse

_ORDER = b"<b:placeOrderRequest xmlns:b='urn:x'><b:requestReferenceId>%s</b:requestReferenceId></b:placeOrderRequest>"
_ANSWER = b"<b:placeOrderResponse xmlns:b='urn:x'><b:orderId>ORD-1</b:orderId></b:placeOrderResponse>"


class _Server:
    """A stand-in for a LoopbackServer whose app holds a request naming `held` until released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.app = self._answer

    def wrap(self, middleware):  # type: ignore[no-untyped-def]
        self.app = middleware(self.app)

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if b"held" in request.body:
            self.entered.set()
            self.release.wait(5)
        return HttpResponse(status=200, body=_ANSWER, content_type="text/xml")


def _order(reference: bytes) -> HttpRequest:
    return HttpRequest(method="POST", path="/bestellen/orders", headers={}, body=_ORDER % reference)


def _while_another_is_in_flight(holder: _Server, server: _Server, reference: bytes) -> bytes:
    thread = threading.Thread(target=holder.app, args=(_order(b"held"),))
    thread.start()
    assert holder.entered.wait(5)
    try:
        return server.app(_order(reference)).body
    finally:
        holder.release.set()
        thread.join(5)


def test_a_repeated_order_is_answered_as_a_new_order_only_under_load():
    server = _Server()
    apply_load_defects([server], ["repeat-ordered-again-under-load"])
    assert server.app(_order(b"r-1")).body == _ANSWER
    assert server.app(_order(b"r-1")).body == _ANSWER  # one at a time: the first confirmation again
    assert b"<b:orderId>ORD-AGAIN-" in _while_another_is_in_flight(server, server, b"r-1")


def test_the_references_of_a_run_share_the_defects_state():
    lookups, orders = _Server(), _Server()
    apply_load_defects([lookups, orders], ["repeat-ordered-again-under-load"])
    assert orders.app(_order(b"r-2")).body == _ANSWER
    # a request in flight at another reference counts: one deployment under one load
    assert b"ORD-AGAIN-" in _while_another_is_in_flight(lookups, orders, b"r-2")


def test_an_unknown_load_defect_is_named():
    with pytest.raises(KeyError, match="unknown load defect 'slow'; known: slows-under-concurrency"):
        apply_load_defects([_Server()], ["slow"])
