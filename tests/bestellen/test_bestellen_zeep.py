"""The reference order and licence service called through zeep with our modelled ECK DT WSDL (2W-be: TLS with the
suite's client certificate, wsa:From added as a header; zeep writes wsa:Action, To and MessageID itself, since the
WSDL's operations name their wsaw:Action): zeep reads every answer into the order the test placed.

Not through zeep: the 2W-be-S profile of the demo. zeep signs only through xmlsec, which is not in the lock; the
suite's own client calls the reference in 2W-be-S.
"""

from __future__ import annotations

import uuid

import pytest
import zeep

from conformance.paths import wsdl_dir
from conformance.standards.bestellen.reference_server import start_reference
from tests.zeep_client import wsa_from, zeep_client

B = "urn:conformance:eck-dt:bestellen:modelled:v1"


@pytest.fixture(scope="module")
def supplier(state_dir):
    running = start_reference(state_dir, profiel="2W-be")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def services(supplier):
    client = zeep_client(wsdl_dir() / "eck-dt" / "bestellen" / "bestellen.wsdl", client_cert=True)
    endpoints = supplier.config["endpoints"]
    return (client.create_service(f"{{{B}}}OrderServiceSoapBinding", endpoints["orders"]),
            client.create_service(f"{{{B}}}LicenseServiceSoapBinding", endpoints["licenties"]))


def _call(supplier, service, operation, **fields):
    oin = supplier.config["oin"]
    return getattr(service, operation)(_soapheaders=[wsa_from(oin)], orderingParty=oin, **fields)


def _place(supplier, orders, reference):
    testdata = supplier.config["testdata"]
    lines = [{"lineNumber": 1, "productId": testdata["producten"][0], "quantity": 2},
             {"lineNumber": 2, "productId": testdata["onbekend_product"], "quantity": 1}]
    return _call(supplier, orders, "placeOrder", requestReferenceId=reference, school=testdata["scholen"][0],
                 orderLine=lines)


def test_an_order_as_zeep_reads_it(supplier, services):
    orders, _ = services
    reference = str(uuid.uuid4())
    answer = _place(supplier, orders, reference)
    assert (answer.requestReferenceId, answer.school, answer.orderStatus) == (
        reference, supplier.config["testdata"]["scholen"][0], "PartiallyAccepted")
    accepted, refused = answer.lineResult
    assert (accepted.lineNumber, accepted.lineStatus, len(accepted.licenceId)) == (1, "Accepted", 2)
    assert (refused.lineNumber, refused.lineStatus, refused.fault.code) == (2, "Rejected", "UnknownProduct")
    again = _call(supplier, orders, "readOrder", requestReferenceId=str(uuid.uuid4()), orderId=answer.orderId)
    assert (again.orderId, again.orderStatus) == (answer.orderId, answer.orderStatus)


def test_the_same_request_reference_gives_the_same_order_through_zeep(supplier, services):
    orders, _ = services
    reference = str(uuid.uuid4())
    assert _place(supplier, orders, reference).orderId == _place(supplier, orders, reference).orderId


def test_the_licences_of_an_order_as_zeep_reads_them(supplier, services):
    orders, licences = services
    answer = _place(supplier, orders, str(uuid.uuid4()))
    found = _call(supplier, licences, "readLicences", requestReferenceId=str(uuid.uuid4()), school=answer.school,
                  orderId=answer.orderId)
    assert sorted(licence.licenceId for licence in found.licence) == sorted(answer.lineResult[0].licenceId)
    assert {(licence.productId, licence.licenceState) for licence in found.licence} == {
        (supplier.config["testdata"]["producten"][0], "NotActive")}


def test_an_unknown_order_is_a_fault_zeep_reads(supplier, services):
    orders, _ = services
    with pytest.raises(zeep.exceptions.Fault) as fault:
        _call(supplier, orders, "readOrder", requestReferenceId=str(uuid.uuid4()), orderId="no-such-order")
    assert fault.value.code.endswith("Client") and "no order" in fault.value.message
