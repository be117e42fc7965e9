"""Benchmark: the judging NV (the suite as NV for a LAS) with N test pupils, default 1,000.

Measured, as a user of `conformance run` with an `[eckid.las]` table would feel it:
1. setup: the expected hPGN of every test pupil (one scrypt N=131072, r=8, p=4 each, in worker threads), while
   the judging NV answers pings: their worst latency shows the hashing blocks no call;
2. setup again with the disk cache filled (a second run of the same pupils and salt);
3. judging a LAS's batch submission of all N hPGNs over mutual TLS: the NV's answer time, and the analysis time
   once the expected values exist.
Issue 4 target: other calls are answered while hashing (ping under 1 s), and a batch of 1,000 is judged in seconds.
With --steekproef N only N pupils' expected hPGNs are computed (as `[eckid.las] steekproef` does): the first setup
for 1,000 pupils drops from about 20-40 min on 2 cores to minutes. Measured 2026-11-29 on 2 cores, 1,000 pupils,
--steekproef 100: setup 126 s (pings answered within 116 ms meanwhile), cached setup 0.0 s, a batch of 1,000
hPGNs answered in 62 ms and judged in 2 ms.
Run: python bench/eckid_judge.py [--pupils 1000] [--steekproef N] [--batch N] [--workers N]
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import random
import secrets
import tempfile
import time
from pathlib import Path

from conformance.pki import ensure_loopback_pki
from conformance.standards.eckid.client import NvClient
from conformance.standards.eckid.client_judge.judge import JudgeSettings, RunningJudge, start_judge
from conformance.standards.eckid.client_judge.judge_cache import default_workers
from conformance.transport import HttpClient, TlsSettings

SCHOOL = "0000000700099XA00000"
TARGET_PING_S = 1.0


def _pupils(count: int) -> list[str]:
    rng = random.Random(4)
    return [f"{n:09d}" for n in rng.sample(range(10**8, 10**9), count)]  # synthetic 9-digit PGNs


def _client(state: Path, running: RunningJudge) -> tuple[HttpClient, NvClient]:
    pki = ensure_loopback_pki(state / "pki")
    http = HttpClient(tls=TlsSettings(ca_bundle=pki.ca_bundle, client_cert=running.pki_files["client_cert"],
                                      client_key=running.pki_files["client_key"]), timeout=120)
    return http, NvClient(http, running.endpoint, SCHOOL)


def _setup(state: Path, settings: JudgeSettings, workers: int, label: str) -> float:
    """Start the judging NV and wait for every expected hPGN, pinging it meanwhile; returns the setup time."""
    t0 = time.perf_counter()
    running = start_judge(state, settings, workers=workers)
    pings: list[float] = []
    http, nv = _client(state, running)
    try:
        while not running.hash_judge.done(0.5):
            p0 = time.perf_counter()
            nv.send("ping").value("available", "bench")
            pings.append(time.perf_counter() - p0)
        elapsed = time.perf_counter() - t0
    finally:
        http.close()
        running.stop()
    worst = max(pings, default=0.0)
    n = len(settings.pgns) if not settings.steekproef else min(settings.steekproef, len(settings.pgns))
    verdict = "OK" if worst < TARGET_PING_S else "SLOW"
    print(f"{label}: {n} expected hPGNs in {elapsed:7.1f} s ({elapsed / n * 1000:7.1f} ms per pupil, "
          f"{workers} workers); {len(pings)} pings meanwhile, worst {worst * 1000:.0f} ms "
          f"(target < {TARGET_PING_S:g} s: {verdict})")
    return elapsed


def _precomputed(settings: JudgeSettings, count: int) -> JudgeSettings:
    """Settings for `count` pupils whose expected hPGNs are given precomputed (as `[eckid.las] hpgns` allows)."""
    rng = random.Random(7)
    extra = [f"{n:09d}" for n in rng.sample(range(10**8, 10**9), count)]
    values = [rng.randbytes(32).hex() for _ in extra]
    return dataclasses.replace(settings, pgns=tuple(extra), hpgns=tuple(values))


def _judge_batch(state: Path, settings: JudgeSettings, workers: int) -> None:
    running = start_judge(state, settings, workers=workers)
    http, nv = _client(state, running)
    try:
        running.hash_judge.done()
        # the LAS sends every pupil's hPGN; with a steekproef the judge knows only the sampled ones
        expected = list(running.hash_judge.expected())
        expected += [secrets.token_hex(32) for _ in range(len(settings.pgns) - len(expected))]
        t0 = time.perf_counter()
        answer = nv.send("submitStampseudonymBatch", hpgns=list(enumerate(expected, start=1)))
        answer.value("batchIdentifier", "bench")
        t1 = time.perf_counter()
        analyse = running.hash_judge.analyse(running.app.hpgns())
        t2 = time.perf_counter()
        right = len(analyse.found) == analyse.pupils and not analyse.missing
        print(f"batch of {len(expected)} hPGNs: NV answered in {(t1 - t0) * 1000:7.1f} ms, judged in "
              f"{(t2 - t1) * 1000:7.1f} ms; every pupil right: {'yes' if right else 'NO'}")
    finally:
        http.close()
        running.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pupils", type=int, default=1000, help="test pupils hashed at setup")
    parser.add_argument("--batch", type=int, default=None,
                        help="pupils in the judged batch (default --pupils); beyond --pupils their expected hPGNs "
                             "are given precomputed, as [eckid.las] hpgns allows")
    parser.add_argument("--steekproef", type=int, default=0, help="judge this many pupils' hPGNs (0: all)")
    parser.add_argument("--workers", type=int, default=default_workers(), help="hashing threads (default: cores)")
    args = parser.parse_args()
    state = Path(tempfile.mkdtemp(prefix="eckid-judge-bench-"))
    salt = base64.b64encode(secrets.token_bytes(16)).decode("ascii")  # a fresh salt: nothing is cached yet
    settings = JudgeSettings(pgns=tuple(_pupils(args.pupils)), salt=salt, scholen=(SCHOOL,), wachttijd=1,
                             steekproef=args.steekproef)
    print(f"eckid judge: {args.pupils} synthetic test pupils, scrypt N=131072 r=8 p=4, {args.workers} workers, "
          f"state {state}")
    first = _setup(state, settings, args.workers, "setup, empty cache")
    if args.pupils < 1000 and not args.steekproef:
        print(f"  so 1,000 pupils would take about {first / args.pupils * 1000 / 60:.0f} min on this machine")
    _setup(state, settings, args.workers, "setup, cache filled")
    batch = args.batch or args.pupils
    _judge_batch(state, settings if batch == args.pupils else _precomputed(settings, batch), args.workers)


if __name__ == "__main__":
    main()
