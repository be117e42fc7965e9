"""Whole documents: the three kinds, bad input as findings (never exceptions), versions, paging, references."""

from __future__ import annotations

import time

import pytest
from catalogus_samples import EAN, SOAP11, ean13, readcatalog, record, record_xml, soap, sru, to_bytes

from conformance.findings import Severity
from conformance.standards.catalogus.validation import validate_document, validate_path

CS = "http://dt2.eck.nl/schema/catalogservice/v"


def summary(findings) -> list[tuple[str, str]]:
    return [(f.requirement, f.message) for f in findings]


def products(n: int, version: str = "2.5.2", **changes) -> list:
    return [record(version, ProductId=ean13(f"97890000{i:04d}"), **changes) for i in range(n)]


# -- kinds -------------------------------------------------------------------------------------

@pytest.mark.parametrize("build", [
    lambda recs: readcatalog(recs),
    lambda recs: soap(readcatalog(recs)),
    lambda recs: soap(readcatalog(recs), wrapper=None),
    lambda recs: sru(recs),
], ids=["readcatalogresult", "soap", "soap-without-response-wrapper", "sru"])
def test_each_kind_is_recognised_and_every_record_checked(build):
    recs = products(3)
    recs[1].find(f"{{{CS}2.5.2}}Medium").text = "Website"
    findings = validate_document(to_bytes(build(recs)))
    assert [(f.requirement, f.subject) for f in findings] == [("CAT-REC-15", ean13("978900000001"))]


def test_single_entry_is_a_document():
    assert validate_document(record_xml("2.3")) == []


def test_path_and_bytes_give_the_same_findings(tmp_path):
    data = to_bytes(sru(products(4, ProductState="Weg")))
    path = tmp_path / "answer.xml"
    path.write_bytes(data)
    assert list(validate_path(path)) == validate_document(data)
    assert len(validate_document(data)) == 4


# -- bad input ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "message"), [
    (b"", "the document is empty: not XML"),
    (b"   \n", "the document is empty: not XML"),
    (b"HTTP/1.1 500 Internal Server Error", "the document is not well-formed XML: Start tag expected"),
    (b"<Entry><ProductId>1</ProductId>", "the document is not well-formed XML: Premature end of data in tag Entry"),
    (b'{"records": []}', "the document is not well-formed XML: Start tag expected"),
    (b"\xff\xfe\x00garbage", "the document is not well-formed XML"),
    (b'<?xml version="1.0" encoding="nonsense"?><Entry/>', "the document is not well-formed XML"),
    (b"<Entry>&undefined;</Entry>", "the document is not well-formed XML"),
])
def test_not_xml_is_a_finding(data, message):
    (finding,) = validate_document(data)
    assert finding.requirement == "CAT-DOC-01" and finding.severity is Severity.ERROR
    assert finding.message.startswith(message)


def test_truncated_document_keeps_the_findings_before_the_break():
    data = to_bytes(readcatalog(products(3, Medium="Website")))
    findings = validate_document(data[: data.rindex(b"<numEntries>")])
    assert [f.requirement for f in findings] == ["CAT-REC-15"] * 3 + ["CAT-DOC-01"]


def _billion_laughs(levels: int = 10) -> bytes:
    decls = [b'<!ENTITY l0 "lol">']
    decls += [b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10))) for i in range(1, levels)]
    return (b'<?xml version="1.0"?><!DOCTYPE Entry [' + b"".join(decls) + b"]>"
            b'<Entry xmlns="http://dt2.eck.nl/schema/catalogservice/v2.5.2"><ProductId>&l%d;</ProductId></Entry>'
            % (levels - 1))


def test_entity_bomb_is_refused_quickly_without_expansion():
    started = time.perf_counter()
    (finding,) = validate_document(_billion_laughs())
    assert time.perf_counter() - started < 5  # a guard against expansion, not a speed target
    assert (finding.requirement, finding.severity, finding.line) == ("CAT-DOC-02", Severity.ERROR, 1)
    assert finding.message == ("the document carries a DOCTYPE; DTDs and entity declarations are refused, "
                               "nothing else was read")


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE Entry [<!ENTITY a "x"',
    b'<!DOCTYPE Entry [<!ENTITY % p "<!ENTITY q \'&#37;p;\'>"> %p; %q;]><Entry/>',
    b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a comment -->\n<?pi x?>\n<!DOCTYPE Entry SYSTEM "http://127.0.0.1:9/x.dtd"><Entry/>',
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE Entry><Entry/>'.encode("utf-16"),
], ids=["broken-dtd", "parameter-entities", "after-comment-and-pi", "utf-16"])
def test_every_dtd_is_refused_before_the_parser_sees_it(data):
    """The same finding whichever guard a libxml2 release would trip first (2.14 has its own)."""
    (finding,) = validate_document(data)
    assert (finding.requirement, finding.message) == (
        "CAT-DOC-02", "the document carries a DOCTYPE; DTDs and entity declarations are refused, nothing else was read")
    assert finding.line == data.decode("utf-16" if data[:2] == b"\xff\xfe" else "latin-1").count("\n") + 1


