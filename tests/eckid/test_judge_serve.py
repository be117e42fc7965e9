"""`conformance serve --standard eckid --judge --judge-config`: the judging NV outside a run, with the same verdicts."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conformance.pki import ensure_loopback_pki
from conformance.standards.eckid.judge import PUBLISHED_PGNS, PUBLISHED_SALT
from conformance.standards.eckid.las_reference import ReferentieLas


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
    env = {**os.environ, "CONFORMANCE_STATE_DIR": str(state_dir), "TEST_LAS_SALT": PUBLISHED_SALT}
    server = subprocess.Popen([sys.executable, "-m", "conformance", "serve", "--standard", "eckid", "--judge",
                               "--judge-config", str(config), "--write-config", str(tmp_path / "x.toml")],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert server.stdout is not None
        endpoint = None
        deadline = time.monotonic() + 60
        while endpoint is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            assert line, "serve ended before it announced its endpoint"
            if "NV endpoint" in line:
                endpoint = line.split("NV endpoint ")[1].split()[0]
        assert endpoint is not None
        las = ReferentieLas(endpoint, pki, school_oin=school or "", pgns=tuple(PUBLISHED_PGNS),
                            salt_b64=PUBLISHED_SALT, pollinterval=0.25).start()
        assert las.klaar.wait(60) and las.fout is None, las.fout
        time.sleep(0.5)
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    findings = json.loads((tmp_path / "eckid-judge.json").read_text(encoding="utf-8"))
    verdicts = {f["requirement"]: f["outcome"] for f in findings["requirements"]}
    assert verdicts == {**{f"ECKID-HASH-0{i}": "passed" for i in range(1, 6)},
                        **{f"ECKID-LAS-0{i}": "passed" for i in range(1, 6)}}, findings["requirements"]
    assert PUBLISHED_SALT not in output
    assert not any(value in output for value in PUBLISHED_PGNS.values())
