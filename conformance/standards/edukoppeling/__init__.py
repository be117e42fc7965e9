"""Edukoppeling transport profile (service side): two-sided TLS, WS-Addressing, WS-Security in 2W-be-S."""

from __future__ import annotations

from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.edukoppeling.defects import DEFECTS
from conformance.standards.edukoppeling.reference_server import start_reference
from conformance.standards.edukoppeling.settings import EdukoppelingSettings, read_settings

__all__ = ["STANDARD"]

STANDARD: Standard[EdukoppelingSettings] = Standard(
    name="edukoppeling",
    title="Edukoppeling – transport profile (2W-be, 2W-be-S)",
    defects=DEFECTS,
    # Transport messages carry no personal data; certificates and OINs are public by design.
    redaction=RedactionRules(),
    start_reference=start_reference,
    read_settings=read_settings,
    declarations=("profiel",),
)
