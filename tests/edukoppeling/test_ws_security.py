"""WS-Security of 2W-be-S: our signature verifies (also by hand-made C14N and by signxml), and every way a
signature can be wrong, missing, stale, forbidden or wrapped is reported in one line, without raising."""

from __future__ import annotations

import base64
import copy
import hashlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from conformance.edukoppeling.security import (
    DS,
    WSA,
    WSSE,
    WSU,
    SignatureCheck,
    sign_envelope,
    signer_oin,
    verify_envelope,
)
from conformance.pki import TestPki, make_test_pki
from conformance.xml.soap import SOAP_ENV, build_envelope

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
NS = {"soap": SOAP_ENV, "wsse": WSSE, "wsu": WSU, "ds": DS, "wsa": WSA}
REQUEST_PARTS = frozenset({"Body", "To", "Action", "MessageID", "From", "Timestamp"})


@pytest.fixture(scope="session")
def pki(state_dir: Path) -> TestPki:
    return make_test_pki(state_dir / "pki")


@pytest.fixture(scope="session")
def vendor(pki: TestPki) -> tuple[object, x509.Certificate]:
    party = pki["vendor"]
    return serialization.load_pem_private_key(party.key.read_bytes(), password=None), party.load()


def _wsa(local: str, text: str | None = None, address: str | None = None) -> etree._Element:
    element = etree.Element(f"{{{WSA}}}{local}", nsmap={"wsa": WSA})
    element.text = text
    if address is not None:
        etree.SubElement(element, f"{{{WSA}}}Address").text = address
    return element


def _request(**extra: etree._Element) -> bytes:
    body = etree.Element("{urn:test:ping}ping", nsmap={"m": "urn:test:ping"})
    body.text = "hallo"
    headers = [_wsa("To", "https://service.conformance.test/ping?oin=00000099500000020000"),
               _wsa("Action", "urn:test:ping/ping"),
               _wsa("MessageID", "uuid:0b6f1d4e-4c1e-4d55-9f39-1d7c0d1f2a3b"),
               _wsa("From", address="https://vendor.conformance.test/?oin=00000099500000010000"),
               *extra.values()]
    return build_envelope(body, headers=headers)


@pytest.fixture
def signed(vendor) -> bytes:
    key, cert = vendor
    return sign_envelope(_request(), key=key, certificate=cert, now=NOW)


def _check(data: bytes, *, now: datetime = NOW) -> SignatureCheck:
    check = verify_envelope(data, trust=None, now=now)  # the signature's form and mathematics
    for problem in check.problems:
        assert problem and "\n" not in problem, f"problem not on one line: {problem!r}"
    assert check.valid == (not check.problems)
    return check


