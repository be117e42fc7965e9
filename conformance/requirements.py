"""A standard's requirement catalogue: stable ids, MUST/SHOULD, our own wording, and the source.

Each standard keeps one `requirements.csv` beside its code with the columns

    id, level, text, source, actor, not_tested_reason

`level` is MUST, SHOULD or MAY. `source` names the spec section (e.g. "uwlr §1.12") or
"modelled: <why>" where the fact is UNCONFIRMED and we chose a reading. `not_tested_reason`
is filled only for a requirement no automatic test covers.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LEVELS", "Requirement", "RequirementCatalogue", "load_catalogue"]

LEVELS = ("MUST", "SHOULD", "MAY")
_COLUMNS = ("id", "level", "text", "source", "actor", "not_tested_reason")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Requirement:
    """One rule of a standard, as the suite words it."""

    id: str
    level: str
    text: str
    source: str
    actor: str
    not_tested_reason: str = ""

    @property
    def attested(self) -> bool:
        """No machine can test it; the candidate states it in `[attestations]` (not_tested_reason 'attested: …')."""
        return self.not_tested_reason.startswith("attested")

    @property
    def modelled(self) -> bool:
        """True where the spec is silent and the suite chose a reading."""
        return self.source.startswith("modelled")


@dataclasses.dataclass(frozen=True)
class RequirementCatalogue:
    """All requirements of one standard, in file order."""

    standard: str
    requirements: tuple[Requirement, ...]

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements)

    def __len__(self) -> int:
        return len(self.requirements)

    def __getitem__(self, req_id: str) -> Requirement:
        for req in self.requirements:
            if req.id == req_id:
                return req
        raise KeyError(req_id)

    def __contains__(self, req_id: object) -> bool:
        return any(req.id == req_id for req in self.requirements)


def load_catalogue(standard: str, path: Path) -> RequirementCatalogue:
    """Read and check a catalogue; a malformed file is our own bug, so it raises ValueError."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise ValueError(f"{path}: columns must be {', '.join(_COLUMNS)}, found {reader.fieldnames}")
        rows = [Requirement(**{k: (v or "").strip() for k, v in row.items()}) for row in reader]
    seen: set[str] = set()
    for req in rows:
        if req.id in seen:
            raise ValueError(f"{path}: duplicate requirement id {req.id}")
        if req.level not in LEVELS:
            raise ValueError(f"{path}: {req.id} has level {req.level!r}, expected one of {LEVELS}")
        if not req.text or not req.source:
            raise ValueError(f"{path}: {req.id} needs both text and source")
        seen.add(req.id)
    return RequirementCatalogue(standard, tuple(rows))
