"""Schema packs: a certification body's own WSDL/XSD set, checked before any test runs and recorded in provenance.

A pack is a folder of WSDL/XSD files with `manifest.toml` (or `manifest.json`) naming the standard it is for,
its name and version, and the SHA-256 of every file. It "fits" a standard when every file parses safely (no DTD,
no entities, no network) and its schemas (XSDs, or inline in a WSDL) together declare each (target namespace,
global element) the standard's codec needs (`Standard.schema_needs`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.errors import ConfigError
from conformance.xml import SchemaRefused, XmlRejected, XsdSchema, parse_bytes

if TYPE_CHECKING:
    from conformance.standards import Standard

__all__ = ["SCHEMA_SUFFIXES", "SchemaPack", "load_pack", "write_manifest"]

#: files that count as part of a pack; any of these not in the manifest is refused
SCHEMA_SUFFIXES = frozenset({".xsd", ".wsdl", ".xml"})
_MANIFESTS = ("manifest.toml", "manifest.json")
_XS = "http://www.w3.org/2001/XMLSchema"
_MAX_SCHEMA_BYTES = 16 * 1024 * 1024


@dataclasses.dataclass(frozen=True, kw_only=True)
class SchemaPack:
    """A checked pack; `files` maps each relative path to its SHA-256."""

    directory: Path
    standard: str
    name: str
    version: str
    files: dict[str, str]

    def describe(self) -> dict[str, Any]:
        """What the run records in its provenance."""
        return {"standard": self.standard, "name": self.name, "version": self.version,
                "directory": str(self.directory), "files": dict(sorted(self.files.items()))}

    def label(self) -> str:
        """How findings name the pack: its name and version."""
        return f"schema pack {self.name} {self.version}"

    def schema_file(self, namespace: str) -> str:
        """The pack's XSD for `namespace`: of those with that targetNamespace, not xs:included by another, the one
        nearest the pack's top, then with the shortest name (profile schemas sit beside or below the full one).
        Without such an XSD, a schema inline in a WSDL's types (`file.wsdl#n`)."""
        return _choose(self.directory, tuple(sorted(self.files)), namespace)

    def schema_for(self, namespace: str) -> XsdSchema:
        """`schema_file(namespace)` for both validators; its imports and includes are read from the pack only (a
        location outside the pack folder, or on the network, is refused)."""
        return XsdSchema(self.directory, self.schema_file(namespace))


@functools.cache
def _choose(directory: Path, files: tuple[str, ...], namespace: str) -> str:
    roots = {name: parse_bytes((directory / name).read_bytes(), max_bytes=_MAX_SCHEMA_BYTES)
             for name in files if Path(name).suffix.lower() in (".xsd", ".wsdl")}
    found = [name for name, root in roots.items()
             if name.lower().endswith(".xsd") and root.get("targetNamespace", "") == namespace]
    if not found:  # a WSDL may carry its schema inline in its types: `name#n` is its n-th xs:schema
        found = [f"{name}#{n}" for name, root in roots.items() if name.lower().endswith(".wsdl")
                 for n, schema in enumerate(root.iter(f"{{{_XS}}}schema"))
                 if schema.get("targetNamespace", "") == namespace]
    if not found:
        raise _refuse(f"no XSD in the pack has targetNamespace {namespace!r}")
    included = {(Path(name).parent / el.get("schemaLocation", "")).as_posix()
                for name in found if "#" not in name
                for el in roots[name].iter(f"{{{_XS}}}include", f"{{{_XS}}}redefine")}
    top = [name for name in found if name not in included] or found
    return min(top, key=lambda name: (name.count("/"), len(name), name))


def _compile(pack: SchemaPack, namespace: str) -> None:
    """libxml2 compiles the pack's schema for `namespace` now, so a broken one is refused before the run."""
    schema = pack.schema_for(namespace)
    try:
        schema.lxml()
    except SchemaRefused as exc:
        if exc.outside is not None:
            raise _refuse(f"{schema.name} refers to {exc.outside}, which is not a file of the pack") from exc
        raise _refuse(str(exc)) from exc


def _refuse(message: str) -> ConfigError:
    return ConfigError(message, field="schemas.pack")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(directory: Path) -> tuple[Path, dict[str, Any]]:
    found = [directory / name for name in _MANIFESTS if (directory / name).is_file()]
    if not found:
        raise _refuse(f"{directory} has no manifest.toml or manifest.json")
    if len(found) > 1:
        raise _refuse(f"{directory} has both manifest.toml and manifest.json; keep one")
    path = found[0]
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise _refuse(f"{path} is not a readable manifest: {exc}") from exc
    if not isinstance(raw, dict):
        raise _refuse(f"{path} is not a readable manifest: expected a table at the top")
    return path, raw


