"""`conformance run --jobs N`: the tests spread over xdist workers, with the outputs of a serial run.

What two runs of the demo may differ in, serial or not, is masked before comparing: timings, timestamps, the free
ports the references get, how many polls an ECK iD batch took before the NV had it ready, and the bodies of the
exchanges (the suite makes fresh message ids, ECK iDs and times for every run). Everything else (verdict, each
test's outcome, message and evidence, the requirement folds with their causes, the report's rows and the bundle's
files) must be the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.config import config_from_dict
from conformance.harness import TestResult
from conformance.harness import (
    Phase,
    PhaseReceiver,
    PhaseSender,
    ResultCollector,
    attribute_root_causes,
    exchange_from_wire,
    exchange_to_wire,
    machine_cores,
    parse_jobs,
    record_phase,
    run_demo,
    work_groups,
)
from conformance.outcomes import Outcome
from conformance.report import write_bundle
from conformance.transport import Exchange, TlsInfo

_PORT = re.compile(r"(localhost|127\.0\.0\.1):\d+")
_POLL = re.compile(r"\(poll \d+\)")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return _TIME.sub("<time>", _PORT.sub(r"\1:<port>", value))
    if isinstance(value, list):
        return [_mask(v) for v in value]
    if isinstance(value, dict):
        return {_mask(k): _mask(v) for k, v in value.items()}
    return value


def _exchange_summary(exchange: dict[str, Any]) -> dict[str, Any]:
    # whether the NV had a batch ready right after its submission is timing too
    status = None if exchange["label"] == "retrieveBatch right after submission" else exchange["response"]["status"]
    return _mask({"label": exchange["label"], "method": exchange["method"], "url": exchange["url"],
                  "status": status, "transport_error": exchange["transport_error"], "tls": exchange["tls"]})


def _timed(exchange: dict[str, Any]) -> bool:
    """A poll for an ECK iD batch: how many it takes depends on when the NV finishes, in any run."""
    return _POLL.search(exchange["label"]) is not None


def _comparable_results(out: Path) -> dict[str, Any]:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    exchanges = {x["id"]: x for x in data.pop("exchanges") if not _timed(x)}
    for key in ("started", "finished"):
        data.pop(key)
    numbered: dict[str, int] = {}  # ids again after leaving out the polls: they count up through the tests
    for test in data["tests"]:
        test.pop("duration_s")
        shown = [x for x in test.pop("exchanges") if x in exchanges]
        test["exchanges"] = [numbered.setdefault(x, len(numbered) + 1) for x in shown]
        # the order of exchanges sent at once (concurrent copies) is the network's
        test["exchange_summaries"] = sorted((_exchange_summary(exchanges[x]) for x in shown), key=repr)
    data["exchange_count"] = len(exchanges)
    return _mask(data)


def _comparable_report(out: Path) -> dict[str, list[str]]:
    html = (out / "report.html").read_text(encoding="utf-8")
    volatile = re.compile(r"\d+(\.\d+)? (s|ms)\b|ex-x\d+")
    return {
        "requirement rows": _mask(re.findall(r'<tr class="req.*?</tr>', html, re.S)),
        "test rows": [volatile.sub("<t>", row) for row in
                      _mask(re.findall(r'<details class="test[^>]*>\s*<summary>.*?</summary>', html, re.S))],
        "exchange rows": sorted(volatile.sub("<t>", row) for row in
                                _mask(re.findall(r'<details class="exchange".*?</summary>', html, re.S))
                                if not _POLL.search(row)),
    }


def _bundle_files(out: Path) -> list[str]:
    """The bundle's files, each exchange's two files once for every exchange of results.json."""
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(write_bundle(out, data, out / "evidence.zip", sign_key=None)) as bundle:
        names = bundle.namelist()
    exchange_files = sorted(f"exchanges/{x['id']}-{side}.txt" for x in data["exchanges"]
                            for side in ("request", "response"))
    assert sorted(n for n in names if n.startswith("exchanges/")) == exchange_files
    return sorted(n for n in names if not n.startswith("exchanges/"))


def _demo(tmp_path: Path, name: str, jobs: int, **kwargs: Any) -> Path:
    out = tmp_path / name
    outcome = run_demo(kwargs.pop("standards", ["uwlr", "eckid", "edukoppeling", "catalogus", "bestellen"]),
                       output_dir=out, config_path=tmp_path / "candidate.toml", quiet=True, jobs=jobs, **kwargs)
    assert outcome.result is not None, f"the {name} run ended without a result"
    return out


def _assert_same_outputs(serial: Path, parallel: Path) -> None:
    one, two = _comparable_results(serial), _comparable_results(parallel)
    assert [t["id"] for t in one["tests"]] == [t["id"] for t in two["tests"]], "tests keep the serial order"
    for left, right in zip(one["tests"], two["tests"], strict=True):
        assert left == right, left["id"]
    assert one == two
    assert _comparable_report(serial) == _comparable_report(parallel)
    assert _bundle_files(serial) == _bundle_files(parallel)


@pytest.mark.slow
def test_the_demo_over_two_workers_has_the_outputs_of_a_serial_run(tmp_path, state_dir):
    serial, parallel = _demo(tmp_path, "serial", 1), _demo(tmp_path, "parallel", 2)
    assert json.loads((parallel / "results.json").read_text(encoding="utf-8"))["verdict"] == "conformant"
    _assert_same_outputs(serial, parallel)


@pytest.mark.slow
def test_a_defect_is_attributed_alike_over_two_workers(tmp_path, state_dir):
    """wrong-key-accepted fails UWLR-FLT-05; the fault-format tests that rely on it are not judged, naming it."""
    serial = _demo(tmp_path, "serial", 1, standards=["uwlr"], defects=["wrong-key-accepted"])
    parallel = _demo(tmp_path, "parallel", 2, standards=["uwlr"], defects=["wrong-key-accepted"])
    data = json.loads((parallel / "results.json").read_text(encoding="utf-8"))
    assert any(t["caused_by"] == ["UWLR-FLT-05"] for t in data["tests"]), "the run shows a test not judged"
    _assert_same_outputs(serial, parallel)


# -- the pieces --------------------------------------------------------------------------------------------------

def _exchange(label: str = "ping") -> Exchange:
    return Exchange(label=label, method="POST", url="https://localhost:1/x", request_headers={"a": "b"},
                    request_body=b"\x00<x/>", started=dt.datetime(2026, 12, 6, 5, 0, tzinfo=dt.timezone.utc),
                    elapsed_ms=1.5, status=200, response_headers={"content-type": "text/xml"},
                    response_body=b"<y/>", tls=TlsInfo(version="TLSv1.3", cipher="X"), cut_reason=None)


def _plain(value: Any) -> bool:
    """What execnet can send."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, bytes, int, float, bool))


