"""SOAP 1.1 envelopes and faults, with fault codes compared as QNames, never as prefixed strings."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from lxml import etree

from conformance.xml._safe import XmlRejected, parse_bytes

__all__ = ["SOAP_ENV", "Fault", "SoapMessage", "build_envelope", "build_fault", "parse_envelope"]

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_ENV = f"{{{SOAP_ENV}}}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Fault:
    """A SOAP 1.1 fault with its code resolved to (namespace, local part)."""

    code_namespace: str | None
    code_local: str
    code_text: str
    faultstring: str

    def is_code(self, namespace: str, local: str) -> bool:
        return self.code_namespace == namespace and self.code_local == local

    @property
    def clark(self) -> str:
        return f"{{{self.code_namespace}}}{self.code_local}" if self.code_namespace else self.code_local


@dataclasses.dataclass(frozen=True, kw_only=True)
class SoapMessage:
    """A parsed envelope: its header blocks and either one body child or a fault."""

    envelope: etree._Element
    headers: tuple[etree._Element, ...]
    body_children: tuple[etree._Element, ...]
    fault: Fault | None

    @property
    def body(self) -> etree._Element | None:
        return self.body_children[0] if len(self.body_children) == 1 else None


def build_envelope(body: etree._Element | None, *, headers: Iterable[etree._Element] = ()) -> bytes:
    """Wrap a body element (and header blocks) in a SOAP 1.1 envelope, UTF-8 with declaration."""
    env = etree.Element(f"{_ENV}Envelope", nsmap={"soap": SOAP_ENV})
    header_blocks = list(headers)
    if header_blocks:
        header = etree.SubElement(env, f"{_ENV}Header")
        header.extend(header_blocks)
    soap_body = etree.SubElement(env, f"{_ENV}Body")
    if body is not None:
        soap_body.append(body)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def build_fault(code_local: str, faultstring: str, *, prefix: str = "soap") -> bytes:
    """A fault whose code is qualified with the envelope namespace (`soap:Client.X`)."""
    env = etree.Element(f"{_ENV}Envelope", nsmap={prefix: SOAP_ENV})
    body = etree.SubElement(env, f"{_ENV}Body")
    fault = etree.SubElement(body, f"{_ENV}Fault")
    etree.SubElement(fault, "faultcode").text = f"{prefix}:{code_local}"
    etree.SubElement(fault, "faultstring").text = faultstring
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def _parse_fault(fault_el: etree._Element) -> Fault:
    code_el = fault_el.find("faultcode")
    string_el = fault_el.find("faultstring")
    text = (code_el.text or "").strip() if code_el is not None else ""
    namespace: str | None = None
    local = text
    if ":" in text:
        prefix, local = text.split(":", 1)
        namespace = code_el.nsmap.get(prefix) if code_el is not None else None
        if namespace is None:
            namespace = f"(undeclared prefix {prefix!r})"
    return Fault(code_namespace=namespace, code_local=local, code_text=text,
                 faultstring=(string_el.text or "") if string_el is not None else "")


def parse_envelope(data: bytes) -> SoapMessage:
    """Parse a SOAP 1.1 envelope; raises XmlRejected with a reason when it is not one."""
    root = parse_bytes(data)
    if root.tag != f"{_ENV}Envelope":
        raise XmlRejected(f"root element is {root.tag!s}, not a SOAP 1.1 Envelope")
    header = root.find(f"{_ENV}Header")
    body = root.find(f"{_ENV}Body")
    if body is None:
        raise XmlRejected("SOAP envelope has no Body")
    children = tuple(child for child in body if isinstance(child.tag, str))
    fault = None
    if len(children) == 1 and children[0].tag == f"{_ENV}Fault":
        fault = _parse_fault(children[0])
    headers = tuple(h for h in header if isinstance(h.tag, str)) if header is not None else ()
    return SoapMessage(envelope=root, headers=headers, body_children=children, fault=fault)
