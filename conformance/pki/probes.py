"""Signing certificates a receiver must refuse, made on demand for the party the suite speaks as.

Each differs from the suite's own certificate in one way only, so a refusal can be attributed: it carries the
suite's OIN (except `other-party`), and the request it signs names that OIN in wsa:From and travels over the
suite's own TLS client certificate. `self-signed` and `untrusted` need nothing but the suite's certificate;
`expired`, `weak-key` and `other-party` are issued by (or belong to) a test PKI the candidate trusts, so they are
only made when one is declared.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from conformance.pki.hierarchy import PartySpec, TestPki, _issue
from conformance.pki.oin import oin_from_certificate

__all__ = ["NEEDS_TEST_PKI", "PROBES", "ProbeSigner", "probe_signer"]

#: The probes, each with what makes its certificate wrong.
PROBES: dict[str, str] = {
    "self-signed": "a self-signed certificate carrying the suite's OIN",
    "untrusted": "a certificate carrying the suite's OIN, issued by a root the candidate does not trust",
    "expired": "an expired certificate carrying the suite's OIN, issued by the test PKI",
    "weak-key": "a certificate carrying the suite's OIN with a 1024-bit RSA key, issued by the test PKI",
    "other-party": "another party's valid certificate of the test PKI (another OIN)",
}
NEEDS_TEST_PKI = frozenset({"expired", "weak-key", "other-party"})


@dataclasses.dataclass(frozen=True)
class ProbeSigner:
    """A probe's key and certificate; `description` shows in the evidence."""

    name: str
    description: str
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate


def _attribute(certificate: x509.Certificate, oid: x509.ObjectIdentifier, default: str) -> str:
    values = certificate.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else default


def _like(own: x509.Certificate, name: str, *, issuer: str | None, key_size: int = 2048,
          validity: str = "current", is_ca: bool = False) -> PartySpec:
    """A recipe entry with the subject of `own` (its OIN, organisation and common name)."""
    return PartySpec(name=name, description=PROBES.get(name, name),
                     common_name=_attribute(own, x509.NameOID.COMMON_NAME, "probe"),
                     organisation=_attribute(own, x509.NameOID.ORGANIZATION_NAME, "probe"),
                     issuer=issuer, oin=None if is_ca else oin_from_certificate(own), is_ca=is_ca, good=False,
                     key_size=key_size, validity=validity)


def _key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _load_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def probe_signer(name: str, *, own: x509.Certificate, test_pki: TestPki | None) -> ProbeSigner:
    """The probe `name` (a key of `PROBES`) for the party of `own`; ValueError when it needs a test PKI and none
    is given."""
    if name not in PROBES:
        raise ValueError(f"unknown probe {name!r}; choose from {', '.join(PROBES)}")
    if name in NEEDS_TEST_PKI and test_pki is None:
        raise ValueError(f"the {name} probe is issued by a test PKI the candidate trusts, and none is declared")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    if name == "other-party":
        assert test_pki is not None  # other-party is in NEEDS_TEST_PKI, refused above without one
        party = test_pki["school" if oin_from_certificate(own) == test_pki["vendor"].oin else "vendor"]
        return ProbeSigner(name, PROBES[name], _load_key(party.key), party.load())
    key = _key(1024 if name == "weak-key" else 2048)
    if name == "self-signed":
        return ProbeSigner(name, PROBES[name], key, _issue(_like(own, name, issuer=None), key, key, None, now))
    if name == "untrusted":
        root_key = _key()
        root = _issue(_like(own, "probe-root", issuer=None, is_ca=True), root_key, root_key, None, now)
        return ProbeSigner(name, PROBES[name], key, _issue(_like(own, name, issuer="probe-root"), key, root_key,
                                                           root, now))
    assert test_pki is not None
    intermediate = test_pki.intermediate
    spec = _like(own, name, issuer="intermediate", key_size=key.key_size,
                 validity="expired" if name == "expired" else "current")
    return ProbeSigner(name, PROBES[name], key, _issue(spec, key, _load_key(intermediate.key), intermediate.load(),
                                                       now))
