from __future__ import annotations

import pytest

from conformance.xml import XmlRejected, doctype_line, parse_bytes
from conformance.xml.soap import SOAP_ENV, build_fault, parse_envelope

BOMB = b"""<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><lol>&c;</lol>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"""


def test_refuses_entity_bomb():
    with pytest.raises(XmlRejected, match="DOCTYPE"):
        parse_bytes(BOMB)


def test_refuses_external_entity_without_reading_it():
    with pytest.raises(XmlRejected) as info:
        parse_bytes(XXE)
    assert "root:" not in str(info.value)


def test_refuses_oversized_and_empty_and_garbage():
    with pytest.raises(XmlRejected, match="exceeds"):
        parse_bytes(b"<a/>" * 10, max_bytes=10)
    with pytest.raises(XmlRejected, match="empty"):
        parse_bytes(b"   ")
    with pytest.raises(XmlRejected, match="not well-formed"):
        parse_bytes(b"<html><body>500</body>")


@pytest.mark.parametrize("prefix", ["soap", "SOAP-ENV", "s", "env"])
def test_fault_code_is_a_qname_whatever_the_prefix(prefix):
    fault = parse_envelope(build_fault("Client.AutorisatieOngeldig", "nee", prefix=prefix)).fault
    assert fault is not None
    assert fault.is_code(SOAP_ENV, "Client.AutorisatieOngeldig")


def test_fault_code_with_prefix_of_another_namespace_is_not_the_soap_code():
    data = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:x="urn:other"><s:Body>'
            b"<s:Fault><faultcode>x:Client.OngeldigBericht</faultcode><faultstring>f</faultstring></s:Fault>"
            b"</s:Body></s:Envelope>")
    fault = parse_envelope(data).fault
    assert fault.code_local == "Client.OngeldigBericht"
    assert fault.code_namespace == "urn:other"
    assert not fault.is_code(SOAP_ENV, "Client.OngeldigBericht")


def test_fault_code_with_undeclared_prefix_is_named_as_such():
    data = (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            b"<s:Fault><faultcode>q:Client.OngeldigBericht</faultcode><faultstring>f</faultstring></s:Fault>"
            b"</s:Body></s:Envelope>")
    assert "undeclared prefix 'q'" in parse_envelope(data).fault.code_namespace


def test_envelope_must_be_soap_11():
    with pytest.raises(XmlRejected, match="not a SOAP 1.1 Envelope"):
        parse_envelope(b'<Envelope xmlns="http://www.w3.org/2003/05/soap-envelope"><Body/></Envelope>')


@pytest.mark.parametrize(("head", "line"), [
    (b"<a/>", None),
    (b"", None),
    (b'<?xml version="1.0"?><!DOCTYPE a><a/>', 1),
    (b'<?xml version="1.0"?>\n<!-- <!DOCTYPE in a comment -->\n<a/>', None),
    (b'<?xml version="1.0"?>\n<!-- c -->\n\n<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 4),
    (b"<a><![CDATA[<!DOCTYPE a>]]></a>", None),
    (b"<?xml version='1.0'?><!-- never closed", None),
    ("\ufeff<?xml version='1.0'?><!DOCTYPE a><a/>".encode("utf-16-le"), 1),
    ("<?xml version='1.0'?><!DOCTYPE a><a/>".encode("utf-16-be"), 1),
    ("<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE a><a/>".encode("utf-8-sig"), 2),
])
def test_doctype_is_found_in_the_prolog_only(head, line):
    assert doctype_line(head) == line


def test_dtd_is_refused_before_the_parser_whatever_its_guards():
    """libxml2 2.14 stops an entity bomb with its own amplification error; the refusal must not depend on it."""
    levels = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 12))
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "lol">' + levels + b"]><x>&l11;</x>"
    with pytest.raises(XmlRejected) as info:
        parse_bytes(bomb)
    assert str(info.value) == "document carries a DOCTYPE; DTDs and entities are refused"
