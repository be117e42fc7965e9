"""The client side: the suite plays the LAS, the candidate client (an EA) fetches the synthetic school's pupil
data and pushes results, and those calls are judged.

One judging LAS serves the whole session ([uwlr.ea]); the tests wait until the client made the fetches the
judging LAS plans (and a push, when it declares BrengLeerresultaten), then judge what arrived. A wait that ends
first never gives a pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.harness import end_as_judged, requirement, serve_client_judge
from conformance.standards.uwlr.client_judge.judge import PLAN, RunningEaJudge, start_ea_judge
from conformance.standards.uwlr.client_judge.settings import EaSettings
from conformance.standards.uwlr.client_judge.verdicts import judge
from conformance.transport import Exchange


def _announce(running: RunningEaJudge, settings: EaSettings) -> Iterator[str]:
    school = running.school
    yield (f"the suite plays the LAS at {running.endpoint} (results: {running.results_endpoint}; mutual TLS, its "
           f"certificate issued by {running.pki_files['ca_bundle']}) for school {school.brincode} "
           f"{school.dependancecode}, schooljaar {school.schooljaar}; waiting up to {settings.wachttijd:g} s for "
           f"{len(PLAN)} fetches at least {settings.min_pollinterval:g} s apart")
    if settings.key_issued:
        yield (f"autorisatiesleutel issued for this run: {settings.autorisatiesleutel} (klantnaam "
               f"{settings.klantnaam!r}, klantcode {settings.klantcode!r})")


@pytest.fixture(scope="session")
def ea_judge(candidate_config: CandidateConfig, pytestconfig: pytest.Config) -> Iterator[RunningEaJudge]:
    yield from serve_client_judge(pytestconfig, candidate_config, "uwlr", "ea", client="client",
                                  start=start_ea_judge, announce=_announce)


def _judge(running: RunningEaJudge, requirement_id: str, evidence: list[Exchange]) -> None:
    end_as_judged(requirement_id, judge(running, requirement_id), evidence, running.ended_early)


@requirement("UWLR-EA-01")
def test_requests_valid_against_the_xsd(ea_judge, evidence, requirement_id):
    """Every request is a SOAP envelope holding one UWLR request valid against its version's XSD."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-02")
def test_autorisatie_header_with_issued_credentials(ea_judge, evidence, requirement_id):
    """Every request carries the autorisatie header with the credentials issued for the run."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-03")
def test_xsdversie_as_declared(ea_judge, evidence, requirement_id):
    """Every request names the declared UWLR version in xsdversie."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-04")
def test_gegevenssetid_of_the_declared_profile(ea_judge, evidence, requirement_id):
    """Every pupil-data request asks for the declared data set, and no other."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-05")
def test_laatstontvangengegevens_after_first_fetch(ea_judge, evidence, requirement_id):
    """After the first delivery of pupil data, every fetch carries laatstontvangengegevens."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-06")
def test_client_fault_not_repeated_unchanged(ea_judge, evidence, requirement_id):
    """A request refused with a Client.* fault is not sent again unchanged within the minimum interval."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-07")
def test_fetches_keep_the_minimum_interval(ea_judge, evidence, requirement_id):
    """Fetches are at least the LAS's minimum polling interval apart, and go on after geenwijzigingen."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-08")
def test_back_off_after_server_fault(ea_judge, evidence, requirement_id):
    """After a Server.* fault the client waits at least the minimum polling interval."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-09")
def test_getrapt_structure_before_pupils(ea_judge, evidence, requirement_id):
    """A getrapt client asks for a group's pupils only after HaalStructuur delivered that group."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-10")
def test_results_refer_to_delivered_pupils(ea_judge, evidence, requirement_id):
    """BrengLeerresultaten refers only to pupils (and their ECK iDs) the LAS delivered."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-11")
def test_results_carry_the_eckid_in_23(ea_judge, evidence, requirement_id):
    """In UWLR 2.3 the results of a pupil with an ECK iD carry it."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-12")
def test_scores_within_their_normering(ea_judge, evidence, requirement_id):
    """Every pushed score lies within its toets definition's normering."""
    _judge(ea_judge, requirement_id, evidence)


@requirement("UWLR-EA-13")
def test_back_off_when_the_las_does_not_answer(ea_judge, evidence, requirement_id):
    """When the LAS closed the connection without an answer the client waits at least the minimum polling interval."""
    _judge(ea_judge, requirement_id, evidence)
