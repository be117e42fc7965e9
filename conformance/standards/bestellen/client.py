"""The ordering party's side: sends requests to a candidate's order and licence services and reads the answers."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from conformance.edukoppeling.addressing import Adressering, lees_adressering, nieuw_message_id
from conformance.edukoppeling.afzender import Afzender
from conformance.errors import Failure
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.codec import Problem
from conformance.standards.bestellen.settings import BestellenSettings
from conformance.transport import Exchange, HttpClient
from conformance.xml.antwoord import SoapAntwoord
from conformance.xml.soap import SoapMessage

_Read = TypeVar("_Read")

__all__ = ["BestelClient", "Uitwisseling", "nieuwe_referentie"]


def nieuwe_referentie() -> str:
    """A fresh requestReferenceId (a UUID, as the Edu-V APIs use)."""
    return str(uuid.uuid4())


@dataclasses.dataclass
class Uitwisseling(SoapAntwoord[Problem]):
    """One exchange, read as SOAP once, on demand."""

    operation: str
    message_id: str
    exchange: Exchange

    def read_fault(self, message: SoapMessage) -> Problem | None:
        return codec.read_fault(message)

    def describe_fault(self, fault: Problem) -> str:
        return f"{fault.code}: {fault.message}"

    def body(self, requirement: str | None = None) -> etree._Element:
        """The answer element of the operation; a Failure for a fault or anything else."""
        return self.answer_element(codec.NS, f"{self.operation}Response", requirement)

    def _read(self, reader: Callable[[etree._Element], _Read], requirement: str | None = None) -> _Read:
        try:
            return reader(self.body(requirement))
        except ValueError as exc:
            raise Failure(f"the {self.operation} answer cannot be read: {exc}", requirement=requirement) from exc

    def order(self, requirement: str | None = None) -> codec.OrderAnswer:
        return self._read(codec.read_order_answer, requirement)

    def licences(self, requirement: str | None = None) -> list[codec.Licence]:
        return self._read(codec.read_licences_answer, requirement)

    def changed(self, requirement: str | None = None) -> list[codec.LicenceResult]:
        return self._read(codec.read_licences_changed, requirement)

    def adressering(self, requirement: str | None = None) -> Adressering:
        return lees_adressering(self.message(requirement))


class BestelClient:
    """Builds requests through the shared Edukoppeling sender (addressed, and signed in 2W-be-S) and sends them to
    the candidate's endpoints; `afzender` carries the suite's signing key (see `Afzender.uit_bestanden`)."""

    def __init__(self, http: HttpClient, settings: BestellenSettings, afzender: Afzender | None = None) -> None:
        self.http = http
        self.settings = settings
        self.afzender = afzender or Afzender(profiel=settings.profiel)

    def verpak(self, operation: str, body: etree._Element, *, ondertekenen: bool | None = None,
               afzender: Afzender | None = None) -> tuple[bytes, str]:
        """The request as sent, and its wsa:MessageID; `ondertekenen=False` makes a deliberately unsigned one,
        `afzender` one signed by another certificate (a probe)."""
        endpoint = self.settings.endpoint(operation)
        message_id = nieuw_message_id()
        headers = Adressering(to=endpoint, action=codec.soap_action(operation), message_id=message_id,
                              from_oin=self.settings.oin)
        return (afzender or self.afzender).verpak(body, headers, ondertekenen=ondertekenen), message_id

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
