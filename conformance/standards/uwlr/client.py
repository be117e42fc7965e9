"""The EA side of UWLR: sends requests to the candidate LAS and judges what comes back as SOAP."""

from __future__ import annotations

import dataclasses
from typing import Any

from lxml import etree

from conformance.errors import Failure
from conformance.standards.uwlr import codec
from conformance.standards.uwlr.codec import OPERATIONS, UwlrAnswer, read_answer
from conformance.standards.uwlr.settings import UwlrSettings
from conformance.transport import Exchange, HttpClient
from conformance.xml.answer import SoapAnswer
from conformance.xml.soap import Fault, build_envelope

__all__ = ["DEFAULT_HEADER", "UwlrClient", "UwlrExchange"]

DEFAULT_HEADER: Any = object()  # sentinel: use the configured autorisatie


@dataclasses.dataclass
class UwlrExchange(SoapAnswer[Fault]):
    """One exchange with the LAS, with the SOAP reading of its answer done once, on demand."""

    operation: str
    exchange: Exchange

    def answer(self, requirement: str | None = None) -> UwlrAnswer:
        """The answer element read as UWLR data; a Failure when a fault or anything else came back."""
        soap = self.success_message(OPERATIONS[self.operation][1], requirement)
        if soap.body is None:
            raise Failure(f"the SOAP Body holds {len(soap.body_children)} elements, expected exactly one",
                          requirement=requirement)
        try:
            return read_answer(soap.body)
        except ValueError as exc:
            raise Failure(str(exc), requirement=requirement) from exc

    def body(self, requirement: str | None = None) -> etree._Element:
        """The single body element, whatever it is, when no fault came back."""
        soap = self.message(requirement)
        fault = self.read_fault(soap)
        if fault is not None:
            raise Failure(f"expected an answer, got fault {self.describe_fault(fault)}", requirement=requirement)
        if soap.body is None:
            raise Failure(f"the SOAP Body holds {len(soap.body_children)} elements, expected exactly one",
                          requirement=requirement)
        return soap.body

    def fault(self, requirement: str | None = None) -> Fault:
        """The SOAP fault that came back; a Failure when the answer is not a fault."""
        soap = self.message(requirement, not_soap="expected a SOAP fault, but the answer is not a SOAP envelope")
        fault = self.read_fault(soap)
        if fault is None:
            found = soap.body.tag if soap.body is not None else f"{len(soap.body_children)} body elements"
            raise Failure(f"expected a SOAP fault, received {found!s}", requirement=requirement)
        return fault

    def expect_fault(self, code: str, requirement: str | None = None) -> Fault:
        """The fault must carry `code` (e.g. Client.AutorisatieOngeldig) as a local part.

        Its namespace is judged by its own requirement (UWLR-FLT-14), so that one wrong prefix
        binding does not fail every fault test.
        """
        fault = self.fault(requirement)
        if fault.code_local != code:
            raise Failure(f"Received: faultcode {fault.code_text} ({fault.faultstring})\nExpected: "
                          f"faultcode {code} qualified with the SOAP envelope namespace", requirement=requirement)
        return fault


class UwlrClient:
    """Builds requests from the candidate's test data and sends them to its endpoints."""

    def __init__(self, http: HttpClient, settings: UwlrSettings) -> None:
        self.http = http
        self.settings = settings

    def header(self, **overrides: str) -> etree._Element:
        values = {"klantnaam": self.settings.klantnaam, "klantcode": self.settings.klantcode,
                  "autorisatiesleutel": self.settings.autorisatiesleutel, **overrides}
        return codec.autorisatie_header(**values)

    def verzoek(self, operation: str, **overrides: Any) -> etree._Element:
        """A request for the candidate's test school; keyword overrides replace single fields."""
        td = self.settings.testdata
        fields: dict[str, Any] = {"schooljaar": td.schooljaar, "xsdversie": self.settings.versie}
        if td.brincode and "schoolkey" not in overrides:
            fields.update(brincode=td.brincode, dependancecode=td.dependancecode)
        elif not td.brincode:
            fields.update(schoolkey=td.schoolkey)
        fields.update(overrides)
        return codec.verzoek(operation, **fields)

    def send(self, operation: str, body: etree._Element | None, *, label: str,
             header: Any = DEFAULT_HEADER) -> UwlrExchange:
        headers = [self.header()] if header is DEFAULT_HEADER else ([] if header is None else [header])
        return self.send_bytes(operation, build_envelope(body, headers=headers), label=label)

    def send_bytes(self, operation: str, payload: bytes, *, label: str) -> UwlrExchange:
        http_headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{OPERATIONS[operation][3]}"'}
        exchange = self.http.post(self.settings.endpoints[operation], payload, headers=http_headers, label=label)
        return UwlrExchange(operation, exchange)

