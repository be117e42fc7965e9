"""The markers every scenario test carries: what it checks, and what its provocation relies on."""

from __future__ import annotations

import pytest

__all__ = ["capability", "prerequisite", "requirement", "requirement_ids"]


def requirement(*ids: str) -> pytest.MarkDecorator:
    """Declare the requirement ids (from the standard's catalogue) that this test checks."""
    if not ids:
        raise ValueError("requirement() needs at least one id")
    return pytest.mark.requirement(*ids)


def requirement_ids(item: pytest.Item) -> tuple[str, ...]:
    """The ids `item` declares with @requirement: the one place a test names what it checks."""
    return tuple(r for mark in item.iter_markers("requirement") for r in mark.args)


def capability(*names: str) -> pytest.MarkDecorator:
    """Declare what the candidate must have declared for this test to apply (operations, faces); without it the
    test ends inapplicable, before its body runs. The standard's `declared_capabilities` fixture says what is."""
    if not names:
        raise ValueError("capability() needs at least one name")
    return pytest.mark.capability(*names)


def prerequisite(*ids: str) -> pytest.MarkDecorator:
    """Declare the requirements this test's provocation relies on (a wrong key only to get a fault, say): when one
    of them failed in the same run, this test's failure is not judged but cantTell, naming that requirement."""
    if not ids:
        raise ValueError("prerequisite() needs at least one id")
    return pytest.mark.prerequisite(*ids)
