"""Fixtures of the Edukoppeling scenario tests: the candidate's settings, a client, and a control request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.harness import SessionCache, cant_tell, current_evidence, inapplicable, standard_settings
from conformance.paths import state_dir
from conformance.pki import TestPki, make_test_pki
from conformance.standards.edukoppeling.checks import check_answered
from conformance.standards.edukoppeling.client import ClientCertificate, EdukoppelingClient, ServiceExchange
from conformance.standards.edukoppeling.settings import EdukoppelingSettings
from conformance.transport import Exchange


@pytest.fixture(scope="session")
def eduk_settings(candidate_config: CandidateConfig) -> EdukoppelingSettings:
    return standard_settings(candidate_config, "edukoppeling")


@pytest.fixture(scope="session")
def eduk(eduk_settings: EdukoppelingSettings) -> Iterator[EdukoppelingClient]:
    client = EdukoppelingClient(eduk_settings, current_evidence.record)
    yield client
    client.close()


@pytest.fixture(scope="session")
def signed(eduk_settings: EdukoppelingSettings) -> None:
    """Signature tests apply only to a candidate that declares profile 2W-be-S."""
    if not eduk_settings.signed:
        inapplicable(f"the candidate declares profile {eduk_settings.profiel}, which signs nothing")


class ControlRequest:
    """A well-formed request with the suite's valid certificate, sent once: it must be answered, or a refusal
    elsewhere proves nothing."""

    def __init__(self, client: EdukoppelingClient) -> None:
        self.client = client
        self._done: SessionCache[str, ServiceExchange] = SessionCache()

    def get(self, evidence: list[Exchange]) -> ServiceExchange:
        return self._done.get("control", lambda: self.client.ping("well-formed request (control)"), evidence)

    def require_answered(self, evidence: list[Exchange], requirement: str) -> None:
        """cantTell unless the control request was answered."""
        for finding in check_answered(self.get(evidence), requirement=requirement):
            cant_tell("a well-formed request with the suite's valid certificate is not answered either "
                      f"({finding.message}), so a refusal here proves nothing")


@pytest.fixture(scope="session")
def control(eduk: EdukoppelingClient) -> ControlRequest:
    return ControlRequest(eduk)


@pytest.fixture(scope="session")
def test_pki(eduk_settings: EdukoppelingSettings) -> TestPki:
    """The candidate's declared test PKI; without one, our own (whose certificates the candidate does not trust)."""
    return make_test_pki(eduk_settings.test_pki or state_dir() / "pki")


@pytest.fixture(scope="session")
def bad_certificate(eduk_settings: EdukoppelingSettings, test_pki: TestPki):  # type: ignore[no-untyped-def]
    def get(name: str) -> tuple[ClientCertificate, str]:
        """A bad client certificate of the test PKI and its OIN (the sender it names in wsa:From)."""
        if name != "untrusted" and eduk_settings.test_pki is None:
            inapplicable("no test_pki is declared, so no certificate of a root the candidate trusts can be "
                         f"made {name}")
        party = test_pki[name]
        assert party.oin is not None
        return ClientCertificate(f"the {name} client certificate ({party.description})", party.chain or party.cert,
                           party.key), party.oin

    return get
