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

__all__ = ["Achternaam", "Namenlijsten", "namenlijsten", "splits_voorvoegsel"]


@dataclasses.dataclass(frozen=True)
class Achternaam:
    """A surname as EDEXML stores it: the voorvoegsel apart, so sorting goes by "Meer", not "van"."""

    voorvoegsel: str | None
    naam: str


@dataclasses.dataclass(frozen=True)
class Namenlijsten:
    """The lists a generator draws from; tuples so a cached instance cannot be changed by a caller."""

    achternamen: tuple[Achternaam, ...]
    voorvoegsels: tuple[str, ...]
    jongens: tuple[str, ...]
    meisjes: tuple[str, ...]


def splits_voorvoegsel(volledig: str, voorvoegsels: tuple[str, ...]) -> Achternaam:
    """Split the longest known voorvoegsel off, so "van der Meer" does not become "van" + "der Meer"."""
    for voorvoegsel in sorted(voorvoegsels, key=len, reverse=True):
        if volledig.startswith(voorvoegsel + " ") and len(volledig) > len(voorvoegsel) + 1:
            return Achternaam(voorvoegsel, volledig[len(voorvoegsel) + 1:].strip())
    return Achternaam(None, volledig)


def _lees(folder: Path, naam: str) -> tuple[str, ...]:
    lines = (folder / naam).read_text(encoding="utf-8").splitlines()
    waarden = tuple(dict.fromkeys(line.strip() for line in lines if line.strip() and not line.startswith("#")))
    if not waarden:
        raise ValueError(f"{folder / naam} holds no names")
    return waarden


@cache
def namenlijsten(folder: Path | None = None) -> Namenlijsten:
    """Read once per process: the generator asks for names hundreds of thousands of times."""
    folder = folder if folder is not None else fixtures_dir() / "namen"
    voorvoegsels = _lees(folder, "voorvoegsels.txt")
    return Namenlijsten(
        achternamen=tuple(splits_voorvoegsel(n, voorvoegsels) for n in _lees(folder, "achternamen.txt")),
        voorvoegsels=voorvoegsels,
        jongens=_lees(folder, "voornamen_jongens.txt"),
        meisjes=_lees(folder, "voornamen_meisjes.txt"),
    )
