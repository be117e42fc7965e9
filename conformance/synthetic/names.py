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

__all__ = ["Achternaam", "NameLists", "name_lists", "split_voorvoegsel"]


@dataclasses.dataclass(frozen=True)
class Achternaam:
    """A surname as EDEXML stores it: the voorvoegsel apart, so sorting goes by "Meer", not "van"."""

    voorvoegsel: str | None
    naam: str


@dataclasses.dataclass(frozen=True)
class NameLists:
    """The lists a generator draws from; tuples so a cached instance cannot be changed by a caller."""

    achternamen: tuple[Achternaam, ...]
    voorvoegsels: tuple[str, ...]
    boys: tuple[str, ...]
    girls: tuple[str, ...]


def split_voorvoegsel(full: str, voorvoegsels: tuple[str, ...]) -> Achternaam:
    """Split the longest known voorvoegsel off, so "van der Meer" does not become "van" + "der Meer"."""
    for voorvoegsel in sorted(voorvoegsels, key=len, reverse=True):
        if full.startswith(voorvoegsel + " ") and len(full) > len(voorvoegsel) + 1:
            return Achternaam(voorvoegsel, full[len(voorvoegsel) + 1:].strip())
    return Achternaam(None, full)


def _lees(folder: Path, naam: str) -> tuple[str, ...]:
    lines = (folder / naam).read_text(encoding="utf-8").splitlines()
    waarden = tuple(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.startswith("#")))
    if not waarden:
        raise ValueError(f"{folder / naam} holds no names")
    return waarden


@cache
def name_lists(folder: Path | None = None) -> NameLists:
    """Read once per process: the generator asks for names hundreds of thousands of times."""
    folder = folder if folder is not None else fixtures_dir() / "namen"
    voorvoegsels = _lees(folder, "voorvoegsels.txt")
    return NameLists(
        achternamen=tuple(split_voorvoegsel(n, voorvoegsels) for n in _lees(folder, "achternamen.txt")),
        voorvoegsels=voorvoegsels,
        boys=_lees(folder, "voornamen_jongens.txt"),
        girls=_lees(folder, "voornamen_meisjes.txt"),
    )
