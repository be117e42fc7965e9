"""Harvest a candidate's catalogue page by page, as a harvester would, and judge it while it streams.

Each page is fetched, streamed through the record rules (`iter_findings`) and dropped; what stays is the
ordered list of ProductIds, a tally of findings (the first few per requirement, the rest counted), the
paging problems per requirement, and a handful of exchanges as evidence (first, last, first faulty pages).
ReadCatalog requests are addressed and, in 2W-be-S, signed by the shared Edukoppeling `Sender`; in 2W-be-S
every ReadCatalog page's signature is judged too (CAT-SIG-01). That needs the whole page parsed (about nine times
its size in memory), so pages above `MAX_SIGNED_PAGE` are counted as unverified instead of parsed.
"""

from __future__ import annotations

import collections
import dataclasses
import io
from typing import TYPE_CHECKING

from conformance.edukoppeling.addressing import Addressing, new_message_id
from conformance.edukoppeling.sender import Sender, check_answer_signature
from conformance.errors import HarnessError
from conformance.findings import Finding, Severity
from conformance.pki.trust import Trust
from conformance.standards.catalogus._crossref import REFERENCE_FIELDS
from conformance.standards.catalogus._documents import PageSummary
from conformance.standards.catalogus.checks import not_exercised_reason
from conformance.standards.catalogus._stream import iter_findings
from conformance.standards.catalogus.codec import READ_CATALOG_ACTION, read_catalog_body
from conformance.transport import Exchange, HttpClient

if TYPE_CHECKING:
    from conformance.standards.catalogus.settings import CatalogusSettings

__all__ = ["MAX_SIGNED_PAGE", "CatalogueClient", "FindingTally", "Harvest", "Page"]

#: The largest answer whose signature is checked: a page of 100 records is about 150 KB, and checking an 8 MB page
#: adds about 70 MB to the harvester's memory.
MAX_SIGNED_PAGE = 8 * 2**20
#: A harvest of a catalogue that never ends stops after this many duplicated ProductIds.
_MAX_DUPLICATES = 1000
_SOAP_HEADERS = {"content-type": "text/xml; charset=utf-8", "soapaction": '""'}


class FindingTally:
    """Findings per requirement: the first `shown` kept whole with the harvest or sample they came from (several
    faces and versions pool here, so a message must say which), the rest only counted."""

    def __init__(self, shown: int) -> None:
        self.shown = shown
        self.counts: collections.Counter[str] = collections.Counter()
        self.kept: dict[str, list[tuple[str, Finding]]] = collections.defaultdict(list)
        #: findings on which two schema validators disagreed: they neither keep nor break the rule
        self.undecided: dict[str, list[tuple[str, Finding]]] = collections.defaultdict(list)
        #: requirements of the record rules that had something to judge in some record
        self.exercised: set[str] = set()

    def add(self, finding: Finding, source: str) -> bool:
        """Count a finding of `source` (remarks are not counted); True when it is an error or a warning."""
        if finding.severity is Severity.INFO:
            return False
        if finding.undecided:
            self.undecided[finding.requirement].append((source, finding))
            return True
        self.counts[finding.requirement] += 1
        if len(self.kept[finding.requirement]) < self.shown:
            self.kept[finding.requirement].append((source, finding))
        return True

    def not_exercised(self, requirement: str) -> str | None:
        """Why a record rule that found nothing judged nothing either (the data never held what it is about)."""
        if requirement in REFERENCE_FIELDS:
            return None if requirement in self.exercised else \
                f"no harvested record holds {REFERENCE_FIELDS[requirement]}"
        return not_exercised_reason(requirement, self.exercised)

    def describe(self, requirement: str) -> str:
        count = self.counts[requirement]
        lines = [f"{count} finding(s) for {requirement}; the first {len(self.kept[requirement])}:"]
        for source, f in self.kept[requirement]:
            lines.append(f"- {_where(source, f)} (page line {f.line}): {f.message}")
        return "\n".join(lines)

    def describe_undecided(self, requirement: str) -> str:
        undecided = self.undecided[requirement]
        source, first = undecided[0]
        return (f"the two schema validators disagree on {len(undecided)} record(s); the first: "
                f"{_where(source, first)}: {first.message}")


def _where(source: str, finding: Finding) -> str:
    record = f"ProductId {finding.subject}" if finding.subject else "no ProductId"
    return f"{source}, {record}" if source else record


@dataclasses.dataclass
class Page:
    """One fetched page: its exchange, what it said about itself, and whether its records broke a rule."""

    exchange: Exchange
    summary: PageSummary
    faulty: bool


