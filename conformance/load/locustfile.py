"""The Locust side of a load run; only ever loaded by `locust -f` in a subprocess (gevent patches the process).

It reads the plan written by conformance.load.runner (CONFORMANCE_LOAD_PLAN): the weighted operations, the TLS
files, the request cap of this process, and where to keep sampled answers and one sample exchange per error kind.
"""

from __future__ import annotations

import json
import os
import random
import re
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict

import gevent
from locust import FastHttpUser, constant, constant_throughput, events
from locust.contrib.fasthttp import ResponseContextManager
from locust.env import Environment
from locust.exception import StopUser
from locust.stats import StatsEntry


class _State(TypedDict, total=False):
    """What this process counts: requests sent, good answers per operation, the error kinds kept."""

    sent: int
    good: dict[int, int]
    errors: set[str]
    environment: Environment

PLAN: dict[str, Any] = json.loads(Path(os.environ["CONFORMANCE_LOAD_PLAN"]).read_text(encoding="utf-8"))
SAMPLES = Path(PLAN["samples_dir"])
_FAULT = re.compile(rb"<(?:\w+:)?faultcode>\s*(?:\w+:)?([^<\s]+)\s*</(?:\w+:)?faultcode>")
_GROUP = re.compile(rb'<(?:\w+:)?(groep|samengestelde_groep)\b[^>]*?\bkey="([^"]+)"')
_state: _State = {"sent": 0, "good": {}, "errors": set()}


def _ssl_context() -> ssl.SSLContext:
    tls = PLAN["tls"]
    context = ssl.create_default_context(cafile=tls["ca_bundle"] or None)
    if not tls["verify"]:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if tls["client_cert"]:
        context.load_cert_chain(tls["client_cert"], tls["client_key"])
    return context


def _error_kind(status: int, body: bytes | None) -> str:
    fault = _FAULT.search(body or b"")
    if fault:
        return f"HTTP {status} SOAP fault {fault[1].decode('ascii', 'replace')}"
    return f"HTTP {status}" if status else "no answer"


def _failure_kind(response: ResponseContextManager, status: int, body: bytes) -> str:
    error = getattr(response, "error", None)  # set on the ErrorResponse Locust wraps when no answer came
    if not status and error is not None:
        return f"no answer: {type(error).__name__}"
    return _error_kind(status, body)


def _keep_error(kind: str, operation: dict[str, Any], status: int, body: bytes) -> None:
    """The first exchange of each error kind, for the report."""
    if kind in _state["errors"]:
        return
    _state["errors"].add(kind)
    target = SAMPLES / f"error-{os.getpid()}-{len(_state['errors'])}.json"
    target.write_text(json.dumps({"kind": kind, "operation": operation["name"], "url": operation["url"],
                                  "request": operation["body"][:4000], "status": status,
                                  "response": (body or b"")[:4000].decode("utf-8", "replace")}), encoding="utf-8")


def _keep_sample(index: int, operation: dict[str, Any], body: bytes) -> None:
    """Every sample_every-th good answer of an operation, up to sample_limit, for the correctness judge."""
    seen = _state["good"][index] = _state["good"].get(index, 0) + 1
    taken, rest = divmod(seen - 1, PLAN["sample_every"])
    if rest == 0 and taken < PLAN["sample_limit"]:
        (SAMPLES / f"sample-{index}-{os.getpid()}-{taken}.xml").write_bytes(body)


def _followers(index: int) -> list[int]:
    name = PLAN["operations"][index]["name"]
    return [i for i, op in enumerate(PLAN["operations"]) if op.get("follows") == name]


def _with_groups(body: str, structure: bytes) -> str:
    """A getrapt pupil request for every group the structure answer named, as an EA fetches them."""
    groups = "".join(f'<lg:{kind.decode()} key="{key.decode()}"/>' for kind, key in _GROUP.findall(structure))
    return body.replace(f'<lg:groep key="{PLAN["groups_mark"]}"/>', groups)


def _call(user: Client, index: int, body: str | None = None) -> None:
    if _state["sent"] >= PLAN["request_cap"]:
        runner = user.environment.runner
        if runner is not None and PLAN["role"] == "local":
            gevent.spawn(runner.quit)  # the cap ends a local run at once
        raise StopUser()
    _state["sent"] += 1
    operation = PLAN["operations"][index]
    if operation["method"] == "GET":
        sent = user.client.get(random.choice(operation["urls"]), headers=operation["headers"],
                               name=operation["name"], catch_response=True, allow_redirects=False)
    else:
        payload = body if body is not None else operation["body"]
        # geventhttpclient sends bytes as they are; Locust's annotation names only str and dict
        sent = user.client.post(operation["url"], data=payload.encode("utf-8"),  # type: ignore[arg-type]
                                headers=operation["headers"], name=operation["name"], catch_response=True,
                                allow_redirects=False)
    with sent as response:
        answer = response.content or b""
        status = response.status_code or 0
        if status == 200 and not _FAULT.search(answer[:2000]):
            response.success()
            _keep_sample(index, operation, answer)
            for follower in _followers(index):
                _call(user, follower, _with_groups(PLAN["operations"][follower]["body"], answer))
            return
        kind = _failure_kind(response, status, answer)
        _keep_error(kind, operation, status, answer)
        response.failure(kind)


def _task(index: int) -> Callable[[Client], None]:
    def run(user: Client) -> None:
        _call(user, index)
    run.__name__ = f"op{index}"
    return run


class Client(FastHttpUser):
    """One client system of the chain at the start of the school year."""

    host = PLAN["host"]
    insecure = False
    network_timeout = PLAN["timeout_s"]
    connection_timeout = PLAN["timeout_s"]
    ssl_context_factory = staticmethod(_ssl_context)
    wait_time = constant_throughput(PLAN["rate_per_user"]) if PLAN["rate_per_user"] else constant(0)
    # Locust takes a {task: weight} dict as documented; its annotation names only the list form.
    tasks = {_task(i): op["weight"]  # type: ignore[assignment]
             for i, op in enumerate(PLAN["operations"]) if op["weight"]}


def _entry(entry: StatsEntry) -> dict[str, Any]:
    return {"name": entry.name, "requests": entry.num_requests, "failures": entry.num_failures,
            "rps": entry.total_rps,
            "percentiles": {f"{p:.0%}": entry.get_response_time_percentile(p) if entry.num_requests else 0
                            for p in (0.5, 0.9, 0.95, 0.99, 1.0)}}


@events.init.add_listener
def _prepare(environment: Environment, **_kwargs: Any) -> None:
    SAMPLES.mkdir(parents=True, exist_ok=True)
    _state["environment"] = environment


@events.quit.add_listener
def _final(**_kwargs: Any) -> None:
    """The whole run's statistics as the master (or the one process) holds them at the end: Locust's CSV is
    rewritten only once a second, so it may miss the last second, or all of a run the cap ended early."""
    runner = _state["environment"].runner
    if runner is None or PLAN["role"] == "distributed" and type(runner).__name__ == "WorkerRunner":
        return
    stats = runner.stats
    final = {"operations": [_entry(e) for e in stats.entries.values()], "total": _entry(stats.total),
             "errors": [{"operation": e.name, "kind": str(e.error), "occurrences": e.occurrences}
                        for e in stats.errors.values()]}
    Path(PLAN["final_path"]).write_text(json.dumps(final), encoding="utf-8")
