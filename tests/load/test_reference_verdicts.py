"""The load profile against the references: clean, they pass AVAIL-01..04 under every standard's mix; each load
defect fails exactly the requirement it breaks; a master with two local workers works the same (and never sends a
signed request twice: the demo supplier would refuse the replay); the request cap ends a run early.

A few seconds of load per run (10 users on loopback), so the proof stays affordable on two cores.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from conformance.config import load_config
from conformance.harness import demo_config, reference_endpoints
from conformance.load import LOAD_DEFECTS
from conformance.load.mix import start_schooljaar
from conformance.load.runner import locust_available, run_locust
from conformance.load.session import LoadRequest, run_load
from conformance.load.settings import LoadSettings
from conformance.load.stats import read_stats
from conformance.outcomes import Outcome, Verdict
from conformance.standards import all_standards

AVAIL = [f"AVAIL-0{i}" for i in range(1, 5)]


def _run(tmp: Path, *, defects: tuple[str, ...] = (), workers: int = 0, duration: str = "4s"):
    return run_load(LoadRequest(config=None, demo=True, output=tmp / "out", duration=duration, workers=workers,
                                defects=list(defects)))


def _outcomes(run) -> dict[str, Outcome]:
    return {r.requirement.id: r.outcome for r in run.requirements}


@pytest.fixture(scope="module")
def clean(state_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    if not locust_available():
        pytest.skip("Locust (the 'load' extra) is not installed: pip install -e '.[load]'")
    tmp = tmp_path_factory.mktemp("clean")
    return _run(tmp, duration="6s"), tmp / "out"  # every standard's mix: 6 s give its busiest operations 20 answers


def test_the_clean_references_pass_every_avail_requirement(clean):
    run, _ = clean
    assert _outcomes(run) == dict.fromkeys(AVAIL, Outcome.PASSED), [t.message for t in run.tests]
    assert run.verdict is Verdict.CONFORMANT


def test_locust_never_enters_the_suites_own_process(clean):
    assert not {"locust", "gevent"} & set(sys.modules)


def test_the_outputs_carry_the_avail_requirements_the_percentiles_and_an_inline_chart(clean):
    _, out = clean
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in results["requirements"]] == AVAIL
    assert results["verdict"] == "conformant"
    load = json.loads((out / "load.json").read_text(encoding="utf-8"))
    names = {op["name"] for op in load["operations"] if op["requests"]}
    assert {"uwlr HaalLeerlinggegevens", "uwlr HaalLeerlinggegevens laatstontvangengegevens",
            "uwlr HaalStructuur", "uwlr HaalLeerlingen", "eckid retrieveStampseudonym", "eckid retrieveEckId",
            "eckid submitStampseudonymBatch", "eckid retrieveBatch", "bestellen placeOrder",
            "bestellen placeOrder repeat", "catalogus SRU harvest page", "catalogus ReadCatalog page"} <= names
    assert all(op["percentiles"]["95%"] > 0 for op in load["operations"])
    html = (out / "load.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<polyline" in html and "p95" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing to fetch
    assert not (out / "locust" / "samples").exists()  # unredacted answers are judged, not kept


@pytest.mark.parametrize("defect", LOAD_DEFECTS, ids=lambda d: d.name)
def test_each_load_defect_fails_exactly_its_requirement(defect, clean, tmp_path):
    # one at a time makes about 10 answers a second: 8 s give an operation the 20 its percentiles need; the signed
    # orders of the supplier are slower to answer than the LAS's fetches, and 6 s let their start-up weigh less
    durations = {"one-at-a-time": "8s", "repeat-ordered-again-under-load": "6s"}
    run = _run(tmp_path, defects=(defect.name,), duration=durations.get(defect.name, "4s"))
    outcomes = _outcomes(run)
    expected = {r: (Outcome.FAILED if r in defect.breaks else Outcome.PASSED) for r in AVAIL}
    assert outcomes == expected, [t.message for t in run.tests]
    failed = next(t for t in run.tests if t.outcome is Outcome.FAILED)
    assert failed.message.startswith("Received: ")


def test_server_faults_show_their_kind_with_a_redacted_sample_exchange(clean, tmp_path):
    _run(tmp_path, defects=("server-faults-under-load",))
    load = json.loads((tmp_path / "out" / "load.json").read_text(encoding="utf-8"))
    error = load["errors"][0]
    assert error["kind"] == "HTTP 500 SOAP fault Server.TijdelijkNietBeschikbaar"
    assert "TijdelijkNietBeschikbaar" in error["sample"]["response"]
    assert "autorisatiesleutel" in error["sample"]["request"]
    assert "CT-EA-0001" not in error["sample"]["request"]  # the klantcode is a secret: redacted


def test_a_master_with_two_local_workers_runs_the_same_profile(clean, tmp_path):
    # the LAS, and the supplier whose signed orders a worker sending another's share would replay
    run = run_load(LoadRequest(config=None, demo=True, output=tmp_path / "out", duration="6s", workers=2,
                               standards=["uwlr", "bestellen"]))
    assert _outcomes(run) == dict.fromkeys(AVAIL, Outcome.PASSED), [t.message for t in run.tests]
    assert "2 Locust workers" in (tmp_path / "out" / "load.html").read_text(encoding="utf-8")


def test_the_request_cap_ends_a_run_long_before_its_duration(clean, tmp_path):
    with reference_endpoints(["uwlr"], []) as running:
        candidate = load_config(demo_config(running, tmp_path / "c.toml"), known_standards=all_standards())
        operations = start_schooljaar(candidate, [])
        started = time.monotonic()
        files = run_locust(operations, LoadSettings(duration_s=120, users=4, max_requests=40), candidate.tls,
                           tmp_path / "work")
        took = time.monotonic() - started
    stats = read_stats(files)
    assert 0 < stats.total.requests <= 40 + 4  # a getrapt pupil request follows its structure past the cap
    assert took < 60


def test_a_standard_asked_for_narrows_the_demo_to_its_mix(clean, tmp_path):
    run = run_load(LoadRequest(config=None, demo=True, output=tmp_path / "out", duration="4s",
                               standards=["catalogus"]))
    assert _outcomes(run) == dict.fromkeys(AVAIL, Outcome.PASSED), [t.message for t in run.tests]
    load = json.loads((tmp_path / "out" / "load.json").read_text(encoding="utf-8"))
    assert {op["name"] for op in load["operations"] if op["requests"]} == {
        "catalogus SRU harvest page", "catalogus ReadCatalog page"}
