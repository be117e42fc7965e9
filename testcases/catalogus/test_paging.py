"""Page sizes, the first-entry base, pages past the end, and the refusals of both faces."""

from __future__ import annotations

from conformance.errors import Failure
from conformance.harness import cant_tell, capability, not_exercised, prerequisite, requirement
from conformance.standards.catalogus import namespace_of

_INVALID_CQL = '((Title = "rekenen" and'


def _page(catalogus, exchange):  # type: ignore[no-untyped-def]
    return catalogus.page(exchange).summary


# -- SRU -----------------------------------------------------------------------------------------

@requirement("CAT-SRU-02")
def test_sru_page_holds_maximum_records(judge, harvests, catalogus, evidence, requirement_id):
    """maximumRecords 7 gets 7 records and 100 gets 100 (when the catalogue holds that many)."""
    harvest = harvests.get("sru")
    judge(harvest, requirement_id)
    total = harvest.total or 0
    for asked in (7, 100):
        got = len(_page(catalogus, catalogus.sru(maximum=asked, label=f"SRU maximumRecords {asked}")).product_ids)
        if got != min(asked, total):
            raise Failure(f"maximumRecords {asked} of {total} records returned {got} records")


@requirement("CAT-SRU-03")
@capability("sru")
def test_sru_more_than_100_records_gets_a_diagnostic(catalogus, evidence):
    page = _page(catalogus, catalogus.sru(maximum=101, label="SRU maximumRecords 101"))
    if len(page.product_ids) > 100 or not page.diagnostics:
        raise Failure(f"maximumRecords 101 returned {len(page.product_ids)} records and "
                      f"{len(page.diagnostics)} diagnostics; expected a diagnostic")


@requirement("CAT-SRU-04")
@capability("sru")
def test_sru_invalid_cql_gets_a_diagnostic(catalogus, evidence):
    page = _page(catalogus, catalogus.sru(query=_INVALID_CQL, label="SRU query that is not CQL"))
    if page.product_ids or not page.diagnostics:
        raise Failure(f"the query {_INVALID_CQL!r} (not CQL) returned {len(page.product_ids)} records and "
                      f"{len(page.diagnostics)} diagnostics; expected a diagnostic and no records")


@requirement("CAT-SRU-05")
@capability("sru")
def test_sru_unknown_record_schema_gets_a_diagnostic(catalogus, evidence):
    page = _page(catalogus, catalogus.sru(schema="eckcs9.9", maximum=5, label="SRU recordSchema eckcs9.9"))
    if page.product_ids or not page.diagnostics:
        raise Failure(f"recordSchema eckcs9.9 (no such version) returned {len(page.product_ids)} records "
                      f"{'in ' + ', '.join(sorted(str(n) for n in page.namespaces)) if page.namespaces else ''} "
                      "instead of a diagnostic")


@requirement("CAT-SRU-06")
@prerequisite("CAT-SRU-01")
def test_sru_start_past_the_end_returns_nothing(harvests, catalogus, evidence):
    harvest = harvests.get("sru")
    if harvest.total is None:
        cant_tell("the SRU answer gave no numberOfRecords to page past")
    start = harvest.total + 1
    page = _page(catalogus, catalogus.sru(start=start, maximum=10, label=f"SRU startRecord {start} (past the end)"))
    if page.product_ids:
        raise Failure(f"startRecord {start}, past numberOfRecords {harvest.total}, returned "
                      f"{len(page.product_ids)} records")


# -- ReadCatalog ---------------------------------------------------------------------------------

@requirement("CAT-RDC-02")
def test_readcatalog_page_holds_amount_entries(judge, harvests, catalogus, catalogus_settings, evidence,
                                               requirement_id):
    harvest = harvests.get("readcatalog")
    judge(harvest, requirement_id)
    base = catalogus_settings.first_entry_base
    got = len(_page(catalogus, catalogus.read_catalog(catalogus_settings.newest, base, 7,
                                                      label="ReadCatalog Amount 7")).product_ids)
    if got != min(7, len(harvest.product_ids)):
        raise Failure(f"Amount 7 from firstEntry {base} returned {got} entries")


