"""The LAS side of the NV: sends requests to a candidate NV and reads what comes back, as its clients do."""

from __future__ import annotations

import dataclasses
import time

from lxml import etree

from conformance.edukoppeling.addressing import Addressing, new_message_id
from conformance.edukoppeling.sender import Sender
from conformance.errors import Failure
from conformance.standards.eckid import codec
from conformance.standards.eckid.codec import NS, OPERATIONS, NvFault
from conformance.transport import Exchange, HttpClient
from conformance.xml.answer import SoapAnswer
from conformance.xml.soap import SoapMessage

__all__ = ["NvClient", "NvExchange"]


@dataclasses.dataclass
class NvExchange(SoapAnswer[NvFault]):
    """One exchange with the NV, read as SOAP once, on demand."""

    operation: str
    exchange: Exchange
    message_id: str | None = None  # the request's wsa:MessageID, when it had one

    def read_fault(self, message: SoapMessage) -> NvFault | None:
        return codec.read_nv_fault(message)

    def describe_fault(self, fault: NvFault) -> str:
        return f"{fault.faultactor or fault.faultcode}: {fault.faultstring}"

    def body(self, requirement: str | None = None) -> etree._Element:
        """The answer element of the operation; a Failure for a fault or anything else."""
        return self.answer_element(NS, OPERATIONS[self.operation][1], requirement)

    def value(self, name: str, requirement: str | None = None) -> str:
        value = codec.text_of(self.body(requirement), name)
        if value is None:
            raise Failure(f"{OPERATIONS[self.operation][1]} lacks {name}", requirement=requirement)
        return value

    def expect_exception(self, exception: str, requirement: str | None = None) -> NvFault:
        """The fault must name `exception` in its faultactor, which is what the NV's clients branch on."""
        fault = self.fault(requirement)
        if fault.faultactor != exception:
            raise Failure(f"Received: fault with faultactor {fault.faultactor!r} ({fault.faultstring})\n"
                          f"Expected: faultactor {exception}", requirement=requirement)
        return fault


class NvClient:
    """Builds NV requests through the shared Edukoppeling sender (addressed, and signed in 2W-be-S) and sends them
    to the candidate's endpoint; `sender` carries the profile and the suite's signing key (default: 2W-be)."""

    def __init__(self, http: HttpClient, endpoint: str, oin: str, sender: Sender | None = None) -> None:
        self.http = http
        self.endpoint = endpoint
        self.oin = oin
        self.sender = sender or Sender(profiel="2W-be")

    def send(self, operation: str, *, label: str | None = None, **fields: object) -> NvExchange:
        return self.send_body(operation, codec.request(operation, **fields), label=label or operation)

    def addressing(self, operation: str) -> Addressing:
        """The 2W-be request headers: To, Action, a fresh MessageID, and From carrying the school's OIN."""
        return Addressing(to=self.endpoint, action=codec.soap_action(operation), message_id=new_message_id(),
                           from_oin=self.oin)

    def wrap(self, operation: str, body: etree._Element, *, addressing: Addressing | None = None,
               sign: bool | None = None, sender: Sender | None = None) -> tuple[bytes, Addressing]:
        """The request as sent and its headers; `sign=False` makes a deliberately unsigned one, `sender`
        one signed by another certificate (a probe)."""
        addressing = addressing or self.addressing(operation)
        return (sender or self.sender).wrap(body, addressing, sign=sign), addressing

    def send_body(self, operation: str, body: etree._Element, *, label: str,
                  addressing: Addressing | None = None) -> NvExchange:
        """Send `body` with WS-Addressing headers (`addressing`, or fresh ones for `operation`)."""
        payload, addressing = self.wrap(operation, body, addressing=addressing)
        answer = self.send_bytes(operation, payload, label=label)
        answer.message_id = addressing.message_id
        return answer

    def send_bytes(self, operation: str, payload: bytes, *, label: str) -> NvExchange:
        http_headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{codec.soap_action(operation)}"'}
        return NvExchange(operation, self.http.post(self.endpoint, payload, headers=http_headers, label=label))

    def wait_for_batch(self, identifier: str, *, interval: float, attempts: int,
                       requirement: str | None = None) -> NvExchange:
        """Poll retrieveBatch while the NV answers NotFinishedException, as the reference clients do."""
        for attempt in range(attempts):
            answer = self.send("retrieveBatch", batchIdentifier=identifier, label=f"retrieveBatch (poll {attempt + 1})")
            if isinstance(answer.soap, SoapMessage):
                fault = codec.read_nv_fault(answer.soap)
                if fault is not None and fault.faultactor in ("NotFinishedException", "TemporaryBlockedException"):
                    time.sleep(interval)
                    continue
            return answer
        raise Failure(f"the batch was still not finished after {attempts} polls {interval} s apart",
                      requirement=requirement)
