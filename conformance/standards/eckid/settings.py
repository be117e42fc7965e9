"""The `[eckid]` table: the candidate NV (endpoint, profile, environment, keten and sector, batch rules, test hPGNs),
a candidate LAS to judge (`[eckid.las]`, read by client_judge/settings.py), or both.

In profile 2W-be-S the suite signs its requests with the key of its TLS client certificate (`[tls]`): the NV's
client is identified by that certificate anyway, so the signing party is the same.
"""

from __future__ import annotations

import dataclasses

from conformance.config import Section
from conformance.edukoppeling.receiver import PROFIELEN
from conformance.pki.oin import parse_oin
from conformance.standards._judging import TableSides
from conformance.standards.eckid.hashing import decode_salt
from conformance.standards.eckid.checks import Environment
from conformance.standards.eckid.client_judge.judge import JudgeSettings
from conformance.standards.eckid.client_judge.settings import hpgn_form, pgn_form, read_las_settings

__all__ = ["EckIdSettings", "EckIdTable", "declarations", "read_settings", "read_table"]

#: What an official run needs written out for an NV under test, and for a LAS to judge.
NV_DECLARATIONS = ("omgeving", "keten", "sector")
LAS_DECLARATIONS = ("las.omgeving",)


@dataclasses.dataclass(frozen=True, kw_only=True)
class EckIdSettings:
    """Everything the NV scenario tests need to know about the candidate NV."""

    endpoint: str
    omgeving: Environment
    oin: str  # the school's OIN, sent in wsa:From
    profiel: str  # Edukoppeling profile: "2W-be" (the NV's published one) or "2W-be-S" (signed)
    keten: str
    sector: str
    andere_keten: str | None  # a second valid keten; without it the chain-dependence test is inapplicable
    andere_sector: str | None
    dagelijkse_batchlimiet: int | None  # without it the daily-limit test is inapplicable
    batch_pollinterval: float  # seconds between retrieveBatch polls
    batch_pogingen: int
    hpgns: tuple[str, ...]  # precomputed test hPGNs
    pgns: tuple[str, ...]  # test PGNs, hashed once per session with `salt`
    salt: str | None = dataclasses.field(repr=False, default=None)

    @property
    def signed(self) -> bool:
        return self.profiel == "2W-be-S"


def read_settings(section: Section) -> EckIdSettings:
    """Read the NV's part of `[eckid]`; every problem is a ConfigError naming its field."""
    endpoint = section.url("endpoint") or ""  # first: a table without it most likely forgot the NV's address
    testdata = section.table("testdata", required=False)
    hpgns: list[str] = []
    pgns: list[str] = []
    salt: str | None = None
    if testdata is not None:
        testdata.allow("salt", "salt_env")  # read only when there are PGNs to hash
        hpgns = testdata.str_list("hpgns", default=[], check=hpgn_form)
        pgns = testdata.str_list("pgns", default=[], check=pgn_form)
        if pgns:
            salt = testdata.secret("salt", check=decode_salt)
    oin = section.str("oin", check=parse_oin) or ""
    return EckIdSettings(
        endpoint=endpoint,
        omgeving=section.choice("omgeving", ("pilot", "productie")),
        oin=oin,
        profiel=section.choice("profiel", PROFIELEN, default="2W-be"),
        keten=section.str("keten") or "",
        sector=section.str("sector") or "",
        andere_keten=section.str("andere_keten", required=False),
        andere_sector=section.str("andere_sector", required=False),
        dagelijkse_batchlimiet=section.number("dagelijkse_batchlimiet", None, integer=True, minimum=1),
        batch_pollinterval=section.number("batch_pollinterval", 21.0, minimum=0),
        batch_pogingen=section.number("batch_pogingen", 10, integer=True, minimum=1),
        hpgns=tuple(hpgns),
        pgns=tuple(pgns),
        salt=salt,
    )


@dataclasses.dataclass(frozen=True)
class EckIdTable:
    """What the candidate puts under test: its NV (`nv`), its LAS (`las`, judged while the suite plays the NV), or
    both; the tests of a side it does not declare are inapplicable."""

    nv: EckIdSettings | None
    las: JudgeSettings | None


_SIDES = TableSides(EckIdTable, "las", read_settings, read_las_settings, NV_DECLARATIONS, LAS_DECLARATIONS,
                    neither="declare the NV under test (endpoint, omgeving, oin, keten, sector) or a LAS to judge "
                            "([eckid.las]), or both")
read_table, declarations = _SIDES.read, _SIDES.declarations
