"""The evidence of one test phase as plain data, so a run spread over xdist workers (`--jobs`) carries it back to
the controller whole: execnet sends only str, bytes, numbers, None, lists and dicts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from conformance.outcomes import Outcome
from conformance.transport import Exchange, TlsInfo

__all__ = ["Phase", "PhaseReceiver", "PhaseSender", "exchange_from_wire", "exchange_to_wire"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Phase:
    """How one phase (setup, call, teardown) of a test ended, with the exchanges it added to the evidence."""

    when: str
    outcome: Outcome
    message: str
    duration_s: float
    exchanges: tuple[Exchange, ...] = ()


def exchange_to_wire(exchange: Exchange) -> dict[str, Any]:
    """Every field of the exchange; the datetime as ISO text, TLS details as a dict."""
    data = {field.name: getattr(exchange, field.name) for field in dataclasses.fields(exchange)}
    data["started"] = exchange.started.isoformat()
    data["tls"] = dataclasses.asdict(exchange.tls) if exchange.tls is not None else None
    return data


def exchange_from_wire(data: dict[str, Any]) -> Exchange:
    """The exchange again, under a new id of this process: ids of two workers would collide."""
    fields = {key: value for key, value in data.items() if key != "id"}
    fields["started"] = dt.datetime.fromisoformat(data["started"])
    fields["tls"] = TlsInfo(**data["tls"]) if data["tls"] is not None else None
    return Exchange(**fields)


class PhaseSender:
    """A worker's side: each exchange travels whole once; a test that shares it later (an answer fetched once for
    many tests) names it by id, so the controller keeps it one exchange, as a serial run does."""

    def __init__(self) -> None:
        self._sent: set[str] = set()

    def encode(self, phase: Phase) -> dict[str, Any]:
        exchanges = []
        for exchange in phase.exchanges:
            whole = exchange_to_wire(exchange) if exchange.id not in self._sent else None
            self._sent.add(exchange.id)
            exchanges.append({"id": exchange.id, "whole": whole})
        return {"when": phase.when, "outcome": phase.outcome.value, "message": phase.message,
                "duration_s": phase.duration_s, "exchanges": exchanges}


class PhaseReceiver:
    """The controller's side: the exchanges of every worker, by the worker's id and the exchange's id there."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], Exchange] = {}

    def decode(self, worker: str, data: dict[str, Any]) -> Phase:
        exchanges = []
        for sent in data["exchanges"]:
            key = (worker, sent["id"])
            if sent["whole"] is not None:
                self._known[key] = exchange_from_wire(sent["whole"])
            exchanges.append(self._known[key])
        return Phase(when=data["when"], outcome=Outcome(data["outcome"]), message=data["message"],
                     duration_s=data["duration_s"], exchanges=tuple(exchanges))
