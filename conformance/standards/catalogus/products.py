"""A catalogue's products as an ordering party sees them: which ProductIds it lists and whether each can be ordered.

Other standards order from the candidate's own catalogue through this module (ECK DT bestellen): `read_products`
fetches one small page through the catalogue client, `products_of_page` reads (ProductId, state) from any
page, and `generated_product` looks a ProductId up in the seeded synthetic catalogue (generator.py), so a
reference shop agrees with the reference catalogue without holding it.

Orderability is modelled (the spec lists the ProductState values, eck-dt §3.3, but not what they mean for an
order): `IsCatalogItem` false, "Niet meer leverbaar" and "Zal niet verschijnen" cannot be ordered; "Leverbaar" can;
the other states (limited, temporarily or not yet available) are left open and used by no test.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from lxml import etree

from conformance.standards.catalogus._model import version_of_namespace
from conformance.standards.catalogus.generator import product
from conformance.xml import parse_bytes

if TYPE_CHECKING:
    from conformance.standards.catalogus.client import CatalogueClient
    from conformance.transport import Exchange

__all__ = ["ORDERABLE", "NOT_ORDERABLE", "CatalogusProduct", "generated_product", "read_products",
           "products_of_page"]

#: ProductState values that make a product orderable, or not (modelled, see the module docstring).
ORDERABLE = frozenset({"Leverbaar"})
NOT_ORDERABLE = frozenset({"Niet meer leverbaar", "Zal niet verschijnen"})
#: A page is small: an ordering test needs a handful of products, not a harvest.
_MAX_PAGE_BYTES = 16 * 2**20


@dataclasses.dataclass(frozen=True)
class CatalogusProduct:
    """One product as the catalogue lists it: ProductId, ProductState and IsCatalogItem (None when absent)."""

    product_id: str
    state: str | None
    catalog_item: bool | None

    @property
    def orderable(self) -> bool | None:
        """True when it can be ordered, False when the catalogue says it cannot, None when the catalogue leaves
        it open."""
        if self.catalog_item is False or self.state in NOT_ORDERABLE:
            return False
        if self.state in ORDERABLE:
            return True
        return None


def _child_text(entry: etree._Element, local: str) -> str | None:
    child = entry.find(f"{{{etree.QName(entry).namespace}}}{local}")
    return None if child is None or child.text is None else child.text.strip()


def products_of_page(body: bytes) -> list[CatalogusProduct]:
    """The products of one SRU or ReadCatalog page, in page order; entries without a ProductId are skipped.

    Raises conformance.xml.XmlRejected when the page is not XML (or too large for a small page).
    """
    root = parse_bytes(body, max_bytes=_MAX_PAGE_BYTES)
    found = []
    for entry in root.iter("{*}Entry"):
        if version_of_namespace(etree.QName(entry).namespace) is None:
            continue
        product_id = _child_text(entry, "ProductId")
        if not product_id:
            continue
        item = _child_text(entry, "IsCatalogItem")
        found.append(CatalogusProduct(product_id, _child_text(entry, "ProductState"),
                                      None if item is None else item in ("true", "1")))
    return found


def read_products(client: CatalogueClient, *, how_many: int = 100,
                   label: str = "catalogue page for ordering") -> tuple[list[CatalogusProduct], Exchange]:
    """The first `how_many` products of the candidate's catalogue and the exchange that fetched them: through SRU
    when the candidate serves it, else ReadCatalog in its newest record version."""
    settings = client.settings
    if "sru" in settings.faces:
        exchange = client.sru(start=1, maximum=how_many, label=label)
    else:
        exchange = client.read_catalog(settings.newest, settings.first_entry_base, how_many, label=label)
    return products_of_page(exchange.response_body), exchange


def generated_product(seed: int, size: int, product_id: str) -> CatalogusProduct | None:
    """The product with this ProductId in the synthetic catalogue of `seed` with `size` products, None when that
    catalogue does not list it. The generator numbers its EANs 97890 + 7-digit index + check digit."""
    if len(product_id) != 13 or not product_id.isdigit() or not product_id.startswith("97890"):
        return None
    index = int(product_id[5:12])
    if index >= size:
        return None
    generated = product(seed, index)
    if generated.product_id != product_id:
        return None
    return CatalogusProduct(generated.product_id, generated.state, True)  # entry_xml always writes IsCatalogItem true
