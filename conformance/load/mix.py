"""The start-of-school-year profile: which requests each standard's clients send in August, and how often.

The plan is plain data (URL, headers, body, weight, how to judge a sample) handed to the Locust subprocess as
JSON, so the generator stays a thin loop and every request is built by the standard's own codec.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict

from conformance.config import CandidateConfig
from conformance.errors import ConfigError
from conformance.load.edukoppeling_mix import HARVEST_PAGES, bestellen_mix, eckid_mix, readcatalog_mix
from conformance.load.operation import Operation
from conformance.load.envelopes import check_signed_duration, soap_headers
from conformance.load.settings import DEFAULT_POOL, LoadSettings
from conformance.standards import get_standard

if TYPE_CHECKING:
    from conformance.standards.uwlr.codec import GroupSelection

__all__ = ["DEFECT_DEMO_STANDARDS", "DEMO_STANDARDS", "GROUPS_MARK", "MIXED_STANDARDS", "PROFILES", "Operation",
           "demo_standards", "planned_mix", "start_schooljaar"]

PROFILES = ("start-schooljaar",)
#: standards whose clients the profile drives (Edukoppeling among them: it is the transport of the others)
MIXED_STANDARDS = ("uwlr", "eckid", "bestellen", "catalogus")
#: what the demo loads unless --standard says otherwise: every standard the profile drives ...
DEMO_STANDARDS = MIXED_STANDARDS
#: ... and with a load defect, the reference it shows on: the LAS unless named here. The defects' numbers are set
#: for a narrow mix (a broad one leaves too few answers per operation in a short run for AVAIL-01 to decide), and
#: other-school-under-load changes UWLR answers, repeat-ordered-again-under-load the supplier's
DEFECT_DEMO_STANDARDS: dict[str, tuple[str, ...]] = {"repeat-ordered-again-under-load": ("bestellen",)}


def demo_standards(defects: list[str]) -> list[str]:
    """The references a demo run loads when --standard names none."""
    if not defects:
        return list(DEMO_STANDARDS)
    return sorted({name for defect in defects for name in DEFECT_DEMO_STANDARDS.get(defect, ("uwlr",))},
                  key=MIXED_STANDARDS.index)
#: the group key a getrapt pupil request carries in the plan; the generator puts the structure's groups there
GROUPS_MARK = "__GROEPEN__"


class _RequestFields(TypedDict, total=False):
    """The UWLR request fields an operation of the mix adds to the school and year."""

    laatstontvangengegevens: str
    groepen: list[GroupSelection]


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
    school = ({"brincode": td.brincode, "dependancecode": td.dependancecode} if td.brincode
              else {"schoolkey": td.schoolkey})
    since = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)).replace(microsecond=0)
    # (operation name in the mix, UWLR operation, weight, the request's fields beyond the school and year)
    wanted: list[tuple[str, str, int, _RequestFields]] = [("HaalLeerlinggegevens", "HaalLeerlinggegevens", 3, {}),
              ("HaalLeerlinggegevens laatstontvangengegevens", "HaalLeerlinggegevens", 3,
               {"laatstontvangengegevens": since.isoformat().replace("+00:00", "Z")}),
              ("HaalStructuur", "HaalStructuur", 2, {}),
              # sent only after a structure, for the groups it named (GROUPS_MARK is replaced by them)
              ("HaalLeerlingen", "HaalLeerlingen", 0, {"groepen": [codec.GroupSelection(GROUPS_MARK)]})]
    operations = []
    for name, operation, weight, extra in wanted:
        if operation not in settings.endpoints:
            continue  # getrapt only when declared
        body = codec.verzoek(operation, schooljaar=td.schooljaar, xsdversie=settings.versie, **school, **extra)
        follows = "uwlr HaalStructuur" if operation == "HaalLeerlingen" else None
        operations.append(Operation(follows=follows,
            name=f"uwlr {name}", weight=weight, url=settings.endpoints[operation],
            headers=soap_headers(codec.OPERATIONS[operation][3]),
            body=build_envelope(body, headers=[header]).decode("utf-8"),
            check={"standard": "uwlr", "operation": operation, "versie": settings.versie,
                   "brincode": td.brincode, "schoolkey": td.schoolkey}))
    return operations


def _catalogus(candidate: CandidateConfig, size: int) -> list[Operation]:
    """Distributors and schools harvest the catalogue page by page, on each face the candidate declares."""
    from urllib.parse import urlencode

    section = candidate.section("catalogus")
    assert section is not None
    settings = get_standard("catalogus").settings(section)
    soap = readcatalog_mix(candidate, size) if settings.readcatalog else []
    if settings.sru is None:
        return soap
    urls = tuple(f"{settings.sru}?" + urlencode({
        "operation": "searchRetrieve", "version": "1.2", "query": settings.query,
        "startRecord": str(1 + page * settings.page_size), "maximumRecords": str(settings.page_size),
        "recordSchema": f"eckcs{settings.newest}"}) for page in range(HARVEST_PAGES))
    return [Operation(name="catalogus SRU harvest page", weight=4, url=urls[0], urls=urls, method="GET",
                      headers={}, body="", check={"standard": "catalogus", "face": "sru"}), *soap]


_BUILDERS: dict[str, Callable[[CandidateConfig, int], list[Operation]]] = {
    "uwlr": lambda candidate, _size: _uwlr(candidate), "eckid": eckid_mix, "bestellen": bestellen_mix,
    "catalogus": _catalogus}


def start_schooljaar(candidate: CandidateConfig, standards: list[str], *, pool: int = DEFAULT_POOL) -> list[Operation]:
    """The mix for the standards asked for (default: every declared one the profile knows); `pool` distinct
    requests are built for each addressed operation."""
    declared = [name for name in MIXED_STANDARDS if candidate.section(name) is not None]
    chosen = standards or declared
    for name in chosen:
        if name not in _BUILDERS:
            raise ConfigError(f"the start-schooljaar profile has no load mix for {name!r}: it drives "
                              f"{', '.join(MIXED_STANDARDS)} (edukoppeling is their transport, loaded with them)",
                              field="--standard")
        if candidate.section(name) is None:
            raise ConfigError(f"[{name}] is not in the configuration", field="--standard")
    if not chosen:
        raise ConfigError(f"declare one of {', '.join(MIXED_STANDARDS)}: the load profile drives their endpoints")
    return [op for name in chosen for op in _BUILDERS[name](candidate, pool)]


def planned_mix(candidate: CandidateConfig, standards: list[str], settings: LoadSettings) -> list[Operation]:
    """The mix a run with `settings` sends: pools of its size, and refused when it outlasts a signed pool."""
    started = time.monotonic()
    operations = start_schooljaar(candidate, standards, pool=settings.pool)
    check_signed_duration({op.name: op.bodies for op in operations}, settings.duration_s,
                          built_s=time.monotonic() - started)
    return operations
