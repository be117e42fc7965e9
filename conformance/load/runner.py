"""Run Locust in subprocesses (one local process, or a master and N workers on loopback) and read its CSV back.

Locust is never imported here: gevent's monkey-patching would change the suite's own process. The run is bounded
three times over: Locust's --run-time, a request cap in each process, and a hard deadline after which the
process group is killed.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from conformance.config import TlsConfig
from conformance.load.mix import GROUPS_MARK, Operation
from conformance.load.settings import LoadSettings
from conformance.standards._judging import free_port

__all__ = ["LOCUSTFILE", "LoadRunError", "LocustFiles", "locust_available", "run_locust"]

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
#: seconds beyond --run-time before the process group is killed: spawning, the stop timeout, writing the CSV
_GRACE_S = 30
_STOP_TIMEOUT_S = 5


class LoadRunError(RuntimeError):
    """Locust could not run or ended without its statistics: a harness error, never a verdict."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class LocustFiles:
    """What a finished Locust run left: its CSV statistics and the sampled answers and errors."""

    final: Path  # the whole run's statistics, written by the master (or the one process) as it quits
    history: Path
    samples: Path
    log: str


def locust_available() -> bool:
    """Whether the `load` extra is installed (found without importing it)."""
    return importlib.util.find_spec("locust") is not None


def _plan(operations: list[Operation], settings: LoadSettings, tls: TlsConfig, samples: Path, *, role: str,
          processes: int) -> dict[str, object]:
    return {
        "operations": [op.to_json() for op in operations],
        "host": operations[0].url.split("/", 3)[0] + "//" + operations[0].url.split("/", 3)[2],
        "tls": {"ca_bundle": str(tls.ca_bundle or ""), "client_cert": str(tls.client_cert or ""),
                "client_key": str(tls.client_key or ""), "verify": tls.verify},
        "rate_per_user": (settings.rate / settings.users) if settings.rate else 0,
        "request_cap": -(-settings.request_cap // processes),  # each process's share, rounded up
        "sample_every": settings.sample_every,
        "sample_limit": settings.sample_limit,
        "samples_dir": str(samples),
        "timeout_s": 30.0,
        "role": role,
        "groups_mark": GROUPS_MARK,
        "final_path": str(samples.parent / "final.json"),
    }


def _common(settings: LoadSettings) -> list[str]:
    return [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--skip-log-setup"]


def run_locust(operations: list[Operation], settings: LoadSettings, tls: TlsConfig, work: Path, *,
               workers: int = 0) -> LocustFiles:
    """Drive `operations` for settings.duration_s with settings.users users; `workers` > 0 starts a master and
    that many local workers on loopback."""
    if not locust_available():
        raise LoadRunError("Locust is not installed: pip install 'conformance[load]'")
    if not operations:
        raise LoadRunError("the load profile has no operation to send")
    work.mkdir(parents=True, exist_ok=True)
    samples = work / "samples"
    samples.mkdir(exist_ok=True)
    prefix = work / "locust"
    plan_path = work / "plan.json"
    role = "distributed" if workers else "local"
    plan_path.write_text(json.dumps(_plan(operations, settings, tls, samples, role=role,
                                          processes=max(1, workers))), encoding="utf-8")
    env = {**os.environ, "CONFORMANCE_LOAD_PLAN": str(plan_path), "PYTHONWARNINGS": "ignore"}
    main = [*_common(settings), "--headless", "-u", str(settings.users), "-r", str(settings.spawn_rate),
            "--run-time", f"{settings.duration_s}s", "--stop-timeout", str(_STOP_TIMEOUT_S),
            "--csv", str(prefix), "--csv-full-history", "--only-summary", "--loglevel", "WARNING"]
    started: list[subprocess.Popen[bytes]] = []
    log = tempfile.TemporaryFile(dir=work)
    try:
        if workers:
            port = free_port()
            main += ["--master", "--master-bind-host", "127.0.0.1", "--master-bind-port", str(port),
                     "--expect-workers", str(workers), "--expect-workers-max-wait", "30"]
        started.append(subprocess.Popen(main, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work,
                                        start_new_session=True))
        for _ in range(workers):
            started.append(subprocess.Popen(
                [*_common(settings), "--worker", "--master-host", "127.0.0.1", "--master-port", str(port),
                 "--loglevel", "WARNING"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work,
                start_new_session=True))
        deadline = settings.duration_s + _GRACE_S + (30 if workers else 0)
        try:
            code = started[0].wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            code = None
        for process in started[1:]:
            try:
                process.wait(timeout=10)  # workers end when the master quits
            except subprocess.TimeoutExpired:
                pass
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        log.close()
    files = LocustFiles(final=work / "final.json", history=Path(f"{prefix}_stats_history.csv"), samples=samples,
                        log=output[-4000:])
    if code is None:
        raise LoadRunError(f"Locust did not stop within {deadline} s and was killed\n{files.log}")
    if not files.final.is_file():
        raise LoadRunError(f"Locust ended (exit {code}) without statistics\n{files.log}")
    return files
