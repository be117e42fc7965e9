"""The ReadCatalog SOAP messages: the request Body, the answer and the fault, each built in one place.

The envelope carries Edukoppeling's WS-Addressing headers (eck-dt §2.3: WS-A in request and response),
written by `conformance.edukoppeling.addressing`. The body of an answer is spliced in as text after the
headers are written, so a page of records is never parsed again just to address it (signing it, in
2W-be-S, does parse it once). A request is wrapped, addressed and signed by the shared `Sender`.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from conformance.edukoppeling.addressing import Addressing, address_message, answer_addressing
from conformance.standards.catalogus._model import namespace_of
from conformance.xml.soap import SOAP_ENV

__all__ = ["READ_CATALOG_ACTION", "envelope", "fault", "read_catalog_body", "read_catalog_result"]

_SLOT = b'<slot:slot xmlns:slot="urn:conformance:slot"/>'


def READ_CATALOG_ACTION(version: str) -> str:  # noqa: N802 - reads as a constant per version
    """The wsa:Action of ReadCatalog; modelled on the namespace, as the WSDL could not be read."""
    return f"{namespace_of(version)}/ReadCatalog"


def envelope(body_xml: str, addressing: Addressing | None) -> bytes:
    """A SOAP 1.1 envelope around `body_xml` (trusted text we wrote), with WS-Addressing headers if given."""
    shell = f'<s:Envelope xmlns:s="{SOAP_ENV}"><s:Body>{_SLOT.decode()}</s:Body></s:Envelope>'.encode()
    if addressing is not None:
        shell = address_message(shell, addressing)
    head, slot, tail = shell.partition(_SLOT)
    if not slot:
        raise RuntimeError("the envelope lost its body slot")
    if not head.startswith(b"<?xml"):
        head = b'<?xml version="1.0" encoding="UTF-8"?>\n' + head
    return head + body_xml.encode("utf-8") + tail


def read_catalog_body(version: str, first_entry: int | str, amount: int | str) -> bytes:
    """The Body of a ReadCatalog request as a harvester sends it (the `Sender` addresses and signs it)."""
    return (f'<ReadCatalog xmlns="{namespace_of(version)}"><firstEntry>{escape(str(first_entry))}</firstEntry>'
            f"<Amount>{escape(str(amount))}</Amount></ReadCatalog>").encode("utf-8")


def read_catalog_result(version: str, entries: list[str], first_entry: str, *, request: Addressing | None,
                        namespace: str | None = None) -> bytes:
    """A ReadCatalogResponse holding `entries` (Entry texts) and the paging fields."""
    ns = namespace or namespace_of(version)
    body = (f'<ReadCatalogResponse xmlns="{ns}"><ReadCatalogResult><Entries>{"".join(entries)}</Entries>'
            f"<numEntries>{len(entries)}</numEntries><firstEntry>{escape(first_entry)}</firstEntry>"
            "</ReadCatalogResult></ReadCatalogResponse>")
    return envelope(body, _reply(version, request))


def fault(version: str, code: str, text: str, *, request: Addressing | None) -> bytes:
    """A SOAP 1.1 fault (`s:Client...`); the code's namespace is the envelope's."""
    body = (f"<s:Fault><faultcode>s:{escape(code)}</faultcode><faultstring>{escape(text)}</faultstring>"
            "</s:Fault>")
    return envelope(body, _reply(version, request))


def _reply(version: str, request: Addressing | None) -> Addressing:
    return answer_addressing(request or Addressing(), action=f"{READ_CATALOG_ACTION(version)}Response")
