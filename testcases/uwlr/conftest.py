"""Fixtures of the UWLR scenario tests: the candidate's settings, a client, and shared answers."""

from __future__ import annotations

import pytest

from conformance.config import CandidateConfig
from conformance.harness import Capabilities, SessionCache, inapplicable, standard_settings
from conformance.standards.uwlr.checks import CheckContext
from conformance.standards.uwlr.client import UwlrClient, UwlrExchange
from conformance.standards.uwlr.codec import GroupSelection
from conformance.standards.uwlr.client_judge.settings import UwlrTable
from conformance.standards.uwlr.settings import UwlrSettings
from conformance.transport import Exchange, HttpClient


@pytest.fixture(scope="session")
def uwlr_settings(candidate_config: CandidateConfig) -> UwlrSettings:
    table: UwlrTable = standard_settings(candidate_config, "uwlr")
    if table.las is None:
        inapplicable("the candidate declares no LAS under test ([uwlr] versies, endpoints, ...): only its client "
                     "is judged")
    return table.las


@pytest.fixture(scope="session")
def uwlr(http_client: HttpClient, uwlr_settings: UwlrSettings) -> UwlrClient:
    return UwlrClient(http_client, uwlr_settings)


class UwlrCapabilities:
    """Declared capabilities, checked at the top of a test so undeclared ones end as inapplicable."""

    def __init__(self, settings: UwlrSettings) -> None:
        self.settings = settings

    def require(self, *operations: str) -> None:
        Capabilities(self.settings.operaties).require(*operations)

    def versie(self, versie: str) -> None:
        Capabilities(self.settings.versies, "UWLR {}").require(versie)

    def profiel(self, profiel: str) -> str:
        """The gegevenssetid that asks for `profiel`."""
        Capabilities(self.settings.profielen, "the {} profile").require(profiel)
        return self.settings.profielen[profiel]


@pytest.fixture(scope="session")
def capabilities(uwlr_settings: UwlrSettings) -> UwlrCapabilities:
    return UwlrCapabilities(uwlr_settings)


@pytest.fixture(scope="session")
def declared_capabilities(uwlr_settings: UwlrSettings) -> Capabilities:
    """The operations the LAS declares, for @capability."""
    return Capabilities(uwlr_settings.operaties)


class SharedAnswers:
    """Answers that many tests judge, fetched once per session and added to each test's evidence."""

    def __init__(self, client: UwlrClient, capabilities: UwlrCapabilities) -> None:
        self.client = client
        self.capabilities = capabilities
        self._cache: SessionCache[tuple[object, ...], UwlrExchange] = SessionCache()

    def get(self, evidence: list[Exchange], operation: str = "HaalLeerlinggegevens", *,
            versie: str | None = None, profiel: str | None = None,
            groepen: tuple[GroupSelection, ...] | None = None) -> UwlrExchange:
        self.capabilities.require(operation)
        versie = versie or self.client.settings.versie
        self.capabilities.versie(versie)
        setid = self.capabilities.profiel(profiel) if profiel else None
        extra = {} if groepen is None else {"groepen": groepen}

        def send() -> UwlrExchange:
            body = self.client.verzoek(operation, xsdversie=versie, gegevenssetid=setid, **extra)
            return self.client.send(operation, body, label=f"{operation} {versie} {profiel or ''}".strip())

        return self._cache.get((operation, versie, profiel, groepen), send, evidence)

    def context(self, *, versie: str | None = None, profiel: str | None = None) -> CheckContext:
        return CheckContext(xsdversie=versie or self.client.settings.versie, profiel=profiel,
                            eckid_omgeving=self.client.settings.eckid_omgeving)


@pytest.fixture(scope="session")
def answers(uwlr: UwlrClient, capabilities: UwlrCapabilities) -> SharedAnswers:
    return SharedAnswers(uwlr, capabilities)


@pytest.fixture(scope="session")
def getrapt_alles(answers: SharedAnswers):
    """The getrapt flow as an EA runs it: HaalStructuur, then pupils and teachers of every group found."""

    def fetch(evidence: list[Exchange], operation: str, requirement: str = "UWLR-XSD-04") -> UwlrExchange:
        structuur = answers.get(evidence, "HaalStructuur")
        if operation == "HaalStructuur":
            return structuur
        groepen = structuur.answer(requirement).groepen
        selection = tuple(GroupSelection(key, kind == "samengestelde_groep") for key, kind in groepen.items())
        return answers.get(evidence, operation, groepen=selection)

    return fetch
