"""zeep, a SOAP client nobody here wrote, pointed at a running reference with OUR WSDL: what the zeep tests of each
standard share (the loopback test CA, the suite's client certificate where a reference asks for one, Edukoppeling's
wsa:From). If zeep and our references agree, neither merely agrees with itself."""

from __future__ import annotations

from pathlib import Path

import requests
import zeep
from lxml import etree
from zeep.transports import Transport
from zeep.wsa import WsAddressingPlugin

from conformance.edukoppeling.addressing import address_with_oin
from conformance.paths import state_dir
from conformance.pki import ensure_loopback_pki, oin_from_certificate

__all__ = ["WSA", "client_oin", "wsa_from", "zeep_client", "zeep_transport"]

WSA = "http://www.w3.org/2005/08/addressing"


def zeep_client(wsdl: Path, *, client_cert: bool = False, addressing: bool = False) -> zeep.Client:
    """A zeep Client on `wsdl` over `zeep_transport`, writing wsa:To, Action and MessageID when `addressing` (a WSDL
    whose operations name their wsaw:Action has zeep write them anyway)."""
    plugins = [WsAddressingPlugin()] if addressing else []
    return zeep.Client(str(wsdl), transport=zeep_transport(client_cert=client_cert), plugins=plugins)


def zeep_transport(*, client_cert: bool = False) -> Transport:
    """zeep's HTTP transport, trusting the loopback test CA only (never the shell's CA variables) and presenting the
    suite's client certificate when `client_cert`."""
    pki = ensure_loopback_pki(state_dir() / "pki")
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE would replace the test CA
    session.verify = str(pki.ca_bundle)
    if client_cert:
        session.cert = (str(pki.client_chain), str(pki.client_key))
    return Transport(session=session, timeout=30, operation_timeout=30)


def client_oin() -> str:
    """The OIN of the suite's client certificate, the one `zeep_client(client_cert=True)` presents."""
    pki = ensure_loopback_pki(state_dir() / "pki")
    oin = oin_from_certificate(pki.test_pki["client"].load())
    assert oin is not None, "the loopback client certificate carries no OIN"
    return oin


def wsa_from(oin: str) -> etree._Element:
    """Edukoppeling's wsa:From (an address with `?oin=`), which zeep's WS-Addressing plugin does not write."""
    sender = etree.Element(f"{{{WSA}}}From", nsmap={"wsa": WSA})
    etree.SubElement(sender, f"{{{WSA}}}Address").text = address_with_oin(oin)
    return sender
