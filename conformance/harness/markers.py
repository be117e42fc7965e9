"""The markers every scenario test carries: what it checks, and what its provocation relies on."""

from __future__ import annotations

import pytest

__all__ = ["prerequisite", "requirement"]


def requirement(*ids: str) -> pytest.MarkDecorator:
    """Declare the requirement ids (from the standard's catalogue) that this test checks."""
    if not ids:
        raise ValueError("requirement() needs at least one id")
    return pytest.mark.requirement(*ids)


def prerequisite(*ids: str) -> pytest.MarkDecorator:
    """Declare the requirements this test's provocation relies on (a wrong key only to get a fault, say): when one
    of them failed in the same run, this test's failure is not judged but cantTell, naming that requirement."""
    if not ids:
        raise ValueError("prerequisite() needs at least one id")
    return pytest.mark.prerequisite(*ids)
