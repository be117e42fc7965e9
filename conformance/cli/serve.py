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
    judge_config: Path = typer.Option(None, "--judge-config", help="with --judge: a candidate config whose "
                                      "[eckid.las] table gives the test pupils, salt, schools and vendors "
                                      "(default: the published test PGNs and salt)."),
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
        _serve_eckid_judge(write_config.parent / "eckid-judge.json", judge_config)
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
            _wait_for_interrupt()
        except KeyboardInterrupt:
            console.print("stopping")


def _serve_eckid_judge(findings: Path, config: Path | None) -> None:
    """The suite as NV: a LAS hashes the test PGNs with the environment's salt and sends the hPGNs; every call and
    hPGN is judged (the same verdicts as the LAS tests of a run), written to `findings` on stop."""
    from conformance.paths import state_dir
    from conformance.standards.eckid.judge import PUBLISHED_PGNS, JudgeSettings, start_judge

    settings = _judge_settings(config) if config is not None else JudgeSettings()
    running = start_judge(state_dir(), settings, live=True, on_oordeel=lambda o: console.print(
        f"{o.outcome.value}: {', '.join(o.requirements)}: {o.message}", markup=False))
    console.print(f"eckid judge: NV endpoint {running.endpoint} (mutual TLS)", markup=False)
    for name, path in running.pki_files.items():
        console.print(f"  LAS {name}: {path}", markup=False)
    if config is None:
        console.print(f"  first-level salt: {settings.salt} (published test salt); test PGNs: "
                      f"{', '.join(PUBLISHED_PGNS)} (published, eckid §3.1); wsa:From school OIN: "
                      f"{', '.join(settings.scholen)}", markup=False)
    else:
        console.print(f"  {len(settings.pgns)} test pupils and the salt of [eckid.las] in {config}", markup=False)
    rekenwerk = running.rekenwerk()
    if rekenwerk:
        console.print(f"  {rekenwerk}", markup=False)
    console.print("stop with Ctrl-C", markup=False)
    try:
        _wait_for_interrupt()
    except KeyboardInterrupt:
        console.print(f"stopping; findings in {running.write_findings(findings)}", markup=False)
    finally:
        running.stop()


def _judge_settings(path: Path):  # type: ignore[no-untyped-def]
    from conformance.config import load_config
    from conformance.errors import ConfigError
    from conformance.standards.eckid.las_settings import read_las_settings

    try:
        candidate = load_config(path, known_standards=all_standards())
        section = candidate.section("eckid")
        settings = read_las_settings(section) if section is not None else None
        las = section.table("las", required=False) if section is not None else None
        if las is not None:
            las.reject_unknown_keys()  # only the LAS's table is judged here; the NV's keys are another run's
    except ConfigError as exc:
        console.print(f"[red]configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    if settings is None:
        console.print(f"{path} has no [eckid.las] table", markup=False, style="red")
        raise typer.Exit(2)
    return settings


def _wait_for_interrupt() -> None:
    """Until Ctrl-C. In short waits: a SIGINT the kernel hands to a worker thread (the hashing or server threads)
    does not wake a main thread blocked on a lock without timeout, so an endless wait could miss it."""
    stop = threading.Event()
    while not stop.wait(0.2):
        pass
