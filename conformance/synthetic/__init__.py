"""Synthetic schools for the reference implementations: deterministic, plausible, and nobody real."""

from __future__ import annotations

from conformance.synthetic.generator import bsn_eleven_test, generate_school
from conformance.synthetic.model import (
    Groep,
    Leerkracht,
    LeerkrachtGroep,
    Leerling,
    SamengesteldeGroep,
    School,
)

__all__ = [
    "Groep",
    "Leerkracht",
    "LeerkrachtGroep",
    "Leerling",
    "SamengesteldeGroep",
    "School",
    "bsn_eleven_test",
    "generate_school",
]
