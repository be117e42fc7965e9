"""The load defects (LOAD_DEFECTS) as middleware around the running references: each shows only with requests in
flight at once, so the one-request-at-a-time scenario tests still pass while the load run fails one AVAIL rule.
The references of one run share a defect's state: the demo's deployment is loaded as a whole."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable

from conformance.load.catalogue import LOAD_DEFECTS
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml.soap import build_fault

__all__ = ["apply_load_defects"]

_SCHOOL_BRIN = re.compile(rb"(<(?:\w+:)?school>(?:(?!</(?:\w+:)?school>).)*?<(?:\w+:)?brincode>)([^<]+)", re.S)
_OTHER_BRIN = b"99ZZ"
_REFERENCE = re.compile(rb"<(?:\w+:)?requestReferenceId>([^<]+)<")
_ORDER_ID = re.compile(rb"(<(?:\w+:)?orderId>)[^<]+")
App = Callable[[HttpRequest], HttpResponse]
Middleware = Callable[[App], App]
Decide = Callable[[HttpRequest, App, int, int], HttpResponse]


class _InFlight:
    """How many requests the reference is answering right now, and a running count of them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.seen = 0

    def enter(self) -> tuple[int, int]:
        with self._lock:
            self.now += 1
            self.seen += 1
            return self.now, self.seen

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


class _FairTurn:
    """One request at a time, in arrival order (a plain lock wakes waiters in any order: a long tail of its own)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0
        self._serving = 0

    def __enter__(self) -> None:
        with self._cond:
            ticket = self._next
            self._next += 1
            self._cond.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._serving += 1
            self._cond.notify_all()


def _under_load(make_decide: Callable[[], Decide]) -> Callable[[], Middleware]:
    """A defect that decides per request, knowing how many are in flight; `make_decide` gives each run's decider
    (and whatever it remembers) once, shared by every reference it wraps."""
    def shared() -> Middleware:
        flight = _InFlight()
        decide = make_decide()

        def middleware(app: App) -> App:
            def handle(request: HttpRequest) -> HttpResponse:
                now, seen = flight.enter()
                try:
                    return decide(request, app, now, seen)
                finally:
                    flight.leave()
            return handle
        return middleware
    return shared


def _slows(request: HttpRequest, app: App, now: int, seen: int) -> HttpResponse:
    response = app(request)
    if now >= 2 and seen % 8 == 0:
        time.sleep(1.5)
    return response


def _faults(request: HttpRequest, app: App, now: int, seen: int) -> HttpResponse:
    if now >= 2 and seen % 4 == 0:
        return HttpResponse(status=500, body=build_fault("Server.TijdelijkNietBeschikbaar",
                                                         "tijdelijk niet beschikbaar: te druk"))
    return app(request)


def _other_school(request: HttpRequest, app: App, now: int, seen: int) -> HttpResponse:
    response = app(request)
    if now >= 2 and seen % 3 == 0 and response.status == 200:
        body = _SCHOOL_BRIN.sub(lambda m: m[1] + _OTHER_BRIN, response.body, count=1)
        return HttpResponse(status=response.status, body=body, content_type=response.content_type,
                            headers=response.headers)
    return response


class _RepeatOrderedAgain:
    """Answers a repeated order (a requestReferenceId it saw answered before) as a new order, another orderId,
    while two or more requests are in flight: the repeat processed again instead of its confirmation sent again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answered: set[bytes] = set()
        self._orders = 0

    def __call__(self, request: HttpRequest, app: App, now: int, seen: int) -> HttpResponse:
        response = app(request)
        reference = _REFERENCE.search(request.body)
        if reference is None or response.status != 200 or b"placeOrderResponse" not in response.body:
            return response
        with self._lock:
            repeated = reference[1] in self._answered
            self._answered.add(reference[1])
            self._orders += 1
            order = self._orders
        if not (repeated and now >= 2):
            return response
        body = _ORDER_ID.sub(lambda m: m[1] + b"ORD-AGAIN-%d" % order, response.body, count=1)
        return HttpResponse(status=response.status, body=body, content_type=response.content_type,
                            headers=response.headers)


def _one_at_a_time() -> Middleware:
    turn = _FairTurn()

    def middleware(app: App) -> App:
        def handle(request: HttpRequest) -> HttpResponse:
            with turn:
                started = time.monotonic()
                response = app(request)
                time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))
                return response
        return handle
    return middleware


#: each defect's middleware, made once per run so every reference it wraps shares its state
_MIDDLEWARE: dict[str, Callable[[], Middleware]] = {
    "slows-under-concurrency": _under_load(lambda: _slows),
    "server-faults-under-load": _under_load(lambda: _faults),
    "one-at-a-time": _one_at_a_time,
    "other-school-under-load": _under_load(lambda: _other_school),
    "repeat-ordered-again-under-load": _under_load(_RepeatOrderedAgain),
}
assert set(_MIDDLEWARE) == {d.name for d in LOAD_DEFECTS}


def apply_load_defects(servers: list[object], names: list[str]) -> None:
    """Wrap the running references' LoopbackServers (`servers`) in each named load defect; the references share
    its state (requests in flight, the one turn), as one deployment under one load."""
    for name in names:
        if name not in _MIDDLEWARE:
            raise KeyError(f"unknown load defect {name!r}; known: {', '.join(_MIDDLEWARE)}")
        middleware = _MIDDLEWARE[name]()
        for server in servers:
            wrap = getattr(server, "wrap", None)
            if wrap is None:
                raise TypeError(f"{type(server).__name__} cannot be wrapped in a load defect")
            wrap(middleware)
