"""UWLR 2.2/2.3 (LAS side): pupil data alles-in-één and getrapt, BrengLeerresultaten, faults, profiles."""

from __future__ import annotations

from pathlib import Path

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.uwlr.defects import DEFECTS
from conformance.standards.uwlr.reference_server import start_reference
from conformance.standards.uwlr.settings import UwlrSettings, read_settings

__all__ = ["STANDARD", "UwlrSettings"]

_HERE = Path(__file__).resolve().parent


def _schema_needs() -> tuple[tuple[str, str], ...]:
    """Each operation's request and answer element, and the authorisation header: what a schema pack must declare."""
    from conformance.standards.uwlr.codec import AUT, LG, LR, OPERATIONS

    needs = [(LR if request.startswith("leerresultaten") else LG, element)
             for request, answer, _, _ in OPERATIONS.values() for element in (request, answer)]
    return (*needs, (AUT, "autorisatie"))


STANDARD = Standard(
    name="uwlr",
    title="UWLR – Uitwisseling Leerlinggegevens en Resultaten (LAS side)",
    catalogue_path=_HERE / "requirements.csv",
    defects=DEFECTS + security_defects("UWLR"),
    redaction=RedactionRules(
        elements=frozenset({"achternaam", "voorvoegsel", "voornamen", "voorletters-1", "roepnaam", "geboortedatum",
                            "bsn", "sofinummer", "onderwijsnummer", "bsn_ondwnr-4", "rijksregisternummer",
                            "emailadres", "gebruikersnaam", "fotourl", "postcodenl", "postnummerbe",
                            "postcodeoverig", "autorisatiesleutel", "klantcode", "start_ondw_jgr3"}),
        keep_tail=frozenset({"eckid"}),
    ),
    start_reference=start_reference,
    config_template=(_HERE / "config-template.toml").read_text(encoding="utf-8"),
    read_settings=read_settings,
    declarations=("versies", "operaties", "eckid_omgeving", "profielen"),
    schema_needs=_schema_needs(),
)
