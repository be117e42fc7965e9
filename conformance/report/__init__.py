"""Writers of a run's outputs: results.json, report.html, junit.xml and earl.jsonld, all from one redacted dict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.harness import RunResult
from conformance.report._earl import earl_document
from conformance.report._data import RESULTS_SCHEMA_ID, report_data
from conformance.report._html import render_html, write_html
from conformance.report._reasons import Reason, expected_failures, not_passed
from conformance.report._junit import write_junit
from conformance.report._redact import Redactor
from conformance.standards import all_standards

__all__ = ["RESULTS_SCHEMA_ID", "Reason", "Redactor", "expected_failures", "not_passed", "render_html", "report_data",
           "write_all", "write_from_results"]


def write_all(run: RunResult, out_dir: Path, *, secrets: list[str] | None = None) -> dict[str, Any]:
    """Write results.json, report.html, junit.xml and earl.jsonld into `out_dir`; returns the report data."""
    standards = all_standards()
    redactor = Redactor([standards[s].redaction for s in run.standards if s in standards], secrets)
    data = report_data(run, redactor)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    write_html(data, out_dir / "report.html")
    write_junit(data, out_dir / "junit.xml")
    (out_dir / "redaction-manifest.json").write_text(json.dumps(redactor.manifest(), indent=2), encoding="utf-8")
    (out_dir / "earl.jsonld").write_text(json.dumps(earl_document(data), indent=2, ensure_ascii=False),
                                         encoding="utf-8")
    return data


def write_from_results(results_json: Path, out_dir: Path) -> Path:
    """Re-render report.html from a results.json alone (`conformance report`)."""
    data = json.loads(results_json.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "report.html"
    write_html(data, target)
    return target
