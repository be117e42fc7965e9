"""The reference LAS: a conformant UWLR 2.2/2.3 server over a synthetic school, with named defects.

Validation follows the order seen in a real LAS (spec §1.12): header present, request valid,
klant known, key covers the school, then data. Each defect is a single `if` at the point it breaks.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable, Mapping

from lxml import etree

from conformance.standards.uwlr import codec
from conformance.standards.uwlr.codec import AUT, LG, LR, OPERATIONS
from conformance.standards.uwlr.schemas import leerlinggegevens_schema, leerresultaten_schema
from conformance.synthetic import Leerkracht, Leerling, School, generate_school
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml import XmlRejected, XsdSchema
from conformance.xml.soap import build_envelope, build_fault, parse_envelope

__all__ = ["LasData", "ReferenceLas", "demo_data"]

GEGEVENSSETS = {"Smalle-set": "smalle-set", "LVS-set": "lvs-set"}
SUPPORTED_VERSIONS = ("2.2", "2.3")


class _Fout(Exception):
    """A UWLR fault to answer with."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclasses.dataclass(frozen=True, kw_only=True)
class LasData:
    """What the reference LAS knows: its klant, the key, the covered school and one it does not cover."""

    klantnaam: str
    klantcode: str
    autorisatiesleutel: str
    school: School
    andere_school: School  # known to the LAS, not covered by the key
    eckid_omgeving: str = "pilot"  # of the ECK iDs in `school`, as the LAS declares it

    def scholen(self) -> tuple[School, ...]:
        return (self.school, self.andere_school)


def demo_data(seed: int = 2026, *, eckid_omgeving: str = "pilot", leerkrachtrollen: bool = True) -> LasData:
    """The deterministic demo LAS: 600 pupils at 99XA, and 99XB which the key does not cover.

    `eckid_omgeving="productie"` and `leerkrachtrollen=False` give the data of a LAS in use that sends no teacher
    roles (rol is optional): legitimate data the suite must not raise alarms on.
    """
    digest = hashlib.sha512(f"uwlr-autorisatiesleutel-{seed}".encode()).digest()
    school = generate_school(seed=seed, brincode="99XA", eckid_omgeving=eckid_omgeving)
    if not leerkrachtrollen:
        school = dataclasses.replace(school, leerkrachten=tuple(_zonder_rollen(lk) for lk in school.leerkrachten))
    return LasData(
        klantnaam="Conformance Test EA",
        klantcode="CT-EA-0001",
        autorisatiesleutel=base64.b64encode(digest).decode(),  # 88 characters, like real keys
        school=school,
        andere_school=generate_school(seed=seed + 1, brincode="99XB", leerlingen=40, groepen=4,
                                      samengestelde_groepen=1, leerkrachten=5, eckid_omgeving=eckid_omgeving),
        eckid_omgeving=eckid_omgeving,
    )


def _zonder_rollen(leerkracht: Leerkracht) -> Leerkracht:
    return dataclasses.replace(leerkracht, roles=(),
                               groepen=tuple(dataclasses.replace(g, roles=()) for g in leerkracht.groepen))


