"""The daily limit on batch submissions. Runs after every other NV test (see conftest): it uses the limit up."""

from __future__ import annotations

from conformance.errors import Failure
from conformance.harness import inapplicable, requirement
from conformance.standards.eckid.codec import read_nv_fault
from conformance.xml.soap import SoapMessage


@requirement("ECKID-NV-BATCH-05")
def test_submissions_beyond_the_daily_limit_refused(nv, eckid_settings, test_hpgns, evidence):
    """Within limit + 1 submissions, one gets LimitDailyBatchSubmissionsExceededException (earlier ones count)."""
    limit = eckid_settings.dagelijkse_batchlimiet
    if limit is None:
        inapplicable("the candidate declares no dagelijkse_batchlimiet")
    for attempt in range(1, limit + 2):
        answer = nv.send("submitStampseudonymBatch", hpgns=[(1, test_hpgns[0])],
                         label=f"submitStampseudonymBatch {attempt} towards the daily limit")
        fault = read_nv_fault(answer.soap) if isinstance(answer.soap, SoapMessage) else None
        if fault is not None:
            answer.expect_exception("LimitDailyBatchSubmissionsExceededException")
            return
        answer.value("batchIdentifier")
    raise Failure(f"{limit + 1} batch submissions in a row were accepted; the declared daily limit is {limit}")
