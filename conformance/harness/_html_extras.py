"""pytest-html extras: CI jobs that already publish pytest-html's report (`pytest testcases --conformance-config FILE
--html report.html`) see in it each scenario test's requirement ids, EARL outcome and evidence, redacted as the
suite's own report redacts it. Registered beside the collector only when pytest-html writes a report."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
import pytest
from pytest_html import extras

from conformance.harness._collector import ResultCollector
from conformance.report import EvidenceView

__all__ = ["HtmlExtras", "html_report_requested"]

_COLUMNS = (("requirements", "Requirements"), ("earl", "EARL outcome"))
_FIRST_COLUMN = 2  # after pytest-html's Result and Test


def html_report_requested(config: pytest.Config) -> bool:
    """Whether pytest-html is active and asked for a report (`--html PATH`)."""
    return bool(config.getoption("htmlpath", None)) and config.pluginmanager.hasplugin("html")


@cache
def _macros() -> Any:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("conformance.harness", "templates"),
        autoescape=jinja2.select_autoescape(["html", "jinja2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("pytest_html_extras.html.jinja2").module


class HtmlExtras:
    """pytest-html's hooks for a conformance run; reads the collector's results, never pytest's raw reports."""

    def __init__(self, collector: ResultCollector, view: EvidenceView) -> None:
        self.collector = collector
        self.view = view

    def pytest_html_results_table_header(self, cells: list[str]) -> None:
        for offset, (name, title) in enumerate(_COLUMNS):
            cells.insert(_FIRST_COLUMN + offset, str(_macros().header(name, title)))

    def pytest_html_results_table_row(self, report: pytest.TestReport, cells: list[str]) -> None:
        test = self.collector.results.get(report.nodeid)
        values = (" ".join(test.requirements), test.outcome.value) if test else ("", "")
        for offset, ((name, _), value) in enumerate(zip(_COLUMNS, values)):
            cells.insert(_FIRST_COLUMN + offset, str(_macros().cell(name, value)))

    def pytest_html_results_table_html(self, report: pytest.TestReport, data: list[str]) -> None:
        # pytest's traceback and captured output may quote pupil data the suite never redacted
        test = self.collector.results.get(report.nodeid)
        if test is not None:
            data[:] = [str(_macros().log(test.outcome.value, self.view.redactor.text(test.message)))]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """At teardown the test's outcome and evidence are complete; pytest-html (trylast) reads the extras after."""
        test = self.collector.results.get(report.nodeid)
        if report.when != "teardown" or test is None:
            return
        exchanges = [self.view.exchange(exchange) for exchange in test.exchanges]
        evidence = _macros().evidence(test, self.view.redactor.text(test.message), exchanges)
        # pytest-html reads `extras` it asks plugins to set on the report; pytest's TestReport does not declare it
        report.extras = [*getattr(report, "extras", []), extras.html(str(evidence))]  # type: ignore[attr-defined]

    def pytest_html_results_summary(self, prefix: list[str], summary: list[str], postfix: list[str],
                                    session: pytest.Session) -> None:
        run = self.collector.run_result or self.collector.result_so_far(final=True)
        not_judged = [test for test in run.tests if test.caused_by]
        prefix.append(str(_macros().summary(run, not_judged)))
