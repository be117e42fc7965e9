"""Our own record XSDs (`wsdl/eck-dt/`) applied to one record at a time, when asked for.

Opt-in because element order and most cardinalities in those XSDs are modelled on the examples (the
normative XSDs could not be read); the rules report the same facts without depending on order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from lxml import etree

from conformance.findings import Finding, Severity
from conformance.paths import wsdl_dir
from conformance.standards.catalogus._model import VERSIONS
from conformance.standards.catalogus._records import Record
from conformance.xml import safe_parser

__all__ = ["record_schema", "schema_findings"]

# libxml2 quotes the offending value in full; a hostile value must not become a megabyte of report
_LONG_VALUE = re.compile(r"'([^']{99})[^']+'")


@cache
def record_schema(version: str) -> etree.XMLSchema:
    """The XSD of one record version; our own files, read with the same safe parser as candidate input."""
    if version not in VERSIONS:
        raise KeyError(f"no record schema for version {version!r}; known: {', '.join(VERSIONS)}")
    path = wsdl_dir() / "eck-dt" / f"catalogservice-v{version}.xsd"
    return etree.XMLSchema(etree.parse(str(path), safe_parser()))


def schema_findings(rec: Record) -> Iterator[Finding]:
    """CAT-XSD-01: the record against the XSD of its version, one finding per schema error."""
    schema = record_schema(rec.version)
    if schema.validate(rec.element):
        return
    for error in schema.error_log:
        message = _LONG_VALUE.sub(lambda m: f"'{m.group(1)}…'", error.message)
        yield Finding(requirement="CAT-XSD-01", severity=Severity.ERROR, message=f"XSD: {message}",
                      line=error.line or rec.line, subject=rec.product_id)
