"""WS-Addressing headers: written, read back, and each Edukoppeling rule caught on its own."""

from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from conformance.edukoppeling.addressing import (
    ANONYMOUS,
    REPLY,
    WSA,
    Addressing,
    address_with_oin,
    address_message,
    answer_addressing,
    check_answer,
    check_body,
    check_soapaction,
    check_utf8,
    check_request,
    read_addressing,
    new_message_id,
    oin_from_address,
    parse_or_problem,
)
from conformance.findings import Finding, Severity
from conformance.xml.soap import build_envelope, parse_envelope

SCHOOL_OIN = "0000000700099XA00000"
ACTION = "http://example.test/ping/ping"


def _body() -> etree._Element:
    ping = etree.Element("{http://example.test/ping}ping")
    ping.text = "hallo"
    return ping


def _request(**changes: object) -> Addressing:
    base = Addressing(to=address_with_oin("00000099500000020000", "https://candidate.test/ping"), action=ACTION,
                       message_id=new_message_id(), from_oin=SCHOOL_OIN)
    return dataclasses.replace(base, **changes)


def test_message_ids_are_unique_uuid_urns() -> None:
    first, second = new_message_id(), new_message_id()
    assert first.startswith("urn:uuid:") and len(first) == len("urn:uuid:") + 36
    assert first != second


def test_round_trip_keeps_every_header_and_the_body() -> None:
    request = _request(reply_to=ANONYMOUS)
    envelope = address_message(build_envelope(_body()), request)
    read = read_addressing(envelope)
    assert read.to == request.to and read.action == ACTION and read.message_id == request.message_id
    assert read.from_oin == SCHOOL_OIN and read.from_address == f"{ANONYMOUS}?oin={SCHOOL_OIN}"
    assert read.reply_to == ANONYMOUS
    assert parse_envelope(envelope).body is not None
    assert check_request(read) == []
    assert envelope.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_addressing_again_replaces_the_old_headers() -> None:
    envelope = address_message(address_message(build_envelope(_body()), _request()), _request(action="urn:other"))
    message = parse_envelope(envelope)
    assert [etree.QName(h).localname for h in message.headers] == ["To", "Action", "MessageID", "From"]
    assert read_addressing(message).action == "urn:other"


def test_oin_is_read_from_either_spelling_of_the_parameter() -> None:
    assert oin_from_address(f"{ANONYMOUS}?oin={SCHOOL_OIN}") == SCHOOL_OIN
    assert oin_from_address(f"https://x.test/a?x=1&OIN={SCHOOL_OIN}") == SCHOOL_OIN
    assert oin_from_address(ANONYMOUS) is None
    assert oin_from_address(None) is None
    assert address_with_oin("X", "https://x.test/?a=1") == "https://x.test/?a=1&oin=X"


def _said(findings: list[Finding], requirement: str) -> list[str]:
    """The findings' messages, once each is shown to break `requirement`."""
    assert all(f.requirement == requirement and f.severity is Severity.ERROR for f in findings), findings
    return [f.message for f in findings]


@pytest.mark.parametrize(("change", "expected"), [
    ({"to": None}, "request has no wsa:To"),
    ({"action": None}, "request has no wsa:Action"),
    ({"message_id": None}, "request has no wsa:MessageID"),
    ({"message_id": ""}, "request wsa:MessageID is empty"),
    ({"from_oin": None}, "request has no wsa:From"),
    ({"from_address": ANONYMOUS, "from_oin": None}, "request wsa:From/wsa:Address has no ?oin= query parameter"),
    ({"from_oin": "123"}, "request wsa:From/wsa:Address ?oin= is not an OIN: OIN must be 20 characters"),
])
def test_each_missing_request_header_is_named(change: dict[str, object], expected: str) -> None:
    envelope = address_message(build_envelope(_body()), _request(**change))
    problems = _said(check_request(read_addressing(envelope)), "EDUK-WSA-01")
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_duplicate_headers_are_problems() -> None:
    envelope = address_message(build_envelope(_body()), _request())
    root = parse_envelope(envelope).envelope
    header = root[0]
    extra = etree.SubElement(header, f"{{{WSA}}}Action")
    extra.text = "urn:second"
    read = read_addressing(etree.tostring(root))
    assert read.action == ACTION
    assert _said(check_request(read), "EDUK-WSA-01") == ["wsa:Action occurs more than once"]


