"""Judge mode: the suite plays the NV for a candidate LAS and judges the hPGNs the LAS sends (ECKID-HASH-*).

Hashing is slow by design (about 8 s of scrypt each), so every hash runs in a worker pool: the reference NV answers
each request at once, and the request's hPGNs are judged when the expected values are ready. Judgements name a
test PGN by its number and never repeat a PGN or an hPGN.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from lxml import etree

from conformance.outcomes import Outcome
from conformance.pki import ensure_loopback_pki, server_ssl_context
from conformance.standards.eckid.codec import NS
from conformance.standards.eckid.hashing import (
    LEGACY_SCRYPT_N,
    LEGACY_SCRYPT_P,
    SCRYPT_N,
    SCRYPT_P,
    decode_salt,
    scrypt_hex,
)
from conformance.standards.eckid.reference import (
    HPGN_PATTERN,
    ReferentieNv,
    demo_instellingen,
)
from conformance.transport import HttpRequest, HttpResponse, LoopbackServer
from conformance.xml import XmlRejected
from conformance.xml.soap import parse_envelope

__all__ = ["PUBLISHED_PGNS", "PUBLISHED_SALT", "HpgnRechter", "Oordeel", "RechtendeNv", "RunningJudge",
           "start_judge"]

#: The published test salt and PGNs with their published hPGNs (eckid §3.1): judging them needs no scrypt.
PUBLISHED_SALT = "rktYml0MIp9TC9u6Ny6uqw=="
PUBLISHED_PGNS: dict[str, str] = {
    "063138219": "9735dfd2235eaeb5f0300886bcc99c82ffc1d6420c4e0bde8de7218def2135fa",
    "20DP teacher@school.com": "0b870ff044775ef0360655c40d5b284b7e3ae2b72207a6894794d787eb019e60",
}
ALL_HASH = ("ECKID-HASH-01", "ECKID-HASH-02", "ECKID-HASH-03", "ECKID-HASH-04")
_HPGN_ELEMENTS = frozenset({"hpgn", "hPgn", "hpgnOld", "hpgnNew"})

Hasher = Callable[..., str]  # (password: bytes, salt: bytes, *, n, p) -> hex


@dataclasses.dataclass(frozen=True)
class Oordeel:
    """One judged hPGN."""

    outcome: Outcome
    requirements: tuple[str, ...]
    message: str
    received: str  # ISO time the hPGN arrived


class HpgnRechter:
    """Judges received hPGNs against the test PGNs hashed with the environment's salt, in worker threads."""

    def __init__(self, pgns: Sequence[str], salt_b64: str, *, known: Mapping[str, str] | None = None,
                 workers: int = 2, n: int = SCRYPT_N, p: int = SCRYPT_P, hasher: Hasher = scrypt_hex,
                 on_oordeel: Callable[[Oordeel], None] | None = None) -> None:
        self.pgns = tuple(pgns)
        self._salt_text = salt_b64
        self._salt = decode_salt(salt_b64)
        self._n, self._p = n, p
        self._hasher = hasher
        self._on_oordeel = on_oordeel
        self._hashing = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eckid-judge-hash")
        self._judging = ThreadPoolExecutor(max_workers=1, thread_name_prefix="eckid-judge")
        self._lock = threading.Lock()
        self._oordelen: list[Oordeel] = []
        self._variants: dict[tuple[int, str], Future[str]] = {}
        known = dict(known or {})
        self._expected = [self._done(known[pgn]) if pgn in known else self._hash(pgn.lower().encode("utf-8"))
                          for pgn in self.pgns]

    @staticmethod
    def _done(value: str) -> Future[str]:
        future: Future[str] = Future()
        future.set_result(value)
        return future

    def _hash(self, password: bytes, *, salt: bytes | None = None, n: int | None = None,
              p: int | None = None) -> Future[str]:
        return self._hashing.submit(self._hasher, password, salt if salt is not None else self._salt,
                                    n=n or self._n, p=p or self._p)

    def _mistakes(self, index: int) -> list[tuple[str, str, Future[str]]]:
        """Known ways to get test PGN `index` wrong: (description, requirement broken, hash), computed once."""
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

    def judge(self, value: str) -> Future[Oordeel]:
        """Judge `value` in the background; the future (and `oordelen`) hold the result."""
        received = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return self._judging.submit(self._judge, value, received)

    def _judge(self, value: str, received: str) -> Oordeel:
        oordeel = self._verdict(value, received)
        with self._lock:
            self._oordelen.append(oordeel)
        if self._on_oordeel is not None:
            self._on_oordeel(oordeel)
        return oordeel

    def _verdict(self, value: str, received: str) -> Oordeel:
        expected = [future.result() for future in self._expected]
        if not HPGN_PATTERN.fullmatch(value):
            if value.lower() in expected:
                number = expected.index(value.lower()) + 1
                return Oordeel(Outcome.FAILED, ("ECKID-HASH-04",),
                               f"the hPGN of test PGN {number} was sent in upper-case hexadecimal", received)
            return Oordeel(Outcome.FAILED, ("ECKID-HASH-04",),
                           f"the hPGN is not 64 lower-case hexadecimal characters ({len(value)} characters)", received)
        if value in expected:
            return Oordeel(Outcome.PASSED, ALL_HASH, f"the hPGN of test PGN {expected.index(value) + 1} is right",
                           received)
        for index in range(len(self.pgns)):
            for description, requirement, future in self._mistakes(index):
                if future.result() == value:
                    return Oordeel(Outcome.FAILED, (requirement,), f"test PGN {index + 1}: {description}", received)
        return Oordeel(Outcome.CANT_TELL, ALL_HASH,
                       "the hPGN is not that of any test PGN, nor a known mistake: another PGN was hashed, or the "
                       "hashing differs in a way the judge does not recognise", received)

    @property
    def oordelen(self) -> list[Oordeel]:
        with self._lock:
            return list(self._oordelen)

    def close(self) -> None:
        self._judging.shutdown(wait=False, cancel_futures=True)
        self._hashing.shutdown(wait=False, cancel_futures=True)


