"""Each UWLR rule passes on a good answer and fails, with a precise message, on one broken the matching way."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from conformance.errors import Failure
from conformance.findings import Finding, Severity
from conformance.standards.uwlr import checks
from conformance.standards.uwlr.checks import CHECKS, CheckContext, require, validate_answer
from conformance.standards.uwlr.codec import LG, encode_answer, read_answer
from conformance.synthetic import generate_school

SCHOOL = generate_school(leerlingen=40, groepen=4, samengestelde_groepen=2, leerkrachten=6)  # pilot ECK iDs


def _answer(profiel: str = "lvs-set", versie: str = "2.2") -> etree._Element:
    return encode_answer("HaalLeerlinggegevens", SCHOOL, profiel=profiel, xsdversie=versie,
                           aanmaakdatum=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))


def _first(answer: etree._Element, name: str) -> etree._Element:
    return next(answer.iter(f"{{{LG}}}{name}"))


def _pupils(answer: etree._Element) -> list[etree._Element]:
    return list(answer.iter(f"{{{LG}}}leerling"))[:2]


def _teacher_eckid(answer):  # type: ignore[no-untyped-def]
    _first(answer, "leerkracht").set("eckid", "https://ketenid.nl/201703/" + "0" * 128)


def _dup_key(answer):  # type: ignore[no-untyped-def]
    a, b = _pupils(answer)
    b.set("key", a.get("key"))


def _dup_eckid(answer):  # type: ignore[no-untyped-def]
    a, b = _pupils(answer)
    b.set("eckid", a.get("eckid"))


def _dangling_teacher(answer):  # type: ignore[no-untyped-def]
    _first(answer, "leerkracht").find(f"{{{LG}}}groepen")[0].set("key", "G-WEG")


def _set(name: str, value: str):  # type: ignore[no-untyped-def]
    def mutate(answer):  # type: ignore[no-untyped-def]
        _first(answer, name).text = value
    return mutate


def _remove(name: str):  # type: ignore[no-untyped-def]
    def mutate(answer):  # type: ignore[no-untyped-def]
        el = _first(answer, name)
        el.getparent().remove(el)
    return mutate


def _add_bsn(answer):  # type: ignore[no-untyped-def]
    pupil = _first(answer, "leerling")
    bsn = etree.SubElement(pupil, f"{{{LG}}}bsn")
    bsn.text = "111222333"


def _no_key_no_eckid(answer):  # type: ignore[no-untyped-def]
    pupil = _first(answer, "leerling")
    del pupil.attrib["key"], pupil.attrib["eckid"]


CASES = [
    (checks.sleutels_uniek, "lvs-set", "2.2", _dup_key, "occurs 2 times"),
    (checks.leerling_groepen_aanwezig, "lvs-set", "2.2",
     lambda a: _first(a, "leerling").find(f"{{{LG}}}groep").set("key", "G-WEG"), "'G-WEG', which is not in groepen"),
    (checks.leerkracht_groepen_aanwezig, "lvs-set", "2.2", _dangling_teacher, "which is not in groepen"),
    (checks.eckids_uniek, "lvs-set", "2.2", _dup_eckid, "has the same eckid"),
    (checks.eckid_vorm, "lvs-set", "2.2", _teacher_eckid, "productie ECK iD where the environment is pilot"),
    (checks.eckid_is_uitwisselsleutel, "lvs-set", "2.3", _no_key_no_eckid, "neither eckid nor key"),
    (checks.geslacht_waardelijst, "lvs-set", "2.2", _set("geslacht", "3"), "geslacht '3'"),
    (checks.jaargroep_waardelijst, "lvs-set", "2.2", _set("jaargroep", "9"), "jaargroep '9'"),
    (checks.leerkrachtrol_waardelijst, "lvs-set", "2.2", _set("rol", "JUF"), "rol 'JUF'"),
    (checks.datumvelden_zijn_date, "lvs-set", "2.2", _set("geboortedatum", "2016-01-01T00:00:00"), "not an xs:date"),
    (checks.tijdstipvelden_zijn_datetime, "lvs-set", "2.2", _set("aanmaakdatum", "2026-11-01"), "not an xs:dateTime"),
    (checks.smalle_set_zonder_verboden_velden, "smalle-set", "2.2", _add_bsn, "carries bsn"),
    (checks.lvs_set_verplichte_velden, "lvs-set", "2.2", _remove("geslacht"), "lacks geslacht"),
    (checks.lvs_set_23_zonder_vervallen_velden, "lvs-set", "2.3",
     lambda a: etree.SubElement(_first(a, "leerling"), f"{{{LG}}}bsn_ondwnr-4").__setattr__("text", "1234"),
     "carries bsn_ondwnr-4"),
]


def test_every_registered_check_has_a_case():
    assert {case[0].__name__ for case in CASES} == set(CHECKS)


@pytest.mark.parametrize(("func", "profiel", "versie", "mutate", "message"), CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_check_passes_then_fails(func, profiel, versie, mutate, message):
    ctx = CheckContext(xsdversie=versie, profiel=profiel, eckid_omgeving="pilot")
    answer = _answer(profiel, versie)
    require(func, read_answer(answer), ctx)
    mutate(answer)
    with pytest.raises(Failure) as info:
        require(func, read_answer(etree.fromstring(etree.tostring(answer))), ctx)
    assert message in str(info.value)
    assert info.value.requirement == CHECKS[func.__name__].requirement


@pytest.mark.parametrize(("func", "profiel", "versie", "mutate", "message"),
                         [c for c in CASES if CHECKS[c[0].__name__].schema_enforced],
                         ids=lambda v: getattr(v, "__name__", ""))
def test_schema_enforced_checks_are_enforced_by_our_schema(func, profiel, versie, mutate, message):
    """validate_antwoord skips these on a schema-valid answer; that is only sound if the schema catches them."""
    ctx = CheckContext(xsdversie=versie, profiel=profiel, eckid_omgeving="pilot")
    answer = _answer(profiel, versie)
    assert validate_answer(answer, ctx) == []
    mutate(answer)
    findings = validate_answer(etree.fromstring(etree.tostring(answer)), ctx)
    assert "UWLR-XSD-01" in {f.requirement for f in findings}
    assert CHECKS[func.__name__].requirement in {f.requirement for f in findings}


@pytest.mark.parametrize(("func", "profiel", "versie", "mutate", "message"), CASES, ids=lambda v: getattr(v, "__name__", ""))
def test_a_check_reports_findings_of_its_own_requirement(func, profiel, versie, mutate, message):
    """Every check speaks the one `Finding` type, with its registered requirement and the line at fault."""
    ctx = CheckContext(xsdversie=versie, profiel=profiel, eckid_omgeving="pilot")
    answer = _answer(profiel, versie)
    mutate(answer)
    findings = list(func(read_answer(etree.fromstring(etree.tostring(answer))), ctx))
    assert findings and all(isinstance(f, Finding) for f in findings)
    assert {(f.requirement, f.severity) for f in findings} == {(CHECKS[func.__name__].requirement, Severity.ERROR)}
    assert all(f.line for f in findings) and any(message in f.message for f in findings)


def _problems(func, answer, ctx):  # type: ignore[no-untyped-def]
    return [p.message for p in func(read_answer(etree.fromstring(etree.tostring(answer))), ctx)]


def test_eckid_problems_of_pupils_and_teachers_come_one_each_in_document_order():
    """eckid_vorm judges every value in one pass when all are good; when one is not, each is reported, as a
    plain walk of the document finds them."""
    ctx = CheckContext(xsdversie="2.2", profiel="lvs-set", eckid_omgeving="pilot")
    answer = _answer()
    people = [el for el in answer.iter(f"{{{LG}}}leerling", f"{{{LG}}}leerkracht") if el.get("eckid")]
    broken = [people[0], people[7], people[-1]]  # pupils first, a teacher last
    for el in broken:
        el.set("eckid", "https://ketenid.nl/201703/" + "0" * 128)
    found = _problems(checks.eckid_vorm, answer, ctx)
    assert len(found) == 3
    assert [m.split(":")[0] for m in found] == [f"{etree.QName(el).localname} {el.get('key')}" for el in broken]
    assert _problems(checks.eckid_vorm, _answer(), ctx) == []


def test_smalle_set_fields_are_reported_in_document_order():
    ctx = CheckContext(xsdversie="2.3", profiel="smalle-set", eckid_omgeving="pilot")
    answer = _answer("smalle-set", "2.3")
    first, second = list(answer.iter(f"{{{LG}}}leerling"))[:2]
    for pupil, names in ((first, ("voornamen", "bsn")), (second, ("geboortedatum",))):
        for name in names:
            etree.SubElement(pupil, f"{{{LG}}}{name}").text = "x"
    found = _problems(checks.smalle_set_zonder_verboden_velden, answer, ctx)
    assert [m.split(" carries ")[1].split(",")[0] for m in found] == ["voornamen", "bsn", "geboortedatum"]


def test_rule_paths_are_never_unions():
    """libxml2 merges a `|` node set in quadratic time; a rule writes alternatives as a predicate instead."""
    with pytest.raises(ValueError, match="predicate"):
        checks._xpath(read_answer(_answer()), "lg:groepen/* | lg:leerlingen/*")


def _exchange(status: int | None, content_type: str, body: bytes, *, truncated: bool = False):  # type: ignore[no-untyped-def]
    from conformance.transport import Exchange

    return Exchange(label="HaalLeerlinggegevens", method="POST", url="https://las.example/lg", request_headers={},
                    request_body=b"", started=dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc), status=status,
                    response_headers={"content-type": content_type} if content_type else {},
                    response_body=body, truncated=truncated)


_GOOD = '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="x"><s:Body><a>Zoë</a></s:Body></s:Envelope>'


@pytest.mark.parametrize("exchange", [
    _exchange(200, "text/xml; charset=utf-8", _GOOD.encode()),
    _exchange(200, "text/xml", _GOOD.encode()),
    _exchange(200, "text/xml; charset=UTF-8", _GOOD.encode()[:-5] + "é".encode() + b"xyz", truncated=True),
])
def test_text_xml_utf8_passes_an_answer_in_utf8(exchange):
    checks.require_text_xml_utf8(exchange)


@pytest.mark.parametrize("exchange, problem", [
    (_exchange(200, "text/xml; charset=utf-8", _GOOD.replace("Zoë", "Zo\udce9").encode("utf-8", "surrogateescape")),
     "message is not valid UTF-8 at byte"),
    (_exchange(302, "text/xml; charset=utf-8", b""), "HTTP status 302"),
    (_exchange(302, "text/xml; charset=utf-8", b""), "the body is empty"),
    (_exchange(200, "text/html", _GOOD.encode()), "Content-Type 'text/html', expected text/xml"),
    (_exchange(200, "text/xml; charset=iso-8859-1", _GOOD.encode()), "charset is 'iso-8859-1'"),
    (_exchange(200, "text/xml", _GOOD.replace("UTF-8", "ISO-8859-1").encode()), "encoding 'ISO-8859-1'"),
])
def test_text_xml_utf8_fails_what_is_not_an_answer_in_utf8(exchange, problem):
    with pytest.raises(Failure) as failed:
        checks.require_text_xml_utf8(exchange)
    assert failed.value.requirement == "UWLR-SOAP-02"
    assert problem in failed.value.message and "Expected: HTTP 200" in failed.value.message
