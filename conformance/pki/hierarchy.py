"""A throw-away test PKI shaped like PKIoverheid / PKI-Onderwijs (root → intermediate → party certificates
with the OIN in Subject.serialNumber, spec §2.3), plus one certificate per defect a candidate must reject.

Every bad certificate differs from a good one in exactly one property, so a rejection can be attributed.
Nothing here may ever be trusted outside a test: the CA names say so, and the keys are unencrypted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from conformance.pki.oin import school_oin

__all__ = ["BAD_PARTIES", "GOOD_PARTIES", "RECIPE", "RECIPE_VERSION", "Party", "PartySpec", "TestPki",
           "make_test_pki"]

#: Bump when the recipe changes, so that an existing directory is regenerated instead of reused.
RECIPE_VERSION = 1

SCHOOL_BRIN = "99XA"
SUITE_OIN = "00000099500000030000"
#: Leaves stay usable this long; reuse stops this long before a good certificate expires.
LEAF_DAYS = 365
REUSE_MARGIN = dt.timedelta(days=7)
_BACKDATE = dt.timedelta(hours=1)  # tolerate a peer whose clock is a little behind
_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

_TEST_ORG = "Conformance testsuite (TEST – niet vertrouwen)"


@dataclass(frozen=True)
class PartySpec:
    """One certificate of the recipe; `validity` is "current", "expired" or "future"."""

    name: str
    description: str
    common_name: str
    organisation: str
    issuer: str | None  # None: self-signed
    oin: str | None = None
    is_ca: bool = False
    good: bool = True
    key_size: int = 2048
    sha1: bool = False
    validity: str = "current"
    san: tuple[str, ...] = ()
    server_auth: bool = True
    client_auth: bool = True


def _bad(name: str, description: str, oin: str | None, *, issuer: str = "intermediate", key_size: int = 2048,
         sha1: bool = False, validity: str = "current") -> PartySpec:
    """A defective leaf that is otherwise usable on either side of a loopback connection."""
    return PartySpec(name=name, description=description, common_name=f"Testcertificaat {name} (TEST)",
                     organisation=_TEST_ORG, issuer=issuer, oin=oin, good=False, key_size=key_size, sha1=sha1,
                     validity=validity, san=_LOOPBACK_NAMES)


RECIPE: tuple[PartySpec, ...] = (
    PartySpec("root", "root CA: put only in a test trust store", "Conformance Test Root CA – niet vertrouwen",
              _TEST_ORG, issuer=None, is_ca=True),
    PartySpec("intermediate", "issuing CA under the root",
              "Conformance Test Organisatie Services CA – niet vertrouwen", _TEST_ORG, issuer="root", is_ca=True),
    PartySpec("school", f"school with a BRIN-based OIN (BRIN {SCHOOL_BRIN})", f"Testschool {SCHOOL_BRIN} (TEST)",
              f"Testschool {SCHOOL_BRIN}", issuer="intermediate", oin=school_oin(SCHOOL_BRIN),
              san=(f"school-{SCHOOL_BRIN.lower()}.conformance.test",)),
    PartySpec("vendor", "vendor (SaaS) with a test OIN", "Testleverancier (TEST)", "Testleverancier B.V.",
              issuer="intermediate", oin="00000099500000010000", san=("vendor.conformance.test",)),
    PartySpec("candidate", "the system under test; also valid as a loopback server", "Kandidaat (TEST)",
              "Kandidaat (TEST)", issuer="intermediate", oin="00000099500000020000", san=_LOOPBACK_NAMES),
    PartySpec("client", "the suite itself as TLS client", "Conformance testsuite client (TEST)", _TEST_ORG,
              issuer="intermediate", oin=SUITE_OIN, san=("client.conformance.test",), server_auth=False),
    PartySpec("server", "the suite's reference servers on loopback", "localhost", _TEST_ORG,
              issuer="intermediate", oin=SUITE_OIN, san=_LOOPBACK_NAMES, client_auth=False),
    PartySpec("untrusted-root", "a second root that is NOT in the CA bundle",
              "Conformance Untrusted Root CA – niet vertrouwen", _TEST_ORG, issuer=None, is_ca=True, good=False),
    _bad("expired", "expired 30 days ago", "00000099500000110000", validity="expired"),
    _bad("not-yet-valid", "valid only from after the good certificates expire", "00000099500000120000",
         validity="future"),
    _bad("wrong-oin", "serialNumber is not a valid OIN (19 characters)", "0000009950000013000"),
    _bad("no-serialnumber", "no serialNumber (no OIN) in the subject", None),
    _bad("untrusted", "issued by the untrusted root", "00000099500000150000", issuer="untrusted-root"),
    _bad("rsa-1024", "1024-bit RSA key", "00000099500000160000", key_size=1024),
    _bad("sha1", "signed with SHA-1", "00000099500000170000", sha1=True),
)

_BY_NAME = {spec.name: spec for spec in RECIPE}
GOOD_PARTIES: tuple[str, ...] = tuple(s.name for s in RECIPE if s.good and not s.is_ca)
BAD_PARTIES: tuple[str, ...] = tuple(s.name for s in RECIPE if not s.good and not s.is_ca)

_README = """\
TEST PKI - NIET VERTROUWEN / DO NOT TRUST

