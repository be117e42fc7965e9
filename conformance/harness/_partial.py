"""Writes the results so far as tests finish, so a run killed from outside (SIGKILL, a CI timeout) keeps its
evidence; the end of the run writes every output over it."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from conformance.harness._collector import ResultCollector
from conformance.harness._results import RunResult

__all__ = ["PartialResults"]

#: what the partial results say about themselves, as a harness error: their verdict is never conformant
NOT_FINISHED = "the run has not finished: these are the results of the tests run so far"
#: writing may take at most about 1/(1 + SPACING) of the run: a large run writes less often, a small one every test
SPACING = 5.0


class PartialResults:
    """A pytest plugin beside the collector: after collection and after each test, when due, it hands the run as it
    stands to `write`."""

    def __init__(self, collector: ResultCollector, write: Callable[[RunResult], object]) -> None:
        self.collector = collector
        self.write = write
        self._due = 0.0

    def _write(self) -> None:
        started = time.monotonic()
        if started < self._due:
            return
        try:
            self.write(self.collector.result_so_far([NOT_FINISHED]))
        except Exception as exc:  # the run goes on; its end writes the outputs again and reports this
            self.collector.harness_errors.append(f"writing partial results failed: {type(exc).__name__}: {exc}")
            self._due = float("inf")
            return
        finished = time.monotonic()
        self._due = finished + SPACING * (finished - started)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._write()

    def pytest_runtest_logfinish(self, nodeid: str, location: tuple[str, int | None, str]) -> None:
        if nodeid in self.collector.results:
            self._write()
