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


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `--dist loadgroup` the tests that share a module-scoped fixture (a started reference, a whole suite
    run) stay on one worker, so it is made once; every other test goes to whichever worker is free."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        if info is not None and any(defs and defs[-1].scope in ("package", "module", "class")
                                    for defs in info.name2fixturedefs.values()):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


@pytest.hookimpl(tryfirst=True)  # before xdist's worker sends the collected ids to the scheduler
def pytest_collection_finish(session: pytest.Session) -> None:
    """xdist 3.8 names a grouped test `<id>@<group>` in `item._nodeid`, which pytest 9 no longer reads (its ids are
    structured: pytest-dev/pytest-xdist#1386), so without this every group is silently spread again."""
    for item in session.items:
        suffixed = getattr(item, "_nodeid", None)
        structured = getattr(item, "_id", None)
        if isinstance(suffixed, str) and structured is not None and suffixed != item.nodeid:
            item._id = type(structured).parse(suffixed)


@pytest.fixture(scope="session", autouse=True)
def state_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One PKI and state folder per test process (certificates are slow-ish to make). Every test has it, so none
    falls back to the user's own folder when it happens to run first in an xdist worker; tmp_path_factory is the
    worker's own, so workers never share it."""
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