def _edit(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    root = etree.fromstring(data)
    change(root)
    return etree.tostring(root)


def _one(root: etree._Element, path: str) -> etree._Element:
    (element,) = root.xpath(path, namespaces=NS)
    return element


def _assert_problem(check: SignatureCheck, *fragments: str) -> None:
    assert not check.valid
    assert any(all(f in p for f in fragments) for p in check.problems), check.problems


# --- our signature ---------------------------------------------------------------------------------------------


def test_round_trip_is_valid_and_names_the_signer(signed, vendor, pki):
    check = _check(signed)
    assert check.valid, check.problems
    assert check.signed_parts == REQUEST_PARTS
    assert check.certificate == vendor[1]
    assert check.message_id == "uuid:0b6f1d4e-4c1e-4d55-9f39-1d7c0d1f2a3b"
    assert signer_oin(check) == pki["vendor"].oin


def test_every_wsa_header_of_a_response_is_signed(vendor):
    key, cert = vendor
    response = _request(relates=_wsa("RelatesTo", "uuid:request"), reply=_wsa("ReplyTo", address=f"{WSA}/anonymous"),
                        fault=_wsa("FaultTo", address=f"{WSA}/anonymous"))
    check = _check(sign_envelope(response, key=key, certificate=cert, now=NOW))
    assert check.valid, check.problems
    assert check.signed_parts == REQUEST_PARTS | {"RelatesTo", "ReplyTo", "FaultTo"}


def test_signed_message_has_the_profile_shape(signed, vendor):
    root = etree.fromstring(signed)
    security = _one(root, "/soap:Envelope/soap:Header/wsse:Security")
    assert security.get(f"{{{SOAP_ENV}}}mustUnderstand") == "1"
    assert _one(security, "wsu:Timestamp/wsu:Created").text == "2026-03-02T09:30:00Z"
    assert _one(security, "wsu:Timestamp/wsu:Expires").text == "2026-03-02T09:35:00Z"
    token = _one(security, "wsse:BinarySecurityToken")
    assert token.get("ValueType").endswith("#X509v3")
    assert base64.b64decode(token.text) == vendor[1].public_bytes(serialization.Encoding.DER)
    key_reference = _one(security, "ds:Signature/ds:KeyInfo/wsse:SecurityTokenReference/wsse:Reference")
    assert key_reference.get("URI") == f"#{token.get(f'{{{WSU}}}Id')}"
    signed_info = _one(security, "ds:Signature/ds:SignedInfo")
    assert _one(signed_info, "ds:CanonicalizationMethod").get("Algorithm") == EXC_C14N
    assert _one(signed_info, "ds:SignatureMethod").get("Algorithm") == RSA_SHA256
    uris = [r.get("URI") for r in signed_info.iterfind("ds:Reference", NS)]
    assert uris == ["#id-Body", "#id-To", "#id-Action", "#id-MessageID", "#id-From", "#id-Timestamp"]
    assert {m.get("Algorithm") for m in signed_info.iterfind("ds:Reference/ds:DigestMethod", NS)} == {SHA256}


def test_body_digest_matches_exclusive_c14n_written_by_hand(signed):
    """An independent check of our C14N: the canonical Body written out by hand (namespaces sorted by prefix,
    only those the Body uses; attributes after them), then SHA-256."""
    by_hand = ('<soap:Body xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
               f'xmlns:wsu="{WSU}" wsu:Id="id-Body">'
               '<m:ping xmlns:m="urn:test:ping">hallo</m:ping></soap:Body>')
    reference = _one(etree.fromstring(signed), "//ds:Reference[@URI='#id-Body']")
    digest = base64.b64decode(_one(reference, "ds:DigestValue").text)
    assert digest == hashlib.sha256(by_hand.encode("utf-8")).digest()


def test_inclusive_namespaces_prefix_list_is_honoured(signed, vendor):
    """Other toolkits (e.g. WSS4J) add an InclusiveNamespaces PrefixList to the exclusive C14N transform; the
    verifier must canonicalise with it. The expected Body form is written by hand, with the listed `ds` kept."""
    by_hand = (f'<soap:Body xmlns:ds="{DS}" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
               f'xmlns:wsu="{WSU}" wsu:Id="id-Body">'
               '<m:ping xmlns:m="urn:test:ping">hallo</m:ping></soap:Body>')

    def with_prefix_list(root: etree._Element) -> None:
        reference = _one(root, "//ds:Reference[@URI='#id-Body']")
        transform = _one(reference, "ds:Transforms/ds:Transform")
        etree.SubElement(transform, f"{{{EXC_C14N}}}InclusiveNamespaces", PrefixList="ds")
        digest = hashlib.sha256(by_hand.encode("utf-8")).digest()
        _one(reference, "ds:DigestValue").text = base64.b64encode(digest).decode()
        signed_info = _one(root, "//ds:SignedInfo")
        value = vendor[0].sign(etree.tostring(signed_info, method="c14n", exclusive=True), padding.PKCS1v15(),
                               hashes.SHA256())
        _one(root, "//ds:SignatureValue").text = base64.b64encode(value).decode()

    check = _check(_edit(signed, with_prefix_list))
    assert check.valid, check.problems
    assert check.signed_parts == REQUEST_PARTS


def test_signxml_accepts_our_signature_and_rejects_a_tampered_body(signed, vendor):
    signxml = pytest.importorskip("signxml")
    pem = vendor[1].public_bytes(serialization.Encoding.PEM)
    verified = signxml.XMLVerifier().verify(signed, x509_cert=pem, id_attribute="Id", expect_references=6)
    assert len(verified) == 6
    with pytest.raises(signxml.exceptions.InvalidSignature):
        signxml.XMLVerifier().verify(signed.replace(b">hallo<", b">hello<"), x509_cert=pem, id_attribute="Id",
                                     expect_references=6)


def test_clock_skew_within_the_limit_is_accepted(vendor):
    key, cert = vendor
    data = sign_envelope(_request(), key=key, certificate=cert, now=NOW + timedelta(minutes=4))
    assert _check(data).valid


def test_signing_adds_a_header_when_there_is_none(vendor):
    key, cert = vendor
    check = _check(sign_envelope(build_envelope(etree.Element("{urn:x}empty")), key=key, certificate=cert, now=NOW))
    assert check.valid, check.problems
    assert check.signed_parts == {"Body", "Timestamp"}


def test_signing_refuses_what_it_cannot_do(signed, vendor):
    key, cert = vendor
    with pytest.raises(ValueError, match="already"):
        sign_envelope(signed, key=key, certificate=cert)
    with pytest.raises(ValueError, match="digest"):
        sign_envelope(_request(), key=key, certificate=cert, digest="md5")


# --- problems --------------------------------------------------------------------------------------------------


def test_tampered_body(signed):
    check = _check(signed.replace(b">hallo<", b">hello<"))
    _assert_problem(check, "digest of the soap:Body", "does not match")
    assert "Body" not in check.signed_parts


def test_tampered_action(signed):
    check = _check(signed.replace(b"urn:test:ping/ping<", b"urn:test:ping/delete<"))
    _assert_problem(check, "digest of the wsa:Action", "does not match")
    assert check.signed_parts == REQUEST_PARTS - {"Action"}


def test_wsa_header_added_after_signing_is_unsigned(signed):
    check = _check(_edit(signed, lambda root: _one(root, "soap:Header").append(_wsa("ReplyTo", address="x:evil"))))
    _assert_problem(check, "wsa:ReplyTo header is not signed")


def test_reference_dropped_from_signed_info(signed):
    check = _check(_edit(signed, lambda root: _one(root, "//ds:Reference[@URI='#id-To']").getparent().remove(
        _one(root, "//ds:Reference[@URI='#id-To']"))))
    _assert_problem(check, "wsa:To header is not signed")
    _assert_problem(check, "SignatureValue does not verify")


def test_timestamp_reference_dropped(signed):
    check = _check(_edit(signed, lambda root: _one(root, "//ds:SignedInfo").remove(
        _one(root, "//ds:Reference[@URI='#id-Timestamp']"))))
    _assert_problem(check, "wsu:Timestamp is not signed")


def test_sha1_is_reported_as_forbidden(vendor):
    key, cert = vendor
    check = _check(sign_envelope(_request(), key=key, certificate=cert, now=NOW, digest="sha1"))
    _assert_problem(check, "soap:Body is digested with", "SHA-1 is forbidden")
    _assert_problem(check, "signature algorithm", "rsa-sha1", "SHA-1 is forbidden")
    assert not any("does not match" in p or "does not verify" in p for p in check.problems), check.problems


def test_expired_timestamp(vendor):
    key, cert = vendor
    data = sign_envelope(_request(), key=key, certificate=cert, now=NOW - timedelta(minutes=11))
    _assert_problem(_check(data), "expired at 2026-03-02T09:24:00Z")


def test_created_in_the_future(vendor):
    key, cert = vendor
    data = sign_envelope(_request(), key=key, certificate=cert, now=NOW + timedelta(minutes=6))
    _assert_problem(_check(data), "wsu:Created 2026-03-02T09:36:00Z lies in the future")


def test_timestamp_missing(signed):
    check = _check(_edit(signed, lambda root: _one(root, "//wsse:Security").remove(_one(root, "//wsu:Timestamp"))))
    _assert_problem(check, "no wsu:Timestamp")


@pytest.mark.parametrize("created", [b"2026-03-02T09:30:00", b"20260302T093000Z", b"gisteren"])
def test_created_that_is_no_utc_date_time(signed, created):
    check = _check(signed.replace(b"2026-03-02T09:30:00Z<", created + b"<"))
    _assert_problem(check, "wsu:Created", "is not a date-time with a time zone")


def test_unsigned_message(vendor):
    check = _check(_request())
    assert check.problems == ["no wsse:Security header: the message is not signed"]
    assert check.message_id == "uuid:0b6f1d4e-4c1e-4d55-9f39-1d7c0d1f2a3b"


def test_no_signature(signed):
    check = _check(_edit(signed, lambda root: _one(root, "//wsse:Security").remove(_one(root, "//ds:Signature"))))
    _assert_problem(check, "no ds:Signature")


def test_signature_value_invalid(signed):
    def flip(root: etree._Element) -> None:
        value = _one(root, "//ds:SignatureValue")
        raw = bytearray(base64.b64decode(value.text))
        raw[10] ^= 0xFF
        value.text = base64.b64encode(bytes(raw)).decode()

    check = _check(_edit(signed, flip))
    assert check.problems == ["the SignatureValue does not verify with the BinarySecurityToken's key"]
    assert signer_oin(check) is None


def test_token_swapped_for_another_certificate(signed, pki):
    other = base64.b64encode(pki["school"].load().public_bytes(serialization.Encoding.DER)).decode()
    check = _check(_edit(signed, lambda root: setattr(_one(root, "//wsse:BinarySecurityToken"), "text", other)))
    _assert_problem(check, "SignatureValue does not verify")


def test_binary_security_token_unparseable(signed):
    check = _check(_edit(signed, lambda root: setattr(_one(root, "//wsse:BinarySecurityToken"), "text", "bm90IGEgY2VydA==")))
    _assert_problem(check, "not a base64 DER X.509 certificate")
    assert check.certificate is None


def test_binary_security_token_missing(signed):
    check = _check(_edit(signed, lambda root: _one(root, "//wsse:Security").remove(
        _one(root, "//wsse:BinarySecurityToken"))))
    _assert_problem(check, "no wsse:BinarySecurityToken")
    _assert_problem(check, "KeyInfo does not point at a BinarySecurityToken")


def test_reference_outside_the_document(signed):
    check = _check(signed.replace(b'URI="#id-Body"', b'URI="https://evil.test/body.xml"'))
    _assert_problem(check, "is not a same-document")
    _assert_problem(check, "soap:Body is not signed")


def test_wrapping_with_a_duplicated_body_id(signed):
    """The signed Body is hidden in a header and a new Body with the same wsu:Id takes its place."""
    def wrap(root: etree._Element) -> None:
        body = _one(root, "soap:Body")
        hideout = etree.SubElement(_one(root, "soap:Header"), "{urn:evil}Wrapper")
        hideout.append(copy.deepcopy(body))
        body[0].text = "kwaadaardig"

    check = _check(_edit(signed, wrap))
    _assert_problem(check, "wsu:Id 'id-Body' is carried by 2 elements")
    _assert_problem(check, "ambiguous")


def test_wrapping_with_the_signed_body_moved_into_a_header(signed):
    """Only the hidden copy keeps the id: its digest matches, but it is not the Body the receiver processes."""
    def wrap(root: etree._Element) -> None:
        body = _one(root, "soap:Body")
        etree.SubElement(_one(root, "soap:Header"), "{urn:evil}Wrapper").append(copy.deepcopy(body))
        del body.attrib[f"{{{WSU}}}Id"]
        body[0].text = "kwaadaardig"

    check = _check(_edit(signed, wrap))
    _assert_problem(check, "points at a soap:Body outside the Header blocks and the Body")
    _assert_problem(check, "the soap:Body is not signed")


@pytest.mark.parametrize("data", [
    b"",
    b"\x00\xff garbage \x89PNG",
    b"<not-closed>",
    b"<a>plain XML, not SOAP</a>",
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>',
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>'
    b'<wsse:Security xmlns:wsse="' + WSSE.encode() + b'"><ds:Signature xmlns:ds="' + DS.encode()
    + b'"><ds:SignedInfo><ds:Reference/></ds:SignedInfo></ds:Signature></wsse:Security></soap:Header>'
    b'<soap:Body/></soap:Envelope>',
], ids=["empty", "binary", "not-well-formed", "not-soap", "no-body", "hollow-signature"])
def test_garbage_is_reported_not_raised(data):
    check = _check(data)
    assert not check.valid
    assert check.certificate is None
    assert check.signed_parts == frozenset()


def test_relative_namespace_uri_is_reported(signed):
    check = _check(signed.replace(b'<wsa:Action xmlns:wsa="http://www.w3.org/2005/08/addressing"',
                                  b'<wsa:Action xmlns:wsa="relative/addressing"'))
    _assert_problem(check, "cannot be canonicalised")


def test_entity_bomb_is_refused(signed):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
            + signed.split(b"?>", 1)[1].replace(b">hallo<", b">&lol3;<"))
    check = _check(bomb)
    _assert_problem(check, "DOCTYPE")


