"""Send bytes to a candidate and capture the exchange; every httpx error is mapped here, once."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ssl
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpcore
import httpx

from conformance.errors import TransportError
from conformance.transport._body import BodySink
from conformance.transport._deadline import Deadline, DeadlineBackend, deadline
from conformance.transport._exchange import Exchange, TlsInfo
from conformance.transport._limits import AnswerLimits, answer_limits
from conformance.transport._reachability import CandidateUnreachable, reachability

__all__ = ["HttpClient", "TlsSettings", "map_httpx_errors"]

class TlsSettings:
    """The client side of TLS: which CA to trust, which certificate to present."""

    def __init__(self, *, ca_bundle: Path | None = None, client_cert: Path | None = None,
                 client_key: Path | None = None, verify: bool = True) -> None:
        self.ca_bundle = ca_bundle
        self.client_cert = client_cert
        self.client_key = client_key
        self.verify = verify

    def ssl_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=str(self.ca_bundle) if self.ca_bundle else None)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if not self.verify:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        if self.client_cert:
            ctx.load_cert_chain(str(self.client_cert), str(self.client_key) if self.client_key else None)
        return ctx


@contextlib.contextmanager
def map_httpx_errors(url: str) -> Iterator[None]:
    """Translate httpx's exceptions into TransportError, most specific message first."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise TransportError(f"{url}: timed out ({type(exc).__name__})") from exc
    except httpx.ConnectError as exc:
        raise TransportError(f"{url}: could not connect: {exc}") from exc
    except httpx.RemoteProtocolError as exc:
        raise TransportError(f"{url}: not a valid HTTP answer: {exc}") from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"{url}: {type(exc).__name__}: {exc}") from exc
    except ssl.SSLError as exc:
        raise TransportError(f"{url}: TLS failed: {exc}") from exc
    except OSError as exc:
        raise TransportError(f"{url}: network error: {exc}") from exc


def _tls_info(response: httpx.Response, client_cert: Path | None) -> TlsInfo | None:
    stream = response.extensions.get("network_stream")
    sslobj = stream.get_extra_info("ssl_object") if stream is not None else None
    if sslobj is None:
        return None
    der = sslobj.getpeercert(True)
    subject = None
    peer = sslobj.getpeercert()
    if peer:
        subject = ", ".join("=".join(part) for rdn in peer.get("subject", ()) for part in rdn)
    cipher = sslobj.cipher()
    return TlsInfo(
        version=sslobj.version(),
        cipher=cipher[0] if cipher else None,
        server_certificate_sha256=hashlib.sha256(der).hexdigest() if der else None,
        server_subject=subject,
        client_certificate=client_cert.name if client_cert else None,
    )