Written by `conformance pki init` (or on first use by the suite). Every certificate and key here is for
testing only. The private keys (*-key.pem) are stored UNENCRYPTED (mode 0600): never use them for anything
real, and never add root.pem or ca-bundle.pem to a system or browser trust store.

ca-bundle.pem      root + intermediate: the trust store for the suite and for a candidate under test
<name>.pem         the certificate alone; <name>-key.pem its key; <name>-chain.pem leaf + issuing CA
manifest.json      what each file is; the suite reuses this folder while the certificates stay valid

The OIN of each party is in its Subject serialNumber. Good certificates: RSA 2048, SHA-256.
"""


@dataclass(frozen=True)
class Party:
    """Where one certificate and its key are, and what it is for."""

    name: str
    description: str
    cert: Path
    key: Path
    chain: Path | None
    oin: str | None
    good: bool
    is_ca: bool

    def load(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.cert.read_bytes())


@dataclass(frozen=True)
class TestPki:
    """The files of a test PKI; `pki["school"]` is the school's Party."""

    __test__ = False  # not a pytest class, despite the name

    directory: Path
    ca_bundle: Path
    parties: Mapping[str, Party]
    created: bool = field(default=False, compare=False)  # False when an existing directory was reused

    def __getitem__(self, name: str) -> Party:
        return self.parties[name]

    @property
    def root(self) -> Party:
        return self.parties["root"]

    @property
    def intermediate(self) -> Party:
        return self.parties["intermediate"]


def _paths(directory: Path) -> TestPki:
    parties = {}
    for spec in RECIPE:
        chained = not spec.is_ca and spec.issuer is not None and _BY_NAME[spec.issuer].issuer is not None
        parties[spec.name] = Party(
            name=spec.name, description=spec.description, cert=directory / f"{spec.name}.pem",
            key=directory / f"{spec.name}-key.pem", chain=directory / f"{spec.name}-chain.pem" if chained else None,
            oin=spec.oin, good=spec.good, is_ca=spec.is_ca)
    return TestPki(directory=directory, ca_bundle=directory / "ca-bundle.pem",
                   parties=MappingProxyType(parties))


def make_test_pki(directory: Path, *, now: dt.datetime | None = None, force: bool = False) -> TestPki:
    """Write the test PKI into `directory`, or reuse what is there while it still fits the recipe and `now`.

    Reuse keeps a candidate's trust store (configured with our ca-bundle.pem) working between runs.
    """
    now = _utc(now)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    pki = _paths(directory)
    with _locked(directory):
        if not force and _reusable(pki, now):
            return pki
        _generate(pki, now)
    return TestPki(directory=pki.directory, ca_bundle=pki.ca_bundle, parties=pki.parties, created=True)


