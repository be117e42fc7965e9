"""Parse what a candidate sends as hostile: no entities, no network, no DTD, bounded size.

A DOCTYPE is refused by our own reading of the prolog, before any parser sees the bytes, so the finding does not
depend on which guard a given libxml2 release trips first (2.14 stops an entity bomb with its own amplification
error, earlier releases parse the DTD and leave it for us to find).
"""

from __future__ import annotations

import codecs

from lxml import etree

__all__ = ["MAX_DOCUMENT_BYTES", "PROLOG_SCAN_BYTES", "XmlRejected", "doctype_line", "parse_bytes", "safe_parser"]

#: Larger than any real answer we expect (a 10,000-pupil school is about 6 MB).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
#: How much of a document's start `doctype_line` reads: a prolog of comments and PIs longer than this is left to
#: the parse-time check after the parse.
PROLOG_SCAN_BYTES = 1024 * 1024

_DOCTYPE_REFUSED = "document carries a DOCTYPE; DTDs and entities are refused"
#: Byte patterns of `<?` (or `<` and a name start) without a BOM, as the XML spec's appendix F lists them.
_UNMARKED = ((b"\x00<\x00", "utf-16-be"), (b"<\x00", "utf-16-le"))
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le"))


class XmlRejected(ValueError):
    """The bytes are not a well-formed, safe XML document; the message says why."""


def safe_parser(*, huge_tree: bool = False) -> etree.XMLParser:
    """A parser that never resolves entities, never loads a DTD and never touches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge_tree,
        remove_comments=False,
    )


def _prolog_text(head: bytes) -> str:
    """The head decoded far enough to read markup: UTF-16 by its BOM or its first bytes, otherwise as Latin-1
    (every ASCII-compatible encoding spells `<!DOCTYPE` the same)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="replace")
    for pattern, encoding in _UNMARKED:
        if head.startswith(pattern):
            return head[: len(head) & ~1].decode(encoding, errors="replace")
    return head.decode("latin-1")


def doctype_line(head: bytes) -> int | None:
    """The line of a DOCTYPE in the prolog of the document that starts with `head`; None when the prolog has none
    (or is longer than `head`: the parse-time check then decides)."""
    text = _prolog_text(head[:PROLOG_SCAN_BYTES])
    at = 0
    while True:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if text.startswith("<!DOCTYPE", at):
            return text.count("\n", 0, at) + 1
        close = "?>" if text.startswith("<?", at) else "-->" if text.startswith("<!--", at) else None
        if close is None:
            return None
        end = text.find(close, at + 2)
        if end < 0:
            return None
        at = end + len(close)


def parse_bytes(data: bytes, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> etree._Element:
    """Parse `data` into a root element, refusing DTDs (and so entity bombs) outright."""
    if len(data) > max_bytes:
        raise XmlRejected(f"document of {len(data)} bytes exceeds the limit of {max_bytes} bytes")
    if not data.strip():
        raise XmlRejected("empty document")
    if doctype_line(data) is not None:
        raise XmlRejected(_DOCTYPE_REFUSED)
    try:
        root = etree.fromstring(data, parser=safe_parser(huge_tree=len(data) > 10_000_000))
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"not well-formed XML: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XmlRejected(_DOCTYPE_REFUSED)
    return root
