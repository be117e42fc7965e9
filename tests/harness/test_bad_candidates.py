"""A candidate that answers garbage, HTML, a 500 or nothing gets clear verdicts, and the report is written."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import tomli_w

from conformance.harness import run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.transport import HttpRequest, HttpResponse, LoopbackServer


def _config(tmp: Path, base_url: str, *, versies: tuple[str, ...] = ("2.2",)) -> Path:
    config = {
        "candidate": {"naam": "Kapotte LAS", "organisatie": "Test"},
        "tls": {"allow_plain_http": True},  # the loopback candidates here speak plain HTTP
        "uwlr": {
            "versies": list(versies),
            "operaties": ["HaalLeerlinggegevens", "BrengLeerresultaten"],
            "eckid_omgeving": "pilot",
            "endpoints": {"leerlinggegevens": f"{base_url}/lg", "leerresultaten": f"{base_url}/lr"},
            "autorisatie": {"klantnaam": "k", "klantcode": "c", "autorisatiesleutel": "geheim-123456"},
            "profielen": {"smalle-set": "Smalle-set"},
            "testdata": {"brincode": "99XA", "schooljaar": "2026-2027", "niet_gedekte_brincode": "99XB"},
        },
    }
    path = tmp / "candidate.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path


ANSWERS = {
    "html": HttpResponse(status=200, body=b"<html><body><h1>Welkom</h1></body></html>", content_type="text/html"),
    "invalid-xml": HttpResponse(status=200, body=b"<soap:Envelope><unclosed>", content_type="text/xml"),
    "server-error": HttpResponse(status=500, body=b"Internal Server Error", content_type="text/plain"),
}


@pytest.mark.parametrize("kind", sorted(ANSWERS))
def test_garbage_answers_fail_with_what_came_back(kind, tmp_path):
    def app(request: HttpRequest) -> HttpResponse:
        return ANSWERS[kind]

    with LoopbackServer(app) as server:
        outcome = run_suite(_config(tmp_path, server.base_url), output_dir=tmp_path / "out", quiet=True)
    run = outcome.result
    assert run is not None
    assert run.verdict is Verdict.NOT_CONFORMANT and outcome.exit_code == 1
    failed = [t for t in run.tests if t.outcome is Outcome.FAILED]
    assert failed, "garbage must fail tests"
    assert all(t.message for t in failed)
    assert any("Received" in t.message or "not a SOAP envelope" in t.message for t in failed)
    assert not [t for t in run.tests if t.outcome is Outcome.PASSED and "FLT" in ",".join(t.requirements)]
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert data["verdict"] == "not-conformant"
    assert "geheim-123456" not in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_unreachable_candidate_is_incomplete_not_failed(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    outcome = run_suite(_config(tmp_path, f"http://127.0.0.1:{port}"), output_dir=tmp_path / "out", quiet=True)
    run = outcome.result
    assert run is not None
    assert run.verdict is Verdict.INCOMPLETE and outcome.exit_code == 3
    errors = [t for t in run.tests if t.outcome is Outcome.ERROR]
    assert errors and all("unreachable" in t.message for t in errors)
    assert (tmp_path / "out" / "report.html").is_file()


def test_bad_config_is_a_usage_error_naming_the_field(tmp_path, capsys):
    path = _config(tmp_path, "http://127.0.0.1:9", versies=("7.1",))
    outcome = run_suite(path, output_dir=tmp_path / "out", quiet=True)
    assert outcome.result is None and outcome.exit_code == 2
    assert "uwlr.versies: unknown value '7.1'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists(), "nothing runs, nothing is written"
