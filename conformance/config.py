"""The candidate configuration (TOML): who is tested, where, with which credentials and capabilities.

The file has a fixed part (`[candidate]`, `[tls]`, `[run]`) and one table per standard; each standard
reads its own table through `Section`, so adding a standard does not touch this module.
"""

from __future__ import annotations

import builtins
import dataclasses
import difflib
import ipaddress
import os
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from conformance.errors import ConfigError

__all__ = ["Attestation", "CandidateConfig", "Section", "TlsConfig", "config_from_dict", "config_secrets", "interface_address",
           "load_config"]


_Choice = TypeVar("_Choice", bound=str)

#: A field check: raises ValueError (one line, never repeating a secret) for a malformed value.
Check = Callable[[str], object]


def interface_address(value: str) -> None:
    """A check for a listening interface of this machine, named by its IPv4 address (0.0.0.0 for all)."""
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        raise ValueError("must be the IPv4 address of one of this machine's interfaces (127.0.0.1, 0.0.0.0 for "
                         f"all, ...), found {value!r}") from None


class Section:
    """A table of the config file that knows its own dotted path, so every error names its field.

    It remembers which keys its readers looked at: a key none of them did is a typo (`verzies`) that would
    otherwise be ignored in silence, and `reject_unknown_keys` names it.
    """

    def __init__(self, data: dict[str, Any], path: str, base_dir: Path, *, allow_plain_http: bool = False) -> None:
        self.data = data
        self.path = path
        self.base_dir = base_dir
        self.allow_plain_http = allow_plain_http  # `[tls] allow_plain_http`: http:// endpoints, reported as such
        self._known: set[str] = set()
        self._children: dict[str, list[Section]] = {}

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _field(self, key: str) -> str:
        self._known.add(key)
        return self._name(key)

    def allow(self, *keys: str) -> None:
        """Keys this table may hold that the reader leaves alone for what the candidate declares (an endpoint of
        an operation it does not offer): documented, so not unknown."""
        self._known.update(keys)

    def has(self, key: str) -> bool:
        self._known.add(key)
        return key in self.data

    def unknown_keys(self) -> list[tuple[str, list[str]]]:
        """(dotted field, close known keys) of every key in this table and the tables read from it that no
        reader looked at."""
        found = [(self._name(key), difflib.get_close_matches(key, sorted(self._known), n=1))
                 for key in self.data if key not in self._known]
        for children in self._children.values():
            for child in children:
                found += child.unknown_keys()
        return found

    def reject_unknown_keys(self) -> None:
        """Call after reading the table whole; the first unknown key is a ConfigError naming it."""
        unknown = self.unknown_keys()
        if unknown:
            field, close = unknown[0]
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ConfigError(f"unknown key{hint}", field=field)

    def str(self, key: builtins.str, default: builtins.str | None = None, *, required: bool = True,
            check: Check | None = None) -> builtins.str | None:
        """The string at `key`; `check` (e.g. `parse_oin`) refuses a malformed value with a ValueError, which
        becomes a ConfigError naming the field."""
        self._known.add(key)
        if key not in self.data:
            if default is None and required:
                raise ConfigError("is required", field=self._field(key))
            return default
        value = self.data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise ConfigError(f"must be a non-empty string, found {value!r}", field=self._field(key))
        self._check(check, value, self._field(key))
        return value

    @staticmethod
    def _check(check: Check | None, value: builtins.str, field: builtins.str) -> None:
        if check is None:
            return
        try:
            check(value)
        except ValueError as exc:
            raise ConfigError(str(exc), field=field) from None

    @overload
    def number(self, key: builtins.str, default: int, *, integer: Literal[True], minimum: float | None = None,
               maximum: float | None = None) -> int: ...

    @overload
    def number(self, key: builtins.str, default: None, *, integer: Literal[True], minimum: float | None = None,
               maximum: float | None = None) -> int | None: ...

    @overload
    def number(self, key: builtins.str, default: float, *, integer: Literal[False] = False,
               minimum: float | None = None, maximum: float | None = None) -> float: ...

    @overload
    def number(self, key: builtins.str, default: None, *, integer: Literal[False] = False,
               minimum: float | None = None, maximum: float | None = None) -> float | None: ...

    def number(self, key: builtins.str, default: float | None, *, integer: bool = False, minimum: float | None = None,
               maximum: float | None = None) -> float | None:
        """An int (with `integer`) or a number at `key` within [minimum, maximum]; `default` when absent."""
        self._known.add(key)
        if key not in self.data:
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)):
            raise ConfigError(f"must be {'a whole number' if integer else 'a number'}, found {value!r}",
                              field=self._field(key))
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            if minimum is not None and maximum is not None:
                bound = f"from {minimum} to {maximum}"
            else:
                bound = f"at least {minimum}" if minimum is not None else f"at most {maximum}"
            raise ConfigError(f"must be {bound}, found {value!r}", field=self._field(key))
        return value if integer else float(value)

    def choice(self, key: builtins.str, choices: Iterable[_Choice], default: _Choice | None = None) -> _Choice:
        """One of `choices` (a Literal type's values give that type back)."""
        allowed = tuple(choices)
        value = self.str(key, default)
        for choice in allowed:
            if value == choice:
                return choice
        raise ConfigError(f"must be one of {', '.join(allowed)}; found {value!r}", field=self._field(key))

    def str_list(self, key: builtins.str, *, allowed: Iterable[builtins.str] | None = None,
                 default: list[builtins.str] | None = None, check: Check | None = None,
                 empty: builtins.str | None = None) -> list[builtins.str]:
        """A list of strings at `key`, each from `allowed` and passing `check`; `empty` is the error for an empty
        list where a declaration must name at least one."""
        self._known.add(key)
        if key not in self.data:
            if default is None:
                raise ConfigError("is required", field=self._field(key))
            return list(default)
        value = self.data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"must be a list of strings, found {value!r}", field=self._field(key))
        for i, item in enumerate(value):
            self._check(check, item, f"{self._field(key)}[{i}]")
        if allowed is not None:
            options = tuple(allowed)
            for item in value:
                if item not in options:
                    raise ConfigError(f"unknown value {item!r}; choose from {', '.join(options)}",
                                      field=self._field(key))
        if empty is not None and not value:
            raise ConfigError(empty, field=self._field(key))
        return list(value)

    def flag(self, key: builtins.str, default: bool) -> bool:
        """true or false at `key`; `default` when absent."""
        self._known.add(key)
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise ConfigError(f"must be true or false, found {value!r}", field=self._field(key))
        return value

    def url(self, key: builtins.str, *, required: bool = True) -> builtins.str | None:
        """An https:// URL; http:// only with `[tls] allow_plain_http`, since the whole run, secrets and pupil
        data included, would go over it in clear."""
        value = self.str(key, required=required)
        if value is None:
            return None
        if value.startswith("http://") and not self.allow_plain_http:
            raise ConfigError("must be an https:// URL: over http:// secrets (an autorisatiesleutel) and pupil "
                              "data travel in clear (to test a development endpoint anyway, set [tls] "
                              "allow_plain_http = true; the report says so)", field=self._field(key))
        if not value.startswith(("https://", "http://")):
            raise ConfigError(f"must be an https:// URL, found {value!r}", field=self._field(key))
        return value

    def path_value(self, key: builtins.str, *, required: bool = False) -> Path | None:
        value = self.str(key, required=required)
        if value is None:
            return None
        path = Path(value)
        if not path.is_absolute():
            path = self.base_dir / path
        if not path.is_file():
            raise ConfigError(f"file {path} does not exist", field=self._field(key))
        return path

    def pem_certificates(self, key: builtins.str, *, required: bool = False) -> Path | None:
        """A file of PEM certificates (a CA bundle, a certificate with its chain): checked here, so a wrong file
        is a configuration error instead of a TLS failure in every test."""
        path = self.path_value(key, required=required)
        if path is not None:
            _certificates(path, self._field(key))
        return path

    def key_pair(self, cert_key: builtins.str, key_key: builtins.str) -> tuple[Path | None, Path | None]:
        """A PEM certificate (with chain) and the unencrypted PEM private key of its first certificate; both or
        neither."""
        cert, key = self.path_value(cert_key), self.path_value(key_key)
        if (cert is None) != (key is None):
            raise ConfigError(f"{cert_key} and {key_key} go together", field=self._field(cert_key if cert is None
                                                                                        else key_key))
        if cert is not None and key is not None:
            _check_key_matches(_certificates(cert, self._field(cert_key))[0], key, self._field(key_key))
        return cert, key

    def path_list(self, key: builtins.str) -> tuple[Path, ...]:
        """A list of existing files (relative to the config file), e.g. CRLs; empty when absent."""
        paths = []
        for i, value in enumerate(self.str_list(key, default=[])):
            path = Path(value) if Path(value).is_absolute() else self.base_dir / value
            if not path.is_file():
                raise ConfigError(f"file {path} does not exist", field=f"{self._field(key)}[{i}]")
            paths.append(path)
        return tuple(paths)

    def test_pki(self, key: builtins.str) -> Path | None:
        """A folder made by `conformance pki init`, or None when absent."""
        value = self.str(key, required=False)
        if value is None:
            return None
        folder = Path(value) if Path(value).is_absolute() else self.base_dir / value
        if not (folder / "ca-bundle.pem").is_file() or not (folder / "intermediate-key.pem").is_file():
            raise ConfigError(f"{folder} is not a folder made by 'conformance pki init'", field=self._field(key))
        return folder

    def secret(self, key: builtins.str, *, check: Check | None = None) -> builtins.str:
        """A secret given literally as `key`, or as the name of an environment variable in `key_env`; `check`
        as for `str` (its message must not repeat the secret)."""
        env_key = f"{key}_env"
        self._known.update((key, env_key))
        if env_key in self.data:
            name = self.str(env_key)
            assert name is not None
            value = os.environ.get(name)
            if not value:
                raise ConfigError(f"environment variable {name} is not set or empty", field=self._field(env_key))
            self._check(check, value, self._field(env_key))
            return value
        value = self.str(key, check=check)
        assert value is not None
        return value

    def _child(self, data: dict[builtins.str, Any], path: builtins.str) -> Section:
        return Section(data, path, self.base_dir, allow_plain_http=self.allow_plain_http)

    def table(self, key: builtins.str, *, required: bool = True) -> Section | None:
        """The sub-table at `key`; the same Section each time, so what one reading looked at counts for all."""
        if key not in self.data:
            if required:
                raise ConfigError("table is required", field=self._field(key))
            self._known.add(key)
            return None
        value = self.data[key]
        if not isinstance(value, dict):
            raise ConfigError("must be a table", field=self._field(key))
        if key not in self._children:
            self._children[key] = [self._child(value, self._field(key))]
        return self._children[key][0]

    def tables(self, key: builtins.str) -> list[Section]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ConfigError("must be an array of tables ([[...]])", field=self._field(key))
        if key not in self._children:
            self._children[key] = [self._child(v, f"{self._field(key)}[{i}]") for i, v in enumerate(value)]
        return list(self._children[key])