def hpgns_in(body: bytes) -> list[str]:
    """The hPGN values of an NV request (single, batch and replacement); none when it is no SOAP envelope."""
    try:
        message = parse_envelope(body)
    except XmlRejected:
        return []
    return [(el.text or "") for child in message.body_children for el in child.iter()
            if isinstance(el.tag, str) and etree.QName(el).namespace == NS
            and etree.QName(el).localname in _HPGN_ELEMENTS]


class RechtendeNv:
    """The reference NV, with every hPGN it receives handed to the judge (without waiting for it)."""

    def __init__(self, nv: ReferentieNv, rechter: HpgnRechter) -> None:
        self.nv = nv
        self.rechter = rechter

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for value in hpgns_in(request.body):
            self.rechter.judge(value)
        return self.nv(request)


class RunningJudge:
    """A started judging NV; the LAS under test points at `endpoint`."""

    def __init__(self, server: LoopbackServer, rechter: HpgnRechter, pki_files: dict[str, Path]) -> None:
        self.server = server
        self.rechter = rechter
        self.endpoint = f"{server.base_url}/eck/ws/201703"
        self.pki_files = pki_files

    def write_findings(self, path: Path) -> Path:
        data = {"standard": "eckid", "mode": "judge", "oordelen": [
            {"outcome": o.outcome.value, "requirements": list(o.requirements), "message": o.message,
             "received": o.received} for o in self.rechter.oordelen]}
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def stop(self) -> None:
        self.server.stop()
        self.rechter.close()


def start_judge(state_dir: Path, *, pgns: Sequence[str] = tuple(PUBLISHED_PGNS), salt_b64: str = PUBLISHED_SALT,
                on_oordeel: Callable[[Oordeel], None] | None = None, port: int = 0) -> RunningJudge:
    """Serve a judging pilot NV on 127.0.0.1 with mutual TLS; the LAS presents the test PKI's candidate certificate."""
    pki = ensure_loopback_pki(state_dir / "pki")
    known = PUBLISHED_PGNS if salt_b64 == PUBLISHED_SALT else {}
    rechter = HpgnRechter(pgns, salt_b64, known=known, on_oordeel=on_oordeel)
    app = RechtendeNv(ReferentieNv(demo_instellingen()), rechter)
    server = LoopbackServer(app, ssl_context=server_ssl_context(pki, require_client_cert=True), port=port)
    files = {"ca_bundle": pki.ca_bundle, "client_cert": pki.candidate_chain, "client_key": pki.candidate_key}
    return RunningJudge(server.start(), rechter, files)
