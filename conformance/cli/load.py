"""`conformance load`: the start-of-school-year load profile on Locust, with AVAIL-* verdicts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from conformance.cli._console import console, print_summary
from conformance.errors import ConfigError
from conformance.load import LOAD_DEFECTS
from conformance.load.mix import PROFILES
from conformance.load.runner import LoadRunError, locust_available
from conformance.load.session import LoadRequest, run_load, run_remote_worker

__all__ = ["load"]


def load(
    config: Path = typer.Option(None, "--config", "-c",
                                help="Candidate configuration (TOML) with its \\[load] table."),
    demo: bool = typer.Option(False, "--demo", help="Load the embedded reference endpoints on loopback."),
    standard: list[str] = typer.Option([], "--standard", "-s", help="Only these standards' mix; repeatable."),
    profile: str = typer.Option("start-schooljaar", "--profile", help="The load profile."),
    users: int = typer.Option(None, "--users", "-u", help="Simulated clients (default \\[load] users, or 10)."),
    duration: str = typer.Option(None, "--duration", "-t", help="How long, e.g. 60s, 2m (required here or in "
                                                                "\\[load] duration; at most 1h)."),
    rate: float = typer.Option(None, "--rate", help="Client actions per second over all users, a getrapt fetch "
                                                    "being two requests (default: as fast as "
                                                    "the candidate answers)."),
    workers: int = typer.Option(0, "--workers", help="Start a Locust master and this many local workers "
                                                     "(loopback) instead of one process."),
    master: bool = typer.Option(False, "--master", help="Also accept Locust workers from other machines "
                                "(listening on 0.0.0.0:5557; see --expect-workers)."),
    expect_workers: int = typer.Option(0, "--expect-workers", help="With --master: workers from other machines "
                                       "to wait for (up to 10 minutes) before the load starts."),
    worker: bool = typer.Option(False, "--worker", help="Be one more worker of a master on another machine "
                                "(--master-host), sending the mix of the same --config."),
    master_host: str = typer.Option(None, "--master-host", help="With --worker: the master's address."),
    defect: list[str] = typer.Option([], "--defect", help="With --demo: a load defect of the references; "
                                                          "repeatable (see `list --defects`)."),
    output: Path = typer.Option(None, "--output", "-o", help="Report folder (default reports/load-<timestamp>)."),
) -> None:
    """Drive the candidate's endpoints with the start-of-school-year mix on Locust and judge AVAIL-01..04."""
    if demo == (config is not None):
        console.print("[red]give either --config FILE or --demo[/red]")
        raise typer.Exit(2)
    if profile not in PROFILES:
        console.print(f"[red]unknown profile {profile!r}; known: {', '.join(PROFILES)}[/red]")
        raise typer.Exit(2)
    known = {d.name for d in LOAD_DEFECTS}
    wrong = [name for name in defect if name not in known]
    if wrong or (defect and not demo):
        console.print(f"[red]--defect takes a load defect with --demo: {', '.join(sorted(known))}[/red]")
        raise typer.Exit(2)
    if workers < 0:
        console.print("[red]--workers must be 0 or more[/red]")
        raise typer.Exit(2)
    if demo and duration is None:  # refused before any reference starts; a config may give [load] duration
        console.print("[red]a load run needs an explicit duration: give --duration (e.g. 20s)[/red]")
        raise typer.Exit(2)
    if worker or master_host:
        if not (worker and master_host and config is not None) or master or defect:
            console.print("[red]--worker needs --master-host and --config (the same file as the master's)[/red]")
            raise typer.Exit(2)
    if (master or expect_workers) and not (master and expect_workers > 0):
        console.print("[red]--master needs --expect-workers N (N > 0): the workers other machines start[/red]")
        raise typer.Exit(2)
    if not locust_available():
        console.print("Locust is not installed: pip install 'conformance[load]'", style="red", markup=False)
        raise typer.Exit(2)
    if worker:
        try:
            code = run_remote_worker(config, master_host=master_host, standards=list(standard), duration=duration,
                                     work=output or Path("reports") / "load-worker")
        except (ConfigError, LoadRunError) as exc:
            console.print(f"worker: {exc}", style="red", markup=False)
            raise typer.Exit(2 if isinstance(exc, ConfigError) else 3) from None
        console.print(f"worker done (Locust exit {code}); the master's machine writes the report")
        raise typer.Exit(0)
    out = output or Path("reports") / f"load-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}"
    request = LoadRequest(config=config, demo=demo, output=out, standards=list(standard), profile=profile,
                          duration=duration, users=users, rate=rate, workers=workers, defects=list(defect),
                          remote_workers=expect_workers, master_bind="0.0.0.0" if master else "127.0.0.1")
    try:
        run = run_load(request)
    except ConfigError as exc:
        console.print(f"configuration error: {exc}", style="red", markup=False)
        raise typer.Exit(2) from None
    print_summary(run, out)
    console.print(f"load report: {out / 'load.html'}")
    raise typer.Exit(run.verdict.exit_code)
