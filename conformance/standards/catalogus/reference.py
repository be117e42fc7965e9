"""The reference catalogue: one synthetic catalogue behind both faces, the SRU 1.2 searchRetrieve (GET) and
the ECK DT ReadCatalog (SOAP, one endpoint per record version).

Every page is rendered on demand from the generator, so the memory used does not grow with the catalogue.
ReadCatalog requests are received through the shared Edukoppeling `Receiver` (WS-Addressing, From OIN against
the client certificate, SOAPAction and, in 2W-be-S, signature and replay checks), which also signs the answers.
Named defects (see defects.py) each bend one behaviour; the two about signatures are the Ontvanger's versoepelingen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

import conformance.standards.catalogus.codec as soap
from conformance.edukoppeling.addressing import Addressing, read_addressing
from conformance.edukoppeling.receiver import Refused, Receiver
from conformance.standards.catalogus._model import SRU_NS, VERSIONS, namespace_of
from conformance.standards.catalogus.cql import CqlError, parse
from conformance.standards.catalogus.generator import entry_xml, product
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml import XmlRejected
from conformance.xml.soap import SoapMessage

__all__ = ["DIAG_NS", "MAX_RECORDS", "READCATALOG_PATH", "SRU_PATH", "CatalogueReference"]

SRU_PATH = "/catalogus/sru"
READCATALOG_PATH = "/catalogus/readcatalog"
DIAG_NS = "http://www.loc.gov/zing/srw/diagnostic/"
#: maximumRecords above this gets a diagnostic (eck-dt §3.4: max 100); the default page is 10.
MAX_RECORDS = 100
DEFAULT_RECORDS = 10
#: Catalogue positions of the records the record defects spoil; small, so any catalogue holds them.
PLANTED_EAN = 3
PLANTED_PRICES = 5
#: on the second page of 100, past the first page our XSD judges (CAT-XSD-01), so only CAT-REC-10 sees it
PLANTED_DURATION = 150

_XML = "text/xml; charset=utf-8"
_WHOLE = re.compile(r"[+-]?[0-9]{1,11}")


class CatalogueReference:
    """The HTTP app of both faces over the catalogue of `seed` with `size` products; `receiver` receives the
    ReadCatalog requests (default: profile 2W-be, which signs nothing)."""

    def __init__(self, *, seed: int, size: int, versions: Sequence[str], first_entry_base: int = 0,
                 max_amount: int = 500, defects: Sequence[str] = (), receiver: Receiver | None = None) -> None:
        unknown = [v for v in versions if v not in VERSIONS]
        if unknown or not versions:
            raise ValueError(f"unknown record versions {unknown}")
        self.seed = seed
        self.size = size
        self.versions = tuple(versions)
        self.newest = max(self.versions, key=VERSIONS.index)
        self.base = first_entry_base
        self.max_amount = max_amount
        self.defects = frozenset(defects)
        self.receiver = receiver or Receiver(profiel="2W-be")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path, _, query = request.path.partition("?")
        if path == SRU_PATH and request.method == "GET":
            return self.search_retrieve({k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()})
        version = path.removeprefix(READCATALOG_PATH + "/")
        if path.startswith(READCATALOG_PATH + "/") and version in self.versions and request.method == "POST":
            return self.read_catalog(version, request)
        return HttpResponse(status=404, body=b"no such endpoint", content_type="text/plain")

    # -- records -------------------------------------------------------------------------------

    def entry(self, index: int, version: str) -> str:
        p = product(self.seed, index)
        pid = None
        if "bad-ean-check-digit" in self.defects and index == PLANTED_EAN:
            pid = p.product_id[:12] + str((int(p.product_id[12]) + 1) % 10)
        namespace = None
        if "wrong-namespace-for-version" in self.defects and version != self.newest:
            namespace = namespace_of(self.newest)
        prices = not ("missing-prices-block" in self.defects and index == PLANTED_PRICES)
        duration = "-P1Y" if "negative-licence-duration" in self.defects and index == PLANTED_DURATION else None
        courses = not ("no-courses-in-2-3" in self.defects and version == "2.3")
        return entry_xml(p, version, namespace=namespace, product_id=pid, prices=prices, license_duration=duration,
                         courses=courses)

    def _served(self, version: str) -> str:
        """The version an answer to a request for `version` is written in."""
        return self.newest if "answers-in-newest-version" in self.defects else version

    def _index_of(self, product_id: str) -> int | None:
        """The position of a ProductId we issued (97890 + 7-digit index + check digit), else None."""
        if len(product_id) == 13 and product_id.startswith("97890") and product_id.isdigit():
            index = int(product_id[5:12])
            if index < self.size and product(self.seed, index).product_id == product_id:
                return index
        return None

    # -- SRU 1.2 -------------------------------------------------------------------------------

    def search_retrieve(self, params: dict[str, str]) -> HttpResponse:
        query = params.get("query")
        if query is None:
            return _diagnostic(7, "query", "Mandatory parameter not supplied")
        start = _whole(params.get("startRecord", "1"))
        if start is None or start < 1:
            return _diagnostic(6, "startRecord", "Unsupported parameter value")
        maximum = _whole(params.get("maximumRecords", str(DEFAULT_RECORDS)))
        if maximum is None or maximum < 0:
            return _diagnostic(6, "maximumRecords", "Unsupported parameter value")
        if maximum > MAX_RECORDS and "oversized-page-served" not in self.defects:
            return _diagnostic(6, "maximumRecords", f"Unsupported parameter value: at most {MAX_RECORDS}")
        if "ignores-maximum-records" in self.defects and maximum <= MAX_RECORDS:
            maximum = DEFAULT_RECORDS
        schema = params.get("recordSchema", f"eckcs{self.newest}")
        version = schema.removeprefix("eckcs")
        if not schema.startswith("eckcs") or version not in self.versions:
            if "unknown-schema-served" not in self.defects:
                return _diagnostic(66, schema, "Unknown schema for retrieval")
            version = self.newest
        version = self._served(version)
        schema = f"eckcs{version}"
        try:
            hits = self._hits(query)
        except CqlError as exc:
            if "invalid-cql-accepted" not in self.defects:
                return _diagnostic(10, query[:200], f"Query syntax error: {exc}")
            hits = range(self.size)
        if isinstance(hits, int):
            return _diagnostic(16, query[:200], "Unsupported index")
        first = start - 1
        if "duplicate-on-page-border" in self.defects and 0 < first < len(hits):
            first -= 1
        page = hits[first:first + maximum]
        records = [
            f"<srw:record><srw:recordSchema>{schema}</srw:recordSchema><srw:recordPacking>xml</srw:recordPacking>"
            f"<srw:recordData>{self.entry(index, version)}</srw:recordData>"
            f"<srw:recordPosition>{start + n}</srw:recordPosition></srw:record>"
            for n, index in enumerate(page)
        ]
        following = start + len(records)
        more = following <= len(hits) or ("next-record-position-never-ends" in self.defects and records)
        body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<srw:searchRetrieveResponse xmlns:srw="{SRU_NS}">'
                f"<srw:version>1.2</srw:version><srw:numberOfRecords>{len(hits)}</srw:numberOfRecords>"
                f"<srw:records>{''.join(records)}</srw:records>"
                + (f"<srw:nextRecordPosition>{following}</srw:nextRecordPosition>" if more else "")
                + "<srw:echoedSearchRetrieveRequest><srw:version>1.2</srw:version>"
                f"<srw:query>{escape(query)}</srw:query><srw:startRecord>{start}</srw:startRecord>"
                f"<srw:maximumRecords>{maximum}</srw:maximumRecords><srw:recordSchema>{escape(schema)}"
                "</srw:recordSchema></srw:echoedSearchRetrieveRequest></srw:searchRetrieveResponse>\n")
        return HttpResponse(status=200, body=body.encode("utf-8"), content_type=_XML)

    def _hits(self, text: str) -> Sequence[int] | int:
        """The positions a query selects; an int (the diagnostic) when it is CQL we cannot answer."""
        query = parse(text)
        if len(query.clauses) == 1:
            clause = query.clauses[0]
            if (clause.index or "").lower() == "cql.allrecords" and clause.relation in ("=", "==") \
                    and clause.term == "1":
                return range(self.size)
            if clause.index == "ProductId" and clause.relation in ("=", "==", "exact"):
                index = self._index_of(clause.term)
                return [] if index is None else [index]
        return 16

    # -- ReadCatalog (SOAP) --------------------------------------------------------------------

    def read_catalog(self, version: str, request: HttpRequest) -> HttpResponse:
        try:
            received = self.receiver.receive(request, partial(_is_read_catalog, version))
        except Refused as refused:
            return _fault(version, refused.code, refused.reason, _addressing_of(request.body))
        addressing = received.addressing
        ns = namespace_of(version)
        body = received.message.body
        assert body is not None  # _is_read_catalog saw it
        first = _whole(body.findtext(f"{{{ns}}}firstEntry") or "")
        amount = _whole(body.findtext(f"{{{ns}}}Amount") or "")
        if first is None or amount is None:
            return _fault(version, "Client", "firstEntry and Amount must be whole numbers", addressing)
        checked = "amount-not-checked" not in self.defects
        if checked and (amount < 0 or amount > self.max_amount):
            return _fault(version, "Client", f"Amount must be 0 to {self.max_amount}", addressing)
        if first < self.base:
            return _fault(version, "Client", f"firstEntry starts at {self.base}", addressing)
        index = first - self.base
        if "page-gap" in self.defects and amount > 1 and index >= amount and index % amount == 0:
            index += 1
        served = self._served(version)
        entries = [self.entry(i, served) for i in range(index, min(index + max(amount, 0), self.size))]
        echoed = str(self.base) if "first-entry-not-echoed" in self.defects else str(first)
        answer = soap.read_catalog_result(served, entries, echoed, request=addressing)
        return HttpResponse(status=200, body=self.receiver.sign_answer(answer), content_type=_XML)


def _is_read_catalog(version: str, message: SoapMessage, addressing: Addressing) -> None:
    """The service's own check of a request the Ontvanger accepted: this version's ReadCatalog operation."""
    ns = namespace_of(version)
    body = message.body
    if body is None or body.tag != f"{{{ns}}}ReadCatalog" or len(message.body_children) != 1:
        raise Refused(f"the Body holds no ReadCatalog of {ns}")
    if addressing.action != soap.READ_CATALOG_ACTION(version):
        raise Refused(f"wsa:Action {addressing.action!r} is not ReadCatalog of version {version} "
                        f"({soap.READ_CATALOG_ACTION(version)})")


def _addressing_of(body: bytes) -> Addressing | None:
    """A refused request's headers, if it has readable ones, so the fault can still relate to it."""
    try:
        return read_addressing(body)
    except XmlRejected:
        return None


def _whole(text: str) -> int | None:
    text = text.strip()
    return int(text) if _WHOLE.fullmatch(text) else None


def _fault(version: str, code: str, text: str, addressing: Addressing | None) -> HttpResponse:
    return HttpResponse(status=500, body=soap.fault(version, code, text, request=addressing), content_type=_XML)


def _diagnostic(number: int, details: str, message: str) -> HttpResponse:
    """An SRU 1.2 answer with no records and one diagnostic (info:srw/diagnostic/1/<number>)."""
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<srw:searchRetrieveResponse xmlns:srw="{SRU_NS}">'
            "<srw:version>1.2</srw:version><srw:numberOfRecords>0</srw:numberOfRecords><srw:diagnostics>"
            f'<diag:diagnostic xmlns:diag="{DIAG_NS}"><diag:uri>info:srw/diagnostic/1/{number}</diag:uri>'
            f"<diag:details>{escape(details)}</diag:details><diag:message>{escape(message)}</diag:message>"
            "</diag:diagnostic></srw:diagnostics></srw:searchRetrieveResponse>\n")
    return HttpResponse(status=200, body=body.encode("utf-8"), content_type=_XML)
