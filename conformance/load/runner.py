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
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from conformance.config import TlsConfig
from conformance.load.mix import GROUPS_MARK, Operation
from conformance.load.settings import LoadSettings
from conformance.standards import free_port

__all__ = ["LOCUSTFILE", "MASTER_PORT", "LoadRunError", "LocustFiles", "locust_available", "run_locust",
           "run_worker"]

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
#: seconds beyond --run-time before the process group is killed: spawning, the stop timeout, writing the CSV
_GRACE_S = 30
_STOP_TIMEOUT_S = 5
#: how long a master waits for workers on other machines to connect
_REMOTE_WAIT_S = 600
#: Locust's own default port, opened by a master that awaits workers from other machines
MASTER_PORT = 5557


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
          processes: int, stride: int = 1) -> dict[str, object]:
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
        "pool_stride": stride,  # the processes on this machine that send, each walking its share of the pools
    }


def _samples_dir(work: Path) -> Path:
    """Where the generator keeps samples, errors and its processes' pool slots, emptied of an earlier run's."""
    samples = work / "samples"
    shutil.rmtree(samples, ignore_errors=True)
    samples.mkdir()
    return samples


def _locust_command() -> list[str]:
    return [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--skip-log-setup"]


def _worker_command(master_host: str, port: int) -> list[str]:
    return [*_locust_command(), "--worker", "--master-host", master_host, "--master-port", str(port),
            "--loglevel", "WARNING"]


def run_worker(operations: list[Operation], settings: LoadSettings, tls: TlsConfig, work: Path, *,
               master_host: str) -> int:
    """One Locust worker on this machine for a master elsewhere (`run_locust` with remote_workers there); it ends
    when the master does, or at the same hard deadline as a master, whatever happens. Returns Locust's exit code."""
    if not locust_available():
        raise LoadRunError("Locust is not installed: pip install 'conformance[load]'")
    work = work.resolve()  # Locust runs in `work`: a relative plan path would be read from inside it
    work.mkdir(parents=True, exist_ok=True)
    samples = _samples_dir(work)  # a remote worker's samples stay here: the master's machine judges its own
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(_plan(operations, settings, tls, samples, role="distributed", processes=1)),
                         encoding="utf-8")
    env = {**os.environ, "CONFORMANCE_LOAD_PLAN": str(plan_path), "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(_worker_command(master_host, MASTER_PORT), env=env, cwd=work,
                               start_new_session=True)
    try:
        return process.wait(timeout=settings.duration_s + _GRACE_S + _REMOTE_WAIT_S)
    except subprocess.TimeoutExpired:
        raise LoadRunError("the Locust worker did not stop by its deadline and was killed") from None
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_locust(operations: list[Operation], settings: LoadSettings, tls: TlsConfig, work: Path, *,
               workers: int = 0, remote_workers: int = 0, bind: str = "127.0.0.1") -> LocustFiles:
    """Drive `operations` for settings.duration_s with settings.users users; `workers` > 0 starts a master and
    that many local workers on loopback; `remote_workers` more are awaited from other machines (`run_worker`
    there), the master then listening on `bind`:MASTER_PORT."""
    if not locust_available():
        raise LoadRunError("Locust is not installed: pip install 'conformance[load]'")
    if not operations:
        raise LoadRunError("the load profile has no operation to send")
    work = work.resolve()  # Locust runs in `work`: a relative plan path would be read from inside it
    work.mkdir(parents=True, exist_ok=True)
    samples = _samples_dir(work)
    prefix = work / "locust"
    plan_path = work / "plan.json"
    processes = workers + remote_workers
    role = "distributed" if processes else "local"
    plan_path.write_text(json.dumps(_plan(operations, settings, tls, samples, role=role,
                                          processes=max(1, processes), stride=max(1, workers))), encoding="utf-8")
    env = {**os.environ, "CONFORMANCE_LOAD_PLAN": str(plan_path), "PYTHONWARNINGS": "ignore"}
    main = [*_locust_command(), "--headless", "-u", str(settings.users), "-r", str(settings.spawn_rate),
            "--run-time", f"{settings.duration_s}s", "--stop-timeout", str(_STOP_TIMEOUT_S),
            "--csv", str(prefix), "--csv-full-history", "--only-summary", "--loglevel", "WARNING"]
    started: list[subprocess.Popen[bytes]] = []
    log = tempfile.TemporaryFile(dir=work)
    try:
        wait = _REMOTE_WAIT_S if remote_workers else 30
        if processes:
            port = MASTER_PORT if remote_workers else free_port()
            main += ["--master", "--master-bind-host", bind, "--master-bind-port", str(port),
                     "--expect-workers", str(processes), "--expect-workers-max-wait", str(wait)]
        started.append(subprocess.Popen(main, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work,
                                        start_new_session=True))
        for _ in range(workers):
            started.append(subprocess.Popen(_worker_command("127.0.0.1", port), env=env, stdout=log,
                                            stderr=subprocess.STDOUT, cwd=work, start_new_session=True))
        deadline = settings.duration_s + _GRACE_S + (wait if processes else 0)
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
