"""Hostile variants of a request the candidate serves: the request stays valid (signatures included), so what the
candidate does with the variant shows how it treats the DOCTYPE or the size, not the request."""

from __future__ import annotations

from lxml import etree

from conformance.xml import parse_bytes

__all__ = ["BOMB_LEVELS", "entity_bomb", "external_entities", "padded"]

#: Nested entities of the bomb: ten references per level, so the innermost "lol" is repeated 10**9 times (3 GB).
BOMB_LEVELS = 9
_PROBE_NS = "urn:conformance:probe"
_PLACEHOLDER = "conformance-probe-entity-reference"


def _with_dtd(envelope: bytes, declarations: str, reference: str) -> bytes:
    """`envelope` behind a DOCTYPE with `declarations`, its entity `reference` in a header of our own namespace
    (no mustUnderstand, so a service that ignores the DTD may serve the request as it is)."""
    root = parse_bytes(envelope)
    header_tag = f"{{{etree.QName(root).namespace}}}Header"
    header = root.find(header_tag)
    if header is None:
        header = etree.Element(header_tag)
        root.insert(0, header)
    marker = etree.SubElement(header, f"{{{_PROBE_NS}}}entity", nsmap={"probe": _PROBE_NS})
    marker.text = _PLACEHOLDER
    name = f"{root.prefix}:{etree.QName(root).localname}" if root.prefix else etree.QName(root).localname
    text = etree.tostring(root, encoding="utf-8").replace(_PLACEHOLDER.encode(), reference.encode())
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {name} [{declarations}]>\n'.encode() + text


def external_entities(envelope: bytes, entity_url: str, dtd_url: str) -> bytes:
    """A general external entity (`entity_url`, referenced in a header) and an external parameter entity
    (`dtd_url`, referenced in the DTD itself, so a parser that merely loads DTDs fetches it)."""
    declarations = f'<!ENTITY xxe SYSTEM "{entity_url}"><!ENTITY % ext SYSTEM "{dtd_url}"> %ext;'
    return _with_dtd(envelope, declarations, "&xxe;")


def entity_bomb(envelope: bytes) -> bytes:
    """The billion laughs: a few hundred bytes of DTD that expand to 3 GB."""
    levels = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'
                                         for i in range(1, BOMB_LEVELS + 1)]
    return _with_dtd(envelope, "".join(levels), f"&lol{BOMB_LEVELS};")


def padded(envelope: bytes, size: int) -> bytes:
    """`envelope` grown to `size` bytes by a comment before its root element: still well-formed and valid."""
    if envelope.startswith(b"<?xml"):
        envelope = envelope[envelope.index(b"?>") + 2:].lstrip()
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<!--'
    tail = b"-->\n" + envelope
    return head + b" " * max(0, size - len(head) - len(tail)) + tail
