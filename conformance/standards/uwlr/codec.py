"""UWLR messages to and from the chain's terms: requests we send, answers the reference LAS builds.

The tests bind to meanings through this module (`leerlinggegevens_verzoek(...)`, `read_answer(...)`),
not to element paths, so a later UWLR version changes this file and not the scenario tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from lxml import etree

from conformance.synthetic import Leerkracht, Leerling, School

__all__ = [
    "AUT",
    "LG",
    "LR",
    "OPERATIONS",
    "PROFIELEN",
    "UwlrAnswer",
    "GroupSelection",
    "Toetsresultaat",
    "autorisatie_header",
    "encode_answer",
    "leerresultaten_verzoek",
    "read_answer",
    "verzoek",
]

AUT = "http://www.edustandaard.nl/leerresultaten/2/autorisatie"
LG = "http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens"
LR = "http://www.edustandaard.nl/leerresultaten/2/leerresultaten"
OSO = "http://www.edustandaard.nl/oso_gegevensset/1.2/dossier"

#: operation -> (request element, answer element, data element inside the answer, SOAPAction)
OPERATIONS: dict[str, tuple[str, str, str, str]] = {
    "HaalLeerlinggegevens": ("leerlinggegevens_verzoek", "leerlinggegevens_antwoord", "leerlinggegevens",
                             "HaalLeerlinggegevens"),
    "HaalStructuur": ("structuur_verzoek", "structuur_antwoord", "leerlinggegevens-structuur",
                      f"{LG}/structuur_verzoek"),
    "HaalLeerlingen": ("leerlingen_verzoek", "leerlingen_antwoord", "leerlinggegevens-leerlingen",
                       f"{LG}/leerlingen_verzoek"),
    "HaalLeerkrachten": ("leerkrachten_verzoek", "leerkrachten_antwoord", "leerlinggegevens-leerkrachten",
                         f"{LG}/leerkrachten_verzoek"),
    "BrengLeerresultaten": ("leerresultaten_verzoek", "leerresultaten_bevestiging", "", "BrengLeerresultaten"),
}
PROFIELEN = ("smalle-set", "lvs-set")


def _lg(name: str) -> str:
    return f"{{{LG}}}{name}"


def _sub(parent: etree._Element, name: str, text: str | None = None, ns: str = LG) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        el.text = text
    return el


def _datetime(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds")


# -- requests ----------------------------------------------------------------------------------

def autorisatie_header(*, klantnaam: str, klantcode: str, autorisatiesleutel: str) -> etree._Element:
    """The `autorisatie` SOAP header block that every UWLR request carries."""
    header = etree.Element(f"{{{AUT}}}autorisatie", nsmap={"aut": AUT})
    _sub(header, "autorisatiesleutel", autorisatiesleutel, AUT)
    _sub(header, "klantcode", klantcode, AUT)
    _sub(header, "klantnaam", klantnaam, AUT)
    return header


@dataclasses.dataclass(frozen=True)
class GroupSelection:
    """One entry of `groepen` in a getrapt request; key None asks for pupils bound to no group."""

    key: str | None
    composed: bool = False


def verzoek(operation: str, *, schooljaar: str, xsdversie: str, brincode: str | None = None,
            dependancecode: str | None = None, schoolkey: str | None = None, gegevenssetid: str | None = None,
            laatstontvangengegevens: str | None = None,
            groepen: Iterable[GroupSelection] | None = None) -> etree._Element:
    """A pupil-data request (alles-in-één or getrapt). Values are strings so tests can send bad ones."""
    root = etree.Element(_lg(OPERATIONS[operation][0]), nsmap={"lg": LG})
    _sub(root, "schooljaar", schooljaar)
    if schoolkey is not None:
        _sub(root, "schoolkey", schoolkey)
    else:
        _sub(root, "brincode", brincode or "")
        if dependancecode is not None:
            _sub(root, "dependancecode", dependancecode)
    _sub(root, "xsdversie", xsdversie)
    if gegevenssetid is not None:
        _sub(root, "gegevenssetid", gegevenssetid)
    if laatstontvangengegevens is not None:
        _sub(root, "laatstontvangengegevens", laatstontvangengegevens)
    if groepen is not None:
        container = _sub(root, "groepen")
        for selectie in groepen:
            el = _sub(container, "samengestelde_groep" if selectie.composed else "groep")
            if selectie.key is not None:
                el.set("key", selectie.key)
    return root


@dataclasses.dataclass(frozen=True, kw_only=True)
class Toetsresultaat:
    """One score of one pupil on one test, for BrengLeerresultaten."""

    leerlingid: str
    toetscode: str
    score: int
    afnamedatum: dt.date
    eckid: str | None = None


def leerresultaten_verzoek(*, schooljaar: str, brincode: str, dependancecode: str, xsdversie: str,
                           resultaten: list[Toetsresultaat], toetscodes: Iterable[str],
                           aanmaakdatum: dt.datetime,
                           normering: Mapping[str, Sequence[tuple[str, int, int]]] | None = None) -> etree._Element:
    """A results message with its test definitions (`toetsen`), as the EA sends it; `normering` gives a toetscode's
    norms as (term, beginnormwaarde, eindnormwaarde)."""
    root = etree.Element(f"{{{LR}}}leerresultaten_verzoek", nsmap={"lr": LR})
    school = _sub(root, "school", ns=LR)
    _sub(school, "schooljaar", schooljaar, LR)
    _sub(school, "brincode", brincode, LR)
    _sub(school, "dependancecode", dependancecode, LR)
    _sub(school, "aanmaakdatum", _datetime(aanmaakdatum), LR)
    _sub(school, "xsdversie", xsdversie, LR)
    afnames = _sub(root, "toetsafnames", ns=LR)
    by_pupil: dict[str, list[Toetsresultaat]] = {}
    for res in resultaten:
        by_pupil.setdefault(res.leerlingid, []).append(res)
    counter = 0
    for leerlingid, items in by_pupil.items():
        afname = _sub(afnames, "toetsafname", ns=LR)
        _sub(afname, "leerlingid", leerlingid, LR)
        if items[0].eckid:
            _sub(afname, "eckid", items[0].eckid, LR)
        container = _sub(afname, "resultaten", ns=LR)
        for res in items:
            counter += 1
            resultaat = _sub(container, "resultaat", ns=LR)
            resultaat.set("key", f"R{counter:06d}")
            _sub(resultaat, "afnamedatum", res.afnamedatum.isoformat(), LR)
            _sub(resultaat, "toetscode", res.toetscode, LR)
            _sub(resultaat, "score", str(res.score), LR)
    toetsen = _sub(root, "toetsen", ns=LR)
    for code in dict.fromkeys(toetscodes):
        toets = _sub(toetsen, "toets", ns=LR)
        _sub(toets, "toetscode", code, LR)
        _sub(toets, "toetsnaam", f"Toets {code}", LR)
        if normering and normering.get(code):
            container = _sub(toets, "toetsnormering", ns=LR)
            for term, begin, end in normering[code]:
                norm = _sub(container, "norm", ns=LR)
                _sub(norm, "term", term, LR)
                _sub(norm, "beginnormwaarde", str(begin), LR)
                _sub(norm, "eindnormwaarde", str(end), LR)
    return root


# -- answers (built by the reference LAS) ------------------------------------------------------

def _naam(parent: etree._Element, person: Leerling | Leerkracht, *, voorletters: bool) -> None:
    _sub(parent, "achternaam", person.achternaam)
    if person.voorvoegsel:
        _sub(parent, "voorvoegsel", person.voorvoegsel)
    if voorletters:
        _sub(parent, "voorletters-1", person.voorletters)
    _sub(parent, "roepnaam", person.roepnaam)


def _school(parent: etree._Element, school: School, xsdversie: str, aanmaakdatum: dt.datetime) -> None:
    el = _sub(parent, "school")
    _sub(el, "schooljaar", school.schooljaar)
    _sub(el, "peildatum", school.peildatum.isoformat())
    _sub(el, "brincode", school.brincode)
    _sub(el, "dependancecode", school.dependancecode)
    _sub(el, "aanmaakdatum", _datetime(aanmaakdatum))
    _sub(el, "xsdversie", xsdversie)


def _groepen(parent: etree._Element, school: School) -> None:
    container = _sub(parent, "groepen")
    for groep in school.groepen:
        el = _sub(container, "groep")
        el.set("key", groep.key)
        _sub(el, "naam", groep.naam)
        _sub(el, "jaargroep", groep.jaargroep)
    for sg in school.samengestelde_groepen:
        el = _sub(container, "samengestelde_groep")
        el.set("key", sg.key)
        _sub(el, "naam", sg.naam)
        if sg.omschrijving:
            _sub(el, "omschrijving", sg.omschrijving)


def _leerling(parent: etree._Element, ll: Leerling, profiel: str, xsdversie: str) -> None:
    el = _sub(parent, "leerling")
    el.set("key", ll.key)
    if ll.eckid:
        el.set("eckid", ll.eckid)
    lvs = profiel == "lvs-set"
    _naam(el, ll, voorletters=lvs and xsdversie == "2.2")
    if lvs or xsdversie == "2.2":
        _sub(el, "geboortedatum", ll.geboortedatum.isoformat())
    if lvs:
        _sub(el, "geslacht", ll.geslacht)
        if ll.start_ondw_jgr3 is not None:
            _sub(el, "start_ondw_jgr3", ll.start_ondw_jgr3.isoformat())
    _sub(el, "jaargroep", ll.jaargroep)
    if ll.groep_key:
        _sub(el, "groep").set("key", ll.groep_key)
    if ll.samengestelde_groep_keys:
        container = _sub(el, "samengestelde_groepen")
        for key in ll.samengestelde_groep_keys:
            _sub(container, "samengestelde_groep").set("key", key)
    if lvs and xsdversie == "2.2":
        _sub(el, "bsn_ondwnr-4", ll.pgn[-4:])


def _leerkracht(parent: etree._Element, lk: Leerkracht, profiel: str) -> None:
    el = _sub(parent, "leerkracht")
    el.set("key", lk.key)
    if lk.eckid:
        el.set("eckid", lk.eckid)
    _naam(el, lk, voorletters=False)
    if profiel == "smalle-set":
        _sub(el, "emailadres", lk.emailadres)
    if lk.groepen:
        container = _sub(el, "groepen")
        for link in lk.groepen:
            g = _sub(container, "samengestelde_groep" if link.composed else "groep")
            g.set("key", link.key)
            for rol in link.roles:
                _sub(g, "rol", rol)


def encode_answer(operation: str, school: School, *, profiel: str, xsdversie: str, aanmaakdatum: dt.datetime,
                    leerlingen: Iterable[Leerling] | None = None,
                    leerkrachten: Iterable[Leerkracht] | None = None) -> etree._Element:
    """The answer to `operation` holding `school` (or the given subset) in the requested profile."""
    _, answer_name, data_name, _ = OPERATIONS[operation]
    root = etree.Element(_lg(answer_name), nsmap={"lg": LG})
    data = _sub(root, data_name)
    _school(data, school, xsdversie, aanmaakdatum)
    if operation in ("HaalLeerlinggegevens", "HaalStructuur"):
        _groepen(data, school)
    if operation in ("HaalLeerlinggegevens", "HaalLeerlingen"):
        container = _sub(data, "leerlingen")
        for ll in leerlingen if leerlingen is not None else school.leerlingen:
            _leerling(container, ll, profiel, xsdversie)
    if operation in ("HaalLeerlinggegevens", "HaalLeerkrachten"):
        staff = list(leerkrachten if leerkrachten is not None else school.leerkrachten)
        if staff:
            container = _sub(data, "leerkrachten")
            for lk in staff:
                _leerkracht(container, lk, profiel)
    return root


def encode_uitzondering(operation: str, kind: str) -> etree._Element:
    """`geenwijzigingen` or `geengegevens` inside the operation's answer element."""
    root = etree.Element(_lg(OPERATIONS[operation][1]), nsmap={"lg": LG})
    _sub(root, kind)
    return root


