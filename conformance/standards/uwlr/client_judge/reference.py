"""The reference UWLR client (an EA): a real client of a LAS that the demo points at the suite's judging LAS.

Like an EA's scheduled sync it waits until the LAS is there (the judging LAS starts only when its tests run),
then fetches the school's pupil data round after round (alles-in-één, or getrapt: structure first, then the
pupils of the groups found), sends laatstontvangengegevens after its first delivery, pushes results for a few
pupils once it has them, keeps the LAS's minimum interval, does not repeat a request refused with a Client.* fault
and backs off after a Server.* fault and when the LAS does not answer. Each defect breaks exactly the requirements
in its `breaks`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from conformance.errors import ConformanceError
from conformance.pki import LoopbackPki, ensure_loopback_pki
from conformance.standards._judging import ReferenceClient, ReferenceWithClient, free_port
from conformance.standards.uwlr import codec
from conformance.standards.uwlr.codec import LG, OPERATIONS, GroupSelection, Toetsresultaat, read_answer
from conformance.standards.uwlr.client_judge.defects import EA_DEFECTS
from conformance.standards.uwlr.client_judge.judge import ENDPOINT_PATH, PLAN, RESULTS_PATH
from conformance.standards.uwlr.reference import demo_data
from conformance.transport import HttpClient
from conformance.xml import XmlRejected
from conformance.xml.soap import SoapMessage, build_envelope, parse_envelope

__all__ = ["EA_NAMES", "ClientProfile", "ReferenceEa", "start_reference_with_ea"]

_LOG = logging.getLogger(__name__)

EA_NAMES = frozenset(d.name for d in EA_DEFECTS)
#: The demo's judging timings: short, so a demo run waits a few seconds for the client; the threshold leaves a
#: loaded machine a wide margin over the eager defects' 0.02 s.
DEMO_POLLINTERVAL = 0.5
DEMO_MIN_POLLINTERVAL = 0.4
_EAGER = 0.02
_TEST_CODE = "REF-REKENEN-M5"
_NORMERING = (("onvoldoende", 0, 19), ("voldoende", 20, 40))  # (term, beginnormwaarde, eindnormwaarde)


@dataclasses.dataclass(frozen=True, kw_only=True)
class ClientProfile:
    """What the client is configured with: what it declares, its credentials and its school."""

    versie: str
    gegevenssetid: str
    getrapt: bool
    pusht: bool
    klantnaam: str
    klantcode: str
    autorisatiesleutel: str = dataclasses.field(repr=False)
    schooljaar: str
    brincode: str
    dependancecode: str


class ReferenceEa(ReferenceClient):
    """The client's sync in a background thread: `len(PLAN)` fetch rounds, then wait for the LAS to go."""

    thread_name = "uwlr-reference-ea"
    who = "reference client"

    def __init__(self, endpoint: str, results_endpoint: str, pki: LoopbackPki, profile: ClientProfile, *,
                 defects: Sequence[str] = (), pollinterval: float = 61.0, give_up: float | None = None,
                 repeat: bool = True) -> None:
        super().__init__(endpoint, pki, defects=defects, known=EA_NAMES, give_up=give_up, repeat=repeat)
        self.results_endpoint = results_endpoint
        self.profile = profile
        self.pollinterval = _EAGER if "ea-polls-too-often" in self.defects else pollinterval
        self.backoff = 2 * pollinterval  # after a fault: the LAS is in trouble, or the request needs a person

    def run_once(self) -> None:
        last_received: str | None = None
        pushed = False
        with HttpClient(tls=self.tls(), timeout=10) as http:
            for round_number in range(len(PLAN)):
                if self._stop.is_set():
                    return
                asked = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
                last_round = round_number == len(PLAN) - 1
                start = "HaalStructuur" if self.profile.getrapt else "HaalLeerlinggegevens"
                if round_number == 0 and self.profile.getrapt and "ea-pupils-before-structure" in self.defects:
                    self._send(http, "HaalLeerlingen",
                               self._payload("HaalLeerlingen", None, groepen=(GroupSelection(None),)))
                payload = self._payload(start, last_received, out_of_order=last_round)
                answer = self._send(http, start, payload)
                if answer is None or answer.fault is not None:
                    code = answer.fault.code_local if answer is not None and answer.fault is not None else ""
                    self._after_fault(http, start, payload, code or "", unreachable=answer is None)
                    continue
                data = self._data(answer)
                if data is not None:
                    last_received = asked
                    if self.profile.getrapt:
                        data = self._getrapt(http, data, last_received)
                    if self.profile.pusht and not pushed and data is not None:
                        self._push(http, data)
                        pushed = True
                if round_number < len(PLAN) - 1:
                    self._stop.wait(self.pollinterval)

    def _after_fault(self, http: HttpClient, operation: str, payload: bytes, code: str, *, unreachable: bool) -> None:
        if code.startswith("Client.") and "ea-repeats-client-fault-at-once" in self.defects:
            self._send(http, operation, payload)
        eager = (code.startswith("Server.") and "ea-no-back-off-on-server-fault" in self.defects) \
            or (unreachable and "ea-no-back-off-when-unreachable" in self.defects)
        self._stop.wait(_EAGER if eager else self.backoff)

    def _fields(self, last_received: str | None) -> dict[str, Any]:
        p = self.profile
        versie = "2.2" if "ea-xsdversie-not-declared" in self.defects else p.versie
        setid = "LVS-set" if "ea-asks-another-data-set" in self.defects else p.gegevenssetid
        fields: dict[str, Any] = {"schooljaar": p.schooljaar, "brincode": p.brincode,
                                  "dependancecode": p.dependancecode, "xsdversie": versie, "gegevenssetid": setid}
        if last_received is not None and "ea-fetches-everything-every-time" not in self.defects:
            fields["laatstontvangengegevens"] = last_received
        return fields

    def _payload(self, operation: str, last_received: str | None, *, out_of_order: bool = False,
                 groepen: tuple[GroupSelection, ...] | None = None) -> bytes:
        body = codec.verzoek(operation, **self._fields(last_received), groepen=groepen)
        if out_of_order and "ea-request-fields-out-of-order" in self.defects:
            versie = body.find(f"{{{LG}}}xsdversie")
            setid = body.find(f"{{{LG}}}gegevenssetid")
            assert versie is not None and setid is not None
            setid.addnext(versie)
        return build_envelope(body, headers=[self._header()])

    def _header(self) -> etree._Element:
        p = self.profile
        klantcode = "CT-EA-9999" if "ea-klantcode-of-another-party" in self.defects else p.klantcode
        return codec.autorisatie_header(klantnaam=p.klantnaam, klantcode=klantcode,
                                        autorisatiesleutel=p.autorisatiesleutel)

    def _send(self, http: HttpClient, operation: str, payload: bytes) -> SoapMessage | None:
        url = self.results_endpoint if operation == "BrengLeerresultaten" else self.endpoint
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{OPERATIONS[operation][3]}"'}
        try:
            exchange = http.post(url, payload, headers=headers, label=operation)
            return parse_envelope(exchange.response_body)
        except (ConformanceError, XmlRejected) as exc:
            _LOG.debug("reference client: %s failed: %s", operation, exc)
            return None

    @staticmethod
    def _data(answer: SoapMessage) -> codec.UwlrAnswer | None:
        if answer.body is None:
            return None
        try:
            uwlr_answer = read_answer(answer.body)
        except ValueError:
            return None
        return uwlr_answer if uwlr_answer.has_data else None

    def _getrapt(self, http: HttpClient, structuur: codec.UwlrAnswer, last_received: str) -> codec.UwlrAnswer | None:
        """The pupils of every group the structure named (laatstontvangengegevens left out: the groups are new)."""
        groepen = tuple(GroupSelection(key, kind == "samengestelde_groep") for key, kind in structuur.groepen.items())
        answer = self._send(http, "HaalLeerlingen", self._payload("HaalLeerlingen", None, groepen=groepen))
        return self._data(answer) if answer is not None else None

    def _push(self, http: HttpClient, data: codec.UwlrAnswer) -> None:
        """Results of the first three pupils on one test with its normering; in 2.3 with the pupil's ECK iD."""
        p = self.profile
        today = dt.date.today()
        versie = "2.2" if "ea-xsdversie-not-declared" in self.defects else p.versie
        with_eckid = p.versie != "2.2" and "ea-results-without-eckid" not in self.defects
        resultaten = [Toetsresultaat(leerlingid=el.get("key", ""), toetscode=_TEST_CODE, score=20 + i,
                                     afnamedatum=today, eckid=el.get("eckid") if with_eckid else None)
                      for i, el in enumerate(list(data.leerlingen.values())[:3])]
        if "ea-results-for-unknown-pupil" in self.defects:
            resultaten[0] = dataclasses.replace(resultaten[0], leerlingid="ONBEKEND-0001", eckid=None)
        if "ea-score-out-of-range" in self.defects:
            resultaten[0] = dataclasses.replace(resultaten[0], score=_NORMERING[-1][2] + 15)
        body = codec.leerresultaten_verzoek(schooljaar=p.schooljaar, brincode=p.brincode,
                                            dependancecode=p.dependancecode, xsdversie=versie,
                                            resultaten=resultaten, toetscodes=[_TEST_CODE],
                                            aanmaakdatum=dt.datetime.now(dt.UTC).replace(microsecond=0),
                                            normering={_TEST_CODE: _NORMERING})
        self._send(http, "BrengLeerresultaten", build_envelope(body, headers=[self._header()]))


