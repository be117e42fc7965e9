"""The `[uwlr.ea]` table: a candidate UWLR client (an EA: publisher, LVS, learning environment) judged while the
suite plays the LAS, and the `[uwlr]` table read whole (the LAS under test, the client to judge, or both).

Read here, not by the LAS's settings: a config with only `[uwlr.ea]` has no LAS under test, and its LAS tests are
inapplicable. The credentials are the ones the judging LAS issues to the client for the run: the client is
configured with the same values (the key is a secret: `autorisatiesleutel_env`, or one made for the run).
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import TypedDict

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.standards._judging import ClientJudgeSettings, TableSides, read_client_judge
from conformance.standards.uwlr.codec import OPERATIONS, PROFIELEN
from conformance.standards.uwlr.schemas import VERSIONS
from conformance.standards.uwlr.settings import GETRAPT, UwlrSettings, read_settings

__all__ = ["EaSettings", "UwlrTable", "declarations", "read_ea_settings", "read_table"]

#: The gegevenssetid a client declares by default for each profile (the reference LAS's own names)
DEFAULT_SET_IDS = {"smalle-set": "Smalle-set", "lvs-set": "LVS-set"}
#: What an official run needs written out for a client to judge, and for a LAS under test
EA_DECLARATIONS = ("ea.versie", "ea.operaties", "ea.profiel", "ea.min_pollinterval")
LAS_DECLARATIONS = ("versies", "operaties", "eckid_omgeving", "profielen")


class _DeclaredKey(TypedDict, total=False):
    """The key the client declares; without one EaSettings makes one for the run."""

    autorisatiesleutel: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class EaSettings(ClientJudgeSettings):
    """What the judging LAS is configured with: what the client declares, the credentials, timings, listening."""

    versie: str = "2.3"  # the xsdversie the client sends
    operaties: frozenset[str] = frozenset({"HaalLeerlinggegevens"})
    profiel: str = "smalle-set"
    gegevenssetid: str = "Smalle-set"
    klantnaam: str = "Conformance Test EA"
    klantcode: str = "CT-EA-0001"
    autorisatiesleutel: str = dataclasses.field(default_factory=lambda: secrets.token_urlsafe(48), repr=False)
    key_issued: bool = True  # True: the key was made for this run (printed at the start), not configured
    min_pollinterval: float = 60.0  # the LAS's declared minimum between two fetches, and after a Server.* fault

    @property
    def getrapt(self) -> bool:
        """A getrapt client starts each fetch with HaalStructuur instead of HaalLeerlinggegevens."""
        return "HaalLeerlinggegevens" not in self.operaties

    @property
    def pusht(self) -> bool:
        return "BrengLeerresultaten" in self.operaties


def read_ea_settings(section: Section) -> EaSettings:
    """The judging LAS's settings from the `[uwlr.ea]` table `section`; errors name the field."""
    operaties = frozenset(section.str_list("operaties", allowed=OPERATIONS, default=["HaalLeerlinggegevens"]))
    if not operaties - {"BrengLeerresultaten"}:
        raise ConfigError("declare how the client fetches pupil data: HaalLeerlinggegevens, or getrapt "
                          "HaalStructuur with HaalLeerlingen", field=f"{section.path}.operaties")
    if "HaalLeerlinggegevens" not in operaties and not {"HaalStructuur", "HaalLeerlingen"} <= operaties:
        raise ConfigError(f"a getrapt client declares HaalStructuur and HaalLeerlingen (of {', '.join(GETRAPT)})",
                          field=f"{section.path}.operaties")
    profiel = section.choice("profiel", PROFIELEN, default="smalle-set")
    has_key = section.has("autorisatiesleutel") or section.has("autorisatiesleutel_env")
    key: _DeclaredKey = {"autorisatiesleutel": section.secret("autorisatiesleutel")} if has_key else {}
    return EaSettings(
        versie=section.choice("versie", VERSIONS, default="2.3"),
        operaties=operaties,
        profiel=profiel,
        gegevenssetid=section.str("gegevenssetid", DEFAULT_SET_IDS[profiel]) or "",
        klantnaam=section.str("klantnaam", "Conformance Test EA") or "",
        klantcode=section.str("klantcode", "CT-EA-0001") or "",
        key_issued=not has_key,
        min_pollinterval=section.number("min_pollinterval", 60.0, minimum=0),
        **key,
        **read_client_judge(section, server="the judging LAS", client="client"),
    )


@dataclasses.dataclass(frozen=True)
class UwlrTable:
    """What the candidate puts under test: its LAS (`las`), its client (`ea`, judged while the suite plays the
    LAS), or both; the tests of a side it does not declare are inapplicable."""

    las: UwlrSettings | None
    ea: EaSettings | None


_SIDES = TableSides(UwlrTable, "ea", read_settings, read_ea_settings, LAS_DECLARATIONS, EA_DECLARATIONS,
                    neither="declare the LAS under test (versies, operaties, endpoints, ...) or a client to judge "
                            "([uwlr.ea]), or both")
read_table, declarations = _SIDES.read, _SIDES.declarations
