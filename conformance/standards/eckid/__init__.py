"""ECK iD handling shared by every standard that carries ECK iDs: the identifier's form and the hPGN.

Not a runnable standard (no `STANDARD`): the carrying standards (UWLR, ordering) apply these rules to their
own messages; `requirements.csv` here words the rules once.
"""

from __future__ import annotations

from pathlib import Path

from conformance.standards.eckid.hashing import hpgn, pgn_problem
from conformance.standards.eckid.identifiers import (
    OMGEVINGEN,
    PREFIXES,
    EckIdCheck,
    check_eckid,
    eckid_form_problems,
    short_eckid,
)

__all__ = [
    "CATALOGUE_PATH",
    "OMGEVINGEN",
    "PREFIXES",
    "EckIdCheck",
    "check_eckid",
    "eckid_form_problems",
    "hpgn",
    "pgn_problem",
    "short_eckid",
]

CATALOGUE_PATH = Path(__file__).resolve().parent / "requirements.csv"
