from __future__ import annotations

from pathlib import Path

import pytest

from conformance.config import config_secrets, load_config
from conformance.errors import ConfigError
from conformance.standards import get_standard

UWLR = """
[candidate]
naam = "LAS"
organisatie = "Leverancier"

[uwlr]
versies = ["2.2"]
operaties = ["HaalLeerlinggegevens"]
[uwlr.endpoints]
leerlinggegevens = "https://las.example/lg"
[uwlr.autorisatie]
klantnaam = "k"
klantcode = "c"
autorisatiesleutel_env = "TEST_UWLR_SLEUTEL"
[uwlr.testdata]
brincode = "99XA"
schooljaar = "2026-2027"
niet_gedekte_brincode = "99XB"
"""


def _load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path, known_standards=["uwlr"])
    return config, get_standard("uwlr").settings(config.section("uwlr")).las


def test_reads_a_valid_config_with_secret_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_UWLR_SLEUTEL", "s3cr3t-sleutel")
    config, settings = _load(tmp_path, UWLR)
    assert settings.autorisatiesleutel == "s3cr3t-sleutel"
    assert settings.endpoints == {"HaalLeerlinggegevens": "https://las.example/lg"}
    assert "s3cr3t-sleutel" in config_secrets(config)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (('versies = ["2.2"]', 'versies = ["3.0"]'), "uwlr.versies"),
        (('operaties = ["HaalLeerlinggegevens"]', 'operaties = ["HaalLeerlinggegevens", "BrengLeerresultaten"]'),
         "uwlr.endpoints.leerresultaten"),
        (('leerlinggegevens = "https://las.example/lg"', 'leerlinggegevens = "ftp://x"'),
         "uwlr.endpoints.leerlinggegevens"),
        (('brincode = "99XA"', 'brincode = "9X9A"'), "uwlr.testdata.brincode"),
        (('naam = "LAS"\n', ""), "candidate.naam"),
        (("[uwlr.autorisatie]", "[uwlr.autorisatie]\nextra = 1\n[uwlr.nogiets]"), "uwlr.autorisatie"),
    ],
)
def test_bad_config_names_the_field(tmp_path, monkeypatch, change, field):
    monkeypatch.setenv("TEST_UWLR_SLEUTEL", "x")
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, UWLR.replace(*change))
    assert str(info.value).startswith(field)


def test_missing_secret_variable_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("TEST_UWLR_SLEUTEL", raising=False)
    with pytest.raises(ConfigError, match="uwlr.autorisatie.autorisatiesleutel_env: environment variable"):
        _load(tmp_path, UWLR)


def test_unknown_table_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="^onzin: unknown table"):
        _load(tmp_path, UWLR + "\n[onzin]\nx = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        _load(tmp_path, "[candidate\n")


def _section(**data):  # type: ignore[no-untyped-def]
    from conformance.config import Section

    return Section(data, "std", Path("."))


def _even(value: str) -> None:
    if len(value) % 2:
        raise ValueError("has an odd length")


def test_a_field_check_names_the_field_and_the_list_position():
    assert _section(a="ab").str("a", check=_even) == "ab"
    with pytest.raises(ConfigError, match=r"^std.a: has an odd length$"):
        _section(a="abc").str("a", check=_even)
    with pytest.raises(ConfigError) as caught:
        _section(a=["ab", "abc"]).str_list("a", check=_even)
    assert caught.value.field == "std.a[1]"


def test_a_list_that_must_name_one_refuses_an_empty_one():
    assert _section(a=[]).str_list("a") == []
    with pytest.raises(ConfigError, match=r"^std.a: declare at least one$"):
        _section(a=[]).str_list("a", empty="declare at least one")
    assert _section(a=["x"]).str_list("a", empty="declare at least one") == ["x"]


@pytest.mark.parametrize(("value", "kwargs", "message"), [
    (True, {}, "must be a number"),
    ("3", {}, "must be a number"),
    (1.5, {"integer": True}, "must be a whole number"),
    (-1, {"minimum": 0}, "must be at least 0"),
    (9, {"minimum": 0, "maximum": 8}, "must be from 0 to 8"),
    (9, {"maximum": 8}, "must be at most 8"),
])
def test_number_refuses_what_is_out_of_kind_or_range(value, kwargs, message):
    with pytest.raises(ConfigError, match=message) as caught:
        _section(n=value).number("n", 1, **kwargs)
    assert caught.value.field == "std.n"


def test_number_default_and_kinds():
    assert _section().number("n", None) is None
    assert _section(n=2).number("n", 1.0) == 2.0 and isinstance(_section(n=2).number("n", 1.0), float)
    assert _section(n=2).number("n", 1, integer=True) == 2


@pytest.mark.parametrize(("tls", "field"), [
    ('crl_files = ["missing.crl"]', "tls.crl_files[0]"),
    ('crl_files = "one.crl"', "tls.crl_files"),
    ('test_pki = "."', "tls.test_pki"),  # a folder without a test PKI's files
])
def test_tls_trust_settings_name_the_field(tmp_path, monkeypatch, tls, field):
    monkeypatch.setenv("TEST_UWLR_SLEUTEL", "s3cr3t-sleutel")
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, UWLR.replace("[uwlr]\n", f"[tls]\n{tls}\n\n[uwlr]\n", 1))
    assert caught.value.field == field


def test_tls_trust_settings_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("TEST_UWLR_SLEUTEL", "s3cr3t-sleutel")
    (tmp_path / "a.crl").write_bytes(b"")
    config, _ = _load(tmp_path, UWLR.replace("[uwlr]\n", '[tls]\ncrl_files = ["a.crl"]\n\n[uwlr]\n', 1))
    assert config.tls.crl_files == (tmp_path / "a.crl",) and config.tls.test_pki is None
