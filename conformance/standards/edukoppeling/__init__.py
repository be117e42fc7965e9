"""Edukoppeling transport profile (service side): two-sided TLS, WS-Addressing, WS-Security in 2W-be-S."""

from __future__ import annotations

from pathlib import Path

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.edukoppeling.defects import DEFECTS
from conformance.standards.edukoppeling.reference_server import start_reference
from conformance.standards.edukoppeling.settings import (
    EdukoppelingSettings,
    read_settings,
)

__all__ = ["STANDARD", "EdukoppelingSettings"]

_HERE = Path(__file__).resolve().parent

STANDARD = Standard(
    name="edukoppeling",
    title="Edukoppeling – transport profile (2W-be, 2W-be-S)",
    catalogue_path=_HERE / "requirements.csv",
    defects=DEFECTS + security_defects("EDUK", versions=False),
    # Transport messages carry no personal data; certificates and OINs are public by design.
    redaction=RedactionRules(),
    start_reference=start_reference,
    config_template=(_HERE / "config-template.toml").read_text(encoding="utf-8"),
    read_settings=read_settings,
    declarations=("profiel",),
)
