"""Plumbing every client judge shares: the suite plays a server for a candidate client and judges its calls.

Where the judging server listens and which certificate it shows (`luister`, `adres`, `poort`, `server_cert`,
`server_key`, `client_ca` in a judge's config table) and how long it waits (`wachttijd`, `nawacht`), how a table
with a client sub-table is read (`TableSides`), the mutual-TLS server itself and its start (`serve_judging`), the
record of calls a judging app keeps (`RecordingApp`), a started judge's wait, findings and stop
(`RunningClientJudge`), the verdicts' form, ending and table (`Verdict`, `tallied`, `VerdictTable`), and the
reference clients' thread (`ReferenceClient`, beside the demo's reference in `ReferenceWithClient`), with the
probes they use to find the judging server without leaving a call in its record. A standard's judge supplies only
its own parts.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar
from urllib.parse import urlsplit

from conformance.config import Section, interface_address
from conformance.errors import ConfigError
from conformance.outcomes import Outcome
from conformance.pki import LoopbackPki, server_ssl_context
from conformance.transport import Exchange, HttpRequest, HttpResponse, LoopbackServer, TlsSettings

__all__ = ["NO_ANSWER", "SHOWN", "ClientJudgeSettings", "Listening", "Once", "RecordingApp", "ReferenceClient",
           "ReferenceWithClient", "RunningClientJudge", "TableSides", "Verdict", "VerdictTable", "evidence_of", "free_port",
           "judging_server", "listed", "read_client_judge", "read_listening", "serve_judging", "tallied",
           "wait_for_client", "wait_until_gone", "wait_until_open"]

_LOG = logging.getLogger(__name__)

_Server = TypeVar("_Server")
_Client = TypeVar("_Client")
_Judge = TypeVar("_Judge")
_Table = TypeVar("_Table")

#: A requirement's verdict on a client: (outcome, message, the calls' exchanges shown as evidence)
Verdict = tuple[Outcome, str, list[Exchange]]

#: offending calls kept as evidence and named in a message
SHOWN = 5


#: What a judging app returns to close the connection without any answer (the call was processed, or not)
NO_ANSWER = HttpResponse(status=0, body=b"", drop_connection=True)


class Once:
    """A deliberate misbehaviour of a judging server (a dropped answer, an outage) used on one call only."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._used = False

    def take(self) -> bool:
        """True for the first caller only."""
        with self._lock:
            used, self._used = self._used, True
            return not used


class Listening(Protocol):
    """The listening fields of a judge's settings (read-only, so frozen settings dataclasses fit)."""

    @property
    def poort(self) -> int: ...
    @property
    def luister(self) -> str: ...
    @property
    def server_cert(self) -> Path | None: ...
    @property
    def server_key(self) -> Path | None: ...
    @property
    def client_ca(self) -> Path | None: ...



def read_listening(section: Section, *, server: str, client: str) -> dict[str, Any]:
    """The listening fields of `section` as keyword arguments for a judge's settings; errors name the field.

    `server` and `client` name the parties in the message (the judging NV and the LAS, ...).
    """
    luister = section.str("luister", "127.0.0.1", check=interface_address) or "127.0.0.1"
    server_cert, server_key = section.key_pair("server_cert", "server_key")
    adres = section.url("adres", required=False)
    if not ipaddress.ip_address(luister).is_loopback and (adres is None or server_cert is None):
        raise ConfigError(f"a {client} on another machine calls {server} by a name of its own and checks the "
                          f"certificate against it: give adres (the URL it calls) and server_cert / server_key "
                          f"(a certificate for that name, trusted by the {client})",
                          field=f"{section.path}.{'adres' if adres is None else 'server_cert'}")
    return {"luister": luister, "adres": adres, "server_cert": server_cert, "server_key": server_key,
            "poort": section.number("poort", 0, integer=True, minimum=0, maximum=65535),
            "client_ca": section.pem_certificates("client_ca")}


@dataclasses.dataclass(frozen=True, kw_only=True)
class ClientJudgeSettings:
    """How long a judge waits for its client, and where it listens: the fields every client judge's table has."""

    wachttijd: float = 900.0  # how long to wait for the client's calls
    nawacht: float = 5.0  # quiet time after the last expected call, to see a late extra call
    poort: int = 0
    luister: str = "127.0.0.1"
    adres: str | None = None  # the URL the client calls, when it is not https://localhost:<poort>
    server_cert: Path | None = None
    server_key: Path | None = None
    client_ca: Path | None = None


