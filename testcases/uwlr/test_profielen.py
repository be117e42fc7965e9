"""Data minimisation: the Smalle set and the LVS-set carry what their profile allows, and only that."""

from __future__ import annotations

import pytest

from conformance.harness import requirement
from conformance.standards.uwlr import checks
from conformance.standards.uwlr.checks import require
from conformance.standards.uwlr.schemas import VERSIONS


@requirement("UWLR-PROF-01")
@pytest.mark.parametrize("versie", VERSIONS)
def test_smalle_set_bevat_geen_verboden_velden(answers, capabilities, evidence, versie):
    """A Smalle-set answer holds no BSN, sex, address or other field outside the profile."""
    answer = answers.get(evidence, versie=versie, profiel="smalle-set").answer()
    require(checks.smalle_set_zonder_verboden_velden, answer,
            answers.context(versie=versie, profiel="smalle-set"))


@requirement("UWLR-PROF-02")
@pytest.mark.parametrize("versie", VERSIONS)
def test_lvs_set_bevat_verplichte_velden(answers, evidence, versie):
    """An LVS-set answer gives every pupil the fields the profile makes mandatory."""
    answer = answers.get(evidence, versie=versie, profiel="lvs-set").answer()
    require(checks.lvs_set_verplichte_velden, answer, answers.context(versie=versie, profiel="lvs-set"))


@requirement("UWLR-PROF-04")
def test_lvs_set_23_zonder_voorletters_en_bsn_cijfers(answers, capabilities, evidence):
    """UWLR 2.3 removed voorletters-1 and bsn_ondwnr-4 from the LVS-set."""
    capabilities.versie("2.3")
    answer = answers.get(evidence, versie="2.3", profiel="lvs-set").answer()
    require(checks.lvs_set_23_zonder_vervallen_velden, answer, answers.context(versie="2.3", profiel="lvs-set"))
