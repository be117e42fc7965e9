"""One schema judgement for every candidate document: libxml2 alone, or with xmlschema beside it, which must agree."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from conformance.errors import Failure
from conformance.harness import CantTell, schema_verdict
from conformance.xml import SchemaError, SchemaRefused, XsdSchema, judge_schema, validator_versions
from conformance.xml import _schema

_XSD = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
  elementFormDefault="qualified">
  <xs:element name="meting"><xs:complexType><xs:sequence>
    <xs:element name="waarde" type="xs:double" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"""


def _doc(*values: str) -> etree._Element:
    return etree.fromstring('<meting xmlns="urn:t">' + "".join(f"\n<waarde>{v}</waarde>" for v in values)
                            + "</meting>")


@pytest.fixture
def schema(tmp_path: Path) -> XsdSchema:
    (tmp_path / "meting.xsd").write_text(_XSD, encoding="utf-8")
    return XsdSchema(tmp_path, "meting.xsd")


def test_a_known_libxml2_gap_is_a_disagreement_with_both_messages(schema):
    """libxml2 takes '1e' for an xs:double; xmlschema (rightly) does not."""
    assert judge_schema(schema, _doc("1e"), dual=False).errors == []  # libxml2 alone would pass it
    judgement = judge_schema(schema, _doc("1e"), dual=True)
    assert judgement.errors == [] and judgement.validators == ("lxml", "xmlschema")
    assert "libxml2 (lxml) finds it valid" in judgement.disagreement
    assert "xmlschema finds it invalid" in judgement.disagreement and "line 2:" in judgement.disagreement


def test_agreement_keeps_the_verdict(schema):
    assert judge_schema(schema, _doc("1.5", "INF"), dual=True).errors == []
    judgement = judge_schema(schema, _doc("1.5", "veel"), dual=True)
    assert judgement.disagreement is None
    assert [error.line for error in judgement.errors] == [3] and "veel" in judgement.errors[0].message
    assert str(judgement.errors[0]).startswith("line 3: ")  # libxml2's messages are the ones reported


def test_a_crash_of_the_second_validator_decides_nothing(schema, monkeypatch):
    def crash(*args):  # type: ignore[no-untyped-def]
        raise RuntimeError("internal error")

    monkeypatch.setattr(_schema, "xmlschema_errors", crash)
    judgement = judge_schema(schema, _doc("1.5"), dual=True)
    assert judgement.errors == [] and "could not judge (RuntimeError: internal error)" in judgement.disagreement


def test_schema_verdict_fails_on_agreed_errors_and_cannot_tell_on_a_disagreement(schema):
    valid, invalid, disputed = (judge_schema(schema, _doc(v), dual=True) for v in ("1.5", "veel", "1e"))
    schema_verdict([("first", valid)], requirement="X-01")
    with pytest.raises(CantTell, match="(?s)second: the two schema validators disagree.*finds it valid"):
        schema_verdict([("first", valid), ("second", disputed)], requirement="X-01")
    with pytest.raises(Failure, match="third does not validate:\n- line 2: ") as failed:
        schema_verdict([("second", disputed), ("third", invalid)], requirement="X-01")
    assert failed.value.requirement == "X-01"  # a failure outweighs a document that cannot be judged


def test_both_validators_read_imports_only_from_under_the_root(tmp_path):
    (tmp_path / "outside.xsd").write_text(_XSD.replace('name="meting"', 'name="buiten"'), encoding="utf-8")
    root = tmp_path / "pack"
    (root / "sub").mkdir(parents=True)
    (root / "common.xsd").write_text(_XSD, encoding="utf-8")
    main = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m">'
            '<xs:import namespace="urn:t" schemaLocation="{}"/><xs:element name="m" type="xs:string"/></xs:schema>')
    (root / "sub" / "in.xsd").write_text(main.format("../common.xsd"), encoding="utf-8")
    (root / "sub" / "out.xsd").write_text(main.format("../../outside.xsd"), encoding="utf-8")
    (root / "sub" / "net.xsd").write_text(main.format("http://127.0.0.1:9/x.xsd"), encoding="utf-8")
    assert XsdSchema(root, "sub/in.xsd").xmlschema() is not None  # a sibling folder inside the root is fine
    for name, outside in (("sub/out.xsd", "outside.xsd"), ("sub/net.xsd", "127.0.0.1:9")):
        with pytest.raises(SchemaRefused, match="which is not under") as refused:
            XsdSchema(root, name).xmlschema()  # libxml2's resolver refuses first, so xmlschema never reads it
        assert outside in (refused.value.outside or "")


def test_a_schema_with_entities_or_a_doctype_is_refused(tmp_path):
    (tmp_path / "dtd.xsd").write_text('<!DOCTYPE xs:schema [<!ENTITY e "x">]>' + _XSD, encoding="utf-8")
    with pytest.raises(SchemaRefused, match="DOCTYPE"):
        XsdSchema(tmp_path, "dtd.xsd").lxml()
    with pytest.raises(SchemaRefused, match="DOCTYPE"):
        XsdSchema(tmp_path, "dtd.xsd").xmlschema()


def test_a_wsdl_inline_schema_compiles_for_both(tmp_path):
    (tmp_path / "s.wsdl").write_text('<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"><types>'
                                     + _XSD + "</types></definitions>", encoding="utf-8")
    schema = XsdSchema(tmp_path, "s.wsdl#0")
    assert judge_schema(schema, _doc("1.5"), dual=True).errors == []
    assert judge_schema(schema, _doc("1e"), dual=True).disagreement is not None


def test_the_versions_name_the_validators_that_judged():
    assert set(validator_versions(dual=False)) == {"lxml", "libxml2"}
    assert set(validator_versions(dual=True)) == {"lxml", "libxml2", "xmlschema"}


def test_schema_error_reads_as_line_and_message():
    assert str(SchemaError(7, "bad")) == "line 7: bad"

