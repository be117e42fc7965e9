"""The reference NV's named defects: each breaks exactly the requirements listed in `breaks`."""

from __future__ import annotations

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import Defect
from conformance.standards._signers import SELF_SIGNED_ANSWERS, SIGNER_PROBES, signer_defects
from conformance.standards.eckid.client_judge.defects import LAS_DEFECTS

__all__ = ["DEFECTS", "SERVER_DEFECTS", "RELAXATIONS"]

SERVER_DEFECTS: tuple[Defect, ...] = (
    Defect(name="wsa-not-required", breaks=("ECKID-NV-WSA-01",),
           description="Requests without WS-Addressing headers (or without the OIN in wsa:From) are served."),
    Defect(name="no-relates-to", breaks=("ECKID-NV-WSA-02",),
           description="Answers carry no WS-Addressing headers, so no wsa:RelatesTo ties them to the request."),
    Defect(name="malformed-hpgn-accepted", breaks=("ECKID-NV-FLT-01",),
           description="Any string is accepted as hPGN (a raw PGN, upper case, wrong length) and gets a stampseudoniem."),
    Defect(name="unknown-stampseudonym-accepted", breaks=("ECKID-NV-FLT-02",),
           description="retrieveEckId derives an ECK iD from any well-formed stampseudoniem, issued or not."),
    Defect(name="unknown-chain-accepted", breaks=("ECKID-NV-FLT-03",),
           description="An unknown chainId is accepted (single and batch), as if every keten were valid."),
    Defect(name="sector-ignored", breaks=("ECKID-NV-ID-03",),
           description="The ECK iD does not depend on the sector: one learner has one ECK iD in every sector."),
    Defect(name="production-eckid-in-pilot", breaks=("ECKID-NV-ID-01",),
           description="The pilot NV issues ECK iDs in the production form https://ketenid.nl/201703/…."),
    Defect(name="batch-indices-renumbered", breaks=("ECKID-NV-BATCH-01", "ECKID-NV-BATCH-04"),
           description="Batch results are numbered 1, 2, 3 … instead of echoing the submitted indices."),
    Defect(name="batch-ready-immediately", breaks=("ECKID-NV-BATCH-02",),
           description="retrieveBatch never answers NotFinishedException: a batch is ready the moment it is submitted."),
    Defect(name="batch-fetchable-twice", breaks=("ECKID-NV-BATCH-03",),
           description="A batch result can be retrieved again after it was delivered."),
    Defect(name="ignores-daily-batch-limit", breaks=("ECKID-NV-BATCH-05",),
           description="Batch submissions beyond the daily limit are accepted."),
    Defect(name="eckid-changes-after-replace", breaks=("ECKID-NV-REPL-01",),  # REPL-02: not judged
           description="replaceStampseudonym gives the new hPGN a fresh stampseudoniem, so the learner's ECK iD changes."),
    Defect(name="replace-not-transitive", breaks=("ECKID-NV-REPL-02",),
           description="A replacement takes the old hPGN's own stampseudoniem, ignoring an earlier replacement of it."),
    Defect(name="unsigned-answers", breaks=("ECKID-NV-SIG-01",),
           description="In 2W-be-S, answers carry no WS-Security signature."),
    Defect(name="does-not-verify-signatures",
           breaks=("ECKID-NV-SIG-02",),  # SIG-03..07: not judged
           description="In 2W-be-S, request signatures are not checked: unsigned or tampered requests are served."),
    *signer_defects("ECKID-NV-SIG-", 3),
)

#: `STANDARD.defects`: the reference NV's own, its LAS's (`[eckid.las]`) and the security probes'.
DEFECTS: tuple[Defect, ...] = SERVER_DEFECTS + LAS_DEFECTS + security_defects("ECKID-NV")

#: Defects made by switching off a check of the shared Edukoppeling receiver: defect -> Ontvanger versoepeling.
RELAXATIONS: dict[str, str] = {
    "wsa-not-required": "accepts-missing-addressing",
    "unsigned-answers": "unsigned-answers",
    "does-not-verify-signatures": "does-not-verify-signatures",
    **{name: name for name, _ in SIGNER_PROBES.values()},
    SELF_SIGNED_ANSWERS: SELF_SIGNED_ANSWERS,
}
