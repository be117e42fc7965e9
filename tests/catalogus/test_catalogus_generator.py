"""The synthetic catalogue: deterministic, index-addressable, streamed, and clean under every record rule."""

from __future__ import annotations

import types

import pytest

from conformance.standards.catalogus.validation import VERSIONS, ean13_ok, namespace_of, validate_document
from conformance.standards.catalogus.generator import entry_xml, iter_entries, product


def test_same_seed_same_catalogue_and_any_index_stands_alone():
    assert list(iter_entries(5, 50, "2.5.2")) == list(iter_entries(5, 50, "2.5.2"))
    assert list(iter_entries(5, 50, "2.5.2", start=30)) == list(iter_entries(5, 50, "2.5.2"))[30:]
    assert product(5, 7) != product(6, 7)


def test_entries_are_streamed_not_built_as_a_list():
    assert isinstance(iter_entries(1, 10**9, "2.3"), types.GeneratorType)


def test_product_ids_are_unique_ean13s_and_prices_are_cents():
    products = [product(3, i) for i in range(400)]
    ids = [p.product_id for p in products]
    assert len(set(ids)) == len(ids) and all(len(i) == 13 and ean13_ok(i) for i in ids)
    assert all(isinstance(p.amount_cents, int) and p.amount_cents > 0 for p in products)
    assert {p.vat for p in products} <= {"9.00", "21.00"}
    assert len({p.publisher for p in products}) > 3 and len({p.medium for p in products}) > 2


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_passes_every_rule_and_our_xsd(version):
    body = "".join(iter_entries(11, 200, version))
    doc = (f'<ReadCatalogResult xmlns="{namespace_of(version)}"><Entries>{body}</Entries>'
           "<numEntries>200</numEntries><firstEntry>0</firstEntry></ReadCatalogResult>").encode()
    assert validate_document(doc, schema=True) == []


def test_unknown_version_is_refused():
    with pytest.raises(ValueError):
        entry_xml(product(1, 1), "3.0")
