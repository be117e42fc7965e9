"""Judge mode for UWLR clients: the suite plays the LAS for a candidate EA and records every call it makes.

The judging LAS is the reference LAS over the synthetic school, with the credentials issued for the run. It
answers each fetch (a HaalLeerlinggegevens, or the HaalStructuur that starts a getrapt round) by a fixed plan,
so that every rule has something to show: data first, then what the client's laatstontvangengegevens earns
(geenwijzigingen), then a Client.* fault, a Server.* fault, no answer at all (the connection closed, once: the LAS
unreachable), and a last ordinary answer. It is lenient where the
judge judges instead: wrong credentials in a complete header are answered as if right (UWLR-EA-02 reports them),
and a client asking for another data set gets it (UWLR-EA-04 reports it), so one mistake hides no other verdict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

from lxml import etree

from conformance.pki import LoopbackPki, ensure_loopback_pki
from conformance.standards._judging import NO_ANSWER, Once, RecordingApp, RunningClientJudge, serve_judging
from conformance.standards.uwlr.codec import AUT, LG, LR, OPERATIONS, read_answer
from conformance.standards.uwlr.client_judge.pushes import Push, read_push
from conformance.standards.uwlr.client_judge.settings import EaSettings
from conformance.standards.uwlr.reference import GEGEVENSSETS, LasData, ReferenceLas, demo_data
from conformance.standards.uwlr.schemas import VERSIONS, leerlinggegevens_schema, leerresultaten_schema
from conformance.synthetic import School
from conformance.transport import Exchange, HttpRequest, HttpResponse, LoopbackServer
from conformance.xml import XmlRejected, judge_schema, parse_bytes
from conformance.xml.soap import SoapMessage, build_fault, parse_envelope

__all__ = ["ENDPOINT_PATH", "PLAN", "EaCall", "JudgingLas", "RunningEaJudge", "start_ea_judge"]

ENDPOINT_PATH = "/uwlr/leerlinggegevens"
RESULTS_PATH = "/uwlr/leerresultaten"
#: How the judging LAS answers the client's fetches, in order; later fetches get the ordinary answer
PLAN = ("answer", "answer", "Client.AutorisatieOngeldig", "Server.TijdelijkNietBeschikbaar", "unreachable", "answer")
ROUND_STARTS = frozenset({"HaalLeerlinggegevens", "HaalStructuur"})
_REQUESTS = {names[0]: operation for operation, names in OPERATIONS.items()}
_HEADER_FIELDS = ("autorisatiesleutel", "klantcode", "klantnaam")
_FAULT_TEXT = {
    "Client.AutorisatieOngeldig": "de school heeft de autorisatiesleutel tijdelijk ingetrokken (de testsuite "
                                  "weigert dit verzoek met opzet: herhaal het niet ongewijzigd)",
    "Server.TijdelijkNietBeschikbaar": "de LAS is tijdelijk niet beschikbaar (de testsuite met opzet: wacht "
                                      "voordat u het opnieuw probeert)",
}


class _RequestFields(TypedDict):
    """What a request says, read on arrival: the fields of its EaCall but its operation and the answer's."""

    xsd_problems: tuple[str, ...]
    header: dict[str, str] | None
    xsdversie: str | None
    gegevenssetid: str | None
    laatstontvangengegevens: str | None
    groepen: tuple[str | None, ...]
    fingerprint: str
    push: Push | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class EaCall:
    """One call the client made to the judging LAS, read once on arrival; `exchange` is the evidence."""

    moment: float  # time.monotonic() on arrival
    operation: str | None  # None when the request was no UWLR request
    fetch: int | None  # the fetch's number (0-based) when it started a round, else None
    ending: str  # "data", "geenwijzigingen", "geengegevens", "bevestigd", "unreachable" (no answer, on purpose),
    # or the fault's code ("Client.…")
    xsd_problems: tuple[str, ...]  # why the request is no valid UWLR request (empty: valid)
    header: dict[str, str] | None  # the autorisatie header's fields; None when there is none
    xsdversie: str | None
    gegevenssetid: str | None
    laatstontvangengegevens: str | None
    groepen: tuple[str | None, ...]  # the group keys a getrapt request asks for
    structuur: tuple[str, ...]  # the group keys a HaalStructuur answer delivered
    fingerprint: str  # the same request sent again has the same fingerprint
    push: Push | None  # what a BrengLeerresultaten carries
    exchange: Exchange

    @property
    def is_fault(self) -> bool:
        return self.ending.startswith(("Client.", "Server.", "fault", "unreachable"))


