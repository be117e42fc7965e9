"""`[eckid.las]`: the judged LAS's table; every error names its field, the salt stays a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.standards.eckid.client_judge.judge import PUBLISHED_PGNS, PUBLISHED_SALT
from conformance.standards import get_standard
from conformance.standards.eckid.client_judge.settings import read_las_settings
from conformance.standards.eckid.settings import read_table

SCHOOL = "0000000700099XA00000"


def _eckid(**las: object) -> Section:
    table = {"scholen": [SCHOOL], "pgns": list(PUBLISHED_PGNS), "salt": PUBLISHED_SALT, **las}
    return Section({"endpoint": "https://nv.example/eck", "las": table}, "eckid", Path("."))


def _las(**las: object) -> Section:
    """The `[eckid.las]` table itself, as read_table hands it to read_las_settings."""
    table = _eckid(**las).table("las")
    assert table is not None
    return table


def test_absent_table_means_no_las():
    nv = {"endpoint": "https://nv.example/eck", "omgeving": "pilot", "oin": SCHOOL, "keten": "k", "sector": "s"}
    tabel = read_table(Section(nv, "eckid", Path(".")))
    assert tabel.las is None and tabel.nv is not None


def test_defaults_follow_the_spec():
    settings = read_las_settings(_las())
    assert settings is not None
    assert settings.min_pollinterval == 20.0 and settings.gebruikt_batches and settings.poort == 0
    assert settings.scholen == (SCHOOL,) and settings.leveranciers == ()
    assert PUBLISHED_SALT not in repr(settings)
    assert settings.known() == PUBLISHED_PGNS  # the published vectors need no scrypt


def test_salt_from_the_environment(monkeypatch):
    monkeypatch.setenv("LAS_SALT", PUBLISHED_SALT)
    table = {"scholen": [SCHOOL], "pgns": ["063138219"], "salt_env": "LAS_SALT"}
    settings = read_las_settings(Section(table, "eckid.las", Path(".")))
    assert settings is not None and settings.salt == PUBLISHED_SALT


@pytest.mark.parametrize(("las", "field"), [
    ({"scholen": []}, "eckid.las.scholen"),
    ({"scholen": ["123"]}, "eckid.las.scholen[0]"),
    ({"leveranciers": ["x"]}, "eckid.las.leveranciers[0]"),
    ({"pgns": ["63138219"]}, "eckid.las.pgns[0]"),
    ({"pgns": []}, "eckid.las.pgns"),
    ({"salt": "not base64!"}, "eckid.las.salt"),
    ({"hpgns": ["ab" * 32]}, "eckid.las.hpgns"),
    ({"hpgns": ["AB" * 32, "ab" * 32]}, "eckid.las.hpgns[0]"),
    ({"min_pollinterval": -1}, "eckid.las.min_pollinterval"),
    ({"poort": 70000}, "eckid.las.poort"),
    ({"poort": 1.5}, "eckid.las.poort"),
    ({"gebruikt_batches": "ja"}, "eckid.las.gebruikt_batches"),
    ({"omgeving": "test"}, "eckid.las.omgeving"),
    ({"steekproef": -1}, "eckid.las.steekproef"),
])
def test_errors_name_the_field(las, field):
    with pytest.raises(ConfigError) as caught:
        read_las_settings(_las(**las))
    assert caught.value.field == field


def test_a_las_only_table_declares_no_nv():
    tabel = read_table(Section({"las": _eckid().data["las"]}, "eckid", Path(".")))
    assert tabel.nv is None and tabel.las is not None


def test_any_nv_key_declares_an_nv_so_a_forgotten_endpoint_is_an_error():
    table = {"omgeving": "pilot", "las": _eckid().data["las"]}
    with pytest.raises(ConfigError) as caught:
        read_table(Section(table, "eckid", Path(".")))
    assert caught.value.field == "eckid.endpoint"


def test_an_empty_table_says_what_to_declare():
    with pytest.raises(ConfigError, match="the NV under test .* or a LAS to judge"):
        read_table(Section({}, "eckid", Path(".")))


def test_an_official_run_needs_the_nv_declarations_only_for_an_nv():
    eckid = get_standard("eckid")
    las_only = Section({"las": {"scholen": [SCHOOL]}}, "eckid", Path("."))
    assert eckid.undeclared(las_only) == ["las.omgeving"]
    both = Section({"endpoint": "https://nv.example", "omgeving": "pilot", "las": {"omgeving": "pilot"}},
                   "eckid", Path("."))
    assert eckid.undeclared(both) == ["keten", "sector"]


def test_a_judging_nv_on_every_interface_needs_a_name_and_a_certificate_for_it(state_dir):
    from conformance.pki import ensure_loopback_pki

    pki = ensure_loopback_pki(state_dir / "pki")
    cert, key = pki.server_chain, pki.server_key
    assert read_las_settings(_las()).luister == "127.0.0.1"
    for las, field in [({"luister": "0.0.0.0"}, "eckid.las.adres"),
                       ({"luister": "0.0.0.0", "adres": "https://nv.example.test/eck"}, "eckid.las.server_cert"),
                       ({"luister": "localhost"}, "eckid.las.luister"),
                       ({"server_cert": str(cert)}, "eckid.las.server_key")]:
        with pytest.raises(ConfigError) as caught:
            read_las_settings(_las(**las))
        assert caught.value.field == field, las
    settings = read_las_settings(_las(luister="0.0.0.0", adres="https://nv.example.test/eck",
                                        server_cert=str(cert), server_key=str(key)))
    assert settings is not None and settings.adres == "https://nv.example.test/eck" and settings.server_cert == cert
    with pytest.raises(ConfigError) as caught:
        read_las_settings(_las(server_cert=str(cert), server_key=str(pki.client_key)))
    assert caught.value.field == "eckid.las.server_key" and "is not the key of the certificate" in str(caught.value)


def test_the_templates_las_block_uncommented_is_a_valid_las_only_table(monkeypatch):
    import tomllib

    lines, on = [], False
    for line in get_standard("eckid").config_template.splitlines():
        on = on or line.startswith("# [eckid.las]")
        if on and line.startswith("# ") and not line.startswith("# # "):
            lines.append(line[2:])
    monkeypatch.setenv("ECKID_SALT", PUBLISHED_SALT)
    data = tomllib.loads("\n".join(lines))
    tabel = read_table(Section(data["eckid"], "eckid", Path(".")))
    assert tabel.nv is None and tabel.las is not None and tabel.las.pgns == ("063138219",)
