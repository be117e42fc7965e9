"""The reference LAS as a LAS's scheduled job: it waits for the NV, syncs, and syncs again when the NV comes back."""

from __future__ import annotations

import time

from conformance.outcomes import Outcome
from conformance.pki import ensure_loopback_pki
from conformance.standards.eckid.client_judge.judge import ENDPOINT_PATH, PUBLISHED_PGNS, PUBLISHED_SALT, JudgeSettings, start_judge
from conformance.standards.eckid.client_judge.verdicts import assess_all
from conformance.standards.eckid.client_judge.reference import ReferenceNvCaller, free_port


def test_reference_las_syncs_again_when_the_judging_nv_comes_back(state_dir):
    pki = ensure_loopback_pki(state_dir / "pki")
    school, vendor = pki.test_pki["school"].oin or "", pki.test_pki["candidate"].oin or ""
    port = free_port()
    settings = JudgeSettings(scholen=(school,), leveranciers=(vendor,), poort=port, min_pollinterval=0.2,
                             batch_vertraging=0.8, nawacht=0.3, wachttijd=30)
    las = ReferenceNvCaller(f"https://localhost:{port}{ENDPOINT_PATH}", pki, school_oin=school,
                        pgns=tuple(PUBLISHED_PGNS), salt_b64=PUBLISHED_SALT, pollinterval=0.25).start()
    try:
        for run in range(2):  # two runs against one served demo, a moment apart as two `conformance run`s are
            if run:
                time.sleep(1.5)
            judge = start_judge(state_dir, settings)
            try:
                assert judge.wait() is None
                verdicts = {req: (outcome, message) for req, (outcome, message, _) in assess_all(judge).items()}
                assert {outcome for outcome, _ in verdicts.values()} == {Outcome.PASSED}, verdicts
            finally:
                judge.stop()
    finally:
        las.stop()
    assert las.error is None
