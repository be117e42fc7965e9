"""The reference client's named defects: each breaks exactly the requirements in `breaks` (see reference.py)."""

from __future__ import annotations

from conformance.standards._plugin import Defect

__all__ = ["EA_DEFECTS"]

EA_DEFECTS: tuple[Defect, ...] = (
    Defect(name="ea-request-fields-out-of-order", breaks=("UWLR-EA-01",),
           description="The reference client's last fetch puts gegevenssetid before xsdversie, against the XSD's order."),
    Defect(name="ea-klantcode-of-another-party", breaks=("UWLR-EA-02",),
           description="The reference client sends a klantcode the LAS issued to another party."),
    Defect(name="ea-xsdversie-not-declared", breaks=("UWLR-EA-03",),
           description="The reference client declares UWLR 2.3 but names xsdversie 2.2 in its requests."),
    Defect(name="ea-asks-another-data-set", breaks=("UWLR-EA-04",),
           description="The reference client declares the Smalle set but asks for the LVS-set's gegevenssetid."),
    Defect(name="ea-fetches-everything-every-time", breaks=("UWLR-EA-05",),
           description="The reference client never sends laatstontvangengegevens, so every fetch gets all data."),
    Defect(name="ea-repeats-client-fault-at-once", breaks=("UWLR-EA-06",),
           description="The reference client sends a request refused with a Client.* fault again at once, unchanged."),
    Defect(name="ea-polls-too-often", breaks=("UWLR-EA-07",),
           description="The reference client fetches again 0.02 s after each answer, below the LAS's minimum interval."),
    Defect(name="ea-no-back-off-on-server-fault", breaks=("UWLR-EA-08",),
           description="The reference client calls again at once after a Server.* fault."),
    Defect(name="ea-pupils-before-structure", breaks=("UWLR-EA-09",),
           description="The reference client (getrapt) asks HaalLeerlingen before its first HaalStructuur."),
    Defect(name="ea-results-for-unknown-pupil", breaks=("UWLR-EA-10",),
           description="The reference client pushes a result for a leerlingid the LAS never delivered."),
    Defect(name="ea-results-without-eckid", breaks=("UWLR-EA-11",),
           description="The reference client (UWLR 2.3) pushes results with the LAS key only, leaving out ECK iDs."),
    Defect(name="ea-score-out-of-range", breaks=("UWLR-EA-12",),
           description="The reference client pushes a score above the highest eindnormwaarde of its toets's normering."),
    Defect(name="ea-no-back-off-when-unreachable", breaks=("UWLR-EA-13",),
           description="The reference client calls again at once when the LAS closed the connection without an "
                       "answer."),
)
