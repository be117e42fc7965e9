"""The LAS tests in a run: the reference LAS passes them all; each LAS defect fails exactly its requirements.

Only the LAS tests run here (--only eckid-las), against the demo's reference NV plus reference LAS; the whole demo
with every registered defect is proven in test_reference_verdicts.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.harness import RunOutcome
from conformance.outcomes import Outcome
from conformance.standards import get_standard
from conformance.standards.eckid.client_judge.judge import PUBLISHED_PGNS
from conformance.standards.eckid.client_judge.defects import LAS_DEFECTS, SHOULD_DEFECTS
from conformance.standards.eckid.client_judge.reference import start_reference_with_las
from tests.reference_verdicts import (
    assert_client_defect,
    assert_client_only,
    assert_every_client_test_passed,
    assert_never_called,
    client_run,
)

ECKID = get_standard("eckid")
BREAKS = {d.name: d.breaks for d in LAS_DEFECTS + SHOULD_DEFECTS}


def _las_run(state: Path, tmp: Path, defects: list[str], *, silent_las: bool = False,
             las_only: bool = False, outputs: bool = True) -> RunOutcome:
    return client_run("eckid", start_reference_with_las(state, defects), "las", tmp, defects, silent=silent_las,
                      client_only=las_only, outputs=outputs)


@pytest.fixture(scope="module")
def clean(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutcome, Path]:
    tmp = tmp_path_factory.mktemp("las-clean")
    return _las_run(state_dir, tmp, []), tmp / "out"


def test_reference_las_passes_every_las_test(clean):
    outcome, _ = clean
    assert_every_client_test_passed(outcome, "eckid-las-", [
        "hpgn_uses_the_current_scrypt_parameters", "pgn_lower_cased_and_nothing_else",
        "salt_is_the_decoded_environment_salt", "hpgn_sent_as_lower_case_hex", "leading_zeros_kept",
        "from_names_the_school", "client_certificate_of_school_or_declared_vendor", "batch_result_fetched_once",
        "unfinished_batch_polled_with_back_off", "no_pgn_in_any_call"])


def test_outputs_hold_no_pgn_hpgn_or_salt(clean):
    _, out = clean
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".json", ".html", ".xml"))
    text = text.replace("published vector 063138219", "")  # the catalogue's own source note, not a pupil's data
    assert "retrieveBatch" in text  # the judged calls are in the report
    leaked = [value[:8] for pgn, value in PUBLISHED_PGNS.items() for value in (pgn, value) if value in text]
    assert leaked == []
    assert "rktYml0MIp9TC9u6Ny6uqw==" not in text
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["verdict"] == "conformant"


def test_las_defects_are_the_standards_except_should_ones():
    names = {d.name for d in ECKID.defects}
    assert {d.name for d in LAS_DEFECTS} <= names
    assert not {d.name for d in SHOULD_DEFECTS} & names
    for defect in SHOULD_DEFECTS:
        assert all(ECKID.catalogue[r].level != "MUST" for r in defect.breaks)


@pytest.mark.parametrize("defect", sorted(BREAKS))
def test_las_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    must = any(ECKID.catalogue[r].level == "MUST" for r in BREAKS[defect])
    assert_client_defect(_las_run(state_dir, tmp_path, [defect], outputs=False), BREAKS[defect], must=must)


def test_a_las_that_never_calls_gets_cant_tell_not_a_pass(state_dir, tmp_path):
    assert_never_called(_las_run(state_dir, tmp_path, [], silent_las=True), "made no calls", "no hPGN arrived",
                        "no batch")


def test_a_las_only_candidate_needs_no_nv_and_its_nv_tests_are_inapplicable(state_dir, tmp_path):
    assert_client_only(_las_run(state_dir, tmp_path, [], las_only=True), "eckid-las-", 10, "no NV under test")


def test_a_pgn_sent_to_the_nv_is_named_by_number_and_kept_out_of_the_report(state_dir, tmp_path):
    run = _las_run(state_dir, tmp_path, ["las-pgn-in-header"]).result
    assert run is not None
    failed = next(t for t in run.tests if t.outcome is Outcome.FAILED)
    assert failed.requirements == ("ECKID-LAS-05",) or list(failed.requirements) == ["ECKID-LAS-05"]
    assert "submitStampseudonymBatch carries test PGN 1" in failed.message
    out = tmp_path / "out"
    text = "\n".join(p.read_text(encoding="utf-8") for p in out.iterdir() if p.suffix in (".json", ".html", ".xml"))
    text = text.replace("published vector 063138219", "")  # the catalogue's own source note, not a pupil's data
    assert "063138219" not in text and "urn:conformance:referentie-las" in text  # the header shows, its value not
