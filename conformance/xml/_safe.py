"""Parse what a candidate sends as hostile: no entities, no network, no DTD, bounded size."""

from __future__ import annotations

from lxml import etree

__all__ = ["MAX_DOCUMENT_BYTES", "XmlRejected", "parse_bytes", "safe_parser"]

#: Larger than any real answer we expect (a 10,000-pupil school is about 6 MB).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024


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


def parse_bytes(data: bytes, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> etree._Element:
    """Parse `data` into a root element, refusing DTDs (and so entity bombs) outright."""
    if len(data) > max_bytes:
        raise XmlRejected(f"document of {len(data)} bytes exceeds the limit of {max_bytes} bytes")
    if not data.strip():
        raise XmlRejected("empty document")
    try:
        root = etree.fromstring(data, parser=safe_parser(huge_tree=len(data) > 10_000_000))
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"not well-formed XML: {exc}") from exc
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XmlRejected("document carries a DOCTYPE; DTDs and entities are refused")
    return root