def _certificates(path: Path, field: str) -> list[x509.Certificate]:
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path} holds no PEM certificate ({str(exc).splitlines()[0] if str(exc) else exc})",
                          field=field) from None


def _check_key_matches(certificate: x509.Certificate, key_path: Path, field: str) -> None:
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ConfigError(f"{key_path} is not an unencrypted PEM private key ({str(exc).splitlines()[0]})",
                          field=field) from None
    spki = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if key.public_key().public_bytes(*spki) != certificate.public_key().public_bytes(*spki):
        raise ConfigError(f"{key_path} is not the key of the certificate ({certificate.subject.rfc4514_string()})",
                          field=field)


@dataclasses.dataclass(frozen=True, kw_only=True)
class TlsConfig:
    """Client-side TLS for reaching the candidate; `ca_bundle` and `crl_files` are also the trust the candidate's
    signatures are judged by, and `test_pki` a `conformance pki init` folder whose root the candidate trusts
    during the test (for probes with certificates of a trusted CA)."""

    ca_bundle: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    verify: bool = True
    allow_plain_http: bool = False  # http:// endpoints accepted: the report says the run went over plain HTTP
    crl_files: tuple[Path, ...] = ()
    test_pki: Path | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Attestation:
    """The candidate's own statement on a requirement no machine can test."""

    answer: str  # "yes" | "no"
    reference: str
    person: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class CandidateConfig:
    """A loaded configuration; `standards` keeps each standard's own table for its plug-in to read."""

    source: Path | None
    naam: str
    organisatie: str
    tls: TlsConfig
    standards: dict[str, Section]
    operator: str | None = None
    attestations: dict[str, Attestation] = dataclasses.field(default_factory=dict)
    schema_pack: Path | None = None  # `[schemas] pack`: a certification body's own WSDL/XSD folder
    security: Section | None = None  # `[security]`: the security probes' canary and limits (read by conformance.probes)

    def section(self, standard: str) -> Section | None:
        return self.standards.get(standard)


