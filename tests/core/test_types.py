"""The type gate: mypy over conformance/ with the project's [tool.mypy] (strict; each relaxation there says why).

It runs in the README's test command, so CI fails on a type error like on a failing test. The cache lives in the
git-ignored .mypy_cache: a fresh clone checks everything (about 15 s), a rerun only what changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.typecheck
@pytest.mark.slow
def test_conformance_passes_mypy() -> None:
    stdout, stderr, status = api.run([
        "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(ROOT / ".mypy_cache"),
        "--no-error-summary",
        str(ROOT / "conformance"),
    ])
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert status == 0 and not errors, (
        f"mypy (exit {status}) found {len(errors)} type errors in conformance/:\n{stdout}{stderr}")
