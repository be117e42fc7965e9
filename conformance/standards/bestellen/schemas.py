"""Which XSD the ordering messages are judged by: the run's schema pack for bestellen when there is one, else ours.

A certification body may hand in its own WSDL/XSD set (`run --schemas DIR` or `[schemas] pack`); its XSD for the
codec's namespace then replaces our modelled `wsdl/eck-dt/bestellen/bestellen.xsd`, for the reference's check of
requests and the scenario tests' check of the candidate's answers alike. Every judgement names the schema it used.
"""

from __future__ import annotations

from typing import Protocol

from conformance.paths import wsdl_dir
from conformance.standards.bestellen.codec import NS, OPERATIONS
from conformance.xml import XsdSchema

__all__ = ["OWN_SCHEMA", "SCHEMA_NEEDS", "SchemaPackage", "message_schema", "own_schema"]


class SchemaPackage(Protocol):
    """What is used of a checked schema pack (the harness's SchemaPack, which standards do not import)."""

    @property
    def standard(self) -> str: ...

    def label(self) -> str: ...

    def schema_file(self, namespace: str) -> str: ...

    def schema_for(self, namespace: str) -> XsdSchema: ...


#: Every request and answer element the codec reads or writes, and its fault: what an official schema pack must
#: declare to fit the codec (`Standard.schema_needs`).
SCHEMA_NEEDS: tuple[tuple[str, str], ...] = (
    *((NS, f"{op}{kind}") for op in OPERATIONS for kind in ("Request", "Response")),
    (NS, "bestellenFault"),
)

OWN_SCHEMA = "the suite's own modelled schema (wsdl/eck-dt/bestellen/bestellen.xsd)"


def own_schema() -> XsdSchema:
    """Our modelled XSD (each validator compiles it once per process)."""
    return XsdSchema(wsdl_dir() / "eck-dt" / "bestellen", "bestellen.xsd")


def message_schema(pack: SchemaPackage | None) -> tuple[XsdSchema, str]:
    """The schema of the ordering messages and how findings name it: the pack's when it is one for bestellen."""
    if pack is not None and pack.standard == "bestellen":
        return pack.schema_for(NS), f"{pack.schema_file(NS)} of the {pack.label()}"
    return own_schema(), OWN_SCHEMA
