"""The ordering party's side: sends requests to a candidate's order and licence services and reads the answers."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from typing import TypeVar

from lxml import etree

from conformance.edukoppeling.addressing import Addressing, read_addressing, new_message_id
from conformance.edukoppeling.sender import Sender
from conformance.errors import Failure
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.codec import Problem
from conformance.standards.bestellen.settings import BestellenSettings
from conformance.transport import Exchange, HttpClient
from conformance.xml.answer import SoapAnswer
from conformance.xml.soap import SoapMessage

_Read = TypeVar("_Read")

__all__ = ["OrderClient", "OrderExchange", "new_reference"]


def new_reference() -> str:
    """A fresh requestReferenceId (a UUID, as the Edu-V APIs use)."""
    return str(uuid.uuid4())


@dataclasses.dataclass
class OrderExchange(SoapAnswer[Problem]):
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

    def addressing(self, requirement: str | None = None) -> Addressing:
        return read_addressing(self.message(requirement))


class OrderClient:
    """Builds requests through the shared Edukoppeling sender (addressed, and signed in 2W-be-S) and sends them to
    the candidate's endpoints; `sender` carries the suite's signing key (see `Sender.from_files`)."""

    def __init__(self, http: HttpClient, settings: BestellenSettings, sender: Sender | None = None) -> None:
        self.http = http
        self.settings = settings
        self.sender = sender or Sender(profiel=settings.profiel)

    def wrap(self, operation: str, body: etree._Element, *, sign: bool | None = None,
               sender: Sender | None = None) -> tuple[bytes, str]:
        """The request as sent, and its wsa:MessageID; `sign=False` makes a deliberately unsigned one,
        `sender` one signed by another certificate (a probe)."""
        endpoint = self.settings.endpoint(operation)
        message_id = new_message_id()
        headers = Addressing(to=endpoint, action=codec.soap_action(operation), message_id=message_id,
                              from_oin=self.settings.oin)
        return (sender or self.sender).wrap(body, headers, sign=sign), message_id

    def post(self, operation: str, payload: bytes, message_id: str, *, label: str | None = None) -> OrderExchange:
        """POST an envelope as it is (also a tampered one) with the operation's SOAPAction."""
        http_headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{codec.soap_action(operation)}"'}
        exchange = self.http.post(self.settings.endpoint(operation), payload, headers=http_headers,
                                  label=label or operation)
        return OrderExchange(operation, message_id, exchange)

    def send(self, operation: str, body: etree._Element, *, label: str | None = None) -> OrderExchange:
        payload, message_id = self.wrap(operation, body)
        return self.post(operation, payload, message_id, label=label)

    # --- the messages the tests send, in the domain's words ---------------------------------------------------

    def place_order(self, school: str, lines: list[codec.OrderLine], *, reference: str | None = None,
               label: str = "placeOrder") -> OrderExchange:
        order = codec.Order(reference or new_reference(), self.settings.oin, school, tuple(lines))
        return self.send("placeOrder", codec.place_order(order), label=label)

    def read_order(self, order_id: str, *, label: str = "readOrder") -> OrderExchange:
        return self.send("readOrder", codec.read_order(new_reference(), self.settings.oin, order_id), label=label)

    def cancel(self, order_id: str, lines: list[int] | None = None, *, label: str = "cancelOrder") -> OrderExchange:
        body = codec.cancel_order(new_reference(), self.settings.oin, order_id, lines or ())
        return self.send("cancelOrder", body, label=label)

    def licenties(self, *, school: str | None = None, eck_id: str | None = None, order_id: str | None = None,
                  label: str = "readLicences") -> OrderExchange:
        body = codec.read_licences(new_reference(), self.settings.oin, school=school, eck_id=eck_id,
                                   order_id=order_id)
        return self.send("readLicences", body, label=label)

    def change(self, operation: str, licence_ids: list[str], *, label: str | None = None) -> OrderExchange:
        body = codec.change_licences(operation, new_reference(), self.settings.oin, licence_ids)
        return self.send(operation, body, label=label or operation)
