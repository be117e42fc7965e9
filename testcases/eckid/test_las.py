"""The LAS side: the suite plays the NV, the candidate LAS calls it for its test pupils, and those calls are judged.

One judging NV serves the whole session ([eckid.las]); the tests wait until the LAS sent an hPGN for every test
pupil and fetched every batch it submitted, then judge what arrived. A wait that ends first never gives a pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.harness import end_as_judged, requirement, serve_client_judge
from conformance.standards.eckid.client_judge.judge import JudgeSettings, RunningJudge, start_judge
from conformance.standards.eckid.client_judge.verdicts import assess
from conformance.transport import Exchange


def _announce(running: RunningJudge, settings: JudgeSettings) -> Iterator[str]:
    yield (f"the suite plays the NV at {running.endpoint} (mutual TLS; its certificate is issued by "
           f"{running.pki_files['ca_bundle']}); waiting up to {settings.wachttijd:g} s for the LAS's calls for "
           f"{len(settings.pgns)} test pupils")
    computation = running.computation()
    if computation:
        yield computation


@pytest.fixture(scope="session")
def las_judge(candidate_config: CandidateConfig, pytestconfig: pytest.Config) -> Iterator[RunningJudge]:
    yield from serve_client_judge(pytestconfig, candidate_config, "eckid", "las", client="LAS", start=start_judge,
                                  announce=_announce)


def _judge(judge: RunningJudge, requirement_id: str, evidence: list[Exchange]) -> None:
    end_as_judged(requirement_id, assess(judge, requirement_id), evidence, judge.ended_early)


@requirement("ECKID-HASH-01")
def test_hpgn_uses_the_current_scrypt_parameters(las_judge, evidence, requirement_id):
    """Each test pupil's hPGN is scrypt with N=131072, r=8, p=4 (not the pre-2016 N=16384, p=1)."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-HASH-02")
def test_pgn_lower_cased_and_nothing_else(las_judge, evidence, requirement_id):
    """The hashed PGN is the lower-cased PGN, nothing else changed."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-HASH-03")
def test_salt_is_the_decoded_environment_salt(las_judge, evidence, requirement_id):
    """The scrypt salt is the base64-decoded salt of the NV environment, not its text."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-HASH-04")
def test_hpgn_sent_as_lower_case_hex(las_judge, evidence, requirement_id):
    """Every hPGN the LAS sends is 64 lower-case hexadecimal characters."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-HASH-05")
def test_leading_zeros_kept(las_judge, evidence, requirement_id):
    """A test PGN with leading zeros is hashed with them."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-LAS-01")
def test_from_names_the_school(las_judge, evidence, requirement_id):
    """Every call carries wsa:From with the OIN of a school the LAS calls for."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-LAS-02")
def test_client_certificate_of_school_or_declared_vendor(las_judge, evidence, requirement_id):
    """Every call comes with the school's client certificate or that of its declared SaaS vendor."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-LAS-03")
def test_batch_result_fetched_once(las_judge, evidence, requirement_id):
    """After a batch result was delivered the LAS does not ask for it again."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-LAS-04")
def test_unfinished_batch_polled_with_back_off(las_judge, evidence, requirement_id):
    """Polls of an unfinished batch are at least the configured interval (20 s) apart."""
    _judge(las_judge, requirement_id, evidence)


@requirement("ECKID-LAS-05")
def test_no_pgn_in_any_call(las_judge, evidence, requirement_id):
    """No call carries a test pupil's PGN, in an hPGN field or anywhere else: only the hPGN leaves the school."""
    _judge(las_judge, requirement_id, evidence)
