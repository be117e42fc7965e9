"""Message exchange: answers carry WS-Addressing headers tied to their request (Edukoppeling)."""

from __future__ import annotations

from conformance.edukoppeling.addressing import controleer_antwoord
from conformance.harness import requirement
from conformance.standards.bestellen.codec import OrderLine


@requirement("BEST-MSG-01")
def test_answers_carry_addressing_headers(leverancier, evidence):
    """An order answer, a licence read answer and a fault answer each have Action, MessageID and RelatesTo."""
    answers = [leverancier.client.bestel(leverancier.school, [OrderLine(1, leverancier.product(), 1)]),
               leverancier.client.licenties(school=leverancier.school, order_id="ORD-none"),
               leverancier.client.licenties(school=leverancier.settings.andere_school,
                                            label="readLicences for another party's school")]
    for answer in answers:
        problems = controleer_antwoord(answer.adressering("BEST-MSG-01"), answer.message_id)
        leverancier.eis(problems == [], f"{answer.exchange.label}: {'; '.join(problems)}", "BEST-MSG-01")
