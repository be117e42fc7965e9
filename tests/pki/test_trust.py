"""The one trust check behind every judged signature: each probe certificate fails exactly one named check, in
one line that names the certificate by its OIN and never dumps it; CRL files revoke; bad files are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from conformance.pki import TestPki, make_test_pki
from conformance.pki.probes import NEEDS_TEST_PKI, PROBES, probe_signer
from conformance.pki.trust import CHECKS, MIN_RSA_BITS, Trust


@pytest.fixture(scope="module")
def pki(state_dir: Path) -> TestPki:
    return make_test_pki(state_dir / "pki")


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> Trust:
    return Trust.from_files(pki.ca_bundle)


def _crl(pki: TestPki, tmp_path: Path, *serials: int, issuer: str = "intermediate") -> Path:
    ca = pki[issuer]
    key = serialization.load_pem_private_key(ca.key.read_bytes(), password=None)
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca.load().subject)
               .last_update(now - dt.timedelta(days=1)).next_update(now + dt.timedelta(days=7)))
    for serial in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now - dt.timedelta(hours=2)).build())
    path = tmp_path / f"{issuer}.crl"
    path.write_bytes(builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))  # type: ignore[arg-type]
    return path


def test_good_certificates_of_the_pki_are_trusted(pki, trust):
    assert trust.findings(pki["client"].load()) == []
    assert trust.findings(pki["vendor"].load()) == []


@pytest.mark.parametrize("probe", sorted(set(PROBES) - {"other-party"}))
def test_each_probe_fails_exactly_its_own_check(pki, trust, probe):
    signer = probe_signer(probe, own=pki["client"].load(), test_pki=pki)
    findings = trust.findings(signer.certificate)
    assert [f.check for f in findings] == [probe]
    text = findings[0].text
    assert "\n" not in text and len(text) < 200 and "OIN 00000099500000030000" in text
    assert "BEGIN CERTIFICATE" not in text and "Name(" not in text


def test_another_partys_valid_certificate_is_trusted_the_binding_is_the_receivers_job(pki, trust):
    signer = probe_signer("other-party", own=pki["client"].load(), test_pki=pki)
    assert trust.findings(signer.certificate) == []
    assert signer.certificate.subject != pki["client"].load().subject


def test_probes_that_need_a_trusted_ca_say_so_without_a_test_pki(pki):
    for probe in NEEDS_TEST_PKI:
        with pytest.raises(ValueError, match="test PKI"):
            probe_signer(probe, own=pki["client"].load(), test_pki=None)
    with pytest.raises(ValueError, match="unknown probe"):
        probe_signer("forged", own=pki["client"].load(), test_pki=pki)


def test_the_recipes_bad_parties_fail_the_expected_checks(pki, trust):
    assert [f.check for f in trust.findings(pki["untrusted"].load())] == ["untrusted"]
    assert [f.check for f in trust.findings(pki["expired"].load())] == ["expired"]
    assert [f.check for f in trust.findings(pki["not-yet-valid"].load())] == ["expired"]
    assert [f.check for f in trust.findings(pki["rsa-1024"].load())] == ["weak-key"]
    assert trust.findings(pki["sha1"].load())[0].text.endswith("signed with a forbidden algorithm, e.g. SHA-1)")
    assert f"at least {MIN_RSA_BITS} bits" in trust.findings(pki["rsa-1024"].load())[0].text


def test_a_ca_certificate_may_not_sign_messages(pki, trust):
    assert [f.check for f in trust.findings(pki.intermediate.load())] == ["key-usage"]


def test_validity_is_judged_at_the_signing_time_too(pki, trust):
    client = pki["client"].load()
    before = client.not_valid_before_utc - dt.timedelta(days=1)
    assert [f.check for f in trust.findings(client, at=[before])] == ["expired"]
    assert [f.check for f in trust.findings(client, now=client.not_valid_after_utc + dt.timedelta(days=1))] \
        == ["expired"]


def test_a_certificate_on_a_configured_crl_is_revoked(pki, tmp_path):
    vendor = pki["vendor"].load()
    revoking = Trust.from_files(pki.ca_bundle, [_crl(pki, tmp_path, vendor.serial_number)])
    findings = revoking.findings(vendor)
    assert [f.check for f in findings] == ["revoked"]
    assert "was revoked on" in findings[0].text and "OIN 00000099500000010000" in findings[0].text
    assert revoking.findings(pki["client"].load()) == []


def test_bad_trust_files_are_refused_in_one_line(pki, tmp_path):
    junk = tmp_path / "junk.crl"
    junk.write_bytes(b"not a crl")
    with pytest.raises(ValueError, match="is not a CRL"):
        Trust.from_files(pki.ca_bundle, [junk])
    foreign = _crl(pki, tmp_path, 1, issuer="untrusted-root")
    with pytest.raises(ValueError, match="not signed by a CA of the bundle"):
        Trust.from_files(pki.ca_bundle, [foreign])
    with pytest.raises(ValueError, match="no readable certificate"):
        Trust.from_files(junk)


def test_the_checks_are_named_once():
    assert set(PROBES) - {"other-party"} <= set(CHECKS)
