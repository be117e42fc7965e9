"""A load run is bounded: no duration means no run, and the [load] table is read whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.load.settings import MAX_DURATION_S, parse_duration, read_load_settings


@pytest.mark.parametrize(("text", "seconds"), [("20s", 20), ("2m", 120), ("1h", 3600), ("45", 45), (30, 30)])
def test_durations_are_read_in_seconds(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "forever", "0s", "2h", "-5s", "1.5m", True])
def test_a_bad_or_unbounded_duration_is_refused_with_its_field(text):
    with pytest.raises(ConfigError, match=r"load\.duration: must be"):
        parse_duration(text)


def test_no_duration_anywhere_refuses_to_start():
    with pytest.raises(ConfigError, match="needs an explicit duration"):
        read_load_settings(None)
    with pytest.raises(ConfigError, match="needs an explicit duration"):
        read_load_settings(Section({"users": 5}, "load", Path(".")))


def test_the_command_line_overrides_the_table_and_the_cap_follows_the_duration():
    section = Section({"duration": "2m", "users": 4, "p95_ms": 500, "error_rate_max": 0.05,
                       "latency": {"uwlr HaalStructuur": {"p95_ms": 200, "p99_ms": 400}}}, "load", Path("."))
    settings = read_load_settings(section, duration="30s", users=8)
    assert (settings.duration_s, settings.users, settings.error_rate_max) == (30, 8, 0.05)
    assert settings.request_cap == 30 * 500
    assert settings.level("uwlr HaalStructuur").p95_ms == 200
    assert settings.level("uwlr HaalLeerlingen").p95_ms == 500
    assert MAX_DURATION_S == 3600


def test_an_unknown_key_of_the_table_is_named():
    section = Section({"duration": "20s", "p95": 100}, "load", Path("."))
    with pytest.raises(ConfigError, match=r"load\.p95: unknown key; did you mean p95_ms\?"):
        read_load_settings(section)


def test_a_request_cap_of_the_table_is_kept():
    settings = read_load_settings(Section({"duration": "20s", "max_requests": 50}, "load", Path(".")))
    assert settings.request_cap == 50


def test_a_candidate_config_may_carry_its_load_table_beside_the_standards(tmp_path: Path):
    from conformance.config import config_from_dict

    raw = {"candidate": {"naam": "x", "organisatie": "y"}, "uwlr": {}, "load": {"duration": "1m"}}
    config = config_from_dict(raw, base_dir=tmp_path, source=None, known_standards=["uwlr"])
    assert "load" not in config.standards  # read by `conformance load`, not a standard's table
