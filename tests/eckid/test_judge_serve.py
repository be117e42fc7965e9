"""`conformance serve --standard eckid --judge --judge-config`: the judging NV outside a run, with the same verdicts."""

from __future__ import annotations

import json
import time
from pathlib import Path

from conformance.pki import ensure_loopback_pki
from conformance.standards.eckid.client_judge.judge import PUBLISHED_PGNS, PUBLISHED_SALT
from conformance.standards.eckid.client_judge.reference import ReferenceNvCaller
from tests.serve_judge import announced, findings, serve_judge, stop_serve


def test_serve_judge_with_a_las_table(state_dir: Path, tmp_path: Path):
    pki = ensure_loopback_pki(state_dir / "pki")
    school, vendor = pki.test_pki["school"].oin, pki.test_pki["candidate"].oin
    config = tmp_path / "las.toml"
    config.write_text(f"""[candidate]
naam = "LAS"
organisatie = "test"
[eckid.las]
scholen = ["{school}"]
leveranciers = ["{vendor}"]
pgns = {json.dumps(list(PUBLISHED_PGNS))}
salt_env = "TEST_LAS_SALT"
min_pollinterval = 0.2
batch_vertraging = 0.6
""", encoding="utf-8")
    server = serve_judge("eckid", state_dir, tmp_path, config, env={"TEST_LAS_SALT": PUBLISHED_SALT})
    seen: list[str] = []
    try:
        endpoint = announced(server, ["NV endpoint"], seen)["NV endpoint"]
        las = ReferenceNvCaller(endpoint, pki, school_oin=school or "", pgns=tuple(PUBLISHED_PGNS),
                            salt_b64=PUBLISHED_SALT, pollinterval=0.25).start()
        assert las.done.wait(60) and las.error is None, las.error
        time.sleep(0.5)
    finally:
        output = stop_serve(server, seen)
    written = findings(tmp_path, "eckid")
    verdicts = {f["requirement"]: f["outcome"] for f in written["requirements"]}
    assert verdicts == {**{f"ECKID-HASH-0{i}": "passed" for i in range(1, 6)},
                        **{f"ECKID-LAS-0{i}": "passed" for i in range(1, 6)}}, written["requirements"]
    assert PUBLISHED_SALT not in output
    assert not any(value in output for value in PUBLISHED_PGNS.values())
