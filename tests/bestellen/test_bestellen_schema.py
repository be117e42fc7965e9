"""Our modelled XSD/WSDL hold together, and every message the codec writes is valid against the XSD."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from conformance.paths import wsdl_dir
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.codec import Licence, LicenceResult, LineResult, Order, OrderAnswer, OrderLine, Problem
from conformance.standards.bestellen.schemas import own_schema

HERE = wsdl_dir() / "eck-dt" / "bestellen"
ECKID = "https://ketenid.nl/pilot/" + "0f" * 64
OIN = "00000099500000030000"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return own_schema().lxml()


ANSWER = OrderAnswer("ref-1", "ORD-1", "99XA", "PartiallyAccepted",
                     (LineResult(1, "Accepted", ("LIC-1", "LIC-2")),
                      LineResult(2, "Rejected", (), Problem("UnknownProduct", "not sold here"))))

MESSAGES = {
    "placeOrder": codec.place_order(Order("ref-1", OIN, "99XA", (OrderLine(1, "9789006101010", 2, (ECKID,),
                                                                           dt.date(2026, 8, 1)),
                                                                 OrderLine(2, "bogus", 0)), "PO-7")),
    "readOrder": codec.read_order("ref-2", OIN, "ORD-1"),
    "cancelOrder": codec.cancel_order("ref-3", OIN, "ORD-1", [1]),
    "readLicences (school)": codec.read_licences("ref-4", OIN, school="99XA", order_id="ORD-1"),
    "readLicences (eckId)": codec.read_licences("ref-5", OIN, eck_id=ECKID),
    **{op: codec.change_licences(op, "ref-6", OIN, ["LIC-1", "LIC-2"]) for op in codec.LICENCE_CHANGES},
    "placeOrderResponse": codec.order_answer("placeOrder", ANSWER),
    "readOrderResponse": codec.order_answer("readOrder", ANSWER),
    "cancelOrderResponse": codec.order_answer("cancelOrder", ANSWER),
    "readLicencesResponse": codec.licences_answer("ref-4", [Licence("LIC-1", "ORD-1", 1, "9789006101010", "99XA",
                                                                    ECKID, "Active")]),
    **{f"{op}Response": codec.licences_changed(op, "ref-6", [LicenceResult("LIC-1", "Blocked"),
                                                             LicenceResult("LIC-9", None, Problem("UnknownLicence", "?"))])
       for op in codec.LICENCE_CHANGES},
}


@pytest.mark.parametrize("name", list(MESSAGES))
def test_codec_messages_are_valid(schema, name):
    element = MESSAGES[name]
    assert schema.validate(element), schema.error_log


def test_codec_reads_back_what_it_writes():
    order = codec.read_order_request(MESSAGES["placeOrder"])
    assert order.lines[0] == OrderLine(1, "9789006101010", 2, (ECKID,), dt.date(2026, 8, 1))
    assert order.lines[1].start_date is None and order.purchase_order_id == "PO-7"
    assert codec.read_order_answer(MESSAGES["placeOrderResponse"]) == ANSWER


@pytest.mark.parametrize("broken", ["no lines", "quantity not a number", "school not a BRIN"])
def test_schema_refuses_malformed_orders(schema, broken):
    element = codec.place_order(Order("ref", OIN, "99XA", (OrderLine(1, "9789006101010", 1),)))
    if broken == "no lines":
        element.remove(element.find(f"{{{codec.NS}}}orderLine"))
    elif broken == "quantity not a number":
        element.find(f"{{{codec.NS}}}orderLine/{{{codec.NS}}}quantity").text = "twee"
    else:
        element.find(f"{{{codec.NS}}}school").text = "school"
    assert not schema.validate(element)


def test_wsdl_names_every_codec_operation_with_its_soapaction():
    tree = etree.parse(str(HERE / "bestellen.wsdl"))
    ns = {"wsdl": "http://schemas.xmlsoap.org/wsdl/", "soap": "http://schemas.xmlsoap.org/wsdl/soap/"}
    actions = {op.get("name"): op.find("soap:operation", ns).get("soapAction")
               for op in tree.findall("wsdl:binding/wsdl:operation", ns)}
    assert actions == {op: codec.soap_action(op) for op in codec.OPERATIONS}
    for service in ("OrderService", "LicenseService"):
        assert tree.find(f"wsdl:service[@name='{service}']", ns) is not None


def test_readme_says_the_profile_is_modelled():
    text = (HERE / "README.md").read_text(encoding="utf-8")
    assert "Modelled, not official" in text
