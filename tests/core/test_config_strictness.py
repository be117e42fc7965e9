"""What a configuration may not slip past: plain http://, certificates and keys that are not what they claim,
and keys no reader knows (a typo is an error naming it, never a silent default)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import tomli_w
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.config import load_config
from conformance.errors import ConfigError
from conformance.load import read_load_settings
from conformance.load.session import load_section
from conformance.pki import ensure_loopback_pki
from conformance.probes import read_probe_settings
from conformance.standards import all_standards, get_standard

UWLR = {
    "candidate": {"naam": "LAS", "organisatie": "Leverancier"},
    "uwlr": {
        "versies": ["2.2"], "operaties": ["HaalLeerlinggegevens"],
        "endpoints": {"leerlinggegevens": "https://las.example/lg"},
        "autorisatie": {"klantnaam": "k", "klantcode": "c", "autorisatiesleutel": "s3cr3t-sleutel"},
        "testdata": {"brincode": "99XA", "schooljaar": "2026-2027", "niet_gedekte_brincode": "99XB"},
    },
}


def _read(tmp_path: Path, config: dict) -> object:  # type: ignore[type-arg]
    """Load and read every standard's table whole, as a run does before any test."""
    path = tmp_path / "c.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    candidate = load_config(path, known_standards=all_standards())
    return {name: get_standard(name).settings(section) for name, section in candidate.standards.items()}


def _with(base: dict, dotted: str, value: object) -> dict:  # type: ignore[type-arg]
    import copy

    config = copy.deepcopy(base)
    *tables, key = dotted.split(".")
    target = config
    for table in tables:
        target = target.setdefault(table, {})
    target[key] = value
    return config


def _refused(tmp_path: Path, config: dict, field: str) -> str:  # type: ignore[type-arg]
    with pytest.raises(ConfigError) as caught:
        _read(tmp_path, config)
    assert caught.value.field == field, str(caught.value)
    return str(caught.value)


# -- plain HTTP ---------------------------------------------------------------------------------------------

def test_an_http_endpoint_is_refused_naming_the_field(tmp_path):
    message = _refused(tmp_path, _with(UWLR, "uwlr.endpoints.leerlinggegevens", "http://las.example/lg"),
                       "uwlr.endpoints.leerlinggegevens")
    assert "https://" in message and "allow_plain_http" in message


def test_an_http_endpoint_is_accepted_only_with_the_opt_out(tmp_path):
    config = _with(UWLR, "uwlr.endpoints.leerlinggegevens", "http://las.example/lg")
    settings = _read(tmp_path, _with(config, "tls.allow_plain_http", True))
    assert settings["uwlr"].las.endpoints["HaalLeerlinggegevens"] == "http://las.example/lg"
    _refused(tmp_path, _with(config, "tls.allow_plain_http", "yes"), "tls.allow_plain_http")


def _run_one_test(path: Path, out: Path):  # type: ignore[no-untyped-def]
    """`conformance run` of one cheap UWLR test against the candidate at `path`."""
    return CliRunner().invoke(app, ["run", "--config", str(path), "--output", str(out),
                                    "--only", "uwlr-berichten-antwoord_is_text_xml_utf8"])


def _said_in_outputs(out: Path, key: str, words: str) -> object:
    """`candidate[key]` of results.json, after checking the report says `words`."""
    assert words in (out / "report.html").read_text(encoding="utf-8")
    return json.loads((out / "results.json").read_text(encoding="utf-8"))["candidate"][key]


def test_the_run_exits_2_on_http_and_reports_the_opt_out(tmp_path, state_dir):
    """Without the opt-out nothing runs (exit 2, field named); with it the report says the run was plain HTTP."""
    config = _with(UWLR, "uwlr.endpoints.leerlinggegevens", "http://127.0.0.1:9/lg")
    path = tmp_path / "c.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    result = _run_one_test(path, tmp_path / "out")
    assert result.exit_code == 2 and not (tmp_path / "out").exists()
    path.write_text(tomli_w.dumps(_with(config, "tls.allow_plain_http", True)), encoding="utf-8")
    result = _run_one_test(path, tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert "plain HTTP" in result.output
    assert _said_in_outputs(tmp_path / "out", "plain_http", "plain HTTP") is True


def test_an_official_run_refuses_the_opt_out(tmp_path):
    config = _with(_with(UWLR, "tls.allow_plain_http", True), "candidate.operator", "Keurder")
    path = tmp_path / "c.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--official", "--config", str(path), "--output", str(tmp_path / "o")])
    assert result.exit_code == 2


