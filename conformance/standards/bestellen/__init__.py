"""ECK DT ordering and licences: the supplier side (OrderService and LicenseService) and the ordering client side
(`[bestellen.klant]`: the suite plays the supplier and judges a client's calls), as a MODELLED profile.

The official ECK DT message formats are not public, so our own WSDL/XSD (wsdl/eck-dt/bestellen/) and the codec
stand in for them; every requirement says where its rule comes from ("modelled: ..." where we chose).
"""

from __future__ import annotations

from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.bestellen.client_judge.reference import start_reference_with_klant
from conformance.standards.bestellen.client_judge.settings import BestellenTable, declarations, read_table
from conformance.standards.bestellen.defects import DEFECTS
from conformance.standards.bestellen.schemas import SCHEMA_NEEDS

__all__ = ["STANDARD"]

STANDARD: Standard[BestellenTable] = Standard(
    name="bestellen",
    title="ECK DT – bestellen en licenties (OrderService, LicenseService and ordering clients; modelled profile)",
    defects=DEFECTS,
    redaction=RedactionRules(keep_tail=frozenset({"eckId"})),
    # the reference supplier, plus a reference ordering client for the judging supplier
    start_reference=start_reference_with_klant,
    read_settings=read_table,
    declarations=declarations,
    schema_needs=SCHEMA_NEEDS,
)
