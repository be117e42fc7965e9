"""OIN parsing against the examples and rules of spec §2.7."""

from __future__ import annotations

import pytest

from conformance.pki.oin import (
    PREFIXES,
    Oin,
    oin_from_certificate,
    parse_oin,
    school_oin,
)
from tests.certificates import with_serial_number


def test_brin_based_school_oin_from_the_spec():
    oin = parse_oin("0000000700025BE00000")
    assert oin == Oin(value="0000000700025BE00000", prefix="00000007", prefix_meaning=PREFIXES["00000007"],
                      main_number="00025BE0", suffix="0000", brincode="25BE")
    assert not oin.is_test
    assert str(oin) == "0000000700025BE00000"
    assert "BRIN" in oin.prefix_meaning


def test_duo_rsin_based_oin_has_a_nine_position_hoofdnummer():
    oin = parse_oin("00000001800866472000")
    assert (oin.prefix, oin.main_number, oin.suffix) == ("00000001", "800866472", "000")
    assert oin.prefix_meaning.startswith("RSIN")
    assert oin.brincode is None
    assert not oin.is_test


def test_rsin_ending_in_zero_keeps_nine_positions():
    oin = parse_oin("00000001123456780000")
    assert (oin.main_number, oin.suffix) == ("123456780", "000")


@pytest.mark.parametrize("value", ["00000099500000010000", "00000099123456789000", "00000099ABCDEFGH0000"])
def test_test_oins(value):
    oin = parse_oin(value)
    assert oin.is_test
    assert oin.prefix == "00000099"
    assert "test" in oin.prefix_meaning
    assert len(oin.main_number) + len(oin.suffix) == 12


def test_test_like_brin_from_kennisnet_example():
    assert parse_oin("0000000700099ZZ00000").brincode == "99ZZ"


@pytest.mark.parametrize(("value", "reason"), [
    ("0000000700025BE0000", "OIN must be 20 characters, got 19"),
    ("0000000700025BE000000", "OIN must be 20 characters, got 21"),
    ("", "OIN must be 20 characters, got 0"),
    ("00000007 0025BE00000", "only contain letters and digits; character 9 is ' '"),
    ("00000007-0025BE00000", "character 9 is '-'"),
    ("0000000700025B\u00c900000", "character 15 is '\u00c9'"),
    ("000000070002\u0663BE00000", "character 13 is '\u0663'"),
    ("0000000700025be00000", "letters must be upper case; character 14 is 'b'"),
    ("12345678000000010000", "unknown OIN prefix '12345678'"),
    ("00000012000000010000", "unknown OIN prefix '00000012'"),
    ("00000005000000010000", "prefix '00000005' is free (not assigned)"),
    ("0000000700019HY34567", ("suffix must be '0000' after an 8-position hoofdnummer or '000' after a 9-position "
                              "one; the last 4 characters are '4567'")),
    ("00000099500000010001", "the last 4 characters are '0001'"),
    ("000000018008664A2000", "hoofdnummer of a RSIN (Handelsregister) OIN must be digits, got '8008664A2'"),
    ("00000003ABCDEFGH0000", "must be digits, got 'ABCDEFGH'"),
])
def test_invalid_oins_say_why_on_one_line(value, reason):
    with pytest.raises(ValueError) as caught:
        parse_oin(value)
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message


def test_non_string_is_rejected():
    with pytest.raises(ValueError, match="must be a string, got int"):
        parse_oin(20)  # type: ignore[arg-type]


def test_school_oin():
    assert school_oin("99XA") == "0000000700099XA00000"
    assert school_oin(" 25be ") == "0000000700025BE00000"
    assert parse_oin(school_oin("99XA")).brincode == "99XA"


@pytest.mark.parametrize("brin", ["9XA", "99XAB", "AB12", "99X-", "99XA00"])
def test_school_oin_rejects_what_is_not_a_brin4(brin):
    with pytest.raises(ValueError, match="BRIN4 is 2 digits followed by 2 letters or digits"):
        school_oin(brin)


def test_oin_from_certificate():
    assert oin_from_certificate(with_serial_number("00000099500000010000")) == "00000099500000010000"
    assert oin_from_certificate(with_serial_number(None)) is None
    # Returned as found: judging a malformed value is the caller's job.
    assert oin_from_certificate(with_serial_number("not-an-oin")) == "not-an-oin"
