"""The client-side hash of the PGN (hPGN), exactly as the published Nummervoorziening clients compute it.

A supplier's hPGN must match the reference clients bit for bit, or the NV issues a different stampseudoniem.
The clients only lower-case the PGN (no trimming, padding or separator removal), so this module hashes the
value as given and instead *refuses* input that would hash to something the school never meant (eckid §3).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

__all__ = [
    "LEGACY_SCRYPT_N",
    "LEGACY_SCRYPT_P",
    "PGN_DIGITS",
    "SCRYPT_DKLEN",
    "SCRYPT_MAXMEM",
    "SCRYPT_N",
    "SCRYPT_P",
    "SCRYPT_R",
    "decode_salt",
    "hpgn",
    "pgn_problem",
    "scrypt_hex",
]

SCRYPT_N = 131072  # 2**17 CPU/memory cost, since 2016-05 (eckid §3)
SCRYPT_R = 8  # block size
SCRYPT_P = 4  # parallelism, since 2016-05
SCRYPT_DKLEN = 32  # bytes, so the hPGN is 64 hex characters
SCRYPT_MAXMEM = 2**30  # scrypt needs 128·r·N = 128 MiB; hashlib's default limit (32 MiB) is too small

# Before 2016-05 the clients used N=16384, p=1 (r and salt unchanged); published vectors exist for them,
# and they are 32 times cheaper, which is why the tests use them for normalisation checks.
LEGACY_SCRYPT_N = 16384
LEGACY_SCRYPT_P = 1

PGN_DIGITS = 9  # a BSN or onderwijsnummer

_ASCII_DIGITS = re.compile(r"[0-9]+")
# Staff: the reference tests hash "<BRIN> <e-mail>" (e.g. "20DP teacher@school.com"); the NV rule is UNCONFIRMED.
_BRIN = re.compile(r"[0-9]{2}[A-Za-z0-9]{2}")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_SEPARATORS = re.compile(r"[\s.\-]")


def pgn_problem(pgn: str) -> str | None:
    """Why `pgn` would not give the hPGN the school means, or None; the message never repeats the PGN."""
    if pgn == "":
        return "the PGN is empty"
    if pgn != pgn.strip():
        return ("the PGN has leading or trailing whitespace, which the reference clients hash as part of it; "
                "remove it")
    if _ASCII_DIGITS.fullmatch(pgn):
        if len(pgn) < PGN_DIGITS:
            digits = f"{len(pgn)} digit{'s' if len(pgn) > 1 else ''}"
            return (f"the PGN has {digits}; a BSN or onderwijsnummer has {PGN_DIGITS} "
                    "(keep or restore the leading zeros: without them the hPGN differs)")
        if len(pgn) > PGN_DIGITS:
            return f"the PGN has {len(pgn)} digits; a BSN or onderwijsnummer has {PGN_DIGITS}"
        return None
    brin, space, rest = pgn.partition(" ")
    if space and _BRIN.fullmatch(brin):
        if _EMAIL.fullmatch(rest):
            return None
        return ("the PGN starts like a staff identifier (BRIN code and a space) but the rest is not "
                "a single e-mail address")
    compact = _SEPARATORS.sub("", pgn)
    if _ASCII_DIGITS.fullmatch(compact) and len(compact) == PGN_DIGITS:
        return ("the PGN contains separators (spaces, dots or dashes), which the reference clients hash as "
                f"part of it; give the {PGN_DIGITS} digits only")
    return (f"the PGN must be {PGN_DIGITS} digits (BSN or onderwijsnummer) or, for staff as in the reference "
            "tests, a BRIN code, a space and an e-mail address")


def decode_salt(salt_b64: str) -> bytes:
    """The salt bytes: each NV environment publishes its first-level salt as standard base64."""
    if salt_b64 != salt_b64.strip():
        raise ValueError("the salt has leading or trailing whitespace; give the base64 text only")
    try:
        salt = base64.b64decode(salt_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        hint = " (- and _ are URL-safe base64; the salt uses + and /)" if re.search(r"[-_]", salt_b64) else ""
        raise ValueError(f"the salt is not valid base64: {exc}{hint}") from None
    if not salt:
        raise ValueError("the salt is empty")
    return salt


def hpgn(pgn: str, salt_b64: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """The hPGN as 64 lowercase hex characters; ValueError (one line) for a malformed PGN or salt.

    Slow by design: about 8 s of CPU and 128 MiB per call with the current parameters. `n`, `r` and `p`
    exist only to reproduce the published pre-2016 vectors.
    """
    problem = pgn_problem(pgn)
    if problem:
        raise ValueError(problem)
    # str.lower() is locale-independent, like Java's Locale.ROOT; for digits it changes nothing.
    return scrypt_hex(pgn.lower().encode("utf-8"), decode_salt(salt_b64), n=n, r=r, p=p)


def scrypt_hex(password: bytes, salt: bytes, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """The bare derivation, without any check of the input: for reproducing what a LAS got wrong."""
    digest = hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=SCRYPT_DKLEN, maxmem=SCRYPT_MAXMEM)
    return digest.hex()
