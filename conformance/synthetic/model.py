"""A synthetic school in the chain's own terms; every standard's reference draws on it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Protocol

__all__ = ["Groep", "Leerkracht", "LeerkrachtGroep", "Leerling", "SamengesteldeGroep", "School"]


class _Changed(Protocol):
    """Anything of a school with a mutatiedatum."""

    @property
    def mutatiedatum(self) -> dt.datetime | None: ...


@dataclasses.dataclass(frozen=True, kw_only=True)
class Groep:
    """A stamgroep: every pupil belongs to at most one."""

    key: str
    naam: str
    jaargroep: str  # EDEXJaargroepType: "1".."8", "C" for a combinatiegroep, ...
    omschrijving: str | None = None
    mutatiedatum: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class SamengesteldeGroep:
    """A cluster or subgroup across stamgroepen; has no jaargroep."""

    key: str
    naam: str
    omschrijving: str | None = None
    mutatiedatum: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Leerling:
    """A pupil. `pgn` is the BSN (or onderwijsnummer) that only the school system may see."""

    key: str
    eckid: str | None
    achternaam: str
    voorvoegsel: str | None
    voornamen: str
    voorletters: str
    roepnaam: str
    geboortedatum: dt.date
    geslacht: str  # "0" | "1" | "2" | "9"
    jaargroep: str
    groep_key: str | None
    samengestelde_groep_keys: tuple[str, ...]
    pgn: str  # 9 digits, passes the elfproef
    start_ondw_jgr3: dt.date | None = None
    emailadres: str | None = None
    mutatiedatum: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class LeerkrachtGroep:
    """A teacher's link to a group, with the role(s) held there."""

    key: str
    composed: bool
    roles: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Leerkracht:
    """A teacher or other staff member (EDEXLeerkrachtRolType roles)."""

    key: str
    eckid: str | None
    achternaam: str
    voorvoegsel: str | None
    voorletters: str
    roepnaam: str
    emailadres: str
    roles: tuple[str, ...]
    groepen: tuple[LeerkrachtGroep, ...]
    mutatiedatum: dt.datetime | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class School:
    """One school location with its pupils, groups and staff for one schooljaar."""

    naam: str
    brincode: str
    dependancecode: str
    schoolkey: str
    schooljaar: str  # "2026-2027"
    peildatum: dt.date
    groepen: tuple[Groep, ...]
    samengestelde_groepen: tuple[SamengesteldeGroep, ...]
    leerlingen: tuple[Leerling, ...]
    leerkrachten: tuple[Leerkracht, ...]
    oin: str  # 00000007 + 000 + BRIN + 00000 (modelled on the examples seen)

    @property
    def last_change(self) -> dt.datetime:
        """The newest mutatiedatum in the school; drives `geenwijzigingen`."""
        changed: tuple[_Changed, ...] = (*self.groepen, *self.samengestelde_groepen, *self.leerlingen,
                                         *self.leerkrachten)
        stamps = [x.mutatiedatum for x in changed]
        return max(s for s in stamps if s is not None)
