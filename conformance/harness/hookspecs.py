"""Hooks other plugins may implement to follow a conformance run."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conformance.harness._results import RunResult


def pytest_conformance_run_finished(run: RunResult) -> None:
    """Called once the run's results and verdict are known, before the session ends."""
