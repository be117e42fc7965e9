"""Security probes of an Edukoppeling service (conformance.probes): external entities, entity expansion, size and
weak cipher suites. TLS versions are EDUK-TLS-01's (test_tls.py)."""

from __future__ import annotations

import pytest

from conformance.harness import requirement
from conformance.probes import ProbeTarget
from conformance.transport import TlsSettings


@pytest.fixture(scope="module")
def target(eduk, eduk_settings) -> ProbeTarget:  # type: ignore[no-untyped-def]
    """The configured operation, as the suite's party sends it."""
    return ProbeTarget(name=eduk_settings.action, url=eduk_settings.endpoint, timeout=eduk_settings.timeout,
                       tls=TlsSettings(ca_bundle=eduk_settings.ca_bundle, client_cert=eduk_settings.client_cert,
                                       client_key=eduk_settings.client_key),
                       headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{eduk_settings.action}"'},
                       request=lambda: eduk.envelope(eduk.addressing()))


@requirement("EDUK-SEC-01")
def test_external_entity_is_never_fetched(security_probes, target, evidence, requirement_id):
    security_probes.external_entity(target, requirement_id)


@requirement("EDUK-SEC-02")
def test_entity_expansion_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.entity_expansion(target, requirement_id)


@requirement("EDUK-SEC-03")
def test_oversized_request_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.oversized_request(target, requirement_id)


@requirement("EDUK-SEC-05")
def test_weak_cipher_suites_are_refused(security_probes, target, evidence, requirement_id):
    security_probes.weak_cipher_suites(target, requirement_id)
