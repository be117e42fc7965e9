"""The AVAIL catalogue and the load defects: one catalogue of its own beside the standards' plug-ins.

Availability at the start of the school year is an agreement of the afsprakenstelsel across every standard, so
its rules live once here (standard name `load`) instead of as rows appended to each standard's catalogue: a
standard stays a plug-in that knows nothing of load, and `conformance run` never shows AVAIL rows it cannot test.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from conformance.requirements import RequirementCatalogue, load_catalogue
from conformance.standards import Defect

__all__ = ["CATALOGUE_PATH", "LOAD_DEFECTS", "LOAD_STANDARD", "load_catalogue_of_avail"]

LOAD_STANDARD = "load"
CATALOGUE_PATH = Path(__file__).with_name("requirements.csv")

#: Defects of the references that show only under concurrency (applied by conformance.load.defects); each breaks
#: exactly one AVAIL requirement with the demo's service levels.
LOAD_DEFECTS: tuple[Defect, ...] = (
    Defect(name="slows-under-concurrency", breaks=("AVAIL-01",),
           description="With two or more requests in flight, one answer in eight waits 1.5 s before it is sent."),
    Defect(name="server-faults-under-load", breaks=("AVAIL-02",),
           description="With two or more requests in flight, one request in four gets a SOAP Server fault "
                       "(HTTP 500) instead of its answer."),
    Defect(name="one-at-a-time", breaks=("AVAIL-03",),
           description="Requests are served one after the other, each taking at least 100 ms: answers stay within "
                       "the latency levels of a few users, but the throughput stays at 10 requests per second."),
    Defect(name="other-school-under-load", breaks=("AVAIL-04",),
           description="With two or more requests in flight, an answer names another school's BRIN code than "
                       "the one asked for."),
    Defect(name="repeat-ordered-again-under-load", breaks=("AVAIL-04",),
           description="With two or more requests in flight, the supplier answers a repeated order (a "
                       "requestReferenceId it answered before) as a new order with another orderId, instead of "
                       "sending its first confirmation again."),
)


@cache
def load_catalogue_of_avail() -> RequirementCatalogue:
    """The AVAIL-* requirements, read and checked like every standard's catalogue."""
    return load_catalogue(LOAD_STANDARD, CATALOGUE_PATH)
