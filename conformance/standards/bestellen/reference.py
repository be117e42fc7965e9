"""The reference ordering and licence service (a publisher's OrderService + LicenseService), state in sqlite.

Each request is one sqlite transaction (BEGIN IMMEDIATE), so a refused or malformed message never leaves a
partial write, and concurrent requests with the same reference are serialised: exactly one is processed, the
others get its stored confirmation. Who may act is decided by the OIN in the client certificate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from conformance.edukoppeling.addressing import Addressing, answer_addressing, read_addressing
from conformance.edukoppeling.receiver import RELAXATIONS, Refused, Receiver, read_keypair
from conformance.pki.trust import Trust
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.codec import (
    MAX_LINES,
    NS,
    OPERATIONS,
    Licence,
    LicenceResult,
    LineResult,
    Order,
    OrderAnswer,
    Problem,
)
from conformance.standards.bestellen.schemas import own_schema
from conformance.standards.bestellen.settings import STARTDATUM_MARGE_DAGEN, today
from conformance.standards.catalogus.generator import ean13
from conformance.standards.catalogus.products import CatalogusProduct, generated_product
from conformance.standards.eckid import eckid_form
from conformance.transport import HttpRequest, HttpResponse
from conformance.xml import XmlRejected, XsdSchema
from conformance.xml.soap import SoapMessage, parse_envelope

__all__ = ["OrderFault", "ReferenceSettings", "ReferenceOrderService", "OrderRequest", "demo_settings"]


class OrderFault(Exception):
    """A refusal of the whole request; `code` goes into the fault detail."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReferenceSettings:
    """What the reference sells and who may order for which schools."""

    producten: frozenset[str]  # EANs in the catalogue (all orderable), unless `catalogus` names one
    scholen: dict[str, frozenset[str]]  # ordering party OIN -> the schools (BRIN) it acts for
    oin: str = "00000099500000030000"  # the service's own OIN, in wsa:From of its answers
    startdatum_marge_dagen: int = STARTDATUM_MARGE_DAGEN  # how far back an order line's startDate may lie
    #: (seed, size) of the synthetic catalogue (catalogus/generator.py) it sells from, as the reference catalogue
    #: serves it: its ProductIds are the products, their ProductState says which can be ordered
    catalogus: tuple[int, int] | None = None
    #: a small catalogue of its own (a judging supplier's), orderable and not orderable products alike
    offer: tuple[CatalogusProduct, ...] = ()

    def product(self, product_id: str) -> CatalogusProduct | None:
        """The product as the supplier's catalogue lists it; None when it does not sell it."""
        listed = next((p for p in self.offer if p.product_id == product_id), None)
        if listed is not None:
            return listed
        if self.catalogus is not None:
            return generated_product(*self.catalogus, product_id)
        return CatalogusProduct(product_id, "Leverbaar", True) if product_id in self.producten else None


def demo_settings() -> ReferenceSettings:
    """The demo shop sells from the reference catalogue's seeded products, so both references agree on them."""
    from conformance.pki.hierarchy import SUITE_OIN
    from conformance.standards.catalogus.generator import DEFAULT_SEED
    from conformance.standards.catalogus.reference_server import DEMO_SIZE

    catalogus = (DEFAULT_SEED, DEMO_SIZE)
    orderable = [p.product_id for p in (generated_product(*catalogus, ean13(f"97890{i:07d}")) for i in range(20))
                  if p is not None and p.orderable]
    return ReferenceSettings(
        producten=frozenset(orderable[:3]),
        scholen={SUITE_OIN: frozenset({"99XA", "99XB"}), "00000099500000010000": frozenset({"98ZZ"})},
        catalogus=catalogus,
    )


@dataclasses.dataclass(frozen=True)
class OrderRequest:
    """An opened request: operation, body, the caller's certificate OIN and its WS-Addressing headers."""

    operation: str
    body: etree._Element
    oin: str
    addressing: Addressing


