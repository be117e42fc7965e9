"""An answer read as SOAP once, on demand, and the two things a scenario test asks of it: the operation's answer
element, or a fault. Anything else is a Failure that says what came back; each standard reads a fault in its own
terms."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from lxml import etree

from conformance.errors import Failure
from conformance.xml._safe import XmlRejected
from conformance.xml.soap import Fault, SoapMessage, parse_envelope

if TYPE_CHECKING:
    from conformance.transport import Exchange

__all__ = ["SoapAnswer"]

F = TypeVar("F")


class SoapAnswer(Generic[F]):
    """Mixed into a standard's record of one exchange (which has an `exchange`). A fault is read as SOAP 1.1's own
    (faultcode and faultstring) unless the standard reads more of it (`read_fault`, `describe_fault`)."""

    exchange: Exchange

    def read_fault(self, message: SoapMessage) -> F | None:
        """The fault `message` holds, read in the standard's terms; None when it holds none."""
        return cast("F | None", message.fault)

    def describe_fault(self, fault: F) -> str:
        """The fault as a failure names it: what a reader of the report needs to tell one from another."""
        soap_fault = cast(Fault, fault)
        return f"{soap_fault.code_text}: {soap_fault.faultstring}"

    def _received(self) -> str:
        return f"Received: {self.exchange.describe_response()}"

    @cached_property
    def soap(self) -> SoapMessage | str:
        """The parsed envelope, or why the answer is not one (a cut-off answer is never parsed)."""
        if self.exchange.cut_reason:
            return f"the suite stopped reading it: {self.exchange.cut_reason}"
        try:
            return parse_envelope(self.exchange.response_body)
        except XmlRejected as exc:
            return str(exc)

    def message(self, requirement: str | None = None, *, not_soap: str = "the answer is not a SOAP envelope"
                ) -> SoapMessage:
        """The answer as a SOAP message, whatever it holds; a Failure opening with `not_soap` when it is not SOAP."""
        if isinstance(self.soap, str):
            raise Failure(f"{not_soap} ({self.soap})\n{self._received()}", requirement=requirement)
        return self.soap

    def success_message(self, expected: str, requirement: str | None = None, *, status_with: str = "the answer",
                        not_soap: str = "the answer is not a SOAP envelope") -> SoapMessage:
        """An HTTP 200 SOAP answer without a fault, whatever its body; a Failure naming what was `expected`
        otherwise."""
        message = self.message(requirement, not_soap=not_soap)
        fault = self.read_fault(message)
        if fault is not None:
            raise Failure(f"expected {expected}, got fault {self.describe_fault(fault)}", requirement=requirement)
        if self.exchange.status != 200:
            raise Failure(f"expected HTTP 200 with {status_with}, got HTTP {self.exchange.status}",
                          requirement=requirement)
        return message

    def answer_element(self, namespace: str, name: str, requirement: str | None = None) -> etree._Element:
        """The answer element `name` (in `namespace`) of an HTTP 200 answer; a Failure for a fault, another status
        or any other body."""
        message = self.success_message(name, requirement, status_with=name)
        body = message.body
        if body is None or body.tag != f"{{{namespace}}}{name}":
            found = body.tag if body is not None else f"{len(message.body_children)} body elements"
            raise Failure(f"expected {{{namespace}}}{name}, received {found!s}", requirement=requirement)
        return body

    def fault(self, requirement: str | None = None) -> F:
        """The SOAP fault that came back, with HTTP 500 as SOAP 1.1 binds it; a Failure when the answer is anything
        else."""
        message = self.message(requirement)
        fault = self.read_fault(message)
        if fault is None:
            found = message.body.tag if message.body is not None else f"{len(message.body_children)} body elements"
            raise Failure(f"expected a SOAP fault, received {found!s} (HTTP {self.exchange.status})",
                          requirement=requirement)
        if self.exchange.status != 500:
            raise Failure(f"a SOAP 1.1 fault comes with HTTP 500, got HTTP {self.exchange.status}",
                          requirement=requirement)
        return fault
