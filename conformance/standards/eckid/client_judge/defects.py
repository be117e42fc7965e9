"""The reference LAS's named defects: each breaks exactly the requirements in `breaks` (see reference.py)."""

from __future__ import annotations

from conformance.standards._plugin import Defect

__all__ = ["LAS_DEFECTS", "SHOULD_DEFECTS"]

LAS_DEFECTS: tuple[Defect, ...] = (
    Defect(name="las-hpgn-not-lowercased", breaks=("ECKID-HASH-02",),
           description="The reference LAS hashes the PGN as given, without lower-casing it first."),
    Defect(name="las-pre-2016-scrypt", breaks=("ECKID-HASH-01",),
           description="The reference LAS still hashes with the scrypt parameters of before May 2016 (N=16384, p=1)."),
    Defect(name="las-salt-not-decoded", breaks=("ECKID-HASH-03",),
           description="The reference LAS uses the salt's base64 text as the scrypt salt instead of its bytes."),
    Defect(name="las-hpgn-upper-case-hex", breaks=("ECKID-HASH-04",),
           description="The reference LAS sends its hPGNs in upper-case hexadecimal."),
    Defect(name="las-from-without-school-oin", breaks=("ECKID-LAS-01",),
           description="The reference LAS puts its own (vendor) OIN in wsa:From instead of the school's."),
    Defect(name="las-wrong-client-certificate", breaks=("ECKID-LAS-02",),
           description="The reference LAS presents a certificate of a vendor the school did not declare."),
    Defect(name="las-batch-fetched-twice", breaks=("ECKID-LAS-03",),
           description="The reference LAS asks for a batch result again after it was delivered."),
    Defect(name="las-pgn-in-header", breaks=("ECKID-LAS-05",),
           description="The reference LAS adds a SOAP header of its own carrying the first pupil's PGN, for tracing."),
)
#: Defects of SHOULD requirements only: a run stays conformant, so they are not among the standard's defects
#: (whose proof expects a not-conformant run); tests/eckid/test_las_verdicts.py proves them.
SHOULD_DEFECTS: tuple[Defect, ...] = (
    Defect(name="las-polls-without-back-off", breaks=("ECKID-LAS-04",),
           description="The reference LAS polls an unfinished batch again almost at once."),
    Defect(name="las-leading-zeros-dropped", breaks=("ECKID-HASH-05",),
           description="The reference LAS stores PGNs as numbers, so a PGN's leading zeros are lost before hashing."),
)
