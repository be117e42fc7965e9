"""The suite as an Edukoppeling client: addressed (and in 2W-be-S signed) requests, sent with a chosen client
certificate, and bare TLS handshakes to probe versions and certificates. Every connect, handshake and read is
bounded by the configured timeout, and every attempt, refused or not, is kept as evidence.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import ssl
from collections.abc import Callable
from typing import TypedDict, Unpack
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509

from conformance.edukoppeling.addressing import (
    Addressing,
    address_with_oin,
    read_addressing,
    new_message_id,
)
from conformance.edukoppeling.sender import Sender
from conformance.errors import Failure, HarnessError, TransportError
from conformance.standards.edukoppeling.settings import EdukoppelingSettings
from conformance.transport import Exchange, HttpClient, TlsSettings, handshake, local_gap, version_name, version_offer
from conformance.xml.answer import SoapAnswer
from conformance.xml.soap import Fault, SoapMessage

__all__ = ["ClientCertificate", "EdukoppelingClient", "Handshake", "ServiceExchange", "tls_version_possible_here"]

#: The request a test means: sent as configured, or with the listed headers left out.
_HEADERS = ("to", "action", "message_id", "from_oin")


@dataclasses.dataclass(frozen=True)
class ClientCertificate:
    """A client certificate (with chain) and its key; `name` shows in the evidence."""

    name: str
    cert: Path
    key: Path


@dataclasses.dataclass
class ServiceExchange(SoapAnswer[Fault]):
    """One request to the candidate and what came back, read as SOAP on demand."""

    exchange: Exchange
    verzoek: Addressing

    @property
    def answered(self) -> bool:
        return self.exchange.transport_error is None

    def answer(self, requirement: str | None = None) -> SoapMessage:
        """The successful answer; a Failure (naming what came back) when there is none."""
        if not self.answered:
            raise Failure(f"expected an answer, but there was none: {self.exchange.transport_error}",
                          requirement=requirement)
        return self.success_message("an answer", requirement,
                                    not_soap="expected a SOAP answer; the answer is not a SOAP 1.1 envelope")

    def refused(self, why: str, requirement: str | None = None) -> str:
        """The request must have been refused (no connection, an HTTP error or a SOAP fault); returns how."""
        if not self.answered:
            return f"refused at the transport: {self.exchange.transport_error}"
        soap = self.soap
        fault = self.read_fault(soap) if isinstance(soap, SoapMessage) else None
        if fault is not None:
            return f"SOAP fault {self.describe_fault(fault)}"
        if self.exchange.status is not None and self.exchange.status >= 400:
            return f"HTTP {self.exchange.status}"
        raise Failure(f"{why}, yet the service answered it\n{self._received()}", requirement=requirement)

    def expect_fault(self, why: str, requirement: str | None = None) -> None:
        """The request must have been answered with a SOAP fault (not a transport refusal)."""
        if not self.answered:
            raise Failure(f"{why}: expected a SOAP fault, but the connection failed: {self.exchange.transport_error}",
                          requirement=requirement)
        soap = self.message(requirement,
                            not_soap=f"{why}: expected a SOAP fault; the answer is not a SOAP 1.1 envelope")
        if self.read_fault(soap) is None:
            raise Failure(f"{why}, yet the service answered it with "
                          f"{(soap.body.tag if soap.body is not None else 'an empty Body')!s} instead of a SOAP fault",
                          requirement=requirement)


@dataclasses.dataclass(frozen=True)
class Handshake:
    """The outcome of one bare TLS handshake; `error` says why it failed, None when it succeeded."""

    version: str | None
    peer_der: bytes | None
    error: str | None

    @property
    def peer(self) -> x509.Certificate | None:
        return x509.load_der_x509_certificate(self.peer_der) if self.peer_der else None


def tls_version_possible_here(version: ssl.TLSVersion, cert: Path, key: Path) -> str | None:
    """Why this machine's OpenSSL cannot speak `version` with itself, or None when it can."""
    return local_gap(version_name(version), lambda ctx: version_offer(ctx, version), cert, key)


class _HeaderChanges(TypedDict, total=False):
    """The WS-Addressing fields a test may replace in a well-behaved request (None: the header left out)."""

    to: str | None
    action: str | None
    message_id: str | None
    from_oin: str | None
    relates_to: str | None
    reply_to: str | None
    from_address: str | None
    relationship_type: str | None


