"""Every way a hostile or dead candidate misbehaves ends a whole UWLR run with a report, the right kind of
verdict and within its bound, and nothing outside the run (another host, a local file) is touched.

The bounds are configured short (`answer_idle_s`, `answer_deadline_s`, `max_answer_mb`), so the matrix stays
cheap; the memory of the big modes at their real sizes is measured by `bench/hostile_memory.py`.
"""

from __future__ import annotations

import json
import time
import tomllib
from pathlib import Path

import pytest
import tomli_w

from conformance.harness import run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.transport import UNREACHABLE_AFTER
from tests.harness.test_bad_candidates import _config
from tests.hostile.server import MODES, Canary, HostileServer

LIMITS = {"answer_idle_s": 1, "answer_deadline_s": 2, "max_answer_mb": 1}

#: mode -> (the run's verdict, words the first failed or erred test's message holds)
EXPECTED: dict[str, tuple[Verdict, str]] = {
    "silent": (Verdict.INCOMPLETE, "timed out"),
    "drip": (Verdict.NOT_CONFORMANT, "too slow"),
    "drip-head": (Verdict.INCOMPLETE, "no complete HTTP answer within the deadline of 2 s"),
    "reset": (Verdict.INCOMPLETE, "not a valid HTTP answer"),
    "gzip-bomb": (Verdict.NOT_CONFORMANT, "too large: more than 1 MB after decompression"),
    "huge": (Verdict.NOT_CONFORMANT, "too large: more than 1 MB after decompression"),
    "endless": (Verdict.NOT_CONFORMANT, "too large: more than 1 MB after decompression"),
    "deep": (Verdict.NOT_CONFORMANT, "not well-formed"),
    "billion-laughs": (Verdict.NOT_CONFORMANT, "DOCTYPE"),
    "xxe-file": (Verdict.NOT_CONFORMANT, "DOCTYPE"),
    "external-dtd": (Verdict.NOT_CONFORMANT, "DOCTYPE"),
    "bad-utf8": (Verdict.NOT_CONFORMANT, "not well-formed"),
    "html-500": (Verdict.NOT_CONFORMANT, "not a SOAP envelope"),
    "redirect-loop": (Verdict.NOT_CONFORMANT, "HTTP 302"),
    "redirect-file": (Verdict.NOT_CONFORMANT, "HTTP 302"),
    "redirect-other-host": (Verdict.NOT_CONFORMANT, "HTTP 302"),
    "no-tls": (Verdict.INCOMPLETE, "WRONG_VERSION_NUMBER"),
    "wrong-host": (Verdict.INCOMPLETE, "Hostname mismatch"),
    "expired-cert": (Verdict.INCOMPLETE, "certificate has expired"),
}

#: a whole UWLR run (about 60 tests) against any mode, pytest's own start included
BOUND_S = 60


def hostile_config(tmp: Path, server: HostileServer, *, limits: dict[str, float] = LIMITS) -> Path:
    """A UWLR candidate config pointing at `server`, trusting the loopback PKI, with `limits` in its table."""
    path = _config(tmp, server.base_url)
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    config["tls"] = {"ca_bundle": str(server.ca_bundle)}
    config["uwlr"].update(limits)
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path


def test_every_mode_of_the_matrix_is_covered():
    assert set(EXPECTED) == set(MODES)


@pytest.mark.parametrize("mode", sorted(EXPECTED))
def test_hostile_candidate_gets_a_bounded_verdict_and_a_report(mode, state_dir, tmp_path):
    canary = Canary(tmp_path)
    out = tmp_path / "out"
    try:
        with HostileServer(mode, state_dir=state_dir, canary=canary, bomb_mb=64, huge_mb=300).running() as server:
            config = hostile_config(tmp_path, server)
            t0 = time.monotonic()
            outcome = run_suite(config, output_dir=out, quiet=True)
            took = time.monotonic() - t0
    finally:
        canary.close()
    verdict, words = EXPECTED[mode]
    run = outcome.result
    assert run is not None and took < BOUND_S, f"{mode} took {took:.1f} s"
    assert (run.verdict, outcome.exit_code) == (verdict, verdict.exit_code), [
        (t.id, t.outcome.value, t.message[:160]) for t in run.tests][:5]
    judged = [t for t in run.tests if t.outcome in (Outcome.FAILED, Outcome.ERROR)]
    assert judged and not [t for t in run.tests if t.outcome is Outcome.PASSED and "FLT" in ",".join(t.requirements)]
    first = judged[0]
    assert words in first.message, first.message
    errors = [t for t in run.tests if t.outcome is Outcome.ERROR]
    assert all(t.message.startswith("candidate unreachable: ") for t in errors)
    if errors:  # the first few exchanges waited (or were refused); every later one ended at once, naming the first
        # HTTP exchanges only: the TLS probes' bare handshakes judge the TLS layer, which may well answer
        sent = {x.id: x for t in run.tests for x in t.exchanges
                if x.method != "TLS" and "not sent:" not in (x.transport_error or "")}
        assert len(sent) <= UNREACHABLE_AFTER and words in errors[-1].message
    assert canary.hits == 0, "the suite followed the candidate to another host"
    written = {path.name for path in out.iterdir()}
    assert {"report.html", "results.json", "junit.xml"} <= written
    for path in out.iterdir():
        assert canary.secret not in path.read_text(encoding="utf-8", errors="replace"), path.name
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["exit_code"] == verdict.exit_code
