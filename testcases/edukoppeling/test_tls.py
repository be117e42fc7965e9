"""Two-sided TLS: versions, the client certificate the service demands, and the certificate it shows.

Where this machine's OpenSSL cannot offer TLS 1.0 or 1.1 at all (some builds leave them out), the version test
ends in cantTell with that reason: a refusal we caused ourselves proves nothing about the candidate.
"""

from __future__ import annotations

import ssl

import pytest

from conformance.errors import Failure
from conformance.harness import cant_tell, requirement
from conformance.pki import parse_oin
from conformance.standards.edukoppeling.client import tls_version_possible_here

OLD_VERSIONS = {"tls10": ssl.TLSVersion.TLSv1, "tls11": ssl.TLSVersion.TLSv1_1}


@requirement("EDUK-TLS-01")
@pytest.mark.parametrize("versie", sorted(OLD_VERSIONS))
def test_oude_tls_versie_wordt_geweigerd(eduk, eduk_settings, versie):
    """A handshake that offers only TLS 1.0 (or 1.1) fails, while one offering TLS 1.2 or later succeeds."""
    version = OLD_VERSIONS[versie]
    local = tls_version_possible_here(version, eduk_settings.client_cert, eduk_settings.client_key)
    if local is not None:
        cant_tell(f"{local}; so this machine cannot show whether the service refuses it")
    control = eduk.handshake(verify=False, label="handshake offering TLS 1.2 or later (control)")
    if control.error is not None:
        cant_tell(f"even a TLS 1.2+ handshake fails ({control.error}), so a refusal of older versions says nothing")
    old = eduk.handshake(version, verify=False, label=f"handshake offering only {versie}")
    if old.error is None:
        raise Failure(f"the service negotiated {old.version}; only TLS 1.2 or later is allowed")


@requirement("EDUK-TLS-02")
def test_tls12_met_geldig_certificaat_wordt_geaccepteerd(eduk):
    """A TLS 1.2 handshake with the suite's valid client certificate succeeds."""
    result = eduk.handshake(ssl.TLSVersion.TLSv1_2, verify=False, label="handshake offering only TLS 1.2")
    if result.error is not None:
        raise Failure(f"a TLS 1.2 handshake with a valid client certificate did not succeed: {result.error}")


@requirement("EDUK-TLS-03")
def test_tls13_wordt_geaccepteerd(eduk):
    """A TLS 1.3 handshake succeeds (recommended)."""
    result = eduk.handshake(ssl.TLSVersion.TLSv1_3, verify=False, label="handshake offering only TLS 1.3")
    if result.error is not None:
        raise Failure(f"a TLS 1.3 handshake did not succeed: {result.error}")


@requirement("EDUK-TLS-04")
def test_zonder_clientcertificaat_geen_antwoord(eduk, controle, evidence):
    """A well-formed request from a client without a certificate is refused."""
    controle.vereist(evidence)
    eduk.send(eduk.envelope(eduk.addressing()), label="request", certificate=None).refused(
        "the client presented no certificate")


@requirement("EDUK-TLS-05")
@pytest.mark.parametrize("certificate", ["expired", "untrusted"])
def test_slecht_clientcertificaat_wordt_geweigerd(eduk, controle, slecht_certificaat, evidence, certificate):
    """A request with an expired client certificate, or one from an untrusted root, is refused.

    The request names the bad certificate's own OIN in wsa:From, so only the certificate can be at fault.
    """
    chosen, oin = slecht_certificaat(certificate)
    controle.vereist(evidence)
    eduk.send(eduk.envelope(eduk.addressing(from_oin=oin)), label="request", certificate=chosen).refused(
        f"the client certificate is {certificate}")


@requirement("EDUK-TLS-06")
def test_servercertificaat_draagt_oin_en_keten(eduk, eduk_settings):
    """The server certificate chains to the configured root, fits the host name and carries the declared OIN."""
    result = eduk.handshake(label="handshake verifying the server certificate against the configured root")
    if result.error is not None:
        raise Failure(result.error)
    peer = result.peer
    assert peer is not None
    serials = [a.value for a in peer.subject if a.oid._name == "serialNumber"]
    if not serials:
        raise Failure("the server certificate has no Subject.serialNumber, so it carries no OIN")
    oin = str(serials[0])
    try:
        parse_oin(oin)
    except ValueError as exc:
        raise Failure(f"the server certificate's serialNumber is not an OIN: {exc}") from exc
    if oin != eduk_settings.oin:
        raise Failure(f"the server certificate carries OIN {oin}, not the declared {eduk_settings.oin}")
