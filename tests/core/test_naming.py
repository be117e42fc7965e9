"""The language rule holds: a name we give is Dutch only where the Dutch is a term of docs/glossary.md.

A name is split into words (snake_case and CamelCase); runs of words that spell a glossary term are taken out, and any
word left that is on tests/core/dutch_words.txt fails the name. The word list is what our names held when the rule
was written; a new Dutch word belongs on it (or in the glossary, when the standards use it).

Checked: the public names of conformance/, and every name defined in testcases/ and tests/ (private ones too: they
are read there as much as public ones). Scenario-test functions (`test*`), `Test*` classes and test module names are
exempt: they make the scenario-test ids users keep in results and expected-failure files, so they never change (the
project's own tests/ follow the same shape). Local variables are not checked."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "conformance"
TESTCASES = ROOT / "testcases"
TEST_SIDE = [path for path in sorted((ROOT / "tests").rglob("*.py")) if path.name != "__init__.py"]
GLOSSARY = ROOT / "docs" / "glossary.md"
DUTCH_WORDS = Path(__file__).with_name("dutch_words.txt")


def _key(text: str) -> str:
    return text.replace("_", "").replace("-", "").lower()


def glossary_terms() -> set[str]:
    """The first cell of every glossary table row, in backticks: `term`."""
    terms = set()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([^`]+)`\s*\|", line)
        if match:
            terms.add(_key(match.group(1)))
    return terms


def dutch_words() -> set[str]:
    return {line.split("#")[0].strip().lower() for line in DUTCH_WORDS.read_text(encoding="utf-8").splitlines()} - {""}


def words(name: str) -> list[str]:
    found = []
    for part in name.split("_"):
        found += re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", part)
    return [word.lower() for word in found]


def foreign_words(name: str, terms: set[str], dutch: set[str]) -> list[str]:
    """The Dutch words of name outside every glossary term (longest term first at each position)."""
    parts, left, i = words(name), [], 0
    while i < len(parts):
        span = next((j for j in range(len(parts), i, -1) if "".join(parts[i:j]) in terms), None)
        if span is None:
            if parts[i] in dutch:
                left.append(parts[i])
            i += 1
        else:
            i = span
    return left


def _public(name: str) -> bool:
    return not name.startswith("_")


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = node.args
    named = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
    return [a.arg for a in named if a.arg not in ("self", "cls")]


def _assigned(node: ast.Assign | ast.AnnAssign, owner: str) -> list[tuple[str, str]]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return [(leaf.id, f"{owner}{leaf.id}") for target in targets for leaf in ast.walk(target)
            if isinstance(leaf, ast.Name)]


def _body_names(body: list[ast.stmt], owner: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _public(node.name):
            found.append((node.name, f"{owner}{node.name}()"))
            found += [(arg, f"{owner}{node.name}({arg})") for arg in _parameters(node)]
        elif isinstance(node, ast.ClassDef) and _public(node.name):
            found.append((node.name, f"{owner}{node.name}"))
            found += _body_names(node.body, f"{owner}{node.name}.")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            found += [(name, where) for name, where in _assigned(node, owner) if _public(name)]
    return found


def public_names(path: Path) -> list[tuple[str, str]]:
    """(name, where) for the module, its classes, functions, methods, their parameters and module/class names."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    found = [(path.stem, module)] if _public(path.stem) else []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return found + _body_names(tree.body, f"{module}:")


def _test_id(name: str) -> bool:
    """A name pytest collects as a scenario test: part of a scenario-test id."""
    return name.startswith(("test", "Test"))