def test_small_entity_declarations_are_refused_before_any_record_is_read():
    assert summary(validate_document(_billion_laughs(levels=3))) == [
        ("CAT-DOC-02", "the document carries a DOCTYPE; DTDs and entity declarations are refused, "
                       "nothing else was read")]


def test_quadratic_blowup_is_refused():
    big = b"x" * 100_000
    data = (b'<?xml version="1.0"?><!DOCTYPE Entry [<!ENTITY x "' + big + b'">]><Entry>'
            + b"&x;" * 10_000 + b"</Entry>")
    started = time.perf_counter()
    assert [f.requirement for f in validate_document(data)] == ["CAT-DOC-02"]
    assert time.perf_counter() - started < 5  # a guard against expansion, not a speed target


def test_external_entity_is_refused_without_reading_the_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM")
    data = (f'<?xml version="1.0"?><!DOCTYPE Entry [<!ENTITY e SYSTEM "file://{secret}">]>'
            f'<Entry xmlns="{CS}2.5.2"><ProductId>&e;</ProductId></Entry>').encode()
    findings = validate_document(data)
    assert [f.requirement for f in findings] == ["CAT-DOC-02"]
    assert "GEHEIM" not in repr(findings)


def test_plain_doctype_is_refused_too():
    data = b"<!DOCTYPE Entry>" + record_xml("2.5.2").split(b"?>", 1)[1]
    assert [f.requirement for f in validate_document(data)] == ["CAT-DOC-02"]


@pytest.mark.parametrize(("data", "root"), [
    (b"<html><head><title>Storing</title></head><body/></html>", "html"),
    (b'<searchRetrieveResponse xmlns="http://docs.oasis-open.org/ns/search-ws/sruResponse"/>',
     "{http://docs.oasis-open.org/ns/search-ws/sruResponse}searchRetrieveResponse"),
    (b'<Envelope xmlns="urn:not-soap"><Body/></Envelope>', "{urn:not-soap}Envelope"),
])
def test_unknown_root_is_a_finding(data, root):
    assert summary(validate_document(data)) == [
        ("CAT-DOC-03", f"the root element {root} is not a ReadCatalog answer (SOAP Envelope or ReadCatalogResult), "
                       "an SRU 1.2 searchRetrieveResponse or an Entry")]


def test_large_document_without_a_catalogue_element_is_stopped_early():
    data = b"<html><body>" + b"<p>geen catalogus</p>" * 200_000 + b"</body></html>"  # 4 MB
    started = time.perf_counter()
    assert summary(validate_document(data)) == [
        ("CAT-DOC-03", "no catalogue element in the first 2 MB; this is not a ReadCatalog answer, an SRU answer "
                       "or an Entry")]
    assert time.perf_counter() - started < 5  # a guard against expansion, not a speed target


def test_soap_12_envelope_is_read_as_well():
    env = "http://www.w3.org/2003/05/soap-envelope"
    body = to_bytes(readcatalog(products(1, Medium="Website"))).split(b"?>", 1)[1]
    data = f'<e:Envelope xmlns:e="{env}"><e:Body>'.encode() + body + b"</e:Body></e:Envelope>"
    assert [f.requirement for f in validate_document(data)] == ["CAT-REC-15"]


def test_soap_fault_is_a_finding():
    data = (f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><s:Fault><faultcode>s:Server</faultcode>'
            "<faultstring>Catalogus tijdelijk niet beschikbaar</faultstring></s:Fault></s:Body></s:Envelope>").encode()
    assert summary(validate_document(data)) == [
        ("CAT-DOC-03", "the answer is a SOAP Fault, not a ReadCatalogResult: s:Server; "
                       "Catalogus tijdelijk niet beschikbaar")]


