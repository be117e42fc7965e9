"""WS-Security of the Edukoppeling 2W-be-S profile (spec §2.5): sign a SOAP 1.1 envelope, and check a signature.

A signed message carries one wsse:Security header with a wsu:Timestamp, the signer's certificate as a
wsse:BinarySecurityToken and a ds:Signature holding one Reference (exclusive C14N, SHA-256) per signed part: the
Body, every WS-Addressing header and the Timestamp, each found by its wsu:Id. The checker names every problem it
finds in one line of plain English and never raises on what a candidate sends: a message is evidence, not trusted.
A signature is only as good as its certificate: given the run's `Trust`, the signer's certificate is judged too
(path to the anchors, validity at the signing time and now, key usage, key size, CRLs).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from lxml import etree

from conformance.pki.oin import oin_from_certificate
from conformance.pki.trust import Trust, TrustFinding
from conformance.xml import XmlRejected
from conformance.xml.soap import SOAP_ENV, parse_envelope

__all__ = ["DS", "WSA", "WSSE", "WSU", "SignatureCheck", "sign_envelope", "signer_oin", "verify_envelope"]

WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DS = "http://www.w3.org/2000/09/xmldsig#"
WSA = "http://www.w3.org/2005/08/addressing"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
X509V3 = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64_BINARY = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"

_ID = f"{{{WSU}}}Id"


@dataclasses.dataclass(frozen=True)
class _Algorithm:
    digest_uri: str
    signature_uri: str
    hash: type[hashes.HashAlgorithm]


_SHA256 = _Algorithm("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                     hashes.SHA256)
#: Forbidden by the profile; present only so that tests and defects can produce the forbidden form.
_SHA1 = _Algorithm("http://www.w3.org/2000/09/xmldsig#sha1", "http://www.w3.org/2000/09/xmldsig#rsa-sha1", hashes.SHA1)
_ALGORITHMS = {"sha256": _SHA256, "sha1": _SHA1}
_DIGESTS = {a.digest_uri: a for a in _ALGORITHMS.values()}
_SIGNATURES = {a.signature_uri: a for a in _ALGORITHMS.values()}


def _q(namespace: str, local: str) -> str:
    return f"{{{namespace}}}{local}"


def _canonical(element: etree._Element, prefixes: Iterable[str] = ()) -> bytes:
    """Exclusive C14N without comments, the only form the profile allows (WB007)."""
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False,
                          inclusive_ns_prefixes=list(prefixes) or None)


def _canonical_or_none(element: etree._Element, prefixes: Iterable[str] = ()) -> bytes | None:
    """As `_canonical`, for a candidate's XML: None where C14N refuses it (e.g. a relative namespace URI)."""
    try:
        return _canonical(element, prefixes)
    except etree.C14NError:
        return None


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- signing -------------------------------------------------------------------------------------------------


