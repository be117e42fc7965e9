"""Our own UWLR XSDs (wsdl/uwlr/<version>/), for both schema validators (conformance.xml.judge_schema)."""

from __future__ import annotations

from conformance.paths import wsdl_dir
from conformance.xml import XsdSchema

__all__ = ["VERSIONS", "leerlinggegevens_schema", "leerresultaten_schema"]

VERSIONS = ("2.2", "2.3")
_FILES = {
    None: "uwlr-leerlinggegevens.xsd",
    "smalle-set": "uwlr-leerlinggegevens-smalle-set.xsd",
    "lvs-set": "uwlr-leerlinggegevens-lvs-set.xsd",
}


def _schema(version: str, filename: str) -> XsdSchema:
    if version not in VERSIONS:
        raise ValueError(f"no UWLR schemas for version {version!r}; known: {', '.join(VERSIONS)}")
    return XsdSchema(wsdl_dir() / "uwlr", f"{version}/{filename}")


def leerlinggegevens_schema(version: str, profiel: str | None = None) -> XsdSchema:
    """The pupil-data schema of `version`, restricted to `profiel` when one is given."""
    return _schema(version, _FILES[profiel])


def leerresultaten_schema(version: str) -> XsdSchema:
    """The learning-results schema of `version`."""
    return _schema(version, "uwlr-leerresultaten.xsd")
