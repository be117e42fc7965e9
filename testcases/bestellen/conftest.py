"""Fixtures of the ordering scenario tests: the candidate's settings, a client, fresh ECK iDs and small orders."""

from __future__ import annotations

import secrets

import pytest

from conformance.config import CandidateConfig
from conformance.edukoppeling.afzender import Afzender
from conformance.errors import ConfigError, Failure
from conformance.harness import inapplicable
from conformance.standards.bestellen.client import BestelClient, Uitwisseling
from conformance.standards.bestellen.codec import Licence, OrderAnswer, OrderLine
from conformance.standards.bestellen.settings import BestellenSettings, read_settings
from conformance.transport import HttpClient


@pytest.fixture(scope="session")
def bestellen_settings(candidate_config: CandidateConfig) -> BestellenSettings:
    section = candidate_config.section("bestellen")
    if section is None:
        inapplicable("the candidate declares no [bestellen] table")
    try:
        return read_settings(section)
    except ConfigError as exc:
        raise pytest.UsageError(f"configuration error: {exc}") from exc


class Leverancier:
    """The candidate as the tests talk to it: declared operations, test data and a few readings."""

    def __init__(self, client: BestelClient) -> None:
        self.client = client
        self.settings = client.settings

    def vereist(self, *operations: str) -> None:
        """End the test as inapplicable when the candidate does not declare an operation it needs."""
        missing = [op for op in operations if op not in self.settings.operaties]
        if missing:
            inapplicable(f"the candidate does not declare {', '.join(missing)}")

    @property
    def school(self) -> str:
        return self.settings.scholen[0]

    def product(self, index: int = 0) -> str:
        return self.settings.producten[index % len(self.settings.producten)]

    def nieuw_eckid(self) -> str:
        """A fresh ECK iD of the declared form: no earlier run can have licences for it."""
        segment = "pilot" if self.settings.eckid_omgeving == "pilot" else "201703"
        return f"https://ketenid.nl/{segment}/{secrets.token_hex(64)}"

    def bestel(self, lines: list[OrderLine], requirement: str, *, school: str | None = None,
               label: str = "placeOrder") -> OrderAnswer:
        """Place an order that must be answered with an order (not a fault)."""
        return self.client.bestel(school or self.school, lines, label=label).order(requirement)

    def licenties(self, requirement: str, *, label: str = "readLicences", **query: str) -> list[Licence]:
        return self.client.licenties(label=label, **query).licences(requirement)

    def staten(self, answer: OrderAnswer, requirement: str, *, label: str = "readLicences") -> dict[str, str]:
        """licenceId -> state for the licences of one order, read for its school."""
        return {lic.licence_id: lic.state
                for lic in self.licenties(requirement, school=answer.school, order_id=answer.order_id, label=label)}

    @staticmethod
    def eis(condition: bool, message: str, requirement: str) -> None:
        """A Failure for `requirement` with `message` (received / expected) unless `condition` holds."""
        if not condition:
            raise Failure(message, requirement=requirement)

    @staticmethod
    def fout(answer: Uitwisseling, requirement: str, what: str) -> None:
        """The answer must be a fault; the message says what was being refused."""
        try:
            answer.fault(requirement)
        except Failure as exc:
            raise Failure(f"{what} must be refused with a fault; {exc.message}", requirement=requirement) from exc


@pytest.fixture(scope="session")
def afzender(candidate_config: CandidateConfig, bestellen_settings: BestellenSettings) -> Afzender:
    """The suite as Edukoppeling sender; in 2W-be-S it signs with the key of its TLS client certificate."""
    tls = candidate_config.tls
    if bestellen_settings.ondertekend and (tls.client_cert is None or tls.client_key is None):
        raise pytest.UsageError("configuration error: tls.client_cert: [bestellen] profiel 2W-be-S signs every "
                                "request with the client certificate's key; configure client_cert and client_key")
    return Afzender.uit_bestanden(bestellen_settings.profiel, tls.client_cert, tls.client_key)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def leverancier(http_client: HttpClient, bestellen_settings: BestellenSettings, afzender: Afzender) -> Leverancier:
    return Leverancier(BestelClient(http_client, bestellen_settings, afzender))
