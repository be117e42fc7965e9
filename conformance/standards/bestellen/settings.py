"""The candidate's `[bestellen]` table: endpoints, the ordering party's OIN, declared operations and test data."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from conformance.config import Section
from conformance.edukoppeling.receiver import PROFIELEN
from conformance.errors import ConfigError
from conformance.pki.oin import parse_oin
from conformance.standards.bestellen.codec import OPERATIONS

__all__ = ["STARTDATUM_MARGE_DAGEN", "BestellenSettings", "read_settings", "today"]

_SERVICE_KEYS = {"OrderService": "orders", "LicenseService": "licenties"}

#: modelled: how many days in the past an order line's startDate may lie (not published for ECK DT)
STARTDATUM_MARGE_DAGEN = 7


def today() -> dt.date:
    """Today on the Dutch calendar, which start dates are counted against (both sides use this one)."""
    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


@dataclasses.dataclass(frozen=True, kw_only=True)
class BestellenSettings:
    """Everything the ordering scenario tests need to know about the candidate's order and licence services."""

    endpoints: dict[str, str]  # service (OrderService, LicenseService) -> URL
    oin: str  # the ordering party: the OIN in the suite's client certificate
    profiel: str  # Edukoppeling profile of both services: "2W-be" or "2W-be-S" (signed)
    leverancier_oin: str | None  # the supplier's OIN: in 2W-be-S its answers are signed by a certificate with it
    operaties: frozenset[str]
    eckid_omgeving: str  # "pilot" or "productie": the form of the test ECK iDs
    startdatum_marge_dagen: int  # an order line's startDate may lie this many days in the past, not more
    scholen: tuple[str, ...]  # schools (BRIN) the OIN acts for; the second enables the cross-school test
    andere_school: str  # a school the OIN does NOT act for
    producten: tuple[str, ...]  # EANs in the candidate's catalogue
    onbekend_product: str  # an EAN-13 the candidate does not sell

    def endpoint(self, operation: str) -> str:
        return self.endpoints[OPERATIONS[operation]]

    @property
    def signed(self) -> bool:
        return self.profiel == "2W-be-S"


def _brin(section: Section, key: str, value: object) -> str:
    if not isinstance(value, str) or len(value) != 4 or not value[:2].isdigit() or not value[2:].isalnum() \
            or value != value.upper():
        raise ConfigError(f"must be a BRIN code (2 digits, 2 capitals or digits), found {value!r}",
                          field=f"{section.path}.{key}")
    return value


def _ean13(section: Section, key: str, value: str) -> str:
    digits = [int(c) for c in value] if value.isdigit() and len(value) == 13 else None
    if digits is None or (10 - sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12])) % 10) % 10 != digits[12]:
        raise ConfigError(f"must be an EAN-13 with a correct check digit, found {value!r}",
                          field=f"{section.path}.{key}")
    return value


def read_settings(section: Section) -> BestellenSettings:
    """Read `[bestellen]`; every problem is a ConfigError naming its field."""
    endpoints_section = section.table("endpoints")
    assert endpoints_section is not None
    endpoints = {service: endpoints_section.url(key) or "" for service, key in _SERVICE_KEYS.items()}
    oin = section.str("oin", check=parse_oin) or ""
    profiel = section.choice("profiel", PROFIELEN, default="2W-be")
    leverancier_oin = section.str("leverancier_oin", required=False, check=parse_oin)
    if leverancier_oin is None and profiel == "2W-be-S":
        raise ConfigError("in 2W-be-S the answers are signed: name the OIN they are signed with",
                          field=f"{section.path}.leverancier_oin")
    operaties = section.str_list("operaties", allowed=OPERATIONS)
    if "placeOrder" not in operaties or "readLicences" not in operaties:
        raise ConfigError("placeOrder and readLicences are the core of the profile; declare both",
                          field="bestellen.operaties")
    testdata = section.table("testdata")
    assert testdata is not None
    scholen = testdata.str_list("scholen", empty="name at least one school the OIN acts for")
    producten = testdata.str_list("producten", empty="name at least one EAN the candidate sells")
    return BestellenSettings(
        endpoints=endpoints,
        oin=oin,
        profiel=profiel,
        leverancier_oin=leverancier_oin,
        operaties=frozenset(operaties),
        eckid_omgeving=section.choice("eckid_omgeving", ("pilot", "productie"), default="pilot"),
        startdatum_marge_dagen=section.number("startdatum_marge_dagen", STARTDATUM_MARGE_DAGEN, integer=True,
                                              minimum=0, maximum=366),
        scholen=tuple(_brin(testdata, f"scholen[{i}]", s) for i, s in enumerate(scholen)),
        andere_school=_brin(testdata, "andere_school", testdata.str("andere_school")),
        producten=tuple(_ean13(testdata, f"producten[{i}]", p) for i, p in enumerate(producten)),
        onbekend_product=_ean13(testdata, "onbekend_product", testdata.str("onbekend_product", "9789999999991")
                                or ""),
    )
