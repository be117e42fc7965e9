"""Fixtures every scenario test may use; standards add their own in `testcases/<std>/conftest.py`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.harness._collector import EVIDENCE_KEY
from conformance.harness._context import CONFIG_KEY, DUAL_VALIDATION_KEY, SCHEMA_PACK_KEY, current_evidence
from conformance.harness._schemapack import SchemaPack
from conformance.transport import Exchange, HttpClient, TlsSettings

__all__ = ["candidate_config", "dual_validation", "evidence", "http_client", "schema_pack"]


@pytest.fixture(scope="session")
def candidate_config(pytestconfig: pytest.Config) -> CandidateConfig:
    """The loaded candidate configuration (`--conformance-config`)."""
    config = pytestconfig.stash.get(CONFIG_KEY, None)
    if config is None:
        raise pytest.UsageError("scenario tests need a candidate: pass --conformance-config FILE")
    return config


@pytest.fixture(scope="session")
def schema_pack(pytestconfig: pytest.Config) -> SchemaPack | None:
    """The run's checked schema pack, whose XSDs replace ours for its standard's validation; None without one."""
    return pytestconfig.stash.get(SCHEMA_PACK_KEY, None)


@pytest.fixture(scope="session")
def dual_validation(pytestconfig: pytest.Config) -> bool:
    """Whether schema verdicts need xmlschema to agree with libxml2 (official runs, or `--dual-validation`)."""
    return pytestconfig.stash.get(DUAL_VALIDATION_KEY, False)


@pytest.fixture
def evidence(request: pytest.FixtureRequest) -> list[Exchange]:
    """The exchanges recorded for this test; clients append to it through `current_evidence`."""
    return request.node.stash.setdefault(EVIDENCE_KEY, [])


@pytest.fixture(scope="session")
def http_client(candidate_config: CandidateConfig) -> Iterator[HttpClient]:
    """One HTTP client for the session, with the candidate's TLS settings; records every exchange."""
    tls = candidate_config.tls
    settings = TlsSettings(ca_bundle=tls.ca_bundle, client_cert=tls.client_cert,
                           client_key=tls.client_key, verify=tls.verify)
    with HttpClient(tls=settings, record=current_evidence.record) as client:
        yield client