def _parametrized(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The argument names a test's @pytest.mark.parametrize defines."""
    found = []
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "parametrize" \
                and decorator.args and isinstance(decorator.args[0], ast.Constant) \
                and isinstance(decorator.args[0].value, str):
            found += [arg.strip() for arg in decorator.args[0].value.split(",") if arg.strip()]
    return found


def _function_names(node: ast.FunctionDef | ast.AsyncFunctionDef, owner: str) -> list[tuple[str, str]]:
    """A helper or fixture, its parameters and the helpers nested in it; of a test only its parametrize names."""
    where = f"{owner}{node.name}"
    found = [(arg, f"{where}[{arg}]") for arg in _parametrized(node)]
    if not _test_id(node.name):
        found += [(node.name, f"{where}()")] + [(arg, f"{where}({arg})") for arg in _parameters(node)]
    for inner in ast.walk(node):
        if inner is not node and isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += [(inner.name, f"{where}.{inner.name}()")]
            found += [(arg, f"{where}.{inner.name}({arg})") for arg in _parameters(inner)]
        elif inner is not node and isinstance(inner, ast.ClassDef):
            found.append((inner.name, f"{where}.{inner.name}"))
    return found


def _defined_names(body: list[ast.stmt], owner: str) -> list[tuple[str, str]]:
    """Every name a test-side module defines (module and class level), scenario-test names left out."""
    found: list[tuple[str, str]] = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found += _function_names(node, owner)
        elif isinstance(node, ast.ClassDef):
            if not _test_id(node.name):
                found.append((node.name, f"{owner}{node.name}"))
            found += _defined_names(node.body, f"{owner}{node.name}.")
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            found += _assigned(node, owner)
    return found


def defined_names(path: Path) -> list[tuple[str, str]]:
    """(name, where) for a module of testcases/ or a test helper: its name unless it is a test module, then what
    it defines."""
    module = path.relative_to(ROOT).as_posix()
    found = [] if path.stem.startswith("test_") or path.stem == "conftest" else [(path.stem, module)]
    return found + _defined_names(ast.parse(path.read_text(encoding="utf-8")).body, f"{module}:")


def test_splitting_and_glossary_terms():
    terms, dutch = {"haalleerlinggegevens", "brincode"}, {"haal", "lees", "leerlinggegevens", "tabel"}
    assert words("HaalLeerlinggegevens_read") == ["haal", "leerlinggegevens", "read"]
    assert foreign_words("HaalLeerlinggegevens", terms, dutch) == []
    assert foreign_words("read_brincode", terms, dutch) == []
    assert foreign_words("lees_tabel", terms, dutch) == ["lees", "tabel"]
    assert foreign_words("leerlinggegevens", terms, dutch) == ["leerlinggegevens"]


def test_glossary_and_word_list_are_readable():
    assert {"leerlinggegevens", "autorisatiesleutel", "stampseudoniem", "haalleerlinggegevens"} <= glossary_terms()
    assert "uitwisseling" in dutch_words() and "uitwisseling" not in glossary_terms()


def test_public_names_follow_the_language_rule():
    terms, dutch = glossary_terms(), dutch_words()
    offending = [f"{where}: {', '.join(left)}" for path in sorted(PACKAGE.rglob("*.py"))
                 for name, where in public_names(path) if (left := foreign_words(name, terms, dutch))]
    assert offending == [], ("Dutch outside the glossary (docs/glossary.md; README 'Layout'):\n  "
                             + "\n  ".join(offending))


def test_names_defined_on_the_test_side_are_found_and_ids_left_out():
    source = ('import pytest\nLIMIET = 3\n\nclass Antwoorden:\n    def haal(self, velden): ...\n\n'
              '@pytest.fixture\ndef antwoorden(uwlr):\n    def stuur(verzoek): ...\n    return stuur\n\n'
              '@pytest.mark.parametrize("geval, x", [])\ndef test_fout_geeft_fout(geval, x, antwoorden):\n'
              '    uitwisseling = 1\n\nclass TestGroep:\n    def test_een(self): ...\n    def _lees(self): ...\n')
    found = dict(_defined_names(ast.parse(source).body, "m.py:"))
    assert set(found) == {"LIMIET", "Antwoorden", "haal", "velden", "antwoorden", "uwlr", "stuur", "verzoek",
                          "geval", "x", "_lees"}
    assert found["geval"] == "m.py:test_fout_geeft_fout[geval]" and found["stuur"] == "m.py:antwoorden.stuur()"


@pytest.mark.parametrize("path", sorted(TESTCASES.rglob("*.py")) + TEST_SIDE,
                         ids=lambda path: path.relative_to(ROOT).as_posix())
def test_test_side_names_follow_the_language_rule(path):
    terms, dutch = glossary_terms(), dutch_words()
    offending = [f"{where}: {', '.join(left)}" for name, where in defined_names(path)
                 if (left := foreign_words(name, terms, dutch))]
    assert offending == [], (f"Dutch outside the glossary in {path.relative_to(ROOT)} (docs/glossary.md; README "
                             "'Layout'; scenario-test functions and modules are exempt):\n  " + "\n  ".join(offending))
