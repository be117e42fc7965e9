"""The session of a client judge's scenario tests: one judging server for all of them, started, announced,
waited for and stopped the same way for every standard that judges a client."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

import pytest

from conformance.config import CandidateConfig
from conformance.harness._verdicts import inapplicable, standard_settings
from conformance.paths import state_dir

__all__ = ["serve_client_judge"]


class _Judging(Protocol):
    """What the session needs of a started judge."""

    def wait(self) -> str | None: ...
    def stop(self) -> None: ...


_Running = TypeVar("_Running", bound=_Judging)


def serve_client_judge(pytestconfig: pytest.Config, candidate_config: CandidateConfig, standard: str,
                       client_table: str, *, client: str, start: Callable[[Path, Any], _Running],
                       announce: Callable[[_Running, Any], Iterable[str]]) -> Iterator[_Running]:
    """A session fixture's body: the judge of `[standard.client_table]` started, its `announce` lines shown, the
    wait for the client done, then the judge yielded and stopped. Without the table every test is inapplicable
    (`client` names who would be judged)."""
    settings = getattr(standard_settings(candidate_config, standard), client_table)
    if settings is None:
        inapplicable(f"the candidate declares no [{standard}.{client_table}] table: there is no {client} to judge")
    running = start(state_dir(), settings)
    terminal = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:  # announced before the wait, so the client's operator knows where to call
        for line in announce(running, settings):
            terminal.write_line(f"{standard}: {line}")
    try:
        running.wait()
        yield running
    finally:
        running.stop()
