"""The one session cache: a value is made once, a failure to make it is tried again, and each test that uses the
value gets its exchanges as evidence, once."""

from __future__ import annotations

import datetime as dt
import types

import pytest

from conformance.harness import SessionCache
from conformance.transport import Exchange


def _exchange(label: str) -> Exchange:
    return Exchange(method="POST", url="https://127.0.0.1:1/x", request_headers={}, request_body=b"", label=label,
                    started=dt.datetime.now(dt.UTC))


def test_made_once_and_added_to_each_tests_evidence_once():
    made = []

    def make() -> types.SimpleNamespace:
        made.append(1)
        return types.SimpleNamespace(exchange=_exchange("control"))

    cache: SessionCache[str, types.SimpleNamespace] = SessionCache()
    first_test: list[Exchange] = []
    second_test: list[Exchange] = []
    value = cache.get("control", make, first_test)
    assert cache.get("control", make, first_test) is value
    assert cache.get("control", make, second_test) is value
    assert cache.get("control", make) is value  # no evidence asked for
    assert made == [1]
    assert first_test == [value.exchange] and second_test == [value.exchange]


def test_a_value_with_several_exchanges_names_them():
    pages = [_exchange("page 1"), _exchange("page 2")]
    cache: SessionCache[str, list[Exchange]] = SessionCache(lambda value: value)
    evidence = [pages[0]]
    cache.get("sru", lambda: pages, evidence)
    assert evidence == pages


def test_a_value_that_could_not_be_made_is_made_again():
    cache: SessionCache[str, types.SimpleNamespace] = SessionCache()

    def broken() -> types.SimpleNamespace:
        raise ConnectionError("refused")

    with pytest.raises(ConnectionError):
        cache.get("control", broken, [])
    good = types.SimpleNamespace(exchange=_exchange("control"))
    assert cache.get("control", lambda: good, []) is good
