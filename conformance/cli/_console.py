"""Terminal output shared by the commands."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from conformance.harness import RunResult
from conformance.outcomes import Verdict
from conformance.report import Reason, expected_failures, not_passed

__all__ = ["console", "print_summary"]

console = Console(highlight=False)

_COLOURS = {Verdict.CONFORMANT: "green", Verdict.NOT_CONFORMANT: "red", Verdict.INCOMPLETE: "yellow"}
_OUTCOME_COLOURS = {"failed": "red", "error": "yellow", "cantTell": "yellow", "untested": "dim",
                    "inapplicable": "dim", "expected failure": "cyan"}


def print_summary(run: RunResult, out_dir: Path) -> None:
    """Verdict, counts, every requirement that did not pass with why, and where the report is."""
    table = Table(title="Requirements per standard", show_lines=False)
    table.add_column("standard")
    outcomes = ["passed", "failed", "error", "cantTell", "inapplicable", "untested"]
    for outcome in outcomes:
        table.add_column(outcome, justify="right")
    for standard in run.standards:
        counts = {o: 0 for o in outcomes}
        for req in run.requirements:
            if req.standard == standard:
                counts[req.outcome.value] += 1
        table.add_row(standard, *(str(counts[o]) for o in outcomes))
    console.print(table)
    _print_reasons(out_dir / "results.json")
    for error in run.harness_errors:
        console.print(f"  [yellow]harness error[/yellow] {escape(error)}")
    colour = _COLOURS[run.verdict]
    console.print(f"\nverdict: [bold {colour}]{run.verdict.value}[/bold {colour}]  (exit {run.verdict.exit_code})")
    if run.selection:
        console.print(f"partial run: only {len(run.tests)} selected tests ({', '.join(run.selection)}); "
                      "the verdict covers these tests, not the whole standard", markup=False)
    console.print(f"report: {(out_dir / 'report.html').resolve().as_uri()}")


def _print_reasons(results: Path) -> None:
    """One line per requirement that did not pass and per expected failure, read from the redacted results."""
    try:
        data = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        console.print(f"  [yellow]no {results.name} to list the requirements that did not pass[/yellow]")
        return
    for row in [*not_passed(data), *expected_failures(data)]:
        console.print(_line(row), soft_wrap=True)


def _line(row: Reason) -> str:
    colour = _OUTCOME_COLOURS.get(row.outcome, "default")
    reason = row.reason or "no test judged it"
    return f"  [{colour}]{row.outcome}[/{colour}] {escape(row.subject)} ({escape(row.label)}): {escape(reason)}"
