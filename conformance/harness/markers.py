"""The marker every scenario test carries."""

from __future__ import annotations

import pytest

__all__ = ["requirement"]


def requirement(*ids: str) -> pytest.MarkDecorator:
    """Declare the requirement ids (from the standard's catalogue) that this test checks."""
    if not ids:
        raise ValueError("requirement() needs at least one id")
    return pytest.mark.requirement(*ids)
