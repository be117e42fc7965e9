"""Every plug-in has the same parts under the same names (CONTRIBUTING.md, "Adding a standard"), so a newcomer who
knows one standard finds their way in every other; a missing part fails here, naming the file it belongs in."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from conformance.standards import all_standards

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT / "conformance" / "standards"

#: The modules of `conformance/standards/<std>/` and what each holds.
PARTS = {
    "settings": "reads the standard's config table whole (`read_settings`)",
    "codec": "builds and reads the standard's messages",
    "client": "calls a candidate through conformance.transport",
    "checks": "the rules that judge what came back, reporting conformance.findings.Finding",
    "reference": "the conformant implementation (its app)",
    "reference_server": "serves the reference on loopback (`start_reference`)",
    "defects": "the named ways to break the reference; `DEFECTS` is the standard's whole list",
}
#: The files of `conformance/standards/<std>/` besides its modules.
FILES = {
    "requirements.csv": "the requirement catalogue",
    "config-template.toml": "the standard's commented table for `conformance init`",
}
#: The modules of `conformance/standards/<std>/client_judge/`, where the suite plays the server to judge a client.
CLIENT_JUDGE_PARTS = {
    "settings": "reads the client's sub-table",
    "defects": "the reference client's named defects",
    "judge": "the judging server that records the client's calls",
    "verdicts": "a verdict per requirement from what the judge recorded",
    "reference": "the reference client, started beside the reference server",
}
#: The standards that also judge a client (`[uwlr.ea]`, `[eckid.las]`, `[bestellen.klant]`).
JUDGING = [name for name in sorted(all_standards()) if (STANDARDS / name / "client_judge").is_dir()]


def _has_module(folder: Path, name: str) -> bool:
    return (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file()


def _missing(folder: Path, parts: dict[str, str], root: Path = ROOT) -> list[str]:
    rel = folder.relative_to(root).as_posix()
    return [f"{rel}/{name}.py: {what}" for name, what in parts.items() if not _has_module(folder, name)]


def test_a_missing_part_is_named_with_the_file_it_belongs_in(tmp_path: Path) -> None:
    folder = tmp_path / "conformance" / "standards" / "new"
    (folder / "client_judge").mkdir(parents=True)
    for name in ("settings.py", "client_judge/__init__.py", "client_judge/judge.py"):
        (folder / name).write_text("")
    (folder / "checks").mkdir()
    (folder / "checks" / "__init__.py").write_text("")  # a part may be a package
    missing = _missing(folder, PARTS, tmp_path)
    assert "conformance/standards/new/codec.py: builds and reads the standard's messages" in missing
    assert not [line for line in missing if line.startswith(("conformance/standards/new/settings.py",
                                                             "conformance/standards/new/checks.py"))]
    assert len(missing) == len(PARTS) - 2
    judge = [line.split(":")[0] for line in _missing(folder / "client_judge", CLIENT_JUDGE_PARTS, tmp_path)]
    assert judge == [f"conformance/standards/new/client_judge/{name}.py"
                     for name in ("settings", "defects", "verdicts", "reference")]


@pytest.mark.parametrize("name", sorted(all_standards()))
def test_every_part_is_present(name: str) -> None:
    folder = STANDARDS / name
    missing = _missing(folder, PARTS)
    missing += [f"{folder.relative_to(ROOT).as_posix()}/{file}: {what}" for file, what in FILES.items()
                if not (folder / file).is_file()]
    missing += [f"{top}/{name}/: the {what}" for top, what in (("testcases", "scenario tests"),
                                                               ("tests", "project's proof of the reference"))
                if not (ROOT / top / name).is_dir()]
    assert not missing, f"the plug-in {name} lacks a part of the contract:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", sorted(all_standards()))
def test_the_parts_export_what_the_contract_names(name: str) -> None:
    standard = all_standards()[name]
    package = f"conformance.standards.{name}"
    defects = importlib.import_module(f"{package}.defects")
    assert getattr(defects, "DEFECTS", None) == standard.defects, (
        f"{package}.defects.DEFECTS must be the standard's whole defect list (its own, its client judge's and "
        f"security_defects(...)), as STANDARD.defects takes it")
    assert callable(getattr(importlib.import_module(f"{package}.settings"), "read_settings", None)), (
        f"{package}.settings lacks read_settings(section), the reader of its config table")
    assert callable(getattr(importlib.import_module(f"{package}.reference_server"), "start_reference", None)), (
        f"{package}.reference_server lacks start_reference(state_dir, defects, **options)")


@pytest.mark.parametrize("name", sorted(all_standards()))
def test_the_package_init_is_the_declaration_only(name: str) -> None:
    """No wrappers or logic of its own: what `STANDARD` names lives in the parts, so every `__init__` reads alike."""
    init = STANDARDS / name / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    defined = [node.name for node in tree.body
               if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
    assert not defined, (f"{init.relative_to(ROOT)} defines {', '.join(defined)}: move each into the part it "
                         f"belongs to ({', '.join(PARTS)}) and name it in STANDARD")


@pytest.mark.parametrize("name", JUDGING)
def test_a_client_judge_has_its_parts(name: str) -> None:
    missing = _missing(STANDARDS / name / "client_judge", CLIENT_JUDGE_PARTS)
    assert not missing, f"the client judge of {name} lacks a part:\n" + "\n".join(missing)
