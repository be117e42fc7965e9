"""Our own UWLR WSDL/XSD: rendered files match their templates, compile, and describe §1.4's services."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import zeep
from lxml import etree

from conformance.paths import wsdl_dir

UWLR = wsdl_dir() / "uwlr"


def _render():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("uwlr_render", UWLR / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render()


def test_checked_in_files_are_what_the_templates_render():
    stale = [str(path.relative_to(UWLR)) for path, text in _render().items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    assert stale == [], "run: python wsdl/uwlr/render.py"


@pytest.mark.parametrize("path", sorted(UWLR.glob("2.*/*.xsd")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_schema_compiles(path: Path):
    etree.XMLSchema(etree.parse(str(path)))


@pytest.mark.parametrize("versie", ["2.2", "2.3"])
def test_wsdl_operations_and_soapactions(versie):
    actions = {}
    for name in ("uwlr-leerlinggegevens.wsdl", "uwlr-leerresultaten.wsdl"):
        client = zeep.Client(str(UWLR / versie / name))
        for service in client.wsdl.services.values():
            for port in service.ports.values():
                for op_name, op in port.binding._operations.items():
                    actions[op_name] = op.soapaction
    lg = "http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens"
    assert actions == {
        "HaalLeerlinggegevens": "HaalLeerlinggegevens",
        "HaalStructuur": f"{lg}/structuur_verzoek",
        "HaalLeerlingen": f"{lg}/leerlingen_verzoek",
        "HaalLeerkrachten": f"{lg}/leerkrachten_verzoek",
        "BrengLeerresultaten": "BrengLeerresultaten",
    }
