"""The `[eckid.las]` table: a candidate LAS to be judged while the suite plays the NV.

Read here, not by the NV's settings: a config without this table has no LAS to judge, and its LAS tests are
inapplicable. The salt is a secret (give `salt_env`, the name of an environment variable, or `salt`).
"""

from __future__ import annotations

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.pki.oin import parse_oin
from conformance.standards._judging import read_client_judge
from conformance.standards.eckid.hashing import decode_salt, pgn_problem
from conformance.standards.eckid.client_judge.judge import JudgeSettings
from conformance.standards.eckid.reference import HPGN_PATTERN

__all__ = ["hpgn_form", "pgn_form", "read_las_settings"]


def hpgn_form(value: str) -> None:
    """A configured hPGN's form: the 64 lower-case hex characters the NV takes."""
    if not HPGN_PATTERN.fullmatch(value):
        raise ValueError("must be 64 lower-case hexadecimal characters")


def pgn_form(value: str) -> None:
    """A configured test PGN's form: what `pgn_problem` accepts (the message never repeats the PGN)."""
    problem = pgn_problem(value)
    if problem:
        raise ValueError(problem)


def read_las_settings(section: Section) -> JudgeSettings:
    """The judging NV's settings from the `[eckid.las]` table `section`; errors name the field."""
    pgns = section.str_list("pgns", check=pgn_form)
    if not pgns:
        raise ConfigError("name at least one test PGN", field=f"{section.path}.pgns")
    salt = section.secret("salt", check=decode_salt)
    hpgns = section.str_list("hpgns", default=[], check=hpgn_form)
    if hpgns and len(hpgns) != len(pgns):
        raise ConfigError(f"give one precomputed hPGN per test PGN ({len(pgns)}), or none; found {len(hpgns)}",
                          field=f"{section.path}.hpgns")
    scholen = tuple(section.str_list("scholen", check=parse_oin))
    if not scholen:
        raise ConfigError("name at least one OIN", field=f"{section.path}.scholen")
    return JudgeSettings(
        pgns=tuple(pgns), salt=salt, hpgns=tuple(hpgns),
        scholen=scholen,
        leveranciers=tuple(section.str_list("leveranciers", default=[], check=parse_oin)),
        omgeving=section.choice("omgeving", ("pilot", "productie"), default="pilot"),
        min_pollinterval=section.number("min_pollinterval", 20.0, minimum=0),
        batch_vertraging=section.number("batch_vertraging", 45.0, minimum=0),
        gebruikt_batches=section.flag("gebruikt_batches", True),
        steekproef=section.number("steekproef", 0, integer=True, minimum=0),
        **read_client_judge(section, server="the judging NV", client="LAS", wachttijd=JudgeSettings.wachttijd),
    )
