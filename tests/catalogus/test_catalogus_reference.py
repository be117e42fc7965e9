"""The real catalogue records in ../shared/reference/catalogus/ give exactly the findings listed here.

Those files are third-party (Kennisnet examples and live Edurep records). They are read in place and never
copied: identifiers in the assertions are taken from the files at test time. Each expected finding carries
the reason it is a genuine breach and not a wrong rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conformance.findings import Severity
from conformance.standards.catalogus.validation import namespace_of, validate_path
from conformance.xml import safe_parser

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "catalogus"
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def reference(name: str) -> Path:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the third-party reference records are only beside the project checkout")
    return path


def product_ids(path: Path) -> list[str]:
    """Every Entry's own ProductId, in document order (SubProducts/ProductId excluded)."""
    root = etree.parse(str(path), safe_parser()).getroot()
    return [el.findtext("{*}ProductId").strip() for el in root.iter("{*}Entry", "Entry")]


def references(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every SubProducts/ProductId and FollowupProduct."""
    root = etree.parse(str(path), safe_parser()).getroot()
    refs = [(el.sourceline, el.text.strip()) for el in root.iter("{*}ProductId")
            if etree.QName(el.getparent()).localname == "SubProducts"]
    return refs + [(el.sourceline, el.text.strip()) for el in root.iter("{*}FollowupProduct")]


def test_mandatory_fields_example_2_1_1():
    path = reference("catalogservice-entry-2.1.1-verplicht.xml")
    (subject,) = product_ids(path)
    # Genuine: the example is a bare <Entry> without any namespace, while every ECK DT record lives in
    # http://dt2.eck.nl/schema/catalogservice/v<version> (§2.3, §3.1); a harvester validating against the
    # version's XSD rejects it. Everything else in it holds: its fields are exactly the required ones.
    assert [(f.requirement, f.severity, f.line, f.subject, f.message) for f in validate_path(path)] == [
        ("CAT-DOC-04", ERROR, 1, subject, "Entry has no namespace; a record is in "
         "http://dt2.eck.nl/schema/catalogservice/v<version>. Checked as version 2.1.1, judged from its fields")]


def test_mandatory_fields_example_is_clean_once_in_its_namespace(tmp_path):
    """The namespace is the example's only fault: put in the 2.1.1 namespace, it passes rules and our XSD."""
    data = reference("catalogservice-entry-2.1.1-verplicht.xml").read_bytes()
    placed = tmp_path / "entry.xml"
    placed.write_bytes(data.replace(b"<Entry>", f'<Entry xmlns="{namespace_of("2.1.1")}">'.encode(), 1))
    assert list(validate_path(placed, schema=True)) == []


@pytest.mark.parametrize("name", ["catalogservice-entry-2.2-full.xml", "catalogservice-entry-2.3-full.xml"])
def test_full_examples_2_2_and_2_3(name):
    path = reference(name)
    (subject,) = product_ids(path)
    own = set(product_ids(path))
    refs = references(path)
    # Genuine (warnings): each example answer holds one Entry whose SubProducts (two) and FollowupProduct (one)
    # name products that are not in the answer, so a harvester cannot resolve them from it. A warning and not an
    # error, as they might sit on another page of a paged catalogue.
    assert len(refs) == 3 and not {target for _, target in refs} & own
    expected = [("CAT-SET-02", WARNING, line, subject,
                 f"SubProducts/ProductId {target} names a product that is not in this answer")
                for line, target in refs[:2]]
    expected.append(("CAT-SET-03", WARNING, refs[2][0], subject,
                     f"FollowupProduct {refs[2][1]} names a product that is not in this answer"))
    found = [(f.requirement, f.severity, f.line, f.subject, f.message) for f in validate_path(path, schema=True)]
    assert found == expected


def test_live_sru_records_2_5_2():
    path = reference("sru-response-eckcs2.5.2.xml")
    # Ten live records: EAN-13 ProductIds with correct check digits, URLs on their own indented lines (collapsed
    # as xs:anyURI does), prices in cents with VAT 0.0 or 9.0, IsCatalogItem false. Nothing to report,
    # and they validate against our modelled 2.5.2 XSD as well.
    assert len(product_ids(path)) == 10
    assert list(validate_path(path)) == []
    assert list(validate_path(path, schema=True)) == []
