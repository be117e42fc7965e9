"""Where the suite's own resources live, in a checkout and in an installed wheel alike."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["fixtures_dir", "lock_file", "project_root", "state_dir", "testcases_dir", "wsdl_dir"]

_PACKAGE = Path(__file__).resolve().parent


def project_root() -> Path | None:
    """The checkout this package runs from, or None when installed from a wheel."""
    root = _PACKAGE.parent
    return root if (root / "pyproject.toml").is_file() and (root / "testcases").is_dir() else None


def _resource(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    root = project_root()
    if root is None:
        raise FileNotFoundError(f"the suite's {name}/ folder is missing from this installation")
    return root / name


def wsdl_dir() -> Path:
    """Our own WSDL/XSD files, one folder per standard and version."""
    return _resource("wsdl")


def testcases_dir() -> Path:
    """The scenario tests that run against a candidate."""
    return _resource("testcases")


def fixtures_dir() -> Path:
    """Synthetic data recipes: name lists, school parameters, PKI recipes."""
    return _resource("fixtures")


def lock_file() -> Path | None:
    """requirements.lock: the versions the suite is certified with (inside a wheel too); None when absent."""
    root = project_root()
    for path in (*([root / "requirements.lock"] if root else []), _PACKAGE / "_data" / "requirements.lock"):
        if path.is_file():
            return path
    return None


def state_dir() -> Path:
    """Where the suite keeps its test PKI and demo configs between runs."""
    base = os.environ.get("CONFORMANCE_STATE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "conformance")
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path
