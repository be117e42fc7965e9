"""What a session makes once and many scenario tests judge (an answer, a harvest, a control request): made on first
use, and its exchanges added to the evidence of every test that uses it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

from conformance.transport import Exchange

__all__ = ["SessionCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _own_exchange(value: Any) -> Iterable[Exchange]:
    return (value.exchange,)


class SessionCache(Generic[K, V]):
    """Values by key; `exchanges` says which exchanges of a value are evidence (by default its `exchange`)."""

    def __init__(self, exchanges: Callable[[V], Iterable[Exchange]] = _own_exchange) -> None:
        self._exchanges = exchanges
        self._made: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V], evidence: list[Exchange] | None = None) -> V:
        """The value for `key`, made by `make` the first time (a failure to make it is not kept); its exchanges
        join `evidence` when given."""
        if key not in self._made:
            self._made[key] = make()
        value = self._made[key]
        if evidence is not None:
            evidence.extend(x for x in self._exchanges(value) if x not in evidence)
        return value
