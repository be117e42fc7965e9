"""Load tests need the `load` extra; without Locust they skip with the reason, never fail or pass silently."""

from __future__ import annotations

import pytest

from conformance.load.runner import locust_available


@pytest.fixture
def locust() -> None:
    """Ask for it in a test that runs Locust (in a subprocess: never imported here)."""
    if not locust_available():
        pytest.skip("Locust (the 'load' extra) is not installed: pip install -e '.[load]'")
