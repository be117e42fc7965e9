"""Every harvested record (the newest version's harvest, the first page of each older declared version) passes
every record rule; findings stream page by page, the first few per rule shown with the face and version."""

from __future__ import annotations

import pytest

from conformance.errors import Failure
from conformance.harness import cant_tell, not_exercised, requirement
from conformance.standards import get_standard

#: Requirements the record validation judges (CAT-DOC-08 needs the request and is judged while paging).
RULE_REQUIREMENTS = [req.id for req in get_standard("catalogus").catalogue
                     if req.id.split("-")[1] in ("DOC", "REC", "PRC", "SET", "XSD")
                     and req.id != "CAT-DOC-08" and not req.not_tested_reason]


@pytest.mark.parametrize("rule", [pytest.param(r, id=r, marks=requirement(r)) for r in RULE_REQUIREMENTS])
def test_every_harvested_record_keeps_the_rule(rule, harvests, evidence):
    """CAT-XSD-01 is judged on the first page of each face and version (our modelled XSD), every other rule on every
    harvested or sampled record.

    Where the two schema validators (official runs) disagree on a record and nothing failed, CAT-XSD-01 cannot
    tell. A rule on optional fields that no harvested record holds was not exercised: it is not a pass."""
    found = harvests.all()  # a passing rule needs no pages as evidence
    tally = harvests.tally
    if tally.counts[rule]:
        evidence.extend(x for h in found for x in h.exchanges if x not in evidence)
        raise Failure(tally.describe(rule), requirement=rule)
    if tally.undecided[rule]:
        evidence.extend(x for h in found for x in h.exchanges if x not in evidence)
        cant_tell(tally.describe_undecided(rule))
    if not any(h.product_ids for h in found):
        cant_tell("no catalogue records could be harvested to judge: "
                  + "; ".join(h.broken or "no records" for h in found))
    reason = tally.not_exercised(rule)
    if reason:
        not_exercised(reason)
