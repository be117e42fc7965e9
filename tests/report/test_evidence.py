"""The writers, the evidence bundle and its verification, diff and the results schema, on a made-up run."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import ssl
import zipfile

import jsonschema
import pytest
from lxml import etree
from typer.testing import CliRunner

from conformance.report import (
    Redactor, earl_document, generate_keypair, report_data, results_schema, write_all, write_bundle,
)
from conformance.cli.main import app
from conformance.harness import provenance
from conformance.instrument import instrument
from conformance.paths import lock_file
from conformance.outcomes import Outcome
from made_up_run import ECKID, RULES, made_up_run


def test_report_data_is_redacted_and_matches_the_published_schema():
    data = report_data(made_up_run(), Redactor([RULES], secrets=["GEHEIME-SLEUTEL-42"]))
    jsonschema.validate(data, results_schema())
    text = json.dumps(data, ensure_ascii=False)
    assert "Oosterbroek" not in text and "2016-04-05" not in text and "GEHEIME-SLEUTEL-42" not in text
    assert ECKID not in text and "…" + ECKID[-6:] in text
    assert data["exchanges"][0]["tls"]["version"] == "TLSv1.3"


def test_earl_uses_earl_outcomes_only():
    data = report_data(made_up_run(Outcome.ERROR), Redactor([RULES]))
    outcomes = {a["earl:result"]["earl:outcome"]["@id"] for a in earl_document(data)["@graph"] if "earl:result" in a}
    assert outcomes == {"earl:cantTell"}


@pytest.fixture
def bundle(tmp_path):
    out = tmp_path / "out"
    data = write_all(made_up_run(), out)
    generate_keypair(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    target = write_bundle(out, data, tmp_path / "evidence.zip", sign_key=tmp_path / "k.pem")
    return target, tmp_path / "k.pub.pem"


def test_verify_accepts_an_intact_bundle(bundle):
    target, pub = bundle
    result = CliRunner().invoke(app, ["verify", str(target), "--pubkey", str(pub)])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_verify_names_the_changed_file(bundle, tmp_path):
    target, pub = bundle
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "results.json":
                content = content.replace(b'"not-conformant"', b'"conformant"')
            dst.writestr(item, content)
    result = CliRunner().invoke(app, ["verify", str(tampered), "--pubkey", str(pub)])
    assert result.exit_code == 1
    assert "results.json: changed" in result.output


def test_verify_refuses_another_key(bundle, tmp_path):
    target, _ = bundle
    generate_keypair(tmp_path / "other.pem", tmp_path / "other.pub.pem")
    result = CliRunner().invoke(app, ["verify", str(target), "--pubkey", str(tmp_path / "other.pub.pem")])
    assert result.exit_code == 1 and "signature does not match" in result.output


def test_diff_shows_changed_outcomes(tmp_path):
    old = report_data(made_up_run(Outcome.FAILED), Redactor([RULES]))
    new = report_data(made_up_run(Outcome.PASSED), Redactor([RULES]))
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    result = CliRunner().invoke(app, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")])
    assert result.exit_code == 0
    assert "uwlr-identiteit-x: failed → passed" in result.output
    assert "verdict: not-conformant → conformant" in result.output


def test_report_rerenders_from_results_alone(tmp_path):
    out = tmp_path / "out"
    write_all(made_up_run(), out)
    (out / "report.html").unlink()
    result = CliRunner().invoke(app, ["report", str(out / "results.json")])
    assert result.exit_code == 0, result.output
    assert "NOT CONFORMANT" in (out / "report.html").read_text(encoding="utf-8")


def _with_provenance(run):
    return dataclasses.replace(run, provenance=provenance([x for t in run.tests for x in t.exchanges]))


def test_results_report_and_bundle_name_the_instrument(tmp_path):
    out = tmp_path / "out"
    data = write_all(_with_provenance(made_up_run()), out)
    jsonschema.validate(data, results_schema())
    found = data["provenance"]["instrument"]
    assert found["libxml2"] == ".".join(map(str, etree.LIBXML_VERSION))
    assert found["openssl"] == ssl.OPENSSL_VERSION
    assert set(found["packages"]) >= {"lxml", "xmlschema", "cryptography", "httpx", "zeep"}
    assert found["lock_sha256"] == hashlib.sha256(lock_file().read_bytes()).hexdigest()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"libxml2 {found['libxml2']}" in html and f"xmlschema {found['packages']['xmlschema']}" in html
    assert found["lock_sha256"] in html and found["lock"] in html
    bundle = write_bundle(out, data, tmp_path / "evidence.zip", sign_key=None)
    with zipfile.ZipFile(bundle) as zf:
        assert json.loads(zf.read("manifest.json"))["instrument"] == found


def test_a_run_without_a_lock_renders_what_it_has(tmp_path):
    run = _with_provenance(made_up_run())
    del run.provenance["instrument"]["lock_sha256"]
    run.provenance["instrument"]["lock"] = "no requirements.lock in this installation"
    write_all(run, tmp_path)
    assert "no requirements.lock in this installation" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_diff_shows_a_change_of_instrument(tmp_path):
    old = report_data(_with_provenance(made_up_run()), Redactor([RULES]))
    new = json.loads(json.dumps(old))
    new["provenance"]["instrument"]["packages"]["lxml"] = "99.0"
    new["provenance"]["instrument"]["lock"] = "differs: lxml 99.0 (locked 6.2.0)"
    del old["provenance"]["instrument"]["lock_sha256"]  # a run whose installation had no lock
    assert "lock_sha256" in instrument()
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    result = CliRunner().invoke(app, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")], terminal_width=200)
    assert result.exit_code == 0
    lxml = old["provenance"]["instrument"]["packages"]["lxml"]
    assert f"instrument.lxml: {lxml} → 99.0" in result.output
    assert "instrument.lock_sha256: not recorded → " in result.output
    assert "instrument.libxml2" not in result.output


def _copy_bundle(source, target, *, extra=(), leave_out=()):
    """A copy of `source` without the names in `leave_out`, with the (name, bytes) in `extra` appended (duplicate
    names allowed)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            if item.filename not in leave_out:
                dst.writestr(item, src.read(item.filename))
        for name, content in extra:
            dst.writestr(name, content)
    return target


