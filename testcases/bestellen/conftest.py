"""Fixtures of the ordering scenario tests: the candidate's settings, a client, fresh ECK iDs and small orders.

When the run also tests the supplier's catalogue (`[catalogus]`), the orders take their products from its first
page: orderable ones for every ordering test, and one the catalogue says cannot be ordered for BEST-ORD-10.
Without it, the EANs of `[bestellen] testdata` are used.
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.edukoppeling.sender import Sender
from conformance.errors import ConfigError, Failure, TransportError
from conformance.harness import Capabilities, inapplicable, standard_settings
from conformance.standards.bestellen.client import OrderClient, OrderExchange
from conformance.standards.bestellen.codec import Licence, OrderAnswer, OrderLine
from conformance.standards.bestellen.client_judge.settings import BestellenTable
from conformance.standards.bestellen.settings import BestellenSettings
from conformance.standards.catalogus.settings import read_settings as lees_catalogus_settings
from conformance.standards.catalogus.client import CatalogueClient
from conformance.standards.catalogus.products import CatalogusProduct, read_products
from conformance.transport import Exchange, HttpClient, TlsSettings
from conformance.xml import XmlRejected

#: Products read from the candidate's catalogue: one page is enough to find a few orderable and not orderable ones.
CATALOGUS_PAGINA = 100


@pytest.fixture(scope="session")
def bestellen_settings(candidate_config: CandidateConfig) -> BestellenSettings:
    table: BestellenTable = standard_settings(candidate_config, "bestellen")
    if table.supplier is None:
        inapplicable("the candidate declares no supplier under test ([bestellen] endpoints, oin, operaties, ...): "
                     "only its ordering client is judged")
    return table.supplier


@dataclasses.dataclass(frozen=True)
class Aanbod:
    """The first page of the candidate's catalogue as the orders use it; `probleem` says why it could not be read."""

    producten: tuple[CatalogusProduct, ...]
    exchange: Exchange | None
    probleem: str | None = None

    @property
    def orderable(self) -> tuple[str, ...]:
        return tuple(p.product_id for p in self.producten if p.orderable)

    @property
    def niet_bestelbaar(self) -> tuple[CatalogusProduct, ...]:
        return tuple(p for p in self.producten if p.orderable is False)


@pytest.fixture(scope="session")
def catalogus_aanbod(candidate_config: CandidateConfig) -> Iterator[Aanbod | None]:
    """One page of the candidate's catalogue when the run tests it too; None without `[catalogus]`. It is fetched
    unrecorded, once; the test that relies on it adds the exchange to its own evidence."""
    section = candidate_config.section("catalogus")
    if section is None:
        yield None
        return
    try:
        settings = lees_catalogus_settings(section)
    except ConfigError as exc:
        raise pytest.UsageError(f"configuration error: {exc}") from exc
    tls = candidate_config.tls
    cert, key = ((settings.client_cert, settings.client_key) if settings.client_cert is not None
                 else (tls.client_cert, tls.client_key))
    with HttpClient(tls=TlsSettings(ca_bundle=tls.ca_bundle, client_cert=cert, client_key=key,
                                    verify=tls.verify)) as http:
        client = CatalogueClient(http, http, settings)
        try:
            producten, exchange = read_products(client, how_many=CATALOGUS_PAGINA,
                                                 label="the supplier's catalogue, first page (products to order)")
        except TransportError as exc:
            yield Aanbod((), None, f"the catalogue could not be reached: {exc}")
            return
        except XmlRejected as exc:
            yield Aanbod((), None, f"the catalogue's first page is not XML: {exc}")
            return
        yield Aanbod(tuple(producten), exchange)


class Leverancier:
    """The candidate as the tests talk to it: declared operations, test data and a few readings."""

    def __init__(self, client: OrderClient, aanbod: Aanbod | None = None) -> None:
        self.client = client
        self.settings = client.settings
        self.aanbod = aanbod
        #: orderable products: from the candidate's catalogue when the run has one with orderable products
        self.producten = (aanbod.orderable if aanbod is not None and aanbod.orderable
                          else self.settings.producten)

    def vereist(self, *operations: str) -> None:
        """End the test as inapplicable when the candidate does not declare an operation it needs."""
        Capabilities(self.settings.operaties).require(*operations)

    @property
    def school(self) -> str:
        return self.settings.scholen[0]

    def product(self, index: int = 0) -> str:
        return self.producten[index % len(self.producten)]

    def nieuw_eckid(self) -> str:
        """A fresh ECK iD of the declared form: no earlier run can have licences for it."""
        segment = "pilot" if self.settings.eckid_omgeving == "pilot" else "201703"
        return f"https://ketenid.nl/{segment}/{secrets.token_hex(64)}"

    def place_order(self, lines: list[OrderLine], requirement: str | None = None, *, school: str | None = None,
               label: str = "placeOrder") -> OrderAnswer:
        """Place an order that must be answered with an order (not a fault)."""
        return self.client.place_order(school or self.school, lines, label=label).order(requirement)

    def licenties(self, requirement: str | None = None, *, label: str = "readLicences", **query: str) -> list[Licence]:
        return self.client.licenties(label=label, **query).licences(requirement)

    def staten(self, answer: OrderAnswer, requirement: str | None = None, *,
               label: str = "readLicences") -> dict[str, str]:
        """licenceId -> state for the licences of one order, read for its school."""
        return {lic.licence_id: lic.state
                for lic in self.licenties(requirement, school=answer.school, order_id=answer.order_id, label=label)}

    @staticmethod
    def eis(condition: bool, message: str, requirement: str | None = None) -> None:
        """A Failure for `requirement` with `message` (received / expected) unless `condition` holds."""
        if not condition:
            raise Failure(message, requirement=requirement)

    @staticmethod
    def expect_fault(answer: OrderExchange, what: str, requirement: str | None = None) -> None:
        """The answer must be a fault; the message says what was being refused."""
        try:
            answer.fault(requirement)
        except Failure as exc:
            raise Failure(f"{what} must be refused with a fault; {exc.message}", requirement=requirement) from exc


@pytest.fixture(scope="session")
def sender(candidate_config: CandidateConfig, bestellen_settings: BestellenSettings) -> Sender:
    """The suite as Edukoppeling sender; in 2W-be-S it signs with the key of its TLS client certificate."""
    tls = candidate_config.tls
    if bestellen_settings.signed and (tls.client_cert is None or tls.client_key is None):
        raise pytest.UsageError("configuration error: tls.client_cert: [bestellen] profiel 2W-be-S signs every "
                                "request with the client certificate's key; configure client_cert and client_key")
    return Sender.from_files(bestellen_settings.profiel, tls.client_cert, tls.client_key)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def declared_capabilities(bestellen_settings: BestellenSettings) -> Capabilities:
    """The operations the supplier declares, for @capability."""
    return Capabilities(bestellen_settings.operaties)


@pytest.fixture(scope="session")
def supplier(http_client: HttpClient, bestellen_settings: BestellenSettings, sender: Sender,
                catalogus_aanbod: Aanbod | None) -> Leverancier:
    return Leverancier(OrderClient(http_client, bestellen_settings, sender), catalogus_aanbod)