def sign_envelope(envelope: bytes, *, key: PrivateKeyTypes, certificate: x509.Certificate,
                  now: datetime | None = None, ttl: timedelta = timedelta(minutes=5), digest: str = "sha256") -> bytes:
    """Add a wsse:Security header that signs the Body, each WS-Addressing header and a fresh Timestamp.

    `digest="sha1"` (with rsa-sha1) makes the form the profile forbids, for tests and defects only.
    """
    if digest not in _ALGORITHMS:
        raise ValueError(f"digest must be one of {sorted(_ALGORITHMS)}, got {digest!r}")
    if not isinstance(key, rsa.RSAPrivateKey):
        raise TypeError(f"the profile signs with RSA; got a {type(key).__name__}")
    algorithm = _ALGORITHMS[digest]
    root = _with_security_prefixes(parse_envelope(envelope).envelope)
    header = _header(root)
    if header.find(_q(WSSE, "Security")) is not None:
        raise ValueError("the envelope already carries a wsse:Security header")
    # Every element is made inside the tree (SubElement), so it reuses the Envelope's prefixes.
    security = etree.SubElement(header, _q(WSSE, "Security"), {_q(SOAP_ENV, "mustUnderstand"): "1"})
    header.insert(0, security)
    timestamp = _add_timestamp(security, _utc(now), ttl)
    token = _add_binary_security_token(security, certificate)
    taken = {str(value) for value in root.xpath("//@*[local-name()='Id']")}
    parts = [_body(root)]
    parts += [block for block in header if etree.QName(block).namespace == WSA]  # To, Action, MessageID, From, ...
    parts.append(timestamp)
    for part in parts + [token]:
        _give_id(part, taken)
    _add_signature(security, parts, key=key, token_id=token.attrib[_ID], algorithm=algorithm)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _with_security_prefixes(root: etree._Element) -> etree._Element:
    """Declare wsse/wsu/ds once on the Envelope, so that signed parts say `wsu:Id` rather than `ns0:Id`."""
    nsmap = dict(root.nsmap)
    for prefix, uri in (("wsse", WSSE), ("wsu", WSU), ("ds", DS)):
        if uri not in nsmap.values() and prefix not in nsmap:
            nsmap[prefix] = uri
    if nsmap == root.nsmap:
        return root
    rebuilt = etree.Element(root.tag, dict(root.attrib), nsmap=nsmap)
    rebuilt.text = root.text
    rebuilt.extend(list(root))
    return rebuilt


def _body(root: etree._Element) -> etree._Element:
    """The soap:Body, which parse_envelope has already required."""
    body = root.find(_q(SOAP_ENV, "Body"))
    if body is None:
        raise XmlRejected("SOAP envelope has no Body")
    return body


def _header(root: etree._Element) -> etree._Element:
    header = root.find(_q(SOAP_ENV, "Header"))
    if header is None:
        header = etree.SubElement(root, _q(SOAP_ENV, "Header"))
        root.insert(0, header)
    return header


def _give_id(element: etree._Element, taken: set[str]) -> None:
    """Keep an existing wsu:Id; otherwise `id-<LocalName>` as in the field (`#id-Body`), unique in the document."""
    if element.get(_ID):
        return
    base = f"id-{etree.QName(element).localname}"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    element.set(_ID, candidate)


def _add_timestamp(security: etree._Element, now: datetime, ttl: timedelta) -> etree._Element:
    timestamp = etree.SubElement(security, _q(WSU, "Timestamp"))
    etree.SubElement(timestamp, _q(WSU, "Created")).text = f"{now:%Y-%m-%dT%H:%M:%S}Z"
    etree.SubElement(timestamp, _q(WSU, "Expires")).text = f"{now + ttl:%Y-%m-%dT%H:%M:%S}Z"
    return timestamp


def _add_binary_security_token(security: etree._Element, certificate: x509.Certificate) -> etree._Element:
    token = etree.SubElement(security, _q(WSSE, "BinarySecurityToken"),
                             {"EncodingType": BASE64_BINARY, "ValueType": X509V3})
    token.text = _b64(certificate.public_bytes(serialization.Encoding.DER))
    return token


def _add_signature(security: etree._Element, parts: list[etree._Element], *, key: rsa.RSAPrivateKey,
                   token_id: str, algorithm: _Algorithm) -> etree._Element:
    """ds:Signature over `parts`, made in place so that C14N of SignedInfo sees the namespaces a verifier sees."""
    signature = etree.SubElement(security, _q(DS, "Signature"))
    signed_info = etree.SubElement(signature, _q(DS, "SignedInfo"))
    etree.SubElement(signed_info, _q(DS, "CanonicalizationMethod"), Algorithm=EXC_C14N)
    etree.SubElement(signed_info, _q(DS, "SignatureMethod"), Algorithm=algorithm.signature_uri)
    for part in parts:
        reference = etree.SubElement(signed_info, _q(DS, "Reference"), URI=f"#{part.get(_ID)}")
        transforms = etree.SubElement(reference, _q(DS, "Transforms"))
        etree.SubElement(transforms, _q(DS, "Transform"), Algorithm=EXC_C14N)
        etree.SubElement(reference, _q(DS, "DigestMethod"), Algorithm=algorithm.digest_uri)
        digest = hashes.Hash(algorithm.hash())
        digest.update(_canonical(part))
        etree.SubElement(reference, _q(DS, "DigestValue")).text = _b64(digest.finalize())
    value = etree.SubElement(signature, _q(DS, "SignatureValue"))
    key_info = etree.SubElement(signature, _q(DS, "KeyInfo"))
    token_reference = etree.SubElement(key_info, _q(WSSE, "SecurityTokenReference"))
    etree.SubElement(token_reference, _q(WSSE, "Reference"), URI=f"#{token_id}", ValueType=X509V3)
    value.text = _b64(key.sign(_canonical(signed_info), padding.PKCS1v15(), algorithm.hash()))
    return signature


