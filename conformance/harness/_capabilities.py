"""The one capability gate: a test that needs what the candidate may leave undeclared (an operation, a face) says
so with @capability, and ends inapplicable, never failed, when the candidate does not declare it."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from conformance.harness._verdicts import inapplicable

__all__ = ["Capabilities"]


@dataclasses.dataclass(frozen=True)
class Capabilities:
    """What a candidate declares for one standard; `named` words the missing ones in the standard's terms."""

    declared: Collection[str]
    named: str = "{}"

    def require(self, *needed: str) -> None:
        """End the test as inapplicable unless every one of `needed` is declared."""
        missing = [name for name in needed if name not in self.declared]
        if missing:
            inapplicable(f"the candidate does not declare {self.named.format(', '.join(missing))}")
