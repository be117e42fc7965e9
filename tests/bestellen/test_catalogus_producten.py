"""Which catalogue products an order may take (conformance/standards/catalogus/producten.py): read from a page,
and looked up in the seeded catalogue the demo references share."""

from __future__ import annotations

import pytest

from conformance.standards.bestellen.reference import demo_settings
from conformance.standards.catalogus.generator import DEFAULT_SEED, entry_xml, product
from conformance.standards.catalogus.products import (
    CatalogusProduct,
    generated_product,
    products_of_page,
)
from conformance.xml import XmlRejected


def _page(*entries: str) -> bytes:
    records = "".join(f"<record><recordData>{e}</recordData></record>" for e in entries)
    return (f'<searchRetrieveResponse xmlns="http://www.loc.gov/zing/srw/"><records>{records}</records>'
            f"</searchRetrieveResponse>").encode()


def test_a_page_gives_product_ids_with_their_orderability():
    leverbaar, nog_niet = product(DEFAULT_SEED, 0), product(DEFAULT_SEED, 1)
    assert (leverbaar.state, nog_niet.state) == ("Leverbaar", "Nog niet leverbaar")
    niet_meer = next(p for p in (product(DEFAULT_SEED, i) for i in range(100)) if p.state == "Niet meer leverbaar")
    geen_item = entry_xml(product(DEFAULT_SEED, 2), "2.3").replace("<IsCatalogItem>true", "<IsCatalogItem>false")
    vreemd = '<Entry xmlns="urn:other"><ProductId>9789000000999</ProductId></Entry>'
    found = products_of_page(_page(entry_xml(leverbaar, "2.5.2"), entry_xml(nog_niet, "2.5.2"),
                                       entry_xml(niet_meer, "2.3"), geen_item, vreemd))
    assert [(p.product_id, p.orderable) for p in found] == [
        (leverbaar.product_id, True), (nog_niet.product_id, None), (niet_meer.product_id, False),
        (product(DEFAULT_SEED, 2).product_id, False)]


def test_a_page_that_is_not_xml_is_refused():
    with pytest.raises(XmlRejected):
        products_of_page(b"<html><body>Service unavailable")


@pytest.mark.parametrize("product_id", ["9789999999991", "9789000000006", "97890000000", "9789000200009"])
def test_the_seeded_catalogue_does_not_list_foreign_ids(product_id):
    """Another prefix, a wrong check digit, too short, an index beyond the catalogue's size."""
    assert generated_product(DEFAULT_SEED, 20_000, product_id) is None


def test_the_seeded_catalogue_lists_its_products_with_their_state():
    p = product(DEFAULT_SEED, 1)
    assert generated_product(DEFAULT_SEED, 20_000, p.product_id) == CatalogusProduct(p.product_id, p.state, True)


def test_the_demo_shop_sells_from_the_reference_catalogue():
    reference_settings = demo_settings()
    assert reference_settings.producten and all(reference_settings.product(ean).orderable for ean in reference_settings.producten)
    assert reference_settings.product(product(DEFAULT_SEED, 1).product_id).state == "Nog niet leverbaar"
    assert reference_settings.product("9789999999991") is None
