"""The Locust side of a load run; only ever loaded by `locust -f` in a subprocess (gevent patches the process).

It reads the plan written by conformance.load.runner (CONFORMANCE_LOAD_PLAN): the weighted operations (with their
pools of pre-built requests, walked by each process in its own share), the TLS files, the request cap of this
process, and where to keep sampled answers and one sample exchange per error kind. Follow-ups that need a value of
an answer are built here with conformance.load.envelopes, the same builder as the pools.
"""

from __future__ import annotations

import json
import os
import random
import re
import ssl
from pathlib import Path
from typing import Any, NoReturn, TypedDict

import gevent
from locust import FastHttpUser, constant, constant_throughput, events, task
from locust.contrib.fasthttp import ResponseContextManager
from locust.env import Environment
from locust.exception import StopUser
from locust.stats import StatsEntry


class _Tls(TypedDict):
    """The TLS files of the plan; an empty string where the configuration names none."""

    ca_bundle: str
    client_cert: str
    client_key: str
    verify: bool


class _Operation(TypedDict):
    """conformance.load.operation.Operation as JSON (its tuples are lists here)."""

    name: str
    weight: int
    url: str
    headers: dict[str, str]
    body: str
    check: dict[str, Any]
    follows: str | None
    method: str
    urls: list[str]
    bodies: list[str]
    repeats: str | None
    accepted_faults: list[str]
    follow_up: dict[str, Any] | None  # a FollowUp's fields, made one again where it is sent


class _Plan(TypedDict):
    """What conformance.load.runner's `_plan` writes for this process."""

    operations: list[_Operation]
    host: str
    tls: _Tls
    rate_per_user: float
    request_cap: int
    sample_every: int
    sample_limit: int
    samples_dir: str
    timeout_s: float
    role: str
    groups_mark: str
    final_path: str
    pool_stride: int


class _State(TypedDict, total=False):
    """What this process counts and remembers while it sends (see `_state`)."""

    sent: int
    good: dict[int, int]
    errors: set[str]
    cursor: dict[int, int]
    answered: dict[int, list[int | None]]
    firsts: dict[tuple[int, int | None], bytes]
    slot: int
    environment: Environment


PLAN: _Plan = json.loads(Path(os.environ["CONFORMANCE_LOAD_PLAN"]).read_text(encoding="utf-8"))
OPERATIONS = PLAN["operations"]
SAMPLES = Path(PLAN["samples_dir"])
_FAULT = re.compile(rb"<(?:\w+:)?faultcode>\s*(?:\w+:)?([^<\s]+)\s*</(?:\w+:)?faultcode>")
_GROUP = re.compile(rb'<(?:\w+:)?(groep|samengestelde_groep)\b[^>]*?\bkey="([^"]+)"')
#: requests sent, good answers per operation, error kinds kept, pool positions taken and answered (for repeats),
#: first answers of requests still to be repeated, and this process's share of every pool (`slot`)
_state: _State = {"sent": 0, "good": {}, "errors": set(), "cursor": {}, "answered": {}, "firsts": {}, "slot": 0}


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
    error = getattr(response, "error", None)  # copied from the ErrorResponse Locust makes when no answer came
    if not status and error is not None:
        return f"no answer: {type(error).__name__}"
    return _error_kind(status, body)


def _keep_error(kind: str, operation: _Operation, status: int, body: bytes) -> None:
    """The first exchange of each error kind, for the report."""
    if kind in _state["errors"]:
        return
    _state["errors"].add(kind)
    target = SAMPLES / f"error-{os.getpid()}-{len(_state['errors'])}.json"
    target.write_text(json.dumps({"kind": kind, "operation": operation["name"], "url": operation["url"],
                                  "request": operation["body"][:4000], "status": status,
                                  "response": (body or b"")[:4000].decode("utf-8", "replace")}), encoding="utf-8")