def test_inclusive_c14n_is_reported(signed):
    inclusive = b"http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
    check = _check(signed.replace(b'CanonicalizationMethod Algorithm="' + EXC_C14N.encode(),
                                  b'CanonicalizationMethod Algorithm="' + inclusive))
    _assert_problem(check, "SignedInfo is canonicalised with", "exclusive C14N", "is required")
    check = _check(signed.replace(b'Transform Algorithm="' + EXC_C14N.encode(), b'Transform Algorithm="' + inclusive,
                                  1))
    _assert_problem(check, "reference to the soap:Body must use exactly one exclusive C14N transform")


def test_default_clock_is_now(vendor):
    key, cert = vendor
    assert verify_envelope(sign_envelope(_request(), key=key, certificate=cert), trust=None).valid


def test_mutated_messages_get_a_verdict_without_the_safety_net(signed):
    """Any single changed byte gives a reasoned verdict; the catch-all ('could not be checked') is never needed."""
    rng = random.Random(20260302)
    for _ in range(300):
        data = bytearray(signed)
        data[rng.randrange(len(data))] = rng.randrange(256)
        check = _check(bytes(data))
        assert not any("could not be checked" in p for p in check.problems), check.problems


def test_signing_keeps_foreign_prefixes_and_existing_ids(vendor):
    """Another toolkit's envelope (prefix `S`, a default namespace in the Body, an existing wsu:Id) signs as is."""
    envelope = (f'<S:Envelope xmlns:S="{SOAP_ENV}" xmlns:u="{WSU}"><S:Header>'
                f'<Action xmlns="{WSA}">urn:test:ping/ping</Action></S:Header>'
                '<S:Body u:Id="_0"><ping xmlns="urn:test:ping">hallo</ping></S:Body></S:Envelope>').encode()
    key, cert = vendor
    signed = sign_envelope(envelope, key=key, certificate=cert, now=NOW)
    check = _check(signed)
    assert check.valid, check.problems
    assert check.signed_parts == {"Body", "Action", "Timestamp"}
    assert b'<S:Body u:Id="_0">' in signed


