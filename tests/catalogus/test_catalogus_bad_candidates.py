"""Candidates that answer garbage, mix record versions in one answer, or send a giant page get clear failed
findings, never a harness error, and the harvest never holds more than one capped page."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from conformance.harness import demo_config, run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.standards.catalogus.generator import DEFAULT_SEED, entry_xml, product
from conformance.standards.catalogus.reference import CatalogueReference
from conformance.standards.catalogus.reference_server import RunningCatalogue, tls_context
from conformance.transport import HttpRequest, HttpResponse

SIZE = 300


class MixedVersions(CatalogueReference):
    """Every seventh record of the newest version is written as a 2.3 record."""

    def entry(self, index: int, version: str) -> str:
        if version == self.newest and index % 7 == 3:
            return entry_xml(product(self.seed, index), "2.3")
        return super().entry(index, version)


class Garbage(CatalogueReference):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse(status=200, body=b"dit is geen XML <<< \x00", content_type="text/xml")


class GiantPages(CatalogueReference):
    """Pages padded far beyond any sensible size (the suite's cap is lowered for the test)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        answer = super().__call__(request)
        padding = b"<!--" + b"x" * (2 * 2**20) + b"-->"
        return HttpResponse(status=answer.status, body=answer.body.rstrip() + padding,
                            content_type=answer.content_type)


def _run(app: CatalogueReference, state_dir: Path, tmp: Path,  # type: ignore[no-untyped-def]
         **settings: Any):
    running = RunningCatalogue.start(state_dir, [], lambda pki: app, tls=tls_context, allow_get=True)
    try:
        config = demo_config({"catalogus": running}, tmp / "candidate.toml")
        if settings:
            table = tomllib.loads(config.read_text(encoding="utf-8"))
            table["catalogus"].update(settings)
            config.write_text(tomli_w.dumps(table), encoding="utf-8")
        return run_suite(config, output_dir=None, standards=["catalogus"], mode="demo", quiet=True).result
    finally:
        running.stop()


def _app(cls: type[CatalogueReference]) -> CatalogueReference:
    return cls(seed=DEFAULT_SEED, size=SIZE, versions=("2.3", "2.5.2"))


def _by_requirement(run, requirement: str):  # type: ignore[no-untyped-def]
    return [t for t in run.tests if requirement in t.requirements]


def _no_errors(run) -> None:  # type: ignore[no-untyped-def]
    assert [(t.id, t.message[:200]) for t in run.tests if t.outcome is Outcome.ERROR] == []
    assert run.verdict is Verdict.NOT_CONFORMANT


def test_garbage_fails_the_harvests_and_the_well_formedness_rule(state_dir, tmp_path):
    run = _run(_app(Garbage), state_dir, tmp_path)
    _no_errors(run)
    for requirement in ("CAT-SRU-01", "CAT-RDC-01", "CAT-DOC-01"):
        tests = _by_requirement(run, requirement)
        assert tests and all(t.outcome is Outcome.FAILED for t in tests), requirement
    assert "not a catalogue page" in _by_requirement(run, "CAT-SRU-01")[0].message
    assert "not well-formed" in _by_requirement(run, "CAT-DOC-01")[0].message


def test_mixed_versions_fail_one_version_per_answer_showing_the_first_few(state_dir, tmp_path):
    run = _run(_app(MixedVersions), state_dir, tmp_path)
    _no_errors(run)
    (test,) = _by_requirement(run, "CAT-DOC-05")
    assert test.outcome is Outcome.FAILED
    lines = test.message.splitlines()
    mixed = len([i for i in range(SIZE) if i % 7 == 3])
    assert lines[0].startswith(f"{2 * mixed} finding(s) for CAT-DOC-05")  # both faces harvested
    assert len(lines) == 1 + 5 and all("ProductId 97890" in line for line in lines[1:])
    assert set(run.failed_requirements()) >= {"CAT-DOC-05"}


def test_a_giant_page_is_cut_off_and_fails_the_harvest(state_dir, tmp_path):
    run = _run(_app(GiantPages), state_dir, tmp_path, max_answer_mb=1)
    _no_errors(run)
    (sru,) = _by_requirement(run, "CAT-SRU-01")
    assert sru.outcome is Outcome.FAILED and "too large: more than 1 MB" in sru.message


@pytest.mark.parametrize("cls", [Garbage, MixedVersions])
def test_bad_candidates_never_pass_the_record_rules(cls, state_dir, tmp_path):
    run = _run(_app(cls), state_dir, tmp_path)
    assert any(t.outcome is Outcome.FAILED for t in run.tests if "records-" in t.id)
