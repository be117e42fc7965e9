"""The reference LAS: a real client of the NV that the demo points at the suite's judging NV, with named defects.

Like a LAS's scheduled job it keeps trying until the NV is there (the judging NV starts only when the LAS tests
run), then hashes its test pupils' PGNs, submits them as one stampseudoniem batch, polls with back-off and fetches
the result once. It runs as a SaaS vendor for the test school: the vendor's certificate, the school's OIN in
wsa:From. Each defect breaks exactly the requirements in its `breaks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from conformance.errors import ConformanceError
from conformance.pki import LoopbackPki, ensure_loopback_pki
from conformance.standards._judging import ReferenceClient, ReferenceWithClient, free_port
from conformance.standards.eckid import codec
from conformance.standards.eckid.client import NvClient, NvExchange
from conformance.standards.eckid.hashing import LEGACY_SCRYPT_N, LEGACY_SCRYPT_P, SCRYPT_N, SCRYPT_P, decode_salt
from conformance.standards.eckid.client_judge.judge import ENDPOINT_PATH, PUBLISHED_PGNS, PUBLISHED_SALT
from conformance.standards.eckid.client_judge.judge_cache import HashWork, HpgnCache
from conformance.standards.eckid.client_judge.defects import LAS_DEFECTS, SHOULD_DEFECTS
from conformance.transport import HttpClient, TlsSettings
from conformance.xml import parse_bytes
from conformance.xml.soap import SOAP_ENV, SoapMessage

__all__ = ["ReferenceNvCaller", "start_reference_with_las"]

_NAMES = frozenset(d.name for d in LAS_DEFECTS + SHOULD_DEFECTS)
#: Defects that change the hash itself, so the published values cannot stand in for it
_HASH_DEFECTS = frozenset({"las-hpgn-not-lowercased", "las-salt-not-decoded", "las-pre-2016-scrypt",
                           "las-leading-zeros-dropped"})

#: The demo's judging timings: short, so a demo run waits about two seconds for the LAS; the threshold leaves a
#: loaded machine's round trips (which add to the eager defect's 0.02 s) a wide margin.
DEMO_POLLINTERVAL = 0.5
DEMO_MIN_POLLINTERVAL = 0.4
DEMO_BATCH_VERTRAGING = 1.2


class ReferenceNvCaller(ReferenceClient):
    """The LAS's job in a background thread: hash, submit, poll, fetch once."""

    thread_name = "eckid-reference-las"
    who = "reference LAS"

    def __init__(self, endpoint: str, pki: LoopbackPki, *, school_oin: str, pgns: Sequence[str], salt_b64: str,
                 defects: Sequence[str] = (), pollinterval: float = 21.0, cache: HpgnCache | None = None,
                 give_up: float | None = None, repeat: bool = True) -> None:
        super().__init__(endpoint, pki, defects=defects, known=_NAMES, give_up=give_up, repeat=repeat)
        self.school_oin = school_oin
        self.pgns = tuple(pgns)
        self.salt_b64 = salt_b64
        self.pollinterval = 0.02 if "las-polls-without-back-off" in self.defects else pollinterval
        self.cache = cache

    def _password(self, pgn: str) -> bytes:
        if "las-leading-zeros-dropped" in self.defects and pgn.isdigit():
            pgn = pgn.lstrip("0")
        return (pgn if "las-hpgn-not-lowercased" in self.defects else pgn.lower()).encode("utf-8")

    def _hpgns(self) -> list[str]:
        salt = self.salt_b64.encode("ascii") if "las-salt-not-decoded" in self.defects else decode_salt(self.salt_b64)
        n, p = (LEGACY_SCRYPT_N, LEGACY_SCRYPT_P) if "las-pre-2016-scrypt" in self.defects else (SCRYPT_N, SCRYPT_P)
        passwords = [self._password(pgn) for pgn in self.pgns]
        published = self.salt_b64 == PUBLISHED_SALT and not self.defects & _HASH_DEFECTS
        work = HashWork(cache=self.cache)
        try:
            futures = [None if published and pgn in PUBLISHED_PGNS else work.hash(password, salt, n=n, p=p)
                       for pgn, password in zip(self.pgns, passwords, strict=True)]
            values = [PUBLISHED_PGNS[pgn] if future is None else future.result()
                      for pgn, future in zip(self.pgns, futures, strict=True)]
        finally:
            work.close()
        return [v.upper() for v in values] if "las-hpgn-upper-case-hex" in self.defects else values

    def tls(self) -> TlsSettings:
        """The candidate certificate, or with `las-wrong-client-certificate` a vendor's the school did not declare."""
        if "las-wrong-client-certificate" not in self.defects:
            return super().tls()
        party = self.pki.test_pki["vendor"]
        return TlsSettings(ca_bundle=self.pki.ca_bundle, client_cert=party.chain or party.cert, client_key=party.key)

    def run_once(self) -> None:
        """One sync of the test pupils."""
        hpgns = self._hpgns()
        own = self.pki.test_pki["candidate"].oin or ""
        from_oin = own if "las-from-without-school-oin" in self.defects else self.school_oin
        # it pings until the judging NV answers: those early refusals must not make the NV "unreachable"
        with HttpClient(tls=self.tls(), timeout=10, counts_reachability=False) as http:
            nv = NvClient(http, self.endpoint, from_oin)
            if not self._wait_for_nv(nv):
                return
            submitted = self._submit(nv, hpgns)
            identifier = submitted.value("batchIdentifier", "ECKID-LAS-03")
            while not self._stop.wait(self.pollinterval):
                answer = nv.send("retrieveBatch", batchIdentifier=identifier)
                fault = codec.read_nv_fault(answer.soap) if isinstance(answer.soap, SoapMessage) else None
                if fault is None or fault.faultactor not in ("NotFinishedException", "TemporaryBlockedException"):
                    break
            if "las-batch-fetched-twice" in self.defects:
                nv.send("retrieveBatch", batchIdentifier=identifier)

    def _submit(self, nv: NvClient, hpgns: list[str]) -> NvExchange:
        operation = "submitStampseudonymBatch"
        body = codec.request(operation, hpgns=list(enumerate(hpgns, start=1)))
        if "las-pgn-in-header" not in self.defects:
            return nv.send_body(operation, body, label=operation)
        payload, _ = nv.wrap(operation, body)
        envelope = parse_bytes(payload)
        header = envelope.find(f"{{{SOAP_ENV}}}Header")
        assert header is not None  # 2W-be always has WS-Addressing headers
        trace = etree.SubElement(header, "{urn:conformance:referentie-las}pgn")
        trace.text = self.pgns[0]
        return nv.send_bytes(operation, etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                             label=operation)

    def _wait_for_nv(self, nv: NvClient) -> bool:
        """Ping until the NV answers; False when stopped first."""
        while not self._stop.is_set():
            try:
                nv.send("ping")
                return True
            except ConformanceError:
                self._stop.wait(0.2)
        return False


