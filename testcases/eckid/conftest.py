"""Fixtures of the NV scenario tests: the candidate's settings, a client, test hPGNs, and shared batch runs."""

from __future__ import annotations

import secrets
from functools import cached_property

import pytest

from conformance.config import CandidateConfig
from conformance.edukoppeling.sender import Sender
from conformance.errors import Failure
from conformance.harness import SessionCache, cant_tell, inapplicable, standard_settings
from conformance.standards.eckid.client import NvClient, NvExchange
from conformance.standards.eckid.codec import BatchResult, read_batch, read_nv_fault
from conformance.standards.eckid.hashing import hpgn
from conformance.standards.eckid.settings import EckIdSettings, EckIdTable
from conformance.transport import Exchange, HttpClient

#: Tests that use up the candidate's daily batch submissions: they run after every other test.
LAST_MODULE = "test_daglimiet.py"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    last = [item for item in items if item.path.name == LAST_MODULE and item.path.parent.name == "eckid"]
    if last:
        items[:] = [item for item in items if item not in last] + last


@pytest.fixture(scope="session")
def eckid_settings(candidate_config: CandidateConfig) -> EckIdSettings:
    table: EckIdTable = standard_settings(candidate_config, "eckid")
    if table.nv is None:
        inapplicable("the candidate declares no NV under test ([eckid] endpoint): only its LAS is judged")
    return table.nv


@pytest.fixture(scope="session")
def sender(candidate_config: CandidateConfig, eckid_settings: EckIdSettings) -> Sender:
    """The suite as Edukoppeling sender; in 2W-be-S it signs with the key of its TLS client certificate."""
    tls = candidate_config.tls
    if eckid_settings.signed:
        for key in ("client_cert", "client_key"):
            if getattr(tls, key) is None:
                raise pytest.UsageError(f"configuration error: tls.{key}: [eckid] profiel 2W-be-S signs every "
                                        "request with the client certificate's key; configure client_cert and "
                                        "client_key")
    return Sender.from_files(eckid_settings.profiel, tls.client_cert, tls.client_key)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def nv(http_client: HttpClient, eckid_settings: EckIdSettings, sender: Sender) -> NvClient:
    return NvClient(http_client, eckid_settings.endpoint, eckid_settings.oin, sender)


@pytest.fixture
def nv_answers(nv: NvClient) -> None:
    """cantTell unless a ping from the suite's own party (its valid certificate, signed where the profile signs) is
    answered: a refusal the test provokes proves nothing when the NV answers nobody (a dead endpoint refuses all)."""
    control = nv.send("ping", label="ping (control)")
    if isinstance(control.soap, str) or control.soap.fault is not None or control.exchange.status != 200:
        cant_tell("a well-formed ping from the suite's own party is not answered either "
                  f"({control.exchange.describe_response(120)}), so a refusal here proves nothing")


@pytest.fixture
def signed(eckid_settings: EckIdSettings) -> None:
    """Signature tests apply only to an NV declared with profile 2W-be-S (the NV publishes 2W-be)."""
    if not eckid_settings.signed:
        inapplicable(f"the candidate declares profile {eckid_settings.profiel} ([eckid] profiel), which signs "
                     "nothing")


def fresh_hpgn() -> str:
    """A valid, random hPGN: replacements are permanent at the NV, so each replacement test uses new ones."""
    return secrets.token_hex(32)


@pytest.fixture(scope="session")
def test_hpgns(eckid_settings: EckIdSettings) -> tuple[str, str]:
    """Two test hPGNs: the configured ones, PGNs hashed here ONCE per session (scrypt is slow), then random ones."""
    values = list(eckid_settings.hpgns)
    for pgn in eckid_settings.pgns[: max(0, 2 - len(values))]:
        assert eckid_settings.salt is not None
        values.append(hpgn(pgn, eckid_settings.salt))
    while len(values) < 2:
        values.append(fresh_hpgn())
    return values[0], values[1]


