"""Our own UWLR XSDs (wsdl/uwlr/<version>/), compiled once per process."""

from __future__ import annotations

from functools import cache

from lxml import etree

from conformance.paths import wsdl_dir

__all__ = ["VERSIONS", "leerlinggegevens_schema", "leerresultaten_schema", "validation_errors"]

VERSIONS = ("2.2", "2.3")
_FILES = {
    None: "uwlr-leerlinggegevens.xsd",
    "smalle-set": "uwlr-leerlinggegevens-smalle-set.xsd",
    "lvs-set": "uwlr-leerlinggegevens-lvs-set.xsd",
}


def _load(version: str, filename: str) -> etree.XMLSchema:
    if version not in VERSIONS:
        raise ValueError(f"no UWLR schemas for version {version!r}; known: {', '.join(VERSIONS)}")
    path = wsdl_dir() / "uwlr" / version / filename
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(path), parser))


@cache
def leerlinggegevens_schema(version: str, profiel: str | None = None) -> etree.XMLSchema:
    """The pupil-data schema of `version`, restricted to `profiel` when one is given."""
    return _load(version, _FILES[profiel])


@cache
def leerresultaten_schema(version: str) -> etree.XMLSchema:
    return _load(version, "uwlr-leerresultaten.xsd")


def validation_errors(schema: etree.XMLSchema, element: etree._Element, *, limit: int = 10) -> list[str]:
    """Up to `limit` schema errors of `element` as 'line N: message', empty when it validates."""
    if schema.validate(element):
        return []
    return [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:limit]]
