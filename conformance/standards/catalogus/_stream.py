"""Read a catalogue document as a stream of parser events, so that its size never decides the memory used.

`iterparse` reads the bytes with the same refusals as `conformance.xml.safe_parser` (no entities, no DTD,
no network) and reports only the elements `_documents.DocumentWalker` reacts to; the walker checks each
record at its end tag and then drops it. A parse error ends the stream with a finding, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, TypedDict

from lxml import etree

from conformance.findings import Finding
from conformance.standards.catalogus._documents import (
    DOCTYPE_REFUSED,
    ELEMENTS,
    DocumentWalker,
    PageSummary,
    finding,
)
from conformance.xml import doctype_line

__all__ = ["SAFE_ITERPARSE", "iter_findings"]

#: The options of `conformance.xml.safe_parser`, for `iterparse`; huge_tree lifts libxml2's size limits
#: only, which is safe because no entity is ever expanded.
class _ParserOptions(TypedDict):
    resolve_entities: bool
    no_network: bool
    load_dtd: bool
    dtd_validation: bool
    huge_tree: bool
    remove_comments: bool
    remove_pis: bool


SAFE_ITERPARSE: _ParserOptions = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": True,
    "remove_comments": True,
    "remove_pis": True,
}
#: Only the walker's elements reach Python; libxml2 skips the events of every other one (the fields of a
#: record are read from the record element itself). The roots are among them, so the first event names the kind.
_TAGS = [f"{{*}}{name}" for name in ELEMENTS]


def iter_findings(source: BinaryIO, *, assume_version: str | None = None, schema: bool = False,
                  summary: PageSummary | None = None, dual: bool = False) -> Iterator[Finding]:
    """Findings of one document read from `source`, in document order; set-level findings come last.

    A `summary` is filled with the page's ProductIds and paging fields as the document streams past; `dual` has
    xmlschema judge the records' schema beside libxml2.
    """
    walker = DocumentWalker(assume_version=assume_version, schema=schema, summary=summary, dual=dual)
    head = _Head(source)
    line = doctype_line(head.peek())
    if line is not None:
        yield finding("CAT-DOC-02", DOCTYPE_REFUSED + ", nothing else was read", line=line)
        return
    events = etree.iterparse(head, events=("start", "end"), tag=_TAGS, **SAFE_ITERPARSE)
    while True:
        try:
            event, el = next(events)
        except StopIteration:
            break
        except _NoRoot:
            yield finding("CAT-DOC-03", f"no catalogue element in the first {_Head.ROOT_WITHIN // 2**20} MB; "
                          "this is not a ReadCatalog answer, an SRU answer or an Entry")
            return
        except (etree.LxmlError, UnicodeError) as exc:
            yield _not_xml(exc, head)
            return
        if walker.kind is None:
            head.rooted = True
            yield from walker.begin(el.getroottree())
            if walker.stopped:
                return
        if event == "end":
            yield from walker.end(el)
    if walker.kind is None and events.root is not None:  # a small document without a catalogue element
        yield from walker.begin(events.root.getroottree())
        return
    yield from walker.finish()


class _NoRoot(Exception):
    """Raised from inside the parser's read: too many bytes without a single catalogue element."""


class _Head:
    """Passes bytes on to the parser and keeps the first ones, to explain a parse error afterwards.

    It also stops a document that reaches ROOT_WITHIN bytes without one catalogue element: every kind we
    accept names itself in its first element, and anything else would be parsed whole into memory.
    """

    LIMIT = 64 * 1024
    ROOT_WITHIN = 2 * 2**20
    _DOCTYPE = tuple("<!DOCTYPE".encode(codec) for codec in ("ascii", "utf-16-le", "utf-16-be"))

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.head = bytearray()
        self.passed = 0
        self.rooted = False
        self.ahead = b""

    def peek(self) -> bytes:
        """The first LIMIT bytes (fewer for a shorter document), read ahead and handed to the parser later."""
        chunks = [self.ahead]
        while sum(map(len, chunks)) < self.LIMIT and (data := self.raw.read(self.LIMIT)):
            chunks.append(data)
        self.ahead = b"".join(chunks)
        return self.ahead

    def read(self, size: int = -1) -> bytes:
        if not self.rooted and self.passed > self.ROOT_WITHIN:
            raise _NoRoot
        if self.ahead:
            data, self.ahead = (self.ahead, b"") if size < 0 else (self.ahead[:size], self.ahead[size:])
        else:
            data = self.raw.read(size)
        self.passed += len(data)
        if len(self.head) < self.LIMIT:
            self.head += data[: self.LIMIT - len(self.head)]
        return data

    @property
    def blank(self) -> bool:
        return len(self.head) < self.LIMIT and not bytes(self.head).strip()

    @property
    def doctype(self) -> bool:
        return any(mark in self.head for mark in self._DOCTYPE)


_LXML_WHERE = re.compile(r"\s*\([^()]*, line \d+\)$")


def _not_xml(exc: Exception, head: _Head) -> Finding:
    """A parse error as a finding; a DTD that made the parser give up (an entity bomb) is named as such."""
    line = getattr(exc, "lineno", None) or None
    text = _LXML_WHERE.sub("", str(exc))
    if head.blank:
        return finding("CAT-DOC-01", "the document is empty: not XML", line=line)
    if head.doctype:
        return finding("CAT-DOC-02", f"{DOCTYPE_REFUSED} (the parser stopped: {text})", line=line)
    return finding("CAT-DOC-01", f"the document is not well-formed XML: {text}", line=line)
