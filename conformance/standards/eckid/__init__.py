"""ECK iD: the identifier's form and the hPGN (shared by every standard that carries ECK iDs), and the
Nummervoorziening (NV) as a runnable standard: its scenario tests judge a candidate NV.

The carrying standards (UWLR, ordering) apply the form rules to their own messages; `requirements.csv` here words
the rules once, and adds the NV's own requirements (ECKID-NV-*).
"""

from __future__ import annotations

from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.eckid.checks import (  # the form rules the carrying standards and the CLI apply
    DEFAULT_ENVIRONMENT,
    OMGEVINGEN,
    eckid_form,
    eckid_form_problems,
    short_eckid,
)
from conformance.standards.eckid.client_judge.reference import start_reference_with_las
from conformance.standards.eckid.defects import DEFECTS
from conformance.standards.eckid.settings import EckIdTable, declarations, read_table

__all__ = ["DEFAULT_ENVIRONMENT", "OMGEVINGEN", "STANDARD", "eckid_form", "eckid_form_problems", "short_eckid"]

STANDARD: Standard[EckIdTable] = Standard(
    name="eckid",
    title="ECK iD – Nummervoorziening (NV side) and the ECK iD's form",
    defects=DEFECTS,
    redaction=RedactionRules(
        # hPGNs are pseudonymous personal data: hidden entirely; issued pseudonyms keep their last 6 characters
        elements=frozenset({"hpgn", "hPgn", "hpgnOld", "hpgnNew", "pgn", "salt"}),
        keep_tail=frozenset({"eckId", "stampseudonym", "value"}),
    ),
    # the reference NV, plus a reference LAS for the judging NV
    start_reference=start_reference_with_las,
    read_settings=read_table,
    declarations=declarations,
    endpoint_keys=("endpoint",),
)