def test_an_exchange_crosses_from_a_worker_whole_under_a_new_id():
    sent = _exchange()
    wire = exchange_to_wire(sent)
    assert _plain(wire)
    back = exchange_from_wire(wire)
    assert back.id != sent.id, "ids of two workers would collide"
    assert dataclasses.replace(back, id=sent.id) == sent


def test_an_exchange_shared_by_tests_of_a_worker_stays_one_exchange():
    shared, own = _exchange("fetched once"), _exchange("own")
    sender, receiver = PhaseSender(), PhaseReceiver()
    first = sender.encode(Phase(when="call", outcome=Outcome.PASSED, message="", duration_s=0.1, exchanges=(shared,)))
    second = sender.encode(Phase(when="call", outcome=Outcome.FAILED, message="no", duration_s=0.2,
                                 exchanges=(shared, own)))
    assert second["exchanges"][0]["whole"] is None, "what the controller has is named, not sent again"
    a, b = receiver.decode("gw0", first), receiver.decode("gw0", second)
    assert a.exchanges[0] is b.exchanges[0] and b.exchanges[1].label == "own"
    assert (b.outcome, b.message, b.duration_s) == (Outcome.FAILED, "no", 0.2)
    other = receiver.decode("gw1", PhaseSender().encode(Phase(when="call", outcome=Outcome.PASSED, message="",
                                                               duration_s=0, exchanges=(_exchange("gw1"),))))
    assert other.exchanges[0].label == "gw1", "another worker's exchange of the same local id is its own"