class Pseudonyms:
    """Single-operation answers many tests judge, fetched once per session and added to each test's evidence."""

    def __init__(self, nv: NvClient, settings: EckIdSettings) -> None:
        self.nv = nv
        self.settings = settings
        self._cache: SessionCache[tuple[str, ...], NvExchange] = SessionCache()

    def _get(self, evidence: list[Exchange], key: tuple[str, ...], send) -> NvExchange:  # type: ignore[no-untyped-def]
        return self._cache.get(key, send, evidence)

    def stampseudoniem(self, evidence: list[Exchange], hpgn_value: str, requirement: str | None = None, *,
                       again: bool = False) -> str:
        key = ("stamp", hpgn_value, str(again))
        label = "retrieveStampseudonym" + (" (again)" if again else "")
        return self._get(evidence, key, lambda: self.nv.send("retrieveStampseudonym", hpgn=hpgn_value, label=label)) \
            .value("stampseudonym", requirement)

    def eckid(self, evidence: list[Exchange], stamp: str, requirement: str | None = None, *, keten: str | None = None,
              sector: str | None = None, again: bool = False) -> str:
        keten = keten or self.settings.keten
        sector = sector or self.settings.sector
        key = ("eckid", stamp, keten, sector, str(again))
        label = "retrieveEckId" + (" (again)" if again else "")
        return self._get(evidence, key, lambda: self.nv.send("retrieveEckId", stampseudonym=stamp, chainId=keten,
                                                             sectorId=sector, label=label)).value("eckId", requirement)


@pytest.fixture(scope="session")
def pseudonyms(nv: NvClient, eckid_settings: EckIdSettings) -> Pseudonyms:
    return Pseudonyms(nv, eckid_settings)


class BatchRun:
    """One batch as a LAS runs it: submit, poll at once, wait until finished, fetch once, then fetch again."""

    def __init__(self, nv: NvClient, settings: EckIdSettings, operation: str, **fields: object) -> None:
        self.nv = nv
        self.settings = settings
        self.operation = operation
        self.fields = fields
        self.exchanges: list[Exchange] = []

    def _keep(self, answer: NvExchange) -> NvExchange:
        self.exchanges.append(answer.exchange)
        return answer

    @cached_property
    def identifier(self) -> str:
        answer = self._keep(self.nv.send(self.operation, label=self.operation, **self.fields))
        return answer.value("batchIdentifier", "ECKID-NV-BATCH-01")

    @cached_property
    def first_poll(self) -> NvExchange:
        """retrieveBatch right after the submission."""
        return self._keep(self.nv.send("retrieveBatch", batchIdentifier=self.identifier,
                                       label="retrieveBatch right after submission"))

    @cached_property
    def delivery(self) -> NvExchange:
        """The answer that delivered the result (the first poll, when the NV was already finished)."""
        first = self.first_poll
        if not isinstance(first.soap, str):
            fault = read_nv_fault(first.soap)
            if fault is not None and fault.faultactor in ("NotFinishedException", "TemporaryBlockedException"):
                return self._keep(self.nv.wait_for_batch(self.identifier, interval=self.settings.batch_pollinterval,
                                                         attempts=self.settings.batch_pogingen,
                                                         requirement="ECKID-NV-BATCH-01"))
        return first

    def result(self, requirement: str | None = None) -> BatchResult:
        try:
            return read_batch(self.delivery.body(requirement))
        except ValueError as exc:
            raise Failure(f"the batch result cannot be read: {exc}", requirement=requirement) from exc

    @cached_property
    def second_fetch(self) -> NvExchange:
        self.delivery  # noqa: B018 - the result must have been delivered first
        return self._keep(self.nv.send("retrieveBatch", batchIdentifier=self.identifier,
                                       label="retrieveBatch again after delivery"))

    def evidence(self, evidence: list[Exchange]) -> None:
        for exchange in self.exchanges:
            if exchange not in evidence:
                evidence.append(exchange)


class Batches:
    """The two batches of the session: hPGNs -> stampseudoniemen, and stampseudoniemen -> ECK iDs."""

    NOT_A_STAMPSEUDONIEM = "geen-stampseudoniem"

    def __init__(self, nv: NvClient, settings: EckIdSettings, hpgns: tuple[str, str]) -> None:
        self.nv = nv
        self.settings = settings
        self.hpgns = hpgns

    @cached_property
    def stampseudoniemen(self) -> BatchRun:
        # Indices that are neither 0.. nor 1..: an NV that renumbers them shows it.
        return BatchRun(self.nv, self.settings, "submitStampseudonymBatch",
                        hpgns=[(10, self.hpgns[0]), (30, self.hpgns[1])])

    def eckid_batch(self, stamps: tuple[str, str]) -> BatchRun:
        if "eckids" not in self.__dict__:
            self.__dict__["eckids"] = BatchRun(
                self.nv, self.settings, "submitEckIdBatch",
                stampseudoniemen=[(7, stamps[0]), (8, self.NOT_A_STAMPSEUDONIEM), (9, stamps[1])],
                chainId=self.settings.keten, sectorId=self.settings.sector)
        return self.__dict__["eckids"]


@pytest.fixture(scope="session")
def batches(nv: NvClient, eckid_settings: EckIdSettings, test_hpgns: tuple[str, str]) -> Batches:
    return Batches(nv, eckid_settings, test_hpgns)
