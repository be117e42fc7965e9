"""The reference catalogue's ReadCatalog face read with zeep and our ECK DT record XSD: zeep parses each page's
ReadCatalogResult into the products the generator made, in 2.3 and 2.5.2.

Not through a zeep Client: our wsdl/eck-dt holds the record XSDs only (the normative ECK DT WSDL could not be read,
wsdl/eck-dt/README.md), and zeep needs a WSDL to make one. So the request is written by the suite's own ReadCatalog
module (Edukoppeling 2W-be addressing) and posted over zeep's transport, and zeep parses the answer with a schema it
builds from our XSD. The demo's 2W-be-S signing is left out, as zeep signs only through xmlsec, which is not in the
lock. The SRU face is plain HTTP GET, not SOAP.
"""

from __future__ import annotations

import pytest
import zeep
from lxml import etree

from conformance.edukoppeling.addressing import Addressing, new_message_id
from conformance.paths import wsdl_dir
from conformance.standards.catalogus import codec
from conformance.standards.catalogus.generator import product
from conformance.standards.catalogus.reference_server import start_reference
from tests.zeep_client import client_oin, zeep_transport

VERSIONS = ("2.3", "2.5.2")
#: the catalogservice namespace of a record version (wsdl/eck-dt/README.md, modelled choice 1)
NAMESPACE = "http://dt2.eck.nl/schema/catalogservice/v{version}"


@pytest.fixture(scope="module")
def catalogue(state_dir):
    running = start_reference(state_dir, size=30, versions=VERSIONS, profiel="2W-be")
    yield running
    running.stop()


def _page(catalogue, version: str, first: int, amount: int):
    """One ReadCatalog page posted over zeep's transport, its ReadCatalogResult parsed by zeep with our XSD."""
    url = catalogue.config["endpoints"]["readcatalog"][version]
    addressing = Addressing(to=url, action=codec.READ_CATALOG_ACTION(version), message_id=new_message_id(),
                             from_oin=client_oin())
    request = codec.envelope(codec.read_catalog_body(version, first, amount).decode(), addressing)
    transport = zeep_transport(client_cert=True)
    response = transport.post(url, request, {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'})
    assert response.status_code == 200, response.text[:500]
    xsd = wsdl_dir() / "eck-dt" / f"catalogservice-v{version}.xsd"
    schema = zeep.xsd.Schema(etree.parse(str(xsd)).getroot(), transport=transport, location=str(xsd))
    namespace = NAMESPACE.format(version=version)
    result = etree.fromstring(response.content).find(f".//{{{namespace}}}ReadCatalogResult")
    assert result is not None, "no ReadCatalogResult in the answer"
    return schema.get_type(f"{{{namespace}}}ReadCatalogResult").parse_xmlelement(result, schema)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_page_as_zeep_reads_it(catalogue, version):
    page = _page(catalogue, version, 0, 4)
    made = [product(catalogue.app.seed, index) for index in range(4)]
    assert (page.numEntries, page.firstEntry) == (4, 0)
    assert [(e.ProductId, e.Title, e.Publisher) for e in page.Entries.Entry] == [
        (p.product_id, p.title, p.publisher) for p in made]


def test_the_next_page_as_zeep_reads_it(catalogue):
    page = _page(catalogue, "2.5.2", 4, 3)
    assert page.firstEntry == 4
    assert [e.ProductId for e in page.Entries.Entry] == [product(catalogue.app.seed, i).product_id for i in (4, 5, 6)]
