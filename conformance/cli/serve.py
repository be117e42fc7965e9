"""`conformance serve`: run a standard's reference endpoints until interrupted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import typer

from conformance.cli._console import console
from conformance.harness import demo_config, reference_endpoints
from conformance.standards import all_standards

if TYPE_CHECKING:
    from conformance.config import Section

__all__ = ["serve"]

_Settings = TypeVar("_Settings")


def serve(
    standard: list[str] = typer.Option(..., "--standard", "-s", help="Standard whose reference to serve; repeatable."),
    defect: list[str] = typer.Option([], "--defect", help="Break the reference with this named defect; repeatable."),
    write_config: Path = typer.Option(Path("reference-candidate.toml"), "--write-config",
                                      help="Write a candidate config pointing at the served endpoints here."),
    judge: bool = typer.Option(False, "--judge", help="eckid: play the NV for a candidate LAS and judge the "
                               "hPGNs it sends (findings in eckid-judge.json on stop); uwlr: play the LAS for a "
                               "candidate client (EA) and judge its calls (findings in uwlr-judge.json); bestellen: "
                               "play the supplier for an ordering client (findings in bestellen-judge.json)."),
    judge_config: Path = typer.Option(None, "--judge-config", help="with --judge: a candidate config whose "
                                      "[eckid.las] table gives the test pupils, salt, schools and vendors "
                                      "(default: the published test PGNs and salt), or whose [uwlr.ea] table "
                                      "gives what the client declares (default: [uwlr.ea]'s defaults), or whose "
                                      "[bestellen.klant] table describes the ordering client."),
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
        if list(standard) not in (["eckid"], ["uwlr"], ["bestellen"]) or defect:
            console.print("[red]--judge works with --standard eckid, uwlr or bestellen alone, without "
                          "--defect[/red]")
            raise typer.Exit(2)
        if standard[0] == "bestellen":
            _serve_bestellen_judge(write_config.parent / "bestellen-judge.json", judge_config)
        elif standard[0] == "uwlr":
            _serve_uwlr_judge(write_config.parent / "uwlr-judge.json", judge_config)
        else:
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


class _Judge(Protocol):
    """What serving a started client judge needs of it."""

    pki_files: dict[str, Path]

    def write_findings(self, path: Path, verdicts: dict[str, Any]) -> Path: ...
    def stop(self) -> None: ...


def _say(text: str) -> None:
    console.print(text, markup=False, soft_wrap=True)


def _serve_eckid_judge(findings: Path, config: Path | None) -> None:
    """The suite as NV: a LAS hashes the test PGNs with the environment's salt and sends the hPGNs; every call and
    hPGN is judged (the same verdicts as the LAS tests of a run), written to `findings` on stop."""
    from conformance.paths import state_dir
    from conformance.standards.eckid.client_judge.judge import PUBLISHED_PGNS, JudgeSettings, start_judge
    from conformance.standards.eckid.client_judge.settings import read_las_settings
    from conformance.standards.eckid.client_judge.verdicts import assess_all

    settings = (_judge_settings(config, "eckid", "las", read_las_settings) if config is not None
                else JudgeSettings())
    running = start_judge(state_dir(), settings, live=True, on_judgement=lambda o: _say(
        f"{o.outcome.value}: {', '.join(o.requirements)}: {o.message}"))
    lines = [f"eckid judge: NV endpoint {running.endpoint} (mutual TLS)", *_pki_lines(running, "LAS")]
    if config is None:
        lines.append(f"  first-level salt: {settings.salt} (published test salt); test PGNs: "
                     f"{', '.join(PUBLISHED_PGNS)} (published, eckid §3.1); wsa:From school OIN: "
                     f"{', '.join(settings.scholen)}")
    else:
        lines.append(f"  {len(settings.pgns)} test pupils and the salt of [eckid.las] in {config}")
    computation = running.computation()
    if computation:
        lines.append(f"  {computation}")
    _serve_judge(running, lines, findings, lambda: assess_all(running))


def _serve_uwlr_judge(findings: Path, config: Path | None) -> None:
    """The suite as LAS: a client (EA) fetches the synthetic school's pupil data and pushes results; every call is
    judged as it comes (the same verdicts as the client tests of a run), written to `findings` on stop."""
    from conformance.paths import state_dir
    from conformance.standards.uwlr.client_judge.judge import PLAN, EaCall, start_ea_judge
    from conformance.standards.uwlr.client_judge.settings import EaSettings, read_ea_settings
    from conformance.standards.uwlr.client_judge.verdicts import call_findings, judge_all

    settings = _judge_settings(config, "uwlr", "ea", read_ea_settings) if config is not None else EaSettings()

    def show(call: EaCall) -> None:
        fetch = f"fetch {call.fetch + 1} " if call.fetch is not None else ""
        problems = call_findings(running.app, call)
        _say(f"{fetch}{call.operation or 'no UWLR request'}: answered {call.ending}; "
             + ("; ".join(problems) if problems else "valid, issued credentials, as declared"))

    running = start_ea_judge(state_dir(), settings, on_call=show)
    school = running.school
    _serve_judge(running, [
        f"uwlr judge: LAS endpoint {running.endpoint} (mutual TLS)",
        f"  results endpoint {running.results_endpoint}",
        *_pki_lines(running, "client"),
        f"  school: brincode {school.brincode}, dependancecode {school.dependancecode}, schooljaar "
        f"{school.schooljaar}; klantnaam {settings.klantnaam!r}, klantcode {settings.klantcode!r}, "
        + ("autorisatiesleutel issued for this session: " + settings.autorisatiesleutel
           if settings.key_issued else "autorisatiesleutel from [uwlr.ea]"),
        f"  declared: xsdversie {settings.versie}, gegevenssetid {settings.gegevenssetid!r}, "
        f"{', '.join(sorted(settings.operaties))}; {len(PLAN)} fetches at least "
        f"{settings.min_pollinterval:g} s apart (answers: {', '.join(PLAN)})",
    ], findings, lambda: judge_all(running))


def _serve_bestellen_judge(findings: Path, config: Path | None) -> None:
    """The suite as supplier: an ordering client orders from the judging supplier's catalogue and cancels; every
    call is shown as it comes (the same verdicts as the client tests of a run), written to `findings` on stop."""
    from conformance.paths import state_dir
    from conformance.standards.bestellen.client_judge.judge import OFFER, PLAN, KlantCall, start_klant_judge
    from conformance.standards.bestellen.client_judge.settings import KlantSettings, read_klant_settings
    from conformance.standards.bestellen.client_judge.verdicts import call_findings, judge_all

    settings = (_judge_settings(config, "bestellen", "klant", read_klant_settings) if config is not None
                else KlantSettings())

    def show(call: KlantCall) -> None:
        order = f"order {call.order} " if call.order is not None else ""
        refused = "".join(f"; line {n} refused ({code})" for n, code in call.refused)
        problems = call_findings(call)
        _say(f"{order}{call.operation or 'no ordering request'}: {call.ending}{refused}"
             + ("; " + "; ".join(problems) if problems else ""))

    running = start_klant_judge(state_dir(), settings, on_call=show)
    _serve_judge(running, [
        f"bestellen judge: orders endpoint {running.endpoint} (mutual TLS, {settings.profiel})",
        f"  licences endpoint {running.licences_endpoint}",
        *_pki_lines(running, "client"),
        f"  client OIN {settings.oin}, schools {', '.join(settings.scholen)}; catalogue: "
        + ", ".join(f"{p.product_id} ({p.state})" for p in OFFER),
        f"  new orders, in turn: {', '.join(PLAN)} (and so on)",
    ], findings, lambda: judge_all(running))


def _pki_lines(running: _Judge, who: str) -> list[str]:
    """Where the judge's test PKI files are, for the client under test (`who`)."""
    return [f"  {who} {name}: {path}" for name, path in running.pki_files.items()]


