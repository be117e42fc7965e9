"""The `[bestellen.klant]` table: a candidate ordering client (a distributor's or school's system) judged while
the suite plays the supplier, and the `[bestellen]` table read whole (the supplier under test, the client to
judge, or both).

Read here, not by the supplier's settings: a config with only `[bestellen.klant]` has no supplier under test, and
the supplier's tests are inapplicable.
"""

from __future__ import annotations

import dataclasses

from conformance.config import Section
from conformance.edukoppeling.receiver import PROFIELEN
from conformance.errors import ConfigError
from conformance.pki.oin import parse_oin
from conformance.standards._judging import ClientJudgeSettings, TableSides, read_client_judge
from conformance.standards.bestellen.codec import OPERATIONS
from conformance.standards.bestellen.settings import BestellenSettings, _brin, read_settings

__all__ = ["CANDIDATE_OIN", "BestellenTable", "KlantSettings", "declarations", "read_klant_settings", "read_table"]

#: What an official run needs written out for a client to judge, and for a supplier under test
KLANT_DECLARATIONS = ("klant.operaties", "klant.profiel")
SUPPLIER_DECLARATIONS = ("operaties", "eckid_omgeving")
#: The OIN of the test PKI's candidate certificate (conformance/pki/hierarchy.py), which the judge's client_cert is
CANDIDATE_OIN = "00000099500000020000"
DEFAULT_OPERATIES = frozenset({"placeOrder", "readLicences", "cancelOrder"})


@dataclasses.dataclass(frozen=True, kw_only=True)
class KlantSettings(ClientJudgeSettings):
    """What the judging supplier is configured with: who the client is, what it declares, timings, listening."""

    oin: str = CANDIDATE_OIN  # the client's OIN: in its TLS client certificate, wsa:From and orderingParty
    scholen: tuple[str, ...] = ("99XA",)  # the schools (BRIN) the client orders for
    operaties: frozenset[str] = DEFAULT_OPERATIES
    profiel: str = "2W-be"  # Edukoppeling profile the client speaks: "2W-be", or "2W-be-S" (it signs)

    @property
    def cancels(self) -> bool:
        return "cancelOrder" in self.operaties


def read_klant_settings(section: Section) -> KlantSettings:
    """The judging supplier's settings from the `[bestellen.klant]` table `section`; errors name the field."""
    operaties = section.str_list("operaties", allowed=OPERATIONS,
                                 default=sorted(DEFAULT_OPERATIES))
    if "placeOrder" not in operaties:
        raise ConfigError("an ordering client places orders: declare placeOrder", field=f"{section.path}.operaties")
    scholen = section.str_list("scholen", default=["99XA"])
    if not scholen:
        raise ConfigError("name at least one school the client orders for", field=f"{section.path}.scholen")
    return KlantSettings(
        oin=section.str("oin", CANDIDATE_OIN, check=parse_oin) or CANDIDATE_OIN,
        scholen=tuple(_brin(section, f"scholen[{i}]", s) for i, s in enumerate(scholen)),
        operaties=frozenset(operaties),
        profiel=section.choice("profiel", PROFIELEN, default="2W-be"),
        **read_client_judge(section, server="the judging supplier", client="client"),
    )


@dataclasses.dataclass(frozen=True)
class BestellenTable:
    """What the candidate puts under test: its order and licence services (`supplier`), its ordering client
    (`klant`, judged while the suite plays the supplier), or both."""

    supplier: BestellenSettings | None
    klant: KlantSettings | None


_SIDES = TableSides(BestellenTable, "klant", read_settings, read_klant_settings, SUPPLIER_DECLARATIONS,
                    KLANT_DECLARATIONS,
                    neither="declare the supplier under test (endpoints, oin, operaties, ...) or an ordering "
                            "client to judge ([bestellen.klant]), or both")
read_table, declarations = _SIDES.read, _SIDES.declarations
