"""Shared fixtures of the project's own tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The shared verdict proofs are asserts in a helper module: rewritten like a test's, a failure shows what differed.
pytest.register_assert_rewrite("tests.reference_verdicts")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxy and TLS variables of the developer's shell must not change what the tests see."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name in ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PKI and state folder for the whole test session (certificates are slow-ish to make)."""
    path = tmp_path_factory.mktemp("state")
    os.environ["CONFORMANCE_STATE_DIR"] = str(path)
    return path


def _shared_reference(*parts: str) -> Path:
    path = SHARED.joinpath("reference", *parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the third-party reference files are only beside the project checkout")
    return path


@pytest.fixture(scope="session")
def shared_reference():  # type: ignore[no-untyped-def]
    """Look up a file of ../shared/reference, skipping cleanly when the folder is absent (a user's fresh clone)."""
    return _shared_reference
