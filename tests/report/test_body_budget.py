"""A report shows at most RUN_BODY_BUDGET characters of bodies in full; the evidence of failed tests comes first."""

from __future__ import annotations

import dataclasses

from conformance.harness import TestResult
from conformance.outcomes import Outcome
from conformance.report import Redactor, _data
from conformance.transport import Exchange
from tests.report.made_up_run import RULES, made_up_run


def _page(label: str, size: int) -> Exchange:
    body = b"<Entries>" + b"<Entry>product</Entry>" * (size // 22) + b"</Entries>"
    return Exchange(label=label, method="GET", url="https://catalogus.example/sru", request_headers={},
                    request_body=b"", started=None, status=200, response_headers={}, response_body=body)


def test_bodies_past_the_budget_are_shown_in_part_and_failures_keep_theirs(monkeypatch):
    monkeypatch.setattr(_data, "RUN_BODY_BUDGET", 50_000)
    run = made_up_run()
    harvest = [_page(f"page {n}", 20_000) for n in range(5)]
    passed = TestResult(id="catalogus-harvest-x", nodeid="p", standard="uwlr", title="harvest", description="",
                        requirements=("UWLR-ID-02",), outcome=Outcome.PASSED, message="", exchanges=harvest)
    failed = run.tests[0]
    failed.exchanges.append(_page("failing page", 20_000))
    run = dataclasses.replace(run, tests=[passed, failed])  # the passing test comes first in the run
    data = _data.report_data(run, Redactor([RULES]))
    cuts = {x["label"]: (x["response"]["cut"], len(x["response"]["body"])) for x in data["exchanges"]}
    assert cuts["failing page"][0] is False  # the failed test's evidence is shown whole
    assert cuts["page 0"][0] is False
    assert [cuts[f"page {n}"][0] for n in range(5)].count(True) >= 2
    shown = sum(length for _, length in cuts.values())
    assert shown <= 50_000 + _data.PREVIEW * sum(cut for cut, _ in cuts.values())
    assert [x["id"] for x in data["exchanges"]] == [e.id for t in run.tests for e in t.exchanges]  # run order kept


def test_an_exchange_shared_by_tests_is_rendered_once(tmp_path):
    from conformance.report import write_html

    run = made_up_run()
    again = dataclasses.replace(run.tests[0], id="uwlr-identiteit-y", nodeid="m")
    run = dataclasses.replace(run, tests=[run.tests[0], again])
    write_html(_data.report_data(run, Redactor([RULES])), tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    xid = run.tests[0].exchanges[0].id
    assert html.count(f'id="ex-{xid}"') == 1 and f'href="#ex-{xid}"' in html
