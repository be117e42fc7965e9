"""An answer's body read within a byte cap counted after decompression, spooled to disk while it arrives, so a
gzip bomb, a 300 MB answer or an endless stream costs the cap on disk and a little memory, never the whole."""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Iterable

__all__ = ["BodySink", "decoders_for"]

#: bodies up to this size stay in memory while they arrive; larger ones go to a temporary file
_SPOOL_BYTES = 2**20
#: the most one decompression step may produce: a small compressed chunk never inflates all at once
_STEP = 256 * 1024


class _Inflate:
    """gzip or deflate (zlib-wrapped or raw, as servers send either), producing at most _STEP bytes per step."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if self._gzip else zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes) -> Iterable[bytes]:
        if self._first and not self._gzip:
            self._first = False
            try:
                out = self._inflater.decompress(data, _STEP)
            except zlib.error:  # a raw deflate stream without the zlib header
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._inflater.decompress(data, _STEP)
            yield out
            data = self._inflater.unconsumed_tail
        while data:
            out = self._inflater.decompress(data, _STEP)
            data = self._inflater.unconsumed_tail
            yield out
        self._first = False


def decoders_for(content_encoding: str) -> list[_Inflate] | None:
    """The decoders to apply, last encoding first; None when one is not gzip or deflate (the raw bytes are kept)."""
    names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
    names = [name for name in names if name != "identity"]
    if any(name not in ("gzip", "x-gzip", "deflate") for name in names):
        return None
    return [_Inflate(name) for name in reversed(names)]


class BodySink:
    """Collects decoded bytes up to `max_bytes`; beyond that it stops and keeps only the evidence."""

    def __init__(self, *, max_bytes: int, evidence_bytes: int, content_encoding: str = "") -> None:
        self.max_bytes = max_bytes
        self.evidence_bytes = evidence_bytes
        self.size = 0
        self.full = False
        self.decoded = True
        self._file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)
        decoders = decoders_for(content_encoding)
        if decoders is None:
            self.decoded = False
            decoders = []
        self._decoders = decoders

    def feed(self, raw: bytes) -> bool:
        """Take one raw chunk; False once the cap is reached (stop reading)."""
        pieces: Iterable[bytes] = [raw]
        for decoder in self._decoders:
            pieces = _chain(decoder, pieces)
        for piece in pieces:
            room = self.max_bytes - self.size
            if len(piece) > room:
                self._file.write(piece[:room])
                self.size = self.max_bytes
                self.full = True
                return False
            self._file.write(piece)
            self.size += len(piece)
        return True

    def body(self) -> bytes:
        """Everything received, or, once the cap was hit or the caller cut it short, the evidence only."""
        self._file.seek(0)
        return self._file.read(self.evidence_bytes if self.full else -1)

    def close(self) -> None:
        self._file.close()


def _chain(decoder: _Inflate, pieces: Iterable[bytes]) -> Iterable[bytes]:
    for piece in pieces:
        yield from decoder.feed(piece)
