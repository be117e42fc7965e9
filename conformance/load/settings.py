"""The `[load]` table and the command line's overrides: how hard, how long, and the declared service levels.

Every load run is bounded: an explicit duration (no default: a forgotten one must not mean "forever"), at most
MAX_DURATION_S, and a request cap, so a run stops by itself even when the candidate answers faster than expected.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TypedDict

from conformance.config import Section
from conformance.errors import ConfigError

__all__ = ["DEFAULT_POOL", "MAX_DURATION_S", "LoadSettings", "ServiceLevel", "parse_duration", "read_load_settings"]

MAX_DURATION_S = 3600
#: requests per second the cap allows by default: above what two cores of Locust workers make, so it bounds a
#: runaway rather than a normal run
_CAP_RATE = 500
_UNITS = {"s": 1, "m": 60, "h": 3600}
#: distinct pre-built requests per addressed operation, each sent once (`pool` in [load])
DEFAULT_POOL = 300
MAX_POOL = 5000


@dataclasses.dataclass(frozen=True, kw_only=True)
class ServiceLevel:
    """The latency an operation must keep under load, in milliseconds."""

    p95_ms: float
    p99_ms: float


@dataclasses.dataclass(frozen=True, kw_only=True)
class LoadSettings:
    """One load run: its bounds, its shape and the service levels it is judged by."""

    duration_s: int
    users: int = 10
    spawn_rate: float = 10.0
    rate: float | None = None  # client actions per second over all users (getrapt: two requests); None: flat out
    max_requests: int = 0  # 0: duration × _CAP_RATE
    error_rate_max: float = 0.01
    throughput_min: float = 15.0
    default_level: ServiceLevel = ServiceLevel(p95_ms=1000.0, p99_ms=3000.0)
    levels: dict[str, ServiceLevel] = dataclasses.field(default_factory=dict)  # operation name -> level
    sample_every: int = 10  # every N-th good answer of an operation is judged for correctness
    sample_limit: int = 20  # at most this many answers judged per operation
    pool: int = DEFAULT_POOL  # requests built before the run per addressed operation; spent, it is sent no more

    @property
    def request_cap(self) -> int:
        return self.max_requests or self.duration_s * _CAP_RATE

    def level(self, operation: str) -> ServiceLevel:
        return self.levels.get(operation, self.default_level)


def parse_duration(text: str | int, *, field: str = "load.duration") -> int:
    """Seconds from `20s`, `2m`, `1h` or a bare number of seconds; at least 1 s and at most MAX_DURATION_S."""
    if isinstance(text, bool) or not isinstance(text, (int, str)):
        raise ConfigError(f"must be a duration like 60s, 2m or 1h, found {text!r}", field=field)
    match = re.fullmatch(r"\s*(\d+)\s*([smh]?)\s*", str(text))
    if match is None:
        raise ConfigError(f"must be a duration like 60s, 2m or 1h, found {text!r}", field=field)
    seconds = int(match[1]) * _UNITS[match[2] or "s"]
    if not 1 <= seconds <= MAX_DURATION_S:
        raise ConfigError(f"must be from 1 s to {MAX_DURATION_S} s, found {text!r}", field=field)
    return seconds


class _Values(TypedDict, total=False):
    """The LoadSettings fields read so far: from `[load]`, then from the command line."""

    duration_s: int
    users: int
    spawn_rate: float
    rate: float | None
    max_requests: int
    error_rate_max: float
    throughput_min: float
    default_level: ServiceLevel
    levels: dict[str, ServiceLevel]
    sample_every: int
    sample_limit: int
    pool: int


def read_load_settings(section: Section | None, *, duration: str | None = None, users: int | None = None,
                       rate: float | None = None) -> LoadSettings:
    """The `[load]` table (may be absent) with the command line's values over it; no duration anywhere is an
    error, never a default."""
    values: _Values = {}
    if section is not None:
        if section.has("duration"):
            values["duration_s"] = parse_duration(section.data["duration"])
        section.allow("duration")
        values["users"] = section.number("users", 10, integer=True, minimum=1, maximum=10_000)
        values["spawn_rate"] = section.number("spawn_rate", 10.0, minimum=0.1)
        values["rate"] = section.number("rate", None, minimum=0.1)
        values["max_requests"] = section.number("max_requests", 0, integer=True, minimum=0)
        values["error_rate_max"] = section.number("error_rate_max", 0.01, minimum=0.0, maximum=1.0)
        values["throughput_min"] = section.number("throughput_min", 15.0, minimum=0.0)
        values["sample_every"] = section.number("sample_every", 10, integer=True, minimum=1)
        values["sample_limit"] = section.number("sample_limit", 20, integer=True, minimum=1)
        values["pool"] = section.number("pool", DEFAULT_POOL, integer=True, minimum=1, maximum=MAX_POOL)
        default = ServiceLevel(p95_ms=section.number("p95_ms", 1000.0, minimum=1.0),
                               p99_ms=section.number("p99_ms", 3000.0, minimum=1.0))
        values["default_level"] = default
        latency = section.table("latency", required=False)
        levels: dict[str, ServiceLevel] = {}
        if latency is not None:
            for operation in list(latency.data):
                entry = latency.table(operation)
                assert entry is not None
                levels[operation] = ServiceLevel(p95_ms=entry.number("p95_ms", default.p95_ms, minimum=1.0),
                                                 p99_ms=entry.number("p99_ms", default.p99_ms, minimum=1.0))
                entry.reject_unknown_keys()
            latency.reject_unknown_keys()
        values["levels"] = levels
        section.reject_unknown_keys()
    if duration is not None:
        values["duration_s"] = parse_duration(duration, field="--duration")
    if users is not None:
        if users < 1:
            raise ConfigError("must be at least 1", field="--users")
        values["users"] = users
    if rate is not None:
        if rate <= 0:
            raise ConfigError("must be more than 0", field="--rate")
        values["rate"] = rate
    if "duration_s" not in values:
        raise ConfigError("a load run needs an explicit duration: give --duration (e.g. 60s) or [load] duration",
                          field="load.duration")
    return LoadSettings(**values)