@dataclasses.dataclass
class Harvest:
    """The result of paging through one face in one record version, or of its first page only (a `sample`)."""

    face: str
    version: str
    product_ids: list[str | None] = dataclasses.field(default_factory=list)
    pages: int = 0
    total: int | None = None  # SRU numberOfRecords
    limited: bool = False  # stopped at the harvest limit
    broken: str | None = None  # why the harvest could not go on
    unverified: int = 0  # 2W-be-S pages too large to check their signature (MAX_SIGNED_PAGE)
    #: one page of an older declared version, for the record rules only: never judged for completeness or paging
    sample: bool = False
    problems: dict[str, list[str]] = dataclasses.field(default_factory=lambda: collections.defaultdict(list))
    exchanges: list[Exchange] = dataclasses.field(default_factory=list)

    @property
    def source(self) -> str:
        """What a finding or problem of these records came from, as every message names it."""
        return f"{self.face} {'sample' if self.sample else 'harvest'} of version {self.version}"

    def problem(self, requirement: str, text: str) -> None:
        if len(self.problems[requirement]) < 5:
            self.problems[requirement].append(text)

    def keep(self, exchange: Exchange, *, faulty: bool = False) -> None:
        """Keep the first page, and up to three faulty ones, as evidence; the last page is added at the end."""
        if not self.exchanges or (faulty and len(self.exchanges) < 4 and exchange not in self.exchanges):
            self.exchanges.append(exchange)

    def stops_early(self, limit: int) -> bool:
        """Whether paging ends before the catalogue does: at the harvest limit, or (broken) in a catalogue that
        keeps repeating its products; both faces stop by this one rule."""
        if limit and len(self.product_ids) >= limit:
            self.limited = True
            return True
        if self.pages % 50 == 0 and len(self.duplicates()) > _MAX_DUPLICATES:
            self.broken = f"more than {_MAX_DUPLICATES} duplicated ProductIds; the harvest was stopped"
            return True
        return False

    def duplicates(self) -> list[str]:
        seen: set[str | None] = set()
        repeated: list[str] = []
        for pid in self.product_ids:
            if pid in seen:
                repeated.append(pid or "(none)")
            seen.add(pid)
        return repeated


