"""Our own NV WSDL/XSD: it parses, describes the nine 201703 operations, and names what the published one names."""

from __future__ import annotations

import zeep
from lxml import etree

from conformance.paths import wsdl_dir

NV = wsdl_dir() / "eckid"
NS = "http://ketenid.nl/eck/schemas/v1_0"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
OPERATIONS = {"ping", "retrieveStampseudonym", "retrieveEckId", "submitStampseudonymBatch", "submitEckIdBatch",
              "retrieveBatch", "replaceStampseudonym", "retrieveChains", "retrieveSectors"}


def _operations(path) -> dict[str, tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """operation -> (SOAPAction, input element local name, output element local name)."""
    client = zeep.Client(str(path))
    found = {}
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            for name, op in port.binding._operations.items():
                found[name] = (op.soapaction, op.input.body.qname.localname, op.output.body.qname.localname)
    return found


def _element_names(path) -> set[str]:  # type: ignore[no-untyped-def]
    tree = etree.parse(str(path))
    return {el.get("name") for el in tree.iter("{http://www.w3.org/2001/XMLSchema}element") if el.get("name")}


def test_schema_compiles():
    etree.XMLSchema(etree.parse(str(NV / "nummervoorziening.xsd")))


def test_nine_operations_with_their_soapactions():
    ops = _operations(NV / "nummervoorziening.wsdl")
    assert set(ops) == OPERATIONS
    assert all(action == f"{NS}/{name}" for name, (action, _, _) in ops.items())
    assert ops["submitEckIdBatch"][2] == ops["submitStampseudonymBatch"][2] == "submitBatchResponse"


def test_every_operation_declares_the_nv_fault():
    tree = etree.parse(str(NV / "nummervoorziening.wsdl"))
    port_type = tree.find(f"{{{WSDL_NS}}}portType")
    faults = {op.get("name"): op.find(f"{{{WSDL_NS}}}fault") is not None for op in port_type}
    assert faults == dict.fromkeys(OPERATIONS, True)


def test_names_agree_with_the_published_wsdl(shared_reference):
    official = shared_reference("eckid", "eckid.wsdl")
    ours, theirs = _operations(NV / "nummervoorziening.wsdl"), _operations(official)
    assert ours == theirs
    # every element name the published schema declares (messages and their fields) is ours too
    assert _element_names(official) <= _element_names(NV / "nummervoorziening.xsd")