class EdukoppelingClient:
    """Builds and sends requests for the configured operation, as the suite's party or with another certificate."""

    def __init__(self, settings: EdukoppelingSettings, record: Callable[[Exchange], None]) -> None:
        self.settings = settings
        self._record = record
        self._clients: dict[ClientCertificate | None, HttpClient] = {}
        self._last: list[Exchange] = []
        self.own = ClientCertificate("the suite's own client certificate", settings.client_cert, settings.client_key)
        self.sender = Sender.from_files("2W-be-S", settings.client_cert, settings.client_key)
        url = urlsplit(settings.endpoint)
        self.host = url.hostname or ""
        self.port = url.port or 443

    def close(self) -> None:
        for client in self._clients.values():
            client.close()

    # --- messages ---------------------------------------------------------------------------------------------

    def addressing(self, **changes: Unpack[_HeaderChanges]) -> Addressing:
        """The request headers as a well-behaved sender writes them; keyword changes replace single fields."""
        base = Addressing(to=address_with_oin(self.settings.oin, self.settings.endpoint), action=self.settings.action,
                           message_id=new_message_id(), from_oin=self.settings.van_oin)
        return dataclasses.replace(base, **changes)

    def envelope(self, addressing: Addressing, *, digest: str = "sha256", now: dt.datetime | None = None,
                 sign: bool | None = None, sender: Sender | None = None) -> bytes:
        """The configured request Body with these headers, signed in 2W-be-S (unless `sign` says no), by
        the suite or by another `sender` (a probe certificate)."""
        return (sender or self.sender).wrap(self.settings.verzoek, addressing, digest=digest, now=now,
                                    sign=self.settings.signed if sign is None else sign)

    def send(self, envelope: bytes, *, label: str, soapaction: str | None = None,
             certificate: ClientCertificate | None | str = "own") -> ServiceExchange:
        """POST the envelope; a refusal at the transport is recorded and returned, never raised."""
        chosen = self.own if certificate == "own" else certificate
        assert not isinstance(chosen, str)
        addressing = read_addressing(envelope)
        action = (addressing.action or "") if soapaction is None else soapaction
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'}
        self._last = []
        with contextlib.suppress(TransportError):  # the exchange records the refusal
            self._http(chosen).post(self.settings.endpoint, envelope, headers=headers,
                                    label=f"{label} ({chosen.name if chosen else 'no client certificate'})")
        if not self._last:
            raise HarnessError("the HTTP client recorded no exchange")
        return ServiceExchange(self._last[-1], addressing)

    def ping(self, label: str = "request as configured") -> ServiceExchange:
        return self.send(self.envelope(self.addressing()), label=label)

    def _http(self, certificate: ClientCertificate | None) -> HttpClient:
        if certificate not in self._clients:
            tls = TlsSettings(ca_bundle=self.settings.ca_bundle, client_cert=certificate.cert if certificate else None,
                              client_key=certificate.key if certificate else None)
            # another certificate is sent to be refused: its refusals say nothing about whether the candidate answers
            self._clients[certificate] = HttpClient(tls=tls, timeout=self.settings.timeout, record=self._keep,
                                                    counts_reachability=certificate is self.own)
        return self._clients[certificate]

    def _keep(self, exchange: Exchange) -> None:
        self._last = [exchange]
        self._record(exchange)

    # --- bare TLS ---------------------------------------------------------------------------------------------

    def handshake(self, version: ssl.TLSVersion | None = None, *, certificate: ClientCertificate | None | str = "own",
                 verify: bool = True, label: str) -> Handshake:
        """One TLS handshake with the endpoint (pinned to `version` when given), recorded as evidence."""
        chosen = self.own if certificate == "own" else certificate
        assert not isinstance(chosen, str)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if verify:
            ctx.load_verify_locations(cafile=str(self.settings.ca_bundle))
        else:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if version is not None:
            version_offer(ctx, version)
        else:
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if chosen is not None:
            ctx.load_cert_chain(str(chosen.cert), str(chosen.key))
        result = handshake(self.settings.endpoint, self.host, self.port, ctx, timeout=self.settings.timeout,
                           label=label, client_certificate=chosen.cert if chosen else None)
        self._record(result.exchange)
        return Handshake(result.version, result.peer_der, result.error)