def _utc(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return now.replace(tzinfo=dt.UTC) if now.tzinfo is None else now.astimezone(dt.UTC)


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Two processes starting at once (a server and a run) must not write a mixed hierarchy."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock; generation is still atomic per file
        yield
        return
    with open(directory / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _validity_ok(spec: PartySpec, cert: x509.Certificate, now: dt.datetime) -> bool:
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if spec.validity == "expired":
        return end < now
    if spec.validity == "future":
        return start > now + REUSE_MARGIN
    return start <= now and end > now + REUSE_MARGIN


def _reusable(pki: TestPki, now: dt.datetime) -> bool:
    try:
        manifest = json.loads((pki.directory / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("recipe") != RECIPE_VERSION or not pki.ca_bundle.is_file():
            return False
        for spec in RECIPE:
            party = pki.parties[spec.name]
            if not party.key.is_file() or (party.chain is not None and not party.chain.is_file()):
                return False
            if not _validity_ok(spec, party.load(), now):
                return False
    except (OSError, ValueError):
        return False
    return True


def _generate(pki: TestPki, now: dt.datetime) -> None:
    keys: dict[str, rsa.RSAPrivateKey] = {}
    certs: dict[str, x509.Certificate] = {}
    for spec in RECIPE:  # issuers come before what they issue
        key = rsa.generate_private_key(public_exponent=65537, key_size=spec.key_size)
        issuer_key = key if spec.issuer is None else keys[spec.issuer]
        issuer_cert = None if spec.issuer is None else certs[spec.issuer]
        keys[spec.name] = key
        certs[spec.name] = _issue(spec, key, issuer_key, issuer_cert, now)
    for spec in RECIPE:
        party = pki.parties[spec.name]
        pem = certs[spec.name].public_bytes(serialization.Encoding.PEM)
        _write(party.key, keys[spec.name].private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()), 0o600)
        _write(party.cert, pem, 0o644)
        if party.chain is not None:
            assert spec.issuer is not None
            _write(party.chain, pem + certs[spec.issuer].public_bytes(serialization.Encoding.PEM), 0o644)
    _write(pki.ca_bundle, b"".join(certs[name].public_bytes(serialization.Encoding.PEM)
                                   for name in ("root", "intermediate")), 0o644)
    _write(pki.directory / "README.txt", _README.encode("utf-8"), 0o644)
    manifest = {
        "recipe": RECIPE_VERSION,
        "generated_at": now.isoformat(),
        "ca_bundle": pki.ca_bundle.name,
        "parties": {spec.name: {"description": spec.description, "cert": pki.parties[spec.name].cert.name,
                                "key": pki.parties[spec.name].key.name, "oin": spec.oin, "good": spec.good,
                                "not_after": certs[spec.name].not_valid_after_utc.isoformat()}
                    for spec in RECIPE},
    }
    _write(pki.directory / "manifest.json", json.dumps(manifest, indent=2).encode("utf-8"), 0o644)


def _window(spec: PartySpec, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    day = dt.timedelta(days=1)
    if spec.is_ca:  # CAs predate the expired leaf, so that it was once validly issued
        return now - 400 * day, now + (3650 if spec.issuer is None else 1825) * day
    if spec.validity == "expired":
        return now - 395 * day, now - 30 * day
    if spec.validity == "future":
        return now + (LEAF_DAYS + 30) * day, now + (2 * LEAF_DAYS + 30) * day
    return now - _BACKDATE, now + LEAF_DAYS * day


def _name(spec: PartySpec) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, spec.organisation),
                  x509.NameAttribute(NameOID.COMMON_NAME, spec.common_name)]
    if spec.oin is not None:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, spec.oin))
    return x509.Name(attributes)


def _general_name(value: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(value))
    except ValueError:
        return x509.DNSName(value)


def _issue(spec: PartySpec, key: rsa.RSAPrivateKey, issuer_key: rsa.RSAPrivateKey,
           issuer_cert: x509.Certificate | None, now: dt.datetime) -> x509.Certificate:
    start, end = _window(spec, now)
    subject = _name(spec)
    issuer_public = issuer_key.public_key()
    builder = (x509.CertificateBuilder()
               .subject_name(subject)
               .issuer_name(subject if issuer_cert is None else issuer_cert.subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(start)
               .not_valid_after(end)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public), critical=False))
    if spec.is_ca:
        path_length = None if spec.issuer is None else 0
        builder = (builder
                   .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                                key_encipherment=False, data_encipherment=False,
                                                key_agreement=False, key_cert_sign=True, crl_sign=True,
                                                encipher_only=False, decipher_only=False), critical=True))
    else:
        usages = [oid for wanted, oid in ((spec.server_auth, ExtendedKeyUsageOID.SERVER_AUTH),
                                          (spec.client_auth, ExtendedKeyUsageOID.CLIENT_AUTH)) if wanted]
        builder = (builder
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                                key_encipherment=True, data_encipherment=False,
                                                key_agreement=False, key_cert_sign=False, crl_sign=False,
                                                encipher_only=False, decipher_only=False), critical=True)
                   .add_extension(x509.ExtendedKeyUsage(usages), critical=False))
        if spec.san:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([_general_name(v) for v in spec.san]), critical=False)
    cert = builder.sign(issuer_key, hashes.SHA256())
    return _resign_sha1(cert, issuer_key) if spec.sha1 else cert


# cryptography refuses SHA-1 in CertificateBuilder, so the SHA-1 certificate is re-signed by hand: the
# AlgorithmIdentifiers of sha256WithRSAEncryption and sha1WithRSAEncryption have the same DER length, so the
# one inside the TBS can be swapped in place before signing the TBS again.
_SHA256_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
_SHA1_RSA = bytes.fromhex("300d06092a864886f70d0101050500")


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    raw = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _resign_sha1(cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey) -> x509.Certificate:
    tbs = cert.tbs_certificate_bytes
    if _SHA256_RSA not in tbs:
        raise RuntimeError("cannot find the signature algorithm inside the TBS certificate")
    tbs = tbs.replace(_SHA256_RSA, _SHA1_RSA, 1)
    signature = issuer_key.sign(tbs, padding.PKCS1v15(), hashes.SHA1())
    bit_string = b"\x03" + _der_length(len(signature) + 1) + b"\x00" + signature
    body = tbs + _SHA1_RSA + bit_string
    return x509.load_der_x509_certificate(b"\x30" + _der_length(len(body)) + body)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Write atomically (no half-written PEM for a concurrent reader); mkstemp starts at 0600, so a key is never
    readable by others, not even briefly."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(temporary, mode)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
