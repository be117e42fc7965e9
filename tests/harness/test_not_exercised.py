"""A rule about elements the candidate may leave out ends inapplicable, with a reason saying the candidate's test
data did not exercise it: never passed, never cantTell, and recognisable wherever the outcome is shown."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from conformance.harness import classify, not_exercised
from conformance.outcomes import NOT_EXERCISED, Outcome, is_not_exercised
from conformance.report import not_passed
from conformance.standards.eckid.client_judge.verdicts import assess


def test_not_exercised_ends_inapplicable_with_the_reason():
    with pytest.raises(BaseException) as info:
        not_exercised("the answer holds no teacher roles")
    outcome, message = classify(info, "call")
    assert outcome is Outcome.INAPPLICABLE
    assert message == f"{NOT_EXERCISED}: the answer holds no teacher roles"
    assert is_not_exercised(outcome, message)
    assert not is_not_exercised(Outcome.INAPPLICABLE, "the candidate does not declare HaalStructuur")
    assert not is_not_exercised(Outcome.CANT_TELL, message)


def test_the_console_rows_keep_the_reason_and_put_what_fails_first():
    reason = f"{NOT_EXERCISED}: the answer holds no teacher roles"
    data = {"tests": [{"id": "v", "outcome": "failed", "message": "jaargroep '9'\n- line 2", "requirements": []}],
            "requirements": [
                {"id": "UWLR-VAL-03", "level": "MUST", "outcome": "inapplicable", "reason": reason, "tests": ["t"]},
                {"id": "UWLR-VAL-02", "level": "MUST", "outcome": "failed", "reason": "", "tests": ["v"]},
                {"id": "UWLR-VAL-01", "level": "MUST", "outcome": "passed", "reason": "", "tests": ["w"]},
            ]}
    assert [(r.subject, r.outcome, r.reason) for r in not_passed(data)] == [
        ("UWLR-VAL-02", "failed", "jaargroep '9' - line 2"), ("UWLR-VAL-03", "inapplicable", reason)]


def test_a_las_judged_without_a_zero_led_pgn_leaves_the_leading_zero_rule_not_exercised():
    """ECKID-HASH-05: no test PGN starts with 0, so dropping leading zeros cannot show in what arrived."""
    judge = SimpleNamespace(hash_analysis=lambda: SimpleNamespace(received=1), app=SimpleNamespace(calls=[]),
                            settings=SimpleNamespace(pgns=["123456782"]))
    outcome, message, evidence = assess(judge, "ECKID-HASH-05")  # type: ignore[arg-type]
    assert outcome is Outcome.INAPPLICABLE and is_not_exercised(outcome, message) and evidence == []
    assert "starts with a zero" in message
