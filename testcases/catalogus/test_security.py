"""Security probes of the ReadCatalog face (conformance.probes): external entities, entity expansion, size, TLS."""

from __future__ import annotations

import pytest

from conformance.harness import requirement
from conformance.probes import ProbeTarget
from conformance.standards.catalogus.codec import READ_CATALOG_ACTION


@pytest.fixture(scope="module")
def target(catalogus, catalogus_settings, faces, readcatalog_tls) -> ProbeTarget:  # type: ignore[no-untyped-def]
    """One entry of the newest version: the smallest request the face serves."""
    faces.require("readcatalog")
    version = catalogus_settings.newest
    return ProbeTarget(name="ReadCatalog", url=catalogus_settings.readcatalog[version], tls=readcatalog_tls,
                       headers={"Content-Type": "text/xml; charset=utf-8",
                                "SOAPAction": f'"{READ_CATALOG_ACTION(version)}"'},
                       request=lambda: catalogus.read_catalog_envelope(version, catalogus_settings.first_entry_base, 1))


@requirement("CAT-SEC-01")
def test_external_entity_is_never_fetched(security_probes, target, evidence, requirement_id):
    security_probes.external_entity(target, requirement_id)


@requirement("CAT-SEC-02")
def test_entity_expansion_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.entity_expansion(target, requirement_id)


@requirement("CAT-SEC-03")
def test_oversized_request_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.oversized_request(target, requirement_id)


@requirement("CAT-SEC-04")
def test_tls_below_1_2_is_refused(security_probes, target, evidence, requirement_id):
    security_probes.old_tls_versions(target, requirement_id)


@requirement("CAT-SEC-05")
def test_weak_cipher_suites_are_refused(security_probes, target, evidence, requirement_id):
    security_probes.weak_cipher_suites(target, requirement_id)
