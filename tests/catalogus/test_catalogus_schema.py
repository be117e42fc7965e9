"""Our record XSDs load everywhere, agree with the rules' field model, and the catalogue matches the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import xmlschema
from catalogus_samples import readcatalog, record, to_bytes
from lxml import etree

from conformance.findings import Severity
from conformance.paths import wsdl_dir
from conformance.requirements import load_catalogue
from conformance.standards import get_standard
from conformance.standards.catalogus.checks import RULES
from conformance.standards.catalogus.validation import (
    FAMILIES,
    REQUIRED,
    REQUIRED_CLASSIFICATION,
    VERSIONS,
    namespace_of,
    record_schema,
    vocabulary,
)

XS = "{http://www.w3.org/2001/XMLSchema}"
ECK_DT = wsdl_dir() / "eck-dt"
PACKAGE = Path(__file__).resolve().parents[2] / "conformance" / "standards" / "catalogus"
TESTS = Path(__file__).resolve().parent
SCENARIOS = Path(__file__).resolve().parents[2] / "testcases" / "catalogus"
CATALOGUS = get_standard("catalogus")


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_loads_in_lxml_and_xmlschema_with_its_namespace(version):
    path = ECK_DT / f"catalogservice-v{version}.xsd"
    assert etree.parse(str(path)).getroot().get("targetNamespace") == namespace_of(version)
    record_schema(version).lxml()
    schema = xmlschema.XMLSchema(str(path))
    assert schema.is_valid(to_bytes(record(version)))


def _entry_fields(family: str) -> dict[str, etree._Element]:
    doc = etree.parse(str(ECK_DT / f"catalogservice-record-{family}.xsd"))
    (entry,) = doc.getroot().iterfind(f"{XS}element[@name='Entry']")
    return {el.get("name"): el for el in entry.iterfind(f".//{XS}sequence/{XS}element")}


@pytest.mark.parametrize("family", sorted(set(FAMILIES.values())))
def test_xsd_and_rules_share_one_field_model(family):
    fields = _entry_fields(family)
    assert set(fields) == set(vocabulary(family))
    required = {name for name, el in fields.items() if el.get("minOccurs", "1") != "0"}
    expected = set(REQUIRED) | {"Authors"}
    if family != "2.5":
        expected |= {container for container, _ in REQUIRED_CLASSIFICATION}
    if family == "2.1":
        expected |= {"Currency"}
    assert required == expected


@pytest.mark.parametrize(("version", "changes", "error"), [
    ("2.5.2", {"IsLicensed": "yes"}, "'yes' is not a valid value of the atomic type 'xs:boolean'"),
    ("2.5.2", {"AccessLocation": "toegang.example/x"}, "is not accepted by the pattern"),
    ("2.3", {"Title": None}, "Title )"),  # "… This element is not expected. Expected is ( …, Title )."
    ("2.2", {"Currency": None}, "Currency )"),
    ("2.1.1", {"LicenseDuration": "P2W"}, "LicenseDuration"),
])
def test_xsd_refuses_what_the_rules_refuse(version, changes, error):
    schema = record_schema(version).lxml()
    assert not schema.validate(record(version, **changes))
    assert error in str(schema.error_log)


def test_xsd_refuses_fields_of_another_version():
    rec = record("2.2")
    rec.find(f"{{{namespace_of('2.2')}}}Currency").tag = f"{{{namespace_of('2.2')}}}Prices"
    assert not record_schema("2.2").lxml().validate(rec)
    rec = record("2.5.2")
    rec.find(f"{{{namespace_of('2.5.2')}}}DEPSectors").tag = f"{{{namespace_of('2.5.2')}}}Sectors"
    assert not record_schema("2.5.2").lxml().validate(rec)


def test_readcatalog_result_validates_against_the_xsd():
    assert record_schema("2.3").lxml().validate(readcatalog([record("2.3")], version="2.3"))


# -- the requirement catalogue against the code and the tests -------------------------------------

def _ids_in(paths) -> set[str]:
    return {m for path in paths for m in re.findall(r"CAT-[A-Z]{3}-\d\d", path.read_text(encoding="utf-8"))}


def test_catalogue_loads_with_the_project_loader():
    loaded = load_catalogue("catalogus", CATALOGUS.catalogue_path)
    assert loaded.standard == "catalogus" and len(loaded) == len(CATALOGUS.catalogue) >= 40
    assert {req.level for req in loaded} <= {"MUST", "SHOULD"}


def test_every_id_in_the_code_is_in_the_catalogue_and_every_tested_one_is_used_and_tested():
    cat = CATALOGUS.catalogue
    scenarios = list(SCENARIOS.glob("*.py"))
    in_code = _ids_in([*PACKAGE.glob("*.py"), *scenarios])
    assert in_code <= {req.id for req in cat}
    tested = {req.id for req in cat if not req.not_tested_reason}
    assert tested == in_code, "a requirement without not_tested_reason must be checked by the code or a scenario"
    assert tested <= _ids_in([*TESTS.glob("test_*.py"), *scenarios])


def test_severity_follows_the_level():
    levels = {req.id: req.level for req in CATALOGUS.catalogue}
    for rule in RULES.values():
        assert (rule.severity is Severity.WARNING) == (levels[rule.requirement] == "SHOULD"), rule.name
