"""The language rule holds: a public name in conformance/ is Dutch only where the Dutch is a term of docs/glossary.md.

A name is split into words (snake_case and CamelCase); runs of words that spell a glossary term are taken out, and any
word left that is on tests/core/dutch_words.txt fails the name. The word list is what our names held when the rule
was written; a new Dutch word belongs on it (or in the glossary, when the standards use it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "conformance"
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
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name) and _public(leaf.id):
                        found.append((leaf.id, f"{owner}{leaf.id}"))
    return found


def public_names(path: Path) -> list[tuple[str, str]]:
    """(name, where) for the module, its classes, functions, methods, their parameters and module/class names."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    found = [(path.stem, module)] if _public(path.stem) else []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return found + _body_names(tree.body, f"{module}:")


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
