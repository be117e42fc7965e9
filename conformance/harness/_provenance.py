"""Where a run's verdict comes from: which suite files, which candidate certificates."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from conformance.instrument import instrument
from conformance.paths import testcases_dir, wsdl_dir
from conformance.standards import all_standards
from conformance.transport import Exchange
from conformance.xml import validator_versions

__all__ = ["provenance"]


def _digest(files: Iterable[tuple[str, Path]]) -> str:
    """SHA-256 over the names and contents of `files`, in name order, so any edit changes it."""
    sha = hashlib.sha256()
    for name, path in sorted(files):
        sha.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def _tree(base: Path, label: str) -> list[tuple[str, Path]]:
    return [(f"{label}/{p.relative_to(base).as_posix()}", p) for p in base.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]


def suite_digest() -> dict[str, str]:
    """One SHA-256 each for the scenario tests, our WSDL/XSD and the requirement catalogues, and one over all."""
    catalogues = [(f"requirements/{name}.csv", std.catalogue_path) for name, std in all_standards().items()]
    parts = {"testcases": _tree(testcases_dir(), "testcases"), "wsdl": _tree(wsdl_dir(), "wsdl"),
             "requirements": catalogues}
    digests = {name: _digest(files) for name, files in parts.items()}
    digests["all"] = _digest([f for files in parts.values() for f in files])
    return digests


def server_certificates(exchanges: Iterable[Exchange]) -> dict[str, list[str]]:
    """Per candidate origin, the SHA-256 fingerprints of the server certificates it presented."""
    found: dict[str, set[str]] = {}
    for exchange in exchanges:
        if exchange.tls and exchange.tls.server_certificate_sha256:
            origin = "/".join(exchange.url.split("/")[:3])
            found.setdefault(origin, set()).add(exchange.tls.server_certificate_sha256)
    return {origin: sorted(prints) for origin, prints in sorted(found.items())}


def provenance(exchanges: Iterable[Exchange], *, schema_pack: dict[str, Any] | None = None,
               dual_validation: bool = False) -> dict[str, Any]:
    found = {"suite_sha256": suite_digest(), "instrument": instrument(),
             "server_certificates": server_certificates(exchanges),
             "schema_validators": validator_versions(dual=dual_validation)}
    if schema_pack is not None:  # a certification body's own WSDL/XSD set (conformance.harness._schemapack)
        found["schema_pack"] = schema_pack
    return found
