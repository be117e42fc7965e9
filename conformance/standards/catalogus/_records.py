"""One catalogue record (an `Entry` element) as the rules see it: children by name, version, line.

Children, their collapsed texts and the ProductId are worked out once per record, so that three dozen
rules over 100,000 records do not each walk the element again.
"""

from __future__ import annotations

from lxml import etree

from conformance.standards.catalogus._lexical import collapse
from conformance.standards.catalogus._model import OLD_PRICE_FIELDS, family_of

__all__ = ["Record", "infer_version", "local_name", "namespace"]


_MARKS_25 = frozenset({"DEPSectors", "DEPCourses", "DEPLevels", "DEPYears", "DEPSubjects", "CurriculumInfo",
                       "AggregationLevel", "IsSeparatelyAvailable", "LastModifiedDate"})


def local_name(el: etree._Element) -> str:
    tag = el.tag
    return tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""


def namespace(el: etree._Element) -> str | None:
    tag = el.tag
    return tag[1:tag.find("}")] if isinstance(tag, str) and tag[:1] == "{" else None


def infer_version(el: etree._Element) -> str:
    """A version for a record without a namespace, judged from the price and classification fields it uses."""
    names = {local_name(child) for child in el}
    if names & _MARKS_25:
        return "2.5.2"
    if "Prices" in names:
        return "2.3"
    if names & set(OLD_PRICE_FIELDS):
        return "2.1.1"
    return "2.5.2"


class Record:
    """An Entry with its children grouped by local name; `foreign` holds children of another namespace."""

    __slots__ = ("element", "version", "family", "line", "prefix", "children", "foreign", "product_id", "_texts")

    def __init__(self, element: etree._Element, version: str) -> None:
        self.element = element
        self.version = version
        self.family = family_of(version)
        self.line: int | None = element.sourceline
        ns = namespace(element)
        self.prefix = f"{{{ns}}}" if ns else ""
        cut = len(self.prefix)
        children: dict[str, list[etree._Element]] = {}
        foreign: list[etree._Element] = []
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag[:cut] != self.prefix or tag[cut:cut + 1] == "{":
                foreign.append(child)
                continue
            children.setdefault(tag[cut:], []).append(child)
        self.children = children
        self.foreign = foreign
        self._texts: dict[str, str | None] = {}
        self.product_id = self.text("ProductId") or None

    def all(self, name: str) -> list[etree._Element]:
        return self.children.get(name, [])

    def one(self, name: str) -> etree._Element | None:
        found = self.children.get(name)
        return found[0] if found else None

    def text(self, name: str) -> str | None:
        """The collapsed text of the first `name` child, or None when there is no such child."""
        if name not in self._texts:
            el = self.one(name)
            self._texts[name] = None if el is None else collapse(el.text)
        return self._texts[name]

    def sub(self, el: etree._Element, name: str) -> list[etree._Element]:
        """Children of `el` named `name` in the record's namespace."""
        return list(el.iterchildren(self.prefix + name))

    def items(self, container: str, item: str) -> list[etree._Element]:
        """The `item` children of every `container` child (e.g. Authors/Author)."""
        return [sub for box in self.children.get(container, ()) for sub in box.iterchildren(self.prefix + item)]
