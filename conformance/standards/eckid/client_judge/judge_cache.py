"""Expected hPGNs for the judge: computed once in parallel, kept on disk so a second run needs no scrypt.

One scrypt costs seconds and 128 MiB (eckid §3); hashlib.scrypt releases the interpreter lock, so a thread pool
uses every core. The disk cache is keyed by an HMAC under a random key of this state folder, not by a plain hash of
(salt, PGN): a plain SHA-256 of a 9-digit PGN would be brute-forced in seconds, undoing the point of scrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from conformance.standards.eckid.hashing import SCRYPT_N, SCRYPT_P, SCRYPT_R, scrypt_hex

__all__ = ["HashWork", "HpgnCache", "Hasher", "default_workers"]

Hasher = Callable[..., str]  # (password: bytes, salt: bytes, *, n, p) -> 64 hex


def default_workers() -> int:
    """One scrypt per core; more only adds memory (128 MiB each)."""
    return max(1, os.cpu_count() or 1)


class HpgnCache:
    """hPGNs on disk under `directory`, one small file per (password, salt, n, r, p); files are private (0600)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._key = self._load_key()

    def _load_key(self) -> bytes:
        path = self.directory / ".sleutel"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_bytes()
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        return key

    def _path(self, password: bytes, salt: bytes, n: int, r: int, p: int) -> Path:
        message = b"\x1f".join([str(n).encode(), str(r).encode(), str(p).encode(), salt, password])
        return self.directory / (hmac.new(self._key, message, hashlib.sha256).hexdigest() + ".hex")

    def get(self, password: bytes, salt: bytes, *, n: int, r: int = SCRYPT_R, p: int) -> str | None:
        try:
            value = self._path(password, salt, n, r, p).read_text(encoding="ascii").strip()
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return value if len(value) == 64 else None

    def put(self, password: bytes, salt: bytes, value: str, *, n: int, r: int = SCRYPT_R, p: int) -> None:
        path = self._path(password, salt, n, r, p)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(value)
        os.replace(tmp, path)  # atomic: a reader never sees half a value


class HashWork:
    """A pool that hashes in worker threads, consulting and filling the cache; answers are futures."""

    def __init__(self, *, cache: HpgnCache | None = None, workers: int | None = None,
                 hasher: Hasher = scrypt_hex) -> None:
        self.cache = cache
        self._hasher = hasher
        self.workers = workers or default_workers()
        self._pool = ThreadPoolExecutor(max_workers=self.workers,
                                        thread_name_prefix="eckid-judge-hash")

    def hash(self, password: bytes, salt: bytes, *, n: int = SCRYPT_N, p: int = SCRYPT_P) -> Future[str]:
        if self.cache is not None:
            known = self.cache.get(password, salt, n=n, p=p)
            if known is not None:
                done: Future[str] = Future()
                done.set_result(known)
                return done
        return self._pool.submit(self._compute, password, salt, n, p)

    def _compute(self, password: bytes, salt: bytes, n: int, p: int) -> str:
        value = self._hasher(password, salt, n=n, p=p)
        if self.cache is not None:
            self.cache.put(password, salt, value, n=n, p=p)
        return value

    def hash_all(self, passwords: Sequence[bytes], salt: bytes) -> list[Future[str]]:
        return [self.hash(password, salt) for password in passwords]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
