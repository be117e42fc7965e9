"""Rules on UWLR answers beyond what a request/response exchange shows: each a small named function.

A registered check yields a `Finding` for every breach (all of them, not only the first), carrying the rule's
requirement. Scenario tests turn them into a `Failure` with `require(...)`; `conformance validate` and the benchmark
report them as they are.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from lxml import etree

from conformance.edukoppeling.addressing import check_utf8
from conformance.errors import Failure
from conformance.findings import Finding, Severity
from conformance.standards.eckid import DEFAULT_ENVIRONMENT, eckid_form_problems, short_eckid
from conformance.standards.uwlr.codec import LG, UwlrAnswer, read_answer
from conformance.standards.uwlr.schemas import leerlinggegevens_schema
from conformance.transport import Exchange
from conformance.xml import judge_schema

__all__ = [
    "CHECKS",
    "CheckContext",
    "check",
    "require",
    "require_text_xml_utf8",
    "validate_answer",
]

JAARGROEPEN = frozenset({"B", "D", "0", *map(str, range(1, 9)), *map(str, range(11, 17)), "S", "V", "C", "N", "H"})
GESLACHTEN = frozenset({"0", "1", "2", "9"})
ROLES = frozenset({"ADJ", "ADM", "CON", "DIR", "ICT", "IB", "KLA", "LRK", "LOS", "LOC", "OWA", "OUD", "RT",
                    "SMW", "STA", "VAK"})
DATE_FIELDS = ("geboortedatum", "peildatum", "start_ondw_jgr3", "instroomdatum", "uitstroomdatum")
DATETIME_FIELDS = ("mutatiedatum", "aanmaakdatum")
#: Fields of a pupil that the Smalle set forbids because they identify or profile a child.
SMALLE_SET_FORBIDDEN = ("geslacht", "bsn", "sofinummer", "onderwijsnummer", "bsn_ondwnr-4", "rijksregisternummer",
                       "emailadres", "gebruikersnaam", "etniciteit", "land", "land_vader", "land_moeder",
                       "postcodenl", "postnummerbe", "postcodeoverig", "gewicht", "gewicht_nieuw", "voornamen",
                       "voorletters-1", "start_ondw_jgr3", "fotourl", "instroomdatum", "uitstroomdatum")
LVS_SET_REQUIRED = {"2.2": ("geboortedatum", "geslacht", "jaargroep", "bsn_ondwnr-4"),
                     "2.3": ("geboortedatum", "geslacht", "jaargroep")}
_DATE = re.compile(r"^-?\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(r"^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


class _Breach(NamedTuple):
    """What a rule's body yields; `check` adds the rule's requirement and severity, making it a `Finding`."""

    message: str
    line: int | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class CheckContext:
    """What a rule may depend on: the version and profile asked for, and the ECK iD environment."""

    xsdversie: str = "2.2"
    profiel: str | None = None
    eckid_omgeving: str = DEFAULT_ENVIRONMENT


RuleBody = Callable[[UwlrAnswer, CheckContext], Iterator[_Breach]]
Check = Callable[[UwlrAnswer, CheckContext], Iterator[Finding]]


@dataclasses.dataclass(frozen=True)
class RegisteredCheck:
    name: str
    requirement: str
    func: Check
    schema_enforced: bool  # our XSD already guarantees it; run only to explain a schema failure


CHECKS: dict[str, RegisteredCheck] = {}


def check(requirement: str, *, schema_enforced: bool = False) -> Callable[[RuleBody], Check]:
    """Register a rule under its function name; the name is its id in reports and `validate`."""

    def register(body: RuleBody) -> Check:
        if body.__name__ in CHECKS:
            raise ValueError(f"check {body.__name__} registered twice")

        @functools.wraps(body)
        def findings(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[Finding]:
            for breach in body(answer, ctx):
                yield Finding(requirement=requirement, severity=Severity.ERROR, message=breach.message,
                              line=breach.line)

        CHECKS[body.__name__] = RegisteredCheck(body.__name__, requirement, findings, schema_enforced)
        return findings

    return register


def require(func: Check, answer: UwlrAnswer, ctx: CheckContext, *, limit: int = 5) -> None:
    """Raise a Failure naming up to `limit` findings when the rule does not hold."""
    registered = CHECKS[func.__name__]
    findings = list(func(answer, ctx))
    if findings:
        shown = "\n".join(f"- {f.message}" + (f" (line {f.line})" if f.line else "") for f in findings[:limit])
        more = f"\n… and {len(findings) - limit} more" if len(findings) > limit else ""
        raise Failure(f"{registered.name}: {len(findings)} problem(s)\n{shown}{more}",
                      requirement=registered.requirement)


def require_text_xml_utf8(exchange: Exchange) -> None:
    """UWLR-SOAP-02 on what came back. Only an answer can be in UTF-8: a redirect or an empty body is not one, so
    it fails here rather than passing on its headers alone."""
    content_type = exchange.content_type.lower()
    problems = []
    if exchange.status != 200:
        problems.append(f"HTTP status {exchange.status}: an answer comes with 200")
    if not exchange.response_body:
        problems.append("the body is empty: there is no message in UTF-8")
    if not content_type.startswith("text/xml"):
        problems.append(f"Content-Type {exchange.content_type!r}, expected text/xml")
    # a body cut at the capture limit may end inside a character: judge it without its last three bytes
    body = exchange.response_body[:-3] if exchange.truncated else exchange.response_body
    problems += [finding.message for finding in check_utf8(body, content_type)]
    if problems:
        raise Failure("Received: " + "; ".join(problems) + "\nExpected: HTTP 200 with a text/xml body in UTF-8",
                      requirement="UWLR-SOAP-02")


def _lg(name: str) -> str:
    return f"{{{LG}}}{name}"


def _who(el: etree._Element) -> str:
    key = el.get("key")
    if key:
        return f"{etree.QName(el).localname} {key}"
    eckid = el.get("eckid")
    return f"{etree.QName(el).localname} {short_eckid(eckid) if eckid else '(no key)'}"


# -- identity --------------------------------------------------------------------------------

_NS = {"lg": LG}
_PEOPLE = {"leerling": "lg:leerlingen/lg:leerling", "leerkracht": "lg:leerkrachten/lg:leerkracht"}
#: Every pupil's and teacher's eckid, in document order (the union of the two `_PEOPLE` paths, without `|`).
_PEOPLE_ECKIDS = ("*/*[self::lg:leerling and parent::lg:leerlingen or self::lg:leerkracht and parent::lg:leerkrachten]"
                  "/@eckid")


@functools.lru_cache(maxsize=64)
def _compiled(path: str) -> etree.XPath:
    return etree.XPath(f"lg:*/{path}", namespaces=_NS)


def _xpath(answer: UwlrAnswer, path: str) -> list[Any]:
    """Evaluate `path` under the answer's data element, compiled once.

    `path` is never a union: libxml2 merges the node sets of `|` in time quadratic in their size (a 50,000-pupil
    answer spent most of its rule time there), so alternatives are written as predicates instead.
    """
    if "|" in path:
        raise ValueError(f"{path!r}: write alternatives as a predicate, not a union")
    found = _compiled(path)(answer.element)
    assert isinstance(found, list)  # every path here selects nodes or attribute values, never a number or string
    return found


def _either(*names: str) -> str:
    """A predicate matching any of the `lg:` names, in document order like a union but linear."""
    return "[" + " or ".join(f"self::lg:{name}" for name in names) + "]"


@check("UWLR-ID-01", schema_enforced=True)
def sleutels_uniek(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """Keys of pupils, teachers and groups are unique within the answer."""
    for label, path in (*_PEOPLE.items(), ("groep", "lg:groepen/*")):
        keys = _xpath(answer, f"{path}/@key")
        counts = Counter(str(k) for k in keys)
        for key in keys:
            if counts[str(key)] > 1:
                yield _Breach(f"{label} key {str(key)!r} occurs {counts[str(key)]} times", key.getparent().sourceline)
                counts[str(key)] = 0


@check("UWLR-ID-02", schema_enforced=True)
def leerling_groepen_aanwezig(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """Every group a pupil refers to is present in `groepen` of the same message."""
    for kind, path in (("groep", "lg:groep"), ("samengestelde_groep", "lg:samengestelde_groepen/lg:samengestelde_groep")):
        for key in _xpath(answer, f"{_PEOPLE['leerling']}/{path}/@key"):
            if answer.groepen.get(str(key)) != kind:
                ref = key.getparent()
                pupil = ref.getparent() if kind == "groep" else ref.getparent().getparent()
                yield _Breach(f"{_who(pupil)} refers to {kind} {str(key)!r}, which is not in groepen", ref.sourceline)


@check("UWLR-ID-03", schema_enforced=True)
def leerkracht_groepen_aanwezig(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """Every group a teacher refers to is present in `groepen` of the same message."""
    for teacher in answer.leerkrachten.values():
        for ref in teacher.iterfind(f"{_lg('groepen')}/*"):
            kind = etree.QName(ref).localname
            if answer.groepen.get(ref.get("key", "")) != kind:
                yield _Breach(f"{_who(teacher)} refers to {kind} {ref.get('key')!r}, which is not in groepen",
                              ref.sourceline)


@check("UWLR-ID-04", schema_enforced=True)
def eckids_uniek(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """No two pupils, and no two teachers, share an ECK iD."""
    for label, people in (("leerling", answer.leerlingen), ("leerkracht", answer.leerkrachten)):
        seen: dict[str, etree._Element] = {}
        for el in people.values():
            eckid = el.get("eckid")
            if not eckid:
                continue
            if eckid in seen:
                yield _Breach(f"{_who(el)} has the same eckid ({short_eckid(eckid)}) as {_who(seen[eckid])}",
                              el.sourceline)
            else:
                seen[eckid] = el


_ECKID_TEXTS = etree.XPath(f"lg:*/{_PEOPLE_ECKIDS}", namespaces=_NS, smart_strings=False)


@functools.lru_cache(maxsize=4)
def _good_eckid(omgeving: str) -> re.Pattern[str]:
    segment = "201703" if omgeving == "productie" else "pilot"
    return re.compile(rf"https://ketenid\.nl/{segment}/[0-9a-f]{{128}}")


@check("UWLR-ID-05")
def eckid_vorm(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """Each ECK iD has the form of the declared environment (pilot or productie)."""
    good = _good_eckid(ctx.eckid_omgeving)
    # the common case, every one well formed, is one regex pass in C over the values joined by NUL (which no
    # XML attribute can hold); only when it fails is each value judged and reported
    texts = _ECKID_TEXTS(answer.element)
    if re.fullmatch(f"(?:{good.pattern}\0)*", "\0".join(texts) + "\0" if texts else ""):
        return
    for value in _xpath(answer, _PEOPLE_ECKIDS):
        eckid = str(value)
        if good.fullmatch(eckid):
            continue  # the common case, without building a report
        el = value.getparent()
        for problem in eckid_form_problems(eckid, omgeving=ctx.eckid_omgeving):
            yield _Breach(f"{_who(el)}: eckid {short_eckid(eckid)}: {problem}", el.sourceline)


@check("UWLR-ID-07")
def eckid_is_uitwisselsleutel(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """In 2.3 a pupil is identified by its ECK iD; one with neither eckid nor key cannot be exchanged."""
    for el in answer.leerlingen.values():
        if not el.get("eckid") and not el.get("key"):
            yield _Breach(f"leerling at line {el.sourceline} has neither eckid nor key", el.sourceline)


# -- value lists and types ---------------------------------------------------------------------

def _values(answer: UwlrAnswer, name: str) -> Iterator[etree._Element]:
    return answer.element.iter(_lg(name))


def _off_list(answer: UwlrAnswer, name: str, allowed: frozenset[str], expected: str) -> Iterator[_Breach]:
    """Every `name` element whose value is not on its EDEX value list; `expected` says which list."""
    for el in _values(answer, name):
        if (el.text or "").strip() not in allowed:
            yield _Breach(f"{name} {el.text!r} is not {expected}", el.sourceline)


@check("UWLR-VAL-01", schema_enforced=True)
def geslacht_waardelijst(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    yield from _off_list(answer, "geslacht", GESLACHTEN, "one of 0, 1, 2, 9")


@check("UWLR-VAL-02", schema_enforced=True)
def jaargroep_waardelijst(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    yield from _off_list(answer, "jaargroep", JAARGROEPEN, "in the EDEX list")


@check("UWLR-VAL-03", schema_enforced=True)
def leerkrachtrol_waardelijst(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    yield from _off_list(answer, "rol", ROLES, "in the EDEX teacher-role list")


@check("UWLR-VAL-04", schema_enforced=True)
def datumvelden_zijn_date(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """Birth dates and other calendar days are xs:date, never a dateTime."""
    for name in DATE_FIELDS:
        for el in _values(answer, name):
            if not _DATE.match((el.text or "").strip()):
                yield _Breach(f"{name} {_masked(name, el.text)} is not an xs:date (YYYY-MM-DD)", el.sourceline)


@check("UWLR-VAL-05", schema_enforced=True)
def tijdstipvelden_zijn_datetime(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    for name in DATETIME_FIELDS:
        for el in _values(answer, name):
            value = (el.text or "").strip()
            if not _DATETIME.match(value):
                yield _Breach(f"{name} {value!r} is not an xs:dateTime", el.sourceline)


def _masked(name: str, value: str | None) -> str:
    if name == "geboortedatum" and value:
        return f"of the form {re.sub(r'[0-9]', 'n', value)!r}"
    return repr(value)


# -- profiles ------------------------------------------------------------------------------

@check("UWLR-PROF-01", schema_enforced=True)
def smalle_set_zonder_verboden_velden(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """The Smalle set carries no field outside the profile, above all no BSN or other identifying data."""
    forbidden = SMALLE_SET_FORBIDDEN + (("geboortedatum",) if ctx.xsdversie == "2.3" else ())
    for el in _xpath(answer, f"{_PEOPLE['leerling']}/*{_either(*forbidden)}"):
        yield _Breach(f"{_who(el.getparent())} carries {etree.QName(el).localname}, which the Smalle set forbids",
                      el.sourceline)
    for el in _xpath(answer, "lg:vestigingen"):
        yield _Breach("the answer carries vestigingen, which the Smalle set removes", el.sourceline)


@check("UWLR-PROF-02", schema_enforced=True)
def lvs_set_verplichte_velden(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """The LVS-set makes birth date, sex and year group (and in 2.2 the last BSN digits) mandatory."""
    for name in LVS_SET_REQUIRED.get(ctx.xsdversie, LVS_SET_REQUIRED["2.2"]):
        for pupil in _xpath(answer, f"{_PEOPLE['leerling']}[not(lg:{name})]"):
            yield _Breach(f"{_who(pupil)} lacks {name}, which the LVS-set requires", pupil.sourceline)


@check("UWLR-PROF-04", schema_enforced=True)
def lvs_set_23_zonder_vervallen_velden(answer: UwlrAnswer, ctx: CheckContext) -> Iterator[_Breach]:
    """UWLR 2.3 removed voorletters and the last BSN digits from the LVS-set."""
    if ctx.xsdversie != "2.3":
        return
    for pupil in answer.leerlingen.values():
        for name in ("voorletters-1", "bsn_ondwnr-4"):
            el = pupil.find(_lg(name))
            if el is not None:
                yield _Breach(f"{_who(pupil)} carries {name}, removed from the LVS-set in 2.3", el.sourceline)


# -- offline validation (conformance validate, bench) ---------------------------------------

def validate_answer(element: etree._Element, ctx: CheckContext, *, dual: bool = False) -> list[Finding]:
    """XSD (of the version and profile; with `dual` by libxml2 and xmlschema) plus every registered rule, as findings.

    Rules our schema already enforces run only when the schema fails or the validators disagree (a warning), to
    say precisely what is wrong; on a valid answer they could not find anything, and skipping them keeps a
    10,000-pupil answer fast.
    """
    judgement = judge_schema(leerlinggegevens_schema(ctx.xsdversie, ctx.profiel), element, dual=dual, limit=50)
    findings = [Finding(requirement="UWLR-XSD-01", severity=Severity.ERROR, message=str(error))
                for error in judgement.errors]
    if judgement.disagreement is not None:
        findings.append(Finding(requirement="UWLR-XSD-01", severity=Severity.WARNING, message=judgement.disagreement,
                                undecided=True))
    try:
        answer = read_answer(element)
    except ValueError as exc:
        return [*findings, Finding(requirement="UWLR-XSD-01", severity=Severity.ERROR, message=str(exc))]
    schema_valid = not findings  # a disagreement is not a valid answer either
    for registered in CHECKS.values():
        if registered.schema_enforced and schema_valid:
            continue
        if registered.name.startswith("smalle") and ctx.profiel != "smalle-set":
            continue
        if registered.name.startswith("lvs") and ctx.profiel != "lvs-set":
            continue
        findings += (dataclasses.replace(finding, message=f"{registered.name}: {finding.message}")
                     for finding in registered.func(answer, ctx))
    return findings


