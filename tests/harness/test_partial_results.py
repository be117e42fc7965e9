"""A run killed from outside keeps its evidence: results.json is written, marked partial, as tests finish."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import jsonschema
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.report import results_schema


def _results(path):  # type: ignore[no-untyped-def]
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def test_a_killed_run_leaves_partial_results_that_render(tmp_path, state_dir):
    out = tmp_path / "out"
    env = {**os.environ, "CONFORMANCE_STATE_DIR": str(state_dir)}
    run = subprocess.Popen([sys.executable, "-m", "conformance", "run", "--demo", "--standard", "uwlr",
                            "--output", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline, data = time.monotonic() + 120, None
        while time.monotonic() < deadline and run.poll() is None:
            data = _results(out / "results.json")
            if data and data.get("partial") and data["counts"]["passed"] >= 5:
                break
            time.sleep(0.05)
        run.send_signal(signal.SIGKILL)
    finally:
        run.kill()
        run.wait(30)
    data = _results(out / "results.json")
    assert data is not None and data["partial"] is True, "the run ended before it could be killed"
    jsonschema.validate(data, results_schema())
    assert data["verdict"] == "incomplete" and data["exit_code"] == 3
    assert any("has not finished" in error for error in data["harness_errors"])
    passed = [t for t in data["tests"] if t["outcome"] == "passed"]
    assert len(passed) >= 5 and any(t["exchanges"] for t in passed), "finished tests keep their evidence"
    assert data["counts"]["untested"] > 0, "the tests not yet run are untested"
    assert not list(out.glob(".results-*")), "no half-written file is left beside it"
    result = CliRunner().invoke(app, ["report", str(out / "results.json")])
    assert result.exit_code == 0, result.output
    assert "Partial results:" in (out / "report.html").read_text(encoding="utf-8")


def test_a_finished_run_replaces_the_partial_results(tmp_path, state_dir):
    from conformance.harness import run_demo

    outcome = run_demo(["uwlr"], output_dir=tmp_path / "out", quiet=True, select=["uwlr-berichten"])
    assert outcome.exit_code == 0
    data = _results(tmp_path / "out" / "results.json")
    assert "partial" not in data and data["verdict"] == "conformant"
    assert not list((tmp_path / "out").glob(".results-*"))