def _xsd_problems(message: SoapMessage, body: etree._Element | None, operation: str | None,
                  declared: str) -> list[str]:
    if body is None:
        return [f"the SOAP Body holds {len(message.body_children)} elements, expected exactly one"]
    if operation is None:
        return [f"{body.tag!s} is no UWLR request"]
    ns = LR if operation == "BrengLeerresultaten" else LG
    if etree.QName(body).namespace != ns:
        return [f"{etree.QName(body).localname} is in namespace {etree.QName(body).namespace}, expected {ns}"]
    versie = _xsdversie(body, operation)
    versie = versie if versie in VERSIONS else declared
    schema = leerresultaten_schema(versie) if ns == LR else leerlinggegevens_schema(versie)
    copy = etree.fromstring(etree.tostring(body))
    return [f"line {e.line}: {e.message}" for e in judge_schema(schema, copy, dual=False, limit=3).errors]


def _xsdversie(body: etree._Element, operation: str) -> str | None:
    if operation == "BrengLeerresultaten":
        return body.findtext(f"{{{LR}}}school/{{{LR}}}xsdversie")
    return body.findtext(f"{{{LG}}}xsdversie")


def _header(message: SoapMessage) -> dict[str, str] | None:
    block = next((h for h in message.headers if h.tag == f"{{{AUT}}}autorisatie"), None)
    if block is None:
        return None
    return {name: (block.findtext(f"{{{AUT}}}{name}") or "").strip() for name in _HEADER_FIELDS}


def _fingerprint(message: SoapMessage) -> str:
    """Canonical header blocks and body: two sends of the same request match whatever the whitespace."""
    digest = hashlib.sha256()
    for element in (*message.headers, *message.body_children):
        digest.update(etree.tostring(element, method="c14n"))
    return digest.hexdigest()


def _ending_of(response: HttpResponse) -> tuple[str, tuple[str, ...]]:
    try:
        answer = parse_envelope(response.body)
    except XmlRejected:
        return "fault", ()
    if answer.fault is not None:
        return answer.fault.code_local or "fault", ()
    body = answer.body
    if body is None:
        return "fault", ()
    if etree.QName(body).localname == "leerresultaten_bevestiging":
        return "bevestigd", ()
    try:
        uwlr_answer = read_answer(body)
    except ValueError:
        return "fault", ()
    if uwlr_answer.uitzondering:
        return uwlr_answer.uitzondering, ()
    structuur = tuple(uwlr_answer.groepen) if etree.QName(body).localname == "structuur_antwoord" else ()
    return "data", structuur