class ReferenceLas:
    """A WSGI-less app: `HttpRequest` in, `HttpResponse` out; see `conformance.transport.LoopbackServer`."""

    def __init__(self, pupil_data: LasData, *, defects: Iterable[str] = (),
                 gegevenssets: Mapping[str, str] = GEGEVENSSETS) -> None:
        self.pupil_data = pupil_data
        self.defects = frozenset(defects)
        self.gegevenssets = dict(gegevenssets)  # gegevenssetid -> profiel
        self._eckid_teller = itertools.count(1)

    def has(self, defect: str) -> bool:
        return defect in self.defects

    # -- HTTP ----------------------------------------------------------------------------------
    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            body = self._handle(request)
        except _Fout as fout:
            return self._fault(fout)
        return HttpResponse(status=200, body=body)

    def _fault(self, fout: _Fout) -> HttpResponse:
        if self.has("html-foutpagina") and fout.code == "Client.AutorisatieOngeldig":
            page = f"<html><body><h1>500 Internal Server Error</h1><p>{fout}</p></body></html>"
            return HttpResponse(status=500, body=page.encode(), content_type="text/html")
        if self.has("empty-faultstring"):
            fout = _Fout(fout.code, "")
        if self.has("foutcode-verkeerde-namespace"):
            text = build_fault(fout.code, str(fout), prefix="soap").replace(
                b'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"',
                b'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:f="urn:eigen:fouten"',
            ).replace(b"<faultcode>soap:", b"<faultcode>f:")
            return HttpResponse(status=500, body=text)
        status = 200 if self.has("fault-with-http-200") else 500
        return HttpResponse(status=status, body=build_fault(fout.code, str(fout)))

    def _handle(self, request: HttpRequest) -> bytes:
        try:
            message = parse_envelope(request.body)
        except XmlRejected as exc:
            raise _Fout("Client.OngeldigBericht", f"bericht is geen geldig SOAP-bericht: {exc}") from exc
        header = self._check_header(message.headers)
        if message.body is None:
            raise _Fout("Client.OngeldigBericht", "de SOAP Body moet precies één element bevatten")
        body = message.body
        qname = etree.QName(body)
        operation = next((op for op, names in OPERATIONS.items() if names[0] == qname.localname), None)
        if operation is None or qname.namespace != (LR if operation == "BrengLeerresultaten" else LG):
            raise _Fout("Client.OngeldigBericht", f"onbekend verzoek {body.tag!s}")
        if operation == "BrengLeerresultaten":
            answer = self._leerresultaten(body, header)
        else:
            answer = self._leerlinggegevens(operation, body, header)
        return build_envelope(answer)

    # -- checks in the order a real LAS makes them -----------------------------------------------
    def _check_header(self, headers: tuple[etree._Element, ...]) -> dict[str, str]:
        block = next((h for h in headers if h.tag == f"{{{AUT}}}autorisatie"), None)
        if block is None:
            raise _Fout("Client.AutorisatieOngeldig", "de autorisatie-header ontbreekt")
        for name in ("autorisatiesleutel", "klantcode", "klantnaam"):
            value = block.findtext(f"{{{AUT}}}{name}")
            if not value or not value.strip():
                raise _Fout("Client.AutorisatieOngeldig", f"{name} in de autorisatie-header ontbreekt of is leeg")
        return {name: (block.findtext(f"{{{AUT}}}{name}") or "").strip()
                for name in ("autorisatiesleutel", "klantcode", "klantnaam")}

    def _validate(self, schema: XsdSchema, body: etree._Element) -> None:
        if self.has("schooljaar-fout-als-autorisatie"):
            jaar = body.findtext(f"{{{LG}}}schooljaar") or ""
            if jaar and not _schooljaar_ok(jaar):
                raise _Fout("Client.AutorisatieOngeldig", f"schooljaar {jaar} onbekend")
        compiled = schema.lxml()  # the reference judges requests as it always did: libxml2 only
        if not compiled.validate(etree.ElementTree(_copy(body))):
            error = compiled.error_log.last_error
            raise _Fout("Client.OngeldigBericht", f"verzoek voldoet niet aan het schema: {error.message if error else ''}")

    def _check_version(self, xsdversie: str) -> str:
        if xsdversie not in SUPPORTED_VERSIONS:
            if self.has("xsdversie-niet-gecontroleerd"):
                return SUPPORTED_VERSIONS[-1]
            raise _Fout("Client.XsdVersieOngeldig",
                        f"xsdversie {xsdversie!r} wordt niet ondersteund; wel: {', '.join(SUPPORTED_VERSIONS)}")
        return xsdversie

    def _check_klant(self, header: dict[str, str]) -> None:
        if header["klantnaam"] != self.pupil_data.klantnaam:
            raise _Fout("Client.OngeldigeKlantIdentificatie", "klantnaam onbekend")
        if header["klantcode"] != self.pupil_data.klantcode and not self.has("klantcode-niet-gecontroleerd"):
            raise _Fout("Client.OngeldigeKlantIdentificatie", "klantcode hoort niet bij deze klantnaam")

    def _find_school(self, body: etree._Element, ns: str, header: dict[str, str]) -> School:
        if header["autorisatiesleutel"] != self.pupil_data.autorisatiesleutel and not self.has("wrong-key-accepted"):
            raise _Fout("Client.AutorisatieOngeldig", "autorisatiesleutel ongeldig")
        schoolkey = body.findtext(f"{{{ns}}}schoolkey")
        brincode = body.findtext(f"{{{ns}}}brincode")
        dependancecode = body.findtext(f"{{{ns}}}dependancecode") or "00"
        known = next((s for s in self.pupil_data.scholen()
                      if (schoolkey is not None and s.schoolkey == schoolkey)
                      or (schoolkey is None and s.brincode == brincode and s.dependancecode == dependancecode)),
                     None)
        if known is None:
            bekende_brins = {s.brincode for s in self.pupil_data.scholen()}
            if self.has("fout-onbekende-brin") and schoolkey is None and brincode not in bekende_brins:
                raise _Fout("Client.OngeldigeKlantIdentificatie", f"school {brincode} onbekend")
            raise _Fout("Client.AutorisatieOngeldig", "de autorisatiesleutel geeft geen toegang tot deze school")
        if known is not self.pupil_data.school and not self.has("sleutel-dekt-alle-scholen"):
            raise _Fout("Client.AutorisatieOngeldig", "de autorisatiesleutel geeft geen toegang tot deze school")
        return known

    # -- pupil data ---------------------------------------------------------------------------
    def _leerlinggegevens(self, operation: str, body: etree._Element, header: dict[str, str]) -> etree._Element:
        self._validate(leerlinggegevens_schema("2.2"), body)
        xsdversie = self._check_version(body.findtext(f"{{{LG}}}xsdversie") or "")
        self._check_klant(header)
        school = self._find_school(body, LG, header)
        if body.findtext(f"{{{LG}}}schooljaar") != school.schooljaar:
            return codec.encode_uitzondering(operation, "geengegevens")
        laatst = body.findtext(f"{{{LG}}}laatstontvangengegevens")
        if laatst is not None:
            if self.has("laatstontvangengegevens-genegeerd") or _parse_datetime(laatst) >= school.last_change:
                return codec.encode_uitzondering(operation, "geenwijzigingen")
        setid = body.findtext(f"{{{LG}}}gegevenssetid")
        profiel = self.gegevenssets.get(setid) if setid else "smalle-set"
        if profiel is None:
            raise _Fout("Client.OngeldigBericht",
                        f"gegevenssetid {setid!r} onbekend; wel: {', '.join(self.gegevenssets)}")
        leerlingen, leerkrachten = self._selectie(operation, body, school)
        if operation in ("HaalLeerlingen", "HaalLeerkrachten") and not (leerlingen or leerkrachten):
            return codec.encode_uitzondering(operation, "geengegevens")
        answer = codec.encode_answer(operation, school, profiel=profiel, xsdversie=xsdversie,
                                       aanmaakdatum=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
                                       leerlingen=leerlingen, leerkrachten=leerkrachten)
        self._apply_data_defects(answer, profiel)
        return answer

    def _selectie(self, operation: str, body: etree._Element,
                  school: School) -> tuple[list[Leerling] | None, list[Leerkracht] | None]:
        if operation not in ("HaalLeerlingen", "HaalLeerkrachten"):
            return None, None
        stam: set[str | None] = set()
        composed: set[str | None] = set()
        for el in body.iterfind(f"{{{LG}}}groepen/*"):
            (composed if etree.QName(el).localname == "samengestelde_groep" else stam).add(el.get("key"))
        if operation == "HaalLeerlingen":
            leerlingen = [
                ll for ll in school.leerlingen
                if ll.groep_key in stam
                or any(k in composed for k in ll.samengestelde_groep_keys)
                or (None in composed and not ll.samengestelde_groep_keys)
            ]
            if self.has("getrapt-mist-leerling") and len(leerlingen) > 1:
                leerlingen = leerlingen[:-1]
            return leerlingen, []
        leerkrachten = [
            lk for lk in school.leerkrachten
            if any((g.key in composed) if g.composed else (g.key in stam) for g in lk.groepen)
            or (None in stam and not any(not g.composed for g in lk.groepen))
            or (None in composed and not any(g.composed for g in lk.groepen))
        ]
        return [], leerkrachten

    def _apply_data_defects(self, answer: etree._Element, profiel: str) -> None:
        pupils = list(answer.iter(f"{{{LG}}}leerling"))
        pupils = [p for p in pupils if p.get("key")]
        if self.has("bungelende-groepsverwijzing") and pupils:
            ref = pupils[0].find(f"{{{LG}}}groep")
            if ref is not None:
                ref.set("key", "G-BESTAAT-NIET")
        if self.has("geboortedatum-als-datetime"):
            for el in answer.iter(f"{{{LG}}}geboortedatum"):
                el.text = f"{el.text}T00:00:00"
        if self.has("bsn-in-smalle-set") and profiel == "smalle-set":
            for pupil in pupils:
                anchor = pupil.find(f"{{{LG}}}samengestelde_groepen")
                if anchor is None:
                    anchor = pupil.find(f"{{{LG}}}groep")
                bsn = etree.Element(f"{{{LG}}}bsn")
                bsn.text = "123456782"
                (anchor.addnext(bsn) if anchor is not None else pupil.append(bsn))
        if self.has("dubbele-eckid") and len(pupils) > 1 and pupils[0].get("eckid"):
            pupils[1].set("eckid", pupils[0].get("eckid", ""))
        if self.has("eckid-wisselt"):
            n = next(self._eckid_teller)
            for pupil in pupils:
                eckid = pupil.get("eckid")
                if eckid:
                    pupil.set("eckid", eckid[:-4] + f"{n:04x}")
        if self.has("eckid-hoofdletters"):
            for pupil in pupils[:3]:
                eckid = pupil.get("eckid")
                if eckid:
                    prefix, _, hexpart = eckid.rpartition("/")
                    pupil.set("eckid", f"{prefix}/{hexpart.upper()}")
        if self.has("eckid-productie-in-pilot"):
            for pupil in pupils[:3]:
                eckid = pupil.get("eckid")
                if eckid:
                    pupil.set("eckid", eckid.replace("https://ketenid.nl/pilot/", "https://ketenid.nl/201703/"))
        if self.has("ongeldige-jaargroep"):
            groep = next(answer.iter(f"{{{LG}}}groep"), None)
            for el in answer.iter(f"{{{LG}}}jaargroep"):
                if groep is not None and el.getparent() is groep:
                    el.text = "9"
        if self.has("onbekende-leerkrachtrol"):
            for el in itertools.islice(answer.iter(f"{{{LG}}}rol"), 1):
                el.text = "JUF"
        if self.has("lvs-zonder-geslacht") and profiel == "lvs-set":
            for el in list(answer.iter(f"{{{LG}}}geslacht"))[:1]:
                if (parent := el.getparent()) is not None:
                    parent.remove(el)

    # -- results ------------------------------------------------------------------------------
    def _leerresultaten(self, body: etree._Element, header: dict[str, str]) -> etree._Element:
        school_el = body.find(f"{{{LR}}}school")
        versie = school_el.findtext(f"{{{LR}}}xsdversie") if school_el is not None else None
        self._validate(leerresultaten_schema("2.2"), body)
        assert school_el is not None
        self._check_version(versie or "")
        self._check_klant(header)
        school = self._find_school(school_el, LR, header)
        bekend = {ll.key for ll in school.leerlingen}
        for afname in body.iterfind(f"{{{LR}}}toetsafnames/{{{LR}}}toetsafname"):
            leerlingid = afname.findtext(f"{{{LR}}}leerlingid") or ""
            if leerlingid not in bekend and not self.has("onbekende-leerling-geaccepteerd"):
                raise _Fout("Client.LeerlingOngeldig", f"leerling {leerlingid!r} is op deze school onbekend")
        return etree.Element(f"{{{LR}}}leerresultaten_bevestiging", nsmap={"lr": LR})


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def _schooljaar_ok(value: str) -> bool:
    first, sep, second = value.partition("-")
    return bool(sep) and first.isdigit() and second.isdigit() and len(first) == len(second) == 4


def _parse_datetime(value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise _Fout("Client.OngeldigBericht", f"laatstontvangengegevens {value!r} is geen xs:dateTime") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)