class CatalogueClient:
    """Requests to both faces. `http` records into the running test's evidence; `quiet` records nothing and
    serves the harvest, which keeps its own few exchanges. `trust` holds the run's anchors that the signer of a
    2W-be-S answer must chain to."""

    def __init__(self, http: HttpClient, quiet: HttpClient, settings: CatalogusSettings,
                 trust: Trust | None = None, *, dual_validation: bool = False) -> None:
        self.http = http
        self.trust = trust
        self.quiet = quiet
        self.settings = settings
        self.dual_validation = dual_validation  # records' schema judged by xmlschema beside libxml2
        cert, key = settings.client_cert, settings.client_key
        self.sender = (Sender.from_files(settings.profiel, cert, key) if cert is not None and key is not None
                         else Sender(profiel="2W-be"))

    # -- single requests -------------------------------------------------------------------------

    def sru(self, *, start: int | str = 1, maximum: int | str | None = None, schema: str | None = None,
            query: str | None = None, label: str, quiet: bool = False) -> Exchange:
        params = {"operation": "searchRetrieve", "version": "1.2", "query": query or self.settings.query,
                  "startRecord": str(start), "maximumRecords": str(maximum or self.settings.page_size),
                  "recordSchema": schema or f"eckcs{self.settings.newest}"}
        if schema == "":
            del params["recordSchema"]
        if self.settings.sru is None:
            raise HarnessError("an SRU request to a catalogue that declares no sru face")
        return (self.quiet if quiet else self.http).get(self.settings.sru, params=params, label=label)

    def read_catalog_envelope(self, version: str, first: int | str, amount: int | str, *,
                              sign: bool | None = None, sender: Sender | None = None) -> bytes:
        """A ReadCatalog request as sent: addressed from our OIN and, in 2W-be-S (or as `sign` says),
        signed, by the suite or by another `sender` (a probe certificate)."""
        addressing = Addressing(to=self.settings.readcatalog[version], action=READ_CATALOG_ACTION(version),
                                  message_id=new_message_id(), from_oin=self.settings.van_oin)
        return (sender or self.sender).wrap(read_catalog_body(version, first, amount), addressing,
                                                  sign=sign)

    def send_read_catalog(self, version: str, envelope: bytes, *, label: str, quiet: bool = False) -> Exchange:
        url = self.settings.readcatalog[version]
        return (self.quiet if quiet else self.http).post(url, envelope, headers=_SOAP_HEADERS, label=label)

    def read_catalog(self, version: str, first: int | str, amount: int | str, *, label: str,
                     quiet: bool = False) -> Exchange:
        return self.send_read_catalog(version, self.read_catalog_envelope(version, first, amount), label=label,
                                      quiet=quiet)

    def signature_problems(self, exchange: Exchange) -> list[str] | None:
        """Why a 2W-be-S answer's signature does not hold, the signer judged against the OIN of the service's
        TLS certificate; None when the answer is too large to check in bounded memory."""
        if len(exchange.response_body) > MAX_SIGNED_PAGE:
            return None
        oin = exchange.tls.server_oin if exchange.tls is not None else None
        if oin is None:
            return ["the service's TLS certificate carries no OIN (Subject serialNumber) to judge the signer by"]
        if self.trust is None:
            raise HarnessError("a signed answer is to be judged, but the catalogue client was given no trust anchors")
        return [finding.message for finding in check_answer_signature(
            exchange.response_body, requirement="CAT-SIG-01", service_oin=oin, trust=self.trust)]

    def page(self, exchange: Exchange, tally: FindingTally | None = None, *, schema: bool = False,
             source: str = "") -> Page:
        """Stream a page's body through the rules, into `tally` when given (as findings of `source`)."""
        summary = PageSummary()
        faulty = False
        for finding in iter_findings(io.BytesIO(exchange.response_body), summary=summary, schema=schema,
                                     dual=self.dual_validation):
            if tally is not None and tally.add(finding, source):
                faulty = True
        if tally is not None:
            tally.exercised |= summary.exercised
        return Page(exchange, summary, faulty)

    # -- harvests --------------------------------------------------------------------------------

    def sample(self, face: str, version: str, tally: FindingTally) -> Harvest:
        """The first page (`page_size` records) of `face` in `version`, streamed through the record rules into
        `tally`: an older declared version's records are judged too, at the cost of one page, while paging and
        completeness stay judged on the newest version's full harvest (the sample records no problems)."""
        harvest = Harvest(face=face, version=version, sample=True, pages=1)
        size = self.settings.page_size
        if face == "sru":
            exchange = self.sru(maximum=size, schema=f"eckcs{version}", quiet=True,
                                label=f"SRU sample eckcs{version} startRecord 1")
            kinds: tuple[str, ...] = ("sru",)
        else:
            first = self.settings.first_entry_base
            exchange = self.read_catalog(version, first, size, quiet=True,
                                         label=f"ReadCatalog {version} sample firstEntry {first} Amount {size}")
            kinds = ("soap", "readcatalog")
        page = self.page(exchange, tally, schema=True, source=harvest.source)
        if not _readable(harvest, exchange, page.summary, *kinds):
            return harvest
        if page.summary.diagnostics:
            harvest.broken = f"{exchange.label} got an SRU diagnostic: {'; '.join(page.summary.diagnostics)}"
        harvest.product_ids.extend(page.summary.product_ids)
        harvest.keep(exchange)
        return harvest

    def harvest_sru(self, version: str, tally: FindingTally, *, limit: int | None = None) -> Harvest:
        """Follow nextRecordPosition from startRecord 1 until the chain ends, an empty page, or the limit."""
        size = self.settings.page_size
        limit = limit if limit is not None else self.settings.harvest_limit
        harvest = Harvest(face="sru", version=version)
        start = 1
        last: Exchange | None = None
        while True:
            exchange = self.sru(start=start, maximum=size, schema=f"eckcs{version}", quiet=True,
                                label=f"SRU harvest eckcs{version} startRecord {start}")
            last = exchange
            page = self.page(exchange, tally, schema=harvest.pages == 0, source=harvest.source)
            harvest.pages += 1
            summary = page.summary
            if not _readable(harvest, exchange, summary, "sru"):
                break
            if summary.diagnostics:
                harvest.broken = f"startRecord {start} got an SRU diagnostic: {'; '.join(summary.diagnostics)}"
                harvest.keep(exchange, faulty=True)
                break
            n = len(summary.product_ids)
            if harvest.pages == 1:
                harvest.total = _int(summary.number_of_records)
                if harvest.total is None:
                    harvest.problem("CAT-SRU-01", f"numberOfRecords is {summary.number_of_records!r}, "
                                    "not a whole number")
            total = harvest.total if harvest.total is not None else 0
            remaining = total - (start - 1 + n)
            if n > size:
                harvest.problem("CAT-SRU-02", f"startRecord {start}: {n} records, more than maximumRecords {size}")
            elif n < size and remaining > 0:
                harvest.problem("CAT-SRU-02", f"startRecord {start}: {n} records although {remaining + n} "
                                f"remained and maximumRecords was {size}")
            harvest.product_ids.extend(summary.product_ids)
            following = _int(summary.next_record_position)
            if summary.next_record_position is not None:
                if following != start + n:
                    harvest.problem("CAT-SRU-07", f"startRecord {start} returned {n} records but "
                                    f"nextRecordPosition is {summary.next_record_position!r}, not {start + n}")
                elif remaining <= 0:
                    harvest.problem("CAT-SRU-07", f"the last page (startRecord {start}) still gives "
                                    f"nextRecordPosition {following}, past numberOfRecords {total}")
            elif remaining > 0:
                harvest.problem("CAT-SRU-07", f"startRecord {start}: no nextRecordPosition although "
                                f"{remaining} records remain")
            harvest.keep(exchange, faulty=page.faulty or bool(harvest.problems))
            if n == 0 or following is None or following <= start or harvest.stops_early(limit):
                break
            start = following
        _finish(harvest, last)
        if not harvest.broken and harvest.total is not None:
            _judge_complete(harvest, "CAT-SRU-01", f"numberOfRecords {harvest.total}", harvest.total, limit)
        return harvest

    def harvest_readcatalog(self, version: str, tally: FindingTally | None, *, amount: int | None = None,
                            limit: int | None = None) -> Harvest:
        """Page from the base, firstEntry advanced by Amount, until an empty page or the limit."""
        size = amount or self.settings.page_size
        limit = limit if limit is not None else self.settings.harvest_limit
        harvest = Harvest(face="readcatalog", version=version)
        first = self.settings.first_entry_base
        short_at: int | None = None
        last: Exchange | None = None
        while True:
            exchange = self.read_catalog(version, first, size, quiet=True,
                                         label=f"ReadCatalog {version} harvest firstEntry {first} Amount {size}")
            last = exchange
            page = self.page(exchange, tally, schema=tally is not None and harvest.pages == 0,
                             source=harvest.source)
            harvest.pages += 1
            summary = page.summary
            if not _readable(harvest, exchange, summary, "soap", "readcatalog"):
                break
            if summary.num_entries is None:
                harvest.broken = f"firstEntry {first}: the answer holds no ReadCatalogResult with numEntries"
                harvest.keep(exchange, faulty=True)
                break
            n = len(summary.product_ids)
            if summary.first_entry != str(first):
                harvest.problem("CAT-DOC-08", f"asked firstEntry {first}, the answer says firstEntry "
                                f"{summary.first_entry!r}")
            if n > size:
                harvest.problem("CAT-RDC-02", f"firstEntry {first}: {n} entries, more than Amount {size}")
            if short_at is not None and n:
                harvest.problem("CAT-RDC-02", f"firstEntry {short_at} returned fewer than Amount {size} entries, "
                                f"yet firstEntry {first} returned {n} more")
            if 0 < n < size:
                short_at = first
            if self.sender.signed:
                unsigned = self.signature_problems(exchange)
                if unsigned is None:
                    harvest.unverified += 1
                elif unsigned:
                    harvest.problem("CAT-SIG-01", f"firstEntry {first}: " + "; ".join(unsigned))
            harvest.product_ids.extend(summary.product_ids)
            harvest.keep(exchange, faulty=page.faulty or bool(harvest.problems))
            if n == 0 or harvest.stops_early(limit):
                break
            first += size
        _finish(harvest, last)
        return harvest


