"""The evidence bundle: a zip of the run's outputs and redacted exchanges, with a signed SHA-256 manifest.

Layout: `manifest.json` (file -> sha256), `manifest.sig` (Ed25519 over the manifest's bytes), and the files.
`verify_bundle` names every file that was changed, added or removed since signing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["BundleProblem", "generate_keypair", "verify_bundle", "write_bundle"]

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"


class BundleProblem(ValueError):
    """A key or bundle that cannot be used; the message says which and why."""


def generate_keypair(private_path: Path, public_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    private_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    private_path.chmod(0o600)
    public_path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))


def _private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise BundleProblem(f"{path}: not an unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleProblem(f"{path}: the signing key must be Ed25519 (make one with `conformance keygen`)")
    return key


def _public_key(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise BundleProblem(f"{path}: not a PEM public key ({exc})") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise BundleProblem(f"{path}: the public key must be Ed25519")
    return key


def _exchange_files(data: dict[str, Any]) -> dict[str, bytes]:
    files = {}
    for exchange in data["exchanges"]:
        for side in ("request", "response"):
            part = exchange[side]
            head = "".join(f"{k}: {v}\n" for k, v in part["headers"].items())
            files[f"exchanges/{exchange['id']}-{side}.txt"] = (head + "\n" + part["body"]).encode("utf-8")
    return files


def write_bundle(out_dir: Path, data: dict[str, Any], target: Path, *, sign_key: Path | None) -> Path:
    """Zip the outputs in `out_dir` with the redacted exchanges; sign the manifest when a key is given."""
    files: dict[str, bytes] = {}
    for name in ("results.json", "report.html", "report.pdf", "junit.xml", "earl.jsonld", "redaction-manifest.json"):
        path = out_dir / name
        if path.is_file():
            files[name] = path.read_bytes()
    files.update(_exchange_files(data))
    manifest = {
        "suite": data["suite"],
        "verdict": data["verdict"],
        "instrument": data.get("provenance", {}).get("instrument"),
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())},
    }
    manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, manifest_bytes)
        if sign_key is not None:
            signature = _private_key(sign_key).sign(manifest_bytes)
            zf.writestr(SIGNATURE, base64.b64encode(signature) + b"\n")
        for name, content in files.items():
            zf.writestr(name, content)
    return target


def verify_bundle(bundle: Path, public_key: Path) -> list[str]:
    """Problems found (empty when the bundle is intact and signed by `public_key`)."""
    key = _public_key(public_key)
    try:
        zf = zipfile.ZipFile(bundle)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleProblem(f"{bundle}: not a readable zip ({exc})") from exc
    problems: list[str] = []
    with zf:
        names = set(zf.namelist())
        if MANIFEST not in names:
            return [f"{MANIFEST} is missing"]
        manifest_bytes = zf.read(MANIFEST)
        if SIGNATURE not in names:
            problems.append(f"{SIGNATURE} is missing: the bundle is not signed")
        else:
            try:
                key.verify(base64.b64decode(zf.read(SIGNATURE)), manifest_bytes)
            except (InvalidSignature, ValueError):
                problems.append(f"{MANIFEST}: the signature does not match (manifest changed or another key)")
        try:
            expected = json.loads(manifest_bytes)["files"]
        except (ValueError, KeyError):
            return [*problems, f"{MANIFEST} is not a valid manifest"]
        for name, digest in expected.items():
            if name not in names:
                problems.append(f"{name}: missing")
            elif hashlib.sha256(zf.read(name)).hexdigest() != digest:
                problems.append(f"{name}: changed (SHA-256 differs from the manifest)")
        for name in sorted(names - set(expected) - {MANIFEST, SIGNATURE}):
            problems.append(f"{name}: added after signing")
    return problems
