"""Runs scenario tests through pytest and folds their outcomes into a verdict.

Callers outside the harness (the CLI, `conformance load`, the project's tests) import these names, never the
private modules behind them."""

from __future__ import annotations

from conformance.harness._capabilities import Capabilities
from conformance.harness._client_judge import serve_client_judge
from conformance.harness._collector import ResultCollector, classify, describe_candidate, record_phase
from conformance.harness._context import current_evidence
from conformance.harness._jobs import machine_cores, parse_jobs
from conformance.harness._parallel import work_groups
from conformance.harness._prerequisites import attribute_root_causes, find_cycle
from conformance.harness._provenance import provenance
from conformance.harness._results import (
    RequirementResult,
    RunResult,
    TestResult,
    decide_verdict,
    fold_requirements,
)
from conformance.harness._runner import (
    RunOutcome,
    demo_config,
    reference_endpoints,
    run_demo,
    run_suite,
    temporary_config_path,
)
from conformance.harness._session_cache import SessionCache
from conformance.harness._signer_probes import SendSigned, SigningParty, make_signer_probe
from conformance.harness._schemapack import SchemaPack, load_pack, write_manifest
from conformance.harness._verdicts import (
    CantTell,
    Inapplicable,
    cant_tell,
    end_as_judged,
    fail_on,
    inapplicable,
    not_exercised,
    schema_verdict,
    standard_settings,
)
from conformance.harness._wire import Phase, PhaseReceiver, PhaseSender, exchange_from_wire, exchange_to_wire
from conformance.harness.markers import capability, prerequisite, requirement

__all__ = [
    "CantTell",
    "Capabilities",
    "Inapplicable",
    "Phase",
    "PhaseReceiver",
    "PhaseSender",
    "RequirementResult",
    "ResultCollector",
    "RunOutcome",
    "RunResult",
    "SchemaPack",
    "SendSigned",
    "SessionCache",
    "SigningParty",
    "TestResult",
    "attribute_root_causes",
    "cant_tell",
    "capability",
    "classify",
    "current_evidence",
    "decide_verdict",
    "demo_config",
    "describe_candidate",
    "end_as_judged",
    "fail_on",
    "exchange_from_wire",
    "exchange_to_wire",
    "find_cycle",
    "fold_requirements",
    "inapplicable",
    "load_pack",
    "machine_cores",
    "make_signer_probe",
    "not_exercised",
    "parse_jobs",
    "prerequisite",
    "provenance",
    "record_phase",
    "reference_endpoints",
    "requirement",
    "run_demo",
    "run_suite",
    "schema_verdict",
    "serve_client_judge",
    "standard_settings",
    "temporary_config_path",
    "work_groups",
    "write_manifest",
]