def test_with_the_runs_trust_the_signers_certificate_is_judged_too(pki, vendor):
    """The same mathematics, but a self-signed signer is refused in one line naming the check, not the bytes."""
    from conformance.pki.probes import probe_signer
    from conformance.pki.trust import Trust

    trust = Trust.from_files(pki.ca_bundle)
    key, cert = vendor
    assert verify_envelope(sign_envelope(_request(), key=key, certificate=cert), trust=trust).valid
    forged = probe_signer("self-signed", own=cert, test_pki=pki)
    data = sign_envelope(_request(), key=forged.key, certificate=forged.certificate)
    assert verify_envelope(data, trust=None).valid
    check = verify_envelope(data, trust=trust)
    assert not check.valid and [f.check for f in check.trust_findings] == ["self-signed"]
    assert check.problems == ["the signing certificate (OIN 00000099500000010000) is self-signed, not issued by a "
                              "trusted CA"]
    assert signer_oin(check) is None


def test_the_signer_must_have_been_valid_when_it_signed(pki, vendor):
    from conformance.pki.trust import Trust

    key, cert = vendor
    before = cert.not_valid_before_utc - timedelta(days=2)
    data = sign_envelope(_request(), key=key, certificate=cert, now=before)
    check = verify_envelope(data, trust=Trust.from_files(pki.ca_bundle), now=before + timedelta(minutes=1))
    assert [f.check for f in check.trust_findings] == ["expired"]
