"""The AVAIL verdicts of one load run, as tests and requirements the harness's writers already know."""

from __future__ import annotations

import datetime as dt
from typing import Any

import conformance
from conformance.harness import RunResult, TestResult, decide_verdict, fold_requirements, provenance
from conformance.load.catalogue import LOAD_STANDARD, load_catalogue_of_avail
from conformance.load.correctness import SampleVerdict
from conformance.load.settings import LoadSettings
from conformance.load.stats import LoadStats
from conformance.outcomes import Outcome

__all__ = ["MIN_REQUESTS", "avail_tests", "load_run_result"]

#: below this many requests an operation's p99 is one or two answers: its latency does not decide
MIN_REQUESTS = 20


def _test(name: str, requirement: str, title: str, outcome: Outcome, message: str, duration: float) -> TestResult:
    return TestResult(id=f"load-start-schooljaar-{name}", nodeid=f"load::{name}", standard=LOAD_STANDARD,
                      title=title, description=title, requirements=(requirement,), outcome=outcome,
                      message=message, duration_s=duration)


def _latency(stats: LoadStats, settings: LoadSettings) -> tuple[Outcome, str]:
    judged = [op for op in stats.operations if op.requests >= MIN_REQUESTS]
    if not judged:
        return Outcome.CANT_TELL, (f"no operation was answered {MIN_REQUESTS} times or more: its percentiles "
                                   "do not decide (longer --duration or more --users)")
    over = []
    for op in judged:
        level = settings.level(op.name)
        p95, p99 = op.percentiles["95%"], op.percentiles["99%"]
        if p95 > level.p95_ms or p99 > level.p99_ms:
            over.append(f"{op.name}: p95 {p95:.0f} ms, p99 {p99:.0f} ms (declared p95 {level.p95_ms:.0f} ms, "
                        f"p99 {level.p99_ms:.0f} ms)")
    if over:
        return Outcome.FAILED, "Received: " + "; ".join(over) + "\nExpected: every operation within its level"
    return Outcome.PASSED, "; ".join(f"{op.name}: p95 {op.percentiles['95%']:.0f} ms, p99 "
                                     f"{op.percentiles['99%']:.0f} ms" for op in judged)


def _errors(stats: LoadStats, settings: LoadSettings) -> tuple[Outcome, str]:
    total = stats.total
    rate = total.error_rate
    said = f"{total.failures} of {total.requests} requests failed ({rate:.2%})"
    if rate <= settings.error_rate_max:
        return Outcome.PASSED, said
    kinds = "; ".join(f"{e.kind} ×{e.occurrences} ({e.operation})" for e in stats.errors[:5])
    return Outcome.FAILED, (f"Received: {said}: {kinds}\nExpected: at most {settings.error_rate_max:.2%} of the "
                            "requests ending in an error")


def _throughput(stats: LoadStats, settings: LoadSettings) -> tuple[Outcome, str]:
    rps = stats.total.rps
    said = f"{rps:.1f} requests per second with {settings.users} users"
    if rps >= settings.throughput_min:
        return Outcome.PASSED, said
    if settings.rate is not None and settings.rate < settings.throughput_min:
        return Outcome.CANT_TELL, (f"{said}: the run asked for {settings.rate:g} per second (--rate), less than "
                                   f"the floor of {settings.throughput_min:g}, so it cannot show the floor is met")
    return Outcome.FAILED, f"Received: {said}\nExpected: at least {settings.throughput_min:g} requests per second"


def _correctness(samples: SampleVerdict) -> tuple[Outcome, str]:
    if not samples.judged:
        return Outcome.CANT_TELL, "no good answer was sampled during the load, so none could be judged"
    if samples.problems:
        shown = "; ".join(samples.problems[:5])
        return Outcome.FAILED, (f"Received: {len(samples.problems)} of {samples.judged} sampled answers wrong: "
                                f"{shown}\nExpected: every answer valid and about the school or party asked for")
    return Outcome.PASSED, (f"{samples.judged} answers sampled during the load, all valid and of the school or party "
                            "asked for")


def avail_tests(stats: LoadStats, settings: LoadSettings, samples: SampleVerdict) -> list[TestResult]:
    """One test per AVAIL requirement; a run in which nothing was answered is an error in each."""
    duration = stats.duration_s
    if stats.total.requests == 0:
        message = "no request was sent or answered during the load run"
        return [_test(n, r, t, Outcome.ERROR, message, duration) for n, r, t in _CHECKS]
    outcomes = [_latency(stats, settings), _errors(stats, settings), _throughput(stats, settings),
                _correctness(samples)]
    return [_test(n, r, t, outcome, message, duration)
            for (n, r, t), (outcome, message) in zip(_CHECKS, outcomes, strict=True)]


_CHECKS = (
    ("latency", "AVAIL-01", "Latency per operation within the declared p95 and p99"),
    ("errors", "AVAIL-02", "Error rate under load within the declared ceiling"),
    ("throughput", "AVAIL-03", "Throughput at least the declared floor"),
    ("correctness", "AVAIL-04", "Answers sampled under load valid and of the school or party asked for"),
)


def load_run_result(tests: list[TestResult], *, started: dt.datetime, candidate: dict[str, Any], mode: str,
                    defects: list[str], harness_errors: list[str]) -> RunResult:
    """The run as every writer knows it: the AVAIL catalogue folded over the tests, and the verdict."""
    requirements = fold_requirements({LOAD_STANDARD: list(load_catalogue_of_avail())}, tests)
    return RunResult(suite_version=conformance.__version__, started=started,
                     finished=dt.datetime.now(dt.timezone.utc).astimezone(), candidate=candidate,
                     standards=[LOAD_STANDARD], tests=tests, requirements=requirements,
                     verdict=decide_verdict(tests, requirements, harness_errors), mode=mode, defects=defects,
                     harness_errors=harness_errors, provenance=provenance([]))