def start_reference_with_ea(state_dir: Path, defects: Sequence[str] = (), *, getrapt: bool = True,
                            **kwargs: Any) -> ReferenceWithClient:
    """Start the reference LAS (with its own defects) and the reference client (with the ea-* defects); the demo's
    client fetches getrapt (structure, then pupils) and pushes results, alles-in-één without `getrapt`."""
    from conformance.standards.uwlr.reference_server import start_reference

    las = start_reference(state_dir, [d for d in defects if d not in EA_NAMES], **kwargs)
    try:
        pki = ensure_loopback_pki(state_dir / "pki")
        port = free_port()
        pupil_data = demo_data()
        school = pupil_data.school
        profile = ClientProfile(versie="2.3", gegevenssetid="Smalle-set", getrapt=getrapt, pusht=True,
                                klantnaam=pupil_data.klantnaam, klantcode=pupil_data.klantcode,
                                autorisatiesleutel=pupil_data.autorisatiesleutel, schooljaar=school.schooljaar,
                                brincode=school.brincode, dependancecode=school.dependancecode)
        base = f"https://localhost:{port}"
        ea = ReferenceEa(f"{base}{ENDPOINT_PATH}", f"{base}{RESULTS_PATH}", pki, profile,
                         defects=[d for d in defects if d in EA_NAMES], pollinterval=DEMO_POLLINTERVAL).start()
    except BaseException:
        las.stop()
        raise
    ea_config = {
        "versie": profile.versie,
        "operaties": [*(["HaalStructuur", "HaalLeerlingen"] if getrapt else ["HaalLeerlinggegevens"]),
                      "BrengLeerresultaten"],
        "profiel": "smalle-set", "gegevenssetid": profile.gegevenssetid, "klantnaam": profile.klantnaam,
        "klantcode": profile.klantcode, "autorisatiesleutel": profile.autorisatiesleutel,
        "min_pollinterval": DEMO_MIN_POLLINTERVAL, "poort": port, "wachttijd": 60, "nawacht": 0.5,
    }
    return ReferenceWithClient(las, ea, "ea", ea_config)
