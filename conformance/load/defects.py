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
App = Callable[[HttpRequest], HttpResponse]
Middleware = Callable[[App], App]


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


def _under_load(decide: Callable[[HttpRequest, App, int, int], HttpResponse]) -> Callable[[], Middleware]:
    def shared() -> Middleware:
        flight = _InFlight()

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
    "slows-under-concurrency": _under_load(_slows),
    "server-faults-under-load": _under_load(_faults),
    "one-at-a-time": _one_at_a_time,
    "other-school-under-load": _under_load(_other_school),
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
