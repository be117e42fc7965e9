"""The structure of a catalogue answer around its records: which kind it is, its version, paging and SRU records.

One `DocumentWalker` follows one document through the parser's events (see `_stream`): it names the kind
from the root, checks each record when its end tag arrives and then forgets it, and checks what the
answer says about itself (numEntries, recordSchema). Across records it keeps only the ProductIds seen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from lxml import etree

from conformance.findings import Finding, Severity
from conformance.standards.catalogus._crossref import CatalogueIndex
from conformance.standards.catalogus._lexical import collapse, is_whole_number, shown
from conformance.standards.catalogus._model import CATALOGSERVICE_NS, SRU_NS, VERSIONS, version_of_namespace
from conformance.standards.catalogus._records import Record, infer_version, local_name, namespace

#: CAT-DOC-02's finding, whether the prolog scan or the parsed tree found the DOCTYPE (`_stream`)
DOCTYPE_REFUSED = "the document carries a DOCTYPE; DTDs and entity declarations are refused"
from conformance.standards.catalogus.checks import check_record
from conformance.standards.catalogus._schema import schema_findings

__all__ = ["DOCTYPE_REFUSED", "ELEMENTS", "DocumentWalker", "PageSummary", "finding"]

_SOAP_NS = frozenset({"http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope"})
_DIAG_NS = "http://www.loc.gov/zing/srw/diagnostic/"
_KINDS = {"Envelope": "soap", "ReadCatalogResult": "readcatalog", "ReadCatalogResponse": "readcatalog",
          "searchRetrieveResponse": "sru", "Entry": "entry"}
#: The local names the walker reacts to, roots included; the parser need report no other element.
ELEMENTS = ("Envelope", "Body", "Fault", "ReadCatalogResponse", "ReadCatalogResult", "Entries", "numEntries",
            "firstEntry", "Entry", "searchRetrieveResponse", "record", "recordSchema", "diagnostic",
            "numberOfRecords", "nextRecordPosition")


@dataclasses.dataclass
class PageSummary:
    """What one page says about itself, for a harvester: its records' ProductIds and namespaces in order,
    and its paging fields as written (None when absent). Filled while the findings stream."""

    kind: str | None = None
    product_ids: list[str | None] = dataclasses.field(default_factory=list)
    namespaces: set[str | None] = dataclasses.field(default_factory=set)
    number_of_records: str | None = None
    next_record_position: str | None = None
    num_entries: str | None = None
    first_entry: str | None = None
    fault: str | None = None
    diagnostics: list[str] = dataclasses.field(default_factory=list)
    #: the requirements of the record rules that had something to judge on this page (_rules.Needs)
    exercised: set[str] = dataclasses.field(default_factory=set)


def finding(requirement: str, message: str, *, line: int | None = None, subject: str | None = None,
            severity: Severity = Severity.ERROR) -> Finding:
    return Finding(requirement=requirement, severity=severity, message=message, line=line, subject=subject)


class DocumentWalker:
    """The state of one pass: the document kind, its version, the current SRU record, the index."""

    def __init__(self, *, assume_version: str | None, schema: bool, summary: PageSummary | None = None,
                 dual: bool = False) -> None:
        if assume_version is not None and assume_version not in VERSIONS:
            raise ValueError(f"unknown record version {assume_version!r}; known: {', '.join(VERSIONS)}")
        self.assume_version = assume_version
        self.schema = schema
        self.dual = dual  # the schema judged by xmlschema beside libxml2
        self.summary = summary
        self.kind: str | None = None
        self.stopped = False
        self.answer_version: str | None = None
        self.index = CatalogueIndex()
        self.records = 0
        self.fault = False
        self.result_seen = False
        self.diagnostics: list[str] = []
        # the ReadCatalogResult being read
        self.entries_seen = False
        self.entries_counted = 0
        self.num_entries: tuple[str, int | None] | None = None
        self.first_entry: tuple[str, int | None] | None = None
        # the SRU record being read
        self.record_schema: str | None = None
        self.record_entries = 0
        self.handlers = {
            "Entry": self._entry, "record": self._sru_record, "recordSchema": self._sru_record_schema,
            "Entries": self._entries, "numEntries": self._paging, "firstEntry": self._paging,
            "ReadCatalogResult": self._result, "Fault": self._fault, "Body": self._body,
            "diagnostic": self._diagnostic, "numberOfRecords": self._sru_paging,
            "nextRecordPosition": self._sru_paging,
        }

    # -- dispatch ------------------------------------------------------------------------------

    def end(self, el: etree._Element) -> Iterator[Finding]:
        tag = el.tag
        handler = self.handlers.get(tag[tag.rfind("}") + 1:]) if isinstance(tag, str) else None
        if handler is not None:
            yield from handler(el)

    def begin(self, tree: etree._ElementTree) -> Iterator[Finding]:
        """At the first event the prolog and root are known: refuse a DTD, then name the kind."""
        root = tree.getroot()
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            self.stopped = True
            yield finding("CAT-DOC-02", f"{DOCTYPE_REFUSED}, nothing else was read", line=root.sourceline)
            return
        name, ns = local_name(root), namespace(root)
        kind = _KINDS.get(name)
        if (kind == "soap" and ns not in _SOAP_NS) or (kind == "sru" and ns != SRU_NS):
            kind = None
        if kind is None:
            self.stopped = True
            yield finding("CAT-DOC-03", f"the root element {root.tag!s} is not a ReadCatalog answer (SOAP "
                          "Envelope or ReadCatalogResult), an SRU 1.2 searchRetrieveResponse or an Entry",
                          line=root.sourceline)
            return
        self.kind = kind
        if self.summary is not None:
            self.summary.kind = kind

    # -- records -------------------------------------------------------------------------------

    def _entry(self, el: etree._Element) -> Iterator[Finding]:
        parent = el.getparent()
        container = local_name(parent) if parent is not None else None
        if container not in (None, "Entries", "recordData"):
            return
        yield from self._record(el, parent)
        if self.kind == "sru":
            self.record_entries += 1
        else:
            if container == "Entries":
                self.entries_counted += 1
            _forget(el)

    def _record(self, el: etree._Element, parent: etree._Element | None) -> Iterator[Finding]:
        self.records += 1
        ns = namespace(el)
        declared = version_of_namespace(ns)
        line = el.sourceline
        pid_el = el.find(f"{{{ns}}}ProductId" if ns else "ProductId")
        subject = collapse(pid_el.text) or None if pid_el is not None else None
        if self.summary is not None:
            self.summary.product_ids.append(subject)
            self.summary.namespaces.add(ns)
        from_schema = self.record_schema.removeprefix("eckcs") if self.kind == "sru" and self.record_schema else None
        version: str | None = declared if declared in VERSIONS else None
        if ns is None:
            version = next((v for v in (from_schema, self.assume_version) if v in VERSIONS), None)
            how = "as the SRU recordSchema says" if version and version == from_schema else (
                "as asked" if version else "judged from its fields")
            version = version or infer_version(el)
            yield finding("CAT-DOC-04", f"Entry has no namespace; a record is in {CATALOGSERVICE_NS}<version>. "
                          f"Checked as version {version}, {how}", line=line, subject=subject)
        elif declared is None:
            yield finding("CAT-DOC-04", f"Entry is in namespace {ns}, not in {CATALOGSERVICE_NS}<version>; "
                          "its fields were not checked", line=line, subject=subject)
        elif version is None:
            yield finding("CAT-DOC-04", f"Entry names record version {declared}, which is not one of "
                          f"{', '.join(VERSIONS)}; its fields were not checked", line=line, subject=subject)
        if declared is not None:
            yield from self._one_version(declared, parent, line, subject)
        if self.kind == "sru":
            yield from self._schema_matches(declared, line, subject)
        yield from self.index.add(subject, line)
        if version is None:
            return
        rec = Record(el, version)
        exercised = self.summary.exercised if self.summary is not None else None
        yield from check_record(rec, exercised)
        if self.schema and ns is not None:
            yield from schema_findings(rec, dual=self.dual)
        self.index.refer(rec, exercised)

    def _one_version(self, declared: str, parent: etree._Element | None, line: int | None,
                     subject: str | None) -> Iterator[Finding]:
        """CAT-DOC-05: the answer's version is its ReadCatalogResult's, else its first record's."""
        if self.answer_version is None:
            result = parent.getparent() if parent is not None and local_name(parent) == "Entries" else None
            container = version_of_namespace(namespace(result)) if result is not None else None
            self.answer_version = container or declared
        if declared != self.answer_version:
            yield finding("CAT-DOC-05", f"Entry is record version {declared}, but this answer is version "
                          f"{self.answer_version}; one answer carries records of one version",
                          line=line, subject=subject)

    def _schema_matches(self, declared: str | None, line: int | None, subject: str | None) -> Iterator[Finding]:
        if self.record_schema is None:
            yield finding("CAT-DOC-07", "the SRU record has no recordSchema before its recordData",
                          line=line, subject=subject)
        elif declared is not None and self.record_schema != f"eckcs{declared}":
            yield finding("CAT-DOC-07", f"recordSchema '{shown(self.record_schema)}' does not name the Entry's "
                          f"version {declared} (eckcs{declared})", line=line, subject=subject)

    # -- SRU -----------------------------------------------------------------------------------

    def _sru_record_schema(self, el: etree._Element) -> Iterator[Finding]:
        parent = el.getparent()
        if self.kind == "sru" and namespace(el) == SRU_NS and parent is not None and local_name(parent) == "record":
            self.record_schema = collapse(el.text)
        return iter(())

    def _sru_record(self, el: etree._Element) -> Iterator[Finding]:
        if self.kind != "sru" or namespace(el) != SRU_NS:
            return
        if self.record_entries == 0:
            yield finding("CAT-DOC-07", "the SRU record carries no Entry in its recordData; records are "
                          "packed as XML (recordPacking xml)", line=el.sourceline)
        self.record_schema = None
        self.record_entries = 0
        _forget(el)

    def _diagnostic(self, el: etree._Element) -> Iterator[Finding]:
        if namespace(el) == _DIAG_NS and len(self.diagnostics) < 3:
            parts = [collapse(child.text) for child in el if isinstance(child.tag, str)]
            self.diagnostics.append(" ".join(part for part in parts if part))
            if self.summary is not None:
                self.summary.diagnostics = list(self.diagnostics)
        return iter(())

    def _sru_paging(self, el: etree._Element) -> Iterator[Finding]:
        parent = el.getparent()
        if self.summary is not None and self.kind == "sru" and namespace(el) == SRU_NS and parent is not None \
                and local_name(parent) == "searchRetrieveResponse":
            if local_name(el) == "numberOfRecords":
                self.summary.number_of_records = collapse(el.text)
            else:
                self.summary.next_record_position = collapse(el.text)
        return iter(())

    # -- ReadCatalog ---------------------------------------------------------------------------

    def _entries(self, el: etree._Element) -> Iterator[Finding]:
        parent = el.getparent()
        if parent is not None and local_name(parent) == "ReadCatalogResult":
            self.entries_seen = True
        return iter(())

    def _paging(self, el: etree._Element) -> Iterator[Finding]:
        parent = el.getparent()
        if parent is not None and local_name(parent) == "ReadCatalogResult":
            value = (collapse(el.text), el.sourceline)
            if local_name(el) == "numEntries":
                self.num_entries = value
            else:
                self.first_entry = value
        return iter(())

    def _result(self, el: etree._Element) -> Iterator[Finding]:
        """CAT-DOC-06: a ReadCatalogResult says how many entries it returns, and from where."""
        self.result_seen = True
        line = el.sourceline
        if self.summary is not None:
            self.summary.num_entries = self.num_entries[0] if self.num_entries else None
            self.summary.first_entry = self.first_entry[0] if self.first_entry else None
        if not self.entries_seen:
            yield finding("CAT-DOC-06", "ReadCatalogResult has no Entries", line=line)
        for name, value in (("numEntries", self.num_entries), ("firstEntry", self.first_entry)):
            if value is None:
                yield finding("CAT-DOC-06", f"ReadCatalogResult has no {name}", line=line)
            elif not is_whole_number(value[0]):
                yield finding("CAT-DOC-06", f"{name} '{shown(value[0])}' is not a whole number", line=value[1])
        if self.num_entries and is_whole_number(self.num_entries[0]):
            said = int(self.num_entries[0])
            if said != self.entries_counted:
                yield finding("CAT-DOC-06", f"numEntries says {said} but Entries holds {self.entries_counted} "
                              "Entry elements", line=self.num_entries[1])
        self.entries_seen, self.entries_counted, self.num_entries, self.first_entry = False, 0, None, None

    # -- SOAP ----------------------------------------------------------------------------------

    def _fault(self, el: etree._Element) -> Iterator[Finding]:
        if self.kind != "soap" or namespace(el) not in _SOAP_NS:
            return
        self.fault = True
        texts = [collapse(" ".join(child.itertext())) for child in el if isinstance(child.tag, str)]
        detail = "; ".join(text for text in texts if text) or "no fault text"
        if self.summary is not None:
            self.summary.fault = detail[:300]
        yield finding("CAT-DOC-03", f"the answer is a SOAP Fault, not a ReadCatalogResult: {detail[:300]}",
                      line=el.sourceline)

    def _body(self, el: etree._Element) -> Iterator[Finding]:
        if self.kind == "soap" and namespace(el) in _SOAP_NS and not (self.result_seen or self.fault):
            inside = ", ".join(child.tag for child in el if isinstance(child.tag, str)) or "nothing"
            yield finding("CAT-DOC-03", f"the SOAP Body holds {inside}, not a ReadCatalogResult",
                          line=el.sourceline)

    # -- end -----------------------------------------------------------------------------------

    def finish(self) -> Iterator[Finding]:
        yield from self.index.finish()
        if self.records == 0 and not self.fault:
            said = f" (SRU diagnostic: {'; '.join(self.diagnostics)})" if self.diagnostics else ""
            yield finding("CAT-DOC-03", f"the answer holds no catalogue records{said}", severity=Severity.INFO)


def _forget(el: etree._Element) -> None:
    """Drop a checked record and the cleared ones before it, so the tree never grows with the records."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]
