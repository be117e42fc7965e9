"""replaceStampseudonym: the learner keeps the stampseudoniem and ECK iD, also across a chain of replacements.

Replacements are permanent at the NV, so every test uses fresh random hPGNs.
"""

from __future__ import annotations

import datetime as dt
import secrets

from conformance.errors import Failure
from conformance.harness import prerequisite, requirement
from conformance.standards.eckid import short_eckid


def _stamp(nv, hpgn: str, label: str) -> str:  # type: ignore[no-untyped-def]
    return nv.send("retrieveStampseudonym", hpgn=hpgn, label=label).value("stampseudonym")


def _replace(nv, old: str, new: str, label: str, **extra: str) -> str:  # type: ignore[no-untyped-def]
    return nv.send("replaceStampseudonym", hpgnOld=old, hpgnNew=new, label=label, **extra) \
        .value("stampseudonym")


def _eckid(nv, settings, stamp: str) -> str:  # type: ignore[no-untyped-def]
    return nv.send("retrieveEckId", stampseudonym=stamp, chainId=settings.keten, sectorId=settings.sector) \
        .value("eckId")


def _same(found: str, expected: str, what: str) -> None:
    if found != expected:
        raise Failure(f"{what}: …{found[-6:]}, expected the original …{expected[-6:]}")


@requirement("ECKID-NV-REPL-01")
def test_replacement_keeps_stampseudoniem_and_eckid(nv, eckid_settings, evidence):
    """After replacing O by N, N resolves to O's stampseudoniem and so to O's ECK iD."""
    old, new = secrets.token_hex(32), secrets.token_hex(32)
    original = _stamp(nv, old, "retrieveStampseudonym, old hPGN")
    original_eckid = _eckid(nv, eckid_settings, original)
    _same(_replace(nv, old, new, "replaceStampseudonym old -> new"), original,
          "replaceStampseudonym returned")
    after = _stamp(nv, new, "retrieveStampseudonym, new hPGN")
    _same(after, original, "the new hPGN resolves to")
    eckid = _eckid(nv, eckid_settings, after)
    if eckid != original_eckid:
        raise Failure(f"the learner's ECK iD changed from {short_eckid(original_eckid)} to {short_eckid(eckid)}")


@requirement("ECKID-NV-REPL-02")
@prerequisite("ECKID-NV-REPL-01")
def test_replacements_chain(nv, evidence):
    """After replacing O by I and I by N, N resolves to O's original stampseudoniem."""
    old, middle, new = (secrets.token_hex(32) for _ in range(3))
    original = _stamp(nv, old, "retrieveStampseudonym, original hPGN")
    _replace(nv, old, middle, "replaceStampseudonym original -> intermediate")
    _same(_replace(nv, middle, new, "replaceStampseudonym intermediate -> newest"), original,
          "the second replaceStampseudonym returned")
    _same(_stamp(nv, new, "retrieveStampseudonym, newest hPGN"), original, "the newest hPGN resolves to")


@requirement("ECKID-NV-REPL-03")
def test_future_replacement_waits(nv, evidence):
    """With an effectiveDate a year ahead, the new hPGN keeps its own stampseudoniem for now."""
    old, new = secrets.token_hex(32), secrets.token_hex(32)
    own = _stamp(nv, new, "retrieveStampseudonym, new hPGN before the replacement")
    _stamp(nv, old, "retrieveStampseudonym, old hPGN")
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(days=365)).replace(microsecond=0)
    _replace(nv, old, new, "replaceStampseudonym effective in a year",
             effectiveDate=later.isoformat().replace("+00:00", "Z"))
    found = _stamp(nv, new, "retrieveStampseudonym, new hPGN after the future replacement")
    if found != own:
        raise Failure(f"the new hPGN already resolves to …{found[-6:]} instead of its own …{own[-6:]}")
