"""The harvest client, the `[catalogus]` settings and the CQL parser, apart from a full run."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.pki import ensure_loopback_pki
from conformance.pki.oin import oin_from_certificate
from conformance.standards.catalogus.cql import CqlError, parse
from conformance.standards.catalogus.generator import DEFAULT_SEED, product
import conformance.standards.catalogus.client as harvest_module
from conformance.standards.catalogus.client import CatalogueClient, FindingTally
from conformance.standards.catalogus.reference import PLANTED_EAN
from conformance.standards.catalogus.reference_server import start_reference
from conformance.standards.catalogus.settings import read_settings
from conformance.transport import HttpClient, TlsSettings


@pytest.fixture(scope="module")
def reference(state_dir: Path):
    running = start_reference(state_dir, [], size=450)
    yield running
    running.stop()


def _client(reference, state_dir: Path, **changes) -> CatalogueClient:  # type: ignore[no-untyped-def]
    settings = read_settings(Section(dict(reference.config, **changes), "catalogus", state_dir))
    pki = ensure_loopback_pki(state_dir / "pki")
    http = HttpClient(tls=TlsSettings(ca_bundle=pki.ca_bundle))
    return CatalogueClient(http, http, settings, pki.trust())


def test_full_harvests_of_both_faces_agree(reference, state_dir):
    client = _client(reference, state_dir, harvest_limit=0)
    sru = client.harvest_sru("2.5.2", FindingTally(5))
    rc = client.harvest_readcatalog("2.5.2", FindingTally(5))
    assert sru.total == 450 and len(sru.product_ids) == 450 and not sru.problems and not sru.broken
    assert rc.product_ids == sru.product_ids and not rc.problems and rc.pages == 6  # 5 pages, then the empty one
    assert len(sru.exchanges) == 2 and len(rc.exchanges) == 2  # first and last page only


def test_harvest_limit_stops_early_and_is_not_a_gap(reference, state_dir):
    client = _client(reference, state_dir, harvest_limit=150, page_size=50)
    sru = client.harvest_sru("2.3", FindingTally(5))
    rc = client.harvest_readcatalog("2.3", None)
    assert sru.limited and len(sru.product_ids) == 150 and not sru.problems
    assert rc.limited and rc.product_ids == sru.product_ids and not rc.problems


def test_findings_are_tallied_with_the_first_few_kept(state_dir):
    running = start_reference(state_dir, ["bad-ean-check-digit"], size=120)
    try:
        tally = FindingTally(1)
        _client(running, state_dir).harvest_sru("2.5.2", tally)
    finally:
        running.stop()
    good = product(DEFAULT_SEED, PLANTED_EAN).product_id
    spoilt = good[:12] + str((int(good[12]) + 1) % 10)
    assert tally.counts == {"CAT-REC-12": 1}
    assert f"ProductId {spoilt}" in tally.describe("CAT-REC-12")


def test_a_2w_be_s_harvest_judges_every_page_signature_within_a_size_bound(state_dir, monkeypatch):
    """Unsigned pages are named per page; a page above MAX_SIGNED_PAGE is counted, never parsed for its signature."""
    running = start_reference(state_dir, ["unsigned-answers"], size=120, profiel="2W-be-S")
    try:
        client = _client(running, state_dir, page_size=50)
        unsigned = client.harvest_readcatalog("2.5.2", None)
        monkeypatch.setattr(harvest_module, "MAX_SIGNED_PAGE", 1000)
        too_big = client.harvest_readcatalog("2.5.2", None)
    finally:
        running.stop()
    assert unsigned.pages == 4 and unsigned.unverified == 0
    assert len(unsigned.problems["CAT-SIG-01"]) == 4 and "firstEntry 50: " in unsigned.problems["CAT-SIG-01"][1]
    # The three pages of entries are above the lowered bound; only the small empty page is checked.
    assert too_big.unverified == 3 and [p[:16] for p in too_big.problems["CAT-SIG-01"]] == ["firstEntry 150: "]


@pytest.mark.parametrize("changes, field", [
    ({"faces": []}, "catalogus.faces"),
    ({"versions": ["9.9"]}, "catalogus.versions"),
    ({"first_entry_base": 2}, "catalogus.first_entry_base"),
    ({"page_size": 101}, "catalogus.page_size"),
    ({"max_amount": 10, "page_size": 50}, "catalogus.page_size"),
    ({"endpoints": {"sru": "ftp://x"}}, "catalogus.endpoints.sru"),
    ({"profiel": "2W-be-SE"}, "catalogus.profiel"),
    ({"client_cert": None}, "catalogus.client_cert"),
    ({"client_key": None}, "catalogus.client_key"),
    ({"client_cert": "client_key"}, "catalogus.client_cert"),  # a key where the certificate belongs
    ({"client_key": "client_cert"}, "catalogus.client_key"),  # 2W-be-S cannot sign with a certificate
    ({"client_cert": "missing.pem"}, "catalogus.client_cert"),
])
def test_settings_errors_name_the_field(reference, state_dir, changes, field):
    config = dict(reference.config)
    for key, value in changes.items():
        if value is None:
            del config[key]
        else:
            config[key] = config.get(value, value) if key.startswith("client_") else value
    with pytest.raises(ConfigError) as caught:
        read_settings(Section(config, "catalogus", state_dir))
    assert caught.value.field == field


def test_readcatalog_profile_and_sender(reference, state_dir):
    """2W-be is the default profile; the sender's OIN is that of the declared certificate; an SRU-only
    candidate needs no certificate."""
    config = dict(reference.config)
    del config["profiel"]
    settings = read_settings(Section(config, "catalogus", state_dir))
    assert settings.profiel == "2W-be" and not settings.signed
    assert settings.van_oin == oin_from_certificate(ensure_loopback_pki(state_dir / "pki").test_pki["client"].load())
    sru_only = {k: v for k, v in config.items() if not k.startswith("client_")}
    assert read_settings(Section(dict(sru_only, faces=["sru"]), "catalogus", state_dir)).van_oin is None


@pytest.mark.parametrize("query", ["cql.allRecords=1", 'ProductId == "9789000000005"', "(a=1 and b any \"x y\") or c",
                                   "dc.title =/relevant zoek", "rekenen"])
def test_cql_accepts(query):
    assert parse(query).clauses


@pytest.mark.parametrize("query", ["", "title=", '((Title = "rekenen" and', "a=1 )", '"open', "x and"])
def test_cql_refuses(query):
    with pytest.raises(CqlError):
        parse(query)


def test_a_sample_judges_the_records_of_one_page_and_never_the_paging(state_dir):
    """A sample of an older version is its first page: its records go to the tally under its face and version,
    while a page shorter than asked (which a harvest would report as CAT-SRU-02) is no problem of a sample."""
    running = start_reference(state_dir, ["ignores-maximum-records", "no-courses-in-2-3"], size=250)
    try:
        tally = FindingTally(5)
        client = _client(running, state_dir)
        sru, rc = client.sample("sru", "2.3", tally), client.sample("readcatalog", "2.3", tally)
    finally:
        running.stop()
    assert (sru.pages, len(sru.product_ids), rc.pages, len(rc.product_ids)) == (1, 10, 1, 100)
    assert not sru.problems and not rc.problems and not sru.broken and not rc.broken
    assert sru.source == "sru sample of version 2.3" and len(sru.exchanges) == 1
    assert tally.counts["CAT-REC-02"] == 110 and "CAT-SRU-02" not in tally.counts
    assert "- readcatalog sample of version 2.3, ProductId " not in tally.describe("CAT-REC-02")  # the first five
    assert tally.describe("CAT-REC-02").count("- sru sample of version 2.3, ProductId ") == 5