def _verify(target, pub):
    return CliRunner().invoke(app, ["verify", str(target), "--pubkey", str(pub)])


def test_verify_refuses_a_second_copy_under_the_same_name(bundle, tmp_path):
    target, pub = bundle
    with pytest.warns(UserWarning, match="Duplicate name"):
        forged = _copy_bundle(target, tmp_path / "forged.zip", extra=[("report.html", b"<p>CONFORMANT</p>")])
    result = _verify(forged, pub)
    assert result.exit_code == 1
    assert "report.html: stored 2 times" in result.output


def test_verify_names_an_entry_with_a_bad_crc_on_one_line(tmp_path):
    out = tmp_path / "out"
    data = write_all(made_up_run(), out)
    generate_keypair(tmp_path / "k.pem", tmp_path / "k.pub.pem")
    target = write_bundle(out, data, tmp_path / "evidence.zip", sign_key=tmp_path / "k.pem")
    stored = tmp_path / "stored.zip"
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(stored, "w", compression=zipfile.ZIP_STORED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
    raw = stored.read_bytes()
    at = raw.index(b"<!DOCTYPE html>")
    stored.write_bytes(raw[:at] + b"<!doctype html>" + raw[at + 15:])  # same length, CRC left as it was
    result = _verify(stored, tmp_path / "k.pub.pem")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert lines == [line for line in lines if line.startswith("report.html: damaged")] and len(lines) == 1
    assert "CRC" in lines[0]


@pytest.mark.parametrize("manifest", [b"[1, 2]", b'{"files": ["report.html"]}', b'{"files": {"a": 3}}',
                                      b"\xff\xfe", b'{"files": {"report.html": "abc"}}'])
def test_verify_refuses_a_manifest_of_the_wrong_shape_on_one_line(bundle, tmp_path, manifest):
    target, pub = bundle
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(target) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, manifest if item.filename == "manifest.json" else src.read(item.filename))
    result = _verify(broken, pub)
    assert result.exit_code == 1, result.output
    assert result.output.strip() == "manifest.json is not a valid manifest (expected files: name -> SHA-256)"


def test_verify_hashes_a_bomb_in_bounded_memory(bundle, tmp_path):
    """An entry that inflates to 256 MiB is hashed in chunks: memory stays far below its size."""
    import tracemalloc

    target, pub = bundle
    bomb = _copy_bundle(target, tmp_path / "bomb.zip", leave_out=("junit.xml",))
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf, zf.open("junit.xml", "w") as fh:
        chunk = bytes(1024 * 1024)
        for _ in range(256):
            fh.write(chunk)
    assert bomb.stat().st_size < 2_000_000
    tracemalloc.start()
    try:
        result = _verify(bomb, pub)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 1 and result.output.strip() == "junit.xml: changed (SHA-256 differs from the manifest)"
    assert peak < 32 * 1024 * 1024


@pytest.mark.parametrize("content, fault", [
    ("[1, 2]", "at the top: [1, 2] is not of type 'object'"),
    ('{"verdict": "conformant"}', "is a required property"),
    ("REPLACE tests", "at tests: {} is not of type 'array'"),
    ("{not json", "is not a readable JSON file"),
])
@pytest.mark.parametrize("command", ["report", "diff"])
def test_a_results_file_of_the_wrong_shape_is_one_line_and_exit_2(tmp_path, content, fault, command):
    out = tmp_path / "out"
    data = write_all(made_up_run(), out)
    if content.startswith("REPLACE"):
        data[content.split()[1]] = {}
        content = json.dumps(data)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    args = ["report", str(bad)] if command == "report" else ["diff", str(out / "results.json"), str(bad)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1 and fault in result.output
    assert str(bad) in result.output and result.exception is None or isinstance(result.exception, SystemExit)
