"""What a standard plugs into the harness: catalogue, defects, reference, config and redaction."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from conformance.config import Section
from conformance.requirements import RequirementCatalogue
from conformance.transport import BOUND_KEYS

__all__ = ["Defect", "RedactionRules", "RunningReference", "Standard", "StartReference", "all_standards",
           "get_standard"]

#: The folder of every plug-in: `conformance/standards/<name>/`, holding its requirements.csv and config-template.toml.
_STANDARDS_DIR = Path(__file__).resolve().parent

SettingsT = TypeVar("SettingsT")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Defect:
    """A named way for the reference to break exactly the requirements in `breaks`."""

    name: str
    breaks: tuple[str, ...]
    description: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class RedactionRules:
    """Which values of a standard's messages are personal data or secrets."""

    elements: frozenset[str] = frozenset()  # local names whose text is replaced
    attributes: frozenset[str] = frozenset()  # local names whose value is replaced
    keep_tail: frozenset[str] = frozenset()  # local names (element or attribute) that keep their last 6 chars
    headers: frozenset[str] = frozenset()  # HTTP header names (lower case) to hide


class RunningReference(Protocol):
    """A started reference endpoint set; `config` is the standard's table pointing at it."""

    base_url: str

    @property
    def config(self) -> dict[str, Any]: ...

    def stop(self) -> None: ...


class StartReference(Protocol):
    """Serves a standard's reference on loopback with the named defects of its own (`reference_server.py`).

    The harness passes the state folder (certificates, databases) and the defects only; each reference takes
    options of its own after them (a port, a catalogue size). `*args: Any, **options: Any` is how mypy leaves that
    tail open while it still checks the head: a starter without `state_dir` or `defects` is a type error."""

    def __call__(self, state_dir: Path, defects: list[str], *args: Any, **options: Any) -> RunningReference: ...


@dataclasses.dataclass(frozen=True, kw_only=True)
class Standard(Generic[SettingsT]):
    """One standard as a plug-in, `conformance/standards/<name>/`; its scenario tests live in `testcases/<name>/`."""

    name: str
    title: str
    defects: tuple[Defect, ...]
    redaction: RedactionRules
    start_reference: StartReference
    read_settings: Callable[[Section], SettingsT]
    #: keys of the standard's table that an official run needs written out, not left to defaults ("a.b" for a
    #: nested table's key); a function of the table when they depend on what it declares
    declarations: tuple[str, ...] | Callable[[Section], tuple[str, ...]] = ()
    #: (target namespace, global element local name) an official schema pack must declare to fit the codec
    schema_needs: tuple[tuple[str, str], ...] = ()
    #: keys (or tables) of the standard's config that hold endpoints, for the report; empty: every http(s) URL,
    #: which is wrong for standards whose config also holds URIs as identifiers (ECK iD's keten and sector)
    endpoint_keys: tuple[str, ...] = ()

    @property
    def folder(self) -> Path:
        """The plug-in's package, named as the standard: its files are found there, never declared twice."""
        return _STANDARDS_DIR / self.name

    @property
    def catalogue_path(self) -> Path:
        """The requirement catalogue, `requirements.csv` (also recorded in a run's provenance)."""
        return self.folder / "requirements.csv"

    @property
    def config_template(self) -> str:
        """The standard's commented table for `conformance init`."""
        return (self.folder / "config-template.toml").read_text(encoding="utf-8")

    def settings(self, section: Section) -> SettingsT:
        """The standard's settings from its table, read whole: a key its reader never looked at (a mistyped
        `verzies`) is a ConfigError naming it, not a silent default."""
        settings = self.read_settings(section)
        section.allow(*BOUND_KEYS)  # every table may bound its answers (read by the harness, conformance.transport)
        section.reject_unknown_keys()
        return settings

    def undeclared(self, section: Section) -> list[str]:
        """The declarations `section` leaves to defaults (an official run refuses them)."""
        keys = self.declarations(section) if callable(self.declarations) else self.declarations
        return [key for key in keys if not _has(section.data, key.split("."))]

    @property
    def catalogue(self) -> RequirementCatalogue:
        return _catalogue(self.name, self.catalogue_path)

    def defect(self, name: str) -> Defect:
        for defect in self.defects:
            if defect.name == name:
                return defect
        raise KeyError(name)


@cache
def _catalogue(name: str, path: Path) -> RequirementCatalogue:
    from conformance.requirements import load_catalogue

    return load_catalogue(name, path)


@cache
def all_standards() -> dict[str, Standard[Any]]:
    """Every sub-package of `conformance.standards` that exposes a `STANDARD`; no central list to edit."""
    import conformance.standards as package

    found: dict[str, Standard[Any]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        standard = getattr(module, "STANDARD", None)
        if isinstance(standard, Standard):
            found[standard.name] = standard
    return dict(sorted(found.items()))


def get_standard(name: str) -> Standard[Any]:
    standards = all_standards()
    if name not in standards:
        raise KeyError(f"unknown standard {name!r}; known: {', '.join(standards)}")
    return standards[name]


def _has(data: object, path: list[str]) -> bool:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True
