"""Each standard is a plug-in sub-package exposing `STANDARD`; see `_plugin.py`."""

from __future__ import annotations

from conformance.standards._plugin import (
    Defect,
    RedactionRules,
    RunningReference,
    Standard,
    all_standards,
    get_standard,
)

__all__ = ["Defect", "RedactionRules", "RunningReference", "Standard", "all_standards", "get_standard"]