# --- checking ------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    """What `verify_envelope` found. `certificate` is the token's certificate, to trust only when `valid`."""

    valid: bool
    problems: list[str]
    certificate: x509.Certificate | None
    signed_parts: frozenset[str]  # local names of the parts whose digest matched, e.g. {"Body", "To", "Timestamp"}
    message_id: str | None
    trust_findings: tuple[TrustFinding, ...] = ()  # why the certificate is not trusted; their texts are in problems
    signed_at: datetime | None = None  # the wsu:Created, when it is a date-time


def verify_envelope(envelope: bytes, *, trust: Trust | None, now: datetime | None = None,
                    max_clock_skew: timedelta = timedelta(minutes=5)) -> SignatureCheck:
    """Check the WS-Security signature of a 2W-be-S message; every problem found is one line in `problems`.

    `trust` is required on purpose: every judging caller passes the run's anchors; None (the signature's form and
    mathematics only) is for tests of the XML signature itself.
    """
    try:
        check = _verify(envelope, _utc(now), max_clock_skew)
    except Exception as exc:  # noqa: BLE001 - hostile input must give a verdict, never a crash
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return _rejected(f"the message could not be checked ({reason})")
    if trust is None or check.certificate is None:
        return check
    # The certificate must have been valid when it signed (wsu:Created, when readable) as well as now.
    signed_at = [check.signed_at] if check.signed_at is not None else []
    try:
        findings = tuple(trust.findings(check.certificate, at=signed_at, now=_utc(now)))
    except Exception as exc:  # noqa: BLE001 - a hostile certificate must give a verdict, never a crash
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
        findings = (TrustFinding("untrusted", f"the signing certificate could not be judged ({reason})"),)
    if not findings:
        return check
    return dataclasses.replace(check, valid=False, problems=[*check.problems, *map(str, findings)],
                               trust_findings=findings)


def signer_oin(check: SignatureCheck) -> str | None:
    """The OIN in the signing certificate's Subject serialNumber, only for a valid signature (compare it with the
    TLS client certificate's party); None otherwise."""
    if not check.valid or check.certificate is None:
        return None
    return oin_from_certificate(check.certificate)


def _rejected(problem: str, message_id: str | None = None) -> SignatureCheck:
    return SignatureCheck(valid=False, problems=[problem], certificate=None, signed_parts=frozenset(),
                          message_id=message_id)


