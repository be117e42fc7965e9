"""Send bytes to a candidate and capture the exchange; every httpx error is mapped here, once."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import ssl
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx

from conformance.errors import TransportError
from conformance.transport._exchange import Exchange, TlsInfo

__all__ = ["HttpClient", "TlsSettings", "map_httpx_errors"]

#: A candidate that streams forever is cut off here.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024


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
    """POSTs raw bodies and records each exchange through `record`, failures included."""

    def __init__(self, *, tls: TlsSettings | None = None, timeout: float = 30.0,
                 record: Callable[[Exchange], None] | None = None) -> None:
        self._tls = tls or TlsSettings()
        self._client = httpx.Client(verify=self._tls.ssl_context(), timeout=timeout, trust_env=False)
        self._record = record or (lambda exchange: None)

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
        exchange = Exchange(label=label, method=method, url=url, request_headers=dict(headers),
                            request_body=body if evidence_body is None else evidence_body,
                            started=dt.datetime.now(dt.timezone.utc))
        t0 = time.perf_counter()
        try:
            with map_httpx_errors(url):
                with self._client.stream(method, url, content=body if method != "GET" else None,
                                         headers=headers) as response:
                    exchange.status = response.status_code
                    exchange.response_headers = {k.lower(): v for k, v in response.headers.items()}
                    exchange.tls = _tls_info(response, self._tls.client_cert)
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        chunks.append(chunk)
                        size += len(chunk)
                        if size > MAX_RESPONSE_BYTES:
                            exchange.truncated = True
                            break
                    exchange.response_body = b"".join(chunks)
        except TransportError as exc:
            exchange.transport_error = str(exc)
            if not keep_failure:
                raise
        finally:
            exchange.elapsed_ms = round((time.perf_counter() - t0) * 1000, 1)
            self._record(exchange)
        return exchange