def test_an_unverified_run_says_so_and_an_official_run_refuses_it(tmp_path, state_dir):
    """`[tls] verify = false` leaves the candidate's identity unchecked: results.json, the report and the console
    say so, and an official run does not start."""
    config = _with(UWLR, "uwlr.endpoints.leerlinggegevens", "https://127.0.0.1:9/lg")
    path = tmp_path / "c.toml"
    path.write_text(tomli_w.dumps(_with(config, "tls.verify", False)), encoding="utf-8")
    result = _run_one_test(path, tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert "not verified" in result.output
    assert _said_in_outputs(tmp_path / "out", "tls_verify", "not verified") is False
    path.write_text(tomli_w.dumps(_with(_with(config, "tls.verify", False), "candidate.operator", "Keurder")),
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--official", "--config", str(path), "--output", str(tmp_path / "o")])
    assert result.exit_code == 2 and "tls.verify" in result.output


# -- certificates and keys ---------------------------------------------------------------------------------

@pytest.fixture
def pki(state_dir):  # type: ignore[no-untyped-def]
    return ensure_loopback_pki(state_dir / "pki")


@pytest.mark.parametrize("key, field, problem", [
    ("ca_bundle", "tls.ca_bundle", "holds no PEM certificate"),
    ("client_cert", "tls.client_cert", "holds no PEM certificate"),
    ("client_key", "tls.client_key", "is not an unencrypted PEM private key"),
])
def test_tls_files_that_are_not_pem_are_a_configuration_error(tmp_path, pki, key, field, problem):
    files = {"ca_bundle": str(pki.ca_bundle), "client_cert": str(pki.client_chain), "client_key": str(pki.client_key)}
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"\x30\x82\x01\x0a not PEM at all")
    files[key] = str(garbage)
    assert problem in _refused(tmp_path, {**UWLR, "tls": files}, field)


def test_a_client_key_of_another_certificate_is_a_configuration_error(tmp_path, pki):
    tls = {"ca_bundle": str(pki.ca_bundle), "client_cert": str(pki.client_chain), "client_key": str(pki.server_key)}
    assert "is not the key of the certificate" in _refused(tmp_path, {**UWLR, "tls": tls}, "tls.client_key")
    tls["client_key"] = str(pki.client_key)
    _read(tmp_path, {**UWLR, "tls": tls})


def test_the_run_exits_2_on_a_bad_certificate(tmp_path, pki):
    garbage = tmp_path / "ca.pem"
    garbage.write_text("not a certificate", encoding="utf-8")
    path = tmp_path / "c.toml"
    path.write_text(tomli_w.dumps({**UWLR, "tls": {"ca_bundle": str(garbage)}}), encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--config", str(path), "--output", str(tmp_path / "out")])
    assert result.exit_code == 2 and not (tmp_path / "out").exists()


# -- unknown keys ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("dotted, hint", [
    ("uwlr.verzies", "did you mean versies?"),
    ("uwlr.endpoints.leerlinggegevns", "did you mean leerlinggegevens?"),
    ("uwlr.autorisatie.sleutel", ""),
    ("uwlr.testdata.brin", ""),
    ("uwlr.profielen.lvs_set", ""),
    ("candidate.organsatie", "did you mean organisatie?"),
    ("tls.verfy", "did you mean verify?"),
    ("schemas.pak", ""),
    ("run.parallel", ""),
    ("attestations.UWLR-ATT-01.persoon", ""),
])
def test_an_unknown_key_is_an_error_naming_it(tmp_path, dotted, hint):
    config = _with(UWLR, dotted, 4 if dotted != "uwlr.profielen.lvs_set" else "LVS-set")
    if dotted.startswith("schemas"):
        config["schemas"]["pack"] = "pack"
    if dotted.startswith("attestations"):
        config["attestations"]["UWLR-ATT-01"].update(answer="yes", reference="r", person="p")
    if dotted == "uwlr.profielen.lvs_set":
        with pytest.raises(ConfigError, match="unknown profile"):
            _read(tmp_path, config)
        return
    message = _refused(tmp_path, config, dotted)
    assert "unknown key" in message and hint in message


