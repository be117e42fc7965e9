"""Security probes of the NV (conformance.probes): external entities, entity expansion, size, TLS."""

from __future__ import annotations

import pytest

from conformance.harness import requirement
from conformance.probes import ProbeTarget
from conformance.standards.eckid import codec


@pytest.fixture(scope="module")
def target(nv, eckid_settings, candidate_tls) -> ProbeTarget:  # type: ignore[no-untyped-def]
    """ping: it changes nothing at the NV, however often the probes send it."""
    return ProbeTarget(name="ping", url=eckid_settings.endpoint, tls=candidate_tls,
                       headers={"Content-Type": "text/xml; charset=utf-8",
                                "SOAPAction": f'"{codec.soap_action("ping")}"'},
                       request=lambda: nv.wrap("ping", codec.request("ping"))[0])


@requirement("ECKID-NV-SEC-01")
def test_external_entity_is_never_fetched(security_probes, target, evidence, requirement_id):
    security_probes.external_entity(target, requirement_id)


@requirement("ECKID-NV-SEC-02")
def test_entity_expansion_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.entity_expansion(target, requirement_id)


@requirement("ECKID-NV-SEC-03")
def test_oversized_request_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.oversized_request(target, requirement_id)


@requirement("ECKID-NV-SEC-04")
def test_tls_below_1_2_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.old_tls_versions(target, requirement_id)


@requirement("ECKID-NV-SEC-05")
def test_weak_cipher_suites_are_refused(security_probes, target, evidence, requirement_id):
    security_probes.weak_cipher_suites(target, requirement_id)
