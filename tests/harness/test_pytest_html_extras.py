"""A plain `pytest testcases --conformance-config FILE --html report.html` run against the reference LAS: pytest-html's
report carries each scenario test's requirement ids, EARL outcome and evidence, redacted as the suite's report is."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys

import pytest

from conformance.harness import demo_config, reference_endpoints
from conformance import paths
from conformance.standards.uwlr.reference import demo_data


@pytest.fixture(scope="module")
def html_report(state_dir, tmp_path_factory):
    """pytest-html's report of the UWLR message tests, and its tests' data as its page script reads them."""
    tmp = tmp_path_factory.mktemp("pytest-html")
    base = paths.testcases_dir()  # imported by module: pytest would collect a name starting with test
    with reference_endpoints(["uwlr"], []) as running:
        config = demo_config(running, tmp / "candidate.toml")
        result = subprocess.run(
            [sys.executable, "-m", "pytest", str(base / "uwlr" / "test_berichten.py"), "-c", str(base / "pytest.ini"),
             "--rootdir", str(base), "--conformance-config", str(config), "--html", str(tmp / "report.html"),
             "-p", "no:randomly", "-q"],
            capture_output=True, text=True, timeout=300, env={**os.environ, "CONFORMANCE_STATE_DIR": str(state_dir)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (tmp / "report.html").read_text(encoding="utf-8")
    blob = re.search(r'data-jsonblob="([^"]*)"', page)
    assert blob is not None, "pytest-html wrote no test data"
    return page, json.loads(html.unescape(blob.group(1)))["tests"]


def _row(tests, name):
    """The row of test `name` (its first parameter set, when it has several)."""
    nodeids = sorted(nodeid for nodeid in tests if nodeid.split("::")[-1].split("[")[0] == name)
    assert nodeids, f"no row for {name}"
    (row,) = tests[nodeids[0]]
    return row


def test_each_row_names_its_requirements_and_earl_outcome(html_report):
    _, tests = html_report
    row = _row(tests, "test_alles_in_een_valideert_tegen_schema")
    assert '<td class="col-requirements">UWLR-XSD-01</td>' in row["resultsTableRow"]
    assert '<td class="col-earl">passed</td>' in row["resultsTableRow"]
    assert row["requirements"] == "UWLR-XSD-01" and row["earl"] == "passed"  # sortable columns


def test_the_evidence_is_an_html_extra_redacted_as_the_report(html_report):
    _, tests = html_report
    row = _row(tests, "test_alles_in_een_valideert_tegen_schema")
    (extra,) = [e for e in row["extras"] if e["format_type"] == "html"]
    evidence = html.unescape(extra["content"])
    assert "UWLR-XSD-01" in evidence and "HaalLeerlinggegevens" in evidence
    assert re.search(r"achternaam>\[redacted\]</", evidence) and re.search(r"geboortedatum>\[redacted\]</", evidence)
    school = demo_data().school
    leaked = [pupil.key for pupil in school.leerlingen
              if f"achternaam>{pupil.achternaam}</" in evidence or pupil.pgn in evidence]
    assert leaked == []


def test_no_pupil_data_or_secret_anywhere_in_the_page(html_report):
    page, _ = html_report
    text = html.unescape(html.unescape(page))
    pupil_data = demo_data()
    assert pupil_data.autorisatiesleutel not in text and "[redacted]" in text
    assert [p.key for p in pupil_data.school.leerlingen if p.pgn in text or p.geboortedatum.isoformat() in text] == []


def test_the_log_is_the_redacted_outcome_not_pytests_traceback(html_report):
    page, tests = html_report
    row = _row(tests, "test_antwoord_is_text_xml_utf8")
    assert row["log"].startswith("passed") and "not redacted" in row["log"]
    assert "conformance verdict: <strong>conformant</strong>" in page
