"""Security probes of the ordering service (conformance.probes): external entities, entity expansion, size, TLS."""

from __future__ import annotations

import pytest

from conformance.harness import requirement
from conformance.probes import ProbeTarget
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.client import new_reference


@pytest.fixture(scope="module")
def target(supplier, bestellen_settings, candidate_tls) -> ProbeTarget:  # type: ignore[no-untyped-def]
    """readLicences for the suite's own school: it changes nothing, however often the probes send it."""
    def request() -> bytes:
        body = codec.read_licences(new_reference(), bestellen_settings.oin, school=supplier.school)
        return supplier.client.wrap("readLicences", body)[0]

    return ProbeTarget(name="readLicences", url=bestellen_settings.endpoint("readLicences"), tls=candidate_tls,
                       headers={"Content-Type": "text/xml; charset=utf-8",
                                "SOAPAction": f'"{codec.soap_action("readLicences")}"'},
                       request=request)


@requirement("BEST-SEC-01")
def test_external_entity_is_never_fetched(security_probes, target, evidence, requirement_id):
    security_probes.external_entity(target, requirement_id)


@requirement("BEST-SEC-02")
def test_entity_expansion_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.entity_expansion(target, requirement_id)


@requirement("BEST-SEC-03")
def test_oversized_request_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.oversized_request(target, requirement_id)


@requirement("BEST-SEC-04")
def test_tls_below_1_2_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.old_tls_versions(target, requirement_id)


@requirement("BEST-SEC-05")
def test_weak_cipher_suites_are_refused(security_probes, target, evidence, requirement_id):
    security_probes.weak_cipher_suites(target, requirement_id)
