"""Batches: indices echoed with the single operation's values, not finished at once, fetched once, failures per item."""

from __future__ import annotations

from conformance.errors import Failure
from conformance.harness import requirement
from conformance.standards.eckid import codec


def _stamp_run(batches, evidence):  # type: ignore[no-untyped-def]
    run = batches.stampseudoniemen
    run.delivery  # noqa: B018 - run the batch before judging it
    run.evidence(evidence)
    return run


def _eckid_run(batches, pseudonyms, test_hpgns, evidence):  # type: ignore[no-untyped-def]
    stamps = tuple(pseudonyms.stampseudoniem(evidence, h) for h in test_hpgns)
    run = batches.eckid_batch(stamps)
    run.delivery  # noqa: B018
    run.evidence(evidence)
    return run, stamps


@requirement("ECKID-NV-BATCH-01")
def test_stampseudonym_batch_matches_single_answers(batches, pseudonyms, test_hpgns, evidence):
    """submitStampseudonymBatch: each index comes back with the stampseudoniem retrieveStampseudonym gives."""
    result = _stamp_run(batches, evidence).result()
    expected = {10: pseudonyms.stampseudoniem(evidence, test_hpgns[0]),
                30: pseudonyms.stampseudoniem(evidence, test_hpgns[1])}
    _compare(result, expected, "stampseudoniem")


@requirement("ECKID-NV-BATCH-01")
def test_eckid_batch_matches_single_answers(batches, pseudonyms, test_hpgns, evidence):
    """submitEckIdBatch: each valid index comes back with the ECK iD retrieveEckId gives."""
    run, stamps = _eckid_run(batches, pseudonyms, test_hpgns, evidence)
    expected = {7: pseudonyms.eckid(evidence, stamps[0]),
                9: pseudonyms.eckid(evidence, stamps[1])}
    _compare(run.result(), expected, "ECK iD")


def _compare(result, expected: dict[int, str], what: str) -> None:  # type: ignore[no-untyped-def]
    for index, value in expected.items():
        if index not in result.success:
            raise Failure(f"submitted index {index} is not among the successes (indices found: "
                          f"{sorted(result.success)}; failed: {sorted(result.failed)})", requirement="ECKID-NV-BATCH-01")
        if result.success[index] != value:
            raise Failure(f"index {index}: the batch gave {what} …{result.success[index][-6:]}, the single operation "
                          f"…{value[-6:]}", requirement="ECKID-NV-BATCH-01")


@requirement("ECKID-NV-BATCH-02")
def test_batch_not_finished_right_after_submission(batches, evidence):
    """retrieveBatch right after the submission answers NotFinishedException."""
    run = _stamp_run(batches, evidence)
    run.first_poll.expect_exception("NotFinishedException")


@requirement("ECKID-NV-BATCH-03")
def test_batch_result_delivered_once(batches, evidence):
    """A second retrieveBatch after delivery answers ContentAlreadyRetrievedException."""
    run = _stamp_run(batches, evidence)
    run.result()
    run.second_fetch.expect_exception("ContentAlreadyRetrievedException")
    run.evidence(evidence)


@requirement("ECKID-NV-BATCH-04")
def test_invalid_item_reported_under_its_index(batches, pseudonyms, test_hpgns, evidence):
    """An invalid stampseudoniem in an ECK iD batch is reported in failed under its index; the others succeed."""
    run, _ = _eckid_run(batches, pseudonyms, test_hpgns, evidence)
    result = run.result()
    if 8 not in result.failed:
        where = "among the successes" if 8 in result.success else "missing"
        raise Failure(f"index 8 (not a stampseudoniem) is {where}; failed holds {sorted(result.failed)}")
    if not result.failed[8].strip():
        raise Failure("index 8 is reported without an errorMessage")
    if sorted(result.success) != [7, 9]:
        raise Failure(f"the valid items 7 and 9 should succeed; successes: {sorted(result.success)}")


@requirement("ECKID-NV-BATCH-06")
def test_empty_batch_refused(nv, evidence):
    """A stampseudoniem batch without items gets a fault."""
    nv.send_body("submitStampseudonymBatch", codec.element("submitStampseudonymBatchRequest"),
                 label="submitStampseudonymBatch without items").fault()


@requirement("ECKID-NV-BATCH-07")
def test_unknown_batch_identifier_refused(nv, evidence):
    """retrieveBatch with an identifier the NV never issued gets a fault."""
    nv.send("retrieveBatch", batchIdentifier="conformance-never-issued-0000",
            label="retrieveBatch, never-issued identifier").fault()
