"""The candidate's `[uwlr]` table: endpoints, autorisatie, declared capabilities and test data."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.standards.eckid import DEFAULT_ENVIRONMENT
from conformance.standards.uwlr.codec import OPERATIONS, PROFIELEN
from conformance.standards.uwlr.schemas import VERSIONS

__all__ = ["ECKID_ENVIRONMENTS", "GETRAPT", "Testdata", "UwlrSettings", "current_schooljaar", "read_settings"]

GETRAPT = ("HaalStructuur", "HaalLeerlingen", "HaalLeerkrachten")
#: what `eckid_omgeving` may say: the ECK iD environment of the LAS's data
ECKID_ENVIRONMENTS = ("productie", "pilot")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Testdata:
    """The school the key covers, and one it does not, as the candidate names them.

    A LAS that identifies schools only by schoolkey gives `schoolkey` and no `brincode`; a LAS that serves one
    school has no other school to name, so the rule about a known school outside the key is not exercised.
    """

    brincode: str  # "" when the school is identified by schoolkey alone
    dependancecode: str
    schoolkey: str | None
    schooljaar: str
    niet_gedekte_brincode: str | None  # None: the candidate names no school its LAS knows outside the key
    niet_gedekte_dependancecode: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class UwlrSettings:
    """Everything the UWLR scenario tests need to know about the candidate LAS."""

    versies: tuple[str, ...]
    operaties: frozenset[str]
    profielen: dict[str, str]  # profiel -> gegevenssetid
    eckid_omgeving: str
    endpoints: dict[str, str]  # operation -> URL
    klantnaam: str
    klantcode: str
    autorisatiesleutel: str
    testdata: Testdata

    @property
    def versie(self) -> str:
        """The version most tests speak: the newest the candidate declares."""
        return max(self.versies)


def read_settings(section: Section) -> UwlrSettings:
    """Read `[uwlr]`; every problem is a ConfigError naming its field."""
    versies = section.str_list("versies", allowed=VERSIONS, empty="declare at least one version")
    operaties = section.str_list("operaties", allowed=OPERATIONS, empty="declare at least one operation")
    endpoints_section = section.table("endpoints")
    assert endpoints_section is not None
    endpoints_section.allow("leerlinggegevens", "getrapt", "leerresultaten")  # read for the operations declared
    endpoints: dict[str, str] = {}
    for operation in operaties:
        if operation == "BrengLeerresultaten":
            key = "leerresultaten"
        elif operation in GETRAPT and endpoints_section.has("getrapt"):
            key = "getrapt"
        else:
            key = "leerlinggegevens"
        url = endpoints_section.url(key)
        assert url is not None
        endpoints[operation] = url
    profielen_section = section.table("profielen", required=False)
    profielen: dict[str, str] = {}
    if profielen_section is not None:
        for profiel in profielen_section.data:
            if profiel not in PROFIELEN:
                raise ConfigError(f"unknown profile; choose from {', '.join(PROFIELEN)}",
                                  field=f"uwlr.profielen.{profiel}")
            profielen[profiel] = profielen_section.str(profiel) or ""
    autorisatie = section.table("autorisatie")
    testdata = section.table("testdata")
    assert autorisatie is not None and testdata is not None
    return UwlrSettings(
        versies=tuple(versies),
        operaties=frozenset(operaties),
        profielen=profielen,
        eckid_omgeving=section.choice("eckid_omgeving", ECKID_ENVIRONMENTS, default=DEFAULT_ENVIRONMENT),
        endpoints=endpoints,
        klantnaam=autorisatie.str("klantnaam") or "",
        klantcode=autorisatie.secret("klantcode"),
        autorisatiesleutel=autorisatie.secret("autorisatiesleutel"),
        testdata=Testdata(
            brincode=_brin(testdata, "brincode") if testdata.has("brincode") or not testdata.has("schoolkey") else "",
            dependancecode=testdata.str("dependancecode", "00") or "00",
            schoolkey=testdata.str("schoolkey", required=False),
            schooljaar=testdata.str("schooljaar", required=False, check=_schooljaar) or current_schooljaar(),
            niet_gedekte_brincode=_brin(testdata, "niet_gedekte_brincode") if testdata.has("niet_gedekte_brincode")
            else None,
            niet_gedekte_dependancecode=testdata.str("niet_gedekte_dependancecode", "00") or "00",
        ),
    )


def current_schooljaar(today: dt.date | None = None) -> str:
    """The school year running on `today`: a Dutch school year runs from 1 August to 31 July."""
    today = today or dt.date.today()
    first = today.year if today.month >= 8 else today.year - 1
    return f"{first}-{first + 1}"


def _schooljaar(value: str) -> None:
    first, _, second = value.partition("-")
    if not (len(first) == len(second) == 4 and first.isdigit() and second.isdigit()) or int(second) != int(first) + 1:
        raise ValueError(f"must be a school year such as {current_schooljaar()}, found {value!r}")


def _brin(section: Section, key: str) -> str:
    value = section.str(key) or ""
    if len(value) != 4 or not value[:2].isdigit() or not value[2:].isalpha() or not value[2:].isupper():
        raise ConfigError(f"must be a BRIN code of 2 digits and 2 capitals, found {value!r}", field=f"uwlr.testdata.{key}")
    return value
