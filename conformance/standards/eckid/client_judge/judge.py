"""Judge mode: the suite plays the NV for a candidate LAS, records every call it makes and judges the hPGNs it sends.

Hashing is slow by design (seconds of scrypt each), so the expected hPGNs are computed in worker threads (and kept
in a disk cache): the NV answers each request at once, and the hPGNs are judged when the expected values are ready.
Judgements name a test PGN by its number and never repeat a PGN or an hPGN.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
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
from conformance.pki import ensure_loopback_pki
from conformance.standards._judging import judging_server, wait_for_client
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

__all__ = ["PUBLISHED_PGNS", "PUBLISHED_SALT", "HashAnalyse", "HpgnJudge", "NvCall", "HashJudgement", "JudgingNv",
           "RunningJudge", "choose_sample", "start_judge"]

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
_LIVE_ONDERZOEK = 10  # test pupils tried against the known mistakes when one value is judged on arrival


@dataclasses.dataclass(frozen=True)
class HashJudgement:
    """One judged hPGN."""

    outcome: Outcome
    requirements: tuple[str, ...]
    message: str
    received: str  # ISO time the hPGN arrived


@dataclasses.dataclass
class HashAnalyse:
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
    risico = [i for i, pgn in enumerate(pgns) if pgn.startswith("0") or pgn != pgn.lower()]
    gekozen = set(rng.sample(risico, min(len(risico), max(1, size // 2)))) if risico else set()
    overig = [i for i in range(len(pgns)) if i not in gekozen]
    gekozen.update(rng.sample(overig, size - len(gekozen)))
    return sorted(gekozen)


class HpgnJudge:
    """Judges received hPGNs against the test PGNs hashed with the environment's salt; hashing in worker threads."""

    def __init__(self, pgns: Sequence[str], salt_b64: str, *, known: Mapping[str, str] | None = None,
                 werk: HashWork | None = None, workers: int | None = None, n: int = SCRYPT_N, p: int = SCRYPT_P,
                 hasher: Hasher | None = None, on_judgement: Callable[[HashJudgement], None] | None = None,
                 examine: int = 3, steekproef: int = 0) -> None:
        self.pgns = tuple(pgns)
        self._salt_text = salt_b64
        self._salt = decode_salt(salt_b64)
        self._n, self._p = n, p
        self._eigen_werk = werk is None
        self._werk = werk or (HashWork(workers=workers, hasher=hasher) if hasher else HashWork(workers=workers))
        self._on_oordeel = on_judgement
        self._onderzoek = examine  # missing test pupils tried against the known mistakes, per analysis
        self._judging = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eckid-judge")
        self._lock = threading.Lock()
        self._oordelen: list[HashJudgement] = []
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
        return self._werk.hash(password, salt if salt is not None else self._salt, n=n or self._n, p=p or self._p)

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

    def analyse(self, values: Iterable[str], *, examine: int | None = None) -> HashAnalyse:
        """Sort what arrived into right, known mistakes, malformed and unexplained; blocks while hashing."""
        expected = self.expected()
        pgns = set(self.pgns)
        analyse = HashAnalyse(numbers=[i + 1 for i in self._expected], total=len(self.pgns))
        unmatched: set[str] = set()
        distinct = set(values)
        analyse.received = len(distinct)
        for value in sorted(distinct):
            if HPGN_PATTERN.fullmatch(value):
                if value in expected:
                    analyse.found.add(expected[value])
                else:
                    unmatched.add(value)
            elif value.lower() in expected:
                number = expected[value.lower()]
                analyse.explained[number] = ("ECKID-HASH-04", "the hPGN was sent in upper-case hexadecimal")
                analyse.malformed.append(f"test PGN {number}: the hPGN was sent in upper-case hexadecimal")
            elif value in pgns or value.lower() in {p.lower() for p in pgns}:
                analyse.malformed.append("a test PGN itself was sent where its hPGN belongs")
            else:
                analyse.malformed.append(f"a value of {len(value)} characters is not 64 lower-case hexadecimal "
                                        "characters")
        missing = [number - 1 for number in analyse.missing]
        if unmatched:
            limit = self._onderzoek if examine is None else examine
            tried = {index: self._mistakes(index) for index in missing[:limit]}  # all hashing starts at once
            for index, mistakes in tried.items():
                for description, requirement, future in mistakes:
                    if future.result() in unmatched:
                        unmatched.discard(future.result())
                        analyse.explained[index + 1] = (requirement, description)
                        break
        analyse.unexplained = len(unmatched)
        return analyse

    def judge(self, value: str) -> Future[HashJudgement]:
        """Judge one value in the background (serve --judge prints these as they come); `judgements` keeps them."""
        received = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return self._judging.submit(self._judge, value, received)

    def _judge(self, value: str, received: str) -> HashJudgement:
        analyse = self.analyse([value], examine=min(len(self.pgns), _LIVE_ONDERZOEK))
        if analyse.found:
            oordeel = HashJudgement(Outcome.PASSED, ALL_HASH, f"the hPGN of test PGN {min(analyse.found)} is right",
                              received)
        elif analyse.explained:
            number, (requirement, what) = next(iter(analyse.explained.items()))
            oordeel = HashJudgement(Outcome.FAILED, (requirement,), f"test PGN {number}: {what}", received)
        elif analyse.malformed:
            oordeel = HashJudgement(Outcome.FAILED, ("ECKID-HASH-04",), analyse.malformed[0], received)
        else:
            oordeel = HashJudgement(Outcome.CANT_TELL, ALL_HASH,
                              "the hPGN is not that of any test PGN, nor a known mistake: another PGN was hashed, or "
                              "the hashing differs in a way the judge does not recognise", received)
        with self._lock:
            self._oordelen.append(oordeel)
        if self._on_oordeel is not None:
            self._on_oordeel(oordeel)
        return oordeel

    @property
    def judgements(self) -> list[HashJudgement]:
        with self._lock:
            return list(self._oordelen)

    def close(self) -> None:
        self._judging.shutdown(wait=False, cancel_futures=True)
        if self._eigen_werk:
            self._werk.close()


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