def test_soap_body_without_result_is_a_finding():
    data = f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><Ping xmlns="urn:x"/></s:Body></s:Envelope>'.encode()
    findings = validate_document(data)
    assert summary(findings) == [
        ("CAT-DOC-03", "the SOAP Body holds {urn:x}Ping, not a ReadCatalogResult"),
        ("CAT-DOC-03", "the answer holds no catalogue records")]
    assert findings[1].severity is Severity.INFO


# -- namespaces and versions -------------------------------------------------------------------

def test_entry_without_namespace_is_checked_as_its_fields_suggest():
    findings = validate_document(record_xml("2.1.1", ns=False, Medium="Website"))
    assert summary(findings) == [
        ("CAT-DOC-04", f"Entry has no namespace; a record is in {CS}<version>. Checked as version 2.1.1, "
                       "judged from its fields"),
        ("CAT-REC-15", "Medium 'Website' is not one of 'Web browser', 'Boek', 'Anders', 'CD-ROM', 'DVD', "
                       "'Downloadable installer'")]


def test_entry_without_namespace_takes_the_version_asked_for():
    findings = validate_document(record_xml("2.3", ns=False), assume_version="2.3")
    assert summary(findings) == [
        ("CAT-DOC-04", f"Entry has no namespace; a record is in {CS}<version>. Checked as version 2.3, as asked")]


def test_entry_without_namespace_in_sru_takes_the_record_schema():
    findings = validate_document(to_bytes(sru([record("2.3", ns=False)], schemas=["eckcs2.3"])))
    assert summary(findings) == [
        ("CAT-DOC-04", f"Entry has no namespace; a record is in {CS}<version>. Checked as version 2.3, "
                       "as the SRU recordSchema says")]


def test_unknown_option_version_is_a_usage_error():
    with pytest.raises(ValueError, match=r"unknown record version '3\.0'"):
        validate_document(record_xml("2.3"), assume_version="3.0")


def test_foreign_namespace_and_unknown_version():
    foreign = record("2.5.2", ns="urn:iets-anders")
    future = record("2.5.2", ns=f"{CS}3.0", ProductId=ean13("978900000002"))
    findings = validate_document(to_bytes(readcatalog([foreign, future], version=None)))
    assert summary(findings) == [
        ("CAT-DOC-04", f"Entry is in namespace urn:iets-anders, not in {CS}<version>; its fields were not checked"),
        ("CAT-DOC-04", "Entry names record version 3.0, which is not one of 2.1.1, 2.2, 2.3, 2.4, 2.5, 2.5.1, "
                       "2.5.2; its fields were not checked")]


def test_mixed_versions_in_readcatalog_follow_the_result_namespace():
    recs = [record("2.5.2"), record("2.3", ProductId=ean13("978900000002")), record("2.5.2", ProductId="x")]
    findings = validate_document(to_bytes(soap(readcatalog(recs, version="2.5.2"))))
    assert summary(findings) == [
        ("CAT-DOC-05", "Entry is record version 2.3, but this answer is version 2.5.2; one answer carries records "
                       "of one version")]
    assert findings[0].subject == ean13("978900000002")


def test_mixed_versions_in_sru_follow_the_first_record():
    recs = [record("2.3"), record("2.5.2", ProductId=ean13("978900000002"))]
    findings = validate_document(to_bytes(sru(recs)))
    assert summary(findings) == [
        ("CAT-DOC-05", "Entry is record version 2.5.2, but this answer is version 2.3; one answer carries records "
                       "of one version")]


def test_result_in_one_version_holding_entries_of_another():
    findings = validate_document(to_bytes(readcatalog([record("2.3")], version="2.5.2")))
    assert [f.requirement for f in findings] == ["CAT-DOC-05"]


# -- ReadCatalogResult paging ------------------------------------------------------------------

def test_num_entries_must_count_the_entries():
    findings = validate_document(to_bytes(readcatalog(products(2), num_entries=3)))
    assert summary(findings) == [("CAT-DOC-06", "numEntries says 3 but Entries holds 2 Entry elements")]


def test_paging_elements_must_be_there_and_be_numbers():
    findings = validate_document(to_bytes(readcatalog(products(1), num_entries=None, first_entry="eerste")))
    assert summary(findings) == [("CAT-DOC-06", "ReadCatalogResult has no numEntries"),
                                 ("CAT-DOC-06", "firstEntry 'eerste' is not a whole number")]


def test_empty_page_is_a_remark_not_an_error():
    findings = validate_document(to_bytes(soap(readcatalog([]))))
    assert summary(findings) == [("CAT-DOC-03", "the answer holds no catalogue records")]
    assert findings[0].severity is Severity.INFO