def read_client_judge(section: Section, *, server: str, client: str,
                      wachttijd: float = ClientJudgeSettings.wachttijd) -> dict[str, Any]:
    """The `ClientJudgeSettings` fields of `section` as keyword arguments (`wachttijd` the judge's default wait);
    errors name the field."""
    return {"wachttijd": section.number("wachttijd", wachttijd, minimum=1),
            "nawacht": section.number("nawacht", ClientJudgeSettings.nawacht, minimum=0),
            **read_listening(section, server=server, client=client)}


@dataclasses.dataclass(frozen=True)
class TableSides(Generic[_Table, _Server, _Client]):
    """How a standard's table splits into the server under test and the client to judge (its sub-table
    `client_table`, which `read_client` reads): each side read when declared into a `table`, and the keys an
    official run needs written out."""

    table: Callable[[_Server | None, _Client | None], _Table]
    client_table: str
    read_server: Callable[[Section], _Server]
    read_client: Callable[[Section], _Client]
    server_keys: tuple[str, ...]
    client_keys: tuple[str, ...]
    neither: str  # the error when the table declares nothing

    def declares_server(self, section: Section) -> bool:
        """A table with anything besides its client's sub-table declares a server under test, so a forgotten
        field is an error, not a skip."""
        return any(key != self.client_table for key in section.data)

    def read(self, section: Section) -> _Table:
        """The table read whole: the server under test and the client to judge, each None when not declared;
        every problem is a ConfigError naming its field."""
        client = section.table(self.client_table, required=False)
        judged = self.read_client(client) if client is not None else None
        if judged is None and not section.data:
            raise ConfigError(self.neither, field=section.path)
        return self.table(self.read_server(section) if self.declares_server(section) else None, judged)

    def declarations(self, section: Section) -> tuple[str, ...]:
        """The keys an official run needs written out: the server's only when a server is declared."""
        return ((self.server_keys if self.declares_server(section) else ())
                + (self.client_keys if section.has(self.client_table) else ()))


def judging_server(app: Callable[[HttpRequest], HttpResponse], pki: LoopbackPki, settings: Listening) -> LoopbackServer:
    """A (not yet started) server for `app` that asks every client for its certificate (mutual TLS)."""
    context = server_ssl_context(pki, require_client_cert=True)
    if settings.server_cert is not None:  # replaces the test PKI's localhost certificate
        context.load_cert_chain(str(settings.server_cert), str(settings.server_key))
    if settings.client_ca is not None:
        context.load_verify_locations(cafile=str(settings.client_ca))
    return LoopbackServer(app, ssl_context=context, port=settings.poort, host=settings.luister)


class _Arrived(Protocol):
    """A call a judging server recorded, with when it arrived (time.monotonic())."""

    @property
    def moment(self) -> float: ...


class _JudgingApp(Protocol):
    """A judging server's app: it answers requests, records the calls, and names in their evidence the URL it is
    called at."""

    url: str

    def __call__(self, request: HttpRequest) -> HttpResponse: ...
    @property
    def calls(self) -> Sequence[_Arrived]: ...


_App = TypeVar("_App", bound=_JudgingApp)
_Settings = TypeVar("_Settings", bound=ClientJudgeSettings)
_Recorded = TypeVar("_Recorded")