_FIXED = {"candidate", "tls", "run", "attestations", "schemas", "security", "load"}  # [load]: read by `conformance load`
_ANSWERS = {"yes": "yes", "ja": "yes", "no": "no", "nee": "no"}


def load_config(path: Path, *, known_standards: Iterable[str]) -> CandidateConfig:
    """Read and check a config file; any problem raises ConfigError naming the field."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text") from exc
    return config_from_dict(raw, base_dir=path.resolve().parent, source=path, known_standards=known_standards)


def config_from_dict(raw: dict[str, Any], *, base_dir: Path, source: Path | None,
                     known_standards: Iterable[str]) -> CandidateConfig:
    known = set(known_standards)
    root = Section(raw, "", base_dir)
    for key in raw:
        if key not in _FIXED and key not in known:
            raise ConfigError(f"unknown table; expected one of {', '.join(sorted(_FIXED | known))}", field=key)
    candidate = root.table("candidate")
    assert candidate is not None
    tls_section = root.table("tls", required=False)
    tls = TlsConfig()
    if tls_section is not None:
        client_cert, client_key = tls_section.key_pair("client_cert", "client_key")
        tls = TlsConfig(
            ca_bundle=tls_section.pem_certificates("ca_bundle"),
            client_cert=client_cert,
            client_key=client_key,
            verify=tls_section.flag("verify", True),
            allow_plain_http=tls_section.flag("allow_plain_http", False),
            crl_files=tls_section.path_list("crl_files"),
            test_pki=tls_section.test_pki("test_pki"),
        )
    standards = {key: Section(value, key, base_dir, allow_plain_http=tls.allow_plain_http)
                 for key, value in raw.items() if key in known and isinstance(value, dict)}
    for key in known & raw.keys():
        if not isinstance(raw[key], dict):
            raise ConfigError("must be a table", field=key)
    if not standards:
        raise ConfigError(f"declare at least one standard table: {', '.join(sorted(known))}")
    attestations: dict[str, Attestation] = {}
    attest_section = root.table("attestations", required=False)
    if attest_section is not None:
        for req_id in attest_section.data:
            entry = attest_section.table(req_id)
            assert entry is not None
            answer = entry.choice("answer", tuple(_ANSWERS))
            attestations[req_id] = Attestation(answer=_ANSWERS[answer], reference=entry.str("reference") or "",
                                               person=entry.str("person") or "")
    schemas = root.table("schemas", required=False)
    pack = root.base_dir / str(schemas.str("pack")) if schemas is not None else None
    config = CandidateConfig(
        security=_security(raw, base_dir),
        schema_pack=pack,
        attestations=attestations,
        source=source,
        naam=candidate.str("naam") or "",
        organisatie=candidate.str("organisatie") or "",
        operator=candidate.str("operator", required=False),
        tls=tls,
        standards=standards,
    )
    root.table("run", required=False)  # reserved: no key of it is read yet, so any key in it is unknown
    root.allow("load")  # read whole by `conformance load` (conformance.load.settings)
    root.allow(*known)  # each standard's own table is checked by its plug-in, after reading it whole
    root.allow("security")  # read whole, and its unknown keys refused, by conformance.probes
    root.reject_unknown_keys()
    return config


def _security(raw: dict[str, Any], base_dir: Path) -> Section | None:
    if "security" not in raw:
        return None
    if not isinstance(raw["security"], dict):
        raise ConfigError("must be a table", field="security")
    return Section(raw["security"], "security", base_dir)


_SECRET_KEY = ("sleutel", "secret", "password", "wachtwoord", "token", "klantcode", "salt")


def config_secrets(candidate: CandidateConfig) -> list[str]:
    """Every secret value the config holds or names, so writers can blank them wherever they appear."""
    found: list[str] = []

    def walk(data: dict[str, Any]) -> None:
        for key, value in data.items():
            if isinstance(value, dict):
                walk(value)
            elif isinstance(value, str) and key.endswith("_env"):
                env_value = os.environ.get(value)
                if env_value:
                    found.append(env_value)
            elif isinstance(value, str) and any(word in key.lower() for word in _SECRET_KEY):
                found.append(value)

    for section in candidate.standards.values():
        walk(section.data)
    return found
