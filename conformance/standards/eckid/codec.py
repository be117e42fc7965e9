"""NV 201703 messages: building requests and answers, reading them back, and NV faults with their faultactor.

One module for both sides, so the reference NV and the scenario tests can never disagree on a name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import cast

from lxml import etree

from conformance.xml.soap import SOAP_ENV, SoapMessage

__all__ = [
    "FAULT_ACTION",
    "NS",
    "OPERATIONS",
    "BatchResult",
    "Lijstitem",
    "NvFault",
    "Ping",
    "answer_action",
    "build_nv_fault",
    "element",
    "read_batch",
    "read_list",
    "read_nv_fault",
    "read_ping",
    "request",
    "soap_action",
    "text_of",
]

NS = "http://ketenid.nl/eck/schemas/v1_0"

#: operation -> (request element, response element), local names in NS
OPERATIONS: dict[str, tuple[str, str]] = {
    "ping": ("pingRequest", "pingResponse"),
    "retrieveStampseudonym": ("retrieveStampseudonymRequest", "retrieveStampseudonymResponse"),
    "retrieveEckId": ("retrieveEckIdRequest", "retrieveEckIdResponse"),
    "submitStampseudonymBatch": ("submitStampseudonymBatchRequest", "submitBatchResponse"),
    "submitEckIdBatch": ("submitEckIdBatchRequest", "submitBatchResponse"),
    "retrieveBatch": ("retrieveBatchRequest", "retrieveBatchResponse"),
    "replaceStampseudonym": ("replaceStampseudonymRequest", "replaceStampseudonymResponse"),
    "retrieveChains": ("retrieveChainsRequest", "retrieveChainsResponse"),
    "retrieveSectors": ("retrieveSectorsRequest", "retrieveSectorsResponse"),
}


def soap_action(operation: str) -> str:
    return f"{NS}/{operation}"


def answer_action(operation: str) -> str:
    """wsa:Action of an answer (modelled: the request's action + "Response"; the NV's is not published)."""
    return f"{soap_action(operation)}Response"


#: wsa:Action of a SOAP fault (WS-Addressing 1.0 SOAP binding)
FAULT_ACTION = "http://www.w3.org/2005/08/addressing/soap/fault"


def element(local: str, *children: tuple[str, str] | etree._Element) -> etree._Element:
    """An NV element; children are (name, text) pairs or ready elements, in order."""
    el = etree.Element(f"{{{NS}}}{local}", nsmap={"nv": NS})
    for child in children:
        if isinstance(child, tuple):
            etree.SubElement(el, f"{{{NS}}}{child[0]}").text = child[1]
        else:
            el.append(child)
    return el


#: A batch's list as the caller gives it: (index, value) pairs; cast where `request` takes it from its fields.
_Pairs = Iterable[tuple[int, str]]


def request(operation: str, **fields: object) -> etree._Element:
    """The request body of `operation`. Lists: `hpgns` / `stampseudoniemen` as (index, value) pairs."""
    name = OPERATIONS[operation][0]
    if operation == "submitStampseudonymBatch":
        return element(name, *(element("hpgnList", ("index", str(i)), ("hPgn", v))
                               for i, v in cast(_Pairs, fields["hpgns"])))
    if operation == "submitEckIdBatch":
        items = [element("stampseudonymList", ("index", str(i)), ("stampseudonym", v))
                 for i, v in cast(_Pairs, fields["stampseudoniemen"])]
        return element(name, *items, ("chainId", str(fields["chainId"])), ("sectorId", str(fields["sectorId"])))
    return element(name, *((key, str(value)) for key, value in fields.items() if value is not None))


def text_of(parent: etree._Element, local: str) -> str | None:
    child = parent.find(f"{{{NS}}}{local}")
    return None if child is None else (child.text or "")


# --- answers read back ---------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Ping:
    available: str
    application_version: str
    system_time: str


@dataclasses.dataclass(frozen=True)
class Lijstitem:
    id: str
    name: str
    description: str
    last_edited: str


@dataclasses.dataclass(frozen=True)
class BatchResult:
    success: dict[int, str]
    failed: dict[int, str]


def _required(parent: etree._Element, local: str) -> str:
    value = text_of(parent, local)
    if value is None:
        raise ValueError(f"{etree.QName(parent).localname} lacks {local}")
    return value


def read_ping(body: etree._Element) -> Ping:
    return Ping(_required(body, "available"), _required(body, "applicationVersion"), _required(body, "systemTime"))


def read_list(body: etree._Element, item: str) -> list[Lijstitem]:
    return [Lijstitem(_required(el, "id"), _required(el, "name"), _required(el, "description"),
                      _required(el, "lastEdited")) for el in body.findall(f"{{{NS}}}{item}")]


def read_batch(body: etree._Element) -> BatchResult:
    def pairs(item: str, value: str) -> dict[int, str]:
        found: dict[int, str] = {}
        for el in body.findall(f"{{{NS}}}{item}"):
            index = _required(el, "index").strip()
            if not index.lstrip("-").isdigit():
                raise ValueError(f"{item}/index {index!r} is not an integer")
            if int(index) in found:
                raise ValueError(f"index {index} appears twice in {item}")
            found[int(index)] = _required(el, value)
        return found

    return BatchResult(pairs("success", "value"), pairs("failed", "errorMessage"))


# --- faults --------------------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class NvFault:
    """An NV fault as its clients read it: the faultactor names the exception."""

    faultcode: str
    faultstring: str
    faultactor: str | None
    exception: str | None  # from our nvFault detail, when present


def build_nv_fault(exception: str, message: str, *, code: str = "Client") -> bytes:
    """A SOAP 1.1 fault with faultactor = exception name, and the same name in an nvFault detail."""
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap": SOAP_ENV})
    fault = etree.SubElement(etree.SubElement(env, f"{{{SOAP_ENV}}}Body"), f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(fault, "faultcode").text = f"soap:{code}"
    etree.SubElement(fault, "faultstring").text = message
    etree.SubElement(fault, "faultactor").text = exception
    detail = etree.SubElement(fault, "detail")
    detail.append(element("nvFault", ("exception", exception), ("message", message)))
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def read_nv_fault(message: SoapMessage) -> NvFault | None:
    if message.fault is None:
        return None
    fault_el = message.body_children[0]
    actor = fault_el.find("faultactor")
    exception = fault_el.find(f"detail/{{{NS}}}nvFault/{{{NS}}}exception")
    return NvFault(message.fault.code_text, message.fault.faultstring,
                   (actor.text or "").strip() if actor is not None else None,
                   (exception.text or "").strip() if exception is not None else None)


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
