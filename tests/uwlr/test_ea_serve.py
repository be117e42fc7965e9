"""`conformance serve --standard uwlr --judge --judge-config`: the judging LAS outside a run, with the same verdicts
and a line per call as it arrives."""

from __future__ import annotations

import time
from pathlib import Path

from conformance.pki import ensure_loopback_pki
from conformance.standards.uwlr.client_judge.judge import PLAN
from conformance.standards.uwlr.client_judge.reference import ClientProfile, ReferenceEa
from conformance.standards.uwlr.reference import demo_data
from tests.serve_judge import announced, findings, serve_judge, stop_serve

KEY = "sleutel-uitgegeven-voor-de-serve-test"
ENDPOINTS = ("LAS endpoint", "results endpoint")


def _profile(versie: str, key: str) -> ClientProfile:
    """An alles-in-één client of the demo school that pushes nothing, with the template's klant."""
    school = demo_data().school
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
    server = serve_judge("uwlr", state_dir, tmp_path, config)
    seen: list[str] = []
    try:
        endpoints = announced(server, ENDPOINTS, seen)
        client = ReferenceEa(*(endpoints[name] for name in ENDPOINTS), pki, _profile("2.2", KEY), pollinterval=0.25,
                             give_up=30, repeat=False).start()
        assert client.done.wait(60) and client.error is None, client.error
        time.sleep(0.3)
    finally:
        output = stop_serve(server, seen)
    written = findings(tmp_path, "uwlr")
    verdicts = {f["requirement"]: f["outcome"] for f in written["requirements"]}
    assert verdicts == {**{f"UWLR-EA-0{i}": "passed" for i in range(1, 9)},  # alles-in-één, 2.2, no pushes:
                        **{f"UWLR-EA-{i:02d}": "inapplicable" for i in range(9, 13)},
                        "UWLR-EA-13": "passed"}, written["requirements"]
    assert [c["answer"] for c in written["calls"]][:len(PLAN)] == [
        "data", "geenwijzigingen", "Client.AutorisatieOngeldig", "Server.TijdelijkNietBeschikbaar", "unreachable",
        "geenwijzigingen"]
    assert "fetch 3 HaalLeerlinggegevens: answered Client.AutorisatieOngeldig" in output
    assert KEY not in output  # a configured key is not printed; only one issued for the session is


def test_serve_judge_without_a_config_issues_a_key_and_names_a_wrong_one(state_dir: Path, tmp_path: Path):
    pki = ensure_loopback_pki(state_dir / "pki")
    server = serve_judge("uwlr", state_dir, tmp_path)
    seen: list[str] = []
    try:
        endpoints = announced(server, ENDPOINTS, seen)
        client = ReferenceEa(*(endpoints[name] for name in ENDPOINTS), pki, _profile("2.3", "geraden"),
                             pollinterval=0.05, give_up=30, repeat=False).start()
        assert client.done.wait(60) and client.error is None, client.error
    finally:
        output = stop_serve(server, seen)
    assert "autorisatiesleutel issued for this session: " in output
    assert "UWLR-EA-02: autorisatiesleutel not the one issued to the client for this run" in output
    verdicts = {f["requirement"]: f["outcome"] for f in findings(tmp_path, "uwlr")["requirements"]}
    assert verdicts["UWLR-EA-02"] == "failed" and verdicts["UWLR-EA-07"] == "failed"  # 60 s is the default minimum
