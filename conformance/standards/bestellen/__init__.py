"""ECK DT ordering and licences: the supplier side (OrderService and LicenseService) and the ordering client side
(`[bestellen.klant]`: the suite plays the supplier and judges a client's calls), as a MODELLED profile.

The official ECK DT message formats are not public, so our own WSDL/XSD (wsdl/eck-dt/bestellen/) and the codec
stand in for them; every requirement says where its rule comes from ("modelled: ..." where we chose).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import RedactionRules, RunningReference, Standard
from conformance.standards.bestellen.defects import DEFECTS
from conformance.standards.bestellen.client_judge.defects import KLANT_DEFECTS
from conformance.standards.bestellen.client_judge.settings import declarations, read_table

__all__ = ["STANDARD"]

_HERE = Path(__file__).resolve().parent


def _start_reference(state_dir: Path, defects: Sequence[str] = (), **kwargs: Any) -> RunningReference:
    """The reference supplier, plus a reference ordering client for the judging supplier. Imported on use: the
    reference pulls in sqlite and the transport, which reading a catalogue does not need."""
    from conformance.standards.bestellen.client_judge.reference import start_reference_with_klant

    return start_reference_with_klant(state_dir, defects, **kwargs)


def _schema_needs() -> tuple[tuple[str, str], ...]:
    """Every request and answer element the codec reads or writes, and its fault: what a schema pack must declare."""
    from conformance.standards.bestellen.codec import NS, OPERATIONS

    answers = tuple((NS, f"{op}{kind}") for op in OPERATIONS for kind in ("Request", "Response"))
    return (*answers, (NS, "bestellenFault"))


STANDARD = Standard(
    name="bestellen",
    title="ECK DT – bestellen en licenties (OrderService, LicenseService and ordering clients; modelled profile)",
    catalogue_path=_HERE / "requirements.csv",
    defects=DEFECTS + KLANT_DEFECTS + security_defects("BEST"),
    redaction=RedactionRules(keep_tail=frozenset({"eckId"})),
    start_reference=_start_reference,
    config_template=(_HERE / "config-template.toml").read_text(encoding="utf-8"),
    read_settings=read_table,
    declarations=declarations,
    schema_needs=_schema_needs(),
)
