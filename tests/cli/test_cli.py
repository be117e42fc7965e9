"""The command line as a user meets it: help, init, list, validate, run --demo and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re

from lxml import etree
from typer.testing import CliRunner

from conformance.cli.main import app
from conformance.standards.uwlr import codec
from conformance.synthetic import generate_school

runner = CliRunner()


def test_every_command_explains_itself():
    for command in ("init", "run", "serve", "list", "validate", "report", "keygen", "verify", "diff", "schema",
                    "eckid", "pki"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.output


def test_init_writes_a_template_that_names_every_table(tmp_path):
    target = tmp_path / "candidate.toml"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "[candidate]" in text and "[uwlr.autorisatie]" in text and "autorisatiesleutel_env" in text
    again = runner.invoke(app, ["init", str(target)])
    assert again.exit_code == 2 and "exists" in again.output


def test_list_shows_tests_requirements_and_defects():
    tests = json.loads(runner.invoke(app, ["list", "--json", "--standard", "uwlr"]).output)
    assert len(tests) >= 40 and all(t["requirements"] for t in tests)
    defects = json.loads(runner.invoke(app, ["list", "--defects", "--json", "--standard", "uwlr"]).output)
    assert len(defects) >= 12 and all(d["breaks"] for d in defects)
    reqs = json.loads(runner.invoke(app, ["list", "--requirements", "--json", "--standard", "uwlr"]).output)
    assert {"UWLR-FLT-07", "UWLR-ID-02"} <= {r["id"] for r in reqs}


def test_run_needs_config_or_demo():
    assert runner.invoke(app, ["run"]).exit_code == 2
    assert runner.invoke(app, ["run", "--config", "does-not-exist.toml"]).exit_code == 2
    assert runner.invoke(app, ["run", "--demo", "--defect", "no-such-defect"]).exit_code == 2


def test_run_with_a_bad_config_exits_2(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[candidate]\nnaam = "x"\norganisatie = "y"\n[uwlr]\nversies = ["2.2"]\n', encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(config), "--output", str(tmp_path / "out")])
    assert result.exit_code == 2


def _answer_file(tmp_path, mutate=None, eckid_omgeving="productie"):  # type: ignore[no-untyped-def]
    school = generate_school(leerlingen=60, groepen=4, samengestelde_groepen=1, leerkrachten=6,
                             eckid_omgeving=eckid_omgeving)
    answer = codec.encode_answer("HaalLeerlinggegevens", school, profiel="lvs-set", xsdversie="2.2",
                                   aanmaakdatum=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    if mutate:
        mutate(answer)
    path = tmp_path / "antwoord.xml"
    path.write_bytes(etree.tostring(answer, pretty_print=True))
    return path


def test_validate_accepts_a_good_answer(tmp_path):
    result = runner.invoke(app, ["validate", str(_answer_file(tmp_path)), "--standard", "uwlr", "--profiel", "lvs-set"])
    assert result.exit_code == 0, result.output
    assert "0 finding(s)" in result.output


def test_validate_judges_eckids_against_the_declared_environment_productie_by_default(tmp_path):
    """One default with `run` ([uwlr] eckid_omgeving): a production answer from a LAS in use has no false alarms."""
    pilot = _answer_file(tmp_path, eckid_omgeving="pilot")
    by_default = runner.invoke(app, ["validate", str(pilot), "--standard", "uwlr", "--profiel", "lvs-set", "--json"])
    assert by_default.exit_code == 1
    assert {f["requirement"] for f in json.loads(by_default.output)} == {"UWLR-ID-05"}
    declared = runner.invoke(app, ["validate", str(pilot), "--standard", "uwlr", "--profiel", "lvs-set",
                                   "--eckid-omgeving", "pilot"])
    assert declared.exit_code == 0 and "0 finding(s)" in declared.output, declared.output
    wrong = runner.invoke(app, ["validate", str(pilot), "--standard", "uwlr", "--eckid-omgeving", "acceptatie"])
    assert wrong.exit_code == 2 and "--eckid-omgeving is productie or pilot" in wrong.output
    pilot_eckid = "https://ketenid.nl/pilot/" + "0" * 128
    assert runner.invoke(app, ["eckid", "check", pilot_eckid, "--eckid-omgeving", "pilot"]).exit_code == 0
    assert runner.invoke(app, ["eckid", "check", pilot_eckid, "--eckid-omgeving", "productie"]).exit_code == 2


def test_validate_lists_findings_with_requirement_and_line(tmp_path):
    def dangle(answer):  # type: ignore[no-untyped-def]
        next(answer.iter(f"{{{codec.LG}}}leerling")).find(f"{{{codec.LG}}}groep").set("key", "G-WEG")

    result = runner.invoke(app, ["validate", str(_answer_file(tmp_path, dangle)), "--standard", "uwlr",
                                 "--profiel", "lvs-set", "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.output)
    assert {"UWLR-ID-02", "UWLR-XSD-01"} <= {f["requirement"] for f in findings}
    assert all(f["line"] for f in findings if f["requirement"] == "UWLR-ID-02")


def test_validate_refuses_hostile_and_missing_files(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')
    result = runner.invoke(app, ["validate", str(bomb), "--standard", "uwlr"])
    assert result.exit_code == 1 and "DOCTYPE" in result.output
    assert runner.invoke(app, ["validate", str(tmp_path / "nope.xml"), "--standard", "uwlr"]).exit_code == 2


def test_validate_judges_the_answer_inside_a_soap_envelope(tmp_path):
    answer = _answer_file(tmp_path).read_bytes()
    envelope = tmp_path / "envelope.xml"
    soap = b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>%s</s:Body></s:Envelope>'
    envelope.write_bytes(soap % answer)
    assert runner.invoke(app, ["validate", str(envelope), "--standard", "uwlr", "--profiel", "lvs-set"]).exit_code == 0
    envelope.write_bytes(soap % (answer + answer))
    result = runner.invoke(app, ["validate", str(envelope), "--standard", "uwlr", "--json"])
    assert result.exit_code == 1 and json.loads(result.output)[0]["requirement"] == "UWLR-SOAP-01"


def test_validate_refuses_an_answer_over_the_size_limit_before_reading_it(tmp_path):
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as file:  # sparse: 101 MB of zero bytes, which a parser would call not XML
        file.truncate(101 * 2**20)
    result = runner.invoke(app, ["validate", str(huge), "--standard", "uwlr"])
    assert result.exit_code == 2
    assert "101 MB" in result.output and "at most 100 MB" in result.output and "Nothing was read" in result.output
    good = _answer_file(tmp_path)
    assert runner.invoke(app, ["validate", str(good), "--standard", "uwlr", "--max-mb", "1"]).exit_code == 0
    assert runner.invoke(app, ["validate", str(huge), "--standard", "uwlr", "--max-mb", "1"]).exit_code == 2


def test_demo_run_is_conformant_and_writes_the_outputs(state_dir, tmp_path):
    result = runner.invoke(app, ["run", "--demo", "--output", str(tmp_path / "out"), "--bundle"])
    assert result.exit_code == 0, result.output[-3000:]
    assert "verdict: conformant" in result.output
    for name in ("report.html", "results.json", "junit.xml", "earl.jsonld", "evidence.zip"):
        assert (tmp_path / "out" / name).is_file(), name


def test_demo_run_with_a_defect_is_not_conformant(state_dir, tmp_path):
    result = runner.invoke(app, ["run", "--demo", "--standard", "uwlr", "--defect", "fout-onbekende-brin",
                                 "--output", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "UWLR-FLT-07" in result.output and "not-conformant" in result.output


def test_official_refuses_selection_and_demo(tmp_path):
    result = runner.invoke(app, ["run", "--official", "--demo"])
    assert result.exit_code == 2 and "refuses" in result.output
    config = tmp_path / "c.toml"
    config.write_text("", encoding="utf-8")
    assert runner.invoke(app, ["run", "--official", "--config", str(config), "--only", "fouten"]).exit_code == 2


def test_self_test_selection_rerun_and_expected_failures(state_dir, tmp_path):
    """The options of a vendor's self-test on one standard's demo (the whole demo's verdict is the test above)."""
    first = runner.invoke(app, ["run", "--demo", "--standard", "uwlr", "--defect", "fout-onbekende-brin",
                                "--output", str(tmp_path / "a")])
    assert first.exit_code == 1
    data = json.loads((tmp_path / "a" / "results.json").read_text(encoding="utf-8"))
    failed = [t["id"] for t in data["tests"] if t["outcome"] == "failed"]
    assert failed == ["uwlr-fouten-onbekende_brin"]

    rerun = runner.invoke(app, ["run", "--demo", "--standard", "uwlr", "--defect", "fout-onbekende-brin",
                                "--output", str(tmp_path / "b"),
                                "--rerun-failed", str(tmp_path / "a" / "results.json")])
    assert rerun.exit_code == 1
    assert [t["id"] for t in json.loads((tmp_path / "b" / "results.json").read_text())["tests"]] == failed

    expected = tmp_path / "expected.txt"
    expected.write_text("uwlr-fouten-onbekende_brin  # ticket LAS-123\n", encoding="utf-8")
    known = runner.invoke(app, ["run", "--demo", "--standard", "uwlr", "--defect", "fout-onbekende-brin",
                                "--only", "fouten", "--expected-failures", str(expected), "--output", str(tmp_path / "c")])
    assert known.exit_code == 0, known.output[-2000:]
    assert re.search(r"partial run: only \d+ selected tests \(fouten\)", " ".join(known.output.split()))
    partial = json.loads((tmp_path / "c" / "results.json").read_text(encoding="utf-8"))
    assert partial["selection"] == ["fouten"]
    assert "Partial run" in (tmp_path / "c" / "report.html").read_text(encoding="utf-8")
    fixed = runner.invoke(app, ["run", "--demo", "--standard", "uwlr", "--only", "fouten", "--expected-failures",
                                str(expected),
                                "--output", str(tmp_path / "d")])
    assert fixed.exit_code == 3
    assert "no longer fails" in fixed.output or "remove it" in fixed.output


def test_attestations_appear_apart_in_the_report(state_dir, tmp_path):
    from conformance.harness import demo_config, reference_endpoints, run_suite

    with reference_endpoints(["uwlr"], []) as running:
        config = demo_config(running, tmp_path / "candidate.toml")
        config.write_text(config.read_text(encoding="utf-8") + '\n[attestations.UWLR-ATT-01]\nanswer = "yes"\n'
                          'reference = "Procedure sleutels v3"\nperson = "A. Auditor"\n', encoding="utf-8")
        outcome = run_suite(config, output_dir=tmp_path / "out", standards=["uwlr"], quiet=True, select=["fouten"])
    data = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    modes = {r["id"]: (r["mode"], r["outcome"]) for r in data["requirements"]}
    assert modes["UWLR-ATT-01"] == ("attested", "passed") and modes["UWLR-ATT-02"] == ("attested", "untested")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert 'id="attested"' in html and "A. Auditor" in html
    assert outcome.result is not None


def _disagreeing(schema, element, limit):  # type: ignore[no-untyped-def]
    """Stands in for xmlschema: it rejects what libxml2 accepts, as a validator bug would."""
    from conformance.xml import SchemaError

    return [SchemaError(1, "the validator double rejects [every] document")]


def test_validate_with_dual_validation_says_where_the_validators_disagree(tmp_path, monkeypatch):
    path = _answer_file(tmp_path)
    args = ["validate", str(path), "--standard", "uwlr", "--profiel", "lvs-set", "--dual-validation"]
    assert runner.invoke(app, args).exit_code == 0  # they agree on our own answer
    from conformance.xml import _schema

    monkeypatch.setattr(_schema, "xmlschema_errors", _disagreeing)
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 3, result.output
    [finding] = json.loads(result.output)
    assert finding["requirement"] == "UWLR-XSD-01" and finding["severity"] == "warning" and finding["undecided"]
    assert "libxml2 (lxml) finds it valid" in finding["message"] and "rejects [every] document" in finding["message"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3 and "rejects [every] document" in result.output
    assert runner.invoke(app, ["validate", str(path), "--standard", "uwlr"]).exit_code == 0  # libxml2 alone
    assert runner.invoke(app, ["validate", str(path), "--standard", "catalogus", "--dual-validation"]).exit_code == 2


def test_run_dual_validation_is_recorded_in_the_provenance(state_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", "--demo", "--standard", "bestellen", "--only", "message_schema",
                                 "--dual-validation", "--output", str(out)])
    assert result.exit_code == 0, result.output[-3000:]
    validators = json.loads((out / "results.json").read_text(encoding="utf-8"))["provenance"]["schema_validators"]
    assert set(validators) == {"lxml", "libxml2", "xmlschema"}
    assert "a document the two judge differently is cantTell" in (out / "report.html").read_text(encoding="utf-8")


def _one_line(output: str) -> str:
    return " ".join(output.split())


def test_console_lists_each_requirement_not_passed_with_why_and_no_tracebacks(state_dir, tmp_path):
    """Failed with the reason, expected failures as such, and pytest's tracebacks only with --verbose."""
    expected = tmp_path / "expected.txt"
    expected.write_text("uwlr-waarden-jaargroep_uit_de_waardelijst  # ticket LAS-9\n", encoding="utf-8")
    args = ["run", "--demo", "--standard", "uwlr", "--defect", "ongeldige-jaargroep", "--expected-failures",
            str(expected)]
    result = runner.invoke(app, [*args, "--output", str(tmp_path / "a")])
    assert result.exit_code == 1
    text = _one_line(result.output)
    assert re.search(r"failed UWLR-XSD-01 \(MUST\): \S.*does not validate", text)
    assert ("expected failure uwlr-waarden-jaargroep_uit_de_waardelijst (UWLR-VAL-02): jaargroep_waardelijst: "
            "1 problem(s) - jaargroep '9' is not in the EDEX list") in text
    assert "untested UWLR-VAL-02 (MUST): judged only by expected failures" in text
    assert "untested UWLR-ATT-01 (MUST): no statement in [attestations]" in text
    for noise in ("Traceback", "def test_", "FAILED testcases", "short test summary"):
        assert noise not in result.output
    verbose = runner.invoke(app, [*args, "--verbose", "--output", str(tmp_path / "b")])
    assert verbose.exit_code == 1 and "def test_" in verbose.output


def test_console_names_errors_and_inapplicable_requirements_with_their_reason(state_dir, tmp_path):
    """A candidate that cannot be reached: each requirement says so, one line each, and what it does not declare."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the run: nothing listens there
    config = tmp_path / "c.toml"
    config.write_text(f'''[candidate]
naam = "LAS"
organisatie = "Leverancier"
[uwlr]
versies = ["2.2"]
operaties = ["HaalLeerlinggegevens"]
[uwlr.endpoints]
leerlinggegevens = "https://127.0.0.1:{port}/uwlr"
[uwlr.autorisatie]
klantnaam = "EA"
klantcode = "EA-1"
autorisatiesleutel = "sleutel-123"
[uwlr.testdata]
brincode = "99XA"
''', encoding="utf-8")
    result = runner.invoke(app, ["run", "--config", str(config), "--output", str(tmp_path / "out")])
    assert result.exit_code == 3
    text = _one_line(result.output)
    assert re.search(r"error UWLR-FLT-07 \(MUST\): candidate unreachable: \S", text)
    assert "inapplicable UWLR-LR-01 (MUST): the candidate does not declare BrengLeerresultaten" in text
    assert text.index("error UWLR-") < text.index("inapplicable UWLR-")
    assert "Traceback" not in result.output
