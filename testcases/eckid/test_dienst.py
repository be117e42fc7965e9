"""The service itself: SOAP answers, mutual TLS, ping, and the keten and sector lists."""

from __future__ import annotations

import datetime as dt

from conformance.errors import Failure, TransportError
from conformance.harness import current_evidence, requirement
from conformance.standards.eckid import codec
from conformance.standards.eckid.client import NvClient
from conformance.transport import HttpClient, TlsSettings


def _datetime_problem(text: str) -> str | None:
    try:
        dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return f"{text!r} is not an xs:dateTime"
    return None


@requirement("ECKID-NV-SOAP-01", "ECKID-NV-PING-01")
def test_ping(nv, evidence):
    """ping answers pingResponse with available=true, an applicationVersion and a systemTime."""
    ping = codec.read_ping(nv.send("ping").body("ECKID-NV-SOAP-01"))
    if ping.available.strip() not in ("true", "1"):
        raise Failure(f"available is {ping.available!r} while the NV answers", requirement="ECKID-NV-PING-01")
    if not ping.application_version.strip():
        raise Failure("applicationVersion is empty", requirement="ECKID-NV-PING-01")
    problem = _datetime_problem(ping.system_time)
    if problem:
        raise Failure(f"systemTime: {problem}", requirement="ECKID-NV-PING-01")


@requirement("ECKID-NV-SOAP-02")
def test_no_client_certificate_no_answer(candidate_config, eckid_settings, sender, nv_answers, evidence):
    """A client without a certificate is refused: no NV answer comes back (while the suite's own party is answered,
    so a dead endpoint does not pass)."""
    tls = candidate_config.tls
    with HttpClient(tls=TlsSettings(ca_bundle=tls.ca_bundle, verify=tls.verify),
                    record=current_evidence.record, counts_reachability=False) as anonymous:
        try:
            answer = NvClient(anonymous, eckid_settings.endpoint, eckid_settings.oin, sender).send(
                "ping", label="ping without a client certificate")
        except TransportError:
            return
    if answer.exchange.status == 200 and not isinstance(answer.soap, str) and answer.soap.fault is None:
        raise Failure("the NV answered ping to a client that presented no certificate")


@requirement("ECKID-NV-SOAP-03")
def test_garbage_gets_a_fault(nv, evidence):
    """Bytes that are not XML get a SOAP fault."""
    nv.send_bytes("ping", b"dit is geen XML <<<", label="garbage instead of XML").fault()


@requirement("ECKID-NV-SOAP-03")
def test_unknown_request_element_gets_a_fault(nv, evidence):
    """A body element the NV does not define gets a SOAP fault."""
    nv.send_body("ping", codec.element("retrieveSchoolIdRequest", ("hpgn", "0" * 64)),
                 label="unknown request element").fault()


def _list_check(nv, operation: str, item: str, wanted: list[str]) -> None:  # type: ignore[no-untyped-def]
    body = nv.send(operation).body()
    try:
        items = codec.read_list(body, item)
    except ValueError as exc:
        raise Failure(f"{operation}: {exc}") from exc
    if not items:
        raise Failure(f"{operation} lists no {item}")
    for entry in items:
        if not entry.id.strip() or not entry.name.strip():
            raise Failure(f"a {item} has an empty id or name")
        problem = _datetime_problem(entry.last_edited)
        if problem:
            raise Failure(f"{item} {entry.id}: lastEdited {problem}")
    ids = {entry.id for entry in items}
    missing = [value for value in wanted if value not in ids]
    if missing:
        raise Failure(f"{operation} does not list the configured {item} {', '.join(missing)}")


@requirement("ECKID-NV-CAT-01")
def test_retrieve_chains(nv, eckid_settings, evidence):
    """retrieveChains lists complete ketens, the configured ones among them."""
    wanted = [k for k in (eckid_settings.keten, eckid_settings.andere_keten) if k]
    _list_check(nv, "retrieveChains", "chain", wanted)


@requirement("ECKID-NV-CAT-02")
def test_retrieve_sectors(nv, eckid_settings, evidence):
    """retrieveSectors lists complete sectors, the configured ones among them."""
    wanted = [s for s in (eckid_settings.sector, eckid_settings.andere_sector) if s]
    _list_check(nv, "retrieveSectors", "sector", wanted)
