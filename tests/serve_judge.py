"""`conformance serve --standard <std> --judge` as the serve tests run it: a subprocess, the endpoints it
announces, its output once stopped, and the findings file it wrote. Written once for every client judge."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["announced", "findings", "serve_judge", "stop_serve"]


def serve_judge(standard: str, state_dir: Path, tmp_path: Path, judge_config: Path | None = None, *,
                env: Mapping[str, str] | None = None) -> subprocess.Popen[str]:
    """Start the judging server of `standard`; its findings go to `tmp_path`."""
    judge = ["--judge-config", str(judge_config)] if judge_config is not None else []
    return subprocess.Popen([sys.executable, "-m", "conformance", "serve", "--standard", standard, "--judge", *judge,
                             "--write-config", str(tmp_path / "x.toml")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=_with_ctrl_c,
                            env={**os.environ, "CONFORMANCE_STATE_DIR": str(state_dir), "PYTHONFAULTHANDLER": "1",
                                 **(env or {})})


def _with_ctrl_c() -> None:
    """In the child before exec: Ctrl-C as a user's shell gives it. A process inherits an ignored or blocked SIGINT,
    and in full parallel runs the xdist worker had one by the time the serve tests ran (found with faulthandler:
    serve still waiting for Ctrl-C 30 s after it was sent), so every serve test hung at stop."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def announced(server: subprocess.Popen[str], names: Iterable[str], seen: list[str]) -> dict[str, str]:
    """The endpoints serve announces as `<name> <url>`; the lines read on the way are kept in `seen`."""
    wanted = list(names)
    assert server.stdout is not None
    found: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while len(found) < len(wanted) and time.monotonic() < deadline:
        line = server.stdout.readline()
        assert line, "serve ended before it announced its endpoints"
        seen.append(line)
        for name in wanted:
            if name in line:
                found[name] = line.split(f"{name} ")[1].split()[0]
    assert set(found) == set(wanted), f"serve did not announce {set(wanted) - set(found)}"
    return found


def stop_serve(server: subprocess.Popen[str], seen: list[str]) -> str:
    """Stop serve as a user does (Ctrl-C); everything it printed."""
    assert server.stdout is not None
    server.send_signal(signal.SIGINT)
    # Read the rest through the same buffered stream as `announced`: communicate() reads the pipe itself and loses
    # what readline() had already buffered (the lines after the endpoints, when serve wrote them in one burst).
    # What serve prints while it is judged stays far below the pipe's 64 KiB, so it can exit before it is read.
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # where it hangs: faulthandler prints every thread's stack on SIGABRT
        server.send_signal(signal.SIGABRT)
        server.wait(timeout=30)
        output = server.stdout.read()
        raise AssertionError(f"serve did not stop within 30 s of Ctrl-C:\n{''.join(seen)}{output[-6000:]}") from None
    return "".join(seen) + server.stdout.read()


def findings(tmp_path: Path, standard: str) -> dict[str, Any]:
    """The findings file serve wrote when stopped."""
    data: dict[str, Any] = json.loads((tmp_path / f"{standard}-judge.json").read_text(encoding="utf-8"))
    return data
