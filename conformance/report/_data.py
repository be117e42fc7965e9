"""The report data: one JSON-ready dict per run, redacted, from which every writer renders.

`results.json` is this dict; `conformance report results.json` re-renders the HTML from it alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from conformance.harness import RunResult
from conformance.report._redact import Redactor
from conformance.transport import Exchange

__all__ = ["RESULTS_SCHEMA_ID", "EvidenceView", "report_data"]

RESULTS_SCHEMA_ID = "https://conformance.example/schema/results-1.json"
BODY_LIMIT = 200_000  # characters of one body shown in full
#: characters of bodies one report shows in full; past it, bodies are shown in part (PREVIEW), the evidence of
#: tests that did not pass first, so a catalogue harvest of many pages does not make a report nobody can open
RUN_BODY_BUDGET = 4_000_000
PREVIEW = 2_000


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


class _Budget:
    """How many body characters the report may still show in full."""

    def __init__(self, total: int) -> None:
        self.left = total

    def body(self, redactor: Redactor, data: bytes) -> tuple[str, bool]:
        if not data:
            return "", False
        text, cut = redactor.body(data, limit=max(PREVIEW, min(BODY_LIMIT, self.left)))
        self.left -= len(text)
        return text, cut


def _exchange(exchange: Exchange, redactor: Redactor, budget: _Budget) -> dict[str, Any]:
    request_body, request_cut = budget.body(redactor, exchange.request_body)
    response_body, response_cut = budget.body(redactor, exchange.response_body)
    tls = exchange.tls
    return {
        "id": exchange.id,
        "label": exchange.label,
        "method": exchange.method,
        "url": exchange.url,
        "started": _iso(exchange.started),
        "elapsed_ms": exchange.elapsed_ms,
        "request": {"headers": redactor.headers_of(exchange.request_headers), "body": request_body,
                    "bytes": len(exchange.request_body), "cut": request_cut},
        "response": {"status": exchange.status, "headers": redactor.headers_of(exchange.response_headers),
                     "body": response_body, "bytes": len(exchange.response_body),
                     "cut": response_cut or exchange.truncated},
        "tls": None if tls is None else {
            "version": tls.version, "cipher": tls.cipher,
            "server_certificate_sha256": tls.server_certificate_sha256,
            "server_subject": tls.server_subject, "client_certificate": tls.client_certificate,
            "server_oin": tls.server_oin,
        },
        "transport_error": exchange.transport_error and redactor.text(exchange.transport_error),
    }


class EvidenceView:
    """Exchanges shown one at a time as the report shows them (redacted, bodies within one run's budget), for a
    writer that shows evidence test by test: the pytest-html extras. An exchange shared by tests is redacted once."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor
        self._budget = _Budget(RUN_BODY_BUDGET)
        self._shown: dict[str, dict[str, Any]] = {}

    def exchange(self, exchange: Exchange) -> dict[str, Any]:
        if exchange.id not in self._shown:
            self._shown[exchange.id] = _exchange(exchange, self.redactor, self._budget)
        return self._shown[exchange.id]


def report_data(run: RunResult, redactor: Redactor) -> dict[str, Any]:
    """The documented results structure (see docs in README, 'results.json')."""
    view = EvidenceView(redactor)
    for test in sorted(run.tests, key=lambda t: t.outcome.value in ("passed", "inapplicable")):
        for exchange in test.exchanges:
            view.exchange(exchange)  # the evidence of tests that did not pass takes the budget first
    exchanges = {e.id: view.exchange(e) for test in run.tests for e in test.exchanges}
    tests = []
    for test in run.tests:
        tests.append({
            "id": test.id,
            "nodeid": test.nodeid,
            "standard": test.standard,
            "title": test.title,
            "description": test.description,
            "outcome": test.outcome.value,
            "requirements": list(test.requirements),
            "message": redactor.text(test.message),
            "duration_s": round(test.duration_s, 3),
            "expected_failure": test.expected_failure,
            "caused_by": list(test.caused_by),
            "exchanges": [e.id for e in test.exchanges],
        })
    return {
        "$schema": RESULTS_SCHEMA_ID,
        "verdict": run.verdict.value,
        "exit_code": run.verdict.exit_code,
        "suite": {"name": "conformance", "version": run.suite_version},
        "mode": run.mode,
        "defects": run.defects,
        "selection": run.selection,
        "started": _iso(run.started),
        "finished": _iso(run.finished),
        "candidate": run.candidate,
        "standards": run.standards,
        "counts": run.counts(),
        "harness_errors": [redactor.text(e) for e in run.harness_errors],
        "provenance": run.provenance,
        "requirements": [
            {
                "id": r.requirement.id,
                "standard": r.standard,
                "level": r.requirement.level,
                "text": r.requirement.text,
                "source": r.requirement.source,
                "outcome": r.outcome.value,
                "mode": r.mode,
                "tests": r.tests,
                "reason": redactor.text(r.reason),
                "caused_by": list(r.caused_by),
            }
            for r in run.requirements
        ],
        "tests": tests,
        "exchanges": list(exchanges.values()),
    }
