"""The pytest plugin: hooks only. It runs `testcases/` against the candidate named by --conformance-config."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.config import config_secrets, load_config
from conformance.errors import ConfigError
from conformance.harness._collector import EVIDENCE_KEY, ResultCollector
from conformance.harness._context import CONFIG_KEY, current_evidence
from conformance.standards import all_standards

pytest_plugins = ["conformance.harness.fixtures"]

_COLLECTOR = "conformance-collector"


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from conformance.harness import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "conformance: certification of chain standards")
    group.addoption("--conformance-config", metavar="FILE", default=None,
                    help="candidate configuration (TOML) to test against")
    group.addoption("--conformance-output", metavar="DIR", default=None,
                    help="write results.json, report.html and junit.xml into DIR")
    group.addoption("--conformance-mode", choices=("self-test", "official", "demo"), default="self-test",
                    help="recorded in the report")
    group.addoption("--conformance-defect", action="append", default=[], metavar="NAME",
                    help="recorded in the report: the reference defects a demo run enabled")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requirement(*ids): the requirement ids this scenario test checks")
    path = config.getoption("conformance_config", None)
    if path is None or hasattr(config, "workerinput"):
        return
    standards = all_standards()
    try:
        candidate = load_config(Path(path), known_standards=standards)
        for name, section in candidate.standards.items():
            standards[name].read_settings(section)  # every field is checked before anything runs
    except ConfigError as exc:
        raise pytest.UsageError(f"configuration error: {exc}") from exc
    config.stash[CONFIG_KEY] = candidate
    writers = []
    output = config.getoption("conformance_output")
    if output:
        from conformance.report import write_all

        out_dir = Path(output)
        secrets = config_secrets(candidate)
        writers.append(lambda run: write_all(run, out_dir, secrets=secrets))
    collector = ResultCollector(candidate, on_finish=writers, mode=config.getoption("conformance_mode"),
                                defects=config.getoption("conformance_defect"))
    config.pluginmanager.register(collector, _COLLECTOR)


def pytest_unconfigure(config: pytest.Config) -> None:
    collector = config.pluginmanager.get_plugin(_COLLECTOR)
    if collector is not None:
        config.pluginmanager.unregister(collector)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    current_evidence.target = item.stash.setdefault(EVIDENCE_KEY, [])


def pytest_runtest_teardown(item: pytest.Item) -> None:
    current_evidence.target = None
