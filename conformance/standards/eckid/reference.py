"""The reference Nummervoorziening: hPGN -> stampseudoniem -> ECK iD, batches, vervanging, and the NV's faults.

The real NV's derivation is keyed and secret (eckid §1), so ours is a keyed function of our own: HMAC-SHA256
with a reference key, two blocks long to give the 128 hexadecimal digits every published value has. It is
deterministic, so the same hPGN always gives the same stampseudoniem and the same ECK iD per keten and sector.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import re
import secrets
import threading
import time
from typing import Any
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path

from lxml import etree

from conformance.edukoppeling.addressing import (
    Addressing,
    address_message,
    answer_addressing,
    read_addressing,
)
from conformance.edukoppeling.receiver import Refused, Receiver, read_keypair
from conformance.pki.trust import Trust
from conformance.paths import wsdl_dir
from conformance.standards.eckid import codec
from conformance.standards.eckid.codec import NS, OPERATIONS, Lijstitem
from conformance.standards.eckid.checks import (
    PREFIXES,
    STAMPSEUDONIEM_PILOT_PREFIX,
    Environment,
)
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml import XmlRejected
from conformance.xml.soap import SoapMessage, build_envelope, parse_envelope

__all__ = ["HPGN_PATTERN", "STAMPSEUDONIEM_PREFIXES", "NvError", "NvSettings", "NvRequest", "ReferenceNv",
           "demo_settings"]

HPGN_PATTERN = re.compile(r"[0-9a-f]{64}")
STAMPSEUDONIEM_PREFIXES: dict[Environment, str] = {
    "pilot": STAMPSEUDONIEM_PILOT_PREFIX,
    "productie": "https://ketenid.nl/sp201703/",  # modelled: the production form is not published (eckid §2.1)
}
_HEX128 = re.compile(r"[0-9a-f]{128}")

#: The keten and sector of the NV's own reference tests (eckid §3.1); PO is confirmed, the keten is not.
TEST_KETEN = "http://purl.edustandaard.nl/begrippenkader/e7ec7d3c-c235-4513-bfb6-e54e66854795"
SECTOR_PO = "http://purl.edustandaard.nl/begrippenkader/512e4729-03a4-43a2-95ba-758071d1b725"


class NvError(Exception):
    """An NV fault: `exception` becomes the faultactor, as the NV's clients expect (eckid §4.2)."""

    def __init__(self, exception: str, message: str, *, code: str = "Client") -> None:
        super().__init__(message)
        self.exception = exception
        self.message = message
        self.code = code


@dataclasses.dataclass(frozen=True, kw_only=True)
class NvSettings:
    """What a reference NV is configured with; times in seconds."""

    omgeving: Environment = "pilot"
    secret_key: bytes = b"conformance reference NV key; not the key of any real NV"
    versie: str = "2.0.0-conformance"
    batch_vertraging: float = 1.0  # until retrieveBatch has the result
    retention: float = 24 * 3600.0  # a finished result not fetched by then is removed
    min_pollinterval: float = 0.0  # polling one batch faster than this gets TemporaryBlockedException; 0 = off
    dagelijkse_batchlimiet: int = 6  # batch submissions per client per UTC day
    chains: tuple[Lijstitem, ...] = ()
    sectors: tuple[Lijstitem, ...] = ()
    profiel: str = "2W-be"  # Edukoppeling profile: the NV publishes 2W-be (eckid §4); 2W-be-S also signs
    namens: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)  # client OIN -> schools (SaaS)


def demo_settings(**overrides: Any) -> NvSettings:
    edited = "2018-01-29T00:00:00Z"
    chains = (Lijstitem(TEST_KETEN, "Testketen", "The keten of the NV's published reference tests", edited),
              Lijstitem("https://conformance.invalid/keten/tweede", "Tweede keten",
                        "A second keten of the reference NV only", edited))
    sectors = (Lijstitem(SECTOR_PO, "PO", "Primair onderwijs", edited),
                Lijstitem("https://conformance.invalid/sector/vo", "VO", "Voortgezet onderwijs (reference id)", edited),
                Lijstitem("https://conformance.invalid/sector/mbo", "MBO", "Middelbaar beroepsonderwijs (reference id)",
                          edited))
    return NvSettings(chains=chains, sectors=sectors, **overrides)


@dataclasses.dataclass
class _Batch:
    client: str
    ready: float
    success: list[tuple[int, str]]
    failed: list[tuple[int, str]]
    fetched: bool = False
    last_poll: float | None = None


