"""The `[eckid.las]` table: a candidate LAS to be judged while the suite plays the NV.

Read here, not by the NV's settings: a config without this table has no LAS to judge, and its LAS tests are
inapplicable. The salt is a secret (give `salt_env`, the name of an environment variable, or `salt`).
"""

from __future__ import annotations

from typing import Any

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.pki.oin import parse_oin
from conformance.standards.eckid.hashing import decode_salt, pgn_problem
from conformance.standards.eckid.judge import JudgeSettings
from conformance.standards.eckid.reference import HPGN_PATTERN

__all__ = ["read_las_settings"]


def _number(section: Section, key: str, default: float, *, minimum: float, integer: bool = False,
            maximum: float | None = None) -> Any:
    if not section.has(key):
        return default
    value = section.data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise ConfigError(f"must be {'an integer' if integer else 'a number'}, found {value!r}",
                          field=f"{section.path}.{key}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ConfigError(f"must be {bound}, found {value!r}", field=f"{section.path}.{key}")
    return value


def _oins(section: Section, key: str, *, required: bool) -> tuple[str, ...]:
    values = section.str_list(key) if required else section.str_list(key, default=[])
    if required and not values:
        raise ConfigError("name at least one OIN", field=f"{section.path}.{key}")
    for i, value in enumerate(values):
        try:
            parse_oin(value)
        except ValueError as exc:
            raise ConfigError(f"not an OIN: {exc}", field=f"{section.path}.{key}[{i}]") from None
    return tuple(values)


def read_las_settings(eckid: Section) -> JudgeSettings | None:
    """The judging NV's settings from `[eckid.las]`; None when the table is absent. Errors name the field."""
    section = eckid.table("las", required=False)
    if section is None:
        return None
    pgns = section.str_list("pgns")
    if not pgns:
        raise ConfigError("name at least one test PGN", field=f"{section.path}.pgns")
    for i, pgn in enumerate(pgns):
        problem = pgn_problem(pgn)
        if problem:
            raise ConfigError(problem, field=f"{section.path}.pgns[{i}]")
    salt = section.secret("salt")
    try:
        decode_salt(salt)
    except ValueError as exc:
        raise ConfigError(str(exc), field=f"{section.path}.salt") from None
    hpgns = section.str_list("hpgns", default=[])
    if hpgns and len(hpgns) != len(pgns):
        raise ConfigError(f"give one precomputed hPGN per test PGN ({len(pgns)}), or none; found {len(hpgns)}",
                          field=f"{section.path}.hpgns")
    for i, value in enumerate(hpgns):
        if not HPGN_PATTERN.fullmatch(value):
            raise ConfigError("must be 64 lower-case hexadecimal characters", field=f"{section.path}.hpgns[{i}]")
    batches = section.data.get("gebruikt_batches", True)
    if not isinstance(batches, bool):
        raise ConfigError("must be true or false", field=f"{section.path}.gebruikt_batches")
    return JudgeSettings(
        pgns=tuple(pgns), salt=salt, hpgns=tuple(hpgns),
        scholen=_oins(section, "scholen", required=True),
        leveranciers=_oins(section, "leveranciers", required=False),
        omgeving=section.choice("omgeving", ("pilot", "productie"), default="pilot"),
        min_pollinterval=float(_number(section, "min_pollinterval", 20.0, minimum=0)),
        batch_vertraging=float(_number(section, "batch_vertraging", 45.0, minimum=0)),
        wachttijd=float(_number(section, "wachttijd", 600.0, minimum=1)),
        nawacht=float(_number(section, "nawacht", 5.0, minimum=0)),
        poort=int(_number(section, "poort", 0, minimum=0, maximum=65535, integer=True)),
        client_ca=section.path_value("client_ca"),
        gebruikt_batches=batches,
    )
