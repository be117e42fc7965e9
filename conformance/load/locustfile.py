"""The Locust side of a load run; only ever loaded by `locust -f` in a subprocess (gevent patches the process).

It reads the plan written by conformance.load.runner (CONFORMANCE_LOAD_PLAN): the weighted operations, the TLS
files, the request cap of this process, and where to keep sampled answers and one sample exchange per error kind.
"""

import json
import os
import random
import re
import ssl
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, constant_throughput, events
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["CONFORMANCE_LOAD_PLAN"]).read_text(encoding="utf-8"))
SAMPLES = Path(PLAN["samples_dir"])
_FAULT = re.compile(rb"<(?:\w+:)?faultcode>\s*(?:\w+:)?([^<\s]+)\s*</(?:\w+:)?faultcode>")
_GROUP = re.compile(rb'<(?:\w+:)?(groep|samengestelde_groep)\b[^>]*?\bkey="([^"]+)"')
_state = {"sent": 0, "good": {}, "errors": set()}


def _ssl_context():
    tls = PLAN["tls"]
    context = ssl.create_default_context(cafile=tls["ca_bundle"] or None)
    if not tls["verify"]:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if tls["client_cert"]:
        context.load_cert_chain(tls["client_cert"], tls["client_key"])
    return context


def _error_kind(status, body):
    fault = _FAULT.search(body or b"")
    if fault:
        return f"HTTP {status} SOAP fault {fault[1].decode('ascii', 'replace')}"
    return f"HTTP {status}" if status else "no answer"


def _failure_kind(response, status, body):
    if not status and response.error is not None:
        return f"no answer: {type(response.error).__name__}"
    return _error_kind(status, body)


def _keep_error(kind, operation, status, body):
    """The first exchange of each error kind, for the report."""
    if kind in _state["errors"]:
        return
    _state["errors"].add(kind)
    target = SAMPLES / f"error-{os.getpid()}-{len(_state['errors'])}.json"
    target.write_text(json.dumps({"kind": kind, "operation": operation["name"], "url": operation["url"],
                                  "request": operation["body"][:4000], "status": status,
                                  "response": (body or b"")[:4000].decode("utf-8", "replace")}), encoding="utf-8")


def _keep_sample(index, operation, body):
    """Every sample_every-th good answer of an operation, up to sample_limit, for the correctness judge."""
    seen = _state["good"][index] = _state["good"].get(index, 0) + 1
    taken, rest = divmod(seen - 1, PLAN["sample_every"])
    if rest == 0 and taken < PLAN["sample_limit"]:
        (SAMPLES / f"sample-{index}-{os.getpid()}-{taken}.xml").write_bytes(body)


def _followers(index):
    name = PLAN["operations"][index]["name"]
    return [i for i, op in enumerate(PLAN["operations"]) if op.get("follows") == name]


def _with_groups(body, structure):
    """A getrapt pupil request for every group the structure answer named, as an EA fetches them."""
    groups = "".join(f'<lg:{kind.decode()} key="{key.decode()}"/>' for kind, key in _GROUP.findall(structure))
    return body.replace(f'<lg:groep key="{PLAN["groups_mark"]}"/>', groups)


def _call(user, index, body=None):
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
        sent = user.client.post(operation["url"], data=payload.encode("utf-8"), headers=operation["headers"],
                                name=operation["name"], catch_response=True, allow_redirects=False)
    with sent as response:
        body = response.content or b""
        status = response.status_code or 0
        if status == 200 and not _FAULT.search(body[:2000]):
            response.success()
            _keep_sample(index, operation, body)
            for follower in _followers(index):
                _call(user, follower, _with_groups(PLAN["operations"][follower]["body"], body))
            return
        kind = _failure_kind(response, status, body)
        _keep_error(kind, operation, status, body)
        response.failure(kind)


def _task(index):
    def run(user):
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
    tasks = {_task(i): op["weight"] for i, op in enumerate(PLAN["operations"]) if op["weight"]}


def _entry(entry):
    return {"name": entry.name, "requests": entry.num_requests, "failures": entry.num_failures,
            "rps": entry.total_rps,
            "percentiles": {f"{p:.0%}": entry.get_response_time_percentile(p) if entry.num_requests else 0
                            for p in (0.5, 0.9, 0.95, 0.99, 1.0)}}


@events.init.add_listener
def _prepare(environment, **_kwargs):
    SAMPLES.mkdir(parents=True, exist_ok=True)
    _state["environment"] = environment


@events.quit.add_listener
def _final(**_kwargs):
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
