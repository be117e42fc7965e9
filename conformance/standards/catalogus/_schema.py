"""Our own record XSDs (`wsdl/eck-dt/`) applied to one record at a time, when asked for.

Opt-in because element order and most cardinalities in those XSDs are modelled on the examples (the
normative XSDs could not be read); the rules report the same facts without depending on order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from conformance.findings import Finding, Severity
from conformance.paths import wsdl_dir
from conformance.standards.catalogus._model import VERSIONS
from conformance.standards.catalogus._records import Record
from conformance.xml import XsdSchema, judge_schema

__all__ = ["record_schema", "schema_findings"]

# libxml2 quotes the offending value in full; a hostile value must not become a megabyte of report
_LONG_VALUE = re.compile(r"'([^']{99})[^']+'")


def record_schema(version: str) -> XsdSchema:
    """The XSD of one record version; our own files, each validator compiling them once per process."""
    if version not in VERSIONS:
        raise KeyError(f"no record schema for version {version!r}; known: {', '.join(VERSIONS)}")
    return XsdSchema(wsdl_dir() / "eck-dt", f"catalogservice-v{version}.xsd")


def _short(message: str) -> str:
    return _LONG_VALUE.sub(lambda m: f"'{m.group(1)}…'", message)


def schema_findings(rec: Record, *, dual: bool = False) -> Iterator[Finding]:
    """CAT-XSD-01: the record against the XSD of its version, one finding per schema error; with `dual` (xmlschema
    beside libxml2) a disagreement is one `undecided` finding with both messages."""
    judgement = judge_schema(record_schema(rec.version), rec.element, dual=dual, limit=1000)
    for error in judgement.errors:
        yield Finding(requirement="CAT-XSD-01", severity=Severity.ERROR, message=f"XSD: {_short(error.message)}",
                      line=error.line or rec.line, subject=rec.product_id)
    if judgement.disagreement is not None:
        yield Finding(requirement="CAT-XSD-01", severity=Severity.WARNING, message=_short(judgement.disagreement),
                      line=rec.line, subject=rec.product_id, undecided=True)
