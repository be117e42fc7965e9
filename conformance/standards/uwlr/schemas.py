"""Our own UWLR XSDs (wsdl/uwlr/<version>/), for both schema validators (conformance.xml.judge_schema)."""

from __future__ import annotations

from conformance.paths import wsdl_dir
from conformance.standards.uwlr.codec import AUT, LG, LR, OPERATIONS
from conformance.xml import XsdSchema

__all__ = ["SCHEMA_NEEDS", "VERSIONS", "leerlinggegevens_schema", "leerresultaten_schema"]

VERSIONS = ("2.2", "2.3")
_FILES = {
    None: "uwlr-leerlinggegevens.xsd",
    "smalle-set": "uwlr-leerlinggegevens-smalle-set.xsd",
    "lvs-set": "uwlr-leerlinggegevens-lvs-set.xsd",
}
#: Each operation's request and answer element, and the authorisation header: what an official schema pack must
#: declare to fit the codec (`Standard.schema_needs`).
SCHEMA_NEEDS: tuple[tuple[str, str], ...] = (
    *((LR if request.startswith("leerresultaten") else LG, element)
      for request, answer, _, _ in OPERATIONS.values() for element in (request, answer)),
    (AUT, "autorisatie"),
)


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
