"""The candidate's `[uwlr]` table: endpoints, autorisatie, declared capabilities and test data."""

from __future__ import annotations

import dataclasses

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.standards.uwlr.codec import OPERATIONS, PROFIELEN
from conformance.standards.uwlr.schemas import VERSIONS

__all__ = ["GETRAPT", "Testdata", "UwlrSettings", "read_settings"]

GETRAPT = ("HaalStructuur", "HaalLeerlingen", "HaalLeerkrachten")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Testdata:
    """The school the key covers, and one it does not, as the candidate names them.

    A LAS that identifies schools only by schoolkey gives `schoolkey` and no `brincode`.
    """

    brincode: str  # "" when the school is identified by schoolkey alone
    dependancecode: str
    schoolkey: str | None
    schooljaar: str
    niet_gedekte_brincode: str
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
    versies = section.str_list("versies", allowed=VERSIONS)
    if not versies:
        raise ConfigError("declare at least one version", field="uwlr.versies")
    operaties = section.str_list("operaties", allowed=OPERATIONS)
    if not operaties:
        raise ConfigError("declare at least one operation", field="uwlr.operaties")
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
        eckid_omgeving=section.choice("eckid_omgeving", ("pilot", "productie"), default="productie"),
        endpoints=endpoints,
        klantnaam=autorisatie.str("klantnaam") or "",
        klantcode=autorisatie.secret("klantcode"),
        autorisatiesleutel=autorisatie.secret("autorisatiesleutel"),
        testdata=Testdata(
            brincode=_brin(testdata, "brincode") if testdata.has("brincode") or not testdata.has("schoolkey") else "",
            dependancecode=testdata.str("dependancecode", "00") or "00",
            schoolkey=testdata.str("schoolkey", required=False),
            schooljaar=testdata.str("schooljaar") or "",
            niet_gedekte_brincode=_brin(testdata, "niet_gedekte_brincode"),
            niet_gedekte_dependancecode=testdata.str("niet_gedekte_dependancecode", "00") or "00",
        ),
    )


def _brin(section: Section, key: str) -> str:
    value = section.str(key) or ""
    if len(value) != 4 or not value[:2].isdigit() or not value[2:].isalpha() or not value[2:].isupper():
        raise ConfigError(f"must be a BRIN code of 2 digits and 2 capitals, found {value!r}", field=f"uwlr.testdata.{key}")
    return value
