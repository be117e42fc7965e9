"""The start-of-school-year profile: which requests each standard's clients send in August, and how often.

The plan is plain data (URL, headers, body, weight, how to judge a sample) handed to the Locust subprocess as
JSON, so the generator stays a thin loop and every request is built by the standard's own codec.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any, TypedDict

from conformance.config import CandidateConfig
from conformance.errors import ConfigError
from conformance.standards import get_standard

if TYPE_CHECKING:
    from conformance.standards.uwlr.codec import GroepSelectie


class _School(TypedDict, total=False):
    """How a UWLR request names the school."""

    brincode: str | None
    dependancecode: str | None
    schoolkey: str | None


class _Fields(TypedDict, total=False):
    """The request fields an operation of the mix adds."""

    laatstontvangengegevens: str
    groepen: list[GroepSelectie]

__all__ = ["DEMO_STANDARDS", "GROUPS_MARK", "PROFILES", "Operation", "start_schooljaar"]

PROFILES = ("start-schooljaar",)
#: standards whose clients the profile drives; the others have no load mix yet and are named as such
MIXED_STANDARDS = ("uwlr", "catalogus")
#: what the demo loads unless --standard says otherwise: the LAS, whose load defects the demo's levels are set for
DEMO_STANDARDS = ("uwlr",)
#: pages of the catalogue a publisher's harvest walks through, first to last, at the start of the year
HARVEST_PAGES = 20
#: the group key a getrapt pupil request carries in the plan; the generator puts the structure's groups there
GROUPS_MARK = "__GROEPEN__"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Operation:
    """One kind of request in the mix; `check` says how a sampled answer is judged (AVAIL-04)."""

    name: str
    weight: int  # 0: never picked on its own, only sent after the operation named in `follows`
    url: str
    headers: dict[str, str]
    body: str
    check: dict[str, Any]
    follows: str | None = None
    method: str = "POST"
    urls: tuple[str, ...] = ()  # GET: one of these per request (the pages of a harvest), `url` being the first

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _uwlr(candidate: CandidateConfig) -> list[Operation]:
    """A LAS at the start of the year: every EA fetches the whole school, then polls with laatstontvangengegevens;
    getrapt clients fetch the structure and then the pupils."""
    from conformance.standards.uwlr import codec
    from conformance.xml.soap import build_envelope

    section = candidate.section("uwlr")
    assert section is not None
    settings = get_standard("uwlr").settings(section).las
    if settings is None:
        raise ConfigError("the load profile drives a LAS: [uwlr] declares only a client (ea)", field="uwlr")
    td = settings.testdata
    header = codec.autorisatie_header(klantnaam=settings.klantnaam, klantcode=settings.klantcode,
                                      autorisatiesleutel=settings.autorisatiesleutel)
    school: _School = ({"brincode": td.brincode, "dependancecode": td.dependancecode} if td.brincode
                       else {"schoolkey": td.schoolkey})
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).replace(microsecond=0)
    wanted: list[tuple[str, str, int, _Fields]] = [("HaalLeerlinggegevens", "HaalLeerlinggegevens", 3, {}),
              ("HaalLeerlinggegevens laatstontvangengegevens", "HaalLeerlinggegevens", 3,
               {"laatstontvangengegevens": since.isoformat().replace("+00:00", "Z")}),
              ("HaalStructuur", "HaalStructuur", 2, {}),
              # sent only after a structure, for the groups it named (GROUPS_MARK is replaced by them)
              ("HaalLeerlingen", "HaalLeerlingen", 0, {"groepen": [codec.GroepSelectie(GROUPS_MARK)]})]
    operations = []
    for name, operation, weight, extra in wanted:
        if operation not in settings.endpoints:
            continue  # getrapt only when declared
        body = codec.verzoek(operation, schooljaar=td.schooljaar, xsdversie=settings.versie, **school, **extra)
        follows = "uwlr HaalStructuur" if operation == "HaalLeerlingen" else None
        operations.append(Operation(follows=follows,
            name=f"uwlr {name}", weight=weight, url=settings.endpoints[operation],
            headers={"Content-Type": "text/xml; charset=utf-8",
                     "SOAPAction": f'"{codec.OPERATIONS[operation][3]}"'},
            body=build_envelope(body, headers=[header]).decode("utf-8"),
            check={"standard": "uwlr", "operation": operation, "versie": settings.versie,
                   "brincode": td.brincode, "schoolkey": td.schoolkey}))
    return operations


def _catalogus(candidate: CandidateConfig) -> list[Operation]:
    """Distributors and schools harvest the catalogue page by page (the SRU face; ReadCatalog is addressed and
    signed per request, so it has no load mix yet)."""
    from urllib.parse import urlencode

    section = candidate.section("catalogus")
    assert section is not None
    settings = get_standard("catalogus").settings(section)
    if settings.sru is None:
        raise ConfigError("the load profile harvests the SRU face; [catalogus] declares no sru endpoint",
                          field="catalogus.faces")
    urls = tuple(f"{settings.sru}?" + urlencode({
        "operation": "searchRetrieve", "version": "1.2", "query": settings.query,
        "startRecord": str(1 + page * settings.page_size), "maximumRecords": str(settings.page_size),
        "recordSchema": f"eckcs{settings.newest}"}) for page in range(HARVEST_PAGES))
    return [Operation(name="catalogus SRU harvest page", weight=4, url=urls[0], urls=urls, method="GET",
                      headers={}, body="", check={"standard": "catalogus", "face": "sru"})]


_BUILDERS = {"uwlr": _uwlr, "catalogus": _catalogus}


def start_schooljaar(candidate: CandidateConfig, standards: list[str]) -> list[Operation]:
    """The mix for the standards asked for (default: every declared one the profile knows)."""
    declared = [name for name in MIXED_STANDARDS if candidate.section(name) is not None]
    chosen = standards or declared
    for name in chosen:
        if name not in _BUILDERS:
            raise ConfigError(f"the start-schooljaar profile has no load mix for {name!r} yet; "
                              f"it drives: {', '.join(MIXED_STANDARDS)}", field="--standard")
        if candidate.section(name) is None:
            raise ConfigError(f"[{name}] is not in the configuration", field="--standard")
    if not chosen:
        raise ConfigError(f"declare one of {', '.join(MIXED_STANDARDS)}: the load profile drives their endpoints")
    return [op for name in chosen for op in _BUILDERS[name](candidate)]