def _verify(data: bytes, now: datetime, skew: timedelta) -> SignatureCheck:
    try:
        message = parse_envelope(data)
    except XmlRejected as exc:
        return _rejected(f"not a usable SOAP 1.1 envelope: {' '.join(str(exc).split())[:200]}")
    root = message.envelope
    message_id = _message_id(message.headers)
    securities = [block for block in message.headers if block.tag == _q(WSSE, "Security")]
    if not securities:
        return _rejected("no wsse:Security header: the message is not signed", message_id)
    security = securities[0]
    problems = ["more than one wsse:Security header"] if len(securities) > 1 else []
    if len(root.findall(_q(SOAP_ENV, "Body"))) > 1:
        problems.append("more than one soap:Body (signature wrapping?)")
    ids = _ids(root)
    problems += _duplicate_id_problems(ids)
    timestamp = security.find(_q(WSU, "Timestamp"))
    problems += _timestamp_problems(timestamp, now, skew)
    signature = security.find(_q(DS, "Signature"))
    signed_info = signature.find(_q(DS, "SignedInfo")) if signature is not None else None
    if security.find(_q(WSSE, "BinarySecurityToken")) is None:
        problems.append("no wsse:BinarySecurityToken with the signer's certificate in the Security header")
    if signature is None or signed_info is None:
        problems.append("no ds:Signature in the Security header" if signature is None
                        else "the ds:Signature has no SignedInfo")
        return SignatureCheck(valid=False, problems=problems, certificate=None, signed_parts=frozenset(),
                              message_id=message_id)
    certificate, token_problems = _signer_certificate(signature, ids)
    problems += token_problems
    signable = [_body(root), *message.headers,
                *(child for child in security if child.tag != _q(DS, "Signature"))]
    covered, signed, reference_problems = _check_references(signed_info, ids, signable)
    problems += reference_problems
    problems += _coverage_problems(_body(root), message.headers, timestamp, covered)
    problems += _signature_value_problems(signed_info, signature, certificate)
    created = _instant(timestamp.findtext(_q(WSU, "Created")) if timestamp is not None else None)
    return SignatureCheck(valid=not problems, problems=problems, certificate=certificate,
                          signed_parts=frozenset(etree.QName(part).localname for part in signed),
                          message_id=message_id, signed_at=created.astimezone(UTC) if created else None)


def _message_id(headers: Iterable[etree._Element]) -> str | None:
    for block in headers:
        if block.tag == _q(WSA, "MessageID"):
            return (block.text or "").strip() or None
    return None


def _quote(text: str | None) -> str:
    """A candidate's text inside a problem: short, on one line."""
    text = text or ""
    return repr(text[:80] + ("…" if len(text) > 80 else ""))


def _ids(root: etree._Element) -> dict[str, list[etree._Element]]:
    ids: dict[str, list[etree._Element]] = {}
    for element in root.iter("*"):
        value = element.get(_ID)
        if value is not None:
            ids.setdefault(value, []).append(element)
    return ids


def _duplicate_id_problems(ids: dict[str, list[etree._Element]]) -> list[str]:
    return [f"wsu:Id {_quote(value)} is carried by {len(elements)} elements (signature wrapping?)"
            for value, elements in ids.items() if len(elements) > 1]


_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def _instant(text: str | None) -> datetime | None:
    """An xs:dateTime with a time zone (WS-Security writes UTC with Z), or None."""
    text = (text or "").strip()
    if not _DATE_TIME.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _timestamp_problems(timestamp: etree._Element | None, now: datetime, skew: timedelta) -> list[str]:
    if timestamp is None:
        return ["no wsu:Timestamp in the Security header"]
    created_element = timestamp.find(_q(WSU, "Created"))
    if created_element is None:
        return ["the wsu:Timestamp has no Created"]
    created = _instant(created_element.text)
    if created is None:
        return [f"wsu:Created {_quote(created_element.text)} is not a date-time with a time zone"]
    problems = []
    if created > now + skew:
        problems.append(f"wsu:Created {(created_element.text or '').strip()} lies in the future, beyond the allowed "
                        f"clock skew of {skew}")
    expires_element = timestamp.find(_q(WSU, "Expires"))  # optional in the profile
    if expires_element is not None:
        expires = _instant(expires_element.text)
        if expires is None:
            problems.append(f"wsu:Expires {_quote(expires_element.text)} is not a date-time with a time zone")
        elif expires < now - skew:
            problems.append(f"the wsu:Timestamp expired at {(expires_element.text or '').strip()}")
    return problems


