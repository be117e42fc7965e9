"""The reference ordering client's named defects: each breaks exactly the requirements in `breaks`
(see reference.py)."""

from __future__ import annotations

from conformance.standards._plugin import Defect

__all__ = ["KLANT_DEFECTS"]

KLANT_DEFECTS: tuple[Defect, ...] = (
    Defect(name="klant-reuses-reference", breaks=("BEST-KLANT-01",),
           description="The reference ordering client places its third order with the requestReferenceId of its "
                       "second."),
    Defect(name="klant-new-reference-on-retry", breaks=("BEST-KLANT-02",),
           description="The reference ordering client retries an order whose answer was lost with a new "
                       "requestReferenceId, so the supplier makes it twice."),
    Defect(name="klant-orders-not-orderable", breaks=("BEST-KLANT-03",),
           description="The reference ordering client adds a product the catalogue lists as 'Niet meer leverbaar' "
                       "to its last order."),
    Defect(name="klant-resends-refused-line", breaks=("BEST-KLANT-04",),
           description="The reference ordering client ignores per-line faults and orders a refused line again, "
                       "unchanged, under a new requestReferenceId."),
    Defect(name="klant-cancels-after-activation", breaks=("BEST-KLANT-05",),
           description="The reference ordering client cancels orders without reading whether a licence was "
                       "activated."),
)
