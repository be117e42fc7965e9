"""The security probes' named defects, shared by every reference: each makes a reference fail exactly one probe.

A reference's receiving side parses with `conformance.xml` (DOCTYPEs refused, nothing fetched, bounded size) and
its TLS offers 1.2 or later with strong suites; these defects undo one of those on purpose, in front of the
reference's own app, so the probes can be seen to fail a careless candidate.
"""

from __future__ import annotations

import contextlib
import re
import ssl
import urllib.request
import warnings
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from lxml.etree._docloader import _InputDocument  # types-lxml's name for what a Resolver returns

from conformance.standards._plugin import Defect
from conformance.transport import MAX_REQUEST_BYTES, App, HttpRequest, HttpResponse, LoopbackServer

__all__ = ["FETCH_TIMEOUT", "WEAK_SUITES_ACCEPTED", "flawed_server", "security_defects"]

#: How long the XXE defect waits for an entity's URL: long enough for the suite's canary on loopback.
FETCH_TIMEOUT = 5.0
#: What the weak-cipher defect adds to the server's suites (all offerable by OpenSSL 3 at security level 0).
WEAK_SUITES_ACCEPTED = "NULL-SHA256:ECDHE-RSA-NULL-SHA:AECDH-AES128-SHA"


def security_defects(prefix: str, *, versions: bool = True) -> tuple[Defect, ...]:
    """The probe defects of the standard whose security requirements are `<prefix>-SEC-01..05`; without `versions`
    the TLS version probe is another requirement's (Edukoppeling's own EDUK-TLS-01) and its defect is left out."""
    defects = [
        Defect(name="fetches-external-entities", breaks=(f"{prefix}-SEC-01",),
               description="A request's DTD is loaded and its external entities are fetched (the request is still "
                           "refused afterwards)."),
        Defect(name="accepts-entity-declarations", breaks=(f"{prefix}-SEC-02",),
               description="A request with a DOCTYPE is served: its DTD is dropped and its entity references are "
                           "left unexpanded, so an entity-expansion request is answered instead of refused."),
        Defect(name="no-request-limit", breaks=(f"{prefix}-SEC-03",),
               description="Requests of any size are read and served; the declared limit is not kept."),
        Defect(name="accepts-weak-ciphers", breaks=(f"{prefix}-SEC-05",),
               description="TLS 1.2 also negotiates suites without encryption (NULL) or without authentication "
                           "(anonymous ECDH)."),
    ]
    if versions:
        defects.insert(3, Defect(name="accepts-tls10", breaks=(f"{prefix}-SEC-04",),
                                 description="The service negotiates TLS 1.0 and 1.1 as well as 1.2 and 1.3."))
    return tuple(defects)


def flawed_server(app: App, *, ssl_context: ssl.SSLContext, defects: list[str] | tuple[str, ...] | frozenset[str],
                  port: int = 0, allow_get: bool = False) -> LoopbackServer:
    """The reference's loopback server, with the probe defects among `defects` switched on (none: as it is)."""
    chosen = frozenset(defects)
    if "accepts-tls10" in chosen:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ssl_context.minimum_version = ssl.TLSVersion.TLSv1
        ssl_context.set_ciphers("DEFAULT:@SECLEVEL=0")  # OpenSSL 3 refuses TLS 1.0/1.1 at the default level
    if "accepts-weak-ciphers" in chosen:
        ssl_context.set_ciphers(f"HIGH:{WEAK_SUITES_ACCEPTED}:@SECLEVEL=0")  # DEFAULT would bar NULL for good
    if chosen & {"fetches-external-entities", "accepts-entity-declarations"}:
        app = _EntityFlaws(app, chosen)
    return LoopbackServer(app, ssl_context=ssl_context, port=port, allow_get=allow_get,
                          max_request_bytes=None if "no-request-limit" in chosen else MAX_REQUEST_BYTES)


class _Fetcher(etree.Resolver):
    """Fetches what an entity names over HTTP, as a parser with network access would."""

    def resolve(self, url: str | None, pubid: str | None, context: object) -> _InputDocument | None:
        if not str(url).startswith(("http://", "https://")):
            return self.resolve_string("", context)  # never a local file, not even in a broken reference
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(str(url), timeout=FETCH_TIMEOUT) as answer:
                return self.resolve_string(answer.read(65536), context)
        except OSError:
            return None


class _EntityFlaws:
    """In front of a reference app: a DOCTYPE is honoured (entities fetched) or dropped (the request served)."""

    def __init__(self, app: App, defects: frozenset[str]) -> None:
        self.app = app
        self.defects = defects

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if b"<!DOCTYPE" not in request.body[:4096]:
            return self.app(request)
        if "fetches-external-entities" in self.defects:
            parser = etree.XMLParser(load_dtd=True, resolve_entities=True, no_network=True)
            parser.resolvers.add(_Fetcher())
            with contextlib.suppress(etree.XMLSyntaxError):  # libxml2's own limits stop an expansion bomb
                etree.fromstring(request.body, parser)
        if "accepts-entity-declarations" in self.defects:
            request = HttpRequest(method=request.method, path=request.path, headers=request.headers,
                                  body=_without_dtd(request.body), client_certificate=request.client_certificate)
        return self.app(request)


_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.DOTALL)
_DECLARED = re.compile(rb"<!ENTITY\s+(?:%\s+)?([\w.-]+)")


def _without_dtd(body: bytes) -> bytes:
    """`body` with its DOCTYPE cut out and references to the entities it declared dropped, unexpanded: text
    surgery, as a parser would run out of its limits on a bomb before it could serve the request."""
    match = _DOCTYPE.search(body)
    if match is None:
        return body
    names = _DECLARED.findall(match.group(0))
    rest = body[:match.start()] + body[match.end():]
    for name in names:
        rest = rest.replace(b"&" + name + b";", b"")
    return rest
