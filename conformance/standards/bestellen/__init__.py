"""ECK DT ordering and licences (supplier side): OrderService and LicenseService as a MODELLED profile.

The official ECK DT message formats are not public, so our own WSDL/XSD (wsdl/eck-dt/bestellen/) and the codec
stand in for them; every requirement says where its rule comes from ("modelled: ..." where we chose).
"""

from __future__ import annotations

from pathlib import Path

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.bestellen.defects import DEFECTS

__all__ = ["STANDARD"]

_HERE = Path(__file__).resolve().parent


def _start_reference(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Imported on use: the reference pulls in sqlite and the transport, which reading a catalogue does not need."""
    from conformance.standards.bestellen.reference_server import start_reference

    return start_reference(*args, **kwargs)


def _read_settings(section):  # type: ignore[no-untyped-def]
    from conformance.standards.bestellen.settings import read_settings

    return read_settings(section)


def _schema_needs() -> tuple[tuple[str, str], ...]:
    """Every request and answer element the codec reads or writes, and its fault: what a schema pack must declare."""
    from conformance.standards.bestellen.codec import NS, OPERATIONS

    answers = tuple((NS, f"{op}{kind}") for op in OPERATIONS for kind in ("Request", "Response"))
    return (*answers, (NS, "bestellenFault"))


STANDARD = Standard(
    name="bestellen",
    title="ECK DT – bestellen en licenties (OrderService, LicenseService; modelled profile)",
    catalogue_path=_HERE / "requirements.csv",
    defects=DEFECTS + security_defects("BEST"),
    redaction=RedactionRules(keep_tail=frozenset({"eckId"})),
    start_reference=_start_reference,
    config_template=(_HERE / "config-template.toml").read_text(encoding="utf-8"),
    read_settings=_read_settings,
    declarations=("operaties", "eckid_omgeving"),
    schema_needs=_schema_needs(),
)
