"""Ways for a scenario test to end other than pass or fail, mapped to EARL outcomes by the plugin."""

from __future__ import annotations

from typing import NoReturn

import pytest

__all__ = ["CantTell", "Inapplicable", "cant_tell", "inapplicable"]

_Skipped = pytest.skip.Exception


class Inapplicable(_Skipped):
    """The candidate does not declare the capability this test needs."""


class CantTell(_Skipped):
    """The test ran but cannot decide (e.g. the candidate has no data to judge the rule on)."""


def inapplicable(reason: str) -> NoReturn:
    """End the test as `inapplicable`: the rule does not apply to what the candidate declared."""
    raise Inapplicable(reason)


def cant_tell(reason: str) -> NoReturn:
    """End the test as `cantTell`: the evidence is not enough to judge either way."""
    raise CantTell(reason)
