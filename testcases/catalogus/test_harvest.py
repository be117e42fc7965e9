"""A full harvest, page by page, returns every product once: SRU by nextRecordPosition, ReadCatalog by firstEntry."""

from __future__ import annotations

from conformance.errors import Failure
from conformance.harness import requirement


@requirement("CAT-SRU-01")
def test_sru_harvest_returns_number_of_records_without_gap_or_duplicate(judge, harvests, evidence, requirement_id):
    """Paging from startRecord 1 returns numberOfRecords records, each ProductId once."""
    harvest = harvests.get("sru", evidence)
    if harvest.broken:
        raise Failure(f"the SRU harvest broke off: {harvest.broken}")
    judge(harvest, requirement_id)


@requirement("CAT-SRU-07")
def test_sru_next_record_position_chain_ends(judge, harvests, evidence, requirement_id):
    """nextRecordPosition is startRecord + records returned, and absent on the last page."""
    judge(harvests.get("sru"), requirement_id)


@requirement("CAT-RDC-01")
def test_readcatalog_harvest_has_no_gap_or_duplicate(harvests, catalogus, catalogus_settings, evidence):
    """Every entry once, and a second harvest with another page size agrees entry for entry."""
    harvest = harvests.get("readcatalog", evidence)
    if harvest.broken:
        raise Failure(f"the ReadCatalog harvest broke off: {harvest.broken}")
    dupes = harvest.duplicates()
    if dupes:
        raise Failure(f"{len(dupes)} ProductId(s) came more than once while paging by firstEntry "
                      f"(Amount {catalogus_settings.page_size}), e.g. {', '.join(dupes[:3])}")
    other = catalogus_settings.page_size - 1
    span = min(len(harvest.product_ids), 10 * catalogus_settings.page_size)
    check = catalogus.harvest_readcatalog(harvest.version, None, amount=other, limit=span)
    evidence.extend(check.exchanges[:2])
    if check.broken:
        raise Failure(f"a harvest with Amount {other} broke off: {check.broken}")
    first, second = harvest.product_ids[:span], check.product_ids[:span]
    if first != second:
        at = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
        raise Failure(f"harvests with Amount {catalogus_settings.page_size} and Amount {other} disagree from entry "
                      f"{at} on ({first[at] if at < len(first) else 'end'} against "
                      f"{second[at] if at < len(second) else 'end'}): entries are skipped or repeated at page "
                      "borders")


@requirement("CAT-DOC-08")
def test_readcatalog_echoes_first_entry(judge, harvests, catalogus, catalogus_settings, evidence, requirement_id):
    """Every page of the harvest, and a page from an odd offset, echo the firstEntry asked for."""
    harvest = harvests.get("readcatalog")
    judge(harvest, requirement_id)
    first = catalogus_settings.first_entry_base + 3
    page = catalogus.page(catalogus.read_catalog(catalogus_settings.newest, first, 2,
                                                 label=f"ReadCatalog firstEntry {first} Amount 2"))
    if page.summary.first_entry != str(first):
        raise Failure(f"asked firstEntry {first}, the answer says {page.summary.first_entry!r}")
