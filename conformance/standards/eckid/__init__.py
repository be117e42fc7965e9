"""ECK iD: the identifier's form and the hPGN (shared by every standard that carries ECK iDs), and the
Nummervoorziening (NV) as a runnable standard: its scenario tests judge a candidate NV.

The carrying standards (UWLR, ordering) apply the form rules to their own messages; `requirements.csv` here words
the rules once, and adds the NV's own requirements (ECKID-NV-*).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import RedactionRules, RunningReference, Standard
from conformance.standards.eckid.defects import DEFECTS
from conformance.standards.eckid.hashing import hpgn, pgn_problem
from conformance.standards.eckid.checks import (
    DEFAULT_ENVIRONMENT,
    OMGEVINGEN,
    PREFIXES,
    EckIdCheck,
    check_eckid,
    eckid_form_problems,
    short_eckid,
)
from conformance.standards.eckid.client_judge.defects import LAS_DEFECTS

if TYPE_CHECKING:
    from conformance.config import Section
    from conformance.standards.eckid.settings import EckIdTable

__all__ = [
    "CATALOGUE_PATH",
    "DEFAULT_ENVIRONMENT",
    "OMGEVINGEN",
    "PREFIXES",
    "STANDARD",
    "EckIdCheck",
    "check_eckid",
    "eckid_form_problems",
    "hpgn",
    "pgn_problem",
    "short_eckid",
]

_HERE = Path(__file__).resolve().parent
CATALOGUE_PATH = _HERE / "requirements.csv"


def _start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), **kwargs: Any) -> RunningReference:
    """Imported on use: the reference pulls in the transport, which the form checks alone do not need."""
    from conformance.standards.eckid.client_judge.reference import start_reference_met_las

    # the reference NV, plus a reference LAS for the judging NV
    return start_reference_met_las(state_dir, defects, **kwargs)


def _read_settings(section: Section) -> EckIdTable:
    from conformance.standards.eckid.settings import read_table

    return read_table(section)


def _declarations(section: Section) -> tuple[str, ...]:
    from conformance.standards.eckid.settings import declarations

    return declarations(section)


STANDARD = Standard(
    name="eckid",
    title="ECK iD – Nummervoorziening (NV side) and the ECK iD's form",
    catalogue_path=CATALOGUE_PATH,
    defects=DEFECTS + LAS_DEFECTS + security_defects("ECKID-NV"),
    redaction=RedactionRules(
        # hPGNs are pseudonymous personal data: hidden entirely; issued pseudonyms keep their last 6 characters
        elements=frozenset({"hpgn", "hPgn", "hpgnOld", "hpgnNew", "pgn", "salt"}),
        keep_tail=frozenset({"eckId", "stampseudonym", "value"}),
    ),
    start_reference=_start_reference,
    config_template=(_HERE / "config-template.toml").read_text(encoding="utf-8"),
    read_settings=_read_settings,
    declarations=_declarations,
    endpoint_keys=("endpoint",),
)
