"""The hPGN against the published reference-client vectors (eckid §3.1), and the input it refuses.

Only the two current-parameter vectors pay the full scrypt cost (~8 s each); everything else uses the
published pre-2016 parameters, which are 32 times cheaper, or never reaches scrypt.
"""

from __future__ import annotations

import hashlib

import pytest

from conformance.standards.eckid import hashing
from conformance.standards.eckid.hashing import (
    LEGACY_SCRYPT_N,
    LEGACY_SCRYPT_P,
    SCRYPT_DKLEN,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    decode_salt,
    hpgn,
    pgn_problem,
)

SALT = "rktYml0MIp9TC9u6Ny6uqw=="  # the reference clients' published test salt
STUDENT = "063138219"  # the official test PGN (passes the BSN 11-test)
TEACHER = "20DP teacher@school.com"  # BRIN code + space + e-mail, as in the reference tests


def _legacy(pgn: str) -> str:
    return hpgn(pgn, SALT, n=LEGACY_SCRYPT_N, p=LEGACY_SCRYPT_P)


def test_parameters_are_the_published_ones():
    assert (SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN) == (131072, 8, 4, 32)
    assert (LEGACY_SCRYPT_N, LEGACY_SCRYPT_P) == (16384, 1)
    assert 128 * SCRYPT_R * SCRYPT_N < hashing.SCRYPT_MAXMEM


@pytest.mark.slow
@pytest.mark.parametrize(("pgn", "expected"), [
    (STUDENT, "9735dfd2235eaeb5f0300886bcc99c82ffc1d6420c4e0bde8de7218def2135fa"),
    (TEACHER, "0b870ff044775ef0360655c40d5b284b7e3ae2b72207a6894794d787eb019e60"),
], ids=["student", "teacher"])
def test_hpgn_reproduces_the_published_vectors(pgn, expected):
    assert hpgn(pgn, SALT) == expected


@pytest.mark.parametrize(("pgn", "expected"), [
    (STUDENT, "95237cd20963e630034620324550809a3df98bbe0774a36c356bf5dbc8a65e7b"),
    (TEACHER, "4cadf651ec0197909e6432cb8347369adba39f44276a5b3cd59d17066f10ab3e"),
], ids=["student", "teacher"])
def test_hpgn_reproduces_the_published_pre_2016_vectors(pgn, expected):
    assert _legacy(pgn) == expected


def test_only_lower_casing_is_applied():
    """Upstream asserts INPUT and input hash alike; the teacher vector shows it with a published value."""
    expected = "4cadf651ec0197909e6432cb8347369adba39f44276a5b3cd59d17066f10ab3e"
    assert _legacy("20dp TEACHER@School.COM") == expected
    assert _legacy("20dp teacher@school.com") == expected


@pytest.mark.parametrize("pgn", [STUDENT, "999999990", TEACHER, "00aa x.y@z.nl", "12AB a@b.c"])
def test_accepted_pgn_forms(pgn):
    assert pgn_problem(pgn) is None


@pytest.mark.parametrize(("pgn", "message"), [
    ("", "the PGN is empty"),
    (" 063138219", "leading or trailing whitespace"),
    ("063138219\n", "leading or trailing whitespace"),
    ("63138219", "the PGN has 8 digits; a BSN or onderwijsnummer has 9 (keep or restore the leading zeros"),
    ("1", "the PGN has 1 digit;"),
    ("0631382190", "the PGN has 10 digits; a BSN or onderwijsnummer has 9"),
    ("063 138 219", "contains separators"),
    ("063-138-219", "contains separators"),
    ("063.138.219", "contains separators"),
    ("20DP teacher", "starts like a staff identifier"),
    ("20DP a@b.c d@e.f", "starts like a staff identifier"),
    ("input", "must be 9 digits (BSN or onderwijsnummer) or, for staff"),
    ("٠٦٣١٣٨٢١٩", "must be 9 digits"),  # Arabic-Indic digits are not ASCII digits
    ("teacher@school.com", "must be 9 digits"),
])
def test_malformed_pgn_is_refused_with_a_reason(pgn, message):
    problem = pgn_problem(pgn)
    assert problem is not None and message in problem
    assert "\n" not in problem
    if len(pgn.strip()) > 3:
        assert pgn.strip() not in problem  # the PGN is personal data: never echoed
    with pytest.raises(ValueError, match="PGN"):
        hpgn(pgn, SALT)


@pytest.mark.parametrize(("salt", "message"), [
    ("not base64!", "not valid base64: Only base64 data is allowed"),
    ("rktYml0MIp9TC9u6Ny6uqw", "not valid base64: Incorrect padding"),
    ("abcde", "not valid base64"),
    ("rktYml0MIp9TC9u6Ny6uqw==x", "not valid base64"),
    ("ab-_", "URL-safe"),
    ("zoutjé==", "not valid base64"),
    (" rktYml0MIp9TC9u6Ny6uqw==", "leading or trailing whitespace"),
    ("rktYml0MIp9TC9u6Ny6uqw==\n", "leading or trailing whitespace"),
    ("", "the salt is empty"),
])
def test_malformed_salt_is_refused_with_a_reason(salt, message):
    with pytest.raises(ValueError) as info:
        decode_salt(salt)
    assert message in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(ValueError, match="salt"):
        hpgn(STUDENT, salt)


def test_salt_decodes_to_the_published_bytes():
    assert decode_salt(SALT).hex() == "ae4b589a5d0c229f530bdbba372eaeab"


def test_input_is_checked_before_the_expensive_hash(monkeypatch):
    def no_scrypt(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("scrypt ran on input that should have been refused")

    monkeypatch.setattr(hashlib, "scrypt", no_scrypt)
    for pgn, salt in (("63138219", SALT), (STUDENT, "not base64!")):
        with pytest.raises(ValueError):
            hpgn(pgn, salt)