@pytest.mark.parametrize("value, expected", [("1", 1), ("2", 2), (" 16 ", 16), ("auto", machine_cores()),
                                             ("AUTO", machine_cores())])
def test_jobs_takes_a_count_or_auto(value, expected):
    assert parse_jobs(value) == expected


def test_the_demo_uses_every_core_and_a_real_candidate_one_worker_unless_asked():
    from conformance.cli.run import _workers

    assert _workers(None, demo=True) == machine_cores()
    assert _workers(None, demo=False) == 1, "a candidate's endpoints see one test at a time unless asked"
    assert _workers("3", demo=False) == _workers("3", demo=True) == 3


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", ""])
def test_a_bad_jobs_value_is_a_usage_error_naming_it(value):
    result = CliRunner().invoke(app, ["run", "--demo", "--jobs", value])
    assert result.exit_code == 2
    assert "--jobs takes a whole number of workers (1 or more) or 'auto'" in result.output
    assert value.strip() in result.output


# -- work groups -------------------------------------------------------------------------------------------------

_TREE = {
    "conftest.py": """
        import pytest

        @pytest.fixture(scope="session")
        def fetched_once():
            return {}

        @pytest.fixture
        def per_test():
            return 1
    """,
    "test_alpha.py": """
        from conformance.harness import requirement

        @requirement("A-1")
        def test_a(fetched_once): pass
    """,
    "test_beta.py": """
        from conformance.harness import requirement

        @requirement("B-1")
        def test_b(fetched_once): pass
    """,
    "test_gamma.py": """
        from conformance.harness import requirement

        @requirement("G-1")
        def test_g1(per_test): pass

        @requirement("G-2")
        def test_g2(security_probes): pass
    """,
    "test_delta.py": """
        from conformance.harness import prerequisite, requirement

        @requirement("D-1")
        @prerequisite("G-1")
        def test_d(per_test): pass
    """,
    "test_epsilon.py": """
        import pytest
        from conformance.harness import requirement

        @pytest.fixture(scope="session")
        def own_judge():
            return object()

        @requirement("E-1")
        def test_e1(own_judge, security_probes): pass

        @requirement("E-2")
        def test_e2(own_judge): pass
    """,
}


def _groups(tmp_path: Path, **kwargs: Any) -> dict[str, str]:
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --import-mode=importlib\n", encoding="utf-8")
    (tmp_path / "std").mkdir()  # as testcases/<standard>/
    for name, text in _TREE.items():
        (tmp_path / "std" / name).write_text(textwrap.dedent(text), encoding="utf-8")

    class Grouping:
        groups: dict[str, str] = {}

        def pytest_collection_finish(self, session: pytest.Session) -> None:
            Grouping.groups = work_groups(session.items, **kwargs)

    code = pytest.main([str(tmp_path), "--collect-only", "-qq", "-c", str(tmp_path / "pytest.ini"), "--rootdir",
                        str(tmp_path), "-p", "no:randomly", "-p", "no:cacheprovider"], plugins=[Grouping()])
    assert code == 0
    return {nodeid.split("::")[1]: group.removeprefix("std/") for nodeid, group in Grouping.groups.items()}


def test_tests_sharing_state_or_a_prerequisite_share_a_worker(tmp_path):
    groups = _groups(tmp_path)
    assert groups["test_a"] == groups["test_b"] == "test_alpha.py", "a session fixture of the tests' own conftest"
    assert groups["test_g1"] == groups["test_g2"] == groups["test_d"] == "test_delta.py", \
        "one module, and the module whose test relies on its requirement (named after the first collected)"
    assert groups["test_e1"] == groups["test_e2"] == "test_epsilon.py", "a module's own fixture ties no other"
    assert len(set(groups.values())) == 3


