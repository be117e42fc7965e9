from __future__ import annotations

import pytest
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.standards.eckid import eckid_form, eckid_form_problems, short_eckid

SALT = "rktYml0MIp9TC9u6Ny6uqw=="  # the published test salt of the reference clients
HEX = "5889fc51565c5488833c42cb2b724c67107bb250be8ed99c881c89632adc37b05dd197ee95af1c75be47cb7f9a593ad9ddb2e1f25d2e52c90dbb8dcae4515763"


@pytest.mark.parametrize(("value", "environment"), [
    (f"https://ketenid.nl/pilot/{HEX}", "pilot"),
    (f"https://ketenid.nl/201703/{HEX}", "productie"),
])
def test_valid_eckids(value, environment):
    result = eckid_form(value)
    assert result.valid and result.environment == environment and result.problems == []


@pytest.mark.parametrize(("value", "problem"), [
    (f"https://ketenid.nl/sppilot/{HEX}", "stampseudoniem"),
    (f"https://id.school/pilot/{HEX}", "legacy host"),
    (f"http://ketenid.nl/pilot/{HEX}", "http, not https"),
    (f"https://ketenid.nl/pilot/{HEX.upper()}", "upper-case"),
    (f"https://ketenid.nl/pilot/{HEX[:-1]}", "of 127 characters"),
    (f"https://ketenid.nl/pilot/{HEX[:-1]}g", "not hexadecimal digits: 'g'"),
    (f"https://ketenid.nl/202001/{HEX}", "environment segment '202001'"),
    (f" https://ketenid.nl/pilot/{HEX}", "whitespace"),
    ("12345678", "is not an ECK iD URI"),
])
def test_each_problem_is_named(value, problem):
    result = eckid_form(value)
    assert not result.valid
    assert any(problem in p for p in result.problems), result.problems


def test_environment_rule_and_short_form():
    pilot = f"https://ketenid.nl/pilot/{HEX}"
    assert eckid_form_problems(pilot, omgeving="pilot") == []
    assert eckid_form_problems(pilot, omgeving="productie") == ["is a pilot ECK iD where the environment is productie, which accepts only https://ketenid.nl/201703/…"]
    assert short_eckid(pilot) == "…515763"


def test_check_cli_exit_codes():
    runner = CliRunner()
    good = runner.invoke(app, ["eckid", "check", f"https://ketenid.nl/pilot/{HEX}"])
    assert good.exit_code == 0 and good.output == "valid ECK iD …515763 (environment pilot)\n"
    bad = runner.invoke(app, ["eckid", "check", "https://ketenid.nl/pilot/ABC"])
    assert bad.exit_code == 2 and bad.output.count("\n") == 1  # one line: what is wrong, all of it
    assert bad.output.startswith("invalid ECK iD …ot/ABC (environment pilot): ") and "of 3 characters" in bad.output
    assert "upper-case" in bad.output
    wrong_environment = runner.invoke(app, ["eckid", "check", f"https://ketenid.nl/pilot/{HEX}", "--omgeving",
                                            "productie"])
    assert wrong_environment.exit_code == 2 and "accepts only https://ketenid.nl/201703/" in wrong_environment.output


def test_requirement_catalogue_loads():
    from conformance.requirements import load_catalogue
    from conformance.standards import get_standard

    catalogue = load_catalogue("eckid", get_standard("eckid").catalogue_path)
    ids = [r.id for r in catalogue]
    assert len(ids) == len(set(ids)) and all(i.startswith("ECKID-") for i in ids)
    assert {"ECKID-HASH-01", "ECKID-FORM-01", "ECKID-FORM-04"} <= set(ids)