@requirement("CAT-RDC-03")
@capability("readcatalog")
def test_readcatalog_first_entry_base(catalogus, catalogus_settings, evidence):
    """The declared base (0 or 1, UNCONFIRMED in the standard) addresses the first entry, base+1 the second,
    and base-1 nothing; the message says which base the service seems to use."""
    version, base = catalogus_settings.newest, catalogus_settings.first_entry_base

    def ask(first: int, amount: int):  # type: ignore[no-untyped-def]
        return _page(catalogus, catalogus.read_catalog(version, first, amount, label=f"ReadCatalog firstEntry {first}"))

    at_base, after, before = ask(base, 2), ask(base + 1, 1), ask(base - 1, 1)
    if not at_base.fault and len(at_base.product_ids) < 2 and not after.product_ids:
        not_exercised("the catalogue holds fewer than two entries, so no second entry shows the base")
    hint = ""
    if before.product_ids:
        hint = f"firstEntry {base - 1} returns an entry, so the service looks {base - 1}-based"
    elif (at_base.fault or not at_base.product_ids) and after.product_ids:
        hint = f"firstEntry {base} returns no entries but firstEntry {base + 1} does, so the service looks {base + 1}-based"
    elif at_base.product_ids[1:2] != after.product_ids:
        hint = (f"firstEntry {base} returned {at_base.product_ids} and firstEntry {base + 1} returned "
                f"{after.product_ids}, so firstEntry does not count entries one by one from {base}")
    if hint:
        raise Failure(f"declared first_entry_base {base}: {hint}")


@requirement("CAT-RDC-04")
@prerequisite("CAT-RDC-01")
def test_readcatalog_page_past_the_end_is_empty(harvests, catalogus, catalogus_settings, evidence):
    harvest = harvests.get("readcatalog")
    first = (catalogus_settings.first_entry_base + len(harvest.product_ids) + 1000 if not harvest.limited
             else 1_000_000_000)
    page = _page(catalogus, catalogus.read_catalog(catalogus_settings.newest, first, 10,
                                                   label=f"ReadCatalog firstEntry {first} (past the end)"))
    if page.fault or page.num_entries != "0" or page.product_ids:
        raise Failure(f"firstEntry {first}, past the last entry, got "
                      + (f"a fault: {page.fault}" if page.fault else
                         f"numEntries {page.num_entries!r} and {len(page.product_ids)} entries")
                      + "; expected an empty page")


@requirement("CAT-RDC-05")
@capability("readcatalog")
def test_readcatalog_negative_or_oversized_amount_gets_a_fault(catalogus, catalogus_settings, evidence):
    version, base = catalogus_settings.newest, catalogus_settings.first_entry_base
    for amount in (-1, catalogus_settings.max_amount + 1):
        page = _page(catalogus, catalogus.read_catalog(version, base, amount, label=f"ReadCatalog Amount {amount}"))
        if not page.fault:
            raise Failure(f"Amount {amount} (declared max_amount {catalogus_settings.max_amount}) got "
                          f"{len(page.product_ids)} entries and no SOAP fault")


# -- versions ------------------------------------------------------------------------------------

@requirement("CAT-VER-01")
def test_records_come_in_the_version_asked(faces, catalogus, catalogus_settings, evidence):
    """For every declared version, SRU (recordSchema) and ReadCatalog (its endpoint) return that version."""
    wrong = []
    for version in catalogus_settings.versions:
        pages = []
        if "sru" in catalogus_settings.faces:
            pages.append(("SRU", catalogus.sru(schema=f"eckcs{version}", maximum=5, label=f"SRU eckcs{version}")))
        if "readcatalog" in catalogus_settings.faces:
            pages.append(("ReadCatalog", catalogus.read_catalog(version, catalogus_settings.first_entry_base, 5,
                                                                label=f"ReadCatalog {version}")))
        for face, exchange in pages:
            page = _page(catalogus, exchange)
            if not page.product_ids:
                wrong.append(f"{face} {version}: no records ({page.fault or '; '.join(page.diagnostics) or 'empty'})")
            elif page.namespaces != {namespace_of(version)}:
                wrong.append(f"{face} {version}: records in {', '.join(sorted(str(n) for n in page.namespaces))}")
    if wrong:
        raise Failure("records are not in the version asked: " + "; ".join(wrong))

