"""Locust's CSV statistics read back into plain records: per operation, over time, and the error kinds."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path
from typing import TypedDict

from conformance.load.runner import LocustFiles

__all__ = ["AGGREGATED", "ErrorKind", "LoadStats", "OperationStats", "TimePoint", "read_stats"]

AGGREGATED = "Aggregated"
PERCENTILES = ("50%", "90%", "95%", "99%", "100%")


@dataclasses.dataclass(frozen=True, kw_only=True)
class OperationStats:
    """One operation's totals; latencies in milliseconds."""

    name: str
    requests: int
    failures: int
    rps: float
    percentiles: dict[str, float]  # "50%" .. "100%" -> ms

    @property
    def error_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclasses.dataclass(frozen=True, kw_only=True)
class TimePoint:
    """One second of the run: users, throughput and the latency of the last few seconds (Locust's window)."""

    second: int
    users: int
    rps: float
    p50: float | None
    p95: float | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ErrorKind:
    """A kind of error with how often it came, and the first exchange of that kind."""

    kind: str
    operation: str
    occurrences: int
    sample: dict[str, object] | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class LoadStats:
    """Everything the verdicts and the report need from one Locust run."""

    operations: list[OperationStats]
    total: OperationStats
    timeline: list[TimePoint]
    errors: list[ErrorKind]
    duration_s: float


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None  # Locust writes N/A before the first answer


class _Entry(TypedDict):
    """One operation's row of the final statistics, as the locustfile's `_entry` writes it."""

    name: str
    requests: int
    failures: int
    rps: float
    percentiles: dict[str, float]


def _operation(entry: _Entry) -> OperationStats:
    percentiles = entry["percentiles"]
    assert isinstance(percentiles, dict)
    return OperationStats(name=str(entry["name"]), requests=int(entry["requests"]),
                          failures=int(entry["failures"]), rps=float(entry["rps"]),
                          percentiles={p: float(percentiles.get(p) or 0.0) for p in PERCENTILES})


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def _error_samples(samples: Path) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for path in sorted(samples.glob("error-*.json")):
        sample = json.loads(path.read_text(encoding="utf-8"))
        found.setdefault(str(sample["kind"]), sample)
    return found


def read_stats(files: LocustFiles) -> LoadStats:
    """Read a finished run: totals and percentiles from the final statistics, the timeline from the history."""
    final = json.loads(files.final.read_text(encoding="utf-8"))
    operations = [_operation(e) for e in final["operations"]]
    total = _operation(final["total"] | {"name": AGGREGATED})
    history = [r for r in _rows(files.history) if r["Name"] == AGGREGATED]
    start = int(history[0]["Timestamp"]) if history else 0
    timeline = [TimePoint(second=int(r["Timestamp"]) - start, users=int(r["User Count"]),
                          rps=float(r["Requests/s"]), p50=_number(r["50%"]), p95=_number(r["95%"]))
                for r in history]
    samples = _error_samples(files.samples)
    errors = []
    for row in final["errors"]:
        kind = str(row["kind"]).removeprefix("CatchResponseError(").removesuffix(")").strip("'\"")
        errors.append(ErrorKind(kind=kind, operation=str(row["operation"]), occurrences=int(row["occurrences"]),
                                sample=samples.get(kind)))
    errors.sort(key=lambda e: -e.occurrences)
    duration = max(1.0, float(timeline[-1].second) if timeline else 1.0)
    return LoadStats(operations=operations, total=total, timeline=timeline, errors=errors, duration_s=duration)
