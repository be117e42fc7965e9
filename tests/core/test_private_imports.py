"""A `_private` module belongs to its package: code outside that package imports the package's public names.

White-box tests that patch a private module's internals are listed, each with the attribute it patches, so the
list cannot grow unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(path for folder in ("conformance", "testcases", "tests", "bench")
                 for path in (ROOT / folder).rglob("*.py"))

#: (importing file, private module): tests that monkeypatch one attribute of the private module they name.
WHITE_BOX = {
    ("tests/cli/test_cli.py", "conformance.xml._schema"),  # xmlschema_errors
    ("tests/core/test_dual_validation.py", "conformance.xml._schema"),  # xmlschema_errors
    ("tests/harness/test_dual_validation_runs.py", "conformance.xml._schema"),  # xmlschema_errors
    ("tests/catalogus/test_catalogus_stream.py", "conformance.standards.catalogus._documents"),  # check_record
    ("tests/catalogus/test_catalogus_stream.py", "conformance.standards.catalogus._stream"),  # iter_findings
    ("tests/report/test_body_budget.py", "conformance.report._data"),  # RUN_BODY_BUDGET
    ("tests/probes/test_probes.py", "conformance.standards._flaws"),  # _without_dtd, the flawed servers' parser
}


def _package_of(path: Path) -> tuple[str, ...]:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return parts[:-1]


def private_module(name: str) -> tuple[tuple[str, ...], str] | None:
    """The package owning the first `_private` segment of a dotted import, and that module's name."""
    segments = name.split(".")
    for index, segment in enumerate(segments):
        if segment.startswith("_") and not segment.startswith("__"):
            return tuple(segments[:index]), ".".join(segments[:index + 1])
    return None


def foreign_private_imports(path: Path) -> list[str]:
    """Private modules of another package that `path` imports."""
    own = _package_of(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import _mod` names a private module too; a private function of a public module does not
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names
                                     if (ROOT / node.module.replace(".", "/") / f"{alias.name}.py").exists()]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            owned = private_module(name)
            if owned and owned[0][:1] == ("conformance",) and own[:len(owned[0])] != owned[0]:
                found.append(owned[1])
    relative = path.relative_to(ROOT).as_posix()
    return sorted({module for module in found if (relative, module) not in WHITE_BOX})


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_import_of_another_packages_private_module(path):
    assert foreign_private_imports(path) == [], "import the package's public names instead"


def test_the_rule_sees_both_import_forms(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "conformance" / "harness").mkdir(parents=True)
    (tmp_path / "conformance" / "harness" / "_runner.py").write_text("")
    (tmp_path / "conformance" / "cli").mkdir()
    inside = tmp_path / "conformance" / "harness" / "fixtures.py"
    outside = tmp_path / "conformance" / "cli" / "run.py"
    inside.write_text("from conformance.harness._runner import run_suite\n")
    outside.write_text("from conformance.harness._runner import run_suite\nfrom conformance.harness import _runner\n"
                       "import conformance.harness._runner\nfrom conformance.cli.inspect import _collect_tests\n")
    assert foreign_private_imports(inside) == []
    assert foreign_private_imports(outside) == ["conformance.harness._runner"]


def test_every_white_box_entry_is_still_needed():
    stale = [entry for entry in WHITE_BOX
             if entry[1] not in _imports_without_allowance(ROOT / entry[0])]
    assert stale == []


def _imports_without_allowance(path: Path) -> list[str]:
    saved = set(WHITE_BOX)
    WHITE_BOX.clear()
    try:
        return foreign_private_imports(path)
    finally:
        WHITE_BOX.update(saved)
