"""The client tests in a run: the reference client passes them all; each client defect fails exactly its
requirements.

Only the client tests run here (--only uwlr-ea-), against the demo's reference LAS plus reference client; the whole
demo with every registered defect is proven in test_reference_verdicts.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.harness import RunOutcome
from conformance.outcomes import Outcome, Verdict
from conformance.standards import get_standard
from conformance.standards.uwlr.client_judge.defects import EA_DEFECTS
from conformance.standards.uwlr.client_judge.reference import start_reference_with_ea
from conformance.standards.uwlr.reference import demo_data
from tests.reference_verdicts import (
    assert_client_defect,
    assert_client_only,
    assert_every_client_test_passed,
    assert_never_called,
    client_run,
)

UWLR = get_standard("uwlr")
BREAKS = {d.name: d.breaks for d in EA_DEFECTS}
EA_TESTS = ["requests_valid_against_the_xsd", "autorisatie_header_with_issued_credentials", "xsdversie_as_declared",
            "gegevenssetid_of_the_declared_profile", "laatstontvangengegevens_after_first_fetch",
            "client_fault_not_repeated_unchanged", "fetches_keep_the_minimum_interval", "back_off_after_server_fault",
            "getrapt_structure_before_pupils", "results_refer_to_delivered_pupils", "results_carry_the_eckid_in_23",
            "scores_within_their_normering", "back_off_when_the_las_does_not_answer"]


def _ea_run(state: Path, tmp: Path, defects: list[str], *, silent_client: bool = False, ea_only: bool = False,
            getrapt: bool = True, outputs: bool = True) -> RunOutcome:
    return client_run("uwlr", start_reference_with_ea(state, defects, getrapt=getrapt), "ea", tmp, defects,
                      silent=silent_client, client_only=ea_only, outputs=outputs)


@pytest.fixture(scope="module")
def clean(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutcome, Path]:
    tmp = tmp_path_factory.mktemp("ea-clean")
    return _ea_run(state_dir, tmp, []), tmp / "out"


def test_reference_client_passes_every_client_test(clean):
    outcome, _ = clean
    assert_every_client_test_passed(outcome, "uwlr-ea-", EA_TESTS)


def test_an_alles_in_een_client_passes_too_and_its_getrapt_rule_is_inapplicable(state_dir, tmp_path):
    run = _ea_run(state_dir, tmp_path, [], getrapt=False).result
    assert run is not None
    outcomes = {t.id.removeprefix("uwlr-ea-"): t.outcome for t in run.tests}
    assert outcomes.pop("getrapt_structure_before_pupils") is Outcome.INAPPLICABLE
    assert set(outcomes.values()) == {Outcome.PASSED}, [(t.id, t.message[:200]) for t in run.tests]
    assert run.verdict is Verdict.CONFORMANT


def test_outputs_hide_the_issued_credentials(clean):
    _, out = clean
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".json", ".html", ".xml"))
    assert "HaalLeerlinggegevens" in text and "BrengLeerresultaten" in text  # the judged calls are in the report
    issued = demo_data()  # the demo client is issued the reference LAS's own credentials
    assert issued.autorisatiesleutel not in text and issued.klantcode not in text


def test_client_defects_are_the_standards():
    assert {d.name for d in EA_DEFECTS} <= {d.name for d in UWLR.defects}
    assert all(UWLR.catalogue[r].actor == "EA" for d in EA_DEFECTS for r in d.breaks)


@pytest.mark.parametrize("defect", sorted(BREAKS))
def test_client_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    assert_client_defect(_ea_run(state_dir, tmp_path, [defect], outputs=False), BREAKS[defect], must=True)


def test_a_client_that_never_calls_gets_cant_tell_not_a_pass(state_dir, tmp_path):
    assert_never_called(_ea_run(state_dir, tmp_path, [], silent_client=True), "did not finish within 1 s")


def test_a_client_only_candidate_needs_no_las_and_its_las_tests_are_inapplicable(state_dir, tmp_path):
    assert_client_only(_ea_run(state_dir, tmp_path, [], ea_only=True), "uwlr-ea-", len(EA_TESTS), "no LAS under test")
