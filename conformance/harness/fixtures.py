"""Fixtures every scenario test may use; standards add their own in `testcases/<std>/conftest.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conformance.config import CandidateConfig
from conformance.errors import HarnessError
from conformance.harness._collector import EVIDENCE_KEY
from conformance.harness._context import CONFIG_KEY, DUAL_VALIDATION_KEY, SCHEMA_PACK_KEY, current_evidence
from conformance.harness._schemapack import SchemaPack
from conformance.harness._session_cache import SessionCache
from conformance.edukoppeling.sender import Sender
from conformance.harness._verdicts import inapplicable
from conformance.harness._capabilities import Capabilities
from conformance.harness.markers import requirement_ids
from conformance.pki.probes import NEEDS_TEST_PKI, PROBES
from conformance.pki.trust import Trust
from conformance.probes import SecurityProbes, read_probe_settings
from conformance.transport import Exchange, HttpClient, TlsSettings

__all__ = ["candidate_config", "candidate_tls", "capability_gate", "declared_capabilities", "dual_validation",
           "evidence", "http_client", "probe_sender", "requirement_id", "run_trust", "schema_pack", "security_probes"]


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
    recorded: list[Exchange] = request.node.stash.setdefault(EVIDENCE_KEY, [])
    return recorded


@pytest.fixture
def requirement_id(request: pytest.FixtureRequest) -> str:
    """The one requirement this test's marker declares, for the helpers that judge by it (a client judge's verdict,
    a harvest's problems, a security probe), so the test body never writes the id a second time."""
    ids = requirement_ids(request.node)
    if len(ids) != 1:
        raise HarnessError(f"{request.node.nodeid} declares {len(ids)} requirements; `requirement_id` needs exactly "
                           "one")
    return ids[0]


@pytest.fixture(scope="session")
def declared_capabilities() -> Capabilities:
    """What the candidate declares; a standard whose tests carry @capability overrides this in its conftest."""
    raise HarnessError("a test carries @capability, but its standard has no declared_capabilities fixture")


@pytest.fixture(autouse=True)
def capability_gate(request: pytest.FixtureRequest) -> None:
    """The @capability gate, run before the test's body (after the session fixtures that say whether the standard's
    side is under test at all)."""
    needed = tuple(name for mark in request.node.iter_markers("capability") for name in mark.args)
    if needed:
        request.getfixturevalue("declared_capabilities").require(*needed)


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


@pytest.fixture(scope="session")
def run_trust(candidate_config: CandidateConfig) -> Trust:
    """The anchors and CRLs the candidate's signatures are judged by (`[tls] ca_bundle`, `crl_files`)."""
    tls = candidate_config.tls
    if tls.ca_bundle is None:
        raise pytest.UsageError("configuration error: tls.ca_bundle: signatures are judged against the trust "
                                "anchors of the run; configure the CA bundle (PKIoverheid roots for a real run)")
    try:
        return Trust.from_files(tls.ca_bundle, tls.crl_files)
    except ValueError as exc:
        raise pytest.UsageError(f"configuration error: tls.crl_files: {exc}") from None


@pytest.fixture(scope="session")
def probe_sender() -> Callable[[str, Path, Path | None], Sender]:
    """`probe_sender(probe, own_certificate, test_pki)`: the suite as a sender that signs with a probe certificate
    a receiver must refuse (`conformance.pki.probes.PROBES`); made once per session. The probes issued by a CA the
    candidate trusts end the test inapplicable when no test PKI is declared."""
    made: SessionCache[tuple[str, Path, Path | None], Sender] = SessionCache()

    def get(probe: str, own_certificate: Path, test_pki: Path | None) -> Sender:
        if probe in NEEDS_TEST_PKI and test_pki is None:
            inapplicable(f"no test_pki is declared, so {PROBES[probe]} cannot be made by a CA the candidate trusts")
        return made.get((probe, own_certificate, test_pki),
                        lambda: Sender.as_probe(probe, own_certificate, test_pki))

    return get
