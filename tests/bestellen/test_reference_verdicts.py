"""The clean reference ordering service passes every scenario test; each named defect fails exactly its requirements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.harness import RunOutcome
from conformance.outcomes import Outcome, is_not_exercised
from conformance.pki import ensure_loopback_pki
from conformance.standards import get_standard
from conformance.standards.bestellen.reference_server import start_reference
from tests.reference_verdicts import assert_clean, assert_fails_exactly, demo_run, reference_run

BESTELLEN = get_standard("bestellen")


def _demo_run(tmp: Path, defects: list[str], *, outputs: bool = True) -> RunOutcome:
    """The bestellen tests against its reference, with the reference catalogue beside it (as in the full demo), so
    the orders take their products from the catalogue."""
    return demo_run("bestellen", tmp, defects, beside=["catalogus"], outputs=outputs)


@pytest.fixture(scope="module")
def clean_run(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutcome, Path]:
    tmp = tmp_path_factory.mktemp("clean")
    return _demo_run(tmp, []), tmp / "out"


def test_clean_reference_passes_every_test(clean_run):
    assert_clean(clean_run[0], at_least=20)


def test_every_requirement_is_tested_or_says_why_not(clean_run):
    run = clean_run[0].result
    uncovered = [r.requirement.id for r in run.requirements if r.requirement.id.startswith("BEST-")
                 and not r.tests and not r.requirement.not_tested_reason]
    assert uncovered == []


def test_every_requirement_is_broken_by_some_defect():
    """A conformance test that cannot fail is a defect: each requirement has a named defect that fails it."""
    broken = {rid for defect in BESTELLEN.defects for rid in defect.breaks}
    catalogue = {r.id for r in BESTELLEN.catalogue}
    assert broken <= catalogue
    assert broken == catalogue


def test_outputs_keep_only_the_tail_of_eckids(clean_run):
    """ECK iDs keep only their last 6 characters in every output."""
    _, out = clean_run
    text = "\n".join(path.read_text(encoding="utf-8") for path in out.iterdir()
                     if path.is_file() and path.suffix in (".json", ".html", ".xml", ".txt", ".jsonld"))
    assert text
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["verdict"] == "conformant"
    prefix = "https://ketenid.nl/pilot/"
    start = text.find(prefix)
    while start != -1:
        tail = text[start + len(prefix):start + len(prefix) + 20]
        assert not all(c in "0123456789abcdef" for c in tail), f"a full ECK iD leaked: {tail}"
        start = text.find(prefix, start + 1)


@pytest.mark.parametrize("defect", [d.name for d in BESTELLEN.defects])
def test_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    assert_fails_exactly("bestellen", defect, _demo_run(tmp_path, [defect], outputs=False))


def test_profile_2w_be_makes_the_signature_tests_inapplicable(state_dir, tmp_path):
    """A 2W-be supplier answers unsigned and is not asked to check signatures: BEST-SIG-* are inapplicable; without
    [catalogus] no product is known to be listed as not orderable, so BEST-ORD-10 is inapplicable too."""
    ensure_loopback_pki(state_dir / "pki")
    (tmp_path / "pki").symlink_to(state_dir / "pki", target_is_directory=True)
    outcome = reference_run("bestellen", start_reference(tmp_path, profiel="2W-be"), tmp_path, outputs=False,
                            select=["ondertekening", "berichten", "cannot_be_ordered"])
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    verdicts = {t.id: t.outcome for t in run.tests}
    assert verdicts.pop("bestellen-berichten-answers_carry_addressing_headers") is Outcome.PASSED
    assert verdicts.pop("bestellen-berichten-answers_follow_the_message_schema") is Outcome.PASSED
    assert set(verdicts.values()) == {Outcome.INAPPLICABLE} and len(verdicts) >= 2


def test_one_school_leaves_the_cross_school_rule_not_exercised(state_dir, tmp_path):
    """A supplier's test data naming one school cannot show that licences stay with their school: BEST-AUTH-03 is
    inapplicable as 'not exercised by the candidate's test data', never a pass or cantTell."""
    ensure_loopback_pki(state_dir / "pki")
    (tmp_path / "pki").symlink_to(state_dir / "pki", target_is_directory=True)
    reference = start_reference(tmp_path, profiel="2W-be")
    testdata = dict(reference.config["testdata"], scholen=reference.config["testdata"]["scholen"][:1])
    outcome = reference_run("bestellen", reference, tmp_path, outputs=False, select=["licences_of_one_school"],
                            declared={"testdata": testdata})
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    [test] = run.tests
    assert test.outcome is Outcome.INAPPLICABLE and is_not_exercised(test.outcome, test.message)
    assert "only one school" in test.message


def test_a_catalogue_with_nothing_unorderable_leaves_that_rule_not_exercised(state_dir, tmp_path):
    """BEST-ORD-10 orders a product the supplier's own catalogue lists as not orderable; a first page without one
    leaves the rule 'not exercised by the candidate's test data'."""
    from conformance.harness import demo_config, run_suite
    from conformance.standards.catalogus.reference_server import start_reference as start_catalogue

    ensure_loopback_pki(state_dir / "pki")
    bestellen, catalogue = start_reference(state_dir, profiel="2W-be"), start_catalogue(state_dir, [], size=3)
    try:
        config = demo_config({"bestellen": bestellen, "catalogus": catalogue}, tmp_path / "candidate.toml")
        outcome = run_suite(config, output_dir=None, standards=["bestellen"], quiet=True, select=["cannot_be_ordered"])
    finally:
        bestellen.stop()
        catalogue.stop()
    assert outcome.result is not None, f"no result (pytest exit {outcome.pytest_exit})"
    [test] = outcome.result.tests
    assert test.outcome is Outcome.INAPPLICABLE and is_not_exercised(test.outcome, test.message), test.message
    assert "none listed as not orderable" in test.message
