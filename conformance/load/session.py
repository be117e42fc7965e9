"""One `conformance load` run: the candidate (or the demo references), the mix, Locust, the verdicts, the files."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import shutil
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from conformance.config import CandidateConfig, Section, config_secrets, load_config
from conformance.harness import RunResult, demo_config, reference_endpoints, temporary_config_path
from conformance.load.chart import latency_chart
from conformance.load.correctness import judge_samples
from conformance.load.defects import apply_load_defects
from conformance.load.mix import Operation, demo_standards, planned_mix
from conformance.load.runner import LoadRunError, run_locust, run_worker
from conformance.load.settings import LoadSettings, read_load_settings
from conformance.load.stats import PERCENTILES, LoadStats, read_stats
from conformance.load.verdicts import avail_tests, load_run_result
from conformance.outcomes import Outcome
from conformance.report import Redactor, write_all
from conformance.standards import all_standards, get_standard

__all__ = ["LoadRequest", "load_section", "run_load", "run_remote_worker"]

_SAMPLE_CHARS = 4000
#: the demo's own load: five users keep each load defect on its one requirement with a wide margin (a throughput
#: floor of 15 per second means at least 333 ms per answer when served one at a time, far under p95 1000 ms)
DEMO_LOAD_TABLE = "\n[load]\nusers = 5\n"


@dataclasses.dataclass(frozen=True, kw_only=True)
class LoadRequest:
    """What the command line asked for."""

    config: Path | None
    demo: bool
    output: Path
    standards: list[str] = dataclasses.field(default_factory=list)
    profile: str = "start-schooljaar"
    duration: str | None = None
    users: int | None = None
    rate: float | None = None
    workers: int = 0
    remote_workers: int = 0  # with master: workers awaited from other machines
    master_bind: str = "127.0.0.1"
    defects: list[str] = dataclasses.field(default_factory=list)


def load_section(path: Path) -> Section | None:
    """The `[load]` table of the config at `path` (None when it has none): read by `conformance load` only."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    table = raw.get("load")
    return None if table is None else Section(table, "load", path.resolve().parent)


@contextlib.contextmanager
def _candidate(request: LoadRequest) -> Iterator[Path]:
    """The config to load: the candidate's, or one pointing at the demo references (with the load defects)."""
    if not request.demo:
        assert request.config is not None
        yield request.config
        return
    target = temporary_config_path()
    try:
        with reference_endpoints(request.standards or demo_standards(request.defects), []) as running:
            apply_load_defects([getattr(reference, "server", None) for reference in running.values()],
                               request.defects)
            demo_config(running, target)
            with target.open("a", encoding="utf-8") as stream:
                stream.write(DEMO_LOAD_TABLE)
            yield target
    finally:
        target.unlink(missing_ok=True)


def _describe(candidate: CandidateConfig, operations: list[Operation]) -> dict[str, Any]:
    return {"naam": candidate.naam, "organisatie": candidate.organisatie, "operator": candidate.operator,
            "config": str(candidate.source) if candidate.source else None,
            "endpoints": {op.name: op.url for op in operations}, "plain_http": candidate.tls.allow_plain_http}


def run_remote_worker(config: Path, *, master_host: str, standards: list[str], duration: str | None,
                      work: Path) -> int:
    """This machine as one more worker of a master elsewhere, sending the same mix from the same config."""
    settings = read_load_settings(load_section(config), duration=duration)
    candidate = load_config(config, known_standards=all_standards())
    operations = planned_mix(candidate, standards, settings)
    return run_worker(operations, settings, candidate.tls, work, master_host=master_host)


def run_load(request: LoadRequest) -> RunResult:
    """Run the profile and write results.json, report.html, junit.xml, earl.jsonld, load.json and load.html."""
    started = dt.datetime.now(dt.timezone.utc).astimezone()
    with _candidate(request) as path:
        settings = read_load_settings(load_section(path), duration=request.duration, users=request.users,
                                      rate=request.rate)  # the bounds first: no run without them
        candidate = load_config(path, known_standards=all_standards())
        operations = planned_mix(candidate, request.standards, settings)
        work = request.output / "locust"
        harness_errors: list[str] = []
        try:
            files = run_locust(operations, settings, candidate.tls, work, workers=request.workers,
                               remote_workers=request.remote_workers, bind=request.master_bind)
        except LoadRunError as exc:
            harness_errors.append(str(exc))
            files = None
    stats = read_stats(files) if files is not None else None
    if stats is None or files is None:
        tests = [dataclasses.replace(t, outcome=Outcome.ERROR, message=harness_errors[0])
                 for t in avail_tests(_empty(), settings, judge_samples(work, operations))]
    else:
        tests = avail_tests(stats, settings, judge_samples(files.samples, operations))
    run = load_run_result(tests, started=started, candidate=_describe(candidate, operations),
                          mode="demo" if request.demo else "self-test", defects=list(request.defects),
                          harness_errors=harness_errors)
    secrets = config_secrets(candidate)
    data = write_all(run, request.output, secrets=secrets)
    if stats is not None:
        _write_load_report(run, data, stats, settings, request, operations, secrets)
    if files is not None:
        shutil.rmtree(files.samples, ignore_errors=True)  # unredacted answers: judged, not kept
    return run


def _empty() -> LoadStats:
    from conformance.load.stats import OperationStats

    nothing = OperationStats(name="Aggregated", requests=0, failures=0, rps=0.0, percentiles={})
    return LoadStats(operations=[], total=nothing, timeline=[], errors=[], duration_s=0.0)


def _redacted_errors(stats: LoadStats, operations: list[Operation], secrets: list[str]) -> list[dict[str, Any]]:
    names = {op.check["standard"] for op in operations}
    redactor = Redactor([get_standard(n).redaction for n in sorted(names)], secrets)
    errors = []
    for error in stats.errors:
        sample = dict(error.sample) if error.sample else None
        if sample is not None:
            for key in ("request", "response"):
                sample[key] = redactor.body(str(sample[key]).encode("utf-8"), limit=_SAMPLE_CHARS)[0]
        errors.append({**dataclasses.asdict(error), "sample": sample})
    return errors


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("conformance.load", "templates"),
                              autoescape=jinja2.select_autoescape(["html", "jinja2"]),
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _write_load_report(run: RunResult, data: dict[str, Any], stats: LoadStats, settings: LoadSettings,
                       request: LoadRequest, operations: list[Operation], secrets: list[str]) -> None:
    outcomes = {t.requirements[0]: t for t in run.tests}
    document = {
        "verdict": run.verdict.value,
        "profile": request.profile,
        "workers": request.workers + request.remote_workers,
        "defects": list(request.defects),
        "candidate": data["candidate"],
        "settings": {**dataclasses.asdict(settings), "request_cap": settings.request_cap},
        "total": dataclasses.asdict(stats.total),
        "percentiles": list(PERCENTILES),
        "operations": [{**dataclasses.asdict(op), "level": dataclasses.asdict(settings.level(op.name))}
                       for op in stats.operations],
        "timeline": [dataclasses.asdict(p) for p in stats.timeline],
        "errors": _redacted_errors(stats, operations, secrets),
        "requirements": [{"id": r.requirement.id, "level": r.requirement.level, "outcome": r.outcome.value,
                          "message": outcomes[r.requirement.id].message if r.requirement.id in outcomes
                          else r.reason} for r in run.requirements],
    }
    (request.output / "load.json").write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    html = _environment().get_template("load.html.jinja2").render(**document, chart=latency_chart(stats.timeline))
    (request.output / "load.html").write_text(html, encoding="utf-8")
