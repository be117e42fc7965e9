"""hPGN -> stampseudoniem -> ECK iD: the form per environment, stability, and dependence on keten and sector."""

from __future__ import annotations

import re

from conformance.errors import Failure
from conformance.harness import inapplicable, requirement
from conformance.standards.eckid import eckid_form_problems, short_eckid
from conformance.standards.eckid.checks import (
    HEX_LENGTH,
    STAMPSEUDONIEM_PILOT_PREFIX,
)

# Production stampseudoniemen are not published (eckid §2.1): any ketenid.nl/sp… segment other than the pilot one.
_STAMP = re.compile(rf"https://ketenid\.nl/sp(?P<segment>[a-z0-9]+)/[0-9a-f]{{{HEX_LENGTH}}}")


@requirement("ECKID-NV-STAMP-01")
def test_stampseudoniem_has_the_environments_form(pseudonyms, test_hpgns, eckid_settings, evidence):
    """The stampseudoniem is https://ketenid.nl/sppilot/ + 128 lower-case hex digits in pilot."""
    stamp = pseudonyms.stampseudoniem(evidence, test_hpgns[0])
    match = _STAMP.fullmatch(stamp)
    pilot = eckid_settings.omgeving == "pilot"
    if match is None or (match["segment"] == "pilot") != pilot:
        expected = (f"{STAMPSEUDONIEM_PILOT_PREFIX} and {HEX_LENGTH} lower-case hex digits" if pilot else
                    f"https://ketenid.nl/sp<segment>/ (not sppilot) and {HEX_LENGTH} lower-case hex digits")
        raise Failure(f"Received: a stampseudoniem of {len(stamp)} characters ending in …{stamp[-6:]}\n"
                      f"Expected: {expected}")


@requirement("ECKID-NV-STAMP-02")
def test_same_hpgn_same_stampseudoniem(pseudonyms, test_hpgns, evidence):
    """Asking twice for one hPGN gives the same stampseudoniem."""
    first = pseudonyms.stampseudoniem(evidence, test_hpgns[0])
    again = pseudonyms.stampseudoniem(evidence, test_hpgns[0], again=True)
    if first != again:
        raise Failure(f"one hPGN gave stampseudoniem …{first[-6:]} and then …{again[-6:]}")


@requirement("ECKID-NV-ID-01")
def test_eckid_has_the_environments_form(pseudonyms, test_hpgns, eckid_settings, evidence):
    """The ECK iD has the form of the NV's environment (pilot or 201703)."""
    stamp = pseudonyms.stampseudoniem(evidence, test_hpgns[0])
    eckid = pseudonyms.eckid(evidence, stamp)
    problems = eckid_form_problems(eckid, omgeving=eckid_settings.omgeving)
    if problems:
        raise Failure(f"the ECK iD {short_eckid(eckid)} is not a {eckid_settings.omgeving} ECK iD: "
                      + "; ".join(problems))


@requirement("ECKID-NV-ID-02")
def test_same_hpgn_same_eckid(pseudonyms, test_hpgns, evidence):
    """The same hPGN, keten and sector give the same ECK iD on a second round trip."""
    first = pseudonyms.eckid(evidence, pseudonyms.stampseudoniem(evidence, test_hpgns[0]))
    stamp_again = pseudonyms.stampseudoniem(evidence, test_hpgns[0], again=True)
    again = pseudonyms.eckid(evidence, stamp_again, again=True)
    if first != again:
        raise Failure(f"one hPGN gave ECK iD {short_eckid(first)} and then {short_eckid(again)}")


@requirement("ECKID-NV-ID-02")
def test_different_hpgns_different_eckids(pseudonyms, test_hpgns, evidence):
    """Two learners (two hPGNs) never share an ECK iD."""
    eckids = [pseudonyms.eckid(evidence, pseudonyms.stampseudoniem(evidence, h)) for h in test_hpgns]
    if eckids[0] == eckids[1]:
        raise Failure(f"two different hPGNs both got ECK iD {short_eckid(eckids[0])}")


def _differs(pseudonyms, test_hpgns, evidence, **other: str) -> None:  # type: ignore[no-untyped-def]
    stamp = pseudonyms.stampseudoniem(evidence, test_hpgns[0])
    here = pseudonyms.eckid(evidence, stamp)
    there = pseudonyms.eckid(evidence, stamp, **other)
    if here == there:
        what = "sector" if "sector" in other else "keten"
        raise Failure(f"one learner got the same ECK iD {short_eckid(here)} in two different {what}s")


@requirement("ECKID-NV-ID-03")
def test_other_sector_other_eckid(pseudonyms, test_hpgns, eckid_settings, evidence):
    """The same learner gets a different ECK iD in another sector."""
    if not eckid_settings.andere_sector:
        inapplicable("the candidate declares no andere_sector")
    _differs(pseudonyms, test_hpgns, evidence, sector=eckid_settings.andere_sector)


@requirement("ECKID-NV-ID-04")
def test_other_keten_other_eckid(pseudonyms, test_hpgns, eckid_settings, evidence):
    """The same learner gets a different ECK iD in another keten."""
    if not eckid_settings.andere_keten:
        inapplicable("the candidate declares no andere_keten")
    _differs(pseudonyms, test_hpgns, evidence, keten=eckid_settings.andere_keten)