class JudgingLas(RecordingApp[EaCall]):
    """The reference LAS behind the plan, recording every call (with its answer)."""

    def __init__(self, settings: EaSettings, pupil_data: LasData, *, url: str = ENDPOINT_PATH,
                 on_call: Callable[[EaCall], None] | None = None) -> None:
        super().__init__(url)
        self.settings = settings
        self.pupil_data = pupil_data
        self._on_call = on_call  # serve --judge prints each call as it comes
        sets = {**GEGEVENSSETS, settings.gegevenssetid: settings.profiel}
        self.las = ReferenceLas(pupil_data, gegevenssets=sets)
        self._fetches = 0
        self._outage = Once()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        arrived, started = time.monotonic(), dt.datetime.now(dt.UTC)
        operation, fields = self._read(request.body)
        with self._lock:
            fetch = self._fetches if operation in ROUND_STARTS else None
            self._fetches += fetch is not None
        step = PLAN[fetch] if fetch is not None and fetch < len(PLAN) else "answer"
        unreachable = step == "unreachable" and self._outage.take()
        if unreachable:
            response = NO_ANSWER
        elif step in ("answer", "unreachable"):
            response = self.las(HttpRequest(method=request.method, path=request.path, headers=request.headers,
                                            body=self._lenient(request.body), client_certificate=None))
        else:
            response = HttpResponse(status=500, body=build_fault(step, _FAULT_TEXT[step]))
        ending, structuur = ("unreachable", ()) if unreachable else _ending_of(response)
        exchange = Exchange(label=f"the client called {operation or 'something that is no UWLR operation'}"
                                  + (f" (fetch {fetch + 1})" if fetch is not None else "")
                                  + (": no answer on purpose, connection closed" if unreachable else ""),
                            method="POST", url=self.url, request_headers=dict(request.headers),
                            request_body=request.body, started=started,
                            elapsed_ms=(time.monotonic() - arrived) * 1000,
                            status=None if unreachable else response.status,
                            response_headers={} if unreachable else {"content-type": response.content_type},
                            response_body=response.body,
                            transport_error="closed without an answer, on purpose" if unreachable else None)
        call = EaCall(moment=arrived, operation=operation, fetch=fetch, ending=ending, structuur=structuur,
                      exchange=exchange, **fields)
        with self._lock:
            self._calls.append(call)
        if self._on_call is not None:
            self._on_call(call)
        return response

    def _read(self, body_bytes: bytes) -> tuple[str | None, _RequestFields]:
        """The request's operation (None when it is no UWLR request) and what else the EaCall records of it."""
        fields: _RequestFields = {"xsd_problems": (), "header": None, "xsdversie": None,
                                  "gegevenssetid": None, "laatstontvangengegevens": None, "groepen": (),
                                  "push": None,
                                  "fingerprint": hashlib.sha256(body_bytes).hexdigest()}
        try:
            message = parse_envelope(body_bytes)
        except XmlRejected as exc:
            fields["xsd_problems"] = (f"not a SOAP envelope: {exc}",)
            return None, fields
        body = message.body
        operation = _REQUESTS.get(etree.QName(body).localname) if body is not None else None
        fields["header"] = _header(message)
        fields["fingerprint"] = _fingerprint(message)
        fields["xsd_problems"] = tuple(_xsd_problems(message, body, operation, self.settings.versie))
        if body is not None and operation is not None:
            fields["xsdversie"] = _xsdversie(body, operation)
            if operation == "BrengLeerresultaten":
                fields["push"] = read_push(body)
            else:
                fields["gegevenssetid"] = body.findtext(f"{{{LG}}}gegevenssetid")
                fields["laatstontvangengegevens"] = body.findtext(f"{{{LG}}}laatstontvangengegevens")
                fields["groepen"] = tuple(el.get("key") for el in body.iterfind(f"{{{LG}}}groepen/*"))
        return operation, fields

    def _lenient(self, body_bytes: bytes) -> bytes:
        """The request with the issued credentials in a complete header, so the reference answers it anyway."""
        try:
            envelope = parse_bytes(body_bytes)
        except XmlRejected:
            return body_bytes
        block = envelope.find(f"{{*}}Header/{{{AUT}}}autorisatie")
        if block is None:
            return body_bytes
        issued = {"autorisatiesleutel": self.pupil_data.autorisatiesleutel, "klantcode": self.pupil_data.klantcode,
                  "klantnaam": self.pupil_data.klantnaam}
        for name, value in issued.items():
            element = block.find(f"{{{AUT}}}{name}")
            if element is None or not (element.text or "").strip():
                return body_bytes  # an incomplete header gets the LAS's own fault
            element.text = value
        return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


class RunningEaJudge(RunningClientJudge[JudgingLas, EaSettings]):
    """A started judging LAS; the client under test points at `endpoint` (and `results_endpoint` for pushes)."""

    standard = "uwlr"

    def __init__(self, server: LoopbackServer, app: JudgingLas, settings: EaSettings, pki: LoopbackPki) -> None:
        super().__init__(server, app, settings, pki)
        self.results_endpoint = app.url.removesuffix(ENDPOINT_PATH) + RESULTS_PATH

    @property
    def school(self) -> School:
        return self.app.pupil_data.school

    def missing(self) -> list[str]:
        """What the wait still waits for: the planned fetches, and a results push from a client that declares one."""
        calls = self.app.calls
        missing = []
        fetches = sum(1 for c in calls if c.fetch is not None)
        if fetches < len(PLAN):
            missing.append(f"{len(PLAN) - fetches} more fetches ({fetches} of the {len(PLAN)} the judging LAS "
                           "plans arrived)")
        if self.settings.pusht and not any(c.operation == "BrengLeerresultaten" for c in calls):
            missing.append("a BrengLeerresultaten push")
        return missing

    def call_record(self, call: EaCall) -> dict[str, object]:
        return {"operation": call.operation, "fetch": call.fetch, "answer": call.ending}


def issued_data(settings: EaSettings) -> LasData:
    """The demo school and the one the key does not cover, with the credentials issued to the client."""
    demo = demo_data()
    return dataclasses.replace(demo, klantnaam=settings.klantnaam, klantcode=settings.klantcode,
                               autorisatiesleutel=settings.autorisatiesleutel)


def start_ea_judge(state_dir: Path, settings: EaSettings | None = None, *,
                   on_call: Callable[[EaCall], None] | None = None) -> RunningEaJudge:
    """Serve a judging LAS with mutual TLS on the configured interface (loopback by default)."""
    settings = settings or EaSettings()
    pki = ensure_loopback_pki(state_dir / "pki")
    app = JudgingLas(settings, issued_data(settings), on_call=on_call)
    return RunningEaJudge(serve_judging(app, pki, settings, ENDPOINT_PATH), app, settings, pki)
