"""The clean reference catalogue passes every scenario test in both profiles of its ReadCatalog face; each named
defect fails exactly its requirements with the face in 2W-be-S, where the signature requirements apply too.

The reference serves a small catalogue here (500 products) for speed; the demo serves 20,000.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.harness import RunOutcome
from conformance.outcomes import Outcome, is_not_exercised
from conformance.standards import get_standard
from conformance.standards.catalogus.reference_server import start_reference
from tests.reference_verdicts import assert_clean, assert_fails_exactly, reference_run

CATALOGUS = get_standard("catalogus")
SIZE = 500


def _run(state_dir: Path, tmp: Path, defects: list[str], *, outputs: bool = True, **options) -> RunOutcome:
    return reference_run("catalogus", start_reference(state_dir, defects, size=SIZE, **options), tmp, defects,
                         outputs=outputs)


@pytest.fixture(scope="module", params=["2W-be", "2W-be-S"])
def clean_run(request: pytest.FixtureRequest, state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return _run(state_dir, tmp_path_factory.mktemp("clean"), [], profiel=request.param)


#: Record rules the reference's data never exercises (inapplicable, "not exercised"): it serves 2.3 (sampled) and
#: 2.5.2 (harvested), so the rules of the 2.1 family judge nothing, and the synthetic catalogue holds no bundles
#: (SubProducts) or follow-up products.
NOT_EXERCISED = ("CAT-PRC-01", "CAT-PRC-08", "CAT-SET-02", "CAT-SET-03")


def test_clean_reference_passes_every_test(clean_run, request):
    """In 2W-be only the signature tests are inapplicable (eight: one is parametrised, five probe the signer's
    certificate); in 2W-be-S all pass, but for the record rules the reference's data does not exercise."""
    signing = request.node.callspec.params["clean_run"] == "2W-be-S"
    run = assert_clean(clean_run, at_least=20, inapplicable=lambda test_id: not signing and "signatures" in test_id
                       or any(f"[{rule}]" in test_id for rule in NOT_EXERCISED))
    assert len([t for t in run.tests if "signatures" in t.id]) == 8
    assert all("not exercised" in t.message for t in run.tests if any(f"[{r}]" in t.id for r in NOT_EXERCISED))


def test_every_must_requirement_is_tested_or_says_why_not(clean_run):
    run = clean_run.result
    uncovered = [r.requirement.id for r in run.requirements
                 if r.requirement.level == "MUST" and not r.tests and not r.requirement.not_tested_reason]
    assert uncovered == []


def test_a_harvest_keeps_only_a_few_pages_as_evidence(clean_run):
    run = clean_run.result
    harvest_test = next(t for t in run.tests if "sru_harvest_returns" in t.id)
    assert 1 <= len(harvest_test.exchanges) <= 5


@pytest.mark.parametrize("defect", [d.name for d in CATALOGUS.defects])
def test_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    assert_fails_exactly("catalogus", defect, _run(state_dir, tmp_path, [defect], outputs=False, profiel="2W-be-S"))


@pytest.mark.parametrize("served, declared", [(1, 0), (0, 1)])
def test_a_first_entry_base_other_than_declared_fails_the_base_test(served, declared, state_dir, tmp_path):
    """The base is UNCONFIRMED, so it is a setting; a service of the other base is caught, with a hint."""
    running = start_reference(state_dir, [], size=SIZE, first_entry_base=served)
    assert running.config["first_entry_base"] == served
    run = reference_run("catalogus", running, tmp_path, declared={"first_entry_base": declared}).result
    assert run is not None
    base_test = next(t for t in run.tests if "first_entry_base" in t.id)
    assert base_test.outcome is Outcome.FAILED and "based" in base_test.message


def test_a_one_entry_catalogue_leaves_the_base_rule_not_exercised(state_dir, tmp_path):
    """With one entry no second entry shows where counting starts: CAT-RDC-03 is 'not exercised by the candidate's
    test data' (inapplicable with the reason), not cantTell."""
    outcome = reference_run("catalogus", start_reference(state_dir, [], size=1), tmp_path, outputs=False,
                            select=["first_entry_base"])
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    [test] = run.tests
    assert test.outcome is Outcome.INAPPLICABLE and is_not_exercised(test.outcome, test.message), test.message
    assert "fewer than two entries" in test.message


def test_older_version_records_are_judged_when_the_record_tests_run_alone(state_dir, tmp_path):
    """The record tests take the older versions' samples themselves, so their verdicts do not hang on the harvest
    tests running first; each finding names the face and version of its records."""
    outcome = reference_run("catalogus", start_reference(state_dir, ["no-courses-in-2-3"], size=SIZE), tmp_path,
                            outputs=False, select=["catalogus-records-"])
    run = outcome.result
    assert run is not None, f"no result (pytest exit {outcome.pytest_exit})"
    assert set(run.failed_requirements()) == {"CAT-REC-02", "CAT-XSD-01"}
    [rule] = [t for t in run.tests if "[CAT-REC-02]" in t.id]
    assert "200 finding(s) for CAT-REC-02" in rule.message  # the first page of 100 on both faces
    assert "- sru sample of version 2.3, ProductId " in rule.message
    assert {x.label for x in rule.exchanges} >= {"SRU sample eckcs2.3 startRecord 1",
                                                  "ReadCatalog 2.3 sample firstEntry 0 Amount 100"}
