"""Synthetic catalogue records and answers for the catalogus tests; every product here is invented."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from conformance.standards.catalogus.validation import FAMILIES, SRU_NS, namespace_of

__all__ = ["EAN", "SOAP11", "bulk_readcatalog", "bulk_records", "bulk_sru", "ean13", "readcatalog", "record",
           "record_xml", "soap", "sru", "to_bytes"]

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"

Value = str | list[tuple[str, "Value"]] | None


def ean13(first12: str) -> str:
    """Complete 12 digits with their GS1 check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


EAN = ean13("978900000001")

_HEAD: list[tuple[str, Value]] = [
    ("ProductId", EAN),
    ("Publisher", "Uitgeverij Proefdruk"),
    ("PublisherThumbnailLocation", "https://proefdruk.example/logo.png"),
    ("Title", "Rekenen in stappen 1"),
    ("Authors", [("Author", "A. Voorbeeld")]),
]
_OLD_CLASSIFICATION: list[tuple[str, Value]] = [
    ("Sectors", [("Sector", "VO")]),
    ("Courses", [("Course", "Wiskunde")]),
    ("Levels", [("Level", "HAVO")]),
]
_BASE: dict[str, list[tuple[str, Value]]] = {
    "2.1": _HEAD + [
        ("AccessLocation", "https://toegang.example/" + EAN),
        ("FirstPublishedDate", "2016-08-01T00:00:00Z"),
        ("ProductState", "Leverbaar"),
        ("IntendedEndUserRole", "Onderwijsvolger"),
        ("Medium", "Web browser"),
        ("IsConsumptionProduct", "false"),
        *_OLD_CLASSIFICATION,
        ("SaleUnitSize", "1"),
        ("Currency", "EUR"),
        ("PriceVATLow", "1999"),
        ("PriceIsIndicative", "false"),
        ("IsLicensed", "true"),
        ("LicenseStartDate", "2016-08-01"),
        ("LicenseDuration", "P1Y"),
        ("IsCatalogItem", "true"),
    ],
    "2.3": _HEAD + [
        ("AccessLocation", "https://toegang.example/" + EAN),
        ("FirstPublishedDate", "2020-08-01T00:00:00Z"),
        ("EndOfLifeDate", "2030-07-31T00:00:00Z"),
        ("ProductState", "Leverbaar"),
        ("IntendedEndUserRole", "Onderwijsvolger"),
        ("Medium", "Web browser"),
        ("IsConsumptionProduct", "false"),
        *_OLD_CLASSIFICATION,
        ("SaleUnitSize", "1"),
        ("Prices", [("Currency", "EUR"), ("Price", [("Amount", "1999"), ("VAT", "9.00")])]),
        ("PriceIsIndicative", "false"),
        ("IsLicensed", "true"),
        ("LicenseStartDate", "2020-08-01"),
        ("LicenseEndDate", "2021-07-31"),
        ("IsCatalogItem", "true"),
    ],
    "2.5": _HEAD + [
        ("AccessLocation", "https://toegang.example/" + EAN),
        ("AggregationLevel", "Course"),
        ("IsSeparatelyAvailable", "true"),
        ("FirstPublishedDate", "2021-08-01T00:00:00.000Z"),
        ("EndOfLifeDate", "2031-07-31T00:00:00.000Z"),
        ("ProductState", "Leverbaar"),
        ("IntendedEndUserRole", "Onderwijsvolger"),
        ("Medium", "Web browser"),
        ("IsConsumptionProduct", "false"),
        ("DEPSectors", [("DEPSector", "VO")]),
        ("CurriculumInfo", [("Sector", "VO"), ("Levels", [("Level", "HAVO")])]),
        ("SaleUnitSize", "1"),
        ("Prices", [("Currency", "EUR"), ("Consumerprice", "2179"),
                    ("Price", [("Amount", "1999"), ("VAT", "9.0")])]),
        ("PriceIsIndicative", "true"),
        ("IsLicensed", "true"),
        ("IsCatalogItem", "true"),
        ("LastModifiedDate", "2024-02-15T00:00:00.000Z"),
    ],
}


def _fill(parent: etree._Element, ns: str | None, fields: Iterable[tuple[str, Value]]) -> None:
    for name, value in fields:
        el = etree.SubElement(parent, f"{{{ns}}}{name}" if ns else name)
        if isinstance(value, list):
            _fill(el, ns, value)
        else:
            el.text = value


def record(version: str = "2.5.2", *, ns: str | bool | None = True, **changes: Value) -> etree._Element:
    """A valid record of `version`, changed: `Name=None` drops a field, `Name=value` replaces it in place
    (or appends it), and `add_Name=value` appends one more `Name` element."""
    fields = list(_BASE[FAMILIES[version]])
    extra: list[tuple[str, Value]] = []
    for key, value in changes.items():
        if key.startswith("add_"):
            extra.append((key[4:], value))
            continue
        names = [name for name, _ in fields]
        if key in names:
            at = names.index(key)
            if value is None:
                del fields[at]
            else:
                fields[at] = (key, value)
        elif value is not None:
            extra.append((key, value))
    namespace = namespace_of(version) if ns is True else (ns or None)
    root = etree.Element(f"{{{namespace}}}Entry" if namespace else "Entry",
                         nsmap={None: namespace} if namespace else None)
    _fill(root, namespace, fields + extra)
    return root


