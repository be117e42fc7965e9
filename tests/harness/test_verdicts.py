from __future__ import annotations

import pytest

from conformance.config import Attestation
from conformance.errors import Failure, TransportError
from conformance.harness import (
    CantTell, Inapplicable, RequirementResult, TestResult, classify, decide_verdict, fold_requirements,
)
from conformance.outcomes import Outcome, Verdict, overall_outcome
from conformance.requirements import Requirement


def _excinfo(exc: BaseException) -> pytest.ExceptionInfo[BaseException]:
    try:
        raise exc
    except BaseException:  # noqa: BLE001 - building an ExceptionInfo
        return pytest.ExceptionInfo.from_current()


@pytest.mark.parametrize(
    ("exc", "outcome"),
    [
        (Failure("x"), Outcome.FAILED),
        (AssertionError("x"), Outcome.FAILED),
        (Inapplicable("not declared"), Outcome.INAPPLICABLE),
        (CantTell("no data"), Outcome.CANT_TELL),
        (pytest.skip.Exception("plain skip"), Outcome.UNTESTED),
        (TransportError("refused"), Outcome.ERROR),
        (KeyError("bug"), Outcome.ERROR),
    ],
)
def test_classify_maps_each_ending_to_an_earl_outcome(exc, outcome):
    assert classify(_excinfo(exc), "call")[0] is outcome


def test_a_harness_error_is_never_a_pass():
    outcome, message = classify(_excinfo(ZeroDivisionError("oops")), "call")
    assert outcome is Outcome.ERROR and "harness error" in message


def test_overall_outcome_worst_wins():
    assert overall_outcome([Outcome.PASSED, Outcome.FAILED, Outcome.INAPPLICABLE]) is Outcome.FAILED
    assert overall_outcome([Outcome.PASSED, Outcome.INAPPLICABLE]) is Outcome.PASSED
    assert overall_outcome([]) is Outcome.UNTESTED


def _req(req_id: str, level: str = "MUST") -> Requirement:
    return Requirement(id=req_id, level=level, text="t", source="s", actor="LAS")


def _test(req_id: str, outcome: Outcome) -> TestResult:
    return TestResult(id=f"t-{req_id}", nodeid=req_id, standard="x", title="", description="",
                      requirements=(req_id,), outcome=outcome)


def test_verdict_not_conformant_only_on_a_failed_must():
    reqs = [_req("A"), _req("B", "SHOULD")]
    tests = [_test("A", Outcome.PASSED), _test("B", Outcome.FAILED)]
    folded = fold_requirements({"x": reqs}, tests)
    assert decide_verdict(tests, folded, []) is Verdict.CONFORMANT
    tests[0].outcome = Outcome.FAILED
    folded = fold_requirements({"x": reqs}, tests)
    assert decide_verdict(tests, folded, []) is Verdict.NOT_CONFORMANT


def test_verdict_incomplete_on_error_or_harness_error():
    reqs = [_req("A")]
    tests = [_test("A", Outcome.ERROR)]
    assert decide_verdict(tests, fold_requirements({"x": reqs}, tests), []) is Verdict.INCOMPLETE
    ok = [_test("A", Outcome.PASSED)]
    assert decide_verdict(ok, fold_requirements({"x": reqs}, ok), ["boom"]) is Verdict.INCOMPLETE
    assert decide_verdict([], [], []) is Verdict.INCOMPLETE


def test_untested_requirement_keeps_its_reason():
    req = Requirement(id="A", level="MUST", text="t", source="s", actor="LAS", not_tested_reason="needs a human")
    (folded,) = fold_requirements({"x": [req]}, [])
    assert isinstance(folded, RequirementResult)
    assert folded.outcome is Outcome.UNTESTED and folded.reason == "needs a human"


def _attested(req_id: str = "ATT") -> Requirement:
    return Requirement(id=req_id, level="MUST", text="t", source="s", actor="LAS", not_tested_reason="attested: legal")


@pytest.mark.parametrize(("answer", "outcome", "verdict"), [
    ("yes", Outcome.PASSED, Verdict.CONFORMANT),
    ("no", Outcome.FAILED, Verdict.NOT_CONFORMANT),
])
def test_attestations_are_taken_as_stated_and_kept_apart(answer, outcome, verdict):
    tests = [_test("A", Outcome.PASSED)]
    statement = Attestation(answer=answer, reference="contract 7", person="J. Jansen")
    folded = fold_requirements({"x": [_req("A"), _attested()]}, tests, {"ATT": statement})
    attested = folded[1]
    assert attested.outcome is outcome and attested.mode == "attested" and attested.tests == []
    assert "J. Jansen" in attested.reason and folded[0].mode == "automatic"
    assert decide_verdict(tests, folded, []) is verdict


def test_official_run_is_incomplete_without_attestation_or_with_untested_tests():
    tests = [_test("A", Outcome.PASSED)]
    folded = fold_requirements({"x": [_req("A"), _attested()]}, tests, {})
    assert decide_verdict(tests, folded, []) is Verdict.CONFORMANT
    assert decide_verdict(tests, folded, [], official=True) is Verdict.INCOMPLETE
    untested = [_test("A", Outcome.UNTESTED)]
    folded = fold_requirements({"x": [_req("A")]}, untested)
    assert decide_verdict(untested, folded, [], official=True) is Verdict.INCOMPLETE


def test_expected_failures_stay_out_of_the_fold():
    test = _test("A", Outcome.FAILED)
    test.expected_failure = True
    (folded,) = fold_requirements({"x": [_req("A")]}, [test])
    assert folded.outcome is Outcome.UNTESTED


def test_exit_codes_are_documented_values():
    assert [v.exit_code for v in Verdict] == [0, 1, 3]
