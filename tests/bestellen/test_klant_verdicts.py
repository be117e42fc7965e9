"""The ordering-client tests in a run: the reference ordering client passes them all; each of its defects fails
exactly its requirement; a client that never calls is not passed; a client-only candidate needs no supplier.

Only the client tests run here (--only bestellen-klant-), against the demo's reference supplier plus reference
client; the whole demo with every registered defect is proven in test_reference_verdicts.py.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.harness import RunOutcome
from conformance.outcomes import Verdict
from conformance.pki import ensure_loopback_pki
from conformance.standards import get_standard
from conformance.standards.bestellen.client_judge.defects import KLANT_DEFECTS
from conformance.standards.bestellen.client_judge.reference import KlantProfile, ReferenceKlant, start_reference_with_klant
from conformance.standards.bestellen.client_judge.settings import CANDIDATE_OIN, read_table
from tests.reference_verdicts import (
    assert_client_defect,
    assert_client_only,
    assert_every_client_test_passed,
    assert_never_called,
    client_run,
)
from tests.serve_judge import announced, findings, serve_judge, stop_serve

BESTELLEN = get_standard("bestellen")
BREAKS = {d.name: d.breaks for d in KLANT_DEFECTS}
KLANT_TESTS = ["different_requests_have_different_references", "retry_after_a_lost_answer_keeps_the_reference",
               "no_order_for_a_product_the_catalogue_marks_not_orderable", "refused_line_is_not_sent_again_unchanged",
               "cancellation_only_before_activation"]


def _klant_run(state: Path, tmp: Path, defects: list[str], *, silent_client: bool = False,
               klant_only: bool = False, outputs: bool = True) -> RunOutcome:
    return client_run("bestellen", start_reference_with_klant(state, defects, profiel="2W-be"), "klant", tmp, defects,
                      silent=silent_client, client_only=klant_only, outputs=outputs)


@pytest.fixture(scope="module")
def clean(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return _klant_run(state_dir, tmp_path_factory.mktemp("klant-clean"), [])


def test_reference_client_passes_every_client_test(clean):
    run = assert_every_client_test_passed(clean, "bestellen-klant-", KLANT_TESTS)
    retry = next(t for t in run.tests if t.id.endswith("retry_after_a_lost_answer_keeps_the_reference"))
    assert any("answer dropped on purpose" in x.label for x in retry.exchanges), "the dropped call is evidence"
    assert run.verdict is Verdict.CONFORMANT


def test_client_defects_are_the_standards():
    assert {d.name for d in KLANT_DEFECTS} <= {d.name for d in BESTELLEN.defects}
    assert all(BESTELLEN.catalogue[r].actor == "klant" for d in KLANT_DEFECTS for r in d.breaks)
    klant_rows = {r.id for r in BESTELLEN.catalogue.requirements if r.actor == "klant"}
    assert klant_rows == {r for d in KLANT_DEFECTS for r in d.breaks}, "every client requirement has its defect"


@pytest.mark.parametrize("defect", sorted(BREAKS))
def test_client_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    assert_client_defect(_klant_run(state_dir, tmp_path, [defect], outputs=False), BREAKS[defect], must=True)


def test_a_client_that_never_calls_gets_cant_tell_not_a_pass(state_dir, tmp_path):
    assert_never_called(_klant_run(state_dir, tmp_path, [], silent_client=True), "did not finish within 1 s")


def test_a_client_only_candidate_needs_no_supplier_and_its_supplier_tests_are_inapplicable(state_dir, tmp_path):
    assert_client_only(_klant_run(state_dir, tmp_path, [], klant_only=True), "bestellen-klant-", len(KLANT_TESTS),
                       "no supplier under test")


def _section(data: dict[str, object]) -> Section:
    return Section(data, "bestellen", Path("."))


def test_the_klant_table_is_read_alone_and_names_its_faults():
    table = read_table(_section({"klant": {}}))
    assert table.supplier is None and table.klant is not None and table.klant.oin == CANDIDATE_OIN
    with pytest.raises(ConfigError, match=r"bestellen\.klant\.operaties.*placeOrder"):
        read_table(_section({"klant": {"operaties": ["readLicences"]}}))
    with pytest.raises(ConfigError, match=r"bestellen\.klant\.scholen\[0\]"):
        read_table(_section({"klant": {"scholen": ["xa"]}}))
    with pytest.raises(ConfigError, match=r"bestellen\.klant\.luister"):
        read_table(_section({"klant": {"luister": "somewhere"}}))
    with pytest.raises(ConfigError, match="ordering client"):
        read_table(_section({}))


def test_an_official_run_asks_a_client_only_candidate_for_the_clients_declarations_alone():
    assert BESTELLEN.undeclared(_section({"klant": {}})) == ["klant.operaties", "klant.profiel"]
    assert BESTELLEN.undeclared(_section({"klant": {"operaties": ["placeOrder"], "profiel": "2W-be"}})) == []
    assert BESTELLEN.undeclared(_section({"oin": "x"})) == ["operaties", "eckid_omgeving"]


def test_serve_judge_prints_each_call_and_writes_the_verdicts(state_dir: Path, tmp_path: Path):
    pki = ensure_loopback_pki(state_dir / "pki")
    server = serve_judge("bestellen", state_dir, tmp_path)
    seen: list[str] = []
    try:
        endpoints = announced(server, ("orders endpoint", "licences endpoint"), seen)
        client = ReferenceKlant(endpoints["orders endpoint"], endpoints["licences endpoint"], pki,
                                KlantProfile(oin=CANDIDATE_OIN, school="99XA"),
                                defects=["klant-orders-not-orderable"], give_up=30, repeat=False).start()
        assert client.done.wait(60) and client.error is None, client.error
        time.sleep(0.3)
    finally:
        output = stop_serve(server, seen)
    assert "order 1 placeOrder: dropped" in output and "line 1 refused (LineRefused)" in output
    assert "BEST-KLANT-03: line 3 orders not-orderable product" in output
    written = findings(tmp_path, "bestellen")
    verdicts = {f["requirement"]: f["outcome"] for f in written["requirements"]}
    assert verdicts == {"BEST-KLANT-01": "passed", "BEST-KLANT-02": "passed", "BEST-KLANT-03": "failed",
                        "BEST-KLANT-04": "passed", "BEST-KLANT-05": "passed"}, written["requirements"]
