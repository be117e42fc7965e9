"""Which XSD the ordering messages are judged by: the run's schema pack for bestellen when there is one, else ours.

A certification body may hand in its own WSDL/XSD set (`run --schemas DIR` or `[schemas] pack`); its XSD for the
codec's namespace then replaces our modelled `wsdl/eck-dt/bestellen/bestellen.xsd`, for the reference's check of
requests and the scenario tests' check of the candidate's answers alike. Every judgement names the schema it used.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from lxml import etree

from conformance.paths import wsdl_dir
from conformance.standards.bestellen.codec import NS

__all__ = ["EIGEN_SCHEMA", "Schemapakket", "berichtschema", "eigen_schema", "schemafouten"]


class Schemapakket(Protocol):
    """What is used of a checked schema pack (the harness's SchemaPack, which standards do not import)."""

    @property
    def standard(self) -> str: ...

    def label(self) -> str: ...

    def schema_file(self, namespace: str) -> str: ...

    def schema_for(self, namespace: str) -> etree.XMLSchema: ...

EIGEN_SCHEMA = "the suite's own modelled schema (wsdl/eck-dt/bestellen/bestellen.xsd)"


@cache
def eigen_schema() -> etree.XMLSchema:
    """Our modelled XSD, compiled once per process (no network, no entities)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(wsdl_dir() / "eck-dt" / "bestellen" / "bestellen.xsd"), parser))


def berichtschema(pack: Schemapakket | None) -> tuple[etree.XMLSchema, str]:
    """The schema of the ordering messages and how findings name it: the pack's when it is one for bestellen."""
    if pack is not None and pack.standard == "bestellen":
        return pack.schema_for(NS), f"{pack.schema_file(NS)} of the {pack.label()}"
    return eigen_schema(), EIGEN_SCHEMA


def schemafouten(schema: etree.XMLSchema, element: etree._Element, *, limit: int = 10) -> list[str]:
    """Up to `limit` schema errors of `element` as 'line N: message'; empty when it validates."""
    if schema.validate(element):
        return []
    return [f"line {error.line}: {error.message}" for error in list(schema.error_log)[:limit]]
