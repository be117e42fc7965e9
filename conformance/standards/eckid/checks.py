"""The form of an ECK iD, and the rules other standards apply to the ECK iDs they carry.

No official pattern is published; the form below is the one every issued example follows (eckid §2.2).
Parties compare ECK iDs as exact strings, so anything a system might "helpfully" change (case, whitespace,
scheme) is a problem here. Problem texts never repeat the value: an ECK iD is personal data, so only its
structural parts (scheme, host, environment segment) and counts are named.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Literal

__all__ = [
    "DEFAULT_ENVIRONMENT",
    "ECKID_HOST",
    "ECKID_PATTERN",
    "HEX_LENGTH",
    "LEGACY_HOST",
    "OMGEVINGEN",
    "PREFIXES",
    "STAMPSEUDONIEM_PILOT_PREFIX",
    "EckIdForm",
    "Environment",
    "eckid_form",
    "eckid_form_problems",
    "short_eckid",
]

Environment = Literal["productie", "pilot"]

ECKID_HOST = "ketenid.nl"
LEGACY_HOST = "id.school"  # SchoolID, replaced by ketenid.nl on 29 January 2018 (eckid §2.1)
HEX_LENGTH = 128  # 512 bits
PREFIXES: dict[Environment, str] = {
    "productie": f"https://{ECKID_HOST}/201703/",  # 201703 is the NV interface version
    "pilot": f"https://{ECKID_HOST}/pilot/",
}
STAMPSEUDONIEM_PILOT_PREFIX = f"https://{ECKID_HOST}/sppilot/"
ECKID_PATTERN = re.compile(rf"https://ketenid\.nl/(201703|pilot)/[0-9a-f]{{{HEX_LENGTH}}}")
#: the environments a configuration may declare, and which ECK iD environment each accepts
#: (modelled: "productie accepts only 201703" is the spec author's inference, eckid §2.2)
OMGEVINGEN: dict[str, Environment] = {"productie": "productie", "pilot": "pilot", "test": "pilot"}
#: the ECK iD environment of a candidate's data when it declares none: what a LAS in use sends (the one default of
#: `[uwlr] eckid_omgeving` and `validate --eckid-omgeving`)
DEFAULT_ENVIRONMENT: Environment = "productie"

_SEGMENTS: dict[str, Environment] = {"201703": "productie", "pilot": "pilot"}
_URI = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<host>[^/?#]*)(?P<path>[^?#]*)(?P<rest>[?#].*)?",
                  re.DOTALL)
_HEX_ANY_CASE = re.compile(r"[0-9a-fA-F]+")
_SHOWN = 24  # longest host/segment/scheme a message repeats; longer ones are described by length
_EXPECTED = f"https://{ECKID_HOST}/201703/ or https://{ECKID_HOST}/pilot/ followed by {HEX_LENGTH} hexadecimal digits"


@dataclasses.dataclass(frozen=True)
class EckIdForm:
    """Whether a value is an ECK iD, of which environment, and what is wrong with it.

    `environment` is what the path segment names (201703 → productie, pilot → pilot), also when other parts are
    wrong, so a caller can still tell which environment a broken value was meant for; always check `valid`.
    """

    valid: bool
    environment: Environment | None
    problems: list[str]


def _named(kind: str, text: str) -> str:
    if len(text) <= _SHOWN:
        return f"{kind} {text!r}"
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} of {len(text)} characters"


def eckid_form(value: str) -> EckIdForm:
    """`value` read against the form of every issued ECK iD, naming each thing that is wrong. Not a `check_*`: the
    standard that carries the ECK iD turns the problems into Findings of its own requirement (UWLR-ID-05/06,
    ECKID-NV-ID-01), and `conformance eckid` prints them."""
    match = ECKID_PATTERN.fullmatch(value)
    if match:  # the common case, without building a report
        return EckIdForm(True, _SEGMENTS[match.group(1)], [])
    problems: list[str] = []
    if value == "":
        return EckIdForm(False, None, [f"is empty; an ECK iD is {_EXPECTED}"])
    text = value.strip()
    if text != value:
        problems.append("has leading or trailing whitespace; ECK iDs are compared as exact strings")
    if any(ch.isspace() for ch in text):
        problems.append("contains whitespace inside the value")
    if text == "":
        return EckIdForm(False, None, [f"is only whitespace; an ECK iD is {_EXPECTED}"])
    if "://" not in text:
        head = text.split("/", 1)[0].lower()
        if head in (ECKID_HOST, LEGACY_HOST):
            problems.append("has no scheme; an ECK iD starts with https://")
            text = "https://" + text
        else:
            problems.append(_bare_problem(text))
            return EckIdForm(False, None, problems)
    uri = _URI.fullmatch(text)
    if uri is None:
        problems.append(f"is not a URI; an ECK iD is {_EXPECTED}")
        return EckIdForm(False, None, problems)
    problems.extend(_scheme_problems(uri["scheme"]))
    problems.extend(_host_problems(uri["host"]))
    if uri["rest"]:
        problems.append("has a query or fragment (? or #) after the path; an ECK iD has neither")
    environment, segment_problems, hexpart = _path(uri["path"])
    problems.extend(segment_problems)
    if hexpart is not None:
        problems.extend(_hex_problems(hexpart))
    return EckIdForm(not problems, environment, problems)


def _bare_problem(text: str) -> str:
    """A value without scheme and host: say what it most likely is instead."""
    if _HEX_ANY_CASE.fullmatch(text):
        if len(text) == HEX_LENGTH:
            return (f"is only the {HEX_LENGTH} hexadecimal digits; an ECK iD keeps its prefix "
                    f"https://{ECKID_HOST}/<201703|pilot>/")
        if len(text) == 64:
            return "is 64 hexadecimal digits, the form of an hPGN, not an ECK iD"
    return f"is not an ECK iD URI (placeholder or other identifier); an ECK iD is {_EXPECTED}"


def _scheme_problems(scheme: str) -> list[str]:
    if scheme == "https":
        return []
    if scheme.lower() == "https":
        return [f"writes the scheme as {scheme!r}; issued ECK iDs use lower-case https and are compared exactly"]
    if scheme.lower() == "http":
        return ["uses http, not https"]
    return [f"uses {_named('scheme', scheme)}, not https"]


def _host_problems(host: str) -> list[str]:
    if host == ECKID_HOST:
        return []
    if host == "":
        return [f"has no host; expected {ECKID_HOST}"]
    if host.lower() == ECKID_HOST:
        return [f"writes the host as {host!r}; issued ECK iDs use lower-case {ECKID_HOST} and are compared exactly"]
    if host.lower() == LEGACY_HOST:
        return [f"uses the legacy host {LEGACY_HOST} (SchoolID), replaced by {ECKID_HOST} on 29 January 2018"]
    if "@" in host or ":" in host:
        return [f"has a user part or port in the host; expected exactly {ECKID_HOST}"]
    return [f"has {_named('host', host)}; expected {ECKID_HOST}"]


def _path(path: str) -> tuple[Environment | None, list[str], str | None]:
    """The environment, the path's problems, and the part that should be the hex (None when there is none)."""
    if path in ("", "/"):
        return None, [f"has nothing after the host; expected {_EXPECTED}"], None
    parts = path[1:].split("/")
    problems: list[str] = []
    if len(parts) == 1 and parts[0].lower() in (*_SEGMENTS, "sppilot"):
        parts.append("")  # "https://ketenid.nl/pilot": a segment without the hex part
    if len(parts) == 1:
        return None, ["has no environment segment (201703 or pilot) between the host and the hexadecimal part"], \
            parts[0]
    if len(parts) > 2 and parts[-1] == "":
        problems.append("ends with a slash after the hexadecimal part")
        parts.pop()
    if len(parts) > 2:
        problems.append(f"has {len(parts)} path segments; expected 2 (/<201703|pilot>/<hexadecimal part>)")
    segment, hexpart = parts[0], parts[-1]
    environment = _SEGMENTS.get(segment)
    if environment is not None:
        return environment, problems, hexpart
    if segment.lower() == "sppilot":
        problems.append(f"is a stampseudoniem ({STAMPSEUDONIEM_PILOT_PREFIX}), not an ECK iD; the stampseudoniem "
                        "is only input to the NV and never belongs in the chain")
        return None, problems, None
    if segment.lower() in _SEGMENTS:
        environment = _SEGMENTS[segment.lower()]
        problems.append(f"writes the environment segment as {segment!r}; expected lower-case {segment.lower()}")
    elif segment == "":
        problems.append("has an empty environment segment (//); expected 201703 or pilot")
    else:
        problems.append(f"has {_named('environment segment', segment)}; expected 201703 (productie) or pilot")
    return environment, problems, hexpart


