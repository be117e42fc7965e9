"""Terminal output shared by the commands."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from conformance.harness import RunResult
from conformance.outcomes import Verdict

__all__ = ["console", "print_summary"]

console = Console(highlight=False)

_COLOURS = {Verdict.CONFORMANT: "green", Verdict.NOT_CONFORMANT: "red", Verdict.INCOMPLETE: "yellow"}


def print_summary(run: RunResult, out_dir: Path) -> None:
    """Verdict, counts, failed requirements and where the report is."""
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
    for req in run.requirements:
        if req.outcome.value == "failed":
            console.print(f"  [red]failed[/red] {req.requirement.id} ({req.requirement.level}): "
                          f"{req.requirement.text}")
    for error in run.harness_errors:
        console.print(f"  [yellow]harness error[/yellow] {error}")
    colour = _COLOURS[run.verdict]
    console.print(f"\nverdict: [bold {colour}]{run.verdict.value}[/bold {colour}]  (exit {run.verdict.exit_code})")
    if run.selection:
        console.print(f"partial run: only {len(run.tests)} selected tests ({', '.join(run.selection)}); "
                      "the verdict covers these tests, not the whole standard", markup=False)
    console.print(f"report: {(out_dir / 'report.html').resolve().as_uri()}")
