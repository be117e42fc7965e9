"""Root-cause attribution: a test whose provocation relies on a requirement that failed in the same run is not
judged, so one defect fails its own requirement and not its neighbours'."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from conformance.harness._results import TestResult, not_judged_reason
from conformance.outcomes import Outcome

__all__ = ["attribute_root_causes", "find_cycle", "not_judged_message", "waiting_message"]


def not_judged_message(causes: tuple[str, ...], received: str) -> str:
    """The cantTell message: its first line is the reason the report and console show."""
    names = ", ".join(causes)
    return (f"{not_judged_reason(causes)}\n"
            f"This test's provocation relies on {names}, so its own rule cannot be judged until that passes. "
            f"What came back: {received}")


def waiting_message(prerequisites: tuple[str, ...], received: str) -> str:
    """The cantTell message of partial results while a prerequisite has not been judged."""
    return (f"not judged yet: {', '.join(prerequisites)} has not been judged\n"
            f"This test's provocation relies on it; its own failure counts only once that passed. "
            f"What came back: {received}")


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle of requirement → prerequisite edges, as a path that ends where it starts; None when there is none.
    A cycle would let two failures excuse each other, leaving nothing failed."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def attribute_root_causes(tests: list[TestResult], *, final: bool = True) -> set[str]:
    """Turn each failed test whose prerequisite failed (or was itself not judged) into cantTell naming the failed
    root requirements. The prerequisite graph is acyclic (checked at collection), so the recursion ends.

    While the run goes on (not `final`), a failure whose prerequisite still has a test to run is not judged yet
    either: its verdict waits for the prerequisite's, whatever order the tests (or `--jobs` workers) ran them in.
    Returns the nodeids of those waiting tests."""
    covering: dict[str, list[TestResult]] = {}
    for test in tests:
        for req_id in test.requirements:
            covering.setdefault(req_id, []).append(test)
    resolved: set[str] = set()
    waiting: set[str] = set()

    def roots_behind(req_id: str) -> frozenset[str]:
        found: set[str] = set()
        for test in covering.get(req_id, []):
            resolve(test)
            if test.outcome is Outcome.FAILED:
                return frozenset({req_id})
            found.update(test.caused_by)
        return frozenset(found)

    def unknown(req_id: str) -> bool:
        return not final and any(test.outcome is Outcome.UNTESTED or test.nodeid in waiting
                                 for test in covering.get(req_id, []))

    def resolve(test: TestResult) -> None:
        if test.nodeid in resolved:
            return
        resolved.add(test.nodeid)
        if test.outcome is not Outcome.FAILED or not test.prerequisites:
            return
        causes = frozenset().union(*(roots_behind(p) for p in test.prerequisites))
        if causes:
            test.caused_by = tuple(sorted(causes))
            test.outcome, test.message = Outcome.CANT_TELL, not_judged_message(test.caused_by, test.message)
        elif pending := [p for p in test.prerequisites if unknown(p)]:
            waiting.add(test.nodeid)
            test.outcome, test.message = Outcome.CANT_TELL, waiting_message(tuple(pending), test.message)

    for test in tests:
        resolve(test)
    return waiting
