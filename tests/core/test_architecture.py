"""Imports flow one way: cli → harness/report/probes/load → standards → edukoppeling/pki/synthetic/transport/xml → core
modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "conformance"

LAYERS = {
    "cli": 4,
    "__main__": 4,
    "harness": 3,
    "probes": 3,  # the security probes: scenario-test plumbing beside the harness, ending tests in cantTell
    "report": 3,
    "load": 3,  # `conformance load`: drives the references and writes through report, beside the harness
    "standards": 2,
    "edukoppeling": 1,  # a protocol library (WS-Security, addressing) on top of pki and xml, used by standards
    "pki": 1,
    "synthetic": 1,
    "transport": 1,
    "xml": 1,
}


def _layer(module: str) -> int:
    parts = module.split(".")
    if parts[0] != "conformance" or len(parts) == 1:
        return 0
    return LAYERS.get(parts[1], 0)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_upward_import(path):
    module = "conformance." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    own = _layer(module)
    upward = [name for name in _imports(path) if _layer(name) > own]
    assert upward == [], f"{module} (layer {own}) imports upward: {upward}"
