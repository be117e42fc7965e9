"""Each standard is a plug-in sub-package exposing `STANDARD`; see `_plugin.py`."""

from __future__ import annotations

from conformance.standards._plugin import (
    Defect,
    RedactionRules,
    RunningReference,
    Standard,
    StartReference,
    all_standards,
    get_standard,
)
from conformance.standards._judging import free_port
from conformance.standards._signers import SELF_SIGNED_ANSWERS, SIGNER_PROBES

__all__ = ["SELF_SIGNED_ANSWERS", "SIGNER_PROBES", "Defect", "RedactionRules", "RunningReference", "Standard",
           "StartReference", "all_standards", "free_port", "get_standard"]
