"""The messages of the reference service's one operation, "ping": what the demo's `[edukoppeling.operatie]` sends
and what the reference answers. Edukoppeling prescribes no operation of its own, so this small one is ours; a
candidate's own operation comes from its configuration (`verzoek`) and needs no codec.
"""

from __future__ import annotations

from lxml import etree

from conformance.edukoppeling.addressing import WSA
from conformance.xml.soap import SoapMessage

__all__ = ["FAULT_ACTION", "PING", "PING_ACTION", "PING_ANSWER_ACTION", "ping_answer", "ping_problem",
           "ping_request"]

PING = "urn:conformance:edukoppeling:ping"
PING_ACTION = f"{PING}/ping"
PING_ANSWER_ACTION = f"{PING}/pingResponse"
FAULT_ACTION = f"{WSA}/fault"


def ping_request(text: str = "hallo") -> bytes:
    """The request Body of the ping operation."""
    return f'<ping:ping xmlns:ping="{PING}">{text}</ping:ping>'.encode()


def ping_answer() -> etree._Element:
    """The answer Body of the ping operation."""
    pong = etree.Element(f"{{{PING}}}pingResponse", nsmap={"ping": PING})
    pong.text = "pong"
    return pong


def ping_problem(message: SoapMessage, action: str | None) -> str | None:
    """Why a request is not a ping (another wsa:Action, or another Body), None when it is one."""
    if action != PING_ACTION:
        return f"wsa:Action {action!r} is not an operation of this service"
    if len(message.body_children) != 1 or message.body_children[0].tag != f"{{{PING}}}ping":
        return f"the Body must hold one {{{PING}}}ping element"
    return None