def _resolve(uri: str, ids: dict[str, list[etree._Element]]) -> tuple[etree._Element | None, str | None]:
    """The one element a same-document `#id` URI names, or why there is none."""
    if not uri.startswith("#") or len(uri) < 2:
        return None, f"reference {_quote(uri)} is not a same-document #wsu:Id reference"
    found = ids.get(uri[1:], [])
    if not found:
        return None, f"reference {_quote(uri)} points at no element with that wsu:Id"
    if len(found) > 1:
        return None, f"reference {_quote(uri)} is ambiguous: {len(found)} elements carry that wsu:Id"
    return found[0], None


def _signer_certificate(signature: etree._Element, ids: dict[str, list[etree._Element]],
                        ) -> tuple[x509.Certificate | None, list[str]]:
    """The certificate of the BinarySecurityToken that KeyInfo's SecurityTokenReference points at."""
    reference = signature.find(f"{_q(DS, 'KeyInfo')}/{_q(WSSE, 'SecurityTokenReference')}/{_q(WSSE, 'Reference')}")
    if reference is None:
        return None, ["KeyInfo has no wsse:SecurityTokenReference to a BinarySecurityToken"]
    token, problem = _resolve(reference.get("URI", ""), ids)
    if token is None or token.tag != _q(WSSE, "BinarySecurityToken"):
        return None, [f"KeyInfo does not point at a BinarySecurityToken: {problem or 'it names another element'}"]
    if token.get("ValueType") != X509V3:
        return None, [f"the BinarySecurityToken's ValueType is {_quote(token.get('ValueType'))}, not X509v3"]
    try:
        der = base64.b64decode("".join((token.text or "").split()), validate=True)
        certificate = x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError):
        return None, ["the BinarySecurityToken is not a base64 DER X.509 certificate"]
    try:
        certificate.public_key()  # parsed lazily: a damaged key only shows here
    except (UnsupportedAlgorithm, ValueError):
        return None, ["the BinarySecurityToken's certificate has a public key that cannot be read"]
    return certificate, []


def _inclusive_prefixes(method: etree._Element) -> list[str]:
    """The InclusiveNamespaces PrefixList that other toolkits (e.g. WSS4J) add to an exclusive C14N step."""
    inclusive = method.find(_q(EXC_C14N, "InclusiveNamespaces"))
    return (inclusive.get("PrefixList") or "").split() if inclusive is not None else []


def _label(part: etree._Element) -> str:
    """How a problem names a signed part: soap:Body, wsa:Action, wsu:Timestamp."""
    prefixes = {SOAP_ENV: "soap", WSA: "wsa", WSU: "wsu", WSSE: "wsse"}
    name = etree.QName(part)
    return f"{prefixes[name.namespace]}:{name.localname}" if name.namespace in prefixes else name.localname


def _check_reference(reference: etree._Element, ids: dict[str, list[etree._Element]],
                     signable: list[etree._Element]) -> tuple[etree._Element | None, bool, list[str]]:
    """(the part it covers, whether its digest matches, problems)."""
    uri = reference.get("URI", "")
    part, problem = _resolve(uri, ids)
    if part is None:
        return None, False, [problem or ""]
    name = _label(part)
    if not any(part is candidate for candidate in signable):
        outside = f"reference {_quote(uri)} points at a {name} outside the Header blocks and the Body"
        return None, False, [f"{outside} (signature wrapping?)"]
    problems = []
    transforms = [t.get("Algorithm") for t in reference.findall(f"{_q(DS, 'Transforms')}/{_q(DS, 'Transform')}")]
    if transforms != [EXC_C14N]:
        problems.append(f"the reference to the {name} must use exactly one exclusive C14N transform, "
                        f"has {transforms or 'none'}")
    method = reference.find(_q(DS, "DigestMethod"))
    algorithm = _DIGESTS.get(method.get("Algorithm", "") if method is not None else "")
    if algorithm is not _SHA256:
        used = method.get("Algorithm") if method is not None else None
        problems.append(f"the {name} is digested with {_quote(used)}; only SHA-256 ({_SHA256.digest_uri}) is allowed"
                        + (" (SHA-1 is forbidden)" if algorithm is _SHA1 else ""))
    if algorithm is None:
        return part, False, problems
    transform = reference.find(f"{_q(DS, 'Transforms')}/{_q(DS, 'Transform')}")
    canonical = _canonical_or_none(part, _inclusive_prefixes(transform) if transform is not None else [])
    if canonical is None:
        refused = f"the {name} cannot be canonicalised (exclusive C14N refuses, e.g. a relative namespace URI)"
        return part, False, [*problems, refused]
    digest = hashes.Hash(algorithm.hash())
    digest.update(canonical)
    try:
        expected = base64.b64decode("".join((reference.findtext(_q(DS, "DigestValue")) or "").split()),
                                    validate=True)
    except binascii.Error:
        expected = b""
    if digest.finalize() != expected:
        problems.append(f"the digest of the {name} ({_quote(uri)}) does not match: it was changed after signing")
        return part, False, problems
    return part, True, problems