def _now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclasses.dataclass(frozen=True)
class NvRequest:
    """An accepted NV request: its operation, Body element, the client's identity and its WS-Addressing."""

    operation: str
    body: etree._Element
    client: str  # the TLS client certificate's subject: batches and daily limits are per client
    addressing: Addressing


class ReferenceNv:
    """The NV as a SOAP app for LoopbackServer; `defects` name ways to break it (see defects.py).

    Every request passes the shared Edukoppeling `Receiver` (addressing, From OIN against the client certificate
    or a school it acts for, SOAPAction, and in 2W-be-S signature and replay) before the NV reads its Body; every
    answer, faults included, leaves through its `sign_answer`. `receiver` replaces the one built from
    `reference_settings` (profile, namens), `signing_cert`/`signing_key`, `trust` (the anchors a request's signer must
    chain to in 2W-be-S) and the defects (the judging NV uses that).
    """

    def __init__(self, reference_settings: NvSettings, *, defects: Iterable[str] = (),
                 clock: Callable[[], float] = time.monotonic, receiver: Receiver | None = None,
                 signing_cert: Path | None = None, signing_key: Path | None = None,
                 trust: Trust | None = None) -> None:
        self.reference_settings = reference_settings
        self.defects = frozenset(defects)
        if receiver is None:
            key, certificate = (read_keypair(signing_cert, signing_key) if signing_cert and signing_key
                                else (None, None))
            receiver = Receiver(profiel=reference_settings.profiel, key=key, certificate=certificate,
                                  namens=reference_settings.namens, relaxations=relaxations(self.defects),
                                  trust=trust)
        self.receiver = receiver
        self._clock = clock
        self._lock = threading.Lock()
        self._uitgegeven: set[str] = set()  # stampseudoniem hex parts this NV issued
        self._vervangingen: dict[str, tuple[dt.datetime, str]] = {}  # new hPGN -> (effective, stamp hex)
        self._batches: dict[str, _Batch] = {}
        self._ingediend: dict[tuple[str, dt.date], int] = {}

    # --- derivation -----------------------------------------------------------------------------------------

    def _prf(self, *parts: str) -> str:
        message = "\x1f".join(parts).encode("utf-8")
        return "".join(hmac.new(self.reference_settings.secret_key, bytes([block]) + message, hashlib.sha256).hexdigest()
                       for block in (1, 2))

    def _check_hpgn(self, value: str) -> None:
        if "malformed-hpgn-accepted" not in self.defects and not HPGN_PATTERN.fullmatch(value):
            raise NvError("InvalidHpgnException", "hpgn must be 64 lower-case hexadecimal characters")

    def _eigen_stamp(self, hpgn: str) -> str:
        return self._prf("stampseudoniem", hpgn)

    def _stamp_hex(self, hpgn: str) -> str:
        vervanging = self._vervangingen.get(hpgn)
        if vervanging is not None and vervanging[0] <= _now_utc():
            return vervanging[1]
        return self._eigen_stamp(hpgn)

    def _stamp_uri(self, stamp_hex: str) -> str:
        self._uitgegeven.add(stamp_hex)
        return STAMPSEUDONIEM_PREFIXES[self.reference_settings.omgeving] + stamp_hex

    def retrieve_stampseudonym(self, hpgn: str) -> str:
        self._check_hpgn(hpgn)
        with self._lock:
            return self._stamp_uri(self._stamp_hex(hpgn))

    def _check_keten_sector(self, keten: str, sector: str) -> None:
        if "unknown-chain-accepted" not in self.defects and keten not in {k.id for k in self.reference_settings.chains}:
            raise NvError("InvalidChainException", "chainId is not a keten this NV knows; see retrieveChains")
        if sector not in {s.id for s in self.reference_settings.sectors}:
            raise NvError("InvalidSectorException", "sectorId is not a sector this NV knows; see retrieveSectors")

    def retrieve_eckid(self, stampseudoniem: str, keten: str, sector: str) -> str:
        prefix = STAMPSEUDONIEM_PREFIXES[self.reference_settings.omgeving]
        stamp_hex = stampseudoniem[len(prefix):] if stampseudoniem.startswith(prefix) else ""
        with self._lock:
            issued = stamp_hex in self._uitgegeven
        if not _HEX128.fullmatch(stamp_hex) or (not issued and "unknown-stampseudonym-accepted" not in self.defects):
            raise NvError("InvalidStampseudonymException", "stampseudonym is not one this NV issued")
        self._check_keten_sector(keten, sector)
        omgeving = self.reference_settings.omgeving
        if "production-eckid-in-pilot" in self.defects and omgeving == "pilot":
            omgeving = "productie"
        parts = ["eckid", self.reference_settings.omgeving, stamp_hex, keten]
        if "sector-ignored" not in self.defects:
            parts.append(sector)
        return PREFIXES[omgeving] + self._prf(*parts)

    def replace_stampseudonym(self, old: str, new: str, effective: dt.datetime | None) -> str:
        self._check_hpgn(old)
        self._check_hpgn(new)
        if old == new:
            raise NvError("InvalidRequestException", "hpgnOld and hpgnNew are the same")
        with self._lock:
            if "eckid-changes-after-replace" in self.defects:
                stamp_hex = self._prf("stampseudoniem", old, new)
            elif "replace-not-transitive" in self.defects:
                stamp_hex = self._eigen_stamp(old)
            else:
                stamp_hex = self._stamp_hex(old)
            self._vervangingen[new] = (effective or _now_utc(), stamp_hex)
            return self._stamp_uri(stamp_hex)

    # --- batches --------------------------------------------------------------------------------------------

    def submit_batch(self, client: str, items: list[tuple[int, str]], single: Callable[[str], str]) -> str:
        if not items:
            raise NvError("InvalidBatchException", "a batch holds at least one item")
        today = _now_utc().date()
        with self._lock:
            count = self._ingediend.get((client, today), 0)
            if count >= self.reference_settings.dagelijkse_batchlimiet and "ignores-daily-batch-limit" not in self.defects:
                raise NvError("LimitDailyBatchSubmissionsExceededException",
                             "the daily limit of batch submissions is reached; try again tomorrow")
            self._ingediend[(client, today)] = count + 1
        success: list[tuple[int, str]] = []
        failed: list[tuple[int, str]] = []
        for position, (index, value) in enumerate(items, start=1):
            shown = position if "batch-indices-renumbered" in self.defects else index
            try:
                success.append((shown, single(value)))
            except NvError as fout:
                failed.append((shown, fout.message))
        delay = 0.0 if "batch-ready-immediately" in self.defects else self.reference_settings.batch_vertraging
        identifier = secrets.token_hex(16)
        with self._lock:
            self._batches[identifier] = _Batch(client, self._clock() + delay, success, failed)
        return identifier

    def retrieve_batch(self, client: str, identifier: str) -> _Batch:
        now = self._clock()
        with self._lock:
            batch = self._batches.get(identifier)
            if batch is None or batch.client != client:
                raise NvError("InvalidBatchIdentifierException", "no batch with this identifier")
            if batch.fetched and "batch-fetchable-twice" not in self.defects:
                raise NvError("ContentAlreadyRetrievedException", "this batch result was already retrieved")
            if now > batch.ready + self.reference_settings.retention:
                del self._batches[identifier]
                raise NvError("ContentRemovedException", "this batch result was removed after its retention period")
            polled, batch.last_poll = batch.last_poll, now
            if polled is not None and now - polled < self.reference_settings.min_pollinterval:
                raise NvError("TemporaryBlockedException", "polled too often; wait before retrying", code="Server")
            if now < batch.ready:
                raise NvError("NotFinishedException", "the batch is still being processed; retry later",
                             code="Server")
            batch.fetched = True
            return batch

    # --- SOAP ----------------------------------------------------------------------------------------------

    def __call__(self, request: HttpRequest) -> HttpResponse:
        verzoek: Addressing | None = None
        try:
            received = self.open(request)
            verzoek = received.addressing
            answer = build_envelope(self._answer(received.operation, received.body, received.client))
            status, action = 200, codec.answer_action(received.operation)
        except (NvError, Refused) as error:
            fout = error if isinstance(error, NvError) else NvError("InvalidRequestException",
                                                                 f"Edukoppeling {self.receiver.profiel}: "
                                                                 f"{error.reason}")
            answer = codec.build_nv_fault(fout.exception, fout.message, code=fout.code)
            status, action, verzoek = 500, codec.FAULT_ACTION, verzoek or _adressering_of(request.body)
        if verzoek is not None and verzoek.message_id and "no-relates-to" not in self.defects:
            answer = address_message(answer, answer_addressing(verzoek, action=action))
        return HttpResponse(status=status, body=self.receiver.sign_answer(answer))

    def open(self, request: HttpRequest) -> NvRequest:
        """The one place that unwraps an NV request: first the Edukoppeling profile (`Receiver`), then the NV's
        own rules: the Body element names the operation, wsa:Action and a non-empty HTTP SOAPAction are that
        operation's, and the Body follows the NV schema. The client is identified by its TLS certificate (the
        server context requires one)."""
        found: list[tuple[str, etree._Element]] = []

        def nv_regels(message: SoapMessage, addressing: Addressing) -> None:
            body = message.body
            if body is None or etree.QName(body).namespace != NS or etree.QName(body).localname not in _REQUESTS:
                raise NvError("InvalidRequestException", "the SOAP Body holds no NV request element")
            operation = _REQUESTS[etree.QName(body).localname]
            expected = codec.soap_action(operation)
            if addressing.action is not None and addressing.action != expected:
                raise NvError("InvalidRequestException", f"wsa:Action is not {expected}")
            action = request.headers.get("soapaction", "").strip().strip('"')
            if action and action != expected:
                raise NvError("InvalidRequestException", "the SOAPAction does not match the request element")
            schema = _schema()
            if not schema.validate(body):
                last = schema.error_log.last_error
                raise NvError("InvalidRequestException",
                             f"the request does not follow the NV schema: {last.message if last else ''}")
            found.append((operation, body))

        received = self.receiver.receive(request, nv_regels)
        subject = (request.client_certificate or {}).get("subject", ())
        client = ",".join("=".join(pair) for rdn in subject for pair in rdn) or "anonymous"
        operation, body = found[0]
        return NvRequest(operation, body, client, received.addressing)

    def _answer(self, operation: str, body: etree._Element, client: str) -> etree._Element:
        response = OPERATIONS[operation][1]

        def field(name: str) -> str:
            return codec.text_of(body, name) or ""

        if operation == "ping":
            return codec.element(response, ("available", "true"), ("applicationVersion", self.reference_settings.versie),
                                 ("systemTime", codec.now_text()))
        if operation == "retrieveStampseudonym":
            return codec.element(response, ("stampseudonym", self.retrieve_stampseudonym(field("hpgn"))))
        if operation == "retrieveEckId":
            eckid = self.retrieve_eckid(field("stampseudonym"), field("chainId"), field("sectorId"))
            return codec.element(response, ("eckId", eckid))
        if operation == "submitStampseudonymBatch":
            items = _listed(body, "hpgnList", "hPgn")
            return codec.element(response, ("batchIdentifier",
                                            self.submit_batch(client, items, self.retrieve_stampseudonym)))
        if operation == "submitEckIdBatch":
            items = _listed(body, "stampseudonymList", "stampseudonym")
            keten, sector = field("chainId"), field("sectorId")
            self._check_keten_sector(keten, sector)
            identifier = self.submit_batch(client, items, lambda stamp: self.retrieve_eckid(stamp, keten, sector))
            return codec.element(response, ("batchIdentifier", identifier))
        if operation == "retrieveBatch":
            batch = self.retrieve_batch(client, field("batchIdentifier"))
            return codec.element(response,
                                 *(codec.element("success", ("index", str(i)), ("value", v)) for i, v in batch.success),
                                 *(codec.element("failed", ("index", str(i)), ("errorMessage", m))
                                   for i, m in batch.failed))
        if operation == "replaceStampseudonym":
            effective = _datetime(codec.text_of(body, "effectiveDate"))
            return codec.element(response, ("stampseudonym",
                                            self.replace_stampseudonym(field("hpgnOld"), field("hpgnNew"), effective)))
        listed = self.reference_settings.chains if operation == "retrieveChains" else self.reference_settings.sectors
        tag = "chain" if operation == "retrieveChains" else "sector"
        return codec.element(response, *(codec.element(tag, ("id", k.id), ("name", k.name),
                                                        ("description", k.description), ("lastEdited", k.last_edited))
                                          for k in listed))


def _listed(body: etree._Element, item: str, value: str) -> list[tuple[int, str]]:
    return [(int(codec.text_of(el, "index") or "0"), codec.text_of(el, value) or "")
            for el in body.findall(f"{{{NS}}}{item}")]


def _datetime(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise NvError("InvalidRequestException", "effectiveDate is not an xs:dateTime") from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(wsdl_dir() / "eckid" / "nummervoorziening.xsd")))


_REQUESTS = {request: operation for operation, (request, _) in OPERATIONS.items()}


def _adressering_of(body: bytes) -> Addressing | None:
    """The headers of a refused request, when it can be read, so its fault relates to it."""
    try:
        return read_addressing(parse_envelope(body))
    except XmlRejected:
        return None


def relaxations(defects: Iterable[str]) -> frozenset[str]:
    """The Ontvanger checks the named `defects` switch off (see defects.py)."""
    from conformance.standards.eckid.defects import RELAXATIONS

    return frozenset(RELAXATIONS[d] for d in defects if d in RELAXATIONS)
