"""Fixtures of the catalogue scenario tests: settings, a client for both faces, and harvests made once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.errors import Failure
from conformance.harness import (
    Capabilities,
    SessionCache,
    cant_tell,
    current_evidence,
    inapplicable,
    standard_settings,
)
from conformance.standards.catalogus.client import CatalogueClient, FindingTally, Harvest
from conformance.standards.catalogus.settings import CatalogusSettings
from conformance.transport import Exchange, HttpClient, TlsSettings


@pytest.fixture(scope="session")
def catalogus_settings(candidate_config: CandidateConfig) -> CatalogusSettings:
    return standard_settings(candidate_config, "catalogus")


def _tls(candidate_config: CandidateConfig, settings: CatalogusSettings) -> TlsSettings:
    """The run's TLS settings, with the ReadCatalog certificate of `[catalogus]` when declared: the OIN the
    service sees in TLS is then the one named in wsa:From."""
    tls = candidate_config.tls
    cert, key = ((settings.client_cert, settings.client_key) if settings.client_cert is not None
                 else (tls.client_cert, tls.client_key))
    return TlsSettings(ca_bundle=tls.ca_bundle, client_cert=cert, client_key=key, verify=tls.verify)


@pytest.fixture(scope="session")
def readcatalog_tls(candidate_config: CandidateConfig, catalogus_settings: CatalogusSettings) -> TlsSettings:
    return _tls(candidate_config, catalogus_settings)


@pytest.fixture(scope="session")
def quiet_client(readcatalog_tls: TlsSettings) -> Iterator[HttpClient]:
    """A client that records nothing: a harvest of hundreds of pages keeps only a few as evidence."""
    with HttpClient(tls=readcatalog_tls) as client:
        yield client


@pytest.fixture(scope="session")
def recording_client(readcatalog_tls: TlsSettings) -> Iterator[HttpClient]:
    """A client that records every exchange into the running test's evidence."""
    with HttpClient(tls=readcatalog_tls, record=current_evidence.record) as client:
        yield client


@pytest.fixture(scope="session")
def catalogus(recording_client: HttpClient, quiet_client: HttpClient, catalogus_settings: CatalogusSettings,
              dual_validation: bool, request: pytest.FixtureRequest) -> CatalogueClient:
    """Both faces; with the run's trust anchors when the ReadCatalog answers are signed and judged."""
    signed = catalogus_settings.signed and "readcatalog" in catalogus_settings.faces
    trust = request.getfixturevalue("run_trust") if signed else None
    return CatalogueClient(recording_client, quiet_client, catalogus_settings, trust, dual_validation=dual_validation)


@pytest.fixture(scope="session")
def signing(catalogus_settings: CatalogusSettings) -> None:
    """Signature tests apply only to a ReadCatalog face that declares profile 2W-be-S."""
    if "readcatalog" not in catalogus_settings.faces:
        inapplicable("the candidate does not declare the readcatalog face")
    if not catalogus_settings.signed:
        inapplicable(f"the candidate's ReadCatalog declares profile {catalogus_settings.profiel}, which signs nothing")


class Faces:
    """Declared faces and versions, checked at the top of a test so undeclared ones end as inapplicable."""

    def __init__(self, settings: CatalogusSettings) -> None:
        self.settings = settings

    def require(self, face: str) -> None:
        Capabilities(self.settings.faces, "the {} face").require(face)

    def older_versions(self) -> tuple[str, ...]:
        return self.settings.versions[:-1]


@pytest.fixture(scope="session")
def faces(catalogus_settings: CatalogusSettings) -> Faces:
    return Faces(catalogus_settings)


@pytest.fixture(scope="session")
def declared_capabilities(catalogus_settings: CatalogusSettings) -> Capabilities:
    """The faces the catalogue declares, for @capability."""
    return Capabilities(catalogus_settings.faces, "the {} face")


class Harvests:
    """Each face harvested once per session in the newest declared version, and sampled (its first page) in each
    older one; the record findings of all of them are pooled in `tally`."""

    def __init__(self, client: CatalogueClient, faces: Faces) -> None:
        self.client = client
        self.faces = faces
        self.tally = FindingTally(client.settings.shown_per_rule)
        self._done: SessionCache[str, Harvest] = SessionCache(lambda harvest: harvest.exchanges)
        self._samples: SessionCache[tuple[str, str], Harvest] = SessionCache(lambda harvest: harvest.exchanges)

    def get(self, face: str, evidence: list[Exchange] | None = None) -> Harvest:
        """The harvest of `face`; its kept pages join `evidence` when given (the harvest tests themselves)."""
        self.faces.require(face)
        return self._done.get(face, lambda: self._harvest(face), evidence)

    def _harvest(self, face: str) -> Harvest:
        version = self.client.settings.newest
        return (self.client.harvest_sru(version, self.tally) if face == "sru"
                else self.client.harvest_readcatalog(version, self.tally))

    def all(self) -> list[Harvest]:
        """Every declared face harvested and every older version sampled, whichever test asks first, so that
        `tally` holds the findings of all of them."""
        declared = [face for face in ("sru", "readcatalog") if face in self.faces.settings.faces]
        harvests = [self.get(face) for face in declared]
        return harvests + [self._samples.get((face, version), lambda: self.client.sample(face, version, self.tally))
                           for face in declared for version in self.faces.older_versions()]


@pytest.fixture(scope="session")
def harvests(catalogus: CatalogueClient, faces: Faces) -> Harvests:
    return Harvests(catalogus, faces)


@pytest.fixture
def judge(evidence: list[Exchange]):  # type: ignore[no-untyped-def]
    """Fail with a harvest's problems for a requirement (its kept pages become evidence); a harvest that
    broke off cannot show them, so that is cantTell."""

    def judging(harvest: Harvest, requirement: str) -> None:
        problems = harvest.problems.get(requirement)
        if problems:
            evidence.extend(x for x in harvest.exchanges if x not in evidence)
            raise Failure(f"{harvest.source}: " + "; ".join(problems),
                          requirement=requirement)
        if harvest.broken:
            cant_tell(f"the {harvest.face} harvest broke off before this could be judged: {harvest.broken}")

    return judging