def _oproep(request: HttpRequest, response: HttpResponse, url: str, arrived: float,
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


class JudgingNv:
    """The reference NV, recording every call (with its answer) and handing each hPGN to the judge at once."""

    def __init__(self, nv: ReferenceNv, rechter: HpgnJudge, *, url: str = ENDPOINT_PATH,
                 live: bool = False) -> None:
        self.nv = nv
        self.rechter = rechter
        self.url = url
        self._live = live  # judge each hPGN as it comes (serve --judge prints them)
        self._lock = threading.Lock()
        self._oproepen: list[NvCall] = []

    def __call__(self, request: HttpRequest) -> HttpResponse:
        arrived, started = time.monotonic(), dt.datetime.now(dt.UTC)
        response = self.nv(request)
        oproep = _oproep(request, response, self.url, arrived, started)
        with self._lock:
            self._oproepen.append(oproep)
        if self._live:
            for value in oproep.hpgns:
                self.rechter.judge(value)
        return response

    @property
    def nv_calls(self) -> list[NvCall]:
        with self._lock:
            return list(self._oproepen)

    def hpgns(self) -> list[str]:
        return [value for oproep in self.nv_calls for value in oproep.hpgns]


@dataclasses.dataclass(frozen=True, kw_only=True)
class JudgeSettings:
    """What the judging NV is configured with (the `[eckid.las]` table, or the published test values)."""

    pgns: tuple[str, ...] = tuple(PUBLISHED_PGNS)
    salt: str = dataclasses.field(default=PUBLISHED_SALT, repr=False)
    hpgns: tuple[str, ...] = ()  # precomputed expected hPGNs, in the order of `pgns`
    scholen: tuple[str, ...] = ("00000001003214345000",)  # OINs of the schools the LAS calls for
    leveranciers: tuple[str, ...] = ()  # OINs of SaaS vendors the schools declared
    omgeving: str = "pilot"
    min_pollinterval: float = 20.0
    batch_vertraging: float = 45.0  # until a submitted batch is finished
    wachttijd: float = 600.0  # how long to wait for the LAS
    nawacht: float = 5.0  # quiet time after the last expected call, to see a late second fetch
    poort: int = 0
    client_ca: Path | None = None  # extra CA bundle for the LAS's client certificate
    gebruikt_batches: bool = True
    luister: str = "127.0.0.1"  # the interface the judging NV listens on
    adres: str | None = None  # the URL the LAS calls, when it is not https://localhost:<poort>
    server_cert: Path | None = None  # the certificate (with chain) the judging NV presents; default: the test PKI's
    server_key: Path | None = None
    steekproef: int = 0  # judge the hPGNs of this many test pupils (0: all); see kies_steekproef

    def known(self) -> dict[str, str]:
        known = dict(zip(self.pgns, self.hpgns, strict=False)) if self.hpgns else {}
        if self.salt == PUBLISHED_SALT:
            known.update({pgn: value for pgn, value in PUBLISHED_PGNS.items() if pgn in self.pgns})
        return known


class RunningJudge:
    """A started judging NV; the LAS under test points at `endpoint`."""

    def __init__(self, server: LoopbackServer, app: JudgingNv, settings: JudgeSettings,
                 pki_files: dict[str, Path], werk: HashWork) -> None:
        self.server = server
        self.app = app
        self.rechter = app.rechter
        self.settings = settings
        self.endpoint = app.url
        self.pki_files = pki_files
        self.einde: str | None = None  # why the wait for the LAS ended early; None when it finished
        self._analyse: tuple[int, HashAnalyse] | None = None
        self._werk = werk

    def computation(self) -> str | None:
        """What the expected hPGNs still cost, for the user waiting at the start; None when nothing is left."""
        count = self.rechter.to_compute
        if not count:
            return None
        workers = self._werk.workers
        minutes = count * SCRYPT_SECONDS / workers / 60
        return (f"computing {count} expected hPGNs meanwhile (about {max(1, round(minutes))} min with {workers} "
                f"worker{'s' if workers != 1 else ''}; cached for the next run; [eckid.las] hpgns or steekproef "
                "shorten it)")

    def hash_analyse(self) -> HashAnalyse:
        """The analysis of every hPGN received so far; made again only when new calls arrived (it may need scrypt)."""
        count = len(self.app.nv_calls)
        if self._analyse is None or self._analyse[0] != count:
            self._analyse = (count, self.rechter.analyse(self.app.hpgns()))
        return self._analyse[1]

    def missing_calls(self) -> list[str]:
        """What the wait still waits for: too few distinct hPGN values, no batch, or batches not fetched yet."""
        nv_calls = self.app.nv_calls
        missing = []
        values = len({value for oproep in nv_calls for value in oproep.hpgns})
        if values < len(self.settings.pgns):
            missing.append(f"hPGNs for {len(self.settings.pgns) - values} more test pupils "
                           f"({values} of {len(self.settings.pgns)} arrived)")
        if self.settings.gebruikt_batches:
            submitted = {o.submitted for o in nv_calls if o.submitted}
            delivered = {o.batch for o in nv_calls if o.ending == "delivered"}
            if not submitted:
                missing.append("a batch submission (set gebruikt_batches = false for a LAS that sends none)")
            elif not submitted <= delivered:
                missing.append(f"the result of {len(submitted - delivered)} submitted batches to be fetched")
        return missing

    def complete(self) -> bool:
        """As many distinct hPGN values as test pupils arrived, and every submitted batch was fetched."""
        return not self.missing_calls()

    def wait(self, *, tick: float = 0.05) -> str | None:
        """Wait until the LAS is done (then `nawacht` without calls); the reason it ended early, or None."""
        def last_call() -> float | None:
            nv_calls = self.app.nv_calls
            return nv_calls[-1].moment if nv_calls else None

        if wait_for_client(self.complete, last_call, wachttijd=self.settings.wachttijd,
                           nawacht=self.settings.nawacht, tick=tick):
            self.einde = None
            return None
        missing = self.missing_calls()
        self.einde = (f"the LAS did not finish within {self.settings.wachttijd:g} s (wachttijd): "
                      f"{len(self.app.nv_calls)} calls arrived"
                      + (f"; still missing {'; '.join(missing)}" if missing else ""))
        return self.einde

    def write_findings(self, path: Path) -> Path:
        from conformance.standards.eckid.client_judge.verdicts import assess_all

        data = {"standard": "eckid", "mode": "judge",
                "oordelen": [{"outcome": o.outcome.value, "requirements": list(o.requirements),
                              "message": o.message, "received": o.received} for o in self.rechter.judgements],
                "requirements": [{"requirement": req, "outcome": outcome.value, "message": message}
                                 for req, (outcome, message, _) in assess_all(self).items()]}
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def stop(self) -> None:
        self.server.stop()
        self.rechter.close()
        self._werk.close()


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
    werk = HashWork(cache=HpgnCache(state_dir / "eckid-hpgn-cache"), workers=workers)
    rechter = HpgnJudge(settings.pgns, settings.salt, known=settings.known(), werk=werk, on_judgement=on_judgement,
                          steekproef=settings.steekproef)
    app = JudgingNv(_judging_nv(settings), rechter, live=live)
    server = judging_server(app, pki, settings)
    app.url = settings.adres or f"{server.base_url}{ENDPOINT_PATH}"
    files = {"ca_bundle": pki.ca_bundle, "client_cert": pki.candidate_chain, "client_key": pki.candidate_key}
    return RunningJudge(server.start(), app, settings, files, werk)
