"""The clean reference NV passes every scenario test, in 2W-be (the demo) and 2W-be-S; each named defect fails
exactly its requirements (the signing defects with the reference in 2W-be-S, where they show)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.harness import RunOutcome
from conformance.outcomes import Outcome
from conformance.standards import SELF_SIGNED_ANSWERS, SIGNER_PROBES, get_standard
from conformance.standards.eckid.reference_server import DEMO_HPGNS, start_reference
from tests.reference_verdicts import assert_clean, assert_fails_exactly, demo_run, reference_run

ECKID = get_standard("eckid")

#: Defects that only show when the NV signs (2W-be-S); the demo speaks the NV's published 2W-be.
SIGNING_DEFECTS = ("unsigned-answers", "does-not-verify-signatures", SELF_SIGNED_ANSWERS,
                   *(name for name, _ in SIGNER_PROBES.values()))
SIGNATURE_TESTS = ("eckid-ondertekening-answers_are_signed_by_the_nv",
                   "eckid-ondertekening-badly_signed_request_gets_a_fault[niet-ondertekend]",
                   "eckid-ondertekening-badly_signed_request_gets_a_fault[gewijzigd]",
                   "eckid-ondertekening-self_signed_certificate_gets_a_fault",
                   "eckid-ondertekening-certificate_of_an_untrusted_root_gets_a_fault",
                   "eckid-ondertekening-expired_certificate_gets_a_fault",
                   "eckid-ondertekening-weak_key_gets_a_fault",
                   "eckid-ondertekening-another_partys_certificate_gets_a_fault")


def _signed_run(state_dir: Path, tmp: Path, defects: list[str]) -> RunOutcome:
    """The NV's scenario tests against the reference NV in 2W-be-S (without the LAS, whose tests are then
    inapplicable)."""
    return reference_run("eckid", start_reference(state_dir, defects, profiel="2W-be-S"), tmp, defects,
                         outputs=False)


@pytest.fixture(scope="module")
def clean_run(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutcome, Path]:
    tmp = tmp_path_factory.mktemp("clean")
    return demo_run("eckid", tmp), tmp / "out"


def test_clean_reference_passes_every_test(clean_run):
    assert_clean(clean_run[0], at_least=30, inapplicable=SIGNATURE_TESTS.__contains__)


def test_signature_tests_are_inapplicable_in_2w_be(clean_run):
    verdicts = {t.id: t.outcome for t in clean_run[0].result.tests}
    assert {verdicts[test_id] for test_id in SIGNATURE_TESTS} == {Outcome.INAPPLICABLE}


@pytest.fixture(scope="module")
def signed_run(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return _signed_run(state_dir, tmp_path_factory.mktemp("signed"), [])


def test_clean_reference_passes_every_test_in_2w_be_s(signed_run):
    """Without the LAS in this run, only its tests are inapplicable."""
    run = assert_clean(signed_run, at_least=30, inapplicable=lambda test_id: test_id.split("-")[1] == "las")
    assert set(SIGNATURE_TESTS) <= {t.id for t in run.tests}


def test_every_nv_requirement_is_tested_or_says_why_not(clean_run):
    run = clean_run[0].result
    uncovered = [r.requirement.id for r in run.requirements
                 if r.requirement.id.startswith("ECKID-NV-") and not r.tests and not r.requirement.not_tested_reason]
    assert uncovered == []


def test_outputs_hold_no_hpgns_or_full_pseudonyms(clean_run):
    """hPGNs are hidden and issued stampseudoniemen/ECK iDs keep only their last 6 characters in every output."""
    _outcome, out = clean_run
    text = "\n".join(path.read_text(encoding="utf-8") for path in out.iterdir()
                     if path.is_file() and path.suffix in (".json", ".html", ".xml", ".txt", ".jsonld"))
    assert text
    assert [h[:8] for h in DEMO_HPGNS if h in text] == []
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "conformant"
    for prefix in ("https://ketenid.nl/pilot/", "https://ketenid.nl/sppilot/"):
        start = text.find(prefix)
        while start != -1:
            tail = text[start + len(prefix):start + len(prefix) + 20]
            assert not all(c in "0123456789abcdef" for c in tail), f"a full value after {prefix} leaked"
            start = text.find(prefix, start + 1)


@pytest.mark.parametrize("defect", [d.name for d in ECKID.defects])
def test_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    signed = defect in SIGNING_DEFECTS
    outcome = _signed_run(state_dir, tmp_path, [defect]) if signed else demo_run("eckid", tmp_path, [defect], outputs=False)
    assert_fails_exactly("eckid", defect, outcome)