def _readable(harvest: Harvest, exchange: Exchange, summary: PageSummary, *kinds: str) -> bool:
    """Whether a page can be paged on from; otherwise the harvest is broken, with the reason."""
    if exchange.cut_reason:
        harvest.broken = f"{exchange.label}: the suite stopped reading the page: {exchange.cut_reason}"
    elif summary.fault:
        harvest.broken = f"{exchange.label}: SOAP fault: {summary.fault}"
    elif exchange.status != 200 or summary.kind not in kinds:
        harvest.broken = f"{exchange.label}: not a catalogue page: {exchange.describe_response(300)}"
    else:
        return True
    harvest.keep(exchange, faulty=True)
    return False


def _finish(harvest: Harvest, last: Exchange | None) -> None:
    if last is not None and last not in harvest.exchanges:
        harvest.exchanges.append(last)


def _judge_complete(harvest: Harvest, requirement: str, said: str, total: int, limit: int) -> None:
    ids = harvest.product_ids
    dupes = harvest.duplicates()
    if dupes:
        harvest.problem(requirement, f"{len(dupes)} ProductId(s) came more than once, e.g. {', '.join(dupes[:3])}")
    expected = min(total, limit) if limit else total
    if len(ids) < expected or (not harvest.limited and len(ids) != total):
        harvest.problem(requirement, f"{said}, but paging returned {len(ids)} records "
                        f"({len(set(ids))} distinct) in {harvest.pages} pages")


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
