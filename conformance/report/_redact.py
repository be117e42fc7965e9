"""Hide pupil data and secrets before anything leaves memory: reports keep the shape, not the values."""

from __future__ import annotations

import hashlib
import re
import secrets

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
        self.hidden: dict[tuple[str, str], None] = {}  # (field, value) of everything blanked, in order
        # what `_redact_tree` asks libxml2 for: these local names in any (or no) namespace
        self._text_tags = tuple(f"{{*}}{name}" for name in sorted(self.keep_tail | self.elements))
        names = sorted(self.keep_tail | self.attributes)
        self._attribute_path = etree.XPath("descendant-or-self::*/@*[" + " or ".join(
            f"local-name()='{name}'" for name in names) + "]") if names else None

    def _hide(self, field: str, value: str) -> None:
        self.hidden[(field, value)] = None

    def manifest(self) -> dict[str, object]:
        """Salted SHA-256 of every hidden value: an auditor holding a value can confirm it was there.

        hash = sha256(salt + ":" + field + ":" + value), hex; the salt is random per run.
        """
        salt = secrets.token_hex(16)
        entries = sorted({(field, hashlib.sha256(f"{salt}:{field}:{value}".encode()).hexdigest())
                          for field, value in self.hidden})
        return {"algorithm": "sha256(salt:field:value)", "salt": salt,
                "entries": [{"field": field, "sha256": digest} for field, digest in entries]}

    def headers_of(self, headers: dict[str, str]) -> dict[str, str]:
        out = {}
        for name, value in headers.items():
            if name.lower() in self.headers:
                self._hide(f"header:{name.lower()}", value)
                out[name] = MASK
            else:
                out[name] = self.text(value)
        return out

    def text(self, value: str) -> str:
        for secret in self.secrets:
            if secret in value:
                self._hide("secret", secret)
                value = value.replace(secret, MASK)
        return value

    def body(self, data: bytes, *, limit: int) -> tuple[str, bool]:
        """Redacted, pretty-printed text of a body and whether it was cut at `limit` characters."""
        try:
            root = parse_bytes(data)
        except XmlRejected:
            text = data.decode("utf-8", "replace")
            # not XML: nothing structural to redact, so hide anything that looks like a BSN too
            text = self.text(text)
            for number in set(re.findall(r"\b\d{9}\b", text)):
                self._hide("nine-digit number", number)
            text = re.sub(r"\b\d{9}\b", MASK, text)
        else:
            self._redact_tree(root)
            text = self.text(etree.tostring(root, pretty_print=True, encoding="unicode"))
        if len(text) > limit:
            return text[:limit], True
        return text, False

    def _redact_tree(self, root: etree._Element) -> None:
        """libxml2 picks out the elements and attributes to hide (a demo run redacts thousands of bodies, and a
        Python visit of every element was most of the time); `hidden` is a set, so the order of visits is free."""
        if self._text_tags:
            for el in root.iter(*self._text_tags):
                if el.text and el.text.strip():
                    local = etree.QName(el).localname
                    if local in self.keep_tail:
                        self._hide(local, el.text.strip())
                        el.text = _keep_tail(el.text.strip())
                    else:
                        self._hide(local, el.text.strip())
                        el.text = MASK
        if self._attribute_path is not None:
            for value in self._attribute_path(root):
                el, name = value.getparent(), value.attrname
                attr_local = etree.QName(name).localname
                if attr_local in self.keep_tail:
                    self._hide(attr_local, str(value))
                    el.set(name, _keep_tail(str(value)))
                else:
                    self._hide(attr_local, str(value))
                    el.set(name, MASK)
