"""How many worker processes a run gets (`conformance run --jobs`): read apart from `_parallel`, so the command
line checks the value without importing pytest-xdist."""

from __future__ import annotations

import os

__all__ = ["machine_cores", "parse_jobs"]

_EXPECTED = "--jobs takes a whole number of workers (1 or more) or 'auto'"


def parse_jobs(value: str) -> int:
    """`--jobs`: a whole number of workers of at least 1, or `auto` for this machine's cores."""
    if value.strip().lower() == "auto":
        return machine_cores()
    try:
        jobs = int(value)
    except ValueError:
        raise ValueError(f"{_EXPECTED}, not {value!r}") from None
    if jobs < 1:
        raise ValueError(f"{_EXPECTED}, not {jobs}")
    return jobs


def machine_cores() -> int:
    """The cores this process may use (its CPU affinity where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
