"""Judge mode: the suite plays the NV for a candidate LAS, records every call it makes and judges the hPGNs it sends.

Hashing is slow by design (seconds of scrypt each), so the expected hPGNs are computed in worker threads (and kept
in a disk cache): the NV answers each request at once, and the hPGNs are judged when the expected values are ready.
Judgements name a test PGN by its number and never repeat a PGN or an hPGN.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from lxml import etree

from conformance.edukoppeling.addressing import read_addressing
from conformance.edukoppeling.receiver import Receiver, client_oin
from conformance.outcomes import Outcome
from conformance.pki import LoopbackPki, ensure_loopback_pki
from conformance.standards._judging import ClientJudgeSettings, RecordingApp, RunningClientJudge, serve_judging
from conformance.standards.eckid import codec
from conformance.standards.eckid.codec import NS, OPERATIONS
from conformance.standards.eckid.hashing import (
    LEGACY_SCRYPT_N,
    LEGACY_SCRYPT_P,
    SCRYPT_N,
    SCRYPT_P,
    decode_salt,
)
from conformance.standards.eckid.client_judge.judge_cache import Hasher, HashWork, HpgnCache
from conformance.standards.eckid.reference import HPGN_PATTERN, ReferenceNv, demo_settings
from conformance.transport import Exchange, HttpRequest, HttpResponse, LoopbackServer
from conformance.xml import XmlRejected
from conformance.xml.soap import SoapMessage, parse_envelope

__all__ = ["PUBLISHED_PGNS", "PUBLISHED_SALT", "HashAnalysis", "HashJudgement", "HpgnJudge", "JudgeSettings",
           "JudgingNv", "NvCall", "RunningJudge", "choose_sample", "start_judge"]

#: The published test salt and PGNs with their published hPGNs (eckid §3.1): judging them needs no scrypt.
PUBLISHED_SALT = "rktYml0MIp9TC9u6Ny6uqw=="
PUBLISHED_PGNS: dict[str, str] = {
    "063138219": "9735dfd2235eaeb5f0300886bcc99c82ffc1d6420c4e0bde8de7218def2135fa",
    "20DP teacher@school.com": "0b870ff044775ef0360655c40d5b284b7e3ae2b72207a6894794d787eb019e60",
}
ALL_HASH = ("ECKID-HASH-01", "ECKID-HASH-02", "ECKID-HASH-03", "ECKID-HASH-04")
_HPGN_ELEMENTS = frozenset({"hpgn", "hPgn", "hpgnOld", "hpgnNew"})
_REQUESTS = {request: operation for operation, (request, _) in OPERATIONS.items()}
ENDPOINT_PATH = "/eck/ws/201703"
SCRYPT_SECONDS = 2.5  # one scrypt N=131072, r=8, p=4 on one core (bench/eckid_judge.py: 2.2 s alone, 2.6 s per
# worker when two run at once), for the estimate shown at the start
_LIVE_EXAMINED = 10  # test pupils tried against the known mistakes when one value is judged on arrival


@dataclasses.dataclass(frozen=True)
class HashJudgement:
    """One judged hPGN."""

    outcome: Outcome
    requirements: tuple[str, ...]
    message: str
    received: str  # ISO time the hPGN arrived


@dataclasses.dataclass
class HashAnalysis:
    """What the received hPGNs show about the LAS's hashing, per judged test pupil (numbered from 1 in the config)."""

    numbers: list[int]  # the test pupils whose hPGN is judged: all, or the steekproef
    total: int  # test pupils configured
    found: set[int] = dataclasses.field(default_factory=set)  # the right hPGN arrived
    explained: dict[int, tuple[str, str]] = dataclasses.field(default_factory=dict)  # (requirement, what went wrong)
    malformed: list[str] = dataclasses.field(default_factory=list)  # values not in the hPGN form (ECKID-HASH-04)
    unexplained: int = 0  # well-formed values that are no test pupil's hPGN nor a known mistake
    received: int = 0  # distinct values received

    @property
    def pupils(self) -> int:
        return len(self.numbers)

    @property
    def missing(self) -> list[int]:
        return [i for i in self.numbers if i not in self.found and i not in self.explained]

    def errors(self, requirement: str) -> list[str]:
        return [f"test PGN {i}: {what}" for i, (req, what) in sorted(self.explained.items()) if req == requirement]