def _template_uncommented(tmp_path: Path, pki) -> Path:  # type: ignore[no-untyped-def]
    """`conformance init`'s template with every commented key and table written out, beside the files it names."""
    result = CliRunner().invoke(app, ["init", str(tmp_path / "t.toml")])
    assert result.exit_code == 0, result.output
    lines = []
    for line in (tmp_path / "t.toml").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(?:# )+(\[[^\] ]+\]|[A-Za-z0-9_\".-]+ = .*)", line)
        lines.append(match.group(1) if match else line)
    text = "\n".join(lines).replace('hpgns = ["..."]', f'hpgns = ["{"0" * 64}"]')
    (tmp_path / "t.toml").write_text(text, encoding="utf-8")
    shutil.copytree(pki.directory, tmp_path / "pki")
    shutil.copy(pki.server_chain, tmp_path / "nv-judge-chain.pem")
    shutil.copy(pki.server_key, tmp_path / "nv-judge.key")
    shutil.copy(pki.ca_bundle, tmp_path / "las-ca.pem")
    shutil.copy(pki.server_chain, tmp_path / "las-judge-chain.pem")
    shutil.copy(pki.server_key, tmp_path / "las-judge.key")
    shutil.copy(pki.ca_bundle, tmp_path / "ea-ca.pem")
    shutil.copy(pki.ca_bundle, tmp_path / "klant-ca.pem")
    shutil.copy(pki.server_chain, tmp_path / "supplier-judge-chain.pem")
    shutil.copy(pki.server_key, tmp_path / "supplier-judge.key")
    return tmp_path / "t.toml"


def test_every_key_of_the_init_template_is_known(tmp_path, pki, monkeypatch):
    """The template with all its commented keys written out reads whole: no documented key is called unknown."""
    from conformance.standards.eckid.client_judge.judge import PUBLISHED_SALT

    monkeypatch.setenv("UWLR_AUTORISATIESLEUTEL", "s3cr3t-sleutel")
    monkeypatch.setenv("UWLR_EA_AUTORISATIESLEUTEL", "sleutel-voor-de-ea")
    monkeypatch.setenv("ECKID_SALT", PUBLISHED_SALT)
    path = _template_uncommented(tmp_path, pki)
    text = path.read_text(encoding="utf-8")
    assert "\n[eckid.las]" in text and "\n[tls]" in text and "\ngetrapt = " in text
    candidate = load_config(path, known_standards=all_standards())
    for name, section in candidate.standards.items():
        get_standard(name).settings(section)
    assert set(candidate.standards) == set(all_standards())


def test_an_unknown_key_in_any_table_of_the_template_is_named(tmp_path, pki, monkeypatch):
    """Every table `conformance init` writes (commented ones included) refuses a key its reader does not know."""
    from conformance.standards.eckid.client_judge.judge import PUBLISHED_SALT

    monkeypatch.setenv("UWLR_AUTORISATIESLEUTEL", "s3cr3t-sleutel")
    monkeypatch.setenv("UWLR_EA_AUTORISATIESLEUTEL", "sleutel-voor-de-ea")
    monkeypatch.setenv("ECKID_SALT", PUBLISHED_SALT)
    path = _template_uncommented(tmp_path, pki)
    text = path.read_text(encoding="utf-8")
    tables = re.findall(r"^\[([^\]]+)\]$", text, flags=re.MULTILINE)
    assert len(tables) >= 19
    for table in tables:
        path.write_text(text.replace(f"\n[{table}]\n", f"\n[{table}]\ntpyo = 1\n"), encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            candidate = load_config(path, known_standards=all_standards())
            for name, section in candidate.standards.items():
                get_standard(name).settings(section)
            read_probe_settings(candidate.security)  # [security] is read by the probes, as the plugin does
            read_load_settings(load_section(path))  # [load] by `conformance load`
        assert caught.value.field == f"{table.replace(chr(34), '')}.tpyo" and "unknown" in str(caught.value)


def test_serve_judge_config_names_an_unknown_key_of_the_las_table(tmp_path):
    config = tmp_path / "las.toml"
    config.write_text('[candidate]\nnaam = "LAS"\norganisatie = "t"\n[eckid.las]\nscholen = ["00000001003214345000"]\n'
                      'pgns = ["063138219"]\nsalt = "AAAAAAAAAAAAAAAAAAAAAA=="\nwachtijd = 5\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--standard", "eckid", "--judge", "--judge-config", str(config)])
    assert result.exit_code == 2
    assert "eckid.las.wachtijd: unknown key; did you mean wachttijd?" in result.output


def test_the_run_exits_2_on_a_mistyped_key(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(tomli_w.dumps(_with(UWLR, "uwlr.verzies", ["2.3"])), encoding="utf-8")
    result = CliRunner().invoke(app, ["run", "--config", str(path), "--output", str(tmp_path / "out")])
    assert result.exit_code == 2 and not (tmp_path / "out").exists()


def test_every_standard_table_may_bound_its_answers(tmp_path):
    """max_answer_mb, answer_deadline_s and answer_idle_s are read by the harness, not the standard: still known."""
    config = _with(_with(_with(UWLR, "uwlr.max_answer_mb", 8), "uwlr.answer_deadline_s", 20), "uwlr.answer_idle_s", 5)
    _read(tmp_path, config)
    _refused(tmp_path, _with(UWLR, "uwlr.max_answer_mbs", 8), "uwlr.max_answer_mbs")
