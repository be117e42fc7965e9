"""Whether a certificate may speak for a party: the one trust check behind every signature the suite judges or
the references receive (Edukoppeling 2W-be-S, spec §2.5 WB009, §2.3).

Path building is `cryptography.x509.verification`'s; on top of it come what that library leaves to the
caller: validity at the signing time and now, a signing key usage, the minimum key size and revocation from CRL
files (offline). Each finding names the check that failed in one line, so a reference can switch single checks
off for its named defects and a report says what was wrong without dumping the certificate.

Key size: RSA keys of at least `MIN_RSA_BITS` (2048) bits. Source: the PKIoverheid Programma van Eisen asks
2048-bit RSA at least for subscriber keys, and the NCSC TLS guidelines call 2048 the minimum; the profile signs
with rsa-sha256 only, so other key types are refused by the signature check itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509 import verification

from conformance.pki.oin import oin_from_certificate

__all__ = ["CHECKS", "MIN_RSA_BITS", "Trust", "TrustFinding", "describe_certificate"]

MIN_RSA_BITS = 2048
_MIN_EC_BITS = 256

#: The checks a finding can name; a reference's defect switches one of them off.
CHECKS = ("self-signed", "untrusted", "expired", "weak-key", "key-usage", "revoked")


@dataclasses.dataclass(frozen=True)
class TrustFinding:
    """One failed trust check: `check` is one of `CHECKS`, `text` the one-line finding."""

    check: str
    text: str

    def __str__(self) -> str:
        return self.text


def describe_certificate(certificate: x509.Certificate) -> str:
    """How a finding names a certificate: its OIN, else its common name; never the whole subject."""
    oin = oin_from_certificate(certificate)
    if oin is not None:
        return f"OIN {oin[:40]}"
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return f"CN {str(names[0].value)[:60]!r}" if names else "no OIN or CN"


def _load_certificates(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError:
        return [x509.load_der_x509_certificate(data)]


def _load_crl(path: Path) -> x509.CertificateRevocationList:
    data = path.read_bytes()
    try:
        return x509.load_pem_x509_crl(data)
    except ValueError:
        return x509.load_der_x509_crl(data)


def _self_issued(certificate: x509.Certificate) -> bool:
    if certificate.issuer != certificate.subject:
        return False
    try:
        certificate.verify_directly_issued_by(certificate)
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True


class Trust:
    """The trust anchors of a run (self-signed certificates of the CA bundle; the others in it serve as
    intermediates) and the CRLs to consult. `Trust.from_files` raises ValueError, one line, on bad files."""

    def __init__(self, certificates: Sequence[x509.Certificate],
                 crls: Sequence[x509.CertificateRevocationList] = ()) -> None:
        if not certificates:
            raise ValueError("no trust anchor: the CA bundle holds no certificate")
        roots = [c for c in certificates if _self_issued(c)]
        # A bundle of intermediates only: trust them as given, as a partial-chain TLS store would.
        self.anchors = roots or list(certificates)
        self.intermediates = [c for c in certificates if c not in self.anchors]
        self.crls = list(crls)
        self._store = verification.Store(self.anchors)
        for crl in self.crls:
            if self._crl_issuer(crl) is None:
                raise ValueError(f"a CRL ({describe_name(crl.issuer)}) is not signed by a CA of the bundle")

    @classmethod
    def from_files(cls, ca_bundle: Path, crl_files: Iterable[Path] = ()) -> Trust:
        try:
            certificates = _load_certificates(ca_bundle)
        except (OSError, ValueError) as exc:
            raise ValueError(f"{ca_bundle} holds no readable certificate: {exc}") from None
        crls = []
        for path in crl_files:
            try:
                crls.append(_load_crl(path))
            except (OSError, ValueError) as exc:
                raise ValueError(f"{path} is not a CRL in PEM or DER: {exc}") from None
        return cls(certificates, crls)

    def findings(self, certificate: x509.Certificate, *, role: str = "signing certificate",
                 at: Iterable[dt.datetime] = (), now: dt.datetime | None = None) -> list[TrustFinding]:
        """Why `certificate` (with the bundle's intermediates) may not be trusted `now` and at each time of
        `at` (e.g. the signing time); empty when it may."""
        now = now or dt.datetime.now(dt.UTC)
        times = [now, *at]
        who = f"the {role} ({describe_certificate(certificate)})"
        found = self._key_findings(certificate, who)
        if _self_issued(certificate) and certificate not in self.anchors:
            return [*found, TrustFinding("self-signed", f"{who} is self-signed, not issued by a trusted CA")]
        chain, why = self._path(certificate, now)
        if chain is None:
            return [*found, TrustFinding("untrusted", f"{who} does not chain to a trust anchor of this run{why}")]
        for member in chain:
            found += _validity_findings(member, who if member is certificate else
                                        f"the CA certificate ({describe_certificate(member)}) of {who}", times)
        return found + self._revocation_findings(chain, who)

    # -- checks ------------------------------------------------------------------------------------------------

    def _path(self, certificate: x509.Certificate, now: dt.datetime) -> tuple[list[x509.Certificate] | None, str]:
        """The verified chain (leaf first), built at a time inside the leaf's validity: expiry is a finding of
        its own, so that an expired certificate is not also reported as untrusted. Without a chain: why, as a
        short clause (the library's own message names whole certificates)."""
        start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
        moment = min(max(now, start), end)
        policy = (verification.PolicyBuilder().store(self._store).time(moment)
                  .extension_policies(ca_policy=verification.ExtensionPolicy.webpki_defaults_ca(),
                                      ee_policy=verification.ExtensionPolicy.permit_all()))
        try:
            verified = policy.build_client_verifier().verify(certificate, self.intermediates)
        except (verification.VerificationError, ValueError) as exc:
            return None, next((clause for marker, clause in _PATH_REASONS if marker in str(exc)), "")
        return list(verified.chain), ""

    @staticmethod
    def _key_findings(certificate: x509.Certificate, who: str) -> list[TrustFinding]:
        found = []
        try:
            key = certificate.public_key()
        except (UnsupportedAlgorithm, ValueError):
            return [TrustFinding("weak-key", f"{who} has a public key that cannot be read")]
        if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
            found.append(TrustFinding("weak-key", f"{who} has a {key.key_size}-bit RSA key; at least "
                                                  f"{MIN_RSA_BITS} bits are required"))
        if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < _MIN_EC_BITS:
            found.append(TrustFinding("weak-key", f"{who} has a {key.curve.key_size}-bit EC key; at least "
                                                  f"{_MIN_EC_BITS} bits are required"))
        try:
            usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        except x509.ExtensionNotFound:
            return found
        if not (usage.digital_signature or usage.content_commitment):
            found.append(TrustFinding("key-usage", f"{who} may not sign: its key usage allows neither "
                                                   "digitalSignature nor nonRepudiation"))
        return found

    def _crl_issuer(self, crl: x509.CertificateRevocationList) -> x509.Certificate | None:
        for ca in [*self.anchors, *self.intermediates]:
            if ca.subject == crl.issuer:
                try:
                    # a key-agreement key (X25519, X448, ML-KEM) signs nothing: its TypeError is caught below
                    if crl.is_signature_valid(ca.public_key()):  # type: ignore[arg-type]
                        return ca
                except (TypeError, UnsupportedAlgorithm):
                    continue
        return None

    def _revocation_findings(self, chain: list[x509.Certificate], who: str) -> list[TrustFinding]:
        found = []
        for member in chain[:-1]:  # the anchor is trusted as configured
            for crl in self.crls:
                if crl.issuer != member.issuer:
                    continue
                revoked = crl.get_revoked_certificate_by_serial_number(member.serial_number)
                if revoked is not None:
                    subject = who if member is chain[0] else f"the CA certificate ({describe_certificate(member)}) " \
                                                             f"of {who}"
                    found.append(TrustFinding("revoked", f"{subject} was revoked on "
                                                         f"{revoked.revocation_date_utc:%Y-%m-%d} (CRL of "
                                                         f"{describe_name(crl.issuer)})"))
        return found


#: What a path-building failure message means, in our words: (marker in the library's message, clause).
_PATH_REASONS = (
    ("Forbidden signature algorithm", " (a certificate on the path is signed with a forbidden algorithm, e.g. SHA-1)"),
    ("basicConstraints", " (an issuer on the path is not a CA)"),
    ("maximum depth", " (the path is too long)"),
)


def describe_name(name: x509.Name) -> str:
    names = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return repr(str(names[0].value)[:60]) if names else "an unnamed CA"


def _validity_findings(certificate: x509.Certificate, who: str, times: Iterable[dt.datetime]) -> list[TrustFinding]:
    start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    for moment in times:
        if moment > end:
            return [TrustFinding("expired", f"{who} expired on {end:%Y-%m-%d}")]
        if moment < start:
            return [TrustFinding("expired", f"{who} is not valid before {start:%Y-%m-%d}")]
    return []
