"""Name lists for synthetic people, read from fixtures/namen/ so they can grow without touching code.

Surnames are written as a Dutch reader writes them ("van der Meer"); the voorvoegsel is split off here
against voorvoegsels.txt, because EDEXML carries `voorvoegsel` and `achternaam` as separate fields.
Every person built from these lists is an invented combination, nobody real.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

from conformance.paths import fixtures_dir

__all__ = ["NameLists", "Surname", "name_lists", "split_voorvoegsel"]


@dataclasses.dataclass(frozen=True)
class Surname:
    """A surname as EDEXML stores it: the voorvoegsel apart, so sorting goes by "Meer", not "van"."""

    voorvoegsel: str | None
    name: str


@dataclasses.dataclass(frozen=True)
class NameLists:
    """The lists a generator draws from; tuples so a cached instance cannot be changed by a caller."""

    surnames: tuple[Surname, ...]
    voorvoegsels: tuple[str, ...]
    boys: tuple[str, ...]
    girls: tuple[str, ...]


def split_voorvoegsel(full: str, voorvoegsels: tuple[str, ...]) -> Surname:
    """Split the longest known voorvoegsel off, so "van der Meer" does not become "van" + "der Meer"."""
    for voorvoegsel in sorted(voorvoegsels, key=len, reverse=True):
        if full.startswith(voorvoegsel + " ") and len(full) > len(voorvoegsel) + 1:
            return Surname(voorvoegsel, full[len(voorvoegsel) + 1:].strip())
    return Surname(None, full)


def _read(folder: Path, file_name: str) -> tuple[str, ...]:
    lines = (folder / file_name).read_text(encoding="utf-8").splitlines()
    values = tuple(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.startswith("#")))
    if not values:
        raise ValueError(f"{folder / file_name} holds no names")
    return values


@cache
def name_lists(folder: Path | None = None) -> NameLists:
    """Read once per process: the generator asks for names hundreds of thousands of times."""
    folder = folder if folder is not None else fixtures_dir() / "namen"
    voorvoegsels = _read(folder, "voorvoegsels.txt")
    return NameLists(
        surnames=tuple(split_voorvoegsel(n, voorvoegsels) for n in _read(folder, "achternamen.txt")),
        voorvoegsels=voorvoegsels,
        boys=_read(folder, "voornamen_jongens.txt"),
        girls=_read(folder, "voornamen_meisjes.txt"),
    )
