"""The probes themselves: each sends a valid request first (a control), then its hostile variant, then, where the
rule says the candidate must keep serving, a valid request again. A probe ends in a Failure naming what the
candidate did, in cantTell when the control fails (an unreachable candidate too, as Edukoppeling's control does) or
this machine cannot offer what the probe needs, or passes."""

from __future__ import annotations

import dataclasses
import functools
import ssl
from collections.abc import Callable
from urllib.parse import urlsplit

from conformance.errors import Failure
from conformance.harness import cant_tell
from conformance.paths import state_dir
from conformance.pki import ensure_loopback_pki
from conformance.probes.canary import CANARY_CONTENT, Canary
from conformance.probes.payloads import entity_bomb, external_entities, padded
from conformance.probes.settings import ProbeSettings
from conformance.transport import (
    Exchange,
    HttpClient,
    TlsSettings,
    cipher_offer,
    handshake,
    local_gap,
    version_name,
    version_offer,
)
from conformance.xml.soap import SoapMessage, parse_envelope

__all__ = ["OLD_VERSIONS", "WEAK_SUITES", "ProbeTarget", "SecurityProbes"]

#: Versions below TLS 1.2 that OpenSSL 3 can still offer (SSL 3.0 it cannot build at all).
OLD_VERSIONS = (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1)
#: TLS 1.2 suites the NCSC's TLS guidelines rate insufficient, by OpenSSL name, with the reason.
WEAK_SUITES = {
    "NULL-SHA256": "no encryption (NULL)",
    "ECDHE-RSA-NULL-SHA": "no encryption (NULL)",
    "AECDH-AES128-SHA": "anonymous key exchange: the server is not authenticated",
    "DES-CBC3-SHA": "3DES (64-bit blocks, Sweet32)",
    "ECDHE-RSA-DES-CBC3-SHA": "3DES (64-bit blocks, Sweet32)",
    "RC4-SHA": "RC4",
    "ECDHE-RSA-RC4-SHA": "RC4",
}
_MIB = 1024 * 1024


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProbeTarget:
    """One endpoint as a standard's scenario tests give it to the probes: a request it serves (made afresh for
    each send, so signatures and message ids stay valid) and the TLS the standard's tests use."""

    name: str  # what the request is, for messages ("HaalLeerlinggegevens")
    url: str
    headers: dict[str, str]
    request: Callable[[], bytes]
    tls: TlsSettings
    timeout: float = 30.0


def _served(exchange: Exchange) -> str | None:
    """None when the answer is a normal one (HTTP 200, a SOAP envelope without a fault); else what it is."""
    if exchange.transport_error:
        return f"no answer: {exchange.transport_error}"
    if exchange.status != 200:
        return f"HTTP {exchange.status}"
    try:
        message = parse_envelope(exchange.response_body)
    except ValueError as exc:
        return f"not a SOAP envelope ({exc})"
    if isinstance(message, SoapMessage) and message.fault is not None:
        return f"SOAP fault {message.fault.code_text}: {message.fault.faultstring}"
    return None


