"""The candidate configuration (TOML): who is tested, where, with which credentials and capabilities.

The file has a fixed part (`[candidate]`, `[tls]`, `[run]`) and one table per standard; each standard
reads its own table through `Section`, so adding a standard does not touch this module.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from conformance.errors import ConfigError

__all__ = ["Attestation", "CandidateConfig", "Section", "TlsConfig", "config_from_dict", "config_secrets", "interface_address",
           "load_config"]


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
    """A table of the config file that knows its own dotted path, so every error names its field."""

    def __init__(self, data: dict[str, Any], path: str, base_dir: Path) -> None:
        self.data = data
        self.path = path
        self.base_dir = base_dir

    def _field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def str(self, key: str, default: str | None = None, *, required: bool = True,
            check: Check | None = None) -> str | None:
        """The string at `key`; `check` (e.g. `parse_oin`) refuses a malformed value with a ValueError, which
        becomes a ConfigError naming the field."""
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
    def _check(check: Check | None, value: str, field: str) -> None:
        if check is None:
            return
        try:
            check(value)
        except ValueError as exc:
            raise ConfigError(str(exc), field=field) from None

    def number(self, key: str, default: float | None, *, integer: bool = False, minimum: float | None = None,
               maximum: float | None = None) -> Any:
        """An int (with `integer`) or a number at `key` within [minimum, maximum]; `default` when absent."""
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

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str:
        allowed = tuple(choices)
        value = self.str(key, default)
        if value not in allowed:
            raise ConfigError(f"must be one of {', '.join(allowed)}; found {value!r}", field=self._field(key))
        return value

    def str_list(self, key: str, *, allowed: Iterable[str] | None = None,
                 default: list[str] | None = None, check: Check | None = None) -> list[str]:
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
        return list(value)

    def url(self, key: str, *, required: bool = True) -> str | None:
        value = self.str(key, required=required)
        if value is not None and not value.startswith(("https://", "http://")):
            raise ConfigError(f"must be an http(s) URL, found {value!r}", field=self._field(key))
        return value

    def path_value(self, key: str, *, required: bool = False) -> Path | None:
        value = self.str(key, required=required)
        if value is None:
            return None
        path = Path(value)
        if not path.is_absolute():
            path = self.base_dir / path
        if not path.is_file():
            raise ConfigError(f"file {path} does not exist", field=self._field(key))
        return path

    def secret(self, key: str, *, check: Check | None = None) -> str:
        """A secret given literally as `key`, or as the name of an environment variable in `key_env`; `check`
        as for `str` (its message must not repeat the secret)."""
        env_key = f"{key}_env"
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

    def table(self, key: str, *, required: bool = True) -> Section | None:
        if key not in self.data:
            if required:
                raise ConfigError("table is required", field=self._field(key))
            return None
        value = self.data[key]
        if not isinstance(value, dict):
            raise ConfigError("must be a table", field=self._field(key))
        return Section(value, self._field(key), self.base_dir)

    def tables(self, key: str) -> list[Section]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ConfigError("must be an array of tables ([[...]])", field=self._field(key))
        return [Section(v, f"{self._field(key)}[{i}]", self.base_dir) for i, v in enumerate(value)]


@dataclasses.dataclass(frozen=True, kw_only=True)
class TlsConfig:
    """Client-side TLS for reaching the candidate."""

    ca_bundle: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    verify: bool = True


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


_FIXED = {"candidate", "tls", "run", "attestations", "schemas", "security"}
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
        verify = tls_section.data.get("verify", True)
        if not isinstance(verify, bool):
            raise ConfigError("must be true or false", field="tls.verify")
        tls = TlsConfig(
            ca_bundle=tls_section.path_value("ca_bundle"),
            client_cert=tls_section.path_value("client_cert"),
            client_key=tls_section.path_value("client_key"),
            verify=verify,
        )
        if (tls.client_cert is None) != (tls.client_key is None):
            raise ConfigError("client_cert and client_key go together", field="tls.client_key")
    standards = {key: Section(value, key, base_dir) for key, value in raw.items()
                 if key in known and isinstance(value, dict)}
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
    return CandidateConfig(
        security=root.table("security", required=False),
        schema_pack=root.base_dir / str(schemas.str("pack")) if schemas is not None else None,
        attestations=attestations,
        source=source,
        naam=candidate.str("naam") or "",
        organisatie=candidate.str("organisatie") or "",
        operator=candidate.str("operator", required=False),
        tls=tls,
        standards=standards,
    )


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
