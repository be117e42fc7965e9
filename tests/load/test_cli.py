"""`conformance load` refuses what it cannot bound or does not know, before anything starts (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conformance.cli.main import app

runner = CliRunner()


def test_the_demo_refuses_to_start_without_a_duration():
    result = runner.invoke(app, ["load", "--demo"])
    assert result.exit_code == 2
    assert "needs an explicit duration" in result.output


def test_a_config_without_any_duration_is_a_configuration_error(tmp_path: Path, locust):
    config = tmp_path / "c.toml"
    config.write_text('[candidate]\nnaam = "x"\norganisatie = "y"\n\n[load]\nusers = 3\n', encoding="utf-8")
    result = runner.invoke(app, ["load", "--config", str(config), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "load.duration: a load run needs an explicit duration" in result.output


def test_defects_need_the_demo_and_must_be_load_defects():
    assert runner.invoke(app, ["load", "--config", "x.toml", "--duration", "5s",
                               "--defect", "one-at-a-time"]).exit_code == 2
    result = runner.invoke(app, ["load", "--demo", "--duration", "5s", "--defect", "html-foutpagina"])
    assert result.exit_code == 2 and "one-at-a-time" in result.output


def test_an_unknown_profile_is_refused():
    result = runner.invoke(app, ["load", "--demo", "--duration", "5s", "--profile", "kerstvakantie"])
    assert result.exit_code == 2 and "start-schooljaar" in result.output


def test_list_shows_the_avail_catalogue_and_the_load_defects():
    requirements = runner.invoke(app, ["list", "--requirements", "--standard", "load", "--json"])
    assert requirements.exit_code == 0
    assert [line.split('"')[3] for line in requirements.output.splitlines() if '"id"' in line] == [
        "AVAIL-01", "AVAIL-02", "AVAIL-03", "AVAIL-04"]
    defects = runner.invoke(app, ["list", "--defects", "--json"])
    assert "other-school-under-load" in defects.output and "html-foutpagina" in defects.output
    assert "repeat-ordered-again-under-load" in defects.output


def test_spreading_over_machines_needs_both_halves_named():
    assert runner.invoke(app, ["load", "--demo", "--duration", "5s", "--master"]).exit_code == 2
    assert runner.invoke(app, ["load", "--demo", "--duration", "5s", "--expect-workers", "2"]).exit_code == 2
    result = runner.invoke(app, ["load", "--worker", "--duration", "5s", "--master-host", "127.0.0.1"])
    assert result.exit_code == 2 and "--config" in result.output



def test_a_run_outlasting_its_signed_requests_is_refused(state_dir: Path, tmp_path: Path, locust):
    result = runner.invoke(app, ["load", "--demo", "--duration", "5m", "--standard", "bestellen",
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "bestellen placeOrder" in result.output and "wsu:Timestamp expires" in result.output


def test_edukoppeling_has_no_mix_of_its_own(state_dir: Path, tmp_path: Path, locust):
    result = runner.invoke(app, ["load", "--demo", "--duration", "5s", "--standard", "edukoppeling",
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "edukoppeling is their transport" in " ".join(result.output.split())


def test_the_default_output_folder_is_relative_to_where_it_is_run(state_dir: Path, tmp_path: Path, locust,
                                                                  monkeypatch: pytest.MonkeyPatch):
    """Without -o the run writes under ./reports; Locust runs inside that folder, so its plan must be found by an
    absolute path (a relative one was read from inside the folder and the run ended incomplete)."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["load", "--demo", "--duration", "3s", "--standard", "uwlr"])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "reports").glob("load-*/load.html"))
