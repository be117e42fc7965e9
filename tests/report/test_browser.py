"""The HTML report in a real headless Chromium: verdict, matrix and a failed test's evidence are there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conformance.report import dump_dom, print_pdf, screenshot, write_all

from made_up_run import made_up_run

ARTEFACTS = Path(os.environ.get("CONFORMANCE_ARTEFACTS", Path(__file__).resolve().parents[2] / "reports" / "artefacts"))

pytestmark = pytest.mark.skipif(not any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")),
                                reason="no Chromium on this machine (.ci/run installs it)")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    write_all(made_up_run(), out)
    return out / "report.html"


def test_rendered_report_shows_verdict_matrix_and_evidence(report):
    dom = dump_dom(report)
    assert 'id="verdict"' in dom and "NOT CONFORMANT" in dom
    assert 'id="req-UWLR-ID-02"' in dom
    failed = dom.split('id="test-uwlr-identiteit-x"', 1)[1].split("</details>", 1)[0]
    assert " open" in dom.split('id="test-uwlr-identiteit-x"', 1)[0][-200:] + failed[:20] or "open" in failed[:20]
    assert "Received: x / Expected: y" in dom
    assert "TLSv1.3" in dom and "[redacted]" in dom and "Oosterbroek" not in dom


def test_screenshot_is_kept_as_an_artefact(report):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = screenshot(report, ARTEFACTS / "report.png")
    assert shot.stat().st_size > 10_000


def test_report_prints_to_pdf(report, tmp_path):
    pdf = print_pdf(report, tmp_path / "report.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