def _check_references(signed_info: etree._Element, ids: dict[str, list[etree._Element]],
                      signable: list[etree._Element]) -> tuple[list[etree._Element], list[etree._Element], list[str]]:
    """(parts a Reference covers, those of them whose digest matches, problems)."""
    covered: list[etree._Element] = []
    signed: list[etree._Element] = []
    problems: list[str] = []
    for reference in signed_info.findall(_q(DS, "Reference")):
        part, digest_ok, reference_problems = _check_reference(reference, ids, signable)
        problems += reference_problems
        if part is not None:
            covered.append(part)
            if digest_ok:
                signed.append(part)
    return covered, signed, problems


def _coverage_problems(body: etree._Element, headers: Iterable[etree._Element], timestamp: etree._Element | None,
                       covered: list[etree._Element]) -> list[str]:
    """The profile signs the Body, every WS-Addressing header and the Timestamp (WB004)."""
    def is_covered(element: etree._Element) -> bool:
        return any(element is part for part in covered)

    problems = [] if is_covered(body) else ["the soap:Body is not signed"]
    problems += [f"the wsa:{etree.QName(block).localname} header is not signed"
                 for block in headers if etree.QName(block).namespace == WSA and not is_covered(block)]
    if timestamp is not None and not is_covered(timestamp):
        problems.append("the wsu:Timestamp is not signed")
    return problems


def _signature_value_problems(signed_info: etree._Element, signature: etree._Element,
                              certificate: x509.Certificate | None) -> list[str]:
    problems = []
    c14n = signed_info.find(_q(DS, "CanonicalizationMethod"))
    if c14n is None or c14n.get("Algorithm") != EXC_C14N:
        used = c14n.get("Algorithm") if c14n is not None else None
        problems.append(f"SignedInfo is canonicalised with {_quote(used)}; exclusive C14N ({EXC_C14N}) is required")
    method = signed_info.find(_q(DS, "SignatureMethod"))
    used = method.get("Algorithm") if method is not None else None
    algorithm = _SIGNATURES.get(used or "")
    if algorithm is not _SHA256:
        problems.append(f"the signature algorithm is {_quote(used)}; only rsa-sha256 ({_SHA256.signature_uri}) is "
                        f"allowed" + (" (SHA-1 is forbidden)" if algorithm is _SHA1 else ""))
    if algorithm is None or certificate is None:
        return problems
    public_key = certificate.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        return [*problems, "the signing certificate's key is not an RSA key"]
    canonical = _canonical_or_none(signed_info, _inclusive_prefixes(c14n) if c14n is not None else [])
    if canonical is None:
        return [*problems, "SignedInfo cannot be canonicalised (exclusive C14N refuses, e.g. a relative namespace URI)"]
    try:
        value = base64.b64decode("".join((signature.findtext(_q(DS, "SignatureValue")) or "").split()),
                                 validate=True)
        public_key.verify(value, canonical, padding.PKCS1v15(), algorithm.hash())
    except (binascii.Error, InvalidSignature):
        problems.append("the SignatureValue does not verify with the BinarySecurityToken's key")
    return problems
