"""The instrument behind a verdict: the interpreter, the native libraries and the Python packages that parsed,
validated and checked the candidate's messages, and whether they are the versions in requirements.lock.

A certification body must be able to say which instrument produced a verdict: the same suite version on other
library releases can decide differently (libxml2 2.14's entity guard changed a finding's text).
"""

from __future__ import annotations

import copy
import hashlib
import platform
import re
import ssl
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.markers import Marker
from packaging.utils import canonicalize_name

from conformance.paths import lock_file

__all__ = ["LIBRARIES", "instrument", "lock_differences"]

#: The packages whose behaviour reaches a verdict, named in every report.
LIBRARIES = ("lxml", "xmlschema", "cryptography", "httpx", "zeep", "pytest", "jinja2")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _locked(text: str) -> dict[str, str]:
    """The lock's pins that apply to this interpreter and platform (their markers evaluated here)."""
    pins: dict[str, str] = {}
    for line in text.splitlines():
        match = _PIN.match(line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def lock_differences(lock_text: str) -> list[str]:
    """Each locked package installed at another version, as `name installed (locked x)`. One not installed is no
    difference: the lock holds the optional extras too (a plain `pip install .` has neither pytest's plugins nor
    Locust), and a missing runtime dependency stops the suite before any verdict."""
    differences = []
    for name, version in sorted(_locked(lock_text).items()):
        installed = _installed(name)
        if installed is not None and installed != version:
            differences.append(f"{name} {installed} (locked {version})")
    return differences


def instrument() -> dict[str, Any]:
    """What produced this run's verdicts; `lock` says whether every locked package is installed as locked.

    A fresh copy each call: a run's results own theirs (they are redacted and rewritten in place)."""
    return copy.deepcopy(_instrument())


@cache
def _instrument() -> dict[str, Any]:
    from lxml import etree

    found: dict[str, Any] = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(terse=True),
        "openssl": ssl.OPENSSL_VERSION,
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "packages": {name: _installed(name) or "not installed" for name in LIBRARIES},
    }
    path: Path | None = lock_file()
    if path is None:
        found["lock"] = "no requirements.lock in this installation"
        return found
    data = path.read_bytes()
    found["lock_sha256"] = hashlib.sha256(data).hexdigest()
    differences = lock_differences(data.decode("utf-8"))
    found["lock"] = "installed as locked" if not differences else "differs: " + "; ".join(differences)
    return found
