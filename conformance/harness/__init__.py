"""Runs scenario tests through pytest and folds their outcomes into a verdict."""

from __future__ import annotations

from conformance.harness._results import RequirementResult, RunResult, TestResult
from conformance.harness._verdicts import (
    CantTell,
    Inapplicable,
    cant_tell,
    inapplicable,
    not_exercised,
    schema_verdict,
    standard_settings,
)
from conformance.harness.markers import prerequisite, requirement

__all__ = [
    "CantTell",
    "Inapplicable",
    "RequirementResult",
    "RunResult",
    "TestResult",
    "cant_tell",
    "inapplicable",
    "not_exercised",
    "prerequisite",
    "requirement",
    "schema_verdict",
    "standard_settings",
]
