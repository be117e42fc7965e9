"""Why each requirement of a run did not pass, one line each: what the console prints after a run.

Read from the report data (already redacted), so the console says what the report says and no more.
"""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["NOT_PASSED_ORDER", "Reason", "expected_failures", "not_passed", "one_line"]

#: the order the console lists outcomes in: what makes a run fail first, then what keeps it incomplete
NOT_PASSED_ORDER = ("failed", "error", "cantTell", "untested", "inapplicable")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Reason:
    """One requirement (or expected failure) that did not pass, with why."""

    subject: str  # a requirement id, or a test id for an expected failure
    label: str  # the requirement's level (MUST, SHOULD), or the requirements of the test
    outcome: str
    reason: str


def one_line(text: str, width: int = 200) -> str:
    """The text with its lines joined and cut to `width` characters: a failure message is often a list."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def not_passed(data: dict[str, Any]) -> list[Reason]:
    """Every requirement whose outcome is not passed, worst first; its reason, or that of its first test so ending.

    In a run narrowed with `--only`, only the requirements of the selected tests.
    """
    tests = {t["id"]: t for t in data["tests"]}
    found = []
    for req in data["requirements"]:
        if req["outcome"] == "passed" or (data.get("selection") and not req["tests"]):
            continue  # a narrowed run says so once; it does not list every requirement it left out
        reason = req["reason"] or next((tests[t]["message"] for t in req["tests"]
                                        if t in tests and tests[t]["outcome"] == req["outcome"]), "")
        expected = [t["id"] for t in data["tests"] if t.get("expected_failure") and req["id"] in t["requirements"]]
        if not reason and expected and not req["tests"]:
            reason = f"judged only by expected failures, which the verdict leaves out: {', '.join(expected)}"
        found.append(Reason(subject=req["id"], label=req["level"], outcome=req["outcome"], reason=one_line(reason)))
    return sorted(found, key=lambda r: NOT_PASSED_ORDER.index(r.outcome))


def expected_failures(data: dict[str, Any]) -> list[Reason]:
    """The tests of a self-test run that failed as the expected-failures file said: kept out of the verdict."""
    return [Reason(subject=t["id"], label=", ".join(t["requirements"]), outcome="expected failure",
                   reason=one_line(t["message"])) for t in data["tests"] if t.get("expected_failure")]
