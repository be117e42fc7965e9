"""A schema pack for bestellen replaces our XSD: the scenario tests judge the candidate's answers by the pack's
schema (and say so), and a reference started with a pack judges requests by it. A stricter copy of our XSD proves
that the pack's schema, not ours, is the one applied."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.config import Section
from conformance.errors import ConfigError
from conformance.harness import RunOutcome, load_pack, run_demo
from conformance.outcomes import Outcome
from conformance.paths import wsdl_dir
from conformance.pki import ensure_loopback_pki
from conformance.standards.bestellen.client import OrderClient
from conformance.standards.bestellen.codec import OrderLine
from conformance.standards.bestellen.reference_server import start_reference
from conformance.standards.bestellen.schemas import OWN_SCHEMA
from conformance.standards.bestellen.settings import read_settings
from conformance.transport import HttpClient, TlsSettings

OURS = wsdl_dir() / "eck-dt" / "bestellen"
MSG_02 = "bestellen-berichten-answers_follow_the_message_schema"

#: our XSD with two extra limits: an orderId of at most 12 characters (the reference's are longer) and a
#: quantity of at most 5
STRICTER = {
    '<xs:element name="orderId" type="b:string160"/>\n      <xs:element name="school" type="b:brin"/>\n      '
    '<xs:element name="orderStatus"':
        '<xs:element name="orderId" type="b:shortId"/>\n      <xs:element name="school" type="b:brin"/>\n      '
        '<xs:element name="orderStatus"',
    '<xs:restriction base="xs:integer"/>':
        '<xs:restriction base="xs:integer"><xs:maxInclusive value="5"/></xs:restriction>',
    '<!-- complex types -->':
        '<xs:simpleType name="shortId"><xs:restriction base="xs:string"><xs:maxLength value="12"/>'
        '</xs:restriction></xs:simpleType>\n  <!-- complex types -->',
}


def _pack(tmp_path: Path, name: str, *, stricter: bool = False) -> Path:
    """A pack made the way a certification body makes one: our files (or a stricter XSD), `schema-pack init`."""
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(OURS / "bestellen.wsdl", folder / "bestellen.wsdl")
    xsd = (OURS / "bestellen.xsd").read_text(encoding="utf-8")
    if stricter:
        for old, new in STRICTER.items():
            assert xsd.count(old) == 1, old
            xsd = xsd.replace(old, new)
    (folder / "bestellen.xsd").write_text(xsd, encoding="utf-8")
    result = CliRunner().invoke(app, ["schema-pack", "init", str(folder), "--standard", "bestellen"])
    assert result.exit_code == 0, result.output
    return folder


def _run(tmp_path: Path, pack: Path | None) -> RunOutcome:
    return run_demo(["bestellen"], output_dir=None, config_path=tmp_path / "candidate.toml", quiet=True,
                    select=["berichten"], schema_pack=pack)


def test_without_a_pack_our_schema_is_named(state_dir, tmp_path):
    run = _run(tmp_path, None).result
    assert run is not None
    test = next(t for t in run.tests if t.id == MSG_02)
    assert test.outcome is Outcome.PASSED
    assert all(OWN_SCHEMA in exchange.label for exchange in test.exchanges)


def test_a_pack_of_our_own_files_passes_and_is_named_in_the_evidence(state_dir, tmp_path):
    pack = _pack(tmp_path, "eigen")
    run = _run(tmp_path, pack).result
    assert run is not None
    test = next(t for t in run.tests if t.id == MSG_02)
    assert test.outcome is Outcome.PASSED, test.message
    labels = [exchange.label for exchange in test.exchanges]
    assert len(labels) >= 4 and all("bestellen.xsd of the schema pack eigen 1" in label for label in labels)


def test_a_stricter_pack_is_the_schema_applied(state_dir, tmp_path):
    """The reference's orderIds are longer than the stricter pack allows: BEST-MSG-02 fails, naming the pack."""
    pack = _pack(tmp_path, "streng", stricter=True)
    run = _run(tmp_path, pack).result
    assert run is not None
    verdicts = {t.id: t for t in run.tests}
    test = verdicts[MSG_02]
    assert test.outcome is Outcome.FAILED
    assert "bestellen.xsd of the schema pack streng 1" in test.message and "orderId" in test.message
    assert set(run.failed_requirements()) == {"BEST-MSG-02"}


def _order_six(state_dir: Path, folder: Path, pack: Path | None):  # type: ignore[no-untyped-def]
    """Start a reference in `folder` (with `pack`) and order a quantity of 6 from it."""
    folder.mkdir()
    (folder / "pki").symlink_to(state_dir / "pki", target_is_directory=True)
    reference = start_reference(folder, profiel="2W-be", schema_pack=None if pack is None else load_pack(pack))
    pki = ensure_loopback_pki(state_dir / "pki")
    http = HttpClient(tls=TlsSettings(ca_bundle=pki.ca_bundle, client_cert=pki.client_chain,
                                      client_key=pki.client_key))
    try:
        client = OrderClient(http, read_settings(Section(reference.config, "bestellen", folder)))
        return client.place_order("99XA", [OrderLine(1, client.settings.producten[0], 6)])
    finally:
        http.close()
        reference.stop()


def test_a_reference_started_with_a_pack_judges_requests_by_it(state_dir, tmp_path):
    """Quantity 6 is valid in our XSD; a reference started with the stricter pack refuses it as InvalidRequest."""
    pack = _pack(tmp_path, "streng", stricter=True)
    ensure_loopback_pki(state_dir / "pki")
    assert _order_six(state_dir, tmp_path / "ours", None).order("t").status == "Accepted"
    fault = _order_six(state_dir, tmp_path / "pack", pack).fault("t")
    assert fault.code == "InvalidRequest" and "quantity" in fault.message


def test_a_reference_refuses_a_pack_for_another_standard(state_dir, tmp_path):
    folder = tmp_path / "uwlr"
    folder.mkdir()
    for path in (wsdl_dir() / "uwlr" / "2.2").iterdir():
        if path.suffix in (".xsd", ".wsdl"):
            shutil.copy(path, folder / path.name)
    result = CliRunner().invoke(app, ["schema-pack", "init", str(folder), "--standard", "uwlr"])
    assert result.exit_code == 0, result.output
    with pytest.raises(ConfigError, match="not for bestellen"):
        start_reference(tmp_path, schema_pack=load_pack(folder))
