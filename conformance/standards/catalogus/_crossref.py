"""Rules across records: unique ProductIds, and SubProducts/FollowupProduct pointing into the catalogue.

Streaming means a reference may name a product that comes later, so only the set of ProductIds seen is
kept, plus the references not yet resolved; both are small beside the records themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from conformance.findings import Finding, Severity
from conformance.standards.catalogus._lexical import collapse, shown
from conformance.standards.catalogus._records import Record

__all__ = ["REFERENCE_FIELDS", "CatalogueIndex"]

#: The reference rules and the field each one follows.
REFERENCE_FIELDS = {"CAT-SET-02": "SubProducts/ProductId", "CAT-SET-03": "FollowupProduct"}


@dataclasses.dataclass(frozen=True, slots=True)
class _Reference:
    requirement: str
    field: str
    target: str
    line: int | None
    subject: str | None


@dataclasses.dataclass
class CatalogueIndex:
    """The ProductIds of one answer and the references still waiting for their product."""

    seen: set[str] = dataclasses.field(default_factory=set)
    pending: list[_Reference] = dataclasses.field(default_factory=list)

    def add(self, product_id: str | None, line: int | None) -> Iterator[Finding]:
        """CAT-SET-01: a ProductId names one product, so it occurs once in an answer."""
        if not product_id:
            return
        if product_id in self.seen:
            yield Finding(requirement="CAT-SET-01", severity=Severity.ERROR, line=line, subject=product_id,
                          message=f"ProductId {shown(product_id)} occurs more than once in this answer")
        self.seen.add(product_id)

    def refer(self, rec: Record, exercised: set[str] | None = None) -> None:
        """Note the record's references; those to a product not yet seen wait for `finish`."""
        subject = rec.product_id
        refs = [("CAT-SET-02", el) for el in rec.items("SubProducts", "ProductId")]
        refs += [("CAT-SET-03", el) for el in rec.all("FollowupProduct")]
        for requirement, el in refs:
            field = REFERENCE_FIELDS[requirement]
            target = collapse(el.text)
            if exercised is not None and target:
                exercised.add(requirement)
            if target and target not in self.seen:
                self.pending.append(_Reference(requirement, field, target, el.sourceline, subject))

    def finish(self) -> Iterator[Finding]:
        """CAT-SET-02/03: a reference to a product absent from the whole answer is a warning."""
        for ref in self.pending:
            if ref.target not in self.seen:
                yield Finding(requirement=ref.requirement, severity=Severity.WARNING, line=ref.line,
                              subject=ref.subject,
                              message=f"{ref.field} {shown(ref.target)} names a product that is not in this answer")
        self.pending.clear()
