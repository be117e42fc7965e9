"""A scenario test names its requirement once, in its @requirement marker: the harness fills a Failure's
`requirement` from it, and `requirement_id` hands it to the helpers that judge by it."""

from __future__ import annotations

import ast
import types
from pathlib import Path

import pytest

from conformance.errors import Failure, HarnessError
from conformance.harness import ResultCollector, TestResult, requirement
from conformance.harness.fixtures import requirement_id
from conformance.outcomes import Outcome

TESTCASES = Path(__file__).resolve().parents[2] / "testcases"
SCENARIO_FILES = sorted(TESTCASES.rglob("test_*.py"))


def _declared(function: ast.FunctionDef) -> set[str]:
    return {arg.value for decorator in function.decorator_list
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "requirement"
            for arg in decorator.args if isinstance(arg, ast.Constant)}


def second_copies(source: str) -> list[str]:
    """`test_name: ID` for each scenario test whose body writes its one requirement id again."""
    found = []
    for function in ast.parse(source).body:
        if not isinstance(function, ast.FunctionDef) or not function.name.startswith("test_"):
            continue
        declared = _declared(function)
        if len(declared) != 1:  # a test of several requirements says in its body which one a failure breaks
            continue
        body = function.body[1:] if ast.get_docstring(function) else function.body
        found += [f"{function.name}: {node.value}" for statement in body for node in ast.walk(statement)
                  if isinstance(node, ast.Constant) and node.value in declared]
    return found


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.relative_to(TESTCASES).as_posix())
def test_no_scenario_test_writes_its_requirement_twice(path):
    assert second_copies(path.read_text(encoding="utf-8")) == [], "the marker names it; leave it out of the body"


def test_the_guard_sees_a_second_copy():
    source = ('@requirement("UWLR-FLT-01")\ndef test_a(uwlr):\n    """Doc naming UWLR-FLT-01 is fine."""\n'
              '    uwlr.send().expect_fault("Client.OngeldigBericht", "UWLR-FLT-01")\n\n\n'
              '@requirement("A-01", "A-02")\ndef test_b():\n    raise Failure("x", requirement="A-02")\n')
    assert second_copies(source) == ["test_a: UWLR-FLT-01"]


class _Item:
    """Just what the collector and the fixture read of a pytest item."""

    def __init__(self, *ids: str) -> None:
        self.nodeid = "uwlr/test_made_up.py::test_a"
        self.marks = [requirement(*ids).mark]
        self.stash = pytest.Stash()
        self.funcargs: dict[str, object] = {}

    def iter_markers(self, name: str):  # type: ignore[no-untyped-def]
        return (mark for mark in self.marks if mark.name == name)


def _report(failure: Failure, *ids: str) -> Failure:
    item = _Item(*ids)
    collector = ResultCollector(None, on_finish=[])  # type: ignore[arg-type]  # reporting reads no config
    collector.results[item.nodeid] = TestResult(id="uwlr-made_up-a", nodeid=item.nodeid, standard="uwlr", title="a",
                                                description="", requirements=ids)

    def fail() -> None:
        raise failure

    hook = collector.pytest_runtest_makereport(item, pytest.CallInfo.from_call(fail, when="call"))
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(types.SimpleNamespace(user_properties=[]))
    assert collector.results[item.nodeid].outcome is Outcome.FAILED
    return failure


def test_the_harness_fills_the_requirement_from_the_marker():
    assert _report(Failure("Received: x"), "UWLR-FLT-01").requirement == "UWLR-FLT-01"
    assert _report(Failure("Received: x"), "A-01", "A-02").requirement == "A-01 A-02"


def test_a_requirement_the_body_names_is_kept():
    assert _report(Failure("Received: x", requirement="A-02"), "A-01", "A-02").requirement == "A-02"


def test_requirement_id_is_the_markers_one_id():
    fixture = requirement_id.__wrapped__  # type: ignore[attr-defined]
    assert fixture(types.SimpleNamespace(node=_Item("UWLR-EA-01"))) == "UWLR-EA-01"
    with pytest.raises(HarnessError, match="declares 2 requirements"):
        fixture(types.SimpleNamespace(node=_Item("A-01", "A-02")))
