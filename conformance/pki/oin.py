"""OIN (Organisatie-identificatienummer) parsing, because Edukoppeling identifies parties by the OIN in
their certificate's Subject.serialNumber and in `?oin=` of the WS-Addressing headers (spec §2.3, §2.7).

Format (Logius OIN-stelsel): 20 characters = prefix (8) + hoofdnummer (8 or 9) + suffix ("0000" after an
8-position hoofdnummer, "000" after a 9-position one).
"""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

__all__ = ["OIN_LENGTH", "PREFIXES", "TEST_PREFIX", "Oin", "certificate_file_oin", "oin_from_certificate", "parse_oin",
           "school_oin"]

OIN_LENGTH = 20
TEST_PREFIX = "00000099"
BRIN_PREFIX = "00000007"

#: Prefix → source register of the hoofdnummer (spec §2.7).
PREFIXES: dict[str, str] = {
    "00000001": "RSIN (Handelsregister)",
    "00000002": "Fi-nummer (Belastingdienst)",
    "00000003": "KvK-nummer (private party)",
    "00000004": "SubOIN (generated number)",
    "00000005": "free (not assigned)",
    "00000006": "main number issued by Logius",
    BRIN_PREFIX: "BRIN (DUO register of education institutions)",
    "00000008": "foreign organisation",
    "00000009": "Dezi (care provider)",
    "00000010": "TRR-BD",
    "00000011": "Dezi (insurer)",
    TEST_PREFIX: "test OIN (anyone may use it)",
}

#: Prefixes whose register issues no OINs, so an OIN with one of them cannot be genuine.
_UNASSIGNED = frozenset({"00000005"})
#: Registers whose numbers have 9 positions (RSIN, Fi-nummer) or that the spec describes as "number + 000"
#: (SubOIN). Only used to split an ambiguous body such as "1234567800000" (INFERENCE from the register formats).
_NINE_POSITIONS = frozenset({"00000001", "00000002", "00000004"})
#: Registers whose numbers are digits only.
_NUMERIC = frozenset({"00000001", "00000002", "00000003"})

_BRIN4 = re.compile(r"[0-9]{2}[A-Z0-9]{2}")


@dataclass(frozen=True)
class Oin:
    """A parsed, well-formed OIN; `str(oin)` is the 20-character value."""

    value: str
    prefix: str
    prefix_meaning: str
    main_number: str
    suffix: str
    brincode: str | None = None

    @property
    def is_test(self) -> bool:
        return self.prefix == TEST_PREFIX

    def __str__(self) -> str:
        return self.value


def parse_oin(value: str) -> Oin:
    """Split an OIN into its parts; ValueError names the first rule it breaks, on one line."""
    if not isinstance(value, str):  # ValueError too: callers catch one exception for "not an OIN"
        raise ValueError(f"OIN must be a string, got {type(value).__name__}")  # noqa: TRY004
    if len(value) != OIN_LENGTH:
        raise ValueError(f"OIN must be {OIN_LENGTH} characters, got {len(value)}: {value!r}")
    for position, char in enumerate(value, start=1):
        if not (char.isascii() and char.isalnum()):
            raise ValueError(f"OIN may only contain letters and digits; character {position} is {char!r}: {value!r}")
        if char.islower():
            raise ValueError(f"OIN letters must be upper case; character {position} is {char!r}: {value!r}")
    prefix, body = value[:8], value[8:]
    if prefix not in PREFIXES:
        raise ValueError(f"unknown OIN prefix {prefix!r} (known: {', '.join(sorted(PREFIXES))}): {value!r}")
    if prefix in _UNASSIGNED:
        raise ValueError(f"OIN prefix {prefix!r} is {PREFIXES[prefix]}: {value!r}")
    # Both suffix forms end in "000": "0000" after 8 positions, "000" after 9.
    if not body.endswith("000"):
        raise ValueError(f"OIN suffix must be '0000' after an 8-position hoofdnummer or '000' after a 9-position one; "
                         f"the last 4 characters are {body[-4:]!r}: {value!r}")
    length = 8 if body[8] == "0" and prefix not in _NINE_POSITIONS else 9
    main_number, suffix = body[:length], body[length:]
    if prefix in _NUMERIC and not main_number.isdigit():
        raise ValueError(f"the hoofdnummer of a {PREFIXES[prefix]} OIN must be digits, got {main_number!r}: {value!r}")
    brincode = None
    if prefix == BRIN_PREFIX and body.startswith("000") and _BRIN4.fullmatch(body[3:7]):
        brincode = body[3:7]
    return Oin(value=value, prefix=prefix, prefix_meaning=PREFIXES[prefix], main_number=main_number,
               suffix=suffix, brincode=brincode)


def school_oin(brincode: str) -> str:
    """The OIN of a school from its BRIN4, in the pattern seen in the field: 00000007 + 000 + BRIN4 + 00000.

    The meaning of the trailing five positions is unconfirmed (spec §2.7); they are zeros in every example.
    """
    brin = brincode.strip().upper()
    if not _BRIN4.fullmatch(brin):
        raise ValueError(f"a BRIN4 is 2 digits followed by 2 letters or digits (e.g. '25BE'), got {brincode!r}")
    return f"{BRIN_PREFIX}000{brin}00000"


def oin_from_certificate(cert: x509.Certificate) -> str | None:
    """The Subject serialNumber, where PKIoverheid and PKI-Onderwijs put the OIN/HRN; None when absent.

    Not validated: a malformed value is a finding for the caller to report, not something to hide.
    """
    attributes = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    if not attributes:
        return None
    value = attributes[0].value
    return value if isinstance(value, str) else value.decode("utf-8", errors="replace")


def certificate_file_oin(path: Path) -> str:
    """The valid OIN in the first certificate of a PEM file: the party the suite claims to be in wsa:From.

    ValueError (one line) when the file holds no PEM certificate or the certificate carries no valid OIN."""
    try:
        certificate = x509.load_pem_x509_certificates(path.read_bytes())[0]
    except ValueError as exc:
        raise ValueError(f"{path} is not a PEM certificate: {exc}") from None
    oin = oin_from_certificate(certificate)
    if oin is None:
        raise ValueError("the certificate has no OIN in Subject.serialNumber")
    try:
        parse_oin(oin)
    except ValueError as exc:
        raise ValueError(f"the certificate's Subject.serialNumber is not an OIN: {exc}") from None
    return oin