def _manifest_str(raw: dict[str, Any], key: str, manifest: Path) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _refuse(f"{manifest}: `{key}` is missing or not a non-empty string")
    return value.strip()


def _manifest_files(raw: dict[str, Any], manifest: Path) -> dict[str, str]:
    files = raw.get("files")
    if not isinstance(files, dict) or not files:
        raise _refuse(f"{manifest}: `files` must be a table of relative path = \"sha256 hex\"")
    out: dict[str, str] = {}
    for name, digest in files.items():
        if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest.lower()):
            raise _refuse(f"{manifest}: files.{name} is not a SHA-256 hex digest")
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or not parts:
            raise _refuse(f"{manifest}: files.{name} must be a relative path inside the pack")
        out[Path(name).as_posix()] = digest.lower()
    return out


def _schema_files(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*")
            if p.is_file() and p.suffix.lower() in SCHEMA_SUFFIXES}


def _declared(directory: Path, files: dict[str, str]) -> set[tuple[str, str]]:
    """(target namespace, local name) of every global element the pack declares, in XSDs or inline in a WSDL's types.

    Every listed XML file is parsed safely (no DTD, no entities, no network), so a hostile pack is refused by name.
    """
    declared: set[tuple[str, str]] = set()
    for name in sorted(files):
        if Path(name).suffix.lower() not in SCHEMA_SUFFIXES:
            continue
        try:
            root = parse_bytes((directory / name).read_bytes(), max_bytes=_MAX_SCHEMA_BYTES)
        except XmlRejected as exc:
            raise _refuse(f"{name}: {exc}") from exc
        if name.lower().endswith(".xsd") and root.tag != f"{{{_XS}}}schema":
            raise _refuse(f"{name}: not an XML Schema (root element is {root.tag!s})")
        schemas = [root] if root.tag == f"{{{_XS}}}schema" else root.iter(f"{{{_XS}}}schema")
        for schema in schemas:
            namespace = schema.get("targetNamespace", "")
            declared |= {(namespace, el.get("name", "")) for el in schema.findall(f"{{{_XS}}}element")}
    return declared


def load_pack(directory: Path, *, known_standards: dict[str, Standard[Any]] | None = None) -> SchemaPack:
    """Check a pack completely (manifest, hashes, no stray files, standard, fit); any problem raises ConfigError."""
    if known_standards is None:
        from conformance.standards import all_standards

        known_standards = all_standards()
    directory = directory.resolve()
    if not directory.is_dir():
        raise _refuse(f"schema pack {directory} is not a folder")
    manifest, raw = _read_manifest(directory)
    standard = _manifest_str(raw, "standard", manifest)
    if standard not in known_standards:
        raise _refuse(f"{manifest}: unknown standard {standard!r}; known: {', '.join(known_standards)}")
    name = _manifest_str(raw, "name", manifest)
    version = _manifest_str(raw, "version", manifest)
    files = _manifest_files(raw, manifest)
    for rel, digest in sorted(files.items()):
        path = directory / rel
        if not path.is_file():
            raise _refuse(f"{rel}: listed in the manifest but missing from {directory}")
        if _sha256(path) != digest:
            raise _refuse(f"{rel}: SHA-256 differs from the manifest (the file was changed)")
    unlisted = sorted(_schema_files(directory) - set(files))
    if unlisted:
        raise _refuse(f"{unlisted[0]}: schema file not listed in the manifest"
                      + (f" (and {len(unlisted) - 1} more)" if len(unlisted) > 1 else ""))
    declared = _declared(directory, files)
    needs = known_standards[standard].schema_needs
    missing = [need for need in needs if need not in declared]
    if missing:
        namespace, element = missing[0]
        raise _refuse(f"the pack does not fit {standard}: no XSD declares global element {element!r} in namespace "
                      f"{namespace!r}" + (f" (and {len(missing) - 1} more missing)" if len(missing) > 1 else ""))
    pack = SchemaPack(directory=directory, standard=standard, name=name, version=version, files=files)
    for namespace in sorted({namespace for namespace, _ in needs}):
        _compile(pack, namespace)  # the codec validates against these: they must compile now, not mid-run
    return pack


def write_manifest(directory: Path, *, standard: str, name: str, version: str) -> Path:
    """Write manifest.toml listing every schema file in `directory` with its SHA-256 (for `schema-pack init`)."""
    import tomli_w

    files = {rel: _sha256(directory / rel) for rel in sorted(_schema_files(directory))}
    target = directory / "manifest.toml"
    target.write_text(tomli_w.dumps({"standard": standard, "name": name, "version": version, "files": files}),
                      encoding="utf-8")
    return target