_SCHEMA = """
CREATE TABLE IF NOT EXISTS verzoeken (oin TEXT NOT NULL, referentie TEXT NOT NULL, operatie TEXT NOT NULL,
    inhoud TEXT NOT NULL, antwoord BLOB NOT NULL, volgnummer INTEGER PRIMARY KEY AUTOINCREMENT);
CREATE INDEX IF NOT EXISTS verzoeken_ref ON verzoeken (oin, referentie);
CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, oin TEXT NOT NULL, school TEXT NOT NULL,
    referentie TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS regels (order_id TEXT NOT NULL, regel INTEGER NOT NULL, product TEXT NOT NULL,
    aantal INTEGER NOT NULL, status TEXT NOT NULL, foutcode TEXT, foutmelding TEXT, PRIMARY KEY (order_id, regel));
CREATE TABLE IF NOT EXISTS licenties (licentie_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, regel INTEGER NOT NULL,
    product TEXT NOT NULL, school TEXT NOT NULL, eckid TEXT, status TEXT NOT NULL, voor_blokkade TEXT,
    geactiveerd INTEGER NOT NULL DEFAULT 0, volgnummer INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS licenties_school ON licenties (school);
CREATE INDEX IF NOT EXISTS licenties_eckid ON licenties (eckid);
CREATE INDEX IF NOT EXISTS licenties_order ON licenties (order_id);
"""

#: the mutating operations: a repeated reference gets the stored confirmation
_IDEMPOTENT = frozenset({"placeOrder", "cancelOrder", "blockLicences", "unblockLicences", "returnLicences",
                         "activateLicences"})