# -- reading answers (what the scenario tests judge) -------------------------------------------

@dataclasses.dataclass(frozen=True, kw_only=True)
class UwlrAnswer:
    """An answer reduced to what the cross-checks compare; `element` keeps the whole for the rest."""

    element: etree._Element
    uitzondering: str | None  # "geenwijzigingen" | "geengegevens" | None
    groepen: dict[str, str]  # key -> "groep" | "samengestelde_groep"
    leerlingen: dict[str, etree._Element]  # key (or eckid when no key) -> element
    leerkrachten: dict[str, etree._Element]

    @property
    def has_data(self) -> bool:
        return self.uitzondering is None


def _person_id(el: etree._Element) -> str:
    return el.get("key") or el.get("eckid") or f"(line {el.sourceline})"


def read_answer(element: etree._Element) -> UwlrAnswer:
    """Reduce any of the four pupil-data answers; raises ValueError when it is none of them."""
    answers = {v[1] for v in OPERATIONS.values()}
    local = etree.QName(element).localname
    if etree.QName(element).namespace != LG or local not in answers:
        raise ValueError(f"expected one of the UWLR answers in {{{LG}}}, found {element.tag!s}")
    children = [c for c in element if isinstance(c.tag, str)]
    if len(children) != 1:
        raise ValueError(f"{local} must hold exactly one child, found {len(children)}")
    child = children[0]
    child_local = etree.QName(child).localname
    if child_local in ("geenwijzigingen", "geengegevens"):
        return UwlrAnswer(element=element, uitzondering=child_local, groepen={}, leerlingen={}, leerkrachten={})
    groepen = {g.get("key", ""): etree.QName(g).localname for g in child.iterfind(f"{_lg('groepen')}/*")}
    leerlingen = {_person_id(e): e for e in child.iterfind(f"{_lg('leerlingen')}/{_lg('leerling')}")}
    leerkrachten = {_person_id(e): e for e in child.iterfind(f"{_lg('leerkrachten')}/{_lg('leerkracht')}")}
    return UwlrAnswer(element=element, uitzondering=None, groepen=groepen, leerlingen=leerlingen,
                    leerkrachten=leerkrachten)