class HttpClient:
    """POSTs raw bodies and records each exchange through `record`, failures included.

    Every exchange is bounded by the limits registered for its URL (`answer_limits`): a total deadline, the longest
    silence (`timeout` unless the limits say otherwise) and a cap on the decoded bytes. An answer cut by either
    comes back with `cut_reason` and its first bytes as evidence. A client whose refusals are expected (a
    deliberately wrong certificate) passes `counts_reachability=False`, so its refusals never end a run early.
    """

    def __init__(self, *, tls: TlsSettings | None = None, timeout: float = 30.0,
                 record: Callable[[Exchange], None] | None = None, counts_reachability: bool = True) -> None:
        self._tls = tls or TlsSettings()
        self._timeout = timeout
        self._client = httpx.Client(transport=_bounded_transport(self._tls.ssl_context()), timeout=timeout,
                                    trust_env=False)
        self._record = record or (lambda exchange: None)
        self._counts = counts_reachability

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def post(self, url: str, body: bytes, *, headers: dict[str, str], label: str, keep_failure: bool = False,
             evidence_body: bytes | None = None) -> Exchange:
        """Send `body`; a transport failure is recorded in the exchange and then raised, or with `keep_failure`
        returned in it (a probe judges a refusal at the transport). `evidence_body` is what the evidence keeps of
        a body too large to keep."""
        return self._send("POST", url, body, headers=headers, label=label, keep_failure=keep_failure,
                          evidence_body=evidence_body)

    def get(self, url: str, *, params: dict[str, str] | None = None, headers: dict[str, str] | None = None,
            label: str) -> Exchange:
        """GET `url` with `params` in its query (for SRU); recorded like a POST."""
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
        return self._send("GET", url, b"", headers=headers or {}, label=label)

    def _send(self, method: str, url: str, body: bytes, *, headers: dict[str, str], label: str,
              keep_failure: bool = False, evidence_body: bytes | None = None) -> Exchange:
        # only the encodings read within the cap are asked for; recorded as sent
        exchange = Exchange(label=label, method=method, url=url,
                            request_body=body if evidence_body is None else evidence_body,
                            request_headers={"Accept-Encoding": "gzip, deflate", **headers},
                            started=dt.datetime.now(dt.timezone.utc))
        limits = answer_limits.for_url(url)
        t0 = time.perf_counter()
        try:
            reachability.check(url)
            with deadline(limits.deadline_s) as bound:
                self._exchange(exchange, body, limits, bound)
        except TransportError as exc:
            exchange.transport_error = str(exc)
            # a refusal a probe provokes (keep_failure) says nothing of whether the candidate answers
            if self._counts and not keep_failure and not isinstance(exc, CandidateUnreachable):
                reachability.failed(url, str(exc))
            if not keep_failure:
                raise
        finally:
            exchange.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
            self._record(exchange)
        if self._counts and exchange.transport_error is None:
            if exchange.cut_reason == _too_slow(limits):  # it began to answer, but never finished
                reachability.failed(url, f"{url}: {exchange.cut_reason}")
            else:
                reachability.answered(url)
        return exchange

    def _exchange(self, exchange: Exchange, body: bytes, limits: AnswerLimits, bound: Deadline) -> None:
        """Send `body` and fill `exchange` from the wire; the deadline passing after the head came is a cut answer,
        not an error."""
        url = exchange.url
        try:
            with map_httpx_errors(url):
                with self._client.stream(exchange.method, url, headers=exchange.request_headers,
                                         content=body if exchange.method != "GET" else None,
                                         timeout=limits.idle_s or self._timeout) as response:
                    exchange.status = response.status_code
                    exchange.response_headers = {k.lower(): v for k, v in response.headers.items()}
                    exchange.tls = _tls_info(response, self._tls.client_cert)
                    _read_body(response, exchange, limits, bound)
        except TransportError as exc:
            if not bound.passed:
                raise
            if exchange.status is None:
                raise TransportError(f"{url}: no complete HTTP answer within the deadline of "
                                     f"{limits.deadline_s:g} s") from exc
            exchange.cut_reason = _too_slow(limits)


def _bounded_transport(ssl_context: ssl.SSLContext) -> httpx.HTTPTransport:
    """httpx's transport on a socket backend that keeps each exchange's deadline (httpx has no option for one)."""
    transport = httpx.HTTPTransport(verify=ssl_context, trust_env=False)
    transport._pool = httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=DeadlineBackend())
    return transport


def _too_slow(limits: AnswerLimits) -> str:
    return f"too slow: the answer was not complete within the deadline of {limits.deadline_s:g} s"


def _read_body(response: httpx.Response, exchange: Exchange, limits: AnswerLimits, bound: Deadline) -> None:
    """Stream the body through the cap; whatever happens, the exchange keeps what came (cut to the evidence)."""
    sink = BodySink(max_bytes=limits.max_bytes, evidence_bytes=limits.evidence_bytes,
                    content_encoding=response.headers.get("content-encoding", ""))
    try:
        for chunk in response.iter_raw():
            if not sink.feed(chunk):
                exchange.cut_reason = (f"too large: more than {_megabytes(limits.max_bytes)} after decompression "
                                       "(the cap for this endpoint)")
                break
    except zlib.error as exc:
        sink.full = True
        exchange.cut_reason = f"the body does not decompress as {response.headers.get('content-encoding')}: {exc}"
    except BaseException:
        sink.full = True
        exchange.response_body, exchange.truncated = sink.body(), True
        if bound.passed:
            exchange.cut_reason = _too_slow(limits)
        sink.close()
        raise
    exchange.response_body, exchange.truncated = sink.body(), sink.full
    sink.close()


def _megabytes(size: int) -> str:
    return f"{size / 2**20:g} MB" if size >= 2**20 else f"{size} bytes"