def choose_sample(pgns: Sequence[str], size: int) -> list[int]:
    """The test pupils (0-based) whose hPGN is computed and judged: all, or `size` of them.

    The hashing mistakes the judge knows are systematic (parameters, salt, hex case) or hit a known kind of PGN
    (leading zeros, letters that lower-casing changes), so the sample takes those kinds first (up to half of it),
    then others; it is the same on every run, so the cache serves it again.
    """
    if size <= 0 or size >= len(pgns):
        return list(range(len(pgns)))
    rng = random.Random(len(pgns))
    risky = [i for i, pgn in enumerate(pgns) if pgn.startswith("0") or pgn != pgn.lower()]
    chosen = set(rng.sample(risky, min(len(risky), max(1, size // 2)))) if risky else set()
    others = [i for i in range(len(pgns)) if i not in chosen]
    chosen.update(rng.sample(others, size - len(chosen)))
    return sorted(chosen)


class HpgnJudge:
    """Judges received hPGNs against the test PGNs hashed with the environment's salt; hashing in worker threads."""

    def __init__(self, pgns: Sequence[str], salt_b64: str, *, known: Mapping[str, str] | None = None,
                 work: HashWork | None = None, workers: int | None = None, n: int = SCRYPT_N, p: int = SCRYPT_P,
                 hasher: Hasher | None = None, on_judgement: Callable[[HashJudgement], None] | None = None,
                 examine: int = 3, steekproef: int = 0) -> None:
        self.pgns = tuple(pgns)
        self._salt_text = salt_b64
        self._salt = decode_salt(salt_b64)
        self._n, self._p = n, p
        self._owns_work = work is None
        self._work = work or (HashWork(workers=workers, hasher=hasher) if hasher else HashWork(workers=workers))
        self._on_judgement = on_judgement
        self._examine = examine  # missing test pupils tried against the known mistakes, per analysis
        self._judging = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eckid-judge")
        self._lock = threading.Lock()
        self._judgements: list[HashJudgement] = []
        self._variants: dict[tuple[int, str], Future[str]] = {}
        known = dict(known or {})
        self._expected = {i: self._done(known[self.pgns[i]]) if self.pgns[i] in known
                          else self._hash(self.pgns[i].lower().encode("utf-8"))
                          for i in choose_sample(self.pgns, steekproef)}

    @property
    def to_compute(self) -> int:
        """Expected hPGNs not known yet (neither configured, published nor cached): each costs one scrypt."""
        return sum(1 for future in self._expected.values() if not future.done())

    @staticmethod
    def _done(value: str) -> Future[str]:
        future: Future[str] = Future()
        future.set_result(value)
        return future

    def _hash(self, password: bytes, *, salt: bytes | None = None, n: int | None = None,
              p: int | None = None) -> Future[str]:
        return self._work.hash(password, salt if salt is not None else self._salt, n=n or self._n, p=p or self._p)

    def done(self, timeout: float | None = None) -> bool:
        """Whether every expected hPGN is computed (waiting up to `timeout` seconds)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for future in self._expected.values():
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                future.result(timeout=remaining)
            except TimeoutError:
                return False
        return True

    def expected(self) -> dict[str, int]:
        """Expected hPGN -> test pupil number (1-based); waits for the hashing."""
        return {future.result(): i + 1 for i, future in self._expected.items()}

    def _mistakes(self, index: int) -> list[tuple[str, str, Future[str]]]:
        """Known ways to get test PGN `index` (0-based) wrong: (description, requirement broken, hash), made once."""
        pgn = self.pgns[index]
        candidates: list[tuple[str, str, Callable[[], Future[str]]]] = []
        if pgn != pgn.lower():
            candidates.append(("the PGN was not lower-cased", "ECKID-HASH-02",
                               lambda: self._hash(pgn.encode("utf-8"))))
        if pgn.isdigit() and pgn.startswith("0"):
            candidates.append(("the leading zeros of the PGN were dropped", "ECKID-HASH-05",
                               lambda: self._hash(pgn.lstrip("0").encode("utf-8"))))
        candidates.append(("the salt's base64 text was used instead of its decoded bytes", "ECKID-HASH-03",
                           lambda: self._hash(pgn.lower().encode("utf-8"), salt=self._salt_text.encode("ascii"))))
        if (self._n, self._p) != (LEGACY_SCRYPT_N, LEGACY_SCRYPT_P):
            candidates.append(("the pre-2016 scrypt parameters N=16384, p=1 were used", "ECKID-HASH-01",
                               lambda: self._hash(pgn.lower().encode("utf-8"), n=LEGACY_SCRYPT_N,
                                                  p=LEGACY_SCRYPT_P)))
        found = []
        with self._lock:
            for description, requirement, make in candidates:
                key = (index, description)
                if key not in self._variants:
                    self._variants[key] = make()
                found.append((description, requirement, self._variants[key]))
        return found

    def analyse(self, values: Iterable[str], *, examine: int | None = None) -> HashAnalysis:
        """Sort what arrived into right, known mistakes, malformed and unexplained; blocks while hashing."""
        expected = self.expected()
        pgns = set(self.pgns)
        analysis = HashAnalysis(numbers=[i + 1 for i in self._expected], total=len(self.pgns))
        unmatched: set[str] = set()
        distinct = set(values)
        analysis.received = len(distinct)
        for value in sorted(distinct):
            if HPGN_PATTERN.fullmatch(value):
                if value in expected:
                    analysis.found.add(expected[value])
                else:
                    unmatched.add(value)
            elif value.lower() in expected:
                number = expected[value.lower()]
                analysis.explained[number] = ("ECKID-HASH-04", "the hPGN was sent in upper-case hexadecimal")
                analysis.malformed.append(f"test PGN {number}: the hPGN was sent in upper-case hexadecimal")
            elif value in pgns or value.lower() in {p.lower() for p in pgns}:
                analysis.malformed.append("a test PGN itself was sent where its hPGN belongs")
            else:
                analysis.malformed.append(f"a value of {len(value)} characters is not 64 lower-case hexadecimal "
                                        "characters")
        missing = [number - 1 for number in analysis.missing]
        if unmatched:
            limit = self._examine if examine is None else examine
            tried = {index: self._mistakes(index) for index in missing[:limit]}  # all hashing starts at once
            for index, mistakes in tried.items():
                for description, requirement, future in mistakes:
                    if future.result() in unmatched:
                        unmatched.discard(future.result())
                        analysis.explained[index + 1] = (requirement, description)
                        break
        analysis.unexplained = len(unmatched)
        return analysis

    def judge(self, value: str) -> Future[HashJudgement]:
        """Judge one value in the background (serve --judge prints these as they come); `judgements` keeps them."""
        received = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return self._judging.submit(self._judge, value, received)

    def _judge(self, value: str, received: str) -> HashJudgement:
        analysis = self.analyse([value], examine=min(len(self.pgns), _LIVE_EXAMINED))
        if analysis.found:
            judgement = HashJudgement(Outcome.PASSED, ALL_HASH, f"the hPGN of test PGN {min(analysis.found)} is right",
                              received)
        elif analysis.explained:
            number, (requirement, what) = next(iter(analysis.explained.items()))
            judgement = HashJudgement(Outcome.FAILED, (requirement,), f"test PGN {number}: {what}", received)
        elif analysis.malformed:
            judgement = HashJudgement(Outcome.FAILED, ("ECKID-HASH-04",), analysis.malformed[0], received)
        else:
            judgement = HashJudgement(Outcome.CANT_TELL, ALL_HASH,
                              "the hPGN is not that of any test PGN, nor a known mistake: another PGN was hashed, or "
                              "the hashing differs in a way the judge does not recognise", received)
        with self._lock:
            self._judgements.append(judgement)
        if self._on_judgement is not None:
            self._on_judgement(judgement)
        return judgement

    @property
    def judgements(self) -> list[HashJudgement]:
        with self._lock:
            return list(self._judgements)

    def close(self) -> None:
        self._judging.shutdown(wait=False, cancel_futures=True)
        if self._owns_work:
            self._work.close()


def hpgns_in(body: bytes) -> list[str]:
    """The hPGN values of an NV request (single, batch and replacement); none when it is no SOAP envelope."""
    try:
        message = parse_envelope(body)
    except XmlRejected:
        return []
    return _hpgns(message)


def _hpgns(message: SoapMessage) -> list[str]:
    return [(el.text or "") for child in message.body_children for el in child.iter()
            if isinstance(el.tag, str) and etree.QName(el).namespace == NS
            and etree.QName(el).localname in _HPGN_ELEMENTS]


@dataclasses.dataclass(frozen=True)
class NvCall:
    """One call a LAS made to the judging NV, with what the NV answered; `exchange` is the evidence."""

    moment: float  # time.monotonic() on arrival
    operation: str | None  # None when the request was no NV request
    from_oin: str | None
    from_address: str | None
    client_oin: str | None
    hpgns: tuple[str, ...]
    batch: str | None  # the batchIdentifier a retrieveBatch asked for
    submitted: str | None  # the batchIdentifier the NV issued for a submission
    ending: str  # "ok", "delivered" (retrieveBatch with the result), or the fault's faultactor
    exchange: Exchange


def _read_call(request: HttpRequest, response: HttpResponse, url: str, arrived: float,
            started: dt.datetime) -> NvCall:
    operation = from_oin = from_address = batch = submitted = None
    hpgns: tuple[str, ...] = ()
    try:
        message = parse_envelope(request.body)
        addressing = read_addressing(message)
        from_oin, from_address = addressing.from_oin, addressing.from_address
        body = message.body
        if body is not None and etree.QName(body).namespace == NS:
            operation = _REQUESTS.get(etree.QName(body).localname)
            hpgns = tuple(_hpgns(message))
            if operation == "retrieveBatch":
                batch = (codec.text_of(body, "batchIdentifier") or "").strip()
    except XmlRejected:
        pass
    ending = "ok"
    try:
        answer = parse_envelope(response.body)
        fault = codec.read_nv_fault(answer)
        if fault is not None:
            ending = fault.faultactor or "fault"
        elif operation == "retrieveBatch":
            ending = "delivered"
        elif operation in ("submitStampseudonymBatch", "submitEckIdBatch") and answer.body is not None:
            submitted = (codec.text_of(answer.body, "batchIdentifier") or "").strip() or None
    except XmlRejected:
        ending = "fault"
    exchange = Exchange(label=f"the LAS called {operation or 'something that is no NV operation'}", method="POST",
                        url=url, request_headers=dict(request.headers), request_body=request.body, started=started,
                        elapsed_ms=(time.monotonic() - arrived) * 1000, status=response.status,
                        response_headers={"content-type": response.content_type}, response_body=response.body)
    return NvCall(arrived, operation, from_oin, from_address, client_oin(request.client_certificate), hpgns,
                    batch, submitted, ending, exchange)


class JudgingNv(RecordingApp[NvCall]):
    """The reference NV, recording every call (with its answer) and handing each hPGN to the judge at once."""

    def __init__(self, nv: ReferenceNv, hash_judge: HpgnJudge, *, url: str = ENDPOINT_PATH,
                 live: bool = False) -> None:
        super().__init__(url)
        self.nv = nv
        self.hash_judge = hash_judge
        self._live = live  # judge each hPGN as it comes (serve --judge prints them)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        arrived, started = time.monotonic(), dt.datetime.now(dt.UTC)
        response = self.nv(request)
        call = _read_call(request, response, self.url, arrived, started)
        with self._lock:
            self._calls.append(call)
        if self._live:
            for value in call.hpgns:
                self.hash_judge.judge(value)
        return response

    def hpgns(self) -> list[str]:
        return [value for call in self.calls for value in call.hpgns]


@dataclasses.dataclass(frozen=True, kw_only=True)
class JudgeSettings(ClientJudgeSettings):
    """What the judging NV is configured with (the `[eckid.las]` table, or the published test values)."""

    wachttijd: float = 600.0  # how long to wait for the LAS
    pgns: tuple[str, ...] = tuple(PUBLISHED_PGNS)
    salt: str = dataclasses.field(default=PUBLISHED_SALT, repr=False)
    hpgns: tuple[str, ...] = ()  # precomputed expected hPGNs, in the order of `pgns`
    scholen: tuple[str, ...] = ("00000001003214345000",)  # OINs of the schools the LAS calls for
    leveranciers: tuple[str, ...] = ()  # OINs of SaaS vendors the schools declared
    omgeving: str = "pilot"
    min_pollinterval: float = 20.0
    batch_vertraging: float = 45.0  # until a submitted batch is finished
    gebruikt_batches: bool = True
    steekproef: int = 0  # judge the hPGNs of this many test pupils (0: all); see choose_sample

    def known(self) -> dict[str, str]:
        known = dict(zip(self.pgns, self.hpgns, strict=False)) if self.hpgns else {}
        if self.salt == PUBLISHED_SALT:
            known.update({pgn: value for pgn, value in PUBLISHED_PGNS.items() if pgn in self.pgns})
        return known


class RunningJudge(RunningClientJudge[JudgingNv, JudgeSettings]):
    """A started judging NV; the LAS under test points at `endpoint`."""

    standard = "eckid"
    client = "the LAS"

    def __init__(self, server: LoopbackServer, app: JudgingNv, settings: JudgeSettings, pki: LoopbackPki,
                 work: HashWork) -> None:
        super().__init__(server, app, settings, pki)
        self.hash_judge = app.hash_judge
        self._analysis: tuple[int, HashAnalysis] | None = None
        self._work = work

    def computation(self) -> str | None:
        """What the expected hPGNs still cost, for the user waiting at the start; None when nothing is left."""
        count = self.hash_judge.to_compute
        if not count:
            return None
        workers = self._work.workers
        minutes = count * SCRYPT_SECONDS / workers / 60
        return (f"computing {count} expected hPGNs meanwhile (about {max(1, round(minutes))} min with {workers} "
                f"worker{'s' if workers != 1 else ''}; cached for the next run; [eckid.las] hpgns or steekproef "
                "shorten it)")

    def hash_analysis(self) -> HashAnalysis:
        """The analysis of every hPGN received so far; made again only when new calls arrived (it may need scrypt)."""
        count = len(self.app.calls)
        if self._analysis is None or self._analysis[0] != count:
            self._analysis = (count, self.hash_judge.analyse(self.app.hpgns()))
        return self._analysis[1]

    def missing(self) -> list[str]:
        """What the wait still waits for: too few distinct hPGN values, no batch, or batches not fetched yet."""
        calls = self.app.calls
        missing = []
        values = len({value for call in calls for value in call.hpgns})
        if values < len(self.settings.pgns):
            missing.append(f"hPGNs for {len(self.settings.pgns) - values} more test pupils "
                           f"({values} of {len(self.settings.pgns)} arrived)")
        if self.settings.gebruikt_batches:
            submitted = {c.submitted for c in calls if c.submitted}
            delivered = {c.batch for c in calls if c.ending == "delivered"}
            if not submitted:
                missing.append("a batch submission (set gebruikt_batches = false for a LAS that sends none)")
            elif not submitted <= delivered:
                missing.append(f"the result of {len(submitted - delivered)} submitted batches to be fetched")
        return missing

    def record(self) -> dict[str, object]:
        """Every hPGN judged on arrival (the findings file's key stays "oordelen": users read these files)."""
        return {"oordelen": [{"outcome": j.outcome.value, "requirements": list(j.requirements),
                              "message": j.message, "received": j.received} for j in self.hash_judge.judgements]}

    def stop(self) -> None:
        super().stop()
        self.hash_judge.close()
        self._work.close()


def _judging_nv(settings: JudgeSettings) -> ReferenceNv:
    """The reference NV, lenient where the judge judges instead (From OIN vs certificate), never blocking polls."""
    reference_settings = demo_settings(batch_vertraging=settings.batch_vertraging, min_pollinterval=0.0,
                                     dagelijkse_batchlimiet=10_000, omgeving=settings.omgeving)
    namens = {vendor: settings.scholen for vendor in settings.leveranciers}
    receiver = Receiver(profiel="2W-be", namens=namens,
                          relaxations={"ignores-oin-mismatch", "accepts-missing-from"})
    return ReferenceNv(reference_settings, receiver=receiver)


def start_judge(state_dir: Path, settings: JudgeSettings | None = None, *,
                on_judgement: Callable[[HashJudgement], None] | None = None, live: bool = False,
                workers: int | None = None) -> RunningJudge:
    """Serve a judging NV on loopback with mutual TLS; the expected hPGNs are computed in the background."""
    settings = settings or JudgeSettings()
    pki = ensure_loopback_pki(state_dir / "pki")
    work = HashWork(cache=HpgnCache(state_dir / "eckid-hpgn-cache"), workers=workers)
    hash_judge = HpgnJudge(settings.pgns, settings.salt, known=settings.known(), work=work,
                           on_judgement=on_judgement, steekproef=settings.steekproef)
    app = JudgingNv(_judging_nv(settings), hash_judge, live=live)
    return RunningJudge(serve_judging(app, pki, settings, ENDPOINT_PATH), app, settings, pki, work)