def _serve_judge(running: _Judge, lines: list[str], findings: Path, verdicts: Callable[[], dict[str, Any]]) -> None:
    """Announce the started judge by `lines` and serve until Ctrl-C; then write the `verdicts` to `findings`."""
    try:
        for line in lines:
            _say(line)
        _say("stop with Ctrl-C")
        _wait_for_interrupt()
    except KeyboardInterrupt:
        _say(f"stopping; findings in {running.write_findings(findings, verdicts())}")
    finally:
        running.stop()


def _judge_settings(path: Path, standard: str, table: str, read: Callable[[Section], _Settings]) -> _Settings:
    """The `[standard.table]` of the config at `path`, read by `read`; exit 2 when it is bad or absent."""
    from conformance.config import load_config
    from conformance.errors import ConfigError

    try:
        candidate = load_config(path, known_standards=all_standards())
        section = candidate.section(standard)
        client = section.table(table, required=False) if section is not None else None
        settings = read(client) if client is not None else None
        if client is not None:
            client.reject_unknown_keys()  # only the client's table is judged here; the server side's keys are another run's
    except ConfigError as exc:
        console.print(f"[red]configuration error: {exc}[/red]")
        raise typer.Exit(2) from exc
    if settings is None:
        console.print(f"{path} has no [{standard}.{table}] table", markup=False, style="red")
        raise typer.Exit(2)
    return settings


def _wait_for_interrupt() -> None:
    """Until Ctrl-C. In short waits: a SIGINT the kernel hands to a worker thread (the hashing or server threads)
    does not wake a main thread blocked on a lock without timeout, so an endless wait could miss it."""
    stop = threading.Event()
    while not stop.wait(0.2):
        pass
