"""What changed between two runs: suite versions, verdicts, and each test's outcome."""

from __future__ import annotations

import dataclasses
from typing import Any

__all__ = ["RunDiff", "diff_results"]


@dataclasses.dataclass(frozen=True)
class RunDiff:
    """The differences between an old and a new results.json."""

    header: list[tuple[str, str, str]]  # (field, old, new) where they differ
    changed: list[tuple[str, str, str]]  # (test id, old outcome, new outcome)
    added: list[tuple[str, str]]
    removed: list[tuple[str, str]]

    @property
    def empty(self) -> bool:
        return not (self.header or self.changed or self.added or self.removed)


def _instrument(results: dict[str, Any]) -> dict[str, str]:
    """The run's instrument as flat `instrument.<part>` fields; a run from before it was recorded has none."""
    found = results.get("provenance", {}).get("instrument") or {}
    flat = {f"instrument.{key}": str(value) for key, value in found.items() if key != "packages"}
    flat.update({f"instrument.{name}": str(version) for name, version in found.get("packages", {}).items()})
    return flat


def diff_results(old: dict[str, Any], new: dict[str, Any]) -> RunDiff:
    header = [
        (name, str(a), str(b))
        for name, a, b in (("suite.version", old["suite"]["version"], new["suite"]["version"]),
                           ("verdict", old["verdict"], new["verdict"]),
                           ("candidate", old["candidate"]["naam"], new["candidate"]["naam"]))
        if a != b
    ]
    before, after = _instrument(old), _instrument(new)
    header += [(name, before.get(name, "not recorded"), after.get(name, "not recorded"))
               for name in sorted(before.keys() | after.keys()) if before.get(name) != after.get(name)]
    before = {t["id"]: t["outcome"] for t in old["tests"]}
    after = {t["id"]: t["outcome"] for t in new["tests"]}
    return RunDiff(
        header=header,
        changed=[(tid, before[tid], after[tid]) for tid in sorted(before.keys() & after.keys())
                 if before[tid] != after[tid]],
        added=[(tid, after[tid]) for tid in sorted(after.keys() - before.keys())],
        removed=[(tid, before[tid]) for tid in sorted(before.keys() - after.keys())],
    )