class ReferenceOrderService:
    """OrderService and LicenseService as one SOAP app for LoopbackServer; `defects` break it (defects.py).

    Every request passes the shared Edukoppeling `Receiver` in `profiel` (addressing, From OIN against the client
    certificate, SOAPAction, and in 2W-be-S signature, signer (against `trust`) and replay); every answer, faults included, leaves through its
    `sign_answer`. Defects named like an Ontvanger versoepeling switch that check off.
    """

    def __init__(self, database: Path, reference_settings: ReferenceSettings, *, profiel: str = "2W-be",
                 signing_cert: Path | None = None, signing_key: Path | None = None,
                 schema: XsdSchema | None = None, defects: Iterable[str] = (),
                 trust: Trust | None = None) -> None:
        self.database = database
        self.reference_settings = reference_settings
        #: a judging supplier refuses the first line of the next new order with this problem, on purpose
        self.refuse_first_line: Problem | None = None
        self.defects = frozenset(defects)
        self.schema = schema or own_schema()  # a schema pack's XSD when the service is started with one
        key, certificate = (read_keypair(signing_cert, signing_key) if signing_cert and signing_key
                            else (None, None))
        self.receiver = Receiver(profiel=profiel, key=key, certificate=certificate,
                                   relaxations=self.defects & RELAXATIONS, trust=trust)
        database.parent.mkdir(parents=True, exist_ok=True)
        with self._verbinding() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _verbinding(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _transactie(self) -> Iterator[sqlite3.Connection]:
        """One request, one transaction: everything or nothing is written."""
        with self._verbinding() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- SOAP ------------------------------------------------------------------------------------------------

    def __call__(self, request: HttpRequest) -> HttpResponse:
        addressing = Addressing()
        try:
            verzoek = self._open(request)
            addressing = verzoek.addressing
            answer = self._handle(verzoek)
            headers = self._antwoord_adressering(verzoek.addressing, verzoek.operation)
            return HttpResponse(status=200, body=self.receiver.sign_answer(codec.envelope(answer, headers)))
        except Refused as refused:
            addressing = _adressering_of(request.body)
            fout = OrderFault("InvalidMessage", refused.reason)
        except OrderFault as error:
            fout = error
        headers = self._antwoord_adressering(addressing, None)
        return HttpResponse(status=500, body=self.receiver.sign_answer(
            codec.fault_envelope(fout.code, fout.message, headers)))

    def _open(self, request: HttpRequest) -> OrderRequest:
        """The one place that unwraps a request: the Edukoppeling profile (Ontvanger), then which operation it
        is and the schema; the caller's identity is the OIN in its TLS client certificate."""
        found: list[OrderRequest] = []

        def operation_and_schema(message: SoapMessage, addressing: Addressing) -> None:
            body = message.body
            if body is None or etree.QName(body).namespace != NS or etree.QName(body).localname not in _REQUESTS:
                raise OrderFault("InvalidRequest", "the SOAP Body holds no ordering or licence request")
            operation = _REQUESTS[etree.QName(body).localname]
            if addressing.action != codec.soap_action(operation):
                raise OrderFault("InvalidAddressing", "wsa:Action does not name the operation of the request element")
            schema = self.schema.lxml()  # the reference judges requests by libxml2 alone, as it always did
            if "partial-write-on-malformed" not in self.defects and not schema.validate(body):
                error = schema.error_log.last_error
                raise OrderFault("InvalidRequest",
                                 f"the request does not follow the schema: {error.message if error else ''}")
            found.append(OrderRequest(operation, body, "", addressing))

        received = self.receiver.receive(request, operation_and_schema)
        if received.client_oin is None:
            raise OrderFault("NotAuthorised", "the client certificate carries no OIN")
        return dataclasses.replace(found[0], oin=received.client_oin)

    def _antwoord_adressering(self, verzoek: Addressing, operation: str | None) -> Addressing:
        action = codec.response_action(operation) if operation else f"{NS}/fault"
        answer = answer_addressing(verzoek, action=action, from_oin=self.reference_settings.oin)
        if "no-relates-to" in self.defects:
            answer = dataclasses.replace(answer, relates_to=None)
        return answer

    def _handle(self, verzoek: OrderRequest) -> etree._Element:
        body, operation = verzoek.body, verzoek.operation
        party = codec.text_of(body, "orderingParty") or ""
        if party != verzoek.oin:
            raise OrderFault("NotAuthorised", "orderingParty is not the OIN of the client certificate")
        reference = codec.text_of(body, "requestReferenceId") or ""
        if operation not in _IDEMPOTENT:
            with self._transactie() as db:
                return self._answer(db, verzoek, reference)
        inhoud = hashlib.sha256(etree.tostring(body, method="c14n")).hexdigest()
        with self._transactie() as db:
            earlier = db.execute("SELECT operatie, inhoud, antwoord FROM verzoeken WHERE oin = ? AND referentie = ?"
                                 " ORDER BY volgnummer LIMIT 1", (verzoek.oin, reference)).fetchone()
            if earlier is not None:
                if (earlier[0] != operation or earlier[1] != inhoud) \
                        and "reference-reuse-accepted" not in self.defects:
                    raise OrderFault("ReferenceReused",
                                     "this requestReferenceId was used before for a different request")
                elif "duplicate-processing-of-repeated-reference" not in self.defects:
                    return etree.fromstring(earlier[2])
            answer = self._answer(db, verzoek, reference)
            db.execute("INSERT INTO verzoeken (oin, referentie, operatie, inhoud, antwoord) VALUES (?, ?, ?, ?, ?)",
                       (verzoek.oin, reference, operation, inhoud, etree.tostring(answer)))
            return answer

    def _answer(self, db: sqlite3.Connection, verzoek: OrderRequest, reference: str) -> etree._Element:
        body, operation, oin = verzoek.body, verzoek.operation, verzoek.oin
        if operation == "placeOrder":
            return self._place_order(db, body, oin)
        if operation in ("readOrder", "cancelOrder"):
            order_id = codec.text_of(body, "orderId") or ""
            self._own_order(db, oin, order_id)
            if operation == "cancelOrder":
                lines = [int(n) for n in codec._texts(body, "lineNumber")]  # noqa: SLF001 - same package
                self._cancel(db, order_id, lines)
            answer = self._order_answer(db, order_id, reference)
            if operation == "readOrder" and "order-read-without-licences" in self.defects:
                answer = dataclasses.replace(answer, lines=tuple(dataclasses.replace(line, licence_ids=())
                                                                 for line in answer.lines))
            return codec.order_answer(operation, answer)
        if operation == "readLicences":
            return codec.licences_answer(reference, self._read_licences(db, oin, body))
        ids = codec._texts(body, "licenceId")  # noqa: SLF001 - same package
        return codec.licences_changed(operation, reference, [self._change(db, oin, operation, i) for i in ids])

    # --- orders ----------------------------------------------------------------------------------------------

    def _schools(self, oin: str) -> frozenset[str]:
        return self.reference_settings.scholen.get(oin, frozenset())

    def _line_problem(self, line: codec.OrderLine) -> Problem | None:
        listed = self.reference_settings.product(line.product_id)
        if listed is None and "unknown-ean-accepted" not in self.defects:
            return Problem("UnknownProduct", "the productId is not an EAN in this supplier's catalogue")
        if listed is not None and listed.orderable is False and "not-orderable-product-accepted" not in self.defects:
            return Problem("ProductNotOrderable", f"the catalogue lists this product as {listed.state!r}: it cannot "
                                                  f"be ordered")
        if line.start_date is not None and "old-start-date-accepted" not in self.defects:
            earliest = today() - dt.timedelta(days=self.reference_settings.startdatum_marge_dagen)
            if line.start_date < earliest:
                return Problem("StartDateInPast", f"the startDate {line.start_date} lies more than "
                                                  f"{self.reference_settings.startdatum_marge_dagen} days in the past")
        if line.quantity <= 0 and "non-positive-quantity-accepted" not in self.defects:
            return Problem("InvalidQuantity", "the quantity must be at least 1")
        if len(line.eck_ids) > max(line.quantity, 0) and "non-positive-quantity-accepted" not in self.defects:
            return Problem("InvalidQuantity", "more ECK iDs than the quantity ordered")
        if "invalid-eckid-accepted" not in self.defects:
            for position, eck_id in enumerate(line.eck_ids, start=1):
                if not eckid_form(eck_id).valid:
                    return Problem("InvalidEckId", f"ECK iD {position} of this line is not a valid ECK iD")
        return None

    def _place_order(self, db: sqlite3.Connection, body: etree._Element, oin: str) -> etree._Element:
        lines = body.findall(f"{{{NS}}}orderLine")
        if len(lines) > MAX_LINES and "line-limit-ignored" not in self.defects:
            raise OrderFault("TooManyLines", f"an order holds at most {MAX_LINES} lines, this one {len(lines)}")
        school = codec.text_of(body, "school") or ""
        if school not in self._schools(oin) and "foreign-school-order-accepted" not in self.defects:
            raise OrderFault("NotAuthorised", "the ordering party does not act for this school")
        reference = codec.text_of(body, "requestReferenceId") or ""
        order_id = f"ORD-{uuid.uuid4().hex}"
        db.execute("INSERT INTO orders VALUES (?, ?, ?, ?)", (order_id, oin, school, reference))
        if "partial-write-on-malformed" in self.defects:
            self._lines_as_they_come(db, order_id, school, lines)
        else:
            try:
                order = codec.read_order_request(body)
            except ValueError as exc:
                raise OrderFault("InvalidRequest", str(exc)) from None
            self._check_line_numbers(order)
            refusal, self.refuse_first_line = self.refuse_first_line, None
            for position, line in enumerate(order.lines):
                self._store_line(db, order_id, school, line, refusal if position == 0 else None)
        answer = self._order_answer(db, order_id, reference)
        if "reference-not-echoed" in self.defects:
            answer = dataclasses.replace(answer, reference=order_id)
        if "partial-success-reported-as-total-failure" in self.defects and answer.status == "PartiallyAccepted":
            answer = dataclasses.replace(answer, status="Rejected", lines=tuple(
                dataclasses.replace(line, status="Rejected", licence_ids=(),
                                    fault=line.fault or Problem("OrderRejected", "the order holds a faulty line"))
                for line in answer.lines))
        element = codec.order_answer("placeOrder", answer)
        if "answer-off-schema" in self.defects:
            etree.SubElement(element, f"{{{NS}}}remark").text = "processed by the reference"
        return element

    @staticmethod
    def _check_line_numbers(order: Order) -> None:
        numbers = [line.line_number for line in order.lines]
        if len(set(numbers)) != len(numbers):
            raise OrderFault("InvalidRequest", "two order lines have the same lineNumber")

    def _lines_as_they_come(self, db: sqlite3.Connection, order_id: str, school: str,
                            lines: list[etree._Element]) -> None:
        """Defect: each line is stored as it is read, and what was stored is kept when a later line is malformed."""
        for el in lines:
            try:
                line = codec.read_order_request(_single_line(el)).lines[0]
            except ValueError as exc:
                db.execute("COMMIT")
                db.execute("BEGIN IMMEDIATE")
                raise OrderFault("InvalidRequest", str(exc)) from None
            self._store_line(db, order_id, school, line)

    def _store_line(self, db: sqlite3.Connection, order_id: str, school: str, line: codec.OrderLine,
                    refusal: Problem | None = None) -> None:
        problem = refusal or self._line_problem(line)
        status = "Rejected" if problem else "Accepted"
        db.execute("INSERT INTO regels VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (order_id, line.line_number, line.product_id, line.quantity, status,
                    problem.code if problem else None, problem.message if problem else None))
        if problem:
            return
        holders: list[str | None] = list(line.eck_ids) + [None] * max(0, line.quantity - len(line.eck_ids))
        for position, holder in enumerate(holders):
            db.execute("INSERT INTO licenties (licentie_id, order_id, regel, product, school, eckid, status, volgnummer)"
                       " VALUES (?, ?, ?, ?, ?, ?, 'NotActive', ?)",
                       (f"LIC-{uuid.uuid4().hex}", order_id, line.line_number, line.product_id, school, holder,
                        position))

    def _own_order(self, db: sqlite3.Connection, oin: str, order_id: str) -> None:
        row = db.execute("SELECT school FROM orders WHERE order_id = ?", (order_id,)).fetchone()
        if row is None or row[0] not in self._schools(oin):
            raise OrderFault("UnknownOrder", "no order with this orderId for this ordering party")

    def _order_answer(self, db: sqlite3.Connection, order_id: str, reference: str) -> OrderAnswer:
        school = db.execute("SELECT school FROM orders WHERE order_id = ?", (order_id,)).fetchone()[0]
        lines = []
        for regel, status, code, melding in db.execute(
                "SELECT regel, status, foutcode, foutmelding FROM regels WHERE order_id = ? ORDER BY regel",
                (order_id,)).fetchall():
            ids = tuple(r[0] for r in db.execute("SELECT licentie_id FROM licenties WHERE order_id = ? AND regel = ?"
                                                 " ORDER BY volgnummer", (order_id, regel)))
            lines.append(LineResult(regel, status, ids, Problem(code, melding) if code else None))
        statuses = {line.status for line in lines}
        if "Accepted" in statuses:
            status = "PartiallyAccepted" if "Rejected" in statuses else "Accepted"
        elif "Cancelled" in statuses:
            status = "Cancelled"
        else:
            status = "Rejected"
        return OrderAnswer(reference, order_id, school, status, tuple(lines))

    def _cancel(self, db: sqlite3.Connection, order_id: str, lines: list[int]) -> None:
        known = {r[0]: r[1] for r in db.execute("SELECT regel, status FROM regels WHERE order_id = ?", (order_id,))}
        for number in lines:
            if known.get(number) not in ("Accepted", "Cancelled"):
                raise OrderFault("UnknownLine", f"line {number} is not an accepted line of this order")
        chosen = lines or [n for n, status in known.items() if status == "Accepted"]
        activated = db.execute("SELECT COUNT(*) FROM licenties WHERE order_id = ? AND geactiveerd = 1",
                               (order_id,)).fetchone()[0]
        if activated and "cancel-after-activation" not in self.defects:
            raise OrderFault("CancellationClosed", "a licence of this order was activated; it can no longer be "
                                                   "cancelled (return the licences instead)")
        for number in chosen:
            db.execute("UPDATE regels SET status = 'Cancelled' WHERE order_id = ? AND regel = ?", (order_id, number))
            if "cancel-leaves-licences-usable" not in self.defects:
                db.execute("UPDATE licenties SET status = 'Cancelled' WHERE order_id = ? AND regel = ?",
                           (order_id, number))

    def activate_first_licence(self, order_id: str) -> str | None:
        """Activate one licence of an order as its user would (a judging supplier, on purpose); its id, or None
        when the order has no usable licence."""
        with self._transactie() as db:
            row = db.execute("SELECT licentie_id FROM licenties WHERE order_id = ? AND status = 'NotActive' "
                             "ORDER BY regel, volgnummer LIMIT 1", (order_id,)).fetchone()
            if row is not None:
                db.execute("UPDATE licenties SET status = 'Active', geactiveerd = 1 WHERE licentie_id = ?", row)
        return None if row is None else str(row[0])

    def activated(self, order_id: str) -> bool:
        """Whether a licence of the order was ever activated (cancelling it is then closed)."""
        with self._verbinding() as db:
            return bool(db.execute("SELECT COUNT(*) FROM licenties WHERE order_id = ? AND geactiveerd = 1",
                                   (order_id,)).fetchone()[0])

    # --- licences --------------------------------------------------------------------------------------------

    def _read_licences(self, db: sqlite3.Connection, oin: str, body: etree._Element) -> list[Licence]:
        schools = self._schools(oin)
        school, eck_id, order_id = (codec.text_of(body, n) for n in ("school", "eckId", "orderId"))
        if school is not None and school not in schools and "foreign-licences-readable" not in self.defects:
            raise OrderFault("NotAuthorised", "the ordering party does not act for this school")
        where: list[str] = []
        args: list[str | None] = []
        if school is not None:
            if "licences-leak-across-schools" in self.defects:
                where.append(f"school IN ({','.join('?' * len(schools))})")
                args.extend(sorted(schools))
            elif school not in schools:
                where.append("1 = 0")  # defect foreign-licences-readable: answered, though empty
            else:
                where.append("school = ?")
                args.append(school)
        else:
            where.append(f"eckid = ? AND school IN ({','.join('?' * len(schools))})")
            args.extend([eck_id, *sorted(schools)])
        if order_id is not None:
            where.append("order_id = ?")
            args.append(order_id)
        rows = db.execute("SELECT licentie_id, order_id, regel, product, school, eckid, status FROM licenties "
                          f"WHERE {' AND '.join(where)} ORDER BY rowid", args).fetchall()
        if eck_id is not None and "eckid-read-stops-at-first-licence" in self.defects:
            rows = rows[:1]
        licences = [Licence(*row) for row in rows]
        if "licence-reports-wrong-product" in self.defects:
            licences = [dataclasses.replace(lic, product_id=lic.product_id[::-1]) for lic in licences]
        return licences

    def _change(self, db: sqlite3.Connection, oin: str, operation: str, licence_id: str) -> LicenceResult:
        row = db.execute("SELECT school, status, voor_blokkade FROM licenties WHERE licentie_id = ?",
                         (licence_id,)).fetchone()
        if row is None or row[0] not in self._schools(oin):
            return LicenceResult(licence_id, None, Problem("UnknownLicence", "no licence with this id for you"))
        state, before = row[1], row[2]
        new, activated = _transition(operation, state, before)
        if operation == "activateLicences" and state == "Returned" and "returned-licence-activatable" in self.defects:
            new, activated = "Active", True
        if new is None:
            return LicenceResult(licence_id, state, Problem("InvalidState", f"a {state} licence cannot be changed "
                                                                             f"by {operation}"))
        hidden = {"blockLicences": "block-not-visible", "activateLicences": "activation-not-visible"}.get(operation)
        if hidden not in self.defects:
            db.execute("UPDATE licenties SET status = ?, voor_blokkade = ?, geactiveerd = MAX(geactiveerd, ?) "
                       "WHERE licentie_id = ?",
                       (new, state if new == "Blocked" and state != "Blocked" else before, int(activated), licence_id))
        return LicenceResult(licence_id, new)