class RecordingApp(Generic[_Recorded]):
    """The part of a judging server's app that keeps its calls: appended under `_lock` by the server's threads,
    read as a copy through `calls`; `url` is where the client calls, named in the calls' evidence."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.Lock()
        self._calls: list[_Recorded] = []

    @property
    def calls(self) -> list[_Recorded]:
        with self._lock:
            return list(self._calls)


def serve_judging(app: _JudgingApp, pki: LoopbackPki, settings: ClientJudgeSettings, path: str) -> LoopbackServer:
    """Start `app`'s judging server; its `url` becomes the one the client calls: `adres`, or the server's `path`."""
    server = judging_server(app, pki, settings).start()
    app.url = settings.adres or f"{server.base_url}{path}"
    return server


def wait_for_client(done: Callable[[], bool], last_call: Callable[[], float | None], *, wachttijd: float,
                    nawacht: float, tick: float = 0.05) -> bool:
    """Wait until `done()` and no call came for `nawacht` s (a late extra call still counts); False when
    `wachttijd` s passed first. `last_call` is the time.monotonic() of the newest call, None before any."""
    deadline = time.monotonic() + wachttijd
    while time.monotonic() < deadline:
        quiet = time.monotonic() - (last_call() or 0.0)
        if done() and quiet >= nawacht:
            return True
        time.sleep(tick)
    return False


class RunningClientJudge(Generic[_App, _Settings]):
    """A started judging server and the wait for its client; a standard's judge says what is `missing` and how
    its calls are written, so every client judge waits, reports and stops the same way. The client points at
    `endpoint`, with the test PKI's candidate certificate in `pki_files` (or one of `client_ca`)."""

    #: the `standard` written in the findings file
    standard: ClassVar[str]
    #: who the message names when the wait ends early
    client: ClassVar[str] = "the client"

    def __init__(self, server: LoopbackServer, app: _App, settings: _Settings, pki: LoopbackPki) -> None:
        self.server = server
        self.app = app
        self.settings = settings
        self.endpoint = app.url
        self.pki_files = {"ca_bundle": pki.ca_bundle, "client_cert": pki.candidate_chain,
                          "client_key": pki.candidate_key}
        self.ended_early: str | None = None  # why the wait for the client ended early; None when it finished

    def missing(self) -> list[str]:
        """What the wait still waits for, in words for the message when the client does not finish."""
        raise NotImplementedError

    def complete(self) -> bool:
        return not self.missing()

    def wait(self, *, tick: float = 0.05) -> str | None:
        """Wait until the client is done (then `nawacht` without calls); the reason it ended early, or None."""
        def last_call() -> float | None:
            calls = self.app.calls
            return calls[-1].moment if calls else None

        if wait_for_client(self.complete, last_call, wachttijd=self.settings.wachttijd,
                           nawacht=self.settings.nawacht, tick=tick):
            self.ended_early = None
            return None
        missing = self.missing()
        self.ended_early = (f"{self.client} did not finish within {self.settings.wachttijd:g} s (wachttijd): "
                            f"{len(self.app.calls)} calls arrived"
                            + (f"; still missing {'; '.join(missing)}" if missing else ""))
        return self.ended_early

    def record(self) -> dict[str, object]:
        """What the findings file lists before the verdicts: by default every call."""
        return {"calls": [self.call_record(c) for c in self.app.calls]}

    def call_record(self, call: Any) -> dict[str, object]:
        """One call as the findings file lists it."""
        raise NotImplementedError

    def write_findings(self, path: Path, verdicts: dict[str, Verdict]) -> Path:
        """The findings file of `serve --judge`: the record, then every requirement's outcome and message."""
        data = {"standard": self.standard, "mode": "judge", **self.record(),
                "requirements": [{"requirement": req, "outcome": outcome.value, "message": message}
                                 for req, (outcome, message, _) in verdicts.items()]}
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def stop(self) -> None:
        self.server.stop()


def free_port() -> int:
    """A free loopback port for a judging server, known before the run so a reference client can be pointed at it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _port_open(url: str) -> bool:
    address = urlsplit(url)
    try:
        socket.create_connection((address.hostname or "localhost", address.port or 443), timeout=2).close()
    except OSError:
        return False
    return True


def wait_until_gone(url: str, stop: threading.Event, *, tick: float = 0.5) -> bool:
    """Wait until `url`'s port closes (a bare TCP probe, so the judge records no call); False when stopped."""
    while not stop.wait(tick):
        if not _port_open(url):
            return True
    return False


def wait_until_open(url: str, stop: threading.Event, *, give_up: float | None = None, tick: float = 0.2) -> bool:
    """Wait until `url`'s port accepts connections (the judging server starts when its tests run); False when
    stopped or after `give_up` s."""
    deadline = None if give_up is None else time.monotonic() + give_up
    while not stop.is_set() and (deadline is None or time.monotonic() < deadline):
        if _port_open(url):
            return True
        stop.wait(tick)
    return False


