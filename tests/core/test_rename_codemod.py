"""The English-names codemod rewrites identifiers only, never strings users depend on, and is idempotent."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]  # tools/ and tests/ are not packages
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


codemod = _load("rename_to_english", ROOT / "tools" / "rename_to_english.py")
naming = _load("naming_rule", ROOT / "tests" / "core" / "test_naming.py")

PLACE = ROOT / "conformance" / "standards" / "example.py"  # any module that defines none of the scoped names


def _rewrite(source: str, path: Path = PLACE) -> str:
    return codemod.rewrite(textwrap.dedent(source), path)[0]


def test_identifiers_are_renamed_and_strings_are_not():
    after = _rewrite('''
        from conformance.edukoppeling.afzender import Afzender, verpak
        __all__ = ["Afzender", "helper"]
        def helper(antwoord, *, ondertekenen=False):
            """Wraps the antwoord."""
            log("antwoord", f"{antwoord.tekst!r:>10} {{antwoord}}")
            return verpak(antwoord, ondertekenen=ondertekenen)
        ''')
    assert "from conformance.edukoppeling.sender import Sender, wrap" in after
    assert '__all__ = ["Sender", "helper"]' in after
    assert "def helper(answer, *, sign=False):" in after
    assert '"""Wraps the antwoord."""' in after and 'log("antwoord", ' in after
    assert 'f"{answer.tekst!r:>10} {{antwoord}}"' in after
    assert "return wrap(answer, sign=sign)" in after


def test_a_slice_or_comparison_in_an_fstring_field_is_part_of_its_expression():
    after = _rewrite('''
        def helper(antwoord):
            return f"{antwoord[:3]} {antwoord[1:]!r} {antwoord != 1} {antwoord!s:>4} {{antwoord}}"
        ''')
    assert 'f"{answer[:3]} {answer[1:]!r} {answer != 1} {answer!s:>4} {{antwoord}}"' in after


def test_moved_module_paths_in_strings_follow():
    after = _rewrite('monkeypatch.setattr("conformance.xml.antwoord.SoapAntwoord.x", 1)\n')
    assert after == 'monkeypatch.setattr("conformance.xml.answer.SoapAnswer.x", 1)\n'
    moved = _rewrite('x = "conformance.standards.catalogus.producten"\n')
    assert moved == 'x = "conformance.standards.catalogus.products"\n'


def test_one_dutch_name_for_two_things_renames_by_where_it_comes_from():
    bestellen = _rewrite("from conformance.standards.bestellen.client import Uitwisseling\nx: Uitwisseling\n")
    edukoppeling = _rewrite("from conformance.standards.edukoppeling.client import Uitwisseling\nx: Uitwisseling\n")
    assert bestellen.endswith("x: OrderExchange\n") and edukoppeling.endswith("x: ServiceExchange\n")


def test_a_called_name_and_a_field_of_the_same_word_rename_apart():
    after = _rewrite('''
        class Handshake:
            fout: str | None
        def check(exchange, shake, fout):
            exchange.fout("EDUK-WSA-01", "why")
            return Handshake(fout=shake.fout), fout
        ''')
    assert "    error: str | None" in after
    assert 'exchange.expect_fault("EDUK-WSA-01", "why")' in after
    assert "return Handshake(error=shake.error), fout" in after  # the bare local keeps its name


def test_fixture_and_argument_names_in_strings_follow_their_functions():
    after = _rewrite('''
        pytestmark = pytest.mark.usefixtures("ondertekend")
        @pytest.mark.parametrize("certificaat, label", [("expired", "x")])
        def test_x(certificaat, label): ...
        ''')
    assert 'usefixtures("signed")' in after and 'parametrize("certificate, label"' in after
    assert "def test_x(certificate, label)" in after


def test_running_twice_changes_nothing():
    once = _rewrite("from conformance.xml.antwoord import SoapAntwoord\nclass A(SoapAntwoord): ...\n")
    assert _rewrite(once) == once


def test_code_spans_follow_and_prose_stays():
    text = "The rule `codec.read_antwoord()` reads an antwoord; `brincode` stays.\n"
    assert codemod.rename_code_spans(text) == "The rule `codec.read_answer()` reads an antwoord; `brincode` stays.\n"
    after = _rewrite('''
        def wrap(body, ondertekenen):
            """`body` in an envelope, unsigned when `ondertekenen=False`; see `Ontvanger.ontvang` and `x.fout`."""
            return body  # what `Afzender.verpak` sends, in an antwoord
        ''')
    assert "unsigned when `sign=False`; see `Receiver.receive` and `x.error`." in after
    assert "# what `Sender.wrap` sends, in an antwoord" in after


def test_scenario_test_ids_and_check_ids_are_never_rename_sources():
    protected = codemod.protected_names()
    assert "jaargroep_waardelijst" in protected  # a UWLR rule id: failure messages start with it
    assert any(name.startswith("test_") for name in protected)
    assert not (set(codemod.NAMES) | set(codemod.CALLS) | set(codemod.FIELDS)) & protected


def test_overlapping_names_are_reported():
    source = "def f(gegevens, pupil_data):\n    return gegevens, pupil_data\n"
    notes = codemod.rewrite(source, PLACE)[1]
    assert any("gegevens -> pupil_data" in note for note in notes)


@pytest.mark.parametrize("old", sorted(set(codemod.NAMES) | {old for _, old in codemod.SCOPED}))
def test_every_new_name_keeps_the_language_rule(old):
    terms, dutch = naming.glossary_terms(), naming.dutch_words()
    for new in ({codemod.NAMES.get(old)} | {n for (_, o), n in codemod.SCOPED.items() if o == old}) - {None}:
        assert new.isidentifier() and new != old
        assert naming.foreign_words(new, terms, dutch) == [], new
