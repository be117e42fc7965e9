"""Two-sided TLS: versions, the client certificate the service demands, and the certificate it shows.

Where this machine's OpenSSL cannot offer TLS 1.0 or 1.1 at all (some builds leave them out), the version test
ends in cantTell with that reason: a refusal we caused ourselves proves nothing about the candidate.
"""

from __future__ import annotations

import ssl

import pytest

from conformance.harness import cant_tell, fail_on, requirement
from conformance.standards.edukoppeling.checks import (
    check_handshake_succeeded,
    check_old_tls_refused,
    check_server_certificate,
)
from conformance.standards.edukoppeling.client import tls_version_possible_here

#: The keys are parameter ids, part of the scenario-test node ids.
OLD_VERSIONS = {"tls10": ssl.TLSVersion.TLSv1, "tls11": ssl.TLSVersion.TLSv1_1}


@requirement("EDUK-TLS-01")
@pytest.mark.parametrize("old_version", sorted(OLD_VERSIONS))
def test_oude_tls_versie_wordt_geweigerd(eduk, eduk_settings, old_version):
    """A handshake that offers only TLS 1.0 (or 1.1) fails, while one offering TLS 1.2 or later succeeds."""
    version = OLD_VERSIONS[old_version]
    local = tls_version_possible_here(version, eduk_settings.client_cert, eduk_settings.client_key)
    if local is not None:
        cant_tell(f"{local}; so this machine cannot show whether the service refuses it")
    control = eduk.handshake(verify=False, label="handshake offering TLS 1.2 or later (control)")
    if control.error is not None:
        cant_tell(f"even a TLS 1.2+ handshake fails ({control.error}), so a refusal of older versions says nothing")
    old = eduk.handshake(version, verify=False, label=f"handshake offering only {old_version}")
    fail_on(check_old_tls_refused(old))


@requirement("EDUK-TLS-02")
def test_tls12_met_geldig_certificaat_wordt_geaccepteerd(eduk, requirement_id):
    """A TLS 1.2 handshake with the suite's valid client certificate succeeds."""
    result = eduk.handshake(ssl.TLSVersion.TLSv1_2, verify=False, label="handshake offering only TLS 1.2")
    fail_on(check_handshake_succeeded(result, "a TLS 1.2 handshake with a valid client certificate",
                                      requirement=requirement_id))


@requirement("EDUK-TLS-03")
def test_tls13_wordt_geaccepteerd(eduk, requirement_id):
    """A TLS 1.3 handshake succeeds (recommended)."""
    result = eduk.handshake(ssl.TLSVersion.TLSv1_3, verify=False, label="handshake offering only TLS 1.3")
    fail_on(check_handshake_succeeded(result, "a TLS 1.3 handshake", requirement=requirement_id))


@requirement("EDUK-TLS-04")
def test_zonder_clientcertificaat_geen_antwoord(eduk, control, evidence, requirement_id):
    """A well-formed request from a client without a certificate is refused."""
    control.require_answered(evidence, requirement_id)
    eduk.send(eduk.envelope(eduk.addressing()), label="request", certificate=None).refused(
        "the client presented no certificate")


@requirement("EDUK-TLS-05")
@pytest.mark.parametrize("certificate", ["expired", "untrusted"])
def test_slecht_clientcertificaat_wordt_geweigerd(eduk, control, bad_certificate, evidence, requirement_id,
                                                  certificate):
    """A request with an expired client certificate, or one from an untrusted root, is refused.

    The request names the bad certificate's own OIN in wsa:From, so only the certificate can be at fault.
    """
    chosen, oin = bad_certificate(certificate)
    control.require_answered(evidence, requirement_id)
    eduk.send(eduk.envelope(eduk.addressing(from_oin=oin)), label="request", certificate=chosen).refused(
        f"the client certificate is {certificate}")


@requirement("EDUK-TLS-06")
def test_servercertificaat_draagt_oin_en_keten(eduk, eduk_settings):
    """The server certificate chains to the configured root, fits the host name and carries the declared OIN."""
    fail_on(check_server_certificate(
        eduk.handshake(label="handshake verifying the server certificate against the configured root"),
        eduk_settings.oin))
