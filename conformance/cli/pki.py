"""`conformance pki init` and `pki show`: make the test PKI, and look inside any certificate the way an
Edukoppeling peer would (OIN from the Subject serialNumber, key size, signature algorithm, validity).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID
from rich import box
from rich.console import Console
from rich.table import Table

from conformance.pki import make_test_pki, oin_from_certificate, parse_oin

__all__ = ["app", "init", "show"]

app = typer.Typer(
    help="Test certificates shaped like PKIoverheid / PKI-Onderwijs, with the OIN in Subject serialNumber. "
         "Exit codes: 0 done, 2 bad input (not a certificate, invalid OIN, unwritable folder).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals would include private keys
    add_completion=False,
)

_NAME_LABELS = {NameOID.SERIAL_NUMBER: "serialNumber"}
_SIGNATURE_NAMES = {value: name for name, value in vars(SignatureAlgorithmOID).items()
                    if isinstance(value, x509.ObjectIdentifier)}


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command()
def init(
    directory: Path = typer.Argument(..., help="Folder to write the certificates and keys into."),
    force: bool = typer.Option(False, "--force", help="Regenerate even when the existing certificates are valid."),
) -> None:
    """Write the test PKI (reused when the folder already holds a valid one)."""
    if directory.exists() and not directory.is_dir():
        raise _fail(f"{directory} exists and is not a folder")
    try:
        pki = make_test_pki(directory, force=force)
    except OSError as exc:
        raise _fail(f"cannot write the test PKI to {directory}: {exc.strerror or exc}") from None
    console = Console(highlight=False)
    table = Table(title=f"Test PKI in {pki.directory}", title_justify="left", box=box.SIMPLE, pad_edge=False)
    for column in ("certificate", "OIN", "valid until"):
        table.add_column(column, no_wrap=True)
    table.add_column("purpose", overflow="fold")
    for party in pki.parties.values():
        cert = party.load()
        purpose = party.description if party.good else f"[red]bad:[/red] {party.description}"
        table.add_row(party.cert.name, party.oin or "-", f"{cert.not_valid_after_utc:%Y-%m-%d}", purpose)
    console.print(table)
    console.print(f"{'wrote' if pki.created else 'reused'} {pki.directory}; CA bundle: {pki.ca_bundle.name}. "
                  "Test keys only: unencrypted, never trust this root outside a test (see README.txt).")


def _load(path: Path) -> list[x509.Certificate]:
    """All certificates in a PEM file, or the one in a DER file; ValueError says what the file is instead."""
    data = path.read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    if b"-----BEGIN " in data:
        start = data.index(b"-----BEGIN ") + len(b"-----BEGIN ")
        label = data[start:data.find(b"-----", start)].decode("ascii", errors="replace")
        raise ValueError(f"it holds a PEM {label!r} block, not a CERTIFICATE")
    try:
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise ValueError("it is neither a PEM nor a DER X.509 certificate") from None


def _key_description(cert: x509.Certificate) -> tuple[str, int | None]:
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size} bits", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name} ({key.key_size} bits)", None
    if isinstance(key, dsa.DSAPublicKey):
        return f"DSA {key.key_size} bits", key.key_size
    if isinstance(key, (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)):
        return type(key).__name__.removesuffix("PublicKey"), None
    return type(key).__name__, None


def _validity(cert: x509.Certificate, now: dt.datetime) -> tuple[str, str | None]:
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    span = f"{start:%Y-%m-%d %H:%M:%S}Z – {end:%Y-%m-%d %H:%M:%S}Z"
    if end < now:
        return f"{span} (expired {(now - end).days} days ago)", "expired"
    if start > now:
        return f"{span} (not valid for another {(start - now).days} days)", "not yet valid"
    return f"{span} (valid for {(end - now).days} more days)", None


def _describe(cert: x509.Certificate, now: dt.datetime) -> tuple[list[tuple[str, str]], list[str], str | None]:
    """Lines to print, warnings, and the OIN error (None when the OIN is well-formed or absent)."""
    lines: list[tuple[str, str]] = [("subject", cert.subject.rfc4514_string(_NAME_LABELS)),
                                    ("issuer", cert.issuer.rfc4514_string(_NAME_LABELS))]
    warnings: list[str] = []
    oin_error = None
    value = oin_from_certificate(cert)
    if value is None:
        lines.append(("OIN", "absent (no serialNumber in the subject)"))
        warnings.append("no OIN: Edukoppeling identifies a party by the OIN/HRN in Subject serialNumber")
    else:
        try:
            oin = parse_oin(value)
        except ValueError as exc:
            oin_error = str(exc)
            lines.append(("OIN", f"{value} (INVALID: {exc})"))
        else:
            extra = f", BRIN {oin.brincode}" if oin.brincode else ""
            lines.append(("OIN", f"{oin.value} (prefix {oin.prefix}: {oin.prefix_meaning}{extra})"))
    validity, problem = _validity(cert, now)
    lines.append(("validity", validity))
    if problem:
        warnings.append(problem)
    lines.append(("serial", f"{cert.serial_number:x}"))
    lines.append(("SHA-256", cert.fingerprint(hashes.SHA256()).hex(":").upper()))
    key_text, rsa_bits = _key_description(cert)
    lines.append(("key", key_text))
    if rsa_bits is not None and rsa_bits < 2048:
        warnings.append(f"{rsa_bits}-bit key: at least 2048 bits are required")
    oid = cert.signature_algorithm_oid
    lines.append(("signature", f"{_SIGNATURE_NAMES.get(oid, 'unknown')} ({oid.dotted_string})"))
    hash_algorithm = cert.signature_hash_algorithm
    if hash_algorithm is not None and hash_algorithm.name in ("sha1", "md5"):
        warnings.append(f"signed with {hash_algorithm.name.upper()}: not acceptable")
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        lines.append(("CA", "yes" if constraints.ca else "no"))
    except x509.ExtensionNotFound:
        pass
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        lines.append(("SAN", ", ".join(str(name.value) for name in san)))
    except x509.ExtensionNotFound:
        pass
    return lines, warnings, oin_error


@app.command()
def show(cert: Path = typer.Argument(..., help="Certificate file (PEM, possibly several, or DER).")) -> None:
    """Print a certificate's subject, issuer, OIN, validity, fingerprint, key size and signature algorithm."""
    try:
        certificates = _load(cert)
    except OSError as exc:
        raise _fail(f"cannot read {cert}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise _fail(f"{cert} is not a certificate: {exc}") from None
    now = dt.datetime.now(dt.UTC)
    oin_errors = []
    for index, certificate in enumerate(certificates, start=1):
        if len(certificates) > 1:
            typer.echo(f"{'' if index == 1 else chr(10)}certificate {index} of {len(certificates)}")
        lines, warnings, oin_error = _describe(certificate, now)
        width = max(len(label) for label, _ in lines)
        for label, text in lines:
            typer.echo(f"{label + ':':<{width + 2}}{text}")
        for warning in warnings:
            typer.echo(f"warning: {warning}")
        if oin_error:
            oin_errors.append(f"certificate {index}: {oin_error}" if len(certificates) > 1 else oin_error)
    if oin_errors:
        raise _fail(f"{cert} has an invalid OIN in its Subject serialNumber: {'; '.join(oin_errors)}")
