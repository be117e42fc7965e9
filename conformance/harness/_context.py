"""State shared between the plugin's hooks and its fixtures within one pytest session."""

from __future__ import annotations

import pytest

from conformance.config import CandidateConfig
from conformance.harness._schemapack import SchemaPack
from conformance.transport import Exchange

__all__ = ["CONFIG_KEY", "DUAL_VALIDATION_KEY", "SCHEMA_PACK_KEY", "current_evidence"]

CONFIG_KEY = pytest.StashKey[CandidateConfig]()
#: the checked schema pack of the run (`--schemas` / `[schemas] pack`), or None
SCHEMA_PACK_KEY = pytest.StashKey[SchemaPack | None]()
#: whether candidate documents are schema-validated by xmlschema beside libxml2 (official runs, --dual-validation)
DUAL_VALIDATION_KEY = pytest.StashKey[bool]()


class _CurrentEvidence:
    """Where exchanges made during the running test go, even from session-scoped clients."""

    def __init__(self) -> None:
        self.target: list[Exchange] | None = None

    def record(self, exchange: Exchange) -> None:
        if self.target is not None:
            self.target.append(exchange)


current_evidence = _CurrentEvidence()
