"""The reference ordering client: a real client of a supplier that the demo points at the suite's judging supplier.

Like a distributor's order run it waits until the supplier is there (the judging supplier starts only when its
tests run), then places three orders of two lines from the supplier's catalogue (orderable products only), each
under a fresh requestReferenceId; an order whose answer was lost is sent again with the same one. It reads each
answer's per-line faults and never sends a refused line again unchanged. Afterwards it cancels every order with a
refused line (the school wants whole orders) and its last order (the demo's mistake), each only after reading that
none of its licences is Active. Each defect breaks exactly the requirements in its `breaks`.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from conformance.edukoppeling.sender import Sender
from conformance.errors import ConformanceError
from conformance.pki import LoopbackPki, ensure_loopback_pki
from conformance.standards._judging import ReferenceClient, ReferenceWithClient, free_port
from conformance.standards.bestellen import codec
from conformance.standards.bestellen.client import OrderClient, new_reference
from conformance.standards.bestellen.codec import OrderAnswer, OrderLine
from conformance.standards.bestellen.client_judge.defects import KLANT_DEFECTS
from conformance.standards.bestellen.client_judge.judge import LICENCES_PATH, OFFER, ORDERS_PATH
from conformance.standards.bestellen.client_judge.settings import CANDIDATE_OIN
from conformance.standards.bestellen.settings import STARTDATUM_MARGE_DAGEN, BestellenSettings
from conformance.transport import HttpClient
from conformance.xml import XmlRejected
from conformance.xml.soap import parse_envelope

__all__ = ["KLANT_NAMES", "ReferenceKlant", "start_reference_with_klant"]

_LOG = logging.getLogger(__name__)

KLANT_NAMES = frozenset(d.name for d in KLANT_DEFECTS)
_RETRIES = 3  # sends of one order whose answer does not come
_RETRY_PAUSE = 0.2  # seconds before sending a lost order again


@dataclasses.dataclass(frozen=True, kw_only=True)
class KlantProfile:
    """What the client is configured with: its OIN, its school and its Edukoppeling profile."""

    oin: str
    school: str
    profiel: str = "2W-be"


class ReferenceKlant(ReferenceClient):
    """The client's order run in a background thread, then a wait for the supplier to go (and come back)."""

    thread_name = "bestellen-reference-klant"
    who = "reference ordering client"

    def __init__(self, endpoint: str, licences_endpoint: str, pki: LoopbackPki, profile: KlantProfile, *,
                 defects: Sequence[str] = (), give_up: float | None = None, repeat: bool = True) -> None:
        super().__init__(endpoint, pki, defects=defects, known=KLANT_NAMES, give_up=give_up, repeat=repeat)
        self.licences_endpoint = licences_endpoint
        self.profile = profile

    def _client(self, http: HttpClient) -> OrderClient:
        p = self.profile
        orderable = tuple(product.product_id for product in OFFER if product.orderable)
        settings = BestellenSettings(
            endpoints={"OrderService": self.endpoint, "LicenseService": self.licences_endpoint}, oin=p.oin,
            profiel=p.profiel, leverancier_oin=None, operaties=frozenset(codec.OPERATIONS), eckid_omgeving="pilot",
            startdatum_marge_dagen=STARTDATUM_MARGE_DAGEN, scholen=(p.school,), andere_school=p.school,
            producten=orderable, onbekend_product=orderable[0])
        party = self.pki.test_pki["candidate"]
        return OrderClient(http, settings, Sender.from_files(p.profiel, party.chain or party.cert, party.key))

    def _orders(self) -> list[tuple[OrderLine, ...]]:
        p1, p2, p3 = (product.product_id for product in OFFER if product.orderable)
        last: tuple[OrderLine, ...] = (OrderLine(1, p3, 2), OrderLine(2, p1, 1))
        if "klant-orders-not-orderable" in self.defects:
            closed = next(product.product_id for product in OFFER if product.orderable is False)
            last = (*last, OrderLine(3, closed, 1))
        return [(OrderLine(1, p1, 2), OrderLine(2, p2, 1)), (OrderLine(1, p2, 3), OrderLine(2, p3, 1)), last]

    def run_once(self) -> None:
        with HttpClient(tls=self.tls(), timeout=10, counts_reachability=False) as http:
            client = self._client(http)
            placed: list[OrderAnswer] = []
            references: list[str] = []
            for number, lines in enumerate(self._orders()):
                if self._stop.is_set():
                    return
                reused = number == 2 and "klant-reuses-reference" in self.defects
                reference = references[-1] if reused else new_reference()
                references.append(reference)
                answer = self._place(client, reference, lines)
                if answer is None:
                    continue
                placed.append(answer)
                refused = [line for line in lines if (r := answer.line(line.line_number)) is not None and r.fault]
                if refused and "klant-resends-refused-line" in self.defects:
                    again = tuple(dataclasses.replace(line, line_number=i) for i, line in enumerate(refused, 1))
                    self._place(client, new_reference(), again)
            for i, answer in enumerate(placed):
                if any(line.fault for line in answer.lines) or i == len(placed) - 1:
                    self._cancel(client, answer)

    def _place(self, client: OrderClient, reference: str, lines: tuple[OrderLine, ...]) -> OrderAnswer | None:
        """Send an order until an answer comes; a lost answer is retried with the same requestReferenceId."""
        for _ in range(_RETRIES):
            order = codec.Order(reference, client.settings.oin, self.profile.school, lines)
            came, body = self._answer(client, "placeOrder", codec.place_order(order))
            if came:
                try:
                    return None if body is None else codec.read_order_answer(body)
                except ValueError:
                    return None
            if self._stop.wait(_RETRY_PAUSE):
                return None
            if "klant-new-reference-on-retry" in self.defects:
                reference = new_reference()
        return None

    def _cancel(self, client: OrderClient, answer: OrderAnswer) -> None:
        """Cancel an order, after reading that none of its licences was activated (then cancelling is closed)."""
        if "klant-cancels-after-activation" not in self.defects:
            _, body = self._answer(client, "readLicences", codec.read_licences(
                new_reference(), client.settings.oin, school=answer.school, order_id=answer.order_id))
            if body is None or any(lic.state == "Active" for lic in codec.read_licences_answer(body)):
                return
        self._answer(client, "cancelOrder", codec.cancel_order(new_reference(), client.settings.oin,
                                                               answer.order_id))

    @staticmethod
    def _answer(client: OrderClient, operation: str, body: etree._Element) -> tuple[bool, etree._Element | None]:
        """(whether an answer came, its answer element: None for a fault or what cannot be read)."""
        try:
            exchange = client.send(operation, body).exchange
        except ConformanceError as exc:
            _LOG.debug("reference ordering client: %s got no answer: %s", operation, exc)
            return False, None
        try:
            message = parse_envelope(exchange.response_body)
        except XmlRejected:
            return True, None
        return True, None if message.fault is not None else message.body


def start_reference_with_klant(state_dir: Path, defects: Sequence[str] = (), **kwargs: Any) -> ReferenceWithClient:
    """Start the reference supplier (with its own defects) and the reference ordering client (klant-* defects)."""
    from conformance.standards.bestellen.reference_server import start_reference

    supplier = start_reference(state_dir, [d for d in defects if d not in KLANT_NAMES], **kwargs)
    try:
        pki = ensure_loopback_pki(state_dir / "pki")
        port = free_port()
        profile = KlantProfile(oin=CANDIDATE_OIN, school="99XA")
        base = f"https://localhost:{port}"
        klant = ReferenceKlant(f"{base}{ORDERS_PATH}", f"{base}{LICENCES_PATH}", pki, profile,
                               defects=[d for d in defects if d in KLANT_NAMES]).start()
    except BaseException:
        supplier.stop()
        raise
    klant_config = {"oin": profile.oin, "scholen": [profile.school], "profiel": profile.profiel,
                    "operaties": ["placeOrder", "readLicences", "cancelOrder"], "poort": port, "wachttijd": 60,
                    "nawacht": 0.5}
    return ReferenceWithClient(supplier, klant, "klant", klant_config)
