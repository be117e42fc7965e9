"""The clean reference service passes every Edukoppeling scenario test; each named defect fails exactly its
requirements (the approach of tests/uwlr/test_reference_verdicts.py, for this standard)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from pathlib import Path

import pytest

from conformance.harness import RunOutcome, demo_config, run_suite
from conformance.outcomes import Outcome, Verdict
from conformance.standards import get_standard
from conformance.standards.edukoppeling.reference_server import start_reference
from tests.reference_verdicts import assert_clean, assert_fails_exactly, demo_run, reference_run

EDUK = get_standard("edukoppeling")


@pytest.fixture(scope="module")
def clean_run(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunOutcome, Path]:
    tmp = tmp_path_factory.mktemp("clean")
    return demo_run("edukoppeling", tmp), tmp / "out"


def test_clean_reference_passes_every_test(clean_run):
    assert_clean(clean_run[0], at_least=28)


def test_every_requirement_is_tested(clean_run):
    run = clean_run[0].result
    assert [r.requirement.id for r in run.requirements if not r.tests] == []


def test_evidence_keeps_tls_details_with_the_server_oin(clean_run):
    _, out = clean_run
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    exchanges = data["exchanges"]
    tls = [x["tls"] for x in exchanges if x.get("tls")]
    assert tls, "no exchange kept its TLS details"
    assert {t["server_oin"] for t in tls} == {"00000099500000030000"}
    assert any(x["method"] == "TLS" and x["transport_error"] for x in exchanges), "refused handshakes are evidence"


#: Defects of the TLS layer, proven on the reference in 2W-be: in 2W-be-S the request with a bad client certificate
#: is refused anyway, because it is signed by the suite's party and not by the certificate's (the signer binding).
TLS_DEFECTS = ("accepts-untrusted-client-cert", "accepts-expired-client-cert")


@pytest.mark.parametrize("defect", [d.name for d in EDUK.defects])
def test_defect_fails_exactly_its_requirements(defect, state_dir, tmp_path):
    outcome = (reference_run("edukoppeling", start_reference(state_dir, [defect], profiel="2W-be"), tmp_path, [defect],
                             outputs=False)
               if defect in TLS_DEFECTS else demo_run("edukoppeling", tmp_path, [defect], outputs=False))
    assert_fails_exactly("edukoppeling", defect, outcome)


def test_profile_2w_be_makes_the_signature_tests_inapplicable(state_dir, tmp_path):
    """A candidate that declares 2W-be is not asked for signatures, and passes everything else."""
    running = start_reference(state_dir, profiel="2W-be")
    try:
        config = demo_config({"edukoppeling": running}, tmp_path / "candidate.toml")
        outcome = run_suite(config, output_dir=tmp_path / "out", standards=["edukoppeling"], mode="demo",
                            defects=[], quiet=True)
    finally:
        running.stop()
    run = outcome.result
    assert run is not None
    by_outcome = {(t.id.split("-")[1], t.outcome) for t in run.tests}
    assert ("ondertekening", Outcome.INAPPLICABLE) in by_outcome
    assert {o for part, o in by_outcome if part == "ondertekening"} == {Outcome.INAPPLICABLE}
    assert {o for part, o in by_outcome if part != "ondertekening"} == {Outcome.PASSED}
    assert run.verdict is Verdict.CONFORMANT


@pytest.mark.parametrize("peer", ["plaintext", "hanging"])
def test_a_candidate_without_working_tls_gets_reasons_not_errors(peer, state_dir, tmp_path):
    """Plain HTTP where TLS belongs, or a handshake that never ends: failed or cantTell with the reason, no error
    and no hang (every connect and read is bounded by the configured timeout)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)  # the peer stops when told: a thread left in accept() would outlive the test
    held: list[socket.socket] = []
    done = threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)
            if peer == "plaintext":
                with contextlib.suppress(OSError):
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                conn.close()

    peer_thread = threading.Thread(target=serve, daemon=True)
    peer_thread.start()
    running = start_reference(state_dir)
    try:
        table = dict(running.config, endpoint=f"https://localhost:{listener.getsockname()[1]}/ping", timeout=1)
        config = demo_config({"edukoppeling": _Pointing(table)}, tmp_path / "candidate.toml")
        started = time.monotonic()
        outcome = run_suite(config, output_dir=tmp_path / "out", standards=["edukoppeling"], mode="demo",
                            defects=[], quiet=True)
        assert time.monotonic() - started < 60
    finally:
        running.stop()
        done.set()
        peer_thread.join(timeout=5)
        listener.close()
        for conn in held:
            conn.close()
    run = outcome.result
    assert run is not None
    assert {t.outcome for t in run.tests} <= {Outcome.FAILED, Outcome.CANT_TELL, Outcome.INAPPLICABLE}
    server_test = next(t for t in run.tests if "servercertificaat" in t.id)
    expected = "wrong version number" if peer == "plaintext" else "did not finish within 1s"
    assert server_test.outcome is Outcome.FAILED and expected in server_test.message
    assert run.verdict is Verdict.NOT_CONFORMANT


class _Pointing:
    """A `RunningReference` stand-in whose table points at a broken peer."""

    base_url = "https://localhost"

    def __init__(self, table: dict) -> None:  # type: ignore[type-arg]
        self.config = table

    def stop(self) -> None:
        pass
