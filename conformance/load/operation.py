"""One kind of request in a load mix, as plain data: the Locust subprocess gets it as JSON and only loops over it."""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["FollowUp", "Operation"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class FollowUp:
    """A request whose body needs a value of the answer before it (a batch identifier, a stampseudonym), so it is
    built during the run by `conformance.load.envelopes.build`: `take` (a regex, one group) finds the value in the
    answer, which replaces VALUE_MARK in `template` (the request element). `poll` lists faults after which the
    request is sent again, `interval` seconds later, at most `attempts` times (a batch not finished yet)."""

    take: str
    template: str
    to: str
    action: str
    from_oin: str
    profiel: str
    poll: tuple[str, ...] = ()
    interval: float = 0.0
    attempts: int = 1


@dataclasses.dataclass(frozen=True, kw_only=True)
class Operation:
    """One kind of request in the mix; `check` says how a sampled answer is judged (AVAIL-04).

    Requests that are addressed (and signed) per message come as a pool, `bodies`: each is sent once, so no
    candidate rightly refuses a replayed wsa:MessageID. `repeats` names the operation whose answered requests this
    one sends again (the same request in a new message, `bodies[i]` repeating that operation's `bodies[i]`), where
    the standard answers a repeat idempotently. `accepted_faults` are faults that are the right answer under the
    standard (a daily batch limit reached): they count as answered, and are neither judged nor followed up."""

    name: str
    weight: int  # 0: never picked on its own, only sent after the operation named in `follows`
    url: str
    headers: dict[str, str]
    body: str
    check: dict[str, Any]
    follows: str | None = None
    method: str = "POST"
    urls: tuple[str, ...] = ()  # GET: one of these per request (the pages of a harvest), `url` being the first
    bodies: tuple[str, ...] = ()
    repeats: str | None = None
    accepted_faults: tuple[str, ...] = ()
    follow_up: FollowUp | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
