"""The form of an ECK iD, and the rules other standards apply to the ECK iDs they carry."""

from __future__ import annotations

import dataclasses
import re

__all__ = ["EckIdCheck", "check_eckid", "eckid_form_problems", "short_eckid"]

HOST = "https://ketenid.nl/"
ENVIRONMENTS = {"201703": "productie", "pilot": "pilot"}
_HEX = re.compile(r"[0-9a-f]{128}")


@dataclasses.dataclass(frozen=True)
class EckIdCheck:
    """Whether a value is an ECK iD, of which environment, and what is wrong with it."""

    valid: bool
    environment: str | None
    problems: list[str]


def check_eckid(value: str) -> EckIdCheck:
    """Judge `value` against the form seen in every published example (spec eckid §2.2)."""
    problems: list[str] = []
    if value != value.strip():
        problems.append("has leading or trailing whitespace")
        value = value.strip()
    if value.startswith(("https://id.school/", "http://id.school/")):
        return EckIdCheck(False, None, [*problems, "uses the legacy host id.school (replaced by ketenid.nl in 2018)"])
    if value.startswith("http://ketenid.nl/"):
        problems.append("uses http, not https")
        value = "https" + value[4:]
    if not value.startswith(HOST):
        return EckIdCheck(False, None, [*problems, f"does not start with {HOST}"])
    segment, _, hexpart = value[len(HOST):].partition("/")
    if segment == "sppilot":
        return EckIdCheck(False, None, [*problems, "is a stampseudoniem (sppilot), not an ECK iD"])
    environment = ENVIRONMENTS.get(segment)
    if environment is None:
        problems.append(f"has path segment {segment!r}; expected 201703 (productie) or pilot")
    if len(hexpart) != 128:
        problems.append(f"has {len(hexpart)} characters after the prefix; expected 128 hexadecimal digits")
    elif not _HEX.fullmatch(hexpart):
        if _HEX.fullmatch(hexpart.lower()):
            problems.append("has upper-case hexadecimal digits; issued ECK iDs are lower case")
        else:
            problems.append("has characters that are not hexadecimal digits")
    return EckIdCheck(not problems, environment, problems)


def eckid_form_problems(value: str, *, omgeving: str) -> list[str]:
    """Problems of `value` as an ECK iD of the declared environment ("productie", or "pilot"/"test")."""
    result = check_eckid(value)
    problems = list(result.problems)
    wanted = "productie" if omgeving == "productie" else "pilot"
    if result.environment is not None and result.environment != wanted:
        problems.append(f"is a {result.environment} ECK iD where the environment is {wanted}")
    return problems


def short_eckid(value: str) -> str:
    """An ECK iD as reports show it: only its last six characters."""
    return f"…{value[-6:]}" if len(value) > 6 else "…"
