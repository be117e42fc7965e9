"""The one reading of an answer as SOAP (`conformance.xml.answer.SoapAnswer`) that every standard's client shares:
each way an answer can fail to be the success a test expects ends in a Failure that says what came back."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from lxml import etree

from conformance.errors import Failure
from conformance.transport import Exchange
from conformance.xml.answer import SoapAnswer
from conformance.xml.soap import Fault, build_envelope

NS = "urn:example:answer"
FAULT = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
         b"<faultcode>s:Client</faultcode><faultstring>refused</faultstring></s:Fault></s:Body></s:Envelope>")


@dataclasses.dataclass
class _Answer(SoapAnswer[Fault]):
    exchange: Exchange


def _answer(body: bytes, status: int = 200) -> _Answer:
    return _Answer(Exchange(label="test", method="POST", url="https://candidate.example/", request_headers={},
                            request_body=b"", started=dt.datetime.now(dt.UTC), status=status, response_body=body))


def _ok() -> bytes:
    return build_envelope(etree.Element(f"{{{NS}}}Done"))


def test_a_success_is_the_message_itself():
    message = _answer(_ok()).success_message("Done")
    assert message.body is not None and message.body.tag == f"{{{NS}}}Done"
    assert _answer(_ok()).answer_element(NS, "Done").tag == f"{{{NS}}}Done"


@pytest.mark.parametrize(("body", "status", "kwargs", "message"), [
    (b"not xml", 200, {}, "the answer is not a SOAP envelope ("),
    (b"not xml", 200, {"not_soap": "expected a SOAP answer"}, "expected a SOAP answer ("),
    (FAULT, 500, {}, "expected Done, got fault s:Client: refused"),
    (_ok(), 202, {}, "expected HTTP 200 with the answer, got HTTP 202"),
    (_ok(), 202, {"status_with": "Done"}, "expected HTTP 200 with Done, got HTTP 202"),
])
def test_anything_but_a_success_fails_saying_what_came_back(body, status, kwargs, message):
    with pytest.raises(Failure) as caught:
        _answer(body, status).success_message("Done", "REQ-01", **kwargs)
    assert caught.value.message.startswith(message) and caught.value.requirement == "REQ-01"


def test_an_answer_that_is_no_soap_quotes_what_came_back():
    with pytest.raises(Failure, match=r"(?s)^the answer is not a SOAP envelope \(.*\)\nReceived: HTTP 200"):
        _answer(b"not xml").message()
