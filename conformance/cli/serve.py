"""`conformance serve`: run a standard's reference endpoints until interrupted."""

from __future__ import annotations

import threading
from pathlib import Path

import typer

from conformance.cli._console import console
from conformance.harness._runner import demo_config, reference_endpoints
from conformance.standards import all_standards

__all__ = ["serve"]


def serve(
    standard: list[str] = typer.Option(..., "--standard", "-s", help="Standard whose reference to serve; repeatable."),
    defect: list[str] = typer.Option([], "--defect", help="Break the reference with this named defect; repeatable."),
    write_config: Path = typer.Option(Path("reference-candidate.toml"), "--write-config",
                                      help="Write a candidate config pointing at the served endpoints here."),
) -> None:
    """Serve conformant reference endpoints on loopback HTTPS (certificates are made on first use).

    Point `conformance run --config` at the written config to see a passing run, or add --defect to
    see how the suite reports a broken endpoint.
    """
    known = all_standards()
    for name in standard:
        if name not in known:
            console.print(f"[red]unknown standard {name!r}; known: {', '.join(known)}[/red]")
            raise typer.Exit(2)
    own = {d.name for name in standard for d in known[name].defects}
    for name in defect:
        if name not in own:
            console.print(f"[red]defect {name!r} does not belong to {', '.join(standard)}; "
                          "see `conformance list --defects`[/red]")
            raise typer.Exit(2)
    with reference_endpoints(list(standard), list(defect)) as running:
        path = demo_config(running, write_config)
        for name, reference in running.items():
            console.print(f"{name}: serving on {reference.base_url}")
        console.print(f"candidate config written to {path}\nrun: [bold]conformance run --config {path}[/bold]"
                      "\nstop with Ctrl-C")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            console.print("stopping")
