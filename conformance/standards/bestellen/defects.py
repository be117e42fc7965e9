"""The reference ordering service's named defects: each breaks exactly the requirements listed in `breaks`."""

from __future__ import annotations

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import Defect
from conformance.standards._signers import signer_defects
from conformance.standards.bestellen.client_judge.defects import KLANT_DEFECTS

__all__ = ["DEFECTS", "SERVER_DEFECTS"]

SERVER_DEFECTS: tuple[Defect, ...] = (
    Defect(name="duplicate-processing-of-repeated-reference", breaks=("BEST-IDEM-01", "BEST-IDEM-03"),
           description="A repeated requestReferenceId with the same content is processed again: a second order."),
    Defect(name="cancel-after-activation", breaks=("BEST-CAN-02",),
           description="An order can still be cancelled after one of its licences was activated."),
    Defect(name="licences-leak-across-schools", breaks=("BEST-AUTH-03",),
           description="Reading licences for one school returns those of every school of the ordering party."),
    Defect(name="partial-success-reported-as-total-failure", breaks=("BEST-ORD-06",),
           description="An order with a faulty line is reported rejected as a whole, although its good lines were "
                       "stored."),
    Defect(name="unknown-ean-accepted", breaks=("BEST-ORD-02",),
           description="Any productId is accepted, sold or not."),
    Defect(name="invalid-eckid-accepted", breaks=("BEST-ORD-03",),
           description="ECK iDs are not checked: any string gets a person licence."),
    Defect(name="non-positive-quantity-accepted", breaks=("BEST-ORD-04",),
           description="A quantity of 0 or less is accepted (and gives no licences)."),
    Defect(name="line-limit-ignored", breaks=("BEST-ORD-05",),
           description="Orders of more than 100 lines are accepted."),
    Defect(name="partial-write-on-malformed", breaks=("BEST-ORD-08",),
           description="Lines are stored as they are read, so a malformed later line leaves the earlier ones behind."),
    Defect(name="foreign-school-order-accepted", breaks=("BEST-AUTH-01",),
           description="Orders are accepted for any school, whichever party's certificate sent them."),
    Defect(name="block-not-visible", breaks=("BEST-LIC-03",),
           description="blockLicences answers Blocked but does not store it: the next read shows the old state."),
    Defect(name="reference-reuse-accepted", breaks=("BEST-IDEM-02",),
           description="A reused requestReferenceId with other content is processed as a new order."),
    Defect(name="reference-not-echoed", breaks=("BEST-ORD-01",),
           description="The order answer carries the orderId where the request's requestReferenceId belongs."),
    Defect(name="order-read-without-licences", breaks=("BEST-ORD-07",),
           description="readOrder reports the lines without their licences."),
    Defect(name="cancel-leaves-licences-usable", breaks=("BEST-CAN-01",),
           description="Cancelled lines read as Cancelled, but their licences stay usable (NotActive)."),
    Defect(name="foreign-licences-readable", breaks=("BEST-AUTH-02",),
           description="Reading the licences of another party's school is answered (empty) instead of refused."),
    Defect(name="eckid-read-stops-at-first-licence", breaks=("BEST-LIC-02",),
           description="Reading by ECK iD returns only the first person licence of that ECK iD."),
    Defect(name="licence-reports-wrong-product", breaks=("BEST-LIC-01",),
           description="Licences are read back with a garbled productId."),
    Defect(name="returned-licence-activatable", breaks=("BEST-LIC-04",),
           description="A returned licence can be activated again."),
    Defect(name="activation-not-visible", breaks=("BEST-LIC-05",),  # BEST-CAN-02: not judged
           description="activateLicences answers Active but does not store it, so the licence stays NotActive and "
                       "the order can still be cancelled."),
    Defect(name="no-relates-to", breaks=("BEST-MSG-01",),
           description="Answers lack wsa:RelatesTo, so a client cannot tie an answer to its request."),
    Defect(name="old-start-date-accepted", breaks=("BEST-ORD-09",),
           description="An order line's startDate is not checked: a start date however far in the past gets licences."),
    Defect(name="not-orderable-product-accepted", breaks=("BEST-ORD-10",),
           description="Products the catalogue lists as no longer or never available are sold like any other."),
    Defect(name="answer-off-schema", breaks=("BEST-MSG-02",),
           description="Order answers carry an element the message schema does not allow (b:remark); the values "
                       "are right, so only a schema check sees it."),
    Defect(name="unsigned-answers", breaks=("BEST-SIG-01",),
           description="In 2W-be-S, answers carry no WS-Security signature (the Edukoppeling receiver's "
                       "versoepeling)."),
    Defect(name="does-not-verify-signatures", breaks=("BEST-SIG-02",),  # SIG-03..07: not judged
           description="In 2W-be-S, request signatures are not checked: an unsigned or tampered order is processed."),
    *signer_defects("BEST-SIG-", 3),
)

#: `STANDARD.defects`: the reference supplier's own, its ordering client's (`[bestellen.klant]`) and the
#: security probes'.
DEFECTS: tuple[Defect, ...] = SERVER_DEFECTS + KLANT_DEFECTS + security_defects("BEST")