def _keep_sample(index: int, operation: _Operation, body: bytes, first: bytes | None = None) -> None:
    """Every sample_every-th good answer of an operation, up to sample_limit, for the correctness judge; a repeat's
    sample comes with the first answer to the request it repeats."""
    seen = _state["good"][index] = _state["good"].get(index, 0) + 1
    taken, rest = divmod(seen - 1, PLAN["sample_every"])
    if rest == 0 and taken < PLAN["sample_limit"]:
        (SAMPLES / f"sample-{index}-{os.getpid()}-{taken}.xml").write_bytes(body)
        if first is not None:
            (SAMPLES / f"sample-{index}-{os.getpid()}-{taken}.first.xml").write_bytes(first)


def _index_of(name: str) -> int:
    return next(i for i, op in enumerate(OPERATIONS) if op["name"] == name)


FOLLOWERS = {i: [j for j, op in enumerate(OPERATIONS) if op.get("follows") == leader["name"]]
             for i, leader in enumerate(OPERATIONS)}
#: operation -> the operation that repeats its answered requests
REPEATED_BY = {_index_of(op["repeats"]): i for i, op in enumerate(OPERATIONS) if op["repeats"]}
WEIGHTED = [i for i, op in enumerate(OPERATIONS) if op["weight"]]


def _with_groups(body: str, structure: bytes) -> str:
    """A getrapt pupil request for every group the structure answer named, as an EA fetches them."""
    groups = "".join(f'<lg:{kind.decode()} key="{key.decode()}"/>' for kind, key in _GROUP.findall(structure))
    return body.replace(f'<lg:groep key="{PLAN["groups_mark"]}"/>', groups)


def _position(index: int) -> int:
    """The next request of an operation's pool this process sends: each process walks its own share."""
    return _state["slot"] + _state["cursor"].get(index, 0) * PLAN["pool_stride"]


def _available(index: int) -> bool:
    operation = OPERATIONS[index]
    if operation["repeats"]:
        return bool(_state["answered"].get(_index_of(operation["repeats"])))
    return not operation["bodies"] or _position(index) < len(operation["bodies"])


def _stop(user: Client) -> NoReturn:
    runner = user.environment.runner
    if runner is not None and PLAN["role"] == "local":
        gevent.spawn(runner.quit)  # a local run ends at once
    raise StopUser()


def _fault_names(body: bytes) -> bytes | None:
    """The fault's code and every name in it (an NV's faultactor, a detail code), or None when no fault."""
    if b"Fault" not in body:
        return None
    fault = _FAULT.search(body)
    return None if fault is None else body[fault.start():]


def _send(user: Client, index: int, payload: str) -> ResponseContextManager:
    operation = OPERATIONS[index]
    if operation["method"] == "GET":
        return user.client.get(random.choice(operation["urls"]), headers=operation["headers"],
                               name=operation["name"], catch_response=True, allow_redirects=False)
    # geventhttpclient sends bytes as they are; Locust's annotation names only str and dict
    return user.client.post(operation["url"], data=payload.encode("utf-8"),  # type: ignore[arg-type]
                            headers=operation["headers"], name=operation["name"], catch_response=True,
                            allow_redirects=False)


def _call(user: Client, index: int, body: str | None = None, *, position: int | None = None,
          poll: tuple[str, ...] = ()) -> bytes | None:
    """Send one request; returns its answer when it is good, None otherwise (or b"" for a fault in `poll`: the
    same request is to be sent again later)."""
    if _state["sent"] >= PLAN["request_cap"]:
        _stop(user)
    _state["sent"] += 1
    operation = OPERATIONS[index]
    if body is None and operation["bodies"]:
        assert position is not None, "_act gives every request of a pool its position"
        body = operation["bodies"][position]
    payload = body if body is not None else operation["body"]
    with _send(user, index, payload) as response:
        answer = response.content or b""
        status = response.status_code or 0
        fault = _fault_names(answer)
        if status == 200 and fault is None:
            response.success()
            return answer
        if fault is not None and any(name.encode() in fault for name in (*operation["accepted_faults"], *poll)):
            response.success()  # the standard's own answer (a daily limit, a batch not ready yet)
            return b"" if any(name.encode() in fault for name in poll) else None
        kind = _failure_kind(response, status, answer)
        _keep_error(kind, {**operation, "body": payload}, status, answer)
        response.failure(kind)
        return None


