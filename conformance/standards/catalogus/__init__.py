"""ECK DT catalogue (CatalogService ReadCatalog and the SRU Catalogusservice): a standard plug-in, and
offline validation of catalogue records: a ReadCatalog answer, an SRU answer or one Entry.

`validate_path` streams from disk and `validate_document` from bytes through the same code, so a
100,000-record harvest is checked in bounded memory. Bad input (not XML, a DTD, an unknown root, mixed
versions) becomes a finding, never an exception.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from conformance.findings import Finding, Severity
from conformance.standards._flaws import security_defects
from conformance.standards._plugin import RedactionRules, Standard
from conformance.requirements import RequirementCatalogue, load_catalogue
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
from conformance.standards.catalogus._documents import PageSummary
from conformance.standards.catalogus.checks import RULES
from conformance.standards.catalogus._schema import record_schema
from conformance.standards.catalogus._stream import iter_findings
from conformance.standards.catalogus.defects import DEFECTS
from conformance.standards.catalogus.reference_server import start_reference
from conformance.standards.catalogus.settings import CatalogusSettings, read_settings

__all__ = [
    "CATALOGUE_PATH",
    "FAMILIES",
    "REQUIRED",
    "REQUIRED_CLASSIFICATION",
    "RULES",
    "SRU_NS",
    "STANDARD",
    "CatalogusSettings",
    "VERSIONS",
    "Finding",
    "PageSummary",
    "Severity",
    "catalogue",
    "ean13_ok",
    "iter_findings",
    "namespace_of",
    "record_schema",
    "vocabulary",
    "validate_document",
    "validate_path",
]

_HERE = Path(__file__).resolve().parent
CATALOGUE_PATH = _HERE / "requirements.csv"

#: Catalogues hold product data, not personal data; authors are public. Secrets a supplier might put in a
#: request (credentials, API keys) are hidden all the same.
STANDARD = Standard(
    name="catalogus",
    title="ECK DT catalogue – CatalogService ReadCatalog and the SRU Catalogusservice",
    catalogue_path=CATALOGUE_PATH,
    defects=DEFECTS + security_defects("CAT"),
    redaction=RedactionRules(elements=frozenset({"Password", "password", "ApiKey", "apiKey", "Token"}),
                             headers=frozenset({"authorization", "x-api-key", "cookie"})),
    start_reference=start_reference,
    config_template=(_HERE / "config-template.toml").read_text(encoding="utf-8"),
    read_settings=read_settings,
    declarations=("faces", "versions", "first_entry_base", "max_amount"),
)


def catalogue() -> RequirementCatalogue:
    """The requirements the findings refer to."""
    return load_catalogue("catalogus", CATALOGUE_PATH)


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
