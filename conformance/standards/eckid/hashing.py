"""The client-side hash of the PGN (hPGN), exactly as the published Nummervoorziening clients compute it."""

from __future__ import annotations

import base64
import binascii
import hashlib

__all__ = ["SCRYPT_DKLEN", "SCRYPT_N", "SCRYPT_P", "SCRYPT_R", "decode_salt", "hpgn", "pgn_problem"]

SCRYPT_N = 131072  # 2**17, since 2016-05 (eckid §3)
SCRYPT_R = 8
SCRYPT_P = 4
SCRYPT_DKLEN = 32
_MAXMEM = 2**30  # scrypt needs 128·r·N = 128 MiB


def pgn_problem(pgn: str) -> str | None:
    """Why `pgn` cannot be hashed, or None. The reference client refuses fewer than two non-blank characters."""
    if len(pgn.strip()) <= 1:
        return "a PGN needs at least two non-blank characters (the reference client refuses shorter input)"
    return None


def decode_salt(salt_b64: str) -> bytes:
    """The salt bytes; the environment's salt is given as base64."""
    try:
        salt = base64.b64decode(salt_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"the salt is not valid base64: {exc}") from exc
    if not salt:
        raise ValueError("the salt is empty")
    return salt


def hpgn(pgn: str, salt_b64: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """scrypt over the lower-cased PGN (nothing else is normalised), as 64 lowercase hex characters.

    Slow by design: about 8 s of CPU and 128 MiB per call.
    """
    problem = pgn_problem(pgn)
    if problem:
        raise ValueError(problem)
    digest = hashlib.scrypt(pgn.lower().encode("utf-8"), salt=decode_salt(salt_b64), n=n, r=r, p=p,
                            dklen=SCRYPT_DKLEN, maxmem=_MAXMEM)
    return digest.hex()