def start_reference_with_las(state_dir: Path, defects: list[str] | tuple[str, ...] = (), **kwargs: Any
                             ) -> ReferenceWithClient:
    """Start the reference NV (with its own defects) and the reference LAS (with the las-* defects)."""
    from conformance.standards.eckid.reference_server import start_reference

    nv = start_reference(state_dir, [d for d in defects if d not in _NAMES], **kwargs)
    try:
        pki = ensure_loopback_pki(state_dir / "pki")
        port = free_port()
        pgns = tuple(PUBLISHED_PGNS)
        school = pki.test_pki["school"].oin or ""
        las = ReferenceNvCaller(f"https://localhost:{port}{ENDPOINT_PATH}", pki, school_oin=school, pgns=pgns,
                                salt_b64=PUBLISHED_SALT, defects=[d for d in defects if d in _NAMES],
                                pollinterval=DEMO_POLLINTERVAL, cache=HpgnCache(state_dir / "eckid-hpgn-cache")
                                ).start()
    except BaseException:
        nv.stop()
        raise
    las_config = {
        "scholen": [school], "leveranciers": [pki.test_pki["candidate"].oin or ""],
        "pgns": list(pgns), "salt": PUBLISHED_SALT, "hpgns": [PUBLISHED_PGNS[p] for p in pgns],
        "poort": port, "min_pollinterval": DEMO_MIN_POLLINTERVAL, "batch_vertraging": DEMO_BATCH_VERTRAGING,
        "wachttijd": 60, "nawacht": 0.5,
    }
    return ReferenceWithClient(nv, las, "las", las_config)