def _transition(operation: str, state: str, before: str | None) -> tuple[str | None, bool]:
    """(new state or None when not allowed, whether this is an activation)."""
    if state == "Cancelled":
        return None, False
    if operation == "activateLicences":
        return ("Active", True) if state in ("NotActive", "Active") else (None, False)
    if operation == "blockLicences":
        return ("Blocked", False) if state != "Returned" else (None, False)
    if operation == "unblockLicences":
        if state == "Blocked":
            return before or "NotActive", False
        return (state, False) if state != "Returned" else (None, False)
    return "Returned", False  # returnLicences


def _single_line(line: etree._Element) -> etree._Element:
    wrapper = etree.Element(f"{{{NS}}}placeOrderRequest")
    for name, value in (("requestReferenceId", "-"), ("orderingParty", "-"), ("school", "-")):
        etree.SubElement(wrapper, f"{{{NS}}}{name}").text = value
    wrapper.append(etree.fromstring(etree.tostring(line)))
    return wrapper


_REQUESTS = {f"{operation}Request": operation for operation in OPERATIONS}


def _adressering_of(body: bytes) -> Addressing:
    """The headers of a refused request, when it has any, so the fault can relate to it."""
    try:
        return read_addressing(parse_envelope(body))
    except XmlRejected:
        return Addressing()
