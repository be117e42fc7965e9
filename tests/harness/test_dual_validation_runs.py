"""Schema verdicts in a run: official runs and `--dual-validation` ask xmlschema beside libxml2; where the two
disagree the schema test ends cantTell with both messages, where they agree its verdict stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.harness import demo_config, reference_endpoints, run_demo, run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.xml import SchemaError, _schema

#: per standard, the --only text that picks its schema tests (UWLR-XSD-01..04, BEST-MSG-02, CAT-XSD-01)
SCHEMA_TESTS = {
    "uwlr": "valideert",
    "bestellen": "answers_follow_the_message_schema",
    "catalogus": "rule[CAT-XSD-01]",
}
_DOUBLE = "the validator double finds every document invalid"


def _disagreeing(schema, element, limit):  # type: ignore[no-untyped-def]
    """Stands in for xmlschema: it rejects what libxml2 accepts, as a validator bug would."""
    return [SchemaError(1, _DOUBLE)]


def _schema_run(standard: str, tmp: Path, *, dual: bool, defects: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    outcome = run_demo([standard], output_dir=None, config_path=tmp / "candidate.toml", quiet=True,
                       select=[SCHEMA_TESTS[standard]], defects=list(defects), dual_validation=dual)
    assert outcome.result is not None and outcome.result.tests, f"no result (pytest exit {outcome.pytest_exit})"
    return outcome, outcome.result


@pytest.mark.parametrize("standard", sorted(SCHEMA_TESTS))
def test_a_disagreement_ends_each_schema_test_cant_tell_with_both_messages(standard, tmp_path, state_dir,
                                                                           monkeypatch):
    monkeypatch.setattr(_schema, "xmlschema_errors", _disagreeing)
    outcome, run = _schema_run(standard, tmp_path, dual=True)
    assert {t.id: t.outcome for t in run.tests} == {t.id: Outcome.CANT_TELL for t in run.tests}
    for test in run.tests:
        assert "libxml2 (lxml) finds it valid" in test.message and _DOUBLE in test.message
    assert run.verdict is Verdict.INCOMPLETE and outcome.exit_code == 3
    assert "xmlschema" in run.provenance["schema_validators"]


@pytest.mark.parametrize("standard", sorted(SCHEMA_TESTS))
def test_agreement_keeps_the_pass(standard, tmp_path, state_dir):
    _, run = _schema_run(standard, tmp_path, dual=True)
    assert [(t.id, t.message[:300]) for t in run.tests if t.outcome is not Outcome.PASSED] == []
    assert run.verdict is Verdict.CONFORMANT


@pytest.mark.parametrize(("standard", "defect"), [("uwlr", "geboortedatum-als-datetime"),
                                                  ("uwlr", "bungelende-groepsverwijzing"),
                                                  ("bestellen", "answer-off-schema")])
def test_agreement_keeps_the_failure(standard, defect, tmp_path, state_dir):
    """Both validators reject these answers (a wrong type; a keyref, which xmlschema enforces as libxml2 does)."""
    _, run = _schema_run(standard, tmp_path, dual=True, defects=(defect,))
    assert not [t.id for t in run.tests if t.outcome in (Outcome.CANT_TELL, Outcome.ERROR)]
    assert [t for t in run.tests if t.outcome is Outcome.FAILED]
    assert run.verdict is Verdict.NOT_CONFORMANT


def test_a_self_test_run_judges_by_libxml2_alone_unless_asked(tmp_path, state_dir, monkeypatch):
    monkeypatch.setattr(_schema, "xmlschema_errors", _disagreeing)
    _, run = _schema_run("uwlr", tmp_path, dual=False)
    assert {t.outcome for t in run.tests} == {Outcome.PASSED}
    assert set(run.provenance["schema_validators"]) == {"lxml", "libxml2"}


def test_an_official_run_always_asks_both(tmp_path, state_dir, monkeypatch):
    monkeypatch.setattr(_schema, "xmlschema_errors", _disagreeing)
    with reference_endpoints(["bestellen"], []) as running:
        config = demo_config(running, tmp_path / "candidate.toml")
        outcome = run_suite(config, output_dir=tmp_path / "out", standards=["bestellen"], mode="official",
                            quiet=True)
    run = outcome.result
    assert run is not None and run.provenance["schema_validators"]["xmlschema"]
    judged = {t.id: t.outcome for t in run.tests if t.id.startswith("bestellen-berichten-answers_follow")}
    assert set(judged.values()) == {Outcome.CANT_TELL}
    assert "Schema validators" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
