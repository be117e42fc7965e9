"""A schema pack for UWLR replaces our own XSD in UWLR-XSD-01: the pack's schema is the one applied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from conformance.errors import ConfigError
from conformance.harness import load_pack, run_demo, write_manifest
from conformance.outcomes import Outcome
from conformance.paths import wsdl_dir
from conformance.standards.uwlr.codec import LG

XS = "http://www.w3.org/2001/XMLSchema"
XSD_01 = "uwlr-berichten-alles_in_een_valideert_tegen_schema"


def _own_pack(target: Path) -> Path:
    """Our own UWLR 2.2 files as a pack, as a certification body would lay them out."""
    target.mkdir()
    for path in (wsdl_dir() / "uwlr" / "2.2").iterdir():
        if path.suffix in (".xsd", ".wsdl"):
            shutil.copy(path, target)
    return target


def _stricter(pack: Path) -> None:
    """Require an attribute on leerlinggegevens_antwoord that no answer carries."""
    path = pack / "uwlr-leerlinggegevens.xsd"
    tree = etree.parse(str(path))
    complex_type = tree.find(f"{{{XS}}}element[@name='leerlinggegevens_antwoord']/{{{XS}}}complexType")
    assert complex_type is not None
    etree.SubElement(complex_type, f"{{{XS}}}attribute", name="alleen-in-het-pakket", use="required")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _xsd01(pack: Path, tmp: Path) -> dict[str, tuple[Outcome, str]]:
    outcome = run_demo(["uwlr"], output_dir=None, config_path=tmp / "candidate.toml", quiet=True,
                       select=[XSD_01], schema_pack=pack)
    assert outcome.result is not None, f"no result (pytest exit {outcome.pytest_exit})"
    found = {t.id.rsplit("[", 1)[-1].rstrip("]"): (t.outcome, t.message) for t in outcome.result.tests
             if XSD_01 in t.id}
    assert set(found) == {"2.2", "2.3"}
    return found


def test_the_pack_of_our_own_files_picks_the_full_schema_over_the_profile_schemas(tmp_path):
    pack = _own_pack(tmp_path / "pack")
    write_manifest(pack, standard="uwlr", name="eigen", version="2.2")
    assert load_pack(pack).schema_file(LG) == "uwlr-leerlinggegevens.xsd"


def test_a_stricter_pack_schema_is_the_one_applied_and_named(tmp_path, state_dir):
    pack = _own_pack(tmp_path / "pack")
    _stricter(pack)
    write_manifest(pack, standard="uwlr", name="strikt", version="2.2")
    found = _xsd01(pack, tmp_path)
    outcome, message = found["2.2"]
    assert outcome is Outcome.FAILED
    assert "alleen-in-het-pakket" in message and "uwlr-leerlinggegevens.xsd of the schema pack strikt 2.2" in message
    assert found["2.3"][0] is Outcome.PASSED  # the pack is for 2.2; 2.3 keeps our own schema


def test_a_pack_whose_schema_does_not_compile_is_refused_before_any_test(tmp_path):
    pack = _own_pack(tmp_path / "pack")
    path = pack / "uwlr-leerlinggegevens.xsd"
    path.write_text(path.read_text(encoding="utf-8").replace('type="', 'type="onbekend:', 1), encoding="utf-8")
    write_manifest(pack, standard="uwlr", name="kapot", version="2.2")
    with pytest.raises(ConfigError, match="uwlr-leerlinggegevens.xsd: the schema does not compile"):
        load_pack(pack)


def test_an_import_from_outside_the_pack_is_refused(tmp_path):
    pack = _own_pack(tmp_path / "pack")
    outside = tmp_path / "elders.xsd"
    shutil.copy(pack / "uwlr-autorisatie.xsd", outside)
    path = pack / "uwlr-leerlinggegevens.xsd"
    tree = etree.parse(str(path))
    root = tree.getroot()
    root.insert(0, etree.Element(f"{{{XS}}}import", namespace="urn:elders", schemaLocation="../elders.xsd"))
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    write_manifest(pack, standard="uwlr", name="lek", version="2.2")
    with pytest.raises(ConfigError, match="not a file of the pack"):
        load_pack(pack)


def test_our_reference_answers_validate_against_the_official_uwlr_22_schema(tmp_path, state_dir, shared_reference):
    """Cross-check: with the published UWLR 2.2 XSD/WSDL as the pack, the reference LAS's answer breaks only the
    published schooljaar enumeration, which ends at 2024-2025 (a known gap our own XSD replaces by a pattern)."""
    pack = tmp_path / "official"
    shutil.copytree(shared_reference("uwlr-2.2"), pack)
    write_manifest(pack, standard="uwlr", name="UWLR", version="2.2")
    outcome, message = _xsd01(pack, tmp_path)["2.2"]
    errors = [line for line in message.splitlines() if line.startswith("- ")]
    assert outcome is Outcome.FAILED and errors, message
    assert all("schooljaar" in line and "2024-2025" in line for line in errors), message
