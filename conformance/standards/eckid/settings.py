"""The candidate NV's `[eckid]` table: endpoint, profile, environment, keten and sector, batch rules, test hPGNs.

In profile 2W-be-S the suite signs its requests with the key of its TLS client certificate (`[tls]`): the NV's
client is identified by that certificate anyway, so the signing party is the same.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from conformance.config import Section
from conformance.edukoppeling.ontvanger import PROFIELEN
from conformance.errors import ConfigError
from conformance.pki.oin import parse_oin
from conformance.standards.eckid.hashing import decode_salt, pgn_problem
from conformance.standards.eckid.identifiers import Environment
from conformance.standards.eckid.reference import HPGN_PATTERN

__all__ = ["EckIdSettings", "read_settings"]


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
    def ondertekend(self) -> bool:
        return self.profiel == "2W-be-S"


def _number(section: Section, key: str, default: float | None, *, kind: type, minimum: float) -> Any:
    if not section.has(key):
        return default
    value = section.data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise ConfigError(f"must be {'an integer' if kind is int else 'a number'}, found {value!r}",
                          field=f"{section.path}.{key}")
    if value < minimum:
        raise ConfigError(f"must be at least {minimum}, found {value!r}", field=f"{section.path}.{key}")
    return kind(value)


def read_settings(section: Section) -> EckIdSettings:
    """Read `[eckid]`; every problem is a ConfigError naming its field."""
    testdata = section.table("testdata", required=False)
    hpgns: list[str] = []
    pgns: list[str] = []
    salt: str | None = None
    if testdata is not None:
        hpgns = testdata.str_list("hpgns", default=[])
        for i, value in enumerate(hpgns):
            if not HPGN_PATTERN.fullmatch(value):
                raise ConfigError("must be 64 lower-case hexadecimal characters", field=f"eckid.testdata.hpgns[{i}]")
        pgns = testdata.str_list("pgns", default=[])
        for i, pgn in enumerate(pgns):
            problem = pgn_problem(pgn)
            if problem:
                raise ConfigError(problem, field=f"eckid.testdata.pgns[{i}]")
        if pgns:
            salt = testdata.secret("salt")
            try:
                decode_salt(salt)
            except ValueError as exc:
                raise ConfigError(str(exc), field="eckid.testdata.salt") from None
    oin = section.str("oin") or ""
    try:
        parse_oin(oin)
    except ValueError as exc:
        raise ConfigError(f"must be the school's OIN: {exc}", field="eckid.oin") from None
    return EckIdSettings(
        endpoint=section.url("endpoint") or "",
        omgeving=section.choice("omgeving", ("pilot", "productie")),  # type: ignore[arg-type]
        oin=oin,
        profiel=section.choice("profiel", PROFIELEN, default="2W-be"),
        keten=section.str("keten") or "",
        sector=section.str("sector") or "",
        andere_keten=section.str("andere_keten", required=False),
        andere_sector=section.str("andere_sector", required=False),
        dagelijkse_batchlimiet=_number(section, "dagelijkse_batchlimiet", None, kind=int, minimum=1),
        batch_pollinterval=_number(section, "batch_pollinterval", 21.0, kind=float, minimum=0),
        batch_pogingen=_number(section, "batch_pogingen", 10, kind=int, minimum=1),
        hpgns=tuple(hpgns),
        pgns=tuple(pgns),
        salt=salt,
    )
