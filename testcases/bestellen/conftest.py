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
from conformance.errors import ConfigError, TransportError
from conformance.harness import Capabilities, inapplicable, standard_settings
from conformance.standards.bestellen.client import OrderClient
from conformance.standards.bestellen.codec import Licence, OrderAnswer, OrderLine
from conformance.standards.bestellen.client_judge.settings import BestellenTable
from conformance.standards.bestellen.settings import BestellenSettings
from conformance.standards.catalogus.settings import read_settings as read_catalogue_settings
from conformance.standards.catalogus.client import CatalogueClient
from conformance.standards.catalogus.products import CatalogusProduct, read_products
from conformance.transport import Exchange, HttpClient, TlsSettings
from conformance.xml import XmlRejected

#: Products read from the candidate's catalogue: one page is enough to find a few orderable and not orderable ones.
CATALOGUE_PAGE = 100


@pytest.fixture(scope="session")
def bestellen_settings(candidate_config: CandidateConfig) -> BestellenSettings:
    table: BestellenTable = standard_settings(candidate_config, "bestellen")
    if table.supplier is None:
        inapplicable("the candidate declares no supplier under test ([bestellen] endpoints, oin, operaties, ...): "
                     "only its ordering client is judged")
    return table.supplier


@dataclasses.dataclass(frozen=True)
class CatalogueOffer:
    """The first page of the candidate's catalogue as the orders use it; `problem` says why it could not be read."""

    products: tuple[CatalogusProduct, ...]
    exchange: Exchange | None
    problem: str | None = None

    @property
    def orderable(self) -> tuple[str, ...]:
        return tuple(p.product_id for p in self.products if p.orderable)

    @property
    def not_orderable(self) -> tuple[CatalogusProduct, ...]:
        return tuple(p for p in self.products if p.orderable is False)


@pytest.fixture(scope="session")
def catalogue_offer(candidate_config: CandidateConfig) -> Iterator[CatalogueOffer | None]:
    """One page of the candidate's catalogue when the run tests it too; None without `[catalogus]`. It is fetched
    unrecorded, once; the test that relies on it adds the exchange to its own evidence."""
    section = candidate_config.section("catalogus")
    if section is None:
        yield None
        return
    try:
        settings = read_catalogue_settings(section)
    except ConfigError as exc:
        raise pytest.UsageError(f"configuration error: {exc}") from exc
    tls = candidate_config.tls
    cert, key = ((settings.client_cert, settings.client_key) if settings.client_cert is not None
                 else (tls.client_cert, tls.client_key))
    with HttpClient(tls=TlsSettings(ca_bundle=tls.ca_bundle, client_cert=cert, client_key=key,
                                    verify=tls.verify)) as http:
        client = CatalogueClient(http, http, settings)
        try:
            products, exchange = read_products(client, how_many=CATALOGUE_PAGE,
                                               label="the supplier's catalogue, first page (products to order)")
        except TransportError as exc:
            yield CatalogueOffer((), None, f"the catalogue could not be reached: {exc}")
            return
        except XmlRejected as exc:
            yield CatalogueOffer((), None, f"the catalogue's first page is not XML: {exc}")
            return
        yield CatalogueOffer(tuple(products), exchange)


class Supplier:
    """The candidate as the tests talk to it: declared operations, test data and a few readings."""

    def __init__(self, client: OrderClient, offer: CatalogueOffer | None = None) -> None:
        self.client = client
        self.settings = client.settings
        self.offer = offer
        #: orderable products: from the candidate's catalogue when the run has one with orderable products
        self.products = (offer.orderable if offer is not None and offer.orderable
                         else self.settings.producten)

    @property
    def school(self) -> str:
        return self.settings.scholen[0]

    def product(self, index: int = 0) -> str:
        return self.products[index % len(self.products)]

    def new_eckid(self) -> str:
        """A fresh ECK iD of the declared form: no earlier run can have licences for it."""
        segment = "pilot" if self.settings.eckid_omgeving == "pilot" else "201703"
        return f"https://ketenid.nl/{segment}/{secrets.token_hex(64)}"

    def place_order(self, lines: list[OrderLine], *, school: str | None = None,
                    label: str = "placeOrder") -> OrderAnswer:
        """Place an order that must be answered with an order (not a fault)."""
        return self.client.place_order(school or self.school, lines, label=label).order()

    def read_licences(self, *, label: str = "readLicences", **query: str) -> list[Licence]:
        return self.client.licenties(label=label, **query).licences()

    def licence_states(self, answer: OrderAnswer, *, label: str = "readLicences") -> dict[str, str]:
        """licenceId -> state for the licences of one order, read for its school."""
        return {lic.licence_id: lic.state
                for lic in self.read_licences(school=answer.school, order_id=answer.order_id, label=label)}


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
             catalogue_offer: CatalogueOffer | None) -> Supplier:
    return Supplier(OrderClient(http_client, bestellen_settings, sender), catalogue_offer)
