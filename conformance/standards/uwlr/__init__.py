"""UWLR 2.2/2.3: the LAS side (pupil data alles-in-één and getrapt, BrengLeerresultaten, faults, profiles), and
the client side (`[uwlr.ea]`: the suite plays the LAS and judges an EA's calls)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import RedactionRules, RunningReference, Standard
from conformance.standards.uwlr.defects import DEFECTS
from conformance.standards.uwlr.client_judge.defects import EA_DEFECTS
from conformance.standards.uwlr.client_judge.settings import declarations, read_table
from conformance.standards.uwlr.settings import UwlrSettings

__all__ = ["STANDARD", "UwlrSettings"]

_HERE = Path(__file__).resolve().parent


def _start_reference(state_dir: Path, defects: Sequence[str] = (), **kwargs: Any) -> RunningReference:
    """The reference LAS, plus a reference client (an EA) for the judging LAS; imported on use."""
    from conformance.standards.uwlr.client_judge.reference import start_reference_with_ea

    return start_reference_with_ea(state_dir, defects, **kwargs)


def _schema_needs() -> tuple[tuple[str, str], ...]:
    """Each operation's request and answer element, and the authorisation header: what a schema pack must declare."""
    from conformance.standards.uwlr.codec import AUT, LG, LR, OPERATIONS

    needs = [(LR if request.startswith("leerresultaten") else LG, element)
             for request, answer, _, _ in OPERATIONS.values() for element in (request, answer)]
    return (*needs, (AUT, "autorisatie"))


STANDARD = Standard(
    name="uwlr",
    title="UWLR – Uitwisseling Leerlinggegevens en Resultaten (LAS and client side)",
    catalogue_path=_HERE / "requirements.csv",
    defects=DEFECTS + EA_DEFECTS + security_defects("UWLR"),
    redaction=RedactionRules(
        elements=frozenset({"achternaam", "voorvoegsel", "voornamen", "voorletters-1", "roepnaam", "geboortedatum",
                            "bsn", "sofinummer", "onderwijsnummer", "bsn_ondwnr-4", "rijksregisternummer",
                            "emailadres", "gebruikersnaam", "fotourl", "postcodenl", "postnummerbe",
                            "postcodeoverig", "autorisatiesleutel", "klantcode", "start_ondw_jgr3"}),
        keep_tail=frozenset({"eckid"}),
    ),
    start_reference=_start_reference,
    config_template=(_HERE / "config-template.toml").read_text(encoding="utf-8"),
    read_settings=read_table,
    declarations=declarations,
    schema_needs=_schema_needs(),
)
