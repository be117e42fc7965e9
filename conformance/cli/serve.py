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
    judge: bool = typer.Option(False, "--judge", help="eckid only: play the NV for a candidate LAS and judge the "
                               "hPGNs it sends; findings go to eckid-judge.json on stop."),
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
    if judge:
        if list(standard) != ["eckid"] or defect:
            console.print("[red]--judge works with --standard eckid alone, without --defect[/red]")
            raise typer.Exit(2)
        _serve_eckid_judge(write_config.parent / "eckid-judge.json")
        return
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


def _serve_eckid_judge(findings: Path) -> None:
    """The suite as NV: a LAS hashes the published test PGNs with the published test salt and sends the hPGNs."""
    from conformance.paths import state_dir
    from conformance.standards.eckid.judge import (
        PUBLISHED_PGNS,
        PUBLISHED_SALT,
        start_judge,
    )

    running = start_judge(state_dir(), live=True, on_oordeel=lambda o: console.print(
        f"{o.outcome.value}: {', '.join(o.requirements)}: {o.message}", markup=False))
    console.print(f"eckid judge: NV endpoint {running.endpoint} (mutual TLS)", markup=False)
    for name, path in running.pki_files.items():
        console.print(f"  LAS {name}: {path}", markup=False)
    console.print(f"  first-level salt: {PUBLISHED_SALT} (published test salt); test PGNs: "
                  f"{', '.join(PUBLISHED_PGNS)} (published, eckid §3.1)\nstop with Ctrl-C", markup=False)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        console.print(f"stopping; findings in {running.write_findings(findings)}", markup=False)
    finally:
        running.stop()
