"""AVAIL-04's judge on sampled answers: a valid answer of the school asked for passes; anything else is named."""

from __future__ import annotations

from pathlib import Path

from conformance.load.correctness import SampleVerdict, judge_samples
from conformance.load.mix import Operation
from conformance.standards.uwlr.reference import ReferenceLas, demo_data
from conformance.transport import HttpRequest

OPERATION = Operation(name="uwlr HaalLeerlinggegevens", weight=1, url="https://localhost/uwlr", headers={},
                      body="", check={"standard": "uwlr", "operation": "HaalLeerlinggegevens", "versie": "2.3",
                                      "brincode": "99XA", "schoolkey": None})


def _answer() -> bytes:
    from conformance.standards.uwlr import codec
    from conformance.xml.soap import build_envelope

    pupil_data = demo_data()
    school = pupil_data.school
    header = codec.autorisatie_header(klantnaam=pupil_data.klantnaam, klantcode=pupil_data.klantcode,
                                      autorisatiesleutel=pupil_data.autorisatiesleutel)
    body = codec.verzoek("HaalLeerlinggegevens", schooljaar=school.schooljaar, xsdversie="2.3",
                         brincode=school.brincode, dependancecode=school.dependancecode)
    answer = ReferenceLas(pupil_data)(HttpRequest(method="POST", path="/uwlr/leerlinggegevens", body=build_envelope(
        body, headers=[header]), headers={"soapaction": '"HaalLeerlinggegevens"',
                                          "content-type": "text/xml; charset=utf-8"}))
    assert answer.status == 200, answer.body[:300]
    assert school.brincode == "99XA"
    return answer.body


def test_a_valid_answer_of_the_school_asked_for_passes(tmp_path: Path):
    (tmp_path / "sample-0-1-0.xml").write_bytes(_answer())
    verdict = judge_samples(tmp_path, [OPERATION])
    assert (verdict.judged, verdict.problems) == (1, [])


def test_another_schools_data_a_broken_answer_and_a_non_soap_answer_are_each_named(tmp_path: Path):
    good = _answer()
    (tmp_path / "sample-0-1-0.xml").write_bytes(good.replace(b">99XA<", b">99ZZ<", 1))
    (tmp_path / "sample-0-1-1.xml").write_bytes(good.replace(b"<lg:peildatum>", b"<lg:peildatum>x", 1))
    (tmp_path / "sample-0-1-2.xml").write_bytes(b"<html>busy</html>")
    verdict = judge_samples(tmp_path, [OPERATION])
    assert verdict.judged == 3
    assert any("data of another school: brincode 99ZZ, asked for 99XA" in p for p in verdict.problems)
    assert any("peildatum" in p for p in verdict.problems)
    assert any("not a SOAP message" in p or "no single answer" in p for p in verdict.problems)


def test_a_catalogue_page_is_judged_by_the_catalogues_own_rules(state_dir: Path, tmp_path: Path):
    import ssl

    import httpx

    from conformance.config import load_config
    from conformance.harness import demo_config, reference_endpoints
    from conformance.load.mix import start_schooljaar
    from conformance.standards import all_standards

    with reference_endpoints(["catalogus"], []) as running:
        candidate = load_config(demo_config(running, tmp_path / "c.toml"), known_standards=all_standards())
        harvest, _readcatalog = start_schooljaar(candidate, ["catalogus"], pool=1)
        trust = ssl.create_default_context(cafile=str(candidate.tls.ca_bundle))
        page = httpx.get(harvest.urls[1], verify=trust).content
    assert page.count(b"recordData") >= 2
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "sample-0-1-0.xml").write_bytes(page)
    assert judge_samples(tmp_path / "good", [harvest]) == SampleVerdict(judged=1, problems=[])
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "sample-0-1-0.xml").write_bytes(b"<html><body>busy</body></html>")
    verdict = judge_samples(tmp_path / "bad", [harvest])
    assert verdict.judged == 1 and len(verdict.problems) == 1
