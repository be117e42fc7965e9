"""Offline validation of catalogue records (`conformance validate --standard catalogus`): a ReadCatalog answer, an
SRU answer or one Entry, with the record model the rules judge by.

`validate_path` streams from disk and `validate_document` from bytes through the same code, so a
100,000-record harvest is checked in bounded memory. Bad input (not XML, a DTD, an unknown root, mixed
versions) becomes a finding, never an exception. The model's names live in private modules; this is their
public home for the suite's other layers and tests.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from conformance.findings import Finding
from conformance.standards.catalogus._documents import PageSummary
from conformance.standards.catalogus._lexical import ean13_ok
from conformance.standards.catalogus._model import (
    FAMILIES,
    REQUIRED,
    REQUIRED_CLASSIFICATION,
    SRU_NS,
    VERSIONS,
    namespace_of,
    vocabulary,
)
from conformance.standards.catalogus._schema import record_schema
from conformance.standards.catalogus._stream import iter_findings

__all__ = [
    "FAMILIES",
    "REQUIRED",
    "REQUIRED_CLASSIFICATION",
    "SRU_NS",
    "VERSIONS",
    "PageSummary",
    "ean13_ok",
    "iter_findings",
    "namespace_of",
    "record_schema",
    "validate_document",
    "validate_path",
    "vocabulary",
]


def validate_path(path: Path, *, assume_version: str | None = None, schema: bool = False,
                  dual: bool = False) -> Iterator[Finding]:
    """Stream the findings of one file; it is read once, from start to end, and never held whole.

    `assume_version` is the record version for records without a namespace (default: judged from their
    fields); `schema=True` also applies our modelled XSD of each record's version (CAT-XSD-01), with `dual` by
    xmlschema beside libxml2 (a disagreement is an `undecided` warning).
    """
    with Path(path).open("rb") as fh:
        yield from iter_findings(fh, assume_version=assume_version, schema=schema, dual=dual)


def validate_document(data: bytes, *, assume_version: str | None = None, schema: bool = False,
                      dual: bool = False) -> list[Finding]:
    """All findings of one document held in memory; see `validate_path` for the options."""
    return list(iter_findings(io.BytesIO(data), assume_version=assume_version, schema=schema, dual=dual))
