"""A certification body's own WSDL/XSD pack: refused with exit 2 unless it is intact and fits; recorded when used."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import tomli_w
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.config import load_config
from conformance.errors import ConfigError
from conformance.harness import load_pack, run_demo, write_manifest
from conformance.paths import wsdl_dir
from conformance.standards import all_standards

runner = CliRunner()
OURS = wsdl_dir() / "eck-dt" / "bestellen"


def _pack(tmp_path: Path, **manifest: object) -> Path:
    """Our own bestellen WSDL/XSD as a pack, with a manifest naming every file's SHA-256."""
    pack = tmp_path / "pack"
    pack.mkdir()
    for name in ("bestellen.xsd", "bestellen.wsdl"):
        shutil.copy(OURS / name, pack / name)
    write_manifest(pack, standard="bestellen", name="ECK DT bestellen (test)", version="1.0")
    if manifest:
        raw = {**_manifest(pack), **manifest}
        (pack / "manifest.toml").write_text(tomli_w.dumps(raw), encoding="utf-8")
    return pack


def _manifest(pack: Path) -> dict:
    import tomllib

    return tomllib.loads((pack / "manifest.toml").read_text(encoding="utf-8"))


def _rehash(pack: Path, name: str) -> None:
    raw = _manifest(pack)
    raw["files"][name] = hashlib.sha256((pack / name).read_bytes()).hexdigest()
    (pack / "manifest.toml").write_text(tomli_w.dumps(raw), encoding="utf-8")


def _refused(pack: Path) -> str:
    """Run the CLI with the pack; it must stop with exit 2 before any test runs and say why on one line."""
    result = runner.invoke(app, ["run", "--demo", "--standard", "bestellen", "--schemas", str(pack),
                                 "--output", str(pack.parent / "out")])
    assert result.exit_code == 2, result.output
    assert not (pack.parent / "out").exists()
    assert "schema pack refused" in result.output
    return " ".join(result.output.split())


def test_a_pack_of_our_own_files_is_accepted(tmp_path):
    pack = load_pack(_pack(tmp_path))
    assert pack.standard == "bestellen" and pack.version == "1.0"
    assert set(pack.files) == {"bestellen.xsd", "bestellen.wsdl"}
    assert pack.files["bestellen.xsd"] == hashlib.sha256((OURS / "bestellen.xsd").read_bytes()).hexdigest()


def test_bestellen_declares_what_its_codec_needs():
    needs = all_standards()["bestellen"].schema_needs
    assert ("urn:conformance:eck-dt:bestellen:modelled:v1", "placeOrderRequest") in needs
    assert len(needs) == 17


def test_a_changed_file_is_refused(tmp_path):
    pack = _pack(tmp_path)
    with (pack / "bestellen.xsd").open("a", encoding="utf-8") as handle:
        handle.write("<!-- edited -->\n")
    message = _refused(pack)
    assert "bestellen.xsd" in message and "SHA-256 differs" in message


def test_a_missing_file_is_refused(tmp_path):
    pack = _pack(tmp_path)
    (pack / "bestellen.wsdl").unlink()
    message = _refused(pack)
    assert "bestellen.wsdl" in message and "missing" in message


def test_an_unlisted_schema_file_is_refused(tmp_path):
    pack = _pack(tmp_path)
    (pack / "extra.xsd").write_text("<x/>", encoding="utf-8")
    message = _refused(pack)
    assert "extra.xsd" in message and "not listed" in message


def test_an_unknown_standard_is_refused(tmp_path):
    message = _refused(_pack(tmp_path, standard="bestellingen"))
    assert "unknown standard 'bestellingen'" in message


@pytest.mark.parametrize("text", ["standard = ", '{"standard": "bestellen"}', 'standard = "bestellen"\n'])
def test_a_malformed_manifest_is_refused(tmp_path, text):
    pack = _pack(tmp_path)
    (pack / "manifest.toml").write_text(text, encoding="utf-8")
    message = _refused(pack)
    assert "manifest.toml" in message


def test_a_manifest_with_a_bad_digest_is_refused(tmp_path):
    message = _refused(_pack(tmp_path, files={"bestellen.xsd": "abc"}))
    assert "files.bestellen.xsd is not a SHA-256" in message


def test_an_xsd_with_a_dtd_is_refused(tmp_path):
    pack = _pack(tmp_path)
    xsd = (pack / "bestellen.xsd").read_text(encoding="utf-8")
    body = xsd.split("?>", 1)[1] if xsd.startswith("<?xml") else xsd
    (pack / "bestellen.xsd").write_text('<!DOCTYPE x [<!ENTITY boom "boom">]>' + body, encoding="utf-8")
    _rehash(pack, "bestellen.xsd")
    message = _refused(pack)
    assert "bestellen.xsd" in message and "DOCTYPE" in message


def test_a_pack_without_a_needed_element_is_refused(tmp_path):
    pack = _pack(tmp_path)
    xsd = (pack / "bestellen.xsd").read_text(encoding="utf-8")
    assert '<xs:element name="cancelOrderResponse" type="b:orderAnswer"/>' in xsd
    (pack / "bestellen.xsd").write_text(xsd.replace('<xs:element name="cancelOrderResponse" type="b:orderAnswer"/>',
                                                    ""), encoding="utf-8")
    _rehash(pack, "bestellen.xsd")
    message = _refused(pack)
    assert "does not fit bestellen" in message and "'cancelOrderResponse'" in message


