"""Root-cause attribution: a test whose `@prerequisite` failed first is not judged (cantTell naming the cause),
never failed; the report links the cause; bad declarations stop the run before anything is tested."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import jsonschema
import pytest

from conformance.cli.evidence import results_schema
from conformance.harness import (
    ResultCollector, TestResult, attribute_root_causes, find_cycle, fold_requirements, prerequisite, requirement,
)
from conformance.outcomes import Outcome
from conformance import paths
from conformance.report import Redactor, render_html, report_data
from conformance.requirements import Requirement
from conformance.standards import get_standard
from tests.report.made_up_run import made_up_run


def _test(name: str, req: str, outcome: Outcome, *prerequisites: str) -> TestResult:
    return TestResult(id=f"uwlr-x-{name}", nodeid=name, standard="uwlr", title=name, description="",
                      requirements=(req,), outcome=outcome, message=f"Received: what {name} got",
                      prerequisites=prerequisites)


def test_a_failure_behind_a_failed_prerequisite_is_not_judged_and_names_it():
    key = _test("key", "UWLR-FLT-05", Outcome.FAILED)
    fmt = _test("format", "UWLR-FLT-14", Outcome.FAILED, "UWLR-FLT-05")
    attribute_root_causes([fmt, key])  # the order of the tests does not matter
    assert key.outcome is Outcome.FAILED and key.caused_by == ()
    assert fmt.outcome is Outcome.CANT_TELL and fmt.caused_by == ("UWLR-FLT-05",)
    first, *rest = fmt.message.splitlines()
    assert first == "not judged: UWLR-FLT-05 failed first"
    assert "Received: what format got" in "\n".join(rest), "what came back stays in the message"


def test_a_failure_whose_prerequisite_passed_stays_failed():
    key = _test("key", "UWLR-FLT-05", Outcome.PASSED)
    fmt = _test("format", "UWLR-FLT-14", Outcome.FAILED, "UWLR-FLT-05")
    untested = _test("alone", "UWLR-FLT-15", Outcome.FAILED, "UWLR-FLT-13")  # no test of it in this run
    attribute_root_causes([key, fmt, untested])
    assert (fmt.outcome, untested.outcome) == (Outcome.FAILED, Outcome.FAILED)


@pytest.mark.parametrize("outcome", [Outcome.PASSED, Outcome.ERROR, Outcome.INAPPLICABLE, Outcome.CANT_TELL])
def test_only_failures_are_attributed(outcome):
    """A harness error stays an error (never hidden), and a pass or another ending is left as it is."""
    key = _test("key", "UWLR-FLT-05", Outcome.FAILED)
    other = _test("other", "UWLR-FLT-14", outcome, "UWLR-FLT-05")
    attribute_root_causes([key, other])
    assert other.outcome is outcome and other.caused_by == ()


def test_a_chain_names_the_requirement_that_really_failed():
    root = _test("root", "A", Outcome.FAILED)
    middle = _test("middle", "B", Outcome.FAILED, "A")
    leaf = _test("leaf", "C", Outcome.FAILED, "B")
    attribute_root_causes([leaf, middle, root])
    assert (middle.caused_by, leaf.caused_by) == (("A",), ("A",))
    assert leaf.message.startswith("not judged: A failed first")


def test_a_requirement_with_a_failing_test_of_its_own_is_the_cause_itself():
    """B has one test not judged and one that failed on its own: B failed, so C's failure names B."""
    root = _test("root", "A", Outcome.FAILED)
    b_behind = _test("b1", "B", Outcome.FAILED, "A")
    b_own = _test("b2", "B", Outcome.FAILED)
    leaf = _test("leaf", "C", Outcome.FAILED, "B")
    attribute_root_causes([root, b_behind, b_own, leaf])
    assert b_own.outcome is Outcome.FAILED and leaf.caused_by == ("B",)


