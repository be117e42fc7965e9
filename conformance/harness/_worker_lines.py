"""What a scenario test tells the operator while it runs (the judging LAS's address, a key issued for the run)
reaches the terminal from an xdist worker too: a worker's terminal reporter writes nowhere the operator sees."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

import pytest

__all__ = ["worker_lines_shown"]


@contextlib.contextmanager
def worker_lines_shown(config: pytest.Config) -> Iterator[None]:
    """While the tests run, the worker's `terminalreporter.write_line` goes to its stderr (the controller's
    terminal), past pytest's capture; the worker's own summary afterwards stays unwritten as before."""
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if terminal is None or capture is None:
        yield
        return

    def write_line(line: str, **markup: Any) -> None:
        with capture.global_and_fixture_disabled():
            sys.stderr.write(f"{line}\n")
            sys.stderr.flush()

    terminal.write_line = write_line
    try:
        yield
    finally:
        del terminal.write_line  # the class's own again
