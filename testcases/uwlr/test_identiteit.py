"""Keys, group references and ECK iDs hold together within an answer and across answers."""

from __future__ import annotations

import pytest

from conformance.errors import Failure
from conformance.harness import cant_tell, not_exercised, requirement
from conformance.standards.eckid import short_eckid
from conformance.standards.uwlr import checks
from conformance.standards.uwlr.checks import require
from conformance.standards.uwlr.codec import LG


def _leerlingen_present(answer) -> None:  # type: ignore[no-untyped-def]
    """An answer without pupils is no test data at all: that stays cantTell, never 'not exercised'."""
    if not answer.leerlingen:
        cant_tell("the answer holds no pupils to judge: the test school needs pupils")


def _eckids_present(answer) -> None:  # type: ignore[no-untyped-def]
    """@eckid is optional on pupils and teachers: the ECK iD rules judge only what is there."""
    _leerlingen_present(answer)
    if not any(el.get("eckid") for el in (*answer.leerlingen.values(), *answer.leerkrachten.values())):
        not_exercised("no pupil or teacher in the answer carries an ECK iD (@eckid is optional)")


@requirement("UWLR-ID-01")
def test_sleutels_zijn_uniek(answers, evidence):
    """Keys of pupils, teachers and groups are unique within the answer."""
    require(checks.sleutels_uniek, answers.get(evidence).answer(), answers.context())


@requirement("UWLR-ID-02")
def test_leerling_verwijst_alleen_naar_aanwezige_groepen(answers, evidence):
    """Every group a pupil refers to is present in groepen of the same message."""
    answer = answers.get(evidence).answer()
    _leerlingen_present(answer)
    if not any(el.find(f"{{{LG}}}groep") is not None or el.find(f"{{{LG}}}samengestelde_groepen") is not None
               for el in answer.leerlingen.values()):
        not_exercised("no pupil in the answer refers to a group")
    require(checks.leerling_groepen_aanwezig, answer, answers.context())


@requirement("UWLR-ID-03")
def test_leerkracht_verwijst_alleen_naar_aanwezige_groepen(answers, evidence):
    """Every group a teacher refers to is present in groepen of the same message."""
    answer = answers.get(evidence).answer()
    if not any(el.find(f"{{{LG}}}groepen") is not None for el in answer.leerkrachten.values()):
        not_exercised("no teacher in the answer refers to a group (leerkrachten and their groepen are optional)")
    require(checks.leerkracht_groepen_aanwezig, answer, answers.context())


@requirement("UWLR-ID-04")
def test_eckids_zijn_uniek(answers, evidence):
    """No two pupils and no two teachers share an ECK iD."""
    answer = answers.get(evidence).answer()
    _eckids_present(answer)
    require(checks.eckids_uniek, answer, answers.context())


@requirement("UWLR-ID-05")
def test_eckids_hebben_de_vorm_van_de_omgeving(answers, evidence):
    """Every ECK iD has the form of the declared environment."""
    answer = answers.get(evidence).answer()
    _eckids_present(answer)
    require(checks.eckid_vorm, answer, answers.context())


@requirement("UWLR-ID-06")
def test_eckid_is_stabiel_over_verzoeken(uwlr, answers, evidence):
    """A second request gives every pupil the same ECK iD as the first."""
    first = answers.get(evidence).answer()
    _leerlingen_present(first)
    if not any(el.get("eckid") for el in first.leerlingen.values()):
        not_exercised("no pupil in the answer carries an ECK iD (@eckid is optional)")
    second = uwlr.send("HaalLeerlinggegevens", uwlr.verzoek("HaalLeerlinggegevens"),
                       label="HaalLeerlinggegevens (second time)").answer()
    pairs = [(key, el.get("eckid"), second.leerlingen[key].get("eckid"))
             for key, el in first.leerlingen.items() if key in second.leerlingen and el.get("eckid")]
    if not pairs:
        cant_tell("no pupil with an ECK iD appears in both answers")
    changed = [(key, a, b) for key, a, b in pairs if a != b]
    if changed:
        shown = "\n".join(f"- leerling {key}: {short_eckid(a)} then {short_eckid(b or '')}" for key, a, b in changed[:5])
        raise Failure(f"{len(changed)} of {len(pairs)} pupils got another ECK iD in the second answer:\n{shown}")


@requirement("UWLR-ID-07")
def test_uwlr_23_identificeert_leerling_met_eckid_of_sleutel(answers, capabilities, evidence):
    """In 2.3 every pupil carries an ECK iD or, lacking one, its LAS key."""
    capabilities.versie("2.3")
    answer = answers.get(evidence, versie="2.3").answer()
    require(checks.eckid_is_uitwisselsleutel, answer, answers.context(versie="2.3"))


@requirement("UWLR-ID-01")
@pytest.mark.parametrize("profiel", ["smalle-set", "lvs-set"])
def test_profielantwoord_heeft_unieke_sleutels(answers, evidence, profiel):
    """The profile answers keep keys unique as well."""
    answer = answers.get(evidence, profiel=profiel).answer()
    require(checks.sleutels_uniek, answer, answers.context(profiel=profiel))


@requirement("UWLR-ID-04")
@pytest.mark.parametrize("profiel", ["smalle-set", "lvs-set"])
def test_profielantwoord_heeft_unieke_eckids(answers, evidence, profiel):
    """The profile answers keep ECK iDs unique as well."""
    answer = answers.get(evidence, profiel=profiel).answer()
    _eckids_present(answer)
    require(checks.eckids_uniek, answer, answers.context(profiel=profiel))