def _hex_problems(hexpart: str) -> list[str]:
    if hexpart == "":
        return [f"has no hexadecimal part after the environment segment; expected {HEX_LENGTH} hexadecimal digits"]
    problems: list[str] = []
    if len(hexpart) != HEX_LENGTH:
        problems.append(f"has a hexadecimal part of {len(hexpart)} characters; expected {HEX_LENGTH}")
    bad = list(dict.fromkeys(ch for ch in hexpart if ch not in "0123456789abcdefABCDEF" and not ch.isspace()))
    if bad:
        shown = ", ".join(repr(ch) for ch in bad[:5]) + (", …" if len(bad) > 5 else "")
        problems.append(f"contains characters that are not hexadecimal digits: {shown}")
    if any(ch in "ABCDEF" for ch in hexpart):
        problems.append("has upper-case hexadecimal digits; issued ECK iDs are lower case and compared exactly")
    return problems


def eckid_form_problems(value: str, *, omgeving: str) -> list[str]:
    """Problems of `value` as an ECK iD of the declared environment; [] when it is one.

    `omgeving` is "productie" (accepts only 201703) or "pilot"/"test" (accept only pilot); an unknown
    `omgeving` is the caller's bug and raises ValueError.
    """
    try:
        wanted = OMGEVINGEN[omgeving]
    except KeyError:
        raise ValueError(f"unknown omgeving {omgeving!r}; expected one of {', '.join(OMGEVINGEN)}") from None
    result = eckid_form(value)
    problems = list(result.problems)
    if result.environment is not None and result.environment != wanted:
        problems.append(f"is a {result.environment} ECK iD where the environment is {omgeving}, "
                        f"which accepts only {PREFIXES[wanted]}…")
    return problems


def short_eckid(value: str) -> str:
    """An ECK iD as reports and logs may show it: only its last six characters."""
    return "…" + value[-6:]
