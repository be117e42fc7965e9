"""Security probes of the LAS (conformance.probes): external entities, entity expansion, size, TLS."""

from __future__ import annotations

import pytest

from conformance.harness import inapplicable, requirement
from conformance.probes import ProbeTarget
from conformance.standards.uwlr.codec import OPERATIONS
from conformance.xml.soap import build_envelope

#: Read-only operations whose request the probes vary, the first one the LAS declares.
READ_OPERATIONS = ("HaalLeerlinggegevens", "HaalStructuur")


@pytest.fixture(scope="module")
def target(uwlr, uwlr_settings, candidate_tls) -> ProbeTarget:  # type: ignore[no-untyped-def]
    operation = next((op for op in READ_OPERATIONS if op in uwlr_settings.operaties), None)
    if operation is None:
        inapplicable("the candidate declares no read operation to probe with")
    return ProbeTarget(name=operation, url=uwlr_settings.endpoints[operation], tls=candidate_tls,
                       headers={"Content-Type": "text/xml; charset=utf-8",
                                "SOAPAction": f'"{OPERATIONS[operation][3]}"'},
                       request=lambda: build_envelope(uwlr.verzoek(operation), headers=[uwlr.header()]))


@requirement("UWLR-SEC-01")
def test_external_entity_is_never_fetched(security_probes, target, evidence, requirement_id):
    security_probes.external_entity(target, requirement_id)


@requirement("UWLR-SEC-02")
def test_entity_expansion_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.entity_expansion(target, requirement_id)


@requirement("UWLR-SEC-03")
def test_oversized_request_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.oversized_request(target, requirement_id)


@requirement("UWLR-SEC-04")
def test_tls_below_1_2_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.old_tls_versions(target, requirement_id)


@requirement("UWLR-SEC-05")
def test_weak_cipher_suites_are_refused(security_probes, target, evidence, requirement_id):
    security_probes.weak_cipher_suites(target, requirement_id)