class ReferenceClient:
    """A reference client's runs in a background thread: each time the judging server is up (it starts only when
    its tests run), one `run_once`, then a wait for the server to go (and come back)."""

    #: the thread's name, and who the debug log names
    thread_name: ClassVar[str]
    who: ClassVar[str]

    def __init__(self, endpoint: str, pki: LoopbackPki, *, defects: Sequence[str], known: frozenset[str],
                 give_up: float | None = None, repeat: bool = True) -> None:
        unknown = set(defects) - known
        if unknown:
            raise ValueError(f"unknown client defects: {', '.join(sorted(unknown))}")
        self.endpoint = endpoint
        self.pki = pki
        self.defects = frozenset(defects)
        self.give_up = give_up  # give up when the server is not there by then (None: wait until stopped)
        self.repeat = repeat  # run again each time the server comes back (a served demo, several runs)
        self.done = threading.Event()  # set when the first run is done (or the client gave up)
        self.error: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def run_once(self) -> None:
        """One whole run of the client against the judging server."""
        raise NotImplementedError

    def tls(self) -> TlsSettings:
        """The test PKI's candidate certificate, the one a judging server trusts without `client_ca`."""
        party = self.pki.test_pki["candidate"]
        return TlsSettings(ca_bundle=self.pki.ca_bundle, client_cert=party.chain or party.cert, client_key=party.key)

    def _run(self) -> None:
        try:
            while wait_until_open(self.endpoint, self._stop, give_up=self.give_up):
                self.run_once()
                self.done.set()
                if not self.repeat or not wait_until_gone(self.endpoint, self._stop):
                    break
        except Exception as exc:  # the judge reports what did not arrive; the thread must not die loudly
            self.error = f"{type(exc).__name__}: {exc}"
            _LOG.debug("%s stopped: %s", self.who, self.error)
        finally:
            self.done.set()


class ReferenceWithClient:
    """A demo's reference (a running server side) plus a reference client waiting for the suite's judging server;
    `config` is the reference's table with the client's sub-table (which tells the run where to serve the judging
    server). Everything else, its LoopbackServer `server` included, is the reference's own."""

    def __init__(self, reference: Any, client: ReferenceClient, client_table: str,
                 client_config: dict[str, Any]) -> None:
        self.reference = reference
        self.client = client
        self.client_table = client_table
        self.client_config = client_config
        self.base_url = reference.base_url

    @property
    def config(self) -> dict[str, Any]:
        return {**self.reference.config, self.client_table: dict(self.client_config)}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reference, name)

    def stop(self) -> None:
        self.client.stop()
        self.reference.stop()


class _Call(Protocol):
    @property
    def exchange(self) -> Exchange: ...


def evidence_of(calls: Sequence[_Call]) -> list[Exchange]:
    """The exchanges of the first `SHOWN` calls, the evidence a verdict keeps."""
    return [c.exchange for c in calls[:SHOWN]]


class VerdictTable(Generic[_Judge]):
    """A client judge's requirements, each with the function that judges it, in catalogue order."""

    def __init__(self, verdicts: dict[str, Callable[[_Judge], Verdict]]) -> None:
        self._verdicts = dict(verdicts)
        self.requirements = tuple(self._verdicts)

    def judge(self, running: _Judge, requirement: str) -> Verdict:
        return self._verdicts[requirement](running)

    def judge_all(self, running: _Judge) -> dict[str, Verdict]:
        return {req: judge(running) for req, judge in self._verdicts.items()}


def tallied(wrong: Sequence[_Call], problems: list[str], *, failed: str, passed: str,
            judged: Sequence[_Call]) -> Verdict:
    """A verdict's ending: failed with `failed` and the first problems, the offending calls as evidence, when any
    call was `wrong`; else passed with `passed`, the `judged` calls as evidence."""
    if wrong:
        return Outcome.FAILED, failed + listed(problems), evidence_of(wrong)
    return Outcome.PASSED, passed, evidence_of(judged)


def listed(problems: list[str], shown: int = SHOWN) -> str:
    """The first `shown` problems of a verdict's message, and how many more there are."""
    more = f"; and {len(problems) - shown} more" if len(problems) > shown else ""
    return "; ".join(problems[:shown]) + more
