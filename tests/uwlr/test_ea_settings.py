"""`[uwlr.ea]`: the judged client's table; every error names its field, the key stays a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.standards import get_standard
from conformance.standards.uwlr.client_judge.settings import read_ea_settings, read_table


def _uwlr(**ea: object) -> Section:
    return Section({"ea": dict(ea)}, "uwlr", Path("."))


def _ea(**ea: object) -> Section:
    """The `[uwlr.ea]` table itself, as read_table hands it to read_ea_settings."""
    table = _uwlr(**ea).table("ea")
    assert table is not None
    return table


def test_defaults_and_a_key_issued_for_the_run():
    settings = read_ea_settings(_ea())
    assert settings is not None
    assert (settings.versie, settings.profiel, settings.gegevenssetid) == ("2.3", "smalle-set", "Smalle-set")
    assert settings.operaties == {"HaalLeerlinggegevens"} and not settings.getrapt and not settings.pusht
    assert settings.min_pollinterval == 60.0 and settings.luister == "127.0.0.1" and settings.poort == 0
    assert settings.key_issued and len(settings.autorisatiesleutel) >= 32
    assert settings.autorisatiesleutel not in repr(settings)
    again = read_ea_settings(_ea())
    assert again is not None and again.autorisatiesleutel != settings.autorisatiesleutel  # one per run


def test_key_from_the_environment_and_the_lvs_profile(monkeypatch):
    monkeypatch.setenv("EA_SLEUTEL", "sleutel-voor-de-ea")
    settings = read_ea_settings(_ea(autorisatiesleutel_env="EA_SLEUTEL", profiel="lvs-set",
                                      operaties=["HaalStructuur", "HaalLeerlingen", "BrengLeerresultaten"]))
    assert settings is not None and settings.autorisatiesleutel == "sleutel-voor-de-ea"
    assert not settings.key_issued and settings.gegevenssetid == "LVS-set"
    assert settings.getrapt and settings.pusht


@pytest.mark.parametrize(("ea", "field"), [
    ({"versie": "3.0"}, "uwlr.ea.versie"),
    ({"profiel": "brede-set"}, "uwlr.ea.profiel"),
    ({"operaties": ["HaalAlles"]}, "uwlr.ea.operaties"),
    ({"operaties": ["BrengLeerresultaten"]}, "uwlr.ea.operaties"),
    ({"operaties": ["HaalLeerlingen"]}, "uwlr.ea.operaties"),
    ({"min_pollinterval": -1}, "uwlr.ea.min_pollinterval"),
    ({"autorisatiesleutel_env": "EA_SLEUTEL_ONBEKEND"}, "uwlr.ea.autorisatiesleutel_env"),
    ({"luister": "0.0.0.0"}, "uwlr.ea.adres"),
    ({"luister": "0.0.0.0", "adres": "https://las.example.test/uwlr"}, "uwlr.ea.server_cert"),
    ({"poort": 70000}, "uwlr.ea.poort"),
])
def test_errors_name_the_field(ea, field):
    with pytest.raises(ConfigError) as info:
        read_ea_settings(_ea(**ea))
    assert info.value.field == field


def test_a_client_only_table_declares_no_las_and_an_empty_one_is_an_error():
    table = read_table(_uwlr())
    assert table.las is None and table.ea is not None
    with pytest.raises(ConfigError, match="the LAS under test .* or a client to judge"):
        read_table(Section({}, "uwlr", Path(".")))


def test_an_official_run_needs_what_the_client_declares_written_out():
    uwlr = get_standard("uwlr")
    assert uwlr.undeclared(_uwlr()) == ["ea.versie", "ea.operaties", "ea.profiel", "ea.min_pollinterval"]
    written = _uwlr(versie="2.3", operaties=["HaalLeerlinggegevens"], profiel="smalle-set", min_pollinterval=60)
    assert uwlr.undeclared(written) == []


def test_the_templates_client_block_uncommented_is_a_valid_client_only_table():
    import tomllib

    lines, on = [], False
    for line in get_standard("uwlr").config_template.splitlines():
        on = on or line.startswith("# [uwlr.ea]")
        if on and line.startswith("# ") and not line.startswith("# # "):
            lines.append(line[2:])
    data = tomllib.loads("\n".join(lines))
    table = read_table(Section(data["uwlr"], "uwlr", Path(".")))
    assert table.las is None and table.ea is not None and table.ea.pusht and table.ea.poort == 8444
