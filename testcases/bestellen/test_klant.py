"""The ordering client side: the suite plays the supplier, the candidate client orders from its catalogue,
reads the answers and cancels, and those calls are judged.

One judging supplier serves the whole session ([bestellen.klant]); the tests wait until the client sent the
order again whose answer was dropped, got a refused line, and cancelled (when it declares cancelOrder), then
judge what arrived. A wait that ends first never gives a pass.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.config import CandidateConfig
from conformance.harness import end_as_judged, requirement, serve_client_judge
from conformance.standards.bestellen.client_judge.judge import OFFER, PLAN, RunningKlantJudge, start_klant_judge
from conformance.standards.bestellen.client_judge.settings import KlantSettings
from conformance.standards.bestellen.client_judge.verdicts import judge
from conformance.transport import Exchange


def _announce(running: RunningKlantJudge, settings: KlantSettings) -> Iterator[str]:
    offer = ", ".join(f"{p.product_id} ({p.state})" for p in OFFER)
    yield (f"the suite plays the supplier at {running.endpoint} (licences: {running.licences_endpoint}; mutual TLS, "
           f"{settings.profiel}, its certificate issued by {running.pki_files['ca_bundle']}) for schools "
           f"{', '.join(settings.scholen)}; catalogue: {offer}; new orders: {', '.join(PLAN)}; waiting up to "
           f"{settings.wachttijd:g} s")


@pytest.fixture(scope="session")
def klant_judge(candidate_config: CandidateConfig, pytestconfig: pytest.Config) -> Iterator[RunningKlantJudge]:
    yield from serve_client_judge(pytestconfig, candidate_config, "bestellen", "klant", client="ordering client",
                                  start=start_klant_judge, announce=_announce)


def _judge(running: RunningKlantJudge, requirement_id: str, evidence: list[Exchange]) -> None:
    end_as_judged(requirement_id, judge(running, requirement_id), evidence, running.ended_early)


@requirement("BEST-KLANT-01")
def test_different_requests_have_different_references(klant_judge, evidence, requirement_id):
    """A requestReferenceId names one request: different orders and cancellations never share one."""
    _judge(klant_judge, requirement_id, evidence)


@requirement("BEST-KLANT-02")
def test_retry_after_a_lost_answer_keeps_the_reference(klant_judge, evidence, requirement_id):
    """An order whose answer was lost is sent again with the same requestReferenceId and content."""
    _judge(klant_judge, requirement_id, evidence)


@requirement("BEST-KLANT-03")
def test_no_order_for_a_product_the_catalogue_marks_not_orderable(klant_judge, evidence, requirement_id):
    """No order line is for a product the supplier's catalogue marks not orderable."""
    _judge(klant_judge, requirement_id, evidence)


@requirement("BEST-KLANT-04")
def test_refused_line_is_not_sent_again_unchanged(klant_judge, evidence, requirement_id):
    """A line the supplier refused with a per-line fault is not ordered again unchanged."""
    _judge(klant_judge, requirement_id, evidence)


@requirement("BEST-KLANT-05")
def test_cancellation_only_before_activation(klant_judge, evidence, requirement_id):
    """An order is cancelled only while none of its licences was activated."""
    _judge(klant_judge, requirement_id, evidence)
