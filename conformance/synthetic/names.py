"""Name lists for synthetic people, read from fixtures/namen/ (all invented combinations, no real person)."""

from __future__ import annotations

from functools import cache

from conformance.paths import fixtures_dir

__all__ = ["Namen", "namen"]


class Namen:
    """The lists a generator draws from."""

    def __init__(self) -> None:
        folder = fixtures_dir() / "namen"

        def read(name: str) -> tuple[str, ...]:
            lines = (folder / name).read_text(encoding="utf-8").splitlines()
            return tuple(dict.fromkeys(line.strip() for line in lines if line.strip()))

        self.achternamen = read("achternamen.txt")
        self.voorvoegsels = read("voorvoegsels.txt")
        self.jongens = read("voornamen_jongens.txt")
        self.meisjes = read("voornamen_meisjes.txt")


@cache
def namen() -> Namen:
    return Namen()