class SecurityProbes:
    """The probes of one session; the canary and one HTTP client per TLS setting are made on first use."""

    def __init__(self, settings: ProbeSettings, *, record: Callable[[Exchange], None]) -> None:
        self.settings = settings
        self.canary = Canary(settings)
        self._record = record
        self._clients: dict[tuple[object, ...], HttpClient] = {}

    def close(self) -> None:
        self.canary.close()
        for client in self._clients.values():
            client.close()

    # --- sending -------------------------------------------------------------------------------------------------

    def _http(self, target: ProbeTarget) -> HttpClient:
        tls = target.tls
        key = (tls.ca_bundle, tls.client_cert, tls.client_key, tls.verify, target.timeout)
        if key not in self._clients:
            self._clients[key] = HttpClient(tls=tls, timeout=target.timeout, record=self._record)
        return self._clients[key]

    def _send(self, target: ProbeTarget, payload: bytes, label: str, *, evidence_body: bytes | None = None) -> Exchange:
        return self._http(target).post(target.url, payload, headers=target.headers, label=label, keep_failure=True,
                                       evidence_body=evidence_body)

    def _control(self, target: ProbeTarget, probe: str) -> None:
        problem = _served(self._send(target, target.request(), f"valid {target.name} request (control)"))
        if problem is not None:
            cant_tell(f"the service does not serve a valid {target.name} request ({problem}), so how it treats "
                      f"{probe} says nothing")

    def _still_serves(self, target: ProbeTarget, probe: str, requirement: str) -> None:
        problem = _served(self._send(target, target.request(), f"valid {target.name} request afterwards"))
        if problem is not None:
            raise Failure(f"after {probe} the service no longer serves a valid {target.name} request\n"
                          f"Received: {problem}\nExpected: the normal answer, as before the probe",
                          requirement=requirement)

    def _timed_out(self, exchange: Exchange) -> bool:
        took = (exchange.elapsed_ms or 0) / 1000
        return "timed out" in (exchange.transport_error or "") or took > self.settings.answer_within

    # --- the probes ----------------------------------------------------------------------------------------------

    def external_entity(self, target: ProbeTarget, requirement: str) -> None:
        """The request may be refused or served, but the entity's URLs (the suite's canary) are never fetched."""
        self._control(target, "an external entity")
        token = self.canary.token()
        entity_url, dtd_url = self.canary.url(token, "entity"), self.canary.url(token, "dtd")
        exchange = self._send(target, external_entities(target.request(), entity_url, dtd_url),
                              f"{target.name} request with external entities pointing at the suite's canary")
        hits = self.canary.hits(token, wait=self.settings.canary_wait)
        if hits:
            raise Failure("the service fetched the canary named by the request's external entities: "
                          f"{'; '.join(hit.describe() for hit in hits)}\nExpected: the request refused or the entity "
                          "ignored, and nothing fetched", requirement=requirement)
        if CANARY_CONTENT in exchange.response_body:
            raise Failure("the answer holds the canary's content, so an entity was resolved", requirement=requirement)
        if "timed out" in (exchange.transport_error or ""):
            raise Failure(f"the service neither refused nor answered the request: {exchange.transport_error}",
                          requirement=requirement)

    def entity_expansion(self, target: ProbeTarget, requirement: str) -> None:
        """A billion-laughs request is refused promptly, and the service still serves a valid request after it."""
        self._control(target, "an entity-expansion request")
        probe = "a request carrying an entity-expansion DTD (billion laughs)"
        exchange = self._send(target, entity_bomb(target.request()),
                              f"{target.name} request carrying an entity-expansion DTD (billion laughs)")
        if self._timed_out(exchange):
            raise Failure(f"{probe} was not refused within {self.settings.answer_within:g} s "
                          f"({exchange.describe_response()}, after {exchange.elapsed_ms} ms)", requirement=requirement)
        if _served(exchange) is None:
            raise Failure(f"the service served {probe}\nReceived: {exchange.describe_response()}\nExpected: the "
                          "request refused (a SOAP fault or an HTTP error): a DOCTYPE has no place in a request",
                          requirement=requirement)
        self._still_serves(target, probe, requirement)

    def oversized_request(self, target: ProbeTarget, requirement: str) -> None:
        """A request beyond the declared limit is refused, and the service still serves a valid request after it."""
        self._control(target, "an oversized request")
        limit = self.settings.max_request_bytes
        size = limit + _MIB
        probe = f"a request of {size} bytes (the declared limit is {limit})"
        valid = target.request()
        note = (f"<!-- {size} bytes: this request, padded with a comment before its root element, beyond the "
                f"declared limit of {limit} bytes -->\n").encode()
        exchange = self._send(target, padded(valid, size), f"oversized {target.name} request",
                              evidence_body=note + valid)
        if _served(exchange) is None:
            raise Failure(f"the service served {probe}\nReceived: {exchange.describe_response()}\nExpected: the "
                          "request refused (HTTP 413, another error or a closed connection)", requirement=requirement)
        self._still_serves(target, probe, requirement)

    def old_tls_versions(self, target: ProbeTarget, requirement: str) -> None:
        """Handshakes offering only TLS 1.0 or only TLS 1.1 fail, while one offering TLS 1.2 or later succeeds."""
        offers: dict[str, Callable[[ssl.SSLContext], None]] = {
            version_name(v): functools.partial(version_offer, version=v) for v in OLD_VERSIONS}
        accepted, unoffered = self._offer_each(target, offers, "TLS 1.0 and 1.1")
        if accepted:
            raise Failure(f"the service negotiated {', '.join(accepted)}; only TLS 1.2 or later is allowed"
                          f"{unoffered}", requirement=requirement)

    def weak_cipher_suites(self, target: ProbeTarget, requirement: str) -> None:
        """Handshakes offering only one weak TLS 1.2 suite each all fail."""
        offers: dict[str, Callable[[ssl.SSLContext], None]] = {
            suite: functools.partial(cipher_offer, cipher=suite) for suite in WEAK_SUITES}
        accepted, unoffered = self._offer_each(target, offers, "any weak cipher suite")
        if accepted:
            named = "; ".join(f"{suite} ({WEAK_SUITES[suite]})" for suite in accepted)
            raise Failure(f"the service negotiated weak cipher suites: {named}{unoffered}", requirement=requirement)

    # --- TLS -----------------------------------------------------------------------------------------------------

    def _offer_each(self, target: ProbeTarget, offers: dict[str, Callable[[ssl.SSLContext], None]],
                    what: str) -> tuple[list[str], str]:
        """What the service accepted of `offers`, each offered alone, and a note naming those this machine could
        not offer; cantTell when none could be offered here, or when even a TLS 1.2+ handshake fails (a refusal
        then says nothing)."""
        parts = urlsplit(target.url)
        if parts.scheme != "https":
            cant_tell(f"the endpoint {target.url} is plain HTTP: there is no TLS to probe")
        host, port = parts.hostname or "", parts.port or 443
        pki = ensure_loopback_pki(state_dir() / "pki")
        possible = {name: offer for name, offer in offers.items()
                    if local_gap(name, offer, pki.server_chain, pki.server_key) is None}
        if not possible:
            cant_tell(f"the local OpenSSL ({ssl.OPENSSL_VERSION}) cannot offer {what}, so this machine cannot show "
                      "whether the service refuses it")
        control = handshake(target.url, host, port, self._context(target, None), timeout=target.timeout,
                            label="handshake offering TLS 1.2 or later (control)",
                            client_certificate=target.tls.client_cert)
        self._record(control.exchange)
        if control.error is not None:
            cant_tell(f"even a TLS 1.2+ handshake fails ({control.error}), so a refusal of {what} says nothing")
        accepted = []
        for name, offer in possible.items():
            result = handshake(target.url, host, port, self._context(target, offer), timeout=target.timeout,
                               label=f"handshake offering only {name}", client_certificate=target.tls.client_cert)
            self._record(result.exchange)
            if result.error is None:
                accepted.append(name)
        missing = [name for name in offers if name not in possible]
        note = f"\n(not offered, this machine's OpenSSL cannot: {', '.join(missing)})" if missing else ""
        return accepted, note

    @staticmethod
    def _context(target: ProbeTarget, offer: Callable[[ssl.SSLContext], None] | None) -> ssl.SSLContext:
        """A client context that does not judge the server (other tests do) and shows the standard's certificate,
        since a service that demands one ends a handshake without it whatever was offered."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        if offer is None:
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        else:
            offer(ctx)
        if target.tls.client_cert is not None:
            ctx.load_cert_chain(str(target.tls.client_cert),
                                str(target.tls.client_key) if target.tls.client_key else None)
        return ctx