def to_bytes(el: etree._Element) -> bytes:
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def record_xml(version: str = "2.5.2", **changes: Value) -> bytes:
    return to_bytes(record(version, **changes))


def readcatalog(records: list[etree._Element], *, version: str | None = "2.5.2", num_entries: int | None = -1,
                first_entry: str | None = "0") -> etree._Element:
    """A ReadCatalogResult (namespace of `version`, none if None) holding the given records."""
    ns = namespace_of(version) if version else None
    q = (lambda name: f"{{{ns}}}{name}") if ns else (lambda name: name)
    result = etree.Element(q("ReadCatalogResult"), nsmap={None: ns} if ns else None)
    entries = etree.SubElement(result, q("Entries"))
    entries.extend(records)
    if num_entries is not None:
        etree.SubElement(result, q("numEntries")).text = str(len(records) if num_entries == -1 else num_entries)
    if first_entry is not None:
        etree.SubElement(result, q("firstEntry")).text = first_entry
    return result


def soap(body_child: etree._Element, *, wrapper: str | None = "ReadCatalogResponse") -> etree._Element:
    """A SOAP 1.1 envelope around a ReadCatalogResult, by default inside a ReadCatalogResponse."""
    env = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"s": SOAP11})
    body = etree.SubElement(env, f"{{{SOAP11}}}Body")
    if wrapper:
        ns = etree.QName(body_child).namespace
        body = etree.SubElement(body, f"{{{ns}}}{wrapper}" if ns else wrapper)
    body.append(body_child)
    return env


def sru(records: list[etree._Element], *, schemas: list[str | None] | None = None) -> etree._Element:
    """An SRU 1.2 searchRetrieveResponse whose recordSchema follows each record's namespace by default."""
    q = lambda name: f"{{{SRU_NS}}}{name}"  # noqa: E731
    root = etree.Element(q("searchRetrieveResponse"), nsmap={"srw": SRU_NS})
    etree.SubElement(root, q("version")).text = "1.2"
    etree.SubElement(root, q("numberOfRecords")).text = str(len(records))
    box = etree.SubElement(root, q("records"))
    for i, rec in enumerate(records):
        version = (etree.QName(rec).namespace or "v?").rpartition("/v")[2]
        schema = schemas[i] if schemas is not None else f"eckcs{version}"
        item = etree.SubElement(box, q("record"))
        if schema is not None:
            etree.SubElement(item, q("recordSchema")).text = schema
        etree.SubElement(item, q("recordPacking")).text = "xml"
        etree.SubElement(item, q("recordData")).append(rec)
    return root


def bulk_records(count: int, version: str = "2.5.2", *, medium_of=lambda i: "Web browser") -> Iterable[bytes]:
    """`count` compact records in the namespace of `version` as byte chunks, fast enough for 100,000.

    Record i has ProductId ean13(978 + i zero-padded to 9 digits); `medium_of(i)` lets a test plant faults.
    """
    template = record(version, Medium="@MEDIUM@", ProductId="@ID@", AccessLocation="https://toegang.example/@ID@")
    text = etree.tostring(template, encoding="unicode")
    start, _, rest = text.partition(">")  # the Entry start tag carries the namespace declaration
    for i in range(count):
        pid = ean13(f"978{i:09d}")
        yield (f"{start}>" + rest.replace("@ID@", pid).replace("@MEDIUM@", medium_of(i))).encode()


def bulk_sru(count: int, version: str = "2.5.2", **kwargs) -> Iterable[bytes]:
    """An SRU answer of `count` records, streamed as chunks."""
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<srw:searchRetrieveResponse xmlns:srw="{SRU_NS}">'
           f"<srw:version>1.2</srw:version><srw:numberOfRecords>{count}</srw:numberOfRecords><srw:records>\n").encode()
    for chunk in bulk_records(count, version, **kwargs):
        yield (f"<srw:record><srw:recordSchema>eckcs{version}</srw:recordSchema>"
               "<srw:recordPacking>xml</srw:recordPacking><srw:recordData>").encode()
        yield chunk
        yield b"</srw:recordData></srw:record>\n"
    yield b"</srw:records></srw:searchRetrieveResponse>\n"


def bulk_readcatalog(count: int, version: str = "2.5.2", **kwargs) -> Iterable[bytes]:
    """A SOAP ReadCatalog answer of `count` records, streamed as chunks."""
    ns = namespace_of(version)
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope xmlns:s="{SOAP11}"><s:Body>'
           f'<ReadCatalogResponse xmlns="{ns}"><ReadCatalogResult><Entries>\n').encode()
    for chunk in bulk_records(count, version, **kwargs):
        yield chunk
        yield b"\n"
    yield (f"</Entries><numEntries>{count}</numEntries><firstEntry>0</firstEntry></ReadCatalogResult>"
           "</ReadCatalogResponse></s:Body></s:Envelope>\n").encode()
