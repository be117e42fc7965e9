"""The pytest plugin: hooks only. It runs `testcases/` against the candidate named by --conformance-config."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conformance.config import CandidateConfig, config_secrets, load_config
from conformance.errors import ConfigError
from conformance.harness._bounds import install_bounds
from conformance.harness._collector import EVIDENCE_KEY, ResultCollector
from conformance.harness._context import CONFIG_KEY, DUAL_VALIDATION_KEY, SCHEMA_PACK_KEY, current_evidence
from conformance.harness._partial import PartialResults
from conformance.probes import read_probe_settings
from conformance.standards import all_standards

if TYPE_CHECKING:
    from conformance.config import CandidateConfig
    from conformance.harness._results import RunResult
    from conformance.harness._schemapack import SchemaPack
    from conformance.standards import Standard

pytest_plugins = ["conformance.harness.fixtures"]

_COLLECTOR = "conformance-collector"
_PARTIAL = "conformance-partial-results"
_HTML_EXTRAS = "conformance-html-extras"
_PARALLEL = "conformance-parallel-run"


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
    group.addoption("--conformance-select", action="append", default=[], metavar="ID",
                    help="self-test: run only tests whose id contains ID (repeatable)")
    group.addoption("--conformance-expected-failures", metavar="FILE", default=None,
                    help="self-test: test ids expected to fail, one per line ('id  # why'); "
                         "an entry that no longer fails makes the run incomplete")
    group.addoption("--conformance-schemas", metavar="DIR", default=None,
                    help="a schema pack (WSDL/XSD + manifest) to check and record; overrides [schemas] pack")
    group.addoption("--conformance-dual-validation", action="store_true", default=False,
                    help="validate candidate documents with xmlschema beside libxml2 (always on in official runs); "
                         "where they disagree the test cannot tell")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "requirement(*ids): the requirement ids this scenario test checks")
    config.addinivalue_line("markers", "capability(*names): what the candidate must declare for this scenario test "
                                       "to apply; undeclared, the test is inapplicable")
    config.addinivalue_line("markers", "prerequisite(*ids): the requirements this scenario test's provocation "
                                       "relies on; failed first, they make its failure not judged")
    path = config.getoption("conformance_config", None)
    if path is None:
        return
    on_worker = hasattr(config, "workerinput")  # an xdist worker of `--jobs`: it runs tests, the controller judges
    standards = all_standards()
    mode = config.getoption("conformance_mode")
    try:
        candidate = load_config(Path(path), known_standards=standards)
        for name, section in candidate.standards.items():
            standards[name].settings(section)  # every field is checked before anything runs
        install_bounds(candidate)
        _check_attestations(candidate, standards)
        read_probe_settings(candidate.security)
        expected = _read_expected_failures(config.getoption("conformance_expected_failures"))
        pack = _check_schema_pack(config.getoption("conformance_schemas") or candidate.schema_pack, candidate, standards)
    except ConfigError as exc:
        raise pytest.UsageError(f"configuration error: {exc}") from exc
    select = config.getoption("conformance_select")
    if mode == "official":
        if select or expected or config.getoption("conformance_defect"):
            raise pytest.UsageError("an official run tests everything: no selection, expected failures or defects")
        problems = [f"{name}.{key}: an official run needs it declared" for name, section in candidate.standards.items()
                    for key in standards[name].undeclared(section)]
        if not candidate.operator:
            problems.append("candidate.operator: an official run records who ran it")
        if candidate.security is None or not candidate.security.has("max_request_bytes"):
            problems.append("security.max_request_bytes: an official run judges an oversized request against the "
                            "limit the candidate declares")
        if candidate.tls.allow_plain_http:
            problems.append("tls.allow_plain_http: an official run goes over HTTPS only")
        if not candidate.tls.verify:
            problems.append("tls.verify: an official run verifies the candidate's server certificate")
        if problems:
            raise pytest.UsageError("configuration error: " + "; ".join(problems))
    config.stash[CONFIG_KEY] = candidate
    config.stash[SCHEMA_PACK_KEY] = pack
    dual = mode == "official" or config.getoption("conformance_dual_validation")
    config.stash[DUAL_VALIDATION_KEY] = dual
    writers: list[Callable[[RunResult], object]] = []
    output = None if on_worker else config.getoption("conformance_output")
    if output:
        from conformance.report import write_all

        out_dir = Path(output)
        secrets = config_secrets(candidate)
        writers.append(lambda run: write_all(run, out_dir, secrets=secrets))
    collector = ResultCollector(candidate, on_finish=writers, mode=mode, defects=config.getoption("conformance_defect"),
                                select=select, expected_failures=expected,
                                schema_pack=pack.describe() if pack is not None else None, dual_validation=dual,
                                on_worker=on_worker)
    config.pluginmanager.register(collector, _COLLECTOR)
    if not on_worker and config.getoption("dist", "no") != "no":
        from conformance.harness._parallel import ParallelRun

        fixed = read_probe_settings(candidate.security).canary_port != 0
        config.pluginmanager.register(ParallelRun(fixed_canary_port=fixed), _PARALLEL)
    if output:
        from conformance.report import write_partial

        config.pluginmanager.register(PartialResults(collector, lambda run: write_partial(run, out_dir, secrets=secrets)),
                                      _PARTIAL)
    if not on_worker:  # pytest-html writes its report in the controller only
        _register_html_extras(config, collector, candidate)


def _register_html_extras(config: pytest.Config, collector: ResultCollector, candidate: CandidateConfig) -> None:
    """Only when pytest-html writes a report: its hooks exist only then."""
    from conformance.harness._html_extras import HtmlExtras, html_report_requested

    if html_report_requested(config):
        from conformance.report import EvidenceView, redactor_for

        view = EvidenceView(redactor_for(candidate.standards, config_secrets(candidate)))
        config.pluginmanager.register(HtmlExtras(collector, view), _HTML_EXTRAS)


def _check_attestations(candidate: CandidateConfig, standards: dict[str, Standard[Any]]) -> None:
    attested = {req.id for name in candidate.standards for req in standards[name].catalogue if req.attested}
    for req_id in candidate.attestations:
        if req_id not in attested:
            raise ConfigError(f"not an attested requirement of the declared standards; "
                              f"attested ones: {', '.join(sorted(attested)) or 'none'}", field=f"attestations.{req_id}")


def _check_schema_pack(path: str | Path | None, candidate: CandidateConfig,
                       standards: dict[str, Standard[Any]]) -> SchemaPack | None:
    """Check the pack completely before any test runs; it must be for a standard this run tests."""
    if path is None:
        return None
    from conformance.harness._schemapack import load_pack

    pack = load_pack(Path(path), known_standards=standards)
    if pack.standard not in candidate.standards:
        raise ConfigError(f"the pack is for {pack.standard}, which this run does not test", field="schemas.pack")
    return pack


def _read_expected_failures(path: str | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read the expected-failures file {path}: {exc}") from exc
    expected = {}
    for line in lines:
        test_id, _, why = line.partition("#")
        if test_id.strip():
            expected[test_id.strip()] = why.strip() or "no reason given"
    return expected


def pytest_unconfigure(config: pytest.Config) -> None:
    for name in (_HTML_EXTRAS, _PARALLEL, _PARTIAL, _COLLECTOR):
        plugin = config.pluginmanager.get_plugin(name)
        if plugin is not None:
            config.pluginmanager.unregister(plugin)


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session):  # type: ignore[no-untyped-def]
    if not hasattr(session.config, "workerinput") or session.config.getoption("conformance_config", None) is None:
        return (yield)
    from conformance.harness._worker_lines import worker_lines_shown

    with worker_lines_shown(session.config):
        return (yield)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    current_evidence.target = item.stash.setdefault(EVIDENCE_KEY, [])


def pytest_runtest_teardown(item: pytest.Item) -> None:
    current_evidence.target = None