def test_a_pack_for_a_standard_the_run_skips_is_refused(tmp_path):
    result = runner.invoke(app, ["run", "--demo", "--standard", "eckid", "--schemas", str(_pack(tmp_path))])
    assert result.exit_code == 2 and "which this run does not test" in " ".join(result.output.split())


def test_the_config_names_a_pack_relative_to_itself(tmp_path):
    config = tmp_path / "candidate.toml"
    config.write_text('[candidate]\nnaam = "x"\norganisatie = "y"\n[schemas]\npack = "officieel"\n'
                      '[bestellen]\nbase_url = "https://localhost:1"\n', encoding="utf-8")
    candidate = load_config(config, known_standards=all_standards())
    assert candidate.schema_pack == tmp_path / "officieel"


def test_the_run_checks_the_pack_again_and_refuses_a_bad_one(tmp_path, state_dir):
    pack = _pack(tmp_path)
    (pack / "bestellen.wsdl").unlink()
    outcome = run_demo(["bestellen"], output_dir=tmp_path / "out", config_path=tmp_path / "candidate.toml",
                       quiet=True, select=["no-such-test"], schema_pack=pack)
    assert outcome.result is None and outcome.exit_code == 2


def test_a_good_pack_is_recorded_in_the_provenance(tmp_path, state_dir):
    pack = _pack(tmp_path)
    outcome = run_demo(["bestellen"], output_dir=tmp_path / "out", config_path=tmp_path / "candidate.toml",
                       quiet=True, schema_pack=pack)
    assert outcome.result is not None and outcome.exit_code == 0
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    recorded = results["provenance"]["schema_pack"]
    assert recorded["standard"] == "bestellen" and recorded["name"] == "ECK DT bestellen (test)"
    assert recorded["version"] == "1.0"
    assert recorded["files"] == {name: hashlib.sha256((pack / name).read_bytes()).hexdigest()
                                 for name in ("bestellen.wsdl", "bestellen.xsd")}
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Schema pack" in html and recorded["files"]["bestellen.xsd"] in html



def test_schema_pack_init_writes_a_manifest_that_check_accepts(tmp_path):
    folder = tmp_path / "officieel"
    folder.mkdir()
    for name in ("bestellen.xsd", "bestellen.wsdl"):
        shutil.copy(OURS / name, folder / name)
    result = runner.invoke(app, ["schema-pack", "init", str(folder), "--standard", "bestellen", "--version", "2.0"])
    assert result.exit_code == 0, result.output
    assert "fits bestellen" in result.output
    assert load_pack(folder).version == "2.0" and load_pack(folder).name == "officieel"
    again = runner.invoke(app, ["schema-pack", "init", str(folder), "--standard", "bestellen"])
    assert again.exit_code == 2 and "already has a manifest" in again.output
    (folder / "bestellen.xsd").write_text("<x/>", encoding="utf-8")
    checked = runner.invoke(app, ["schema-pack", "check", str(folder)])
    assert checked.exit_code == 2 and "bestellen.xsd" in checked.output


def test_schema_pack_init_refuses_a_folder_that_does_not_fit(tmp_path):
    folder = tmp_path / "leeg"
    folder.mkdir()
    (folder / "other.xsd").write_text('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                                      'targetNamespace="urn:other"><xs:element name="x"/></xs:schema>',
                                      encoding="utf-8")
    result = runner.invoke(app, ["schema-pack", "init", str(folder), "--standard", "bestellen"])
    assert result.exit_code == 2 and "does not fit bestellen" in " ".join(result.output.split())
    unknown = runner.invoke(app, ["schema-pack", "init", str(folder), "--standard", "nope", "--force"])
    assert unknown.exit_code == 2 and "unknown standard" in unknown.output


def test_a_wsdl_with_a_dtd_is_refused_and_inline_schemas_count(tmp_path):
    pack = _pack(tmp_path)
    wsdl = (pack / "bestellen.wsdl").read_text(encoding="utf-8")
    body = wsdl.split("?>", 1)[1] if wsdl.startswith("<?xml") else wsdl
    (pack / "bestellen.wsdl").write_text('<!DOCTYPE x [<!ENTITY boom "boom">]>' + body, encoding="utf-8")
    _rehash(pack, "bestellen.wsdl")
    assert "bestellen.wsdl" in _refused(pack) and "DOCTYPE" in _refused(pack)
    inline = tmp_path / "inline"
    inline.mkdir()
    xsd = (OURS / "bestellen.xsd").read_text(encoding="utf-8").split("?>", 1)[-1]
    (inline / "service.wsdl").write_text('<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/">'
                                         f"<wsdl:types>{xsd}</wsdl:types></wsdl:definitions>", encoding="utf-8")
    write_manifest(inline, standard="bestellen", name="inline", version="1")
    assert load_pack(inline).files.keys() == {"service.wsdl"}


@pytest.mark.parametrize("version", ["2.2", "2.3"])
def test_our_uwlr_files_fit_uwlr_and_not_bestellen(tmp_path, version):
    folder = tmp_path / version
    shutil.copytree(wsdl_dir() / "uwlr" / version, folder)
    write_manifest(folder, standard="uwlr", name="UWLR", version=version)
    assert len(load_pack(folder).files) >= 5
    assert ("http://www.edustandaard.nl/leerresultaten/2/autorisatie", "autorisatie") in \
        all_standards()["uwlr"].schema_needs
    write_manifest(folder, standard="bestellen", name="UWLR", version=version)
    with pytest.raises(ConfigError, match="does not fit bestellen"):
        load_pack(folder)
