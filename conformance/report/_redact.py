"""Hide pupil data and secrets before anything leaves memory: reports keep the shape, not the values."""

from __future__ import annotations

import re

from lxml import etree

from conformance.standards import RedactionRules
from conformance.xml import XmlRejected, parse_bytes

__all__ = ["Redactor"]

MASK = "[redacted]"


def _keep_tail(value: str) -> str:
    return f"…{value[-6:]}" if len(value) > 6 else MASK


class Redactor:
    """Applies the union of the standards' rules plus the literal secrets of the candidate config."""

    def __init__(self, rules: list[RedactionRules], secrets: list[str] | None = None) -> None:
        self.elements = frozenset().union(*(r.elements for r in rules)) if rules else frozenset()
        self.attributes = frozenset().union(*(r.attributes for r in rules)) if rules else frozenset()
        self.keep_tail = frozenset().union(*(r.keep_tail for r in rules)) if rules else frozenset()
        self.headers = frozenset({"authorization", "cookie", "set-cookie"}).union(*(r.headers for r in rules)) \
            if rules else frozenset({"authorization", "cookie", "set-cookie"})
        self.secrets = sorted({s for s in (secrets or []) if s and len(s) >= 4}, key=len, reverse=True)

    def headers_of(self, headers: dict[str, str]) -> dict[str, str]:
        return {k: (MASK if k.lower() in self.headers else self.text(v)) for k, v in headers.items()}

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, MASK)
        return value

    def body(self, data: bytes, *, limit: int) -> tuple[str, bool]:
        """Redacted, pretty-printed text of a body and whether it was cut at `limit` characters."""
        try:
            root = parse_bytes(data)
        except XmlRejected:
            text = data.decode("utf-8", "replace")
            # not XML: nothing structural to redact, so hide anything that looks like a BSN too
            text = re.sub(r"\b\d{9}\b", MASK, self.text(text))
        else:
            self._redact_tree(root)
            text = self.text(etree.tostring(root, pretty_print=True, encoding="unicode"))
        if len(text) > limit:
            return text[:limit], True
        return text, False

    def _redact_tree(self, root: etree._Element) -> None:
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if el.text and el.text.strip():
                if local in self.keep_tail:
                    el.text = _keep_tail(el.text.strip())
                elif local in self.elements:
                    el.text = MASK
            for name, value in list(el.attrib.items()):
                attr_local = etree.QName(name).localname
                if attr_local in self.keep_tail:
                    el.set(name, _keep_tail(value))
                elif attr_local in self.attributes:
                    el.set(name, MASK)