def _act(user: Client, index: int, body: str | None = None, *, position: int | None = None) -> None:
    """One client action: a request and whatever follows from its answer (follow-ups, a later repeat)."""
    if OPERATIONS[index]["bodies"] and position is None:
        position = _position(index)
        _state["cursor"][index] = _state["cursor"].get(index, 0) + 1
    answer = _call(user, index, body, position=position)
    if not answer:
        return
    repeated_by = REPEATED_BY.get(index)
    first = None
    repeats = OPERATIONS[index]["repeats"]
    if repeats:
        first = _state["firsts"].pop((_index_of(repeats), position), None)
    elif repeated_by is not None:
        _state["answered"].setdefault(index, []).append(position)
        _state["firsts"][(index, position)] = answer
    _keep_sample(index, OPERATIONS[index], answer, first)
    for follower in FOLLOWERS[index]:
        if OPERATIONS[follower]["follow_up"]:
            _follow_up(user, follower, answer)
        else:
            _act(user, follower, _with_groups(OPERATIONS[follower]["body"], answer))


def _follow_up(user: Client, index: int, earlier: bytes) -> None:
    """A request built now from a value of the earlier answer (signed here when the profile signs), sent again
    with a fresh message while the answer says it is not ready yet."""
    from conformance.load.envelopes import VALUE_MARK, build, signer
    from conformance.load.operation import FollowUp

    fields = OPERATIONS[index]["follow_up"]
    assert fields is not None, "_act follows up only the operations that have a follow_up"
    follow = FollowUp(**fields)
    found = re.search(follow.take.encode(), earlier)
    if found is None:
        return  # the earlier answer names nothing to follow up: its sample judges it
    tls = PLAN["tls"]
    sender = signer(follow.profiel, tls["client_cert"] or None, tls["client_key"] or None)
    template = follow.template.replace(VALUE_MARK, found[1].decode("utf-8", "replace"))
    for attempt in range(follow.attempts):
        payload = build(template, to=follow.to, action=follow.action, from_oin=follow.from_oin,
                        sender=sender)
        answer = _call(user, index, payload, poll=tuple(follow.poll) if attempt + 1 < follow.attempts else ())
        if answer != b"":
            if answer:
                _keep_sample(index, OPERATIONS[index], answer)
            return
        gevent.sleep(follow.interval)


class Client(FastHttpUser):
    """One client system of the chain at the start of the school year."""

    host = PLAN["host"]
    insecure = False
    network_timeout = PLAN["timeout_s"]
    connection_timeout = PLAN["timeout_s"]
    ssl_context_factory = staticmethod(_ssl_context)
    wait_time = constant_throughput(PLAN["rate_per_user"]) if PLAN["rate_per_user"] else constant(0)

    @task
    def act(self) -> None:
        """A weighted pick among the operations that still have something to send."""
        ready = [i for i in WEIGHTED if _available(i)]
        if not ready:
            _stop(self)  # every pool is spent
        index = random.choices(ready, weights=[OPERATIONS[i]["weight"] for i in ready])[0]
        repeats = OPERATIONS[index]["repeats"]
        if repeats:
            leader = _index_of(repeats)
            _act(self, index, position=_state["answered"][leader].pop(0))
        else:
            _act(self, index)


def _entry(entry: StatsEntry) -> dict[str, object]:
    return {"name": entry.name, "requests": entry.num_requests, "failures": entry.num_failures,
            "rps": entry.total_rps,
            "percentiles": {f"{p:.0%}": entry.get_response_time_percentile(p) if entry.num_requests else 0
                            for p in (0.5, 0.9, 0.95, 0.99, 1.0)}}


def _claim_slot() -> int:
    """This process's share of the pools: the first free slot of the processes that send (a master sends none)."""
    for slot in range(PLAN["pool_stride"]):
        try:
            os.close(os.open(SAMPLES / f"slot-{slot}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return slot
        except FileExistsError:
            continue
    raise RuntimeError("more Locust processes send than the plan has pool slots for")


@events.init.add_listener
def _prepare(environment: Environment, **_kwargs: Any) -> None:
    SAMPLES.mkdir(parents=True, exist_ok=True)
    _state["environment"] = environment
    if type(environment.runner).__name__ != "MasterRunner":
        _state["slot"] = _claim_slot()


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