def test_the_requirement_takes_the_reason_of_its_test_not_judged():
    key = _test("key", "UWLR-FLT-05", Outcome.FAILED)
    fmt = _test("format", "UWLR-FLT-14", Outcome.FAILED, "UWLR-FLT-05")
    attribute_root_causes([key, fmt])
    catalogue = [Requirement(id=r, level="MUST", text="t", source="s", actor="LAS")
                 for r in ("UWLR-FLT-05", "UWLR-FLT-14")]
    folded = {r.requirement.id: r for r in fold_requirements({"uwlr": catalogue}, [key, fmt])}
    assert folded["UWLR-FLT-14"].outcome is Outcome.CANT_TELL
    assert folded["UWLR-FLT-14"].reason == "not judged: UWLR-FLT-05 failed first"
    assert folded["UWLR-FLT-14"].caused_by == ("UWLR-FLT-05",)
    assert folded["UWLR-FLT-05"].outcome is Outcome.FAILED and folded["UWLR-FLT-05"].caused_by == ()


def test_cycles_are_found():
    assert find_cycle({"A": {"B"}, "B": {"C"}, "C": set()}) is None
    assert find_cycle({"A": {"B"}, "B": {"C"}, "C": {"A"}}) == ["A", "B", "C", "A"]


def test_the_report_links_the_cause_and_results_json_keeps_it():
    run = made_up_run()
    failed = run.tests[0]
    behind = dataclasses.replace(failed, id="uwlr-fouten-behind", nodeid="behind", requirements=("UWLR-FLT-14",),
                                 prerequisites=(failed.requirements[0],))
    run.tests.append(behind)
    attribute_root_causes(run.tests)
    catalogue = get_standard("uwlr").catalogue
    run.requirements = fold_requirements({"uwlr": list(catalogue)}, run.tests)
    data = report_data(run, Redactor([], secrets=[]))
    jsonschema.validate(data, results_schema())
    test = next(t for t in data["tests"] if t["id"] == "uwlr-fouten-behind")
    assert test["outcome"] == "cantTell" and test["caused_by"] == list(failed.requirements)
    req = next(r for r in data["requirements"] if r["id"] == "UWLR-FLT-14")
    assert req["caused_by"] == list(failed.requirements) and req["reason"].startswith("not judged:")
    html = render_html(data)
    link = f'not judged: <a href="#req-{failed.requirements[0]}">{failed.requirements[0]}</a> failed first'
    assert html.count(link) == 2, "on the test and on its requirement's row"
    assert f'id="req-{failed.requirements[0]}"' in html


@dataclasses.dataclass
class _Item:
    """Just what the collector reads of a pytest item."""

    name: str
    marks: list[pytest.Mark]
    path: Path = paths.testcases_dir() / "uwlr" / "test_made_up.py"

    @property
    def nodeid(self) -> str:
        return f"uwlr/test_made_up.py::{self.name}"

    def iter_markers(self, name: str):  # type: ignore[no-untyped-def]
        return (m for m in self.marks if m.name == name)


def _item(name: str, *decorators: pytest.MarkDecorator) -> _Item:
    return _Item(name=name, marks=[d.mark for d in decorators])


def _collect(*items: _Item) -> ResultCollector:
    collector = ResultCollector(None, on_finish=[])  # type: ignore[arg-type]  # collecting reads no config
    collector.pytest_collection_modifyitems(None, None, list(items))  # type: ignore[arg-type]
    return collector


def test_the_declaration_reaches_the_result():
    collector = _collect(_item("test_a", requirement("UWLR-FLT-14"), prerequisite("UWLR-FLT-05")))
    [result] = collector.results.values()
    assert result.prerequisites == ("UWLR-FLT-05",)


@pytest.mark.parametrize(("items", "says"), [
    ([_item("test_a", requirement("UWLR-FLT-14"), prerequisite("UWLR-FLT-99"))], "UWLR-FLT-99 is not a catalogued"),
    ([_item("test_a", requirement("UWLR-FLT-14"), prerequisite("UWLR-FLT-14"))], "UWLR-FLT-14 is not a catalogued"),
    ([_item("test_a", requirement("UWLR-FLT-14"), prerequisite("UWLR-FLT-05")),
      _item("test_b", requirement("UWLR-FLT-05"), prerequisite("UWLR-FLT-14"))], "go round in a circle"),
])
def test_bad_declarations_stop_the_run(items, says):
    with pytest.raises(pytest.UsageError, match=says):
        _collect(*items)


def test_markers_need_ids():
    with pytest.raises(ValueError, match="at least one id"):
        prerequisite()
