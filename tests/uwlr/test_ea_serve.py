"""`conformance serve --standard uwlr --judge --judge-config`: the judging LAS outside a run, with the same verdicts
and a line per call as it arrives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conformance.pki import ensure_loopback_pki
from conformance.standards.uwlr.ea_judge import PLAN
from conformance.standards.uwlr.ea_reference import ClientProfile, ReferenceEa
from conformance.standards.uwlr.reference import demo_gegevens

KEY = "sleutel-uitgegeven-voor-de-serve-test"


def _serve(state_dir: Path, tmp_path: Path, config: Path | None) -> subprocess.Popen[str]:
    env = {**os.environ, "CONFORMANCE_STATE_DIR": str(state_dir)}
    judge_config = ["--judge-config", str(config)] if config is not None else []
    return subprocess.Popen([sys.executable, "-m", "conformance", "serve", "--standard", "uwlr", "--judge",
                             *judge_config, "--write-config", str(tmp_path / "x.toml")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)


def _endpoint(server: subprocess.Popen[str], seen: list[str]) -> tuple[str, str]:
    """The endpoints serve announces; the lines read on the way are kept in `seen`."""
    assert server.stdout is not None
    found: dict[str, str] = {}
    deadline = time.monotonic() + 60
    while len(found) < 2 and time.monotonic() < deadline:
        line = server.stdout.readline()
        assert line, "serve ended before it announced its endpoints"
        seen.append(line)
        for name in ("LAS endpoint", "results endpoint"):
            if name in line:
                found[name] = line.split(f"{name} ")[1].split()[0]
    return found["LAS endpoint"], found["results endpoint"]


def _profile(versie: str, key: str) -> ClientProfile:
    """An alles-in-één client of the demo school that pushes nothing, with the template's klant."""
    school = demo_gegevens().school
    return ClientProfile(versie=versie, gegevenssetid="Smalle-set", getrapt=False, pusht=False,
                         klantnaam="Conformance Test EA", klantcode="CT-EA-0001", autorisatiesleutel=key,
                         schooljaar=school.schooljaar, brincode=school.brincode, dependancecode=school.dependancecode)


def test_serve_judge_with_a_client_table(state_dir: Path, tmp_path: Path):
    pki = ensure_loopback_pki(state_dir / "pki")
    config = tmp_path / "ea.toml"
    config.write_text(f"""[candidate]
naam = "EA"
organisatie = "test"
[uwlr.ea]
versie = "2.2"
operaties = ["HaalLeerlinggegevens"]
autorisatiesleutel = "{KEY}"
min_pollinterval = 0.2
""", encoding="utf-8")
    server = _serve(state_dir, tmp_path, config)
    seen: list[str] = []
    try:
        endpoint, results = _endpoint(server, seen)
        client = ReferenceEa(endpoint, results, pki, _profile("2.2", KEY), pollinterval=0.25, give_up=30,
                             repeat=False).start()
        assert client.done.wait(60) and client.error is None, client.error
        time.sleep(0.3)
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    output = "".join(seen) + output
    findings = json.loads((tmp_path / "uwlr-judge.json").read_text(encoding="utf-8"))
    verdicts = {f["requirement"]: f["outcome"] for f in findings["requirements"]}
    assert verdicts == {**{f"UWLR-EA-0{i}": "passed" for i in range(1, 9)},  # alles-in-één, 2.2, no pushes:
                        **{f"UWLR-EA-{i:02d}": "inapplicable" for i in range(9, 13)},
                        "UWLR-EA-13": "passed"}, findings["requirements"]
    assert [c["answer"] for c in findings["calls"]][:len(PLAN)] == [
        "data", "geenwijzigingen", "Client.AutorisatieOngeldig", "Server.TijdelijkNietBeschikbaar", "unreachable",
        "geenwijzigingen"]
    assert "fetch 3 HaalLeerlinggegevens: answered Client.AutorisatieOngeldig" in output
    assert KEY not in output  # a configured key is not printed; only one issued for the session is


def test_serve_judge_without_a_config_issues_a_key_and_names_a_wrong_one(state_dir: Path, tmp_path: Path):
    pki = ensure_loopback_pki(state_dir / "pki")
    server = _serve(state_dir, tmp_path, None)
    seen: list[str] = []
    try:
        endpoint, results = _endpoint(server, seen)
        client = ReferenceEa(endpoint, results, pki, _profile("2.3", "geraden"), pollinterval=0.05, give_up=30,
                             repeat=False).start()
        assert client.done.wait(60) and client.error is None, client.error
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    output = "".join(seen) + output
    assert "autorisatiesleutel issued for this session: " in output
    assert "UWLR-EA-02: autorisatiesleutel not the one issued to the client for this run" in output
    findings = json.loads((tmp_path / "uwlr-judge.json").read_text(encoding="utf-8"))
    verdicts = {f["requirement"]: f["outcome"] for f in findings["requirements"]}
    assert verdicts["UWLR-EA-02"] == "failed" and verdicts["UWLR-EA-07"] == "failed"  # 60 s is the default minimum
