"""Fixtures every scenario test may use; standards add their own in `testcases/<std>/conftest.py`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.harness._collector import EVIDENCE_KEY
from conformance.harness._context import CONFIG_KEY, SCHEMA_PACK_KEY, current_evidence
from conformance.harness._schemapack import SchemaPack
from conformance.probes import SecurityProbes, read_probe_settings
from conformance.transport import Exchange, HttpClient, TlsSettings

__all__ = ["candidate_config", "candidate_tls", "evidence", "http_client", "schema_pack", "security_probes"]


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


@pytest.fixture
def evidence(request: pytest.FixtureRequest) -> list[Exchange]:
    """The exchanges recorded for this test; clients append to it through `current_evidence`."""
    return request.node.stash.setdefault(EVIDENCE_KEY, [])


@pytest.fixture(scope="session")
def candidate_tls(candidate_config: CandidateConfig) -> TlsSettings:
    """The client side of TLS as `[tls]` declares it."""
    tls = candidate_config.tls
    return TlsSettings(ca_bundle=tls.ca_bundle, client_cert=tls.client_cert, client_key=tls.client_key,
                       verify=tls.verify)


@pytest.fixture(scope="session")
def http_client(candidate_tls: TlsSettings) -> Iterator[HttpClient]:
    """One HTTP client for the session, with the candidate's TLS settings; records every exchange."""
    with HttpClient(tls=candidate_tls, record=current_evidence.record) as client:
        yield client


@pytest.fixture(scope="session")
def security_probes(candidate_config: CandidateConfig) -> Iterator[SecurityProbes]:
    """The security probes with the `[security]` settings; their canary stops with the session."""
    probes = SecurityProbes(read_probe_settings(candidate_config.security), record=current_evidence.record)
    yield probes
    probes.close()