def test_a_fixed_canary_port_keeps_its_tests_on_one_worker(tmp_path):
    groups = _groups(tmp_path, tied_harness_fixtures=frozenset({"security_probes"}))
    assert groups["test_g2"] == groups["test_e1"] == groups["test_e2"] == "test_delta.py"
    assert groups["test_a"] == "test_alpha.py"


# -- prerequisites in any order ----------------------------------------------------------------------------------

def _test(name: str, req: str, *prerequisites: str) -> TestResult:
    return TestResult(id=f"uwlr-x-{name}", nodeid=name, standard="uwlr", title=name, description="",
                      requirements=(req,), prerequisites=prerequisites)


def _collector(*tests: TestResult) -> ResultCollector:
    candidate = config_from_dict({"candidate": {"naam": "x", "organisatie": "y"}, "uwlr": {}}, base_dir=Path("."),
                                 source=None, known_standards=["uwlr"])
    collector = ResultCollector(candidate, on_finish=[])
    collector.results = {t.nodeid: t for t in tests}
    return collector


def _ended(outcome: Outcome, message: str = "") -> Phase:
    return Phase(when="call", outcome=outcome, message=message, duration_s=0.1)


@pytest.mark.parametrize("prerequisite_outcome, judged", [(Outcome.FAILED, "not judged: UWLR-FLT-05 failed first"),
                                                          (Outcome.PASSED, "Received: a fault")])
def test_a_dependent_test_that_ends_first_waits_for_its_prerequisite(prerequisite_outcome, judged):
    """Whatever worker ends first: until the prerequisite is judged the dependent failure is not judged yet (never
    shown failed), and the end of the run judges it as a serial run would."""
    key, fmt = _test("key", "UWLR-FLT-05"), _test("format", "UWLR-FLT-14", "UWLR-FLT-05")
    collector = _collector(key, fmt)
    record_phase(fmt, _ended(Outcome.FAILED, "Received: a fault"))
    waiting = next(t for t in collector.result_so_far().tests if t.nodeid == "format")
    assert waiting.outcome is Outcome.CANT_TELL
    assert waiting.message.startswith("not judged yet: UWLR-FLT-05 has not been judged")
    record_phase(key, _ended(prerequisite_outcome))
    final = next(t for t in collector.result_so_far(final=True).tests if t.nodeid == "format")
    assert final.message.startswith(judged)
    assert fmt.outcome is Outcome.FAILED, "the test's own ending is kept for the next judgement"


def test_the_order_tests_end_in_does_not_change_the_final_judgement():
    orders = []
    for first_key in (True, False):
        key, fmt = _test("key", "UWLR-FLT-05"), _test("format", "UWLR-FLT-14", "UWLR-FLT-05")
        ends = [(key, _ended(Outcome.FAILED, "accepted")), (fmt, _ended(Outcome.FAILED, "Received: x"))]
        collector = _collector(key, fmt)
        for test, phase in ends if first_key else ends[::-1]:
            record_phase(test, phase)
            collector.result_so_far()  # a partial write between them
        run = collector.result_so_far(final=True)
        orders.append([(t.nodeid, t.outcome, t.caused_by, t.message) for t in run.tests])
    assert orders[0] == orders[1]
    assert orders[0][1][1:3] == (Outcome.CANT_TELL, ("UWLR-FLT-05",))


def test_a_prerequisite_not_run_in_a_finished_run_leaves_the_failure_standing():
    key, fmt = _test("key", "UWLR-FLT-05"), _test("format", "UWLR-FLT-14", "UWLR-FLT-05")
    fmt.outcome = Outcome.FAILED
    assert attribute_root_causes([key, fmt], final=True) == set()
    assert fmt.outcome is Outcome.FAILED


