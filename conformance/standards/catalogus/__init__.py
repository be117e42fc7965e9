"""ECK DT catalogue (CatalogService ReadCatalog and the SRU Catalogusservice): a standard plug-in. Offline
validation of catalogue records is `validation`'s."""

from __future__ import annotations

from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.catalogus.defects import DEFECTS
from conformance.standards.catalogus.reference_server import start_reference
from conformance.standards.catalogus.settings import CatalogusSettings, read_settings
from conformance.standards.catalogus.validation import namespace_of  # testcases/catalogus/test_paging.py's import

__all__ = ["STANDARD", "namespace_of"]

STANDARD: Standard[CatalogusSettings] = Standard(
    name="catalogus",
    title="ECK DT catalogue – CatalogService ReadCatalog and the SRU Catalogusservice",
    defects=DEFECTS,
    # Catalogues hold product data, not personal data; authors are public. Secrets a supplier might put in a
    # request (credentials, API keys) are hidden all the same.
    redaction=RedactionRules(elements=frozenset({"Password", "password", "ApiKey", "apiKey", "Token"}),
                             headers=frozenset({"authorization", "x-api-key", "cookie"})),
    start_reference=start_reference,
    read_settings=read_settings,
    declarations=("faces", "versions", "first_entry_base", "max_amount"),
)