def test_response_must_relate_to_the_request() -> None:
    request = _request()
    answer = answer_addressing(request, action=f"{ACTION}Response")
    envelope = address_message(build_envelope(_body()), answer)
    read = read_addressing(envelope)
    assert read.relates_to == request.message_id
    assert check_answer(read, request.message_id) == []
    assert _said(check_answer(dataclasses.replace(read, relates_to=None), request.message_id), "EDUK-WSA-03") == [
        "response has no wsa:RelatesTo"]
    wrong = _said(check_answer(dataclasses.replace(read, relates_to="urn:uuid:other"), request.message_id),
                  "EDUK-WSA-03")
    assert len(wrong) == 1 and "not the request's MessageID" in wrong[0]
    assert _said(check_answer(dataclasses.replace(read, action=None, message_id=None), request.message_id),
                 "EDUK-WSA-02") == ["response has no wsa:Action", "response has no wsa:MessageID"]
    echoed = check_answer(dataclasses.replace(read, message_id=request.message_id), request.message_id)
    assert _said(echoed, "EDUK-WSA-02") == ["response wsa:MessageID repeats the request's MessageID"]


def test_answer_findings_name_the_rule_each_breaks_in_the_order_found() -> None:
    """A duplicate RelatesTo breaks EDUK-WSA-03, a duplicate Action EDUK-WSA-02; messages keep their order."""
    request = _request()
    read = dataclasses.replace(read_addressing(address_message(build_envelope(_body()),
                                                               answer_addressing(request, action=ACTION))),
                               duplicates=("RelatesTo", "Action"), relates_to=None)
    assert [(f.requirement, f.message) for f in check_answer(read, request.message_id)] == [
        ("EDUK-WSA-03", "wsa:RelatesTo occurs more than once"), ("EDUK-WSA-02", "wsa:Action occurs more than once"),
        ("EDUK-WSA-03", "response has no wsa:RelatesTo")]


def test_relationship_type_must_be_reply_when_given() -> None:
    request = _request()
    answer = dataclasses.replace(answer_addressing(request, action=ACTION), relationship_type=REPLY)
    read = read_addressing(address_message(build_envelope(_body()), answer))
    assert read.relationship_type == REPLY and check_answer(read, request.message_id) == []
    other = dataclasses.replace(read, relationship_type="urn:x")
    assert "RelationshipType" in _said(check_answer(other, request.message_id), "EDUK-WSA-03")[0]


@pytest.mark.parametrize(("header", "ok"), [
    ('""', True), ("", True), (f'"{ACTION}"', True), (ACTION, True), ('"urn:other"', False), (None, False)])
def test_soapaction_is_empty_or_the_wsa_action(header: str | None, ok: bool) -> None:
    assert (_said(check_soapaction(header, ACTION), "EDUK-WSA-05") == []) is ok


def test_body_must_hold_exactly_one_element() -> None:
    assert check_body(parse_envelope(build_envelope(_body()))) == []
    assert _said(check_body(parse_envelope(build_envelope(None))), "EDUK-WSA-06") == ["soap:Body holds 0 elements, not exactly one"]
    two = parse_envelope(build_envelope(_body())).envelope
    two[-1].append(_body())
    assert _said(check_body(parse_envelope(etree.tostring(two))), "EDUK-WSA-06") == ["soap:Body holds 2 elements, not exactly one"]


def test_utf8_only() -> None:
    good = build_envelope(_body())
    assert check_utf8(good, "text/xml; charset=utf-8") == []
    latin = etree.tostring(parse_envelope(good).envelope, xml_declaration=True, encoding="ISO-8859-1")
    assert _said(check_utf8(latin), "EDUK-WSA-06") == ["XML declaration says encoding 'ISO-8859-1', not UTF-8"]
    assert _said(check_utf8(good, "text/xml; charset=iso-8859-1"), "EDUK-WSA-06") == [
        "HTTP Content-Type charset is 'iso-8859-1', not UTF-8"]
    assert _said(check_utf8(b"<a>\xe9</a>"), "EDUK-WSA-06") == ["message is not valid UTF-8 at byte 3"]
    assert _said(check_utf8("<a/>".encode("utf-16")), "EDUK-WSA-06") == ["message starts with a UTF-16 byte order mark"]


def test_a_non_envelope_is_a_problem_not_an_exception() -> None:
    message, problem = parse_or_problem(b"<html/>")
    assert message is None and problem is not None and "not a SOAP 1.1 Envelope" in problem
    message, problem = parse_or_problem(build_envelope(_body()))
    assert message is not None and problem is None
