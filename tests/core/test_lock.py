"""requirements.lock and pyproject.toml must tell the same story: a check that reads files, not this machine's
installed packages, so it fails the same way everywhere (CI installs the lock; `pip check` there covers the
transitive closure)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _locked() -> dict[str, str]:
    return {canonicalize_name(m[1]): m[2] for line in LOCK.read_text().splitlines() if (m := _PIN.match(line))}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    return [Requirement(text) for text in project["dependencies"] + extras["test"] + extras["load"]]


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_every_declared_dependency_is_locked_within_its_range(requirement):
    locked = _locked().get(canonicalize_name(requirement.name))
    assert locked is not None, f"{requirement.name} is declared in pyproject.toml but not in requirements.lock: run .ci/lock"
    assert requirement.specifier.contains(locked, prereleases=True), (
        f"requirements.lock pins {requirement.name}=={locked}, outside pyproject.toml's {requirement.specifier}: "
        "run .ci/lock")


def test_every_pin_carries_a_hash_so_pip_installs_exactly_it():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text().split("\n", 3)[-1])
    unhashed = [block.split()[0] for block in blocks if _PIN.match(block) and "--hash=sha256:" not in block]
    assert not unhashed


def test_the_lock_covers_every_supported_python():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11", "the lock is written for Python >= 3.11 (.ci/lock --python-version): re-lock"
    assert "--universal" in (ROOT / ".ci" / "lock").read_text()


def test_ci_installs_the_lock_into_its_own_venv_and_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^(pip install -r requirements\.lock .*python -m pytest)", readme, re.M)
    assert command, "the README's test command installs the lock"
    run = (ROOT / ".ci" / "run").read_text()
    assert "-m venv --clear" in run
    assert command[1].split("#")[0].strip() in run
