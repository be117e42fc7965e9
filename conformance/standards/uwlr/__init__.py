"""UWLR 2.2/2.3: the LAS side (pupil data alles-in-één and getrapt, BrengLeerresultaten, faults, profiles), and
the client side (`[uwlr.ea]`: the suite plays the LAS and judges an EA's calls)."""

from __future__ import annotations

from conformance.standards._plugin import RedactionRules, Standard
from conformance.standards.uwlr.client_judge.reference import start_reference_with_ea
from conformance.standards.uwlr.client_judge.settings import UwlrTable, declarations, read_table
from conformance.standards.uwlr.defects import DEFECTS
from conformance.standards.uwlr.schemas import SCHEMA_NEEDS

__all__ = ["STANDARD"]

STANDARD: Standard[UwlrTable] = Standard(
    name="uwlr",
    title="UWLR – Uitwisseling Leerlinggegevens en Resultaten (LAS and client side)",
    defects=DEFECTS,
    redaction=RedactionRules(
        elements=frozenset({"achternaam", "voorvoegsel", "voornamen", "voorletters-1", "roepnaam", "geboortedatum",
                            "bsn", "sofinummer", "onderwijsnummer", "bsn_ondwnr-4", "rijksregisternummer",
                            "emailadres", "gebruikersnaam", "fotourl", "postcodenl", "postnummerbe",
                            "postcodeoverig", "autorisatiesleutel", "klantcode", "start_ondw_jgr3"}),
        keep_tail=frozenset({"eckid"}),
    ),
    # the reference LAS, plus a reference client (an EA) for the judging LAS
    start_reference=start_reference_with_ea,
    read_settings=read_table,
    declarations=declarations,
    schema_needs=SCHEMA_NEEDS,
)
