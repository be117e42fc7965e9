"""Lexical forms of catalogue values (XSD types, URLs, EAN-13), parsed without trusting the input.

Values are compared after whitespace collapse, as xs:anyURI, xs:boolean and the date types do: the live
records carry URLs on their own indented line, and a validator must not call that a fault.
"""

from __future__ import annotations

import datetime as dt
import operator
import re

__all__ = [
    "collapse",
    "ean13_ok",
    "is_boolean",
    "is_duration",
    "is_http_url",
    "is_percentage",
    "is_whole_number",
    "parse_date",
    "parse_datetime",
    "shown",
]

_WS = re.compile(r"[ \t\r\n]+")
# ASCII digits only, whole value only (re.ASCII, fullmatch): "١٢٣" or "12\n" is not an XSD number
_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?", re.ASCII)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?", re.ASCII)
# xs:duration: P, then at least one of nY nM nD, or T with at least one of nH nM n(.n)S.
_DURATION = re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?", re.ASCII)
# scheme, then the authority (userinfo@host:port) up to the path; no blank anywhere
_HTTP = re.compile(r"[hH][tT][tT][pP][sS]?://([^\s/?#]+)[^\s]*")
_EAN_WEIGHTS = (1, 3) * 6
_WHOLE = re.compile(r"\d+", re.ASCII)
_DECIMAL = re.compile(r"\d+(\.\d+)?", re.ASCII)


def collapse(text: str | None) -> str:
    """XSD whitespace collapse: trim and fold runs of blanks into one space."""
    if not text:
        return ""
    text = text.strip(" \t\r\n")
    if "\n" in text or "\t" in text or "\r" in text or "  " in text:
        text = _WS.sub(" ", text)
    return text


def shown(value: str, limit: int = 100) -> str:
    """A value as a message quotes it: a hostile megabyte of text must not become a megabyte of report."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def is_boolean(value: str) -> bool:
    return value in ("true", "false", "1", "0")


def is_whole_number(value: str) -> bool:
    """A non-negative integer in plain digits: no sign, no decimals, no exponent."""
    return bool(_WHOLE.fullmatch(value))


def is_percentage(value: str) -> bool:
    """A decimal between 0 and 100 without a percent sign, as the live records write VAT (9.0, 21.00)."""
    return bool(_DECIMAL.fullmatch(value)) and float(value) <= 100


def is_duration(value: str) -> bool:
    return bool(_DURATION.fullmatch(value))


def parse_datetime(value: str) -> dt.datetime | None:
    """An xs:dateTime as an aware datetime (no zone read as UTC, 24:00:00 as next midnight), else None.

    The pattern decides the lexical form; `fromisoformat` (which alone would accept more) does the sums.
    """
    match = _DATETIME.fullmatch(value)
    if not match:
        return None
    zone = match.group(8)
    if zone and zone != "Z" and (int(zone[1:3]) > 14 or int(zone[4:6]) > 59):
        return None
    extra = dt.timedelta()
    if match.group(4) == "24":
        if match.group(5) != "00" or match.group(6) != "00" or (match.group(7) or "").strip("0"):
            return None
        value, extra = value[:11] + "00" + value[13:], dt.timedelta(days=1)
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    try:
        return stamp + extra
    except OverflowError:
        return None


def parse_date(value: str) -> dt.date | None:
    """An xs:date's calendar day (its zone, if any, does not change the day), else None."""
    match = _DATE.fullmatch(value)
    if not match:
        return None
    year, month, day, zone = match.groups()
    if zone and zone != "Z" and (int(zone[1:3]) > 14 or int(zone[4:6]) > 59):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def is_http_url(value: str) -> bool:
    """An absolute http or https URL with a host and no blanks inside."""
    match = _HTTP.fullmatch(value)
    if not match:
        return False
    host = match.group(1).rpartition("@")[2]
    return bool(host) and not host.startswith(":")


def ean13_ok(digits: str) -> bool:
    """The GS1 check digit of a 13-digit EAN (ISBN-13 included) matches."""
    total: int = sum(map(operator.mul, map(int, digits[:12]), _EAN_WEIGHTS))
    return (10 - total % 10) % 10 == int(digits[12])
