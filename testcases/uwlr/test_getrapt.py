"""Getrapte overdracht agrees with alles-in-één: same groups, pupils and teachers."""

from __future__ import annotations

from conformance.errors import Failure
from conformance.harness import capability, not_exercised, prerequisite, requirement
from conformance.standards.uwlr.codec import LG, GroupSelection


def _require_same(name: str, expected: set[str], found: set[str]) -> None:
    missing, extra = sorted(expected - found), sorted(found - expected)
    if missing or extra:
        raise Failure(f"{name} differ from the alles-in-één answer: {len(missing)} missing "
                      f"{missing[:5]}, {len(extra)} extra {extra[:5]}")


@requirement("UWLR-GTR-01")
@prerequisite("UWLR-LOG-01")
@capability("HaalLeerlinggegevens", "HaalStructuur")
def test_structuur_geeft_dezelfde_groepen(answers, getrapt_alles, evidence):
    """HaalStructuur lists the same groups as the alles-in-één answer."""
    alles = answers.get(evidence).answer()
    structuur = getrapt_alles(evidence, "HaalStructuur").answer()
    _require_same("groups", set(alles.groepen), set(structuur.groepen))


@requirement("UWLR-GTR-02")
@prerequisite("UWLR-LOG-01", "UWLR-ID-06")
@capability("HaalLeerlinggegevens", "HaalStructuur", "HaalLeerlingen")
def test_leerlingen_gelijk_aan_alles_in_een(answers, getrapt_alles, evidence):
    """HaalLeerlingen for every group gives the same pupils, with the same ECK iDs."""
    alles = answers.get(evidence).answer()
    getrapt = getrapt_alles(evidence, "HaalLeerlingen").answer()
    _require_same("pupils", set(alles.leerlingen), set(getrapt.leerlingen))
    differing = [k for k, el in alles.leerlingen.items() if getrapt.leerlingen[k].get("eckid") != el.get("eckid")]
    assert not differing, f"{len(differing)} pupils carry another ECK iD in the getrapt answer, e.g. {differing[:3]}"


@requirement("UWLR-GTR-03")
@prerequisite("UWLR-LOG-01")
@capability("HaalLeerlinggegevens", "HaalStructuur", "HaalLeerkrachten")
def test_leerkrachten_gelijk_aan_alles_in_een(answers, getrapt_alles, evidence):
    """HaalLeerkrachten for every group gives the same teachers."""
    alles = answers.get(evidence).answer()
    getrapt = getrapt_alles(evidence, "HaalLeerkrachten").answer()
    in_groepen = {k for k, el in alles.leerkrachten.items() if el.find(f"{{{LG}}}groepen") is not None}
    _require_same("teachers (with a group)", in_groepen, set(getrapt.leerkrachten))


@requirement("UWLR-GTR-04")
@prerequisite("UWLR-LOG-01", "UWLR-ID-02")
@capability("HaalLeerlinggegevens", "HaalLeerlingen")
def test_leerlingen_van_een_groep(answers, uwlr, evidence):
    """HaalLeerlingen for one stamgroep gives exactly that group's pupils."""
    alles = answers.get(evidence).answer()
    stamgroepen = [k for k, kind in alles.groepen.items() if kind == "groep"]
    if not stamgroepen:
        not_exercised("the alles-in-één answer holds no stamgroep to ask for")
    groep = stamgroepen[0]
    expected = {k for k, el in alles.leerlingen.items()
                if (ref := el.find(f"{{{LG}}}groep")) is not None and ref.get("key") == groep}
    answer = uwlr.send("HaalLeerlingen", uwlr.verzoek("HaalLeerlingen", groepen=[GroupSelection(groep)]),
                         label=f"HaalLeerlingen for groep {groep}").answer()
    _require_same(f"pupils of groep {groep}", expected, set(answer.leerlingen))


@requirement("UWLR-GTR-05")
@prerequisite("UWLR-LOG-01")
@capability("HaalLeerlinggegevens", "HaalLeerlingen")
def test_groep_zonder_key_geeft_leerlingen_zonder_groep(answers, uwlr, evidence):
    """A samengestelde_groep without key asks for pupils in no samengestelde groep; only those come back."""
    alles = answers.get(evidence).answer()
    without_group = {k for k, el in alles.leerlingen.items() if el.find(f"{{{LG}}}samengestelde_groepen") is None}
    answer = uwlr.send("HaalLeerlingen",
                         uwlr.verzoek("HaalLeerlingen", groepen=[GroupSelection(None, composed=True)]),
                         label="HaalLeerlingen for pupils in no samengestelde groep").answer()
    if not without_group:
        assert answer.uitzondering == "geengegevens", f"Received: {answer.uitzondering}; expected geengegevens"
        return
    _require_same("pupils without samengestelde groep", without_group, set(answer.leerlingen))


@requirement("UWLR-GTR-06")
@capability("HaalStructuur")
def test_getrapt_met_foute_sleutel_geeft_autorisatie_fout(uwlr, evidence):
    """HaalStructuur with a wrong autorisatiesleutel gets Client.AutorisatieOngeldig."""
    uwlr.send("HaalStructuur", uwlr.verzoek("HaalStructuur"), header=uwlr.header(autorisatiesleutel="fout-sleutel"),
              label="HaalStructuur with a wrong key").expect_fault("Client.AutorisatieOngeldig")
