"""The ordering party's side: sends requests to a candidate's order and licence services and reads the answers."""

from __future__ import annotations

import dataclasses
import uuid
from functools import cached_property

from lxml import etree

from conformance.edukoppeling.addressing import Adressering, lees_adressering, nieuw_message_id
from conformance.edukoppeling.afzender import Afzender
from conformance.errors import Failure
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.codec import Problem
from conformance.standards.bestellen.settings import BestellenSettings
from conformance.transport import Exchange, HttpClient
from conformance.xml import XmlRejected
from conformance.xml.soap import SoapMessage, parse_envelope

__all__ = ["BestelClient", "Uitwisseling", "nieuwe_referentie"]


def nieuwe_referentie() -> str:
    """A fresh requestReferenceId (a UUID, as the Edu-V APIs use)."""
    return str(uuid.uuid4())


@dataclasses.dataclass
class Uitwisseling:
    """One exchange, read as SOAP once, on demand."""

    operation: str
    message_id: str
    exchange: Exchange

    @cached_property
    def soap(self) -> SoapMessage | str:
        try:
            return parse_envelope(self.exchange.response_body)
        except XmlRejected as exc:
            return str(exc)

    def message(self, requirement: str) -> SoapMessage:
        """The answer as a SOAP message, whatever it holds; a Failure when it is not SOAP."""
        if isinstance(self.soap, str):
            raise Failure(f"the answer is not a SOAP envelope ({self.soap})\n"
                          f"Received: {self.exchange.describe_response()}", requirement=requirement)
        return self.soap

    def body(self, requirement: str) -> etree._Element:
        """The answer element of the operation; a Failure for a fault or anything else."""
        message = self.message(requirement)
        expected = f"{self.operation}Response"
        fault = codec.read_fault(message)
        if fault is not None:
            raise Failure(f"expected {expected}, got fault {fault.code}: {fault.message}", requirement=requirement)
        if self.exchange.status != 200:
            raise Failure(f"expected HTTP 200 with {expected}, got HTTP {self.exchange.status}", requirement=requirement)
        body = message.body
        if body is None or body.tag != f"{{{codec.NS}}}{expected}":
            found = body.tag if body is not None else f"{len(message.body_children)} body elements"
            raise Failure(f"expected {expected}, received {found}", requirement=requirement)
        return body

    def _read(self, reader, requirement: str):  # type: ignore[no-untyped-def]
        try:
            return reader(self.body(requirement))
        except ValueError as exc:
            raise Failure(f"the {self.operation} answer cannot be read: {exc}", requirement=requirement) from exc

    def order(self, requirement: str) -> codec.OrderAnswer:
        return self._read(codec.read_order_answer, requirement)

    def licences(self, requirement: str) -> list[codec.Licence]:
        return self._read(codec.read_licences_answer, requirement)

    def changed(self, requirement: str) -> list[codec.LicenceResult]:
        return self._read(codec.read_licences_changed, requirement)

    def fault(self, requirement: str) -> Problem:
        """The SOAP fault that came back; a Failure when the answer is anything else."""
        message = self.message(requirement)
        fault = codec.read_fault(message)
        if fault is None:
            found = message.body.tag if message.body is not None else f"{len(message.body_children)} body elements"
            raise Failure(f"expected a SOAP fault, received {found} (HTTP {self.exchange.status})",
                          requirement=requirement)
        if self.exchange.status != 500:
            raise Failure(f"a SOAP 1.1 fault comes with HTTP 500, got HTTP {self.exchange.status}",
                          requirement=requirement)
        return fault

    def adressering(self, requirement: str) -> Adressering:
        return lees_adressering(self.message(requirement))


class BestelClient:
    """Builds requests through the shared Edukoppeling sender (addressed, and signed in 2W-be-S) and sends them to
    the candidate's endpoints; `afzender` carries the suite's signing key (see `Afzender.uit_bestanden`)."""

    def __init__(self, http: HttpClient, settings: BestellenSettings, afzender: Afzender | None = None) -> None:
        self.http = http
        self.settings = settings
        self.afzender = afzender or Afzender(profiel=settings.profiel)

    def verpak(self, operation: str, body: etree._Element, *, ondertekenen: bool | None = None) -> tuple[bytes, str]:
        """The request as sent, and its wsa:MessageID; `ondertekenen=False` makes a deliberately unsigned one."""
        endpoint = self.settings.endpoint(operation)
        message_id = nieuw_message_id()
        headers = Adressering(to=endpoint, action=codec.soap_action(operation), message_id=message_id,
                              from_oin=self.settings.oin)
        return self.afzender.verpak(body, headers, ondertekenen=ondertekenen), message_id

    def post(self, operation: str, payload: bytes, message_id: str, *, label: str | None = None) -> Uitwisseling:
        """POST an envelope as it is (also a tampered one) with the operation's SOAPAction."""
        http_headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{codec.soap_action(operation)}"'}
        exchange = self.http.post(self.settings.endpoint(operation), payload, headers=http_headers,
                                  label=label or operation)
        return Uitwisseling(operation, message_id, exchange)

    def send(self, operation: str, body: etree._Element, *, label: str | None = None) -> Uitwisseling:
        payload, message_id = self.verpak(operation, body)
        return self.post(operation, payload, message_id, label=label)

    # --- the messages the tests send, in the domain's words ---------------------------------------------------

    def bestel(self, school: str, lines: list[codec.OrderLine], *, reference: str | None = None,
               label: str = "placeOrder") -> Uitwisseling:
        order = codec.Order(reference or nieuwe_referentie(), self.settings.oin, school, tuple(lines))
        return self.send("placeOrder", codec.place_order(order), label=label)

    def lees_order(self, order_id: str, *, label: str = "readOrder") -> Uitwisseling:
        return self.send("readOrder", codec.read_order(nieuwe_referentie(), self.settings.oin, order_id), label=label)

    def annuleer(self, order_id: str, lines: list[int] | None = None, *, label: str = "cancelOrder") -> Uitwisseling:
        body = codec.cancel_order(nieuwe_referentie(), self.settings.oin, order_id, lines or ())
        return self.send("cancelOrder", body, label=label)

    def licenties(self, *, school: str | None = None, eck_id: str | None = None, order_id: str | None = None,
                  label: str = "readLicences") -> Uitwisseling:
        body = codec.read_licences(nieuwe_referentie(), self.settings.oin, school=school, eck_id=eck_id,
                                   order_id=order_id)
        return self.send("readLicences", body, label=label)

    def wijzig(self, operation: str, licence_ids: list[str], *, label: str | None = None) -> Uitwisseling:
        body = codec.change_licences(operation, nieuwe_referentie(), self.settings.oin, licence_ids)
        return self.send(operation, body, label=label or operation)
