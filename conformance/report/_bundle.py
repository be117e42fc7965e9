"""The evidence bundle: a zip of the run's outputs and redacted exchanges, with a signed SHA-256 manifest.

Layout: `manifest.json` (file -> sha256), `manifest.sig` (Ed25519 over the manifest's bytes), and the files.
`verify_bundle` names every file that was changed, added or removed since signing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["BundleProblem", "generate_keypair", "verify_bundle", "write_bundle"]

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
#: The manifest lists hashes only: far below this even for 100,000 exchanges; the signature is one line.
MANIFEST_LIMIT = 64 * 1024 * 1024
SIGNATURE_LIMIT = 4096
_CHUNK = 1024 * 1024


class _Damaged(Exception):
    """An entry that cannot be read as stored: the one-line problem for it."""


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
    """Problems found (empty when the bundle is intact and signed by `public_key`).

    Entries are hashed in chunks, so a bundle that inflates to gigabytes costs time, not memory; a name stored
    twice is refused, because zip readers disagree on which copy they extract.
    """
    key = _public_key(public_key)
    try:
        zf = zipfile.ZipFile(bundle)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleProblem(f"{bundle}: not a readable zip ({exc})") from exc
    with zf:
        entries: dict[str, list[zipfile.ZipInfo]] = {}
        for info in zf.infolist():
            entries.setdefault(info.filename, []).append(info)
        problems = [f"{name}: stored {len(infos)} times (zip readers disagree on which copy they extract)"
                    for name, infos in sorted(entries.items()) if len(infos) > 1]
        if MANIFEST not in entries:
            return [*problems, f"{MANIFEST} is missing"]
        try:
            manifest_bytes = _read_small(zf, entries[MANIFEST][0], MANIFEST_LIMIT)
            expected = _manifest_files(manifest_bytes)
        except _Damaged as exc:
            return [*problems, str(exc)]
        if SIGNATURE not in entries:
            problems.append(f"{SIGNATURE} is missing: the bundle is not signed")
        else:
            try:
                signature = base64.b64decode(_read_small(zf, entries[SIGNATURE][0], SIGNATURE_LIMIT),
                                             validate=False)
                key.verify(signature, manifest_bytes)
            except _Damaged as exc:
                problems.append(str(exc))
            except (InvalidSignature, ValueError):
                problems.append(f"{MANIFEST}: the signature does not match (manifest changed or another key)")
        for name, digest in expected.items():
            if name not in entries:
                problems.append(f"{name}: missing")
                continue
            try:
                digests = {_sha256(zf, info) for info in entries[name]}
            except _Damaged as exc:
                problems.append(str(exc))
                continue
            if digests != {digest}:
                problems.append(f"{name}: changed (SHA-256 differs from the manifest)")
        for name in sorted(entries.keys() - expected.keys() - {MANIFEST, SIGNATURE}):
            problems.append(f"{name}: added after signing")
    return problems


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The entry's bytes in chunks; a bad CRC, broken deflate data or an unknown method becomes _Damaged."""
    try:
        with zf.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise _Damaged(f"{info.filename}: damaged ({exc})") from None


def _sha256(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    for chunk in _stream(zf, info):
        digest.update(chunk)
    return digest.hexdigest()


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    data = bytearray()
    for chunk in _stream(zf, info):
        data += chunk
        if len(data) > limit:
            raise _Damaged(f"{info.filename}: larger than {limit} bytes, not one this suite writes")
    return bytes(data)


def _manifest_files(manifest_bytes: bytes) -> dict[str, str]:
    """The manifest's `files` (name -> SHA-256 in hex), or _Damaged when the manifest has another shape."""
    try:
        files = json.loads(manifest_bytes)["files"]
    except (ValueError, KeyError, TypeError):
        files = None
    if not isinstance(files, dict) or not all(
            isinstance(name, str) and isinstance(digest, str) and len(digest) == 64 for name, digest in files.items()):
        raise _Damaged(f"{MANIFEST} is not a valid manifest (expected files: name -> SHA-256)")
    return files
