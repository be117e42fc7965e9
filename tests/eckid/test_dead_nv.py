"""A refusal proves something only while the NV answers the suite's own party: against a dead endpoint the tests
that expect a refusal must not pass (a dead endpoint refuses everyone)."""

from __future__ import annotations

import socket

from conformance.outcomes import Outcome
from conformance.standards.eckid.reference_server import start_reference
from tests.reference_verdicts import reference_run


def test_refusal_tests_do_not_pass_against_a_dead_endpoint(state_dir, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the run: nothing listens there
    outcome = reference_run("eckid", start_reference(state_dir, [], profiel="2W-be-S"), tmp_path, outputs=False,
                            select=["eckid-dienst-no_client_certificate", "eckid-ondertekening-"],
                            declared={"endpoint": f"https://127.0.0.1:{port}/eck/ws/201703"})
    run = outcome.result
    assert run is not None
    judged = {t.id: t.outcome for t in run.tests if t.outcome is not Outcome.INAPPLICABLE}
    assert "eckid-dienst-no_client_certificate_no_answer" in judged and len(judged) >= 5
    assert [tid for tid, o in judged.items() if o is Outcome.PASSED] == []
    assert set(judged.values()) <= {Outcome.ERROR, Outcome.CANT_TELL}
