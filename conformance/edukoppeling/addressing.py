"""WS-Addressing 1.0 headers as Edukoppeling uses them on SOAP 1.1 (spec §2.4): who sends (`wsa:From` with
`?oin=`), to whom (`wsa:To`), which operation (`wsa:Action`), and how an answer is tied to its question
(`wsa:MessageID` / `wsa:RelatesTo`). Envelopes go in and out as bytes, like conformance.xml.soap.

The check functions return findings (empty list: fine), each naming the Edukoppeling requirement it breaks and
a one-line message a scenario test can show verbatim.
"""

from __future__ import annotations

import dataclasses
import re
import uuid
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from conformance.findings import Finding, Severity
from conformance.pki.oin import parse_oin
from conformance.xml import XmlRejected
from conformance.xml.soap import SOAP_ENV, SoapMessage, parse_envelope

__all__ = [
    "ANONYMOUS",
    "REPLY",
    "WSA",
    "Addressing",
    "address_with_oin",
    "address_message",
    "answer_addressing",
    "check_answer",
    "check_body",
    "check_soapaction",
    "check_utf8",
    "check_request",
    "read_addressing",
    "new_message_id",
    "oin_from_address",
    "parse_or_problem",
]

WSA = "http://www.w3.org/2005/08/addressing"
ANONYMOUS = f"{WSA}/anonymous"
REPLY = f"{WSA}/reply"
_W = f"{{{WSA}}}"
_ENV = f"{{{SOAP_ENV}}}"
#: The headers we read, in the order we write them.
_NAMES = ("To", "Action", "MessageID", "RelatesTo", "From", "ReplyTo")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Addressing:
    """The WS-Addressing headers of one message; None means the header is absent.

    `from_oin` is the `?oin=` of `wsa:From/wsa:Address`; `from_address` the whole address (when writing and it is
    None, the address is `anonymous?oin=<from_oin>`). `duplicates` names headers that occurred more than once.
    """

    to: str | None = None
    action: str | None = None
    message_id: str | None = None
    from_oin: str | None = None
    relates_to: str | None = None
    reply_to: str | None = None
    from_address: str | None = None
    relationship_type: str | None = None
    duplicates: tuple[str, ...] = ()


def new_message_id() -> str:
    """A fresh, globally unique MessageID."""
    return f"urn:uuid:{uuid.uuid4()}"


def address_with_oin(oin: str, address: str = ANONYMOUS) -> str:
    """`address` with the `?oin=` query parameter Edukoppeling implementations write (spec §2.4)."""
    return f"{address}{'&' if '?' in address else '?'}oin={oin}"


def oin_from_address(address: str | None) -> str | None:
    """The `oin` query parameter of an address (Digikoppeling's `OIN` too); None when absent."""
    if not address:
        return None
    for name, value in parse_qsl(urlsplit(address.strip()).query, keep_blank_values=True):
        if name.lower() == "oin":
            return value
    return None


def address_message(envelope: bytes, addressing: Addressing) -> bytes:
    """The envelope with `addressing` as its WS-Addressing headers; existing wsa headers are replaced."""
    message = parse_envelope(envelope)
    root = message.envelope
    header = root.find(f"{_ENV}Header")
    if header is None:
        header = etree.Element(f"{_ENV}Header")
        root.insert(0, header)
    for old in [h for h in header if isinstance(h.tag, str) and h.tag.startswith(_W)]:
        header.remove(old)

    def add(name: str) -> etree._Element:
        return etree.SubElement(header, f"{_W}{name}", nsmap={"wsa": WSA})

    if addressing.to is not None:
        add("To").text = addressing.to
    if addressing.action is not None:
        add("Action").text = addressing.action
    if addressing.message_id is not None:
        add("MessageID").text = addressing.message_id
    if addressing.relates_to is not None:
        relates = add("RelatesTo")
        relates.text = addressing.relates_to
        if addressing.relationship_type is not None:
            relates.set("RelationshipType", addressing.relationship_type)
    if addressing.from_address is not None or addressing.from_oin is not None:
        address = addressing.from_address or address_with_oin(addressing.from_oin or "")
        etree.SubElement(add("From"), f"{_W}Address").text = address
    if addressing.reply_to is not None:
        etree.SubElement(add("ReplyTo"), f"{_W}Address").text = addressing.reply_to
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def read_addressing(envelope: bytes | SoapMessage) -> Addressing:
    """The WS-Addressing headers of an envelope; XmlRejected when it is not a SOAP 1.1 envelope."""
    message = envelope if isinstance(envelope, SoapMessage) else parse_envelope(envelope)
    found: dict[str, etree._Element] = {}
    duplicates: list[str] = []
    for block in message.headers:
        local = etree.QName(block).localname
        if block.tag != f"{_W}{local}" or local not in _NAMES:
            continue
        if local in found:
            duplicates.append(local)
        else:
            found[local] = block

    def text(name: str) -> str | None:
        element = found.get(name)
        return None if element is None else (element.text or "").strip()

    def address(name: str) -> str | None:
        element = found.get(name)
        if element is None:
            return None
        inner = element.find(f"{_W}Address")
        return "" if inner is None else (inner.text or "").strip()

    from_address = address("From")
    relates = found.get("RelatesTo")
    return Addressing(to=text("To"), action=text("Action"), message_id=text("MessageID"),
                       from_oin=oin_from_address(from_address), relates_to=text("RelatesTo"),
                       reply_to=address("ReplyTo"), from_address=from_address,
                       relationship_type=None if relates is None else relates.get("RelationshipType"),
                       duplicates=tuple(duplicates))


