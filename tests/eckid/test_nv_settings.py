"""The `[eckid]` table: the template reads, and every problem names its field."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conformance.config import Section, config_from_dict, config_secrets
from conformance.errors import ConfigError
from conformance.standards import get_standard
from conformance.standards.eckid.settings import read_settings

ECKID = get_standard("eckid")


def _table(**changes):  # type: ignore[no-untyped-def]
    data = tomllib.loads(ECKID.config_template)["eckid"]
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return Section(data, "eckid", Path("."))


def test_template_reads():
    settings = read_settings(_table())
    assert settings.omgeving == "pilot" and settings.batch_pogingen == 10 and settings.dagelijkse_batchlimiet is None
    assert len(settings.hpgns) == 1 and settings.pgns == ()
    assert settings.profiel == "2W-be" and not settings.signed  # the NV's published profile


def test_profile_2w_be_s_is_selectable_and_2w_be_is_the_default():
    assert read_settings(_table(profiel="2W-be-S")).signed
    assert read_settings(_table(profiel=None)).profiel == "2W-be"


@pytest.mark.parametrize(("changes", "field"), [
    ({"omgeving": "test"}, "eckid.omgeving"),
    ({"profiel": "2W-rm"}, "eckid.profiel"),
    ({"endpoint": "ftp://nv"}, "eckid.endpoint"),
    ({"oin": "123"}, "eckid.oin"),
    ({"keten": None}, "eckid.keten"),
    ({"dagelijkse_batchlimiet": 0}, "eckid.dagelijkse_batchlimiet"),
    ({"batch_pollinterval": "21"}, "eckid.batch_pollinterval"),
    ({"testdata": {"hpgns": ["ABC"]}}, "eckid.testdata.hpgns[0]"),
    ({"testdata": {"pgns": ["63138219"], "salt": "rktYml0MIp9TC9u6Ny6uqw=="}}, "eckid.testdata.pgns[0]"),
    ({"testdata": {"pgns": ["063138219"]}}, "eckid.testdata.salt"),
    ({"testdata": {"pgns": ["063138219"], "salt": "not base64!"}}, "eckid.testdata.salt"),
])
def test_errors_name_their_field(changes, field):
    with pytest.raises(ConfigError) as info:
        read_settings(_table(**changes))
    assert info.value.field == field


def test_salt_is_a_secret(monkeypatch):
    monkeypatch.setenv("TEST_ECKID_SALT", "rktYml0MIp9TC9u6Ny6uqw==")
    settings = read_settings(_table(testdata={"pgns": ["063138219"], "salt_env": "TEST_ECKID_SALT"}))
    assert settings.salt == "rktYml0MIp9TC9u6Ny6uqw==" and "rktYml0" not in repr(settings)
    literal = config_from_dict({"candidate": {"naam": "NV", "organisatie": "Org"},
                                "eckid": {"testdata": {"salt": "c2FsdA=="}}}, base_dir=Path("."), source=None,
                               known_standards=["eckid"])
    assert "c2FsdA==" in config_secrets(literal)
