from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.standards.eckid import check_eckid, eckid_form_problems, short_eckid
from conformance.standards.eckid.hashing import hpgn

SALT = "rktYml0MIp9TC9u6Ny6uqw=="  # the published test salt of the reference clients
HEX = "5889fc51565c5488833c42cb2b724c67107bb250be8ed99c881c89632adc37b05dd197ee95af1c75be47cb7f9a593ad9ddb2e1f25d2e52c90dbb8dcae4515763"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("pgn", "expected"),
    [
        ("063138219", "9735dfd2235eaeb5f0300886bcc99c82ffc1d6420c4e0bde8de7218def2135fa"),
        ("20DP teacher@school.com", "0b870ff044775ef0360655c40d5b284b7e3ae2b72207a6894794d787eb019e60"),
    ],
)
def test_hpgn_reproduces_the_published_vectors(pgn, expected):
    assert hpgn(pgn, SALT) == expected


def test_hpgn_with_old_parameters_reproduces_the_published_vector():
    """The pre-2016 parameters (N=16384, p=1) are cheap, so the normalisation is checked with them."""
    assert hpgn("063138219", SALT, n=16384, p=1) == "95237cd20963e630034620324550809a3df98bbe0774a36c356bf5dbc8a65e7b"
    assert hpgn("INPUT", SALT, n=16384, p=1) == hpgn("input", SALT, n=16384, p=1)
    assert hpgn(" 063138219", SALT, n=16384, p=1) != hpgn("063138219", SALT, n=16384, p=1)


@pytest.mark.parametrize(("pgn", "salt", "message"), [
    ("1", SALT, "at least two non-blank characters"),
    ("063138219", "not base64!", "not valid base64"),
])
def test_hash_cli_explains_bad_input_and_exits_2(pgn, salt, message):
    result = CliRunner().invoke(app, ["eckid", "hash", pgn, "--salt", salt])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize(("value", "environment"), [
    (f"https://ketenid.nl/pilot/{HEX}", "pilot"),
    (f"https://ketenid.nl/201703/{HEX}", "productie"),
])
def test_valid_eckids(value, environment):
    result = check_eckid(value)
    assert result.valid and result.environment == environment and result.problems == []


@pytest.mark.parametrize(("value", "problem"), [
    (f"https://ketenid.nl/sppilot/{HEX}", "stampseudoniem"),
    (f"https://id.school/pilot/{HEX}", "legacy host"),
    (f"http://ketenid.nl/pilot/{HEX}", "http, not https"),
    (f"https://ketenid.nl/pilot/{HEX.upper()}", "upper-case"),
    (f"https://ketenid.nl/pilot/{HEX[:-1]}", "127 characters"),
    (f"https://ketenid.nl/pilot/{HEX[:-1]}g", "not hexadecimal"),
    (f"https://ketenid.nl/202001/{HEX}", "path segment '202001'"),
    (f" https://ketenid.nl/pilot/{HEX}", "whitespace"),
    ("12345678", "does not start with https://ketenid.nl/"),
])
def test_each_problem_is_named(value, problem):
    result = check_eckid(value)
    assert not result.valid
    assert any(problem in p for p in result.problems), result.problems


def test_environment_rule_and_short_form():
    pilot = f"https://ketenid.nl/pilot/{HEX}"
    assert eckid_form_problems(pilot, omgeving="pilot") == []
    assert eckid_form_problems(pilot, omgeving="productie") == ["is a pilot ECK iD where the environment is productie"]
    assert short_eckid(pilot) == "…515763"


def test_check_cli_exit_codes():
    runner = CliRunner()
    assert runner.invoke(app, ["eckid", "check", f"https://ketenid.nl/pilot/{HEX}"]).exit_code == 0
    bad = runner.invoke(app, ["eckid", "check", "https://ketenid.nl/pilot/abc"])
    assert bad.exit_code == 1 and "3 characters" in bad.output
