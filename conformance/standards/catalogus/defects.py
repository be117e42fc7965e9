"""The reference catalogue's named defects: each breaks exactly the requirements listed in `breaks`."""

from __future__ import annotations

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import Defect
from conformance.standards._signers import signer_defects

__all__ = ["DEFECTS", "SERVER_DEFECTS"]

SERVER_DEFECTS: tuple[Defect, ...] = (
    Defect(name="page-gap", breaks=("CAT-RDC-01",),
           description="ReadCatalog skips one entry at every page border: a page that starts where a page of its "
                       "size ended starts one entry late."),
    Defect(name="duplicate-on-page-border", breaks=("CAT-SRU-01",),
           description="An SRU page after the first starts one record early, repeating the last record of the "
                       "page before (pages past the end stay empty)."),
    Defect(name="missing-prices-block", breaks=("CAT-PRC-03",),
           description="One catalogue item (IsCatalogItem true) of version 2.3 or later comes without Prices."),
    Defect(name="bad-ean-check-digit", breaks=("CAT-REC-12",),
           description="One product's 13-digit ProductId has a wrong EAN-13 check digit."),
    Defect(name="negative-licence-duration", breaks=("CAT-REC-10",),
           description="One product on the second page has LicenseDuration -P1Y: a licence that runs backwards."),
    Defect(name="ignores-maximum-records", breaks=("CAT-SRU-02",),
           description="SRU answers every page with the default 10 records, whatever maximumRecords (up to 100) asks."),
    Defect(name="oversized-page-served", breaks=("CAT-SRU-03",),
           description="maximumRecords above 100 is served as asked instead of getting a diagnostic."),
    Defect(name="invalid-cql-accepted", breaks=("CAT-SRU-04",),
           description="A query that is not CQL is answered with the whole catalogue instead of a diagnostic."),
    Defect(name="unknown-schema-served", breaks=("CAT-SRU-05",),
           description="An unsupported recordSchema is answered with records of the newest version."),
    Defect(name="no-courses-in-2-3", breaks=("CAT-REC-02", "CAT-XSD-01"),
           description="Records of version 2.3 come without Courses (2.5 records are unchanged). Our 2.3 XSD "
                       "requires Courses too, and the sample of an older version is its first page, which the XSD "
                       "judges, so CAT-XSD-01 fails beside CAT-REC-02."),
    Defect(name="wrong-namespace-for-version",
           breaks=("CAT-VER-01", "CAT-DOC-05", "CAT-DOC-07", "CAT-REC-04", "CAT-XSD-01"),
           description="Records of an older version are written in the namespace of the newest version, inside an "
                       "answer of the version asked. The older version's sample shows what else that breaks: "
                       "records of another version than their ReadCatalogResult (CAT-DOC-05) or their SRU "
                       "recordSchema (CAT-DOC-07), 2.3 fields such as Sectors in a 2.5.2 record (CAT-REC-04), and "
                       "records invalid against the 2.5.2 XSD (CAT-XSD-01)."),
    Defect(name="answers-in-newest-version", breaks=("CAT-VER-01",),
           description="A request for an older version (SRU recordSchema, ReadCatalog endpoint) is answered wholly "
                       "in the newest version: answer, recordSchema and records agree with each other, not with "
                       "the version asked."),
    Defect(name="next-record-position-never-ends", breaks=("CAT-SRU-07",),
           description="The last SRU page still carries a nextRecordPosition, pointing past the end."),
    Defect(name="first-entry-not-echoed", breaks=("CAT-DOC-08",),
           description="ReadCatalogResult/firstEntry always says the base instead of echoing the request."),
    Defect(name="amount-not-checked", breaks=("CAT-RDC-05",),
           description="A negative Amount gets an empty page and an oversized one a page of that size, no fault."),
    Defect(name="unsigned-answers", breaks=("CAT-SIG-01",),
           description="In 2W-be-S, ReadCatalog answers carry no WS-Security signature."),
    Defect(name="does-not-verify-signatures", breaks=("CAT-SIG-02",),  # SIG-03..07: not judged
           description="In 2W-be-S, ReadCatalog request signatures are not checked at all (replays are still "
                       "refused)."),
    *signer_defects("CAT-SIG-", 3),
)

#: `STANDARD.defects`: the reference catalogue's own and the security probes'.
DEFECTS: tuple[Defect, ...] = SERVER_DEFECTS + security_defects("CAT")
