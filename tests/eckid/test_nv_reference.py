"""The reference NV's own logic, without HTTP: derivation, form, vervanging, batches and faults."""

from __future__ import annotations

import datetime as dt

import pytest

from conformance.standards.eckid import eckid_form, eckid_form_problems
from conformance.standards.eckid.reference import (
    NvError,
    ReferenceNv,
    demo_settings,
)

H1, H2, H3 = "1" * 64, "2" * 64, "3" * 64


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def nv():
    clock = Clock()
    reference = ReferenceNv(demo_settings(batch_vertraging=5.0, dagelijkse_batchlimiet=2), clock=clock)
    reference.clock = clock  # type: ignore[attr-defined]
    return reference


def _ids(nv):  # type: ignore[no-untyped-def]
    return nv.reference_settings.chains[0].id, nv.reference_settings.sectors[0].id


def test_same_hpgn_same_eckid_in_pilot_form(nv):
    keten, sector = _ids(nv)
    stamp = nv.retrieve_stampseudonym(H1)
    assert stamp.startswith("https://ketenid.nl/sppilot/") and len(stamp) == 155
    eckid = nv.retrieve_eckid(stamp, keten, sector)
    assert eckid_form_problems(eckid, omgeving="pilot") == [] and eckid_form(eckid).valid
    assert nv.retrieve_eckid(nv.retrieve_stampseudonym(H1), keten, sector) == eckid
    assert nv.retrieve_eckid(stamp, keten, nv.reference_settings.sectors[1].id) != eckid
    assert nv.retrieve_eckid(stamp, nv.reference_settings.chains[1].id, sector) != eckid


def test_production_form():
    nv = ReferenceNv(demo_settings(omgeving="productie"))
    keten, sector = _ids(nv)
    eckid = nv.retrieve_eckid(nv.retrieve_stampseudonym(H1), keten, sector)
    assert eckid_form_problems(eckid, omgeving="productie") == []


@pytest.mark.parametrize("bad", ["", "1" * 63, "A" * 64, "063138219", "g" * 64])
def test_malformed_hpgn_is_refused(nv, bad):
    with pytest.raises(NvError) as info:
        nv.retrieve_stampseudonym(bad)
    assert info.value.exception == "InvalidHpgnException"


def test_unknown_stampseudonym_chain_and_sector(nv):
    keten, sector = _ids(nv)
    stamp = nv.retrieve_stampseudonym(H1)
    for args, exception in [(("https://ketenid.nl/sppilot/" + "a" * 128, keten, sector), "InvalidStampseudonymException"),
                            ((stamp, "urn:x", sector), "InvalidChainException"),
                            ((stamp, keten, "urn:x"), "InvalidSectorException")]:
        with pytest.raises(NvError) as info:
            nv.retrieve_eckid(*args)
        assert info.value.exception == exception


def test_replacements_chain_and_keep_the_eckid(nv):
    keten, sector = _ids(nv)
    original = nv.retrieve_stampseudonym(H1)
    assert nv.replace_stampseudonym(H1, H2, None) == original
    assert nv.replace_stampseudonym(H2, H3, None) == original
    assert nv.retrieve_stampseudonym(H3) == original
    assert nv.retrieve_eckid(nv.retrieve_stampseudonym(H3), keten, sector) == nv.retrieve_eckid(original, keten, sector)


def test_future_replacement_waits_for_its_date(nv):
    own = nv.retrieve_stampseudonym(H2)
    nv.replace_stampseudonym(H1, H2, dt.datetime.now(dt.UTC) + dt.timedelta(days=30))
    assert nv.retrieve_stampseudonym(H2) == own


def test_batch_waits_is_fetched_once_and_is_limited_per_day(nv):
    batch = nv.submit_batch("c", [(7, H1), (9, "bad")], nv.retrieve_stampseudonym)
    with pytest.raises(NvError, match="still being processed"):
        nv.retrieve_batch("c", batch)
    nv.clock.now = 6.0
    result = nv.retrieve_batch("c", batch)
    assert [i for i, _ in result.success] == [7] and [i for i, _ in result.failed] == [9]
    with pytest.raises(NvError) as again:
        nv.retrieve_batch("c", batch)
    assert again.value.exception == "ContentAlreadyRetrievedException"
    nv.submit_batch("c", [(1, H1)], nv.retrieve_stampseudonym)
    with pytest.raises(NvError) as limit:
        nv.submit_batch("c", [(1, H1)], nv.retrieve_stampseudonym)
    assert limit.value.exception == "LimitDailyBatchSubmissionsExceededException"
    nv.submit_batch("other client", [(1, H1)], nv.retrieve_stampseudonym)


def test_unfetched_result_is_removed_after_retention(nv):
    batch = nv.submit_batch("c", [(1, H1)], nv.retrieve_stampseudonym)
    nv.clock.now = 5.0 + nv.reference_settings.retention + 1
    with pytest.raises(NvError) as info:
        nv.retrieve_batch("c", batch)
    assert info.value.exception == "ContentRemovedException"
