"""Writers of a run's outputs: results.json, report.html, junit.xml and earl.jsonld, all from one redacted dict."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from conformance.harness import RunResult
from conformance.report._browser import BrowserMissing, dump_dom, print_pdf, screenshot
from conformance.report._bundle import BundleProblem, generate_keypair, verify_bundle, write_bundle
from conformance.report._diff import diff_results
from conformance.report._earl import earl_document
from conformance.report._data import RESULTS_SCHEMA_ID, EvidenceView, report_data
from conformance.report._html import render_html, write_html
from conformance.report._reasons import Reason, expected_failures, not_passed
from conformance.report._junit import write_junit
from conformance.report._redact import Redactor
from conformance.report._results_file import ResultsProblem, read_results, results_schema
from conformance.standards import all_standards

__all__ = ["RESULTS_SCHEMA_ID", "BrowserMissing", "BundleProblem", "EvidenceView", "Reason", "Redactor",
           "ResultsProblem", "diff_results", "dump_dom", "earl_document", "expected_failures", "generate_keypair",
           "not_passed", "print_pdf", "read_results", "redactor_for", "render_html", "report_data", "results_schema",
           "screenshot", "verify_bundle", "write_all", "write_bundle", "write_from_results", "write_html",
           "write_partial"]


def redactor_for(standards: Iterable[str], secrets: list[str] | None) -> Redactor:
    """The redaction of a run of `standards`: their rules and the config's literal secrets."""
    known = all_standards()
    return Redactor([known[s].redaction for s in standards if s in known], secrets)


def write_all(run: RunResult, out_dir: Path, *, secrets: list[str] | None = None) -> dict[str, Any]:
    """Write results.json, report.html, junit.xml and earl.jsonld into `out_dir`; returns the report data."""
    redactor = redactor_for(run.standards, secrets)
    data = report_data(run, redactor)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    write_html(data, out_dir / "report.html")
    write_junit(data, out_dir / "junit.xml")
    (out_dir / "redaction-manifest.json").write_text(json.dumps(redactor.manifest(), indent=2), encoding="utf-8")
    (out_dir / "earl.jsonld").write_text(json.dumps(earl_document(data), indent=2, ensure_ascii=False),
                                         encoding="utf-8")
    return data


def write_partial(run: RunResult, out_dir: Path, *, secrets: list[str] | None = None) -> Path:
    """results.json of a run that is still going, marked `partial`: replaced whole each time (never half written),
    so a run killed from outside leaves the evidence of the tests that finished."""
    data = {**report_data(run, redactor_for(run.standards, secrets)), "partial": True}
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "results.json"
    handle, name = tempfile.mkstemp(prefix=".results-", suffix=".json", dir=out_dir)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2, ensure_ascii=False)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return target


def write_from_results(results_json: Path, out_dir: Path) -> Path:
    """Re-render report.html from a results.json alone (`conformance report`); a file that is not one is a
    ResultsProblem."""
    data = read_results(results_json)
    try:
        html = render_html(data)
    except (jinja2.TemplateError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # the schema leaves some parts open; a file that passes it but still does not render is refused the same way
        raise ResultsProblem(f"{results_json} is not a conformance results.json: {type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else ''}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "report.html"
    target.write_text(html, encoding="utf-8")
    return target
