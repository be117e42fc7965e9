"""Each AVAIL verdict from statistics: pass, fail with Received/Expected, cannot tell, and error when nothing ran."""

from __future__ import annotations

import pytest

from conformance.load.correctness import SampleVerdict
from conformance.load.settings import LoadSettings
from conformance.load.stats import LoadStats, OperationStats
from conformance.load.verdicts import avail_tests
from conformance.outcomes import Outcome

SETTINGS = LoadSettings(duration_s=10, users=10, throughput_min=15.0, error_rate_max=0.01)
GOOD_SAMPLES = SampleVerdict(judged=5, problems=[])


def _op(name: str, requests: int = 200, failures: int = 0, p95: float = 100, p99: float = 200,
        rps: float = 50.0) -> OperationStats:
    return OperationStats(name=name, requests=requests, failures=failures, rps=rps,
                          percentiles={"50%": 50, "90%": 90, "95%": p95, "99%": p99, "100%": p99})


def _stats(*ops: OperationStats) -> LoadStats:
    total = _op("Aggregated", sum(o.requests for o in ops), sum(o.failures for o in ops),
                rps=sum(o.rps for o in ops))
    return LoadStats(operations=list(ops), total=total, timeline=[], errors=[], duration_s=10)


def _outcomes(stats: LoadStats, settings: LoadSettings = SETTINGS, samples: SampleVerdict = GOOD_SAMPLES):
    return {t.requirements[0]: (t.outcome, t.message) for t in avail_tests(stats, settings, samples)}


def test_a_healthy_run_passes_every_avail_requirement():
    found = _outcomes(_stats(_op("uwlr HaalStructuur"), _op("uwlr HaalLeerlingen")))
    assert {k: v[0] for k, v in found.items()} == {f"AVAIL-0{i}": Outcome.PASSED for i in range(1, 5)}


def test_latency_fails_on_the_operation_over_its_level_naming_it():
    outcome, message = _outcomes(_stats(_op("fast"), _op("slow", p95=1500)))["AVAIL-01"]
    assert outcome is Outcome.FAILED
    assert "slow: p95 1500 ms" in message and "fast" not in message.split("Expected")[0]


def test_latency_cannot_tell_when_no_operation_has_enough_requests():
    outcome, message = _outcomes(_stats(_op("rare", requests=5, p95=5000)))["AVAIL-01"]
    assert outcome is Outcome.CANT_TELL and "do not decide" in message


def test_errors_over_the_ceiling_fail():
    outcome, message = _outcomes(_stats(_op("x", requests=100, failures=2)))["AVAIL-02"]
    assert outcome is Outcome.FAILED and "2 of 100 requests failed (2.00%)" in message


def test_throughput_under_the_floor_fails_unless_the_rate_asked_for_was_lower():
    assert _outcomes(_stats(_op("x", rps=5)))["AVAIL-03"][0] is Outcome.FAILED
    limited = LoadSettings(duration_s=10, users=10, rate=5.0, throughput_min=15.0)
    assert _outcomes(_stats(_op("x", rps=5)), limited)["AVAIL-03"][0] is Outcome.CANT_TELL


@pytest.mark.parametrize(("samples", "expected"), [
    (SampleVerdict(judged=4, problems=["uwlr X: data of another school"]), Outcome.FAILED),
    (SampleVerdict(judged=0, problems=[]), Outcome.CANT_TELL),
])
def test_correctness_fails_on_a_wrong_answer_and_cannot_tell_without_samples(samples, expected):
    assert _outcomes(_stats(_op("x")), samples=samples)["AVAIL-04"][0] is expected


def test_a_run_with_no_request_is_an_error_in_every_requirement():
    found = _outcomes(_stats())
    assert {v[0] for v in found.values()} == {Outcome.ERROR}
