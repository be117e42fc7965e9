"""A throwaway self-signed certificate whose Subject may carry a serialNumber (the OIN's place), for tests that
read a certificate's OIN without a whole test PKI."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

__all__ = ["with_serial_number"]


def with_serial_number(serial_number: str | None, common_name: str = "oin test") -> x509.Certificate:
    """A certificate valid for a day; `serial_number` None leaves the Subject without one."""
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if serial_number is not None:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number))
    name = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