def answer_addressing(verzoek: Addressing, *, action: str, from_oin: str | None = None) -> Addressing:
    """The headers of the answer to `verzoek`: its own Action and MessageID, RelatesTo the request's MessageID."""
    return Addressing(action=action, message_id=new_message_id(), relates_to=verzoek.message_id,
                       from_oin=from_oin, to=ANONYMOUS)


def _oin_problem(where: str, oin: str | None) -> str | None:
    if oin is None:
        return f"{where} has no ?oin= query parameter"
    try:
        parse_oin(oin)
    except ValueError as exc:
        return f"{where} ?oin= is not an OIN: {exc}"
    return None


#: The Edukoppeling requirements these checks judge. A standard built on the profile may report a breach under a
#: requirement of its own, with the finding's message.
_REQUEST_HEADERS = "EDUK-WSA-01"
_ANSWER_HEADERS = "EDUK-WSA-02"
_ANSWER_RELATES_TO = "EDUK-WSA-03"
_SOAPACTION = "EDUK-WSA-05"
_ANSWER_ENVELOPE = "EDUK-WSA-06"


def _finding(requirement: str, message: str) -> Finding:
    return Finding(requirement=requirement, severity=Severity.ERROR, message=message)


def _duplicate(name: str) -> str:
    return f"wsa:{name} occurs more than once"


def check_request(addressing: Addressing) -> list[Finding]:
    """A request's headers: To, Action, MessageID and From (with a valid `?oin=`) are mandatory."""
    problems = [_duplicate(name) for name in addressing.duplicates]
    for name, value in (("To", addressing.to), ("Action", addressing.action),
                        ("MessageID", addressing.message_id)):
        if value is None:
            problems.append(f"request has no wsa:{name}")
        elif not value:
            problems.append(f"request wsa:{name} is empty")
    if addressing.from_address is None:
        problems.append("request has no wsa:From")
    elif not addressing.from_address:
        problems.append("request wsa:From has no wsa:Address")
    else:
        problem = _oin_problem("request wsa:From/wsa:Address", addressing.from_oin)
        if problem:
            problems.append(problem)
    return [_finding(_REQUEST_HEADERS, problem) for problem in problems]


def check_answer(addressing: Addressing, request_message_id: str | None) -> list[Finding]:
    """A response's headers: Action and MessageID of its own, and RelatesTo naming the request's MessageID."""
    found = [_finding(_ANSWER_RELATES_TO if name == "RelatesTo" else _ANSWER_HEADERS, _duplicate(name))
             for name in addressing.duplicates]
    for name, value in (("Action", addressing.action), ("MessageID", addressing.message_id)):
        if value is None:
            found.append(_finding(_ANSWER_HEADERS, f"response has no wsa:{name}"))
        elif not value:
            found.append(_finding(_ANSWER_HEADERS, f"response wsa:{name} is empty"))
    if addressing.relates_to is None:
        found.append(_finding(_ANSWER_RELATES_TO, "response has no wsa:RelatesTo"))
    elif request_message_id is not None and addressing.relates_to != request_message_id:
        found.append(_finding(_ANSWER_RELATES_TO, f"response wsa:RelatesTo is {addressing.relates_to!r}, "
                                                 f"not the request's MessageID {request_message_id!r}"))
    if addressing.relationship_type not in (None, REPLY):
        found.append(_finding(_ANSWER_RELATES_TO, "response wsa:RelatesTo RelationshipType is "
                                                 f"{addressing.relationship_type!r}, not {REPLY}"))
    if (addressing.message_id and request_message_id is not None
            and addressing.message_id == request_message_id):
        found.append(_finding(_ANSWER_HEADERS, "response wsa:MessageID repeats the request's MessageID"))
    return found


def check_soapaction(soapaction: str | None, action: str | None) -> list[Finding]:
    """The HTTP SOAPAction must be empty (`""`) or equal to wsa:Action (Digikoppeling WS002).

    SOAP 1.1 quotes the value; an absent header is a problem too, since SOAP 1.1 over HTTP requires it.
    """
    if soapaction is None:
        return [_finding(_SOAPACTION, "HTTP SOAPAction header is missing")]
    value = soapaction.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if value and value != (action or ""):
        return [_finding(_SOAPACTION,
                         f"HTTP SOAPAction {soapaction!r} is neither empty nor equal to wsa:Action {action!r}")]
    return []


def check_body(message: SoapMessage) -> list[Finding]:
    """Exactly one element inside soap:Body (WS-I Basic Profile, Digikoppeling)."""
    count = len(message.body_children)
    return [] if count == 1 else [_finding(_ANSWER_ENVELOPE, f"soap:Body holds {count} elements, not exactly one")]


_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_CHARSET = re.compile(r"""charset\s*=\s*"?([A-Za-z0-9._-]+)""", re.IGNORECASE)


def check_utf8(data: bytes, content_type: str | None = None) -> list[Finding]:
    """UTF-8 only: the bytes decode as UTF-8, and neither the XML declaration nor the HTTP charset says otherwise."""
    problems = []
    declared = _DECLARED.match(data)
    if declared and declared.group(1).decode("ascii").lower() not in ("utf-8", "utf8"):
        problems.append(f"XML declaration says encoding {declared.group(1).decode('ascii')!r}, not UTF-8")
    if content_type:
        charset = _CHARSET.search(content_type)
        if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
            problems.append(f"HTTP Content-Type charset is {charset.group(1)!r}, not UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append("message starts with a UTF-16 byte order mark")
    else:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"message is not valid UTF-8 at byte {exc.start}")
    return [_finding(_ANSWER_ENVELOPE, problem) for problem in problems]


def parse_or_problem(data: bytes) -> tuple[SoapMessage | None, str | None]:
    """Parse an envelope, turning a rejection into a one-line problem instead of an exception."""
    try:
        return parse_envelope(data), None
    except XmlRejected as exc:
        return None, f"not a SOAP 1.1 envelope: {exc}"