# -- SRU records -------------------------------------------------------------------------------

def test_sru_record_schema_must_name_the_entry_version():
    findings = validate_document(to_bytes(sru(products(2), schemas=["eckcs2.3", None])))
    assert summary(findings) == [
        ("CAT-DOC-07", "recordSchema 'eckcs2.3' does not name the Entry's version 2.5.2 (eckcs2.5.2)"),
        ("CAT-DOC-07", "the SRU record has no recordSchema before its recordData")]


def test_sru_record_packed_as_string_is_a_finding():
    doc = sru(products(1))
    data_el = doc.find(".//{http://www.loc.gov/zing/srw/}recordData")
    packed = to_bytes(data_el[0]).decode()
    data_el.remove(data_el[0])
    data_el.text = packed
    findings = validate_document(to_bytes(doc))
    assert summary(findings) == [
        ("CAT-DOC-07", "the SRU record carries no Entry in its recordData; records are packed as XML "
                       "(recordPacking xml)"),
        ("CAT-DOC-03", "the answer holds no catalogue records")]


def test_sru_diagnostics_are_named_when_there_are_no_records():
    data = (b'<srw:searchRetrieveResponse xmlns:srw="http://www.loc.gov/zing/srw/" '
            b'xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/"><srw:version>1.2</srw:version>'
            b"<srw:numberOfRecords>0</srw:numberOfRecords><srw:diagnostics><diag:diagnostic>"
            b"<diag:uri>info:srw/diagnostic/1/10</diag:uri><diag:message>Query syntax error</diag:message>"
            b"</diag:diagnostic></srw:diagnostics></srw:searchRetrieveResponse>")
    assert summary(validate_document(data)) == [
        ("CAT-DOC-03", "the answer holds no catalogue records (SRU diagnostic: info:srw/diagnostic/1/10 "
                       "Query syntax error)")]


# -- across records ----------------------------------------------------------------------------

def test_duplicate_product_id():
    recs = products(2)
    recs.append(record("2.5.2", ProductId=ean13("978900000001")))
    findings = validate_document(to_bytes(readcatalog(recs)))
    assert summary(findings) == [
        ("CAT-SET-01", f"ProductId {ean13('978900000001')} occurs more than once in this answer")]


def test_references_resolve_forward_and_backward():
    a, b, c = (ean13(f"97890000000{i}") for i in range(3))
    recs = [record("2.3", ProductId=a, SubProducts=[("ProductId", b), ("ProductId", c)]),
            record("2.3", ProductId=b, FollowupProduct=a),
            record("2.3", ProductId=c, FollowupProduct=c)]
    assert validate_document(to_bytes(readcatalog(recs, version="2.3"))) == []


def test_references_outside_the_answer_are_warnings_at_the_end():
    recs = [record("2.3", SubProducts=[("ProductId", "onbekend-1")], FollowupProduct="onbekend-2"),
            record("2.3", ProductId=ean13("978900000002"), Medium="Website")]
    findings = validate_document(to_bytes(readcatalog(recs, version="2.3")))
    assert summary(findings) == [
        ("CAT-REC-15", "Medium 'Website' is not one of 'Web browser', 'Boek', 'Anders', 'CD-ROM', 'DVD', "
                       "'Downloadable installer'"),
        ("CAT-SET-02", "SubProducts/ProductId onbekend-1 names a product that is not in this answer"),
        ("CAT-SET-03", "FollowupProduct onbekend-2 names a product that is not in this answer")]
    assert {f.severity for f in findings[1:]} == {Severity.WARNING}
    assert {f.subject for f in findings[1:]} == {EAN}


# -- opt-in XSD --------------------------------------------------------------------------------

def test_schema_option_adds_xsd_findings():
    rec = record("2.5.2", Medium="Website")
    rec.append(rec[0])  # ProductId moved to the end: out of the modelled order, which only the XSD judges
    findings = validate_document(to_bytes(rec), schema=True)
    assert [f.requirement for f in findings] == ["CAT-REC-15", "CAT-XSD-01"]
    assert findings[1].message.startswith(
        "XSD: Element '{http://dt2.eck.nl/schema/catalogservice/v2.5.2}Publisher': This element is not expected.")
    assert findings[1].line == 3 and findings[1].subject == EAN
    assert validate_document(to_bytes(rec)) == findings[:1]


def test_schema_option_is_quiet_on_clean_records():
    assert validate_document(to_bytes(sru(products(3))), schema=True) == []
