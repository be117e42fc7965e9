"""Judge mode: the suite as NV judges a LAS's hPGNs without blocking its answers (cheap pre-2016 parameters here)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time

import pytest

from conformance.outcomes import Outcome
from conformance.pki import ensure_loopback_pki
from conformance.standards.eckid.client import NvClient
from conformance.standards.eckid.codec import request
from conformance.standards.eckid.hashing import (
    LEGACY_SCRYPT_N,
    LEGACY_SCRYPT_P,
    SCRYPT_N,
    SCRYPT_P,
    decode_salt,
    scrypt_hex,
)
from conformance.standards.eckid.client_judge.judge import PUBLISHED_PGNS, PUBLISHED_SALT, HpgnJudge, JudgingNv, start_judge
from conformance.standards.eckid.client_judge.judge_cache import HashWork, HpgnCache
from conformance.standards.eckid.client_judge.verdicts import assess_all
from conformance.standards.eckid.reference import ReferenceNv, demo_settings
from conformance.transport import HttpClient, HttpRequest, TlsSettings
from conformance.xml.soap import build_envelope

PGN = "063138219"
LEGACY_HPGN = "95237cd20963e630034620324550809a3df98bbe0774a36c356bf5dbc8a65e7b"  # published (eckid §3.1)


def _legacy(password: bytes, salt: bytes) -> str:
    return scrypt_hex(password, salt, n=LEGACY_SCRYPT_N, p=LEGACY_SCRYPT_P)


@pytest.fixture
def hash_judge():
    judge = HpgnJudge([PGN], PUBLISHED_SALT, n=LEGACY_SCRYPT_N, p=LEGACY_SCRYPT_P)
    yield judge
    judge.close()


def test_right_hpgn_passes(hash_judge):
    judgement = hash_judge.judge(LEGACY_HPGN).result(timeout=60)
    assert judgement.outcome is Outcome.PASSED and "test PGN 1" in judgement.message


@pytest.mark.parametrize(("value", "requirement"), [
    (LEGACY_HPGN.upper(), "ECKID-HASH-04"),
    ("abc", "ECKID-HASH-04"),
    (_legacy(b"63138219", decode_salt(PUBLISHED_SALT)), "ECKID-HASH-05"),
    (_legacy(PGN.encode(), PUBLISHED_SALT.encode()), "ECKID-HASH-03"),
])
def test_known_mistakes_fail_their_requirement(hash_judge, value, requirement):
    judgement = hash_judge.judge(value).result(timeout=60)
    assert (judgement.outcome, judgement.requirements) == (Outcome.FAILED, (requirement,))
    assert value not in judgement.message and PGN not in judgement.message


def test_unknown_hpgn_cannot_be_told(hash_judge):
    assert hash_judge.judge("f" * 64).result(timeout=60).outcome is Outcome.CANT_TELL


def test_hashing_never_blocks_an_answer():
    def slow(password: bytes, salt: bytes, *, n: int, p: int) -> str:
        time.sleep(2)
        return "0" * 64

    judge = HpgnJudge([PGN], PUBLISHED_SALT, hasher=slow)
    app = JudgingNv(ReferenceNv(demo_settings()), judge, live=True)
    body = build_envelope(request("retrieveStampseudonym", hpgn="0" * 64))
    started = time.monotonic()
    answer = app(HttpRequest(method="POST", path="/", headers={}, body=body))
    assert time.monotonic() - started < 1.0
    assert answer.status == 500  # no WS-Addressing: the NV's own fault, judged all the same
    assert judge.judge("0" * 64).result(timeout=30).outcome is Outcome.PASSED
    judge.close()


def test_judging_nv_over_mutual_tls(tmp_path, state_dir):
    running = start_judge(state_dir, live=True)
    try:
        pki = ensure_loopback_pki(state_dir / "pki")
        tls = TlsSettings(ca_bundle=pki.ca_bundle, client_cert=running.pki_files["client_cert"],
                          client_key=running.pki_files["client_key"])
        with HttpClient(tls=tls) as http:
            las = NvClient(http, running.endpoint, "00000001003214345000")
            for value in PUBLISHED_PGNS.values():
                las.send("retrieveStampseudonym", hpgn=value).value("stampseudonym", "x")
        deadline = time.monotonic() + 30
        while len(running.hash_judge.judgements) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [o.outcome for o in running.hash_judge.judgements] == [Outcome.PASSED, Outcome.PASSED]
        text = running.write_findings(tmp_path / "judge.json", assess_all(running)).read_text(encoding="utf-8")
        findings = json.loads(text)
        assert findings["mode"] == "judge"
        verdicts = {f["requirement"]: f["outcome"] for f in findings["requirements"]}
        assert verdicts["ECKID-HASH-04"] == "passed" and verdicts["ECKID-LAS-03"] == "cantTell"  # no batch was sent
        assert not any(value in text for value in PUBLISHED_PGNS.values())
    finally:
        running.stop()


def test_analysis_explains_known_mistakes_per_pupil():
    """A mistake on one pupil explains that pupil; the right one counts; unexplained values leave pupils missing."""
    salt = decode_salt(PUBLISHED_SALT)
    judge = HpgnJudge([PGN, "20DP teacher@school.com"], PUBLISHED_SALT, n=LEGACY_SCRYPT_N, p=LEGACY_SCRYPT_P)
    try:
        uncased = _legacy(b"20DP teacher@school.com", salt)
        analyse = judge.analyse([LEGACY_HPGN, uncased, "a" * 64, "abc"])
        assert analyse.found == {1}
        assert analyse.explained == {2: ("ECKID-HASH-02", "the PGN was not lower-cased")}
        assert analyse.errors("ECKID-HASH-02") == ["test PGN 2: the PGN was not lower-cased"]
        assert analyse.unexplained == 1 and analyse.missing == [] and len(analyse.malformed) == 1
        assert judge.analyse([LEGACY_HPGN]).missing == [2]
    finally:
        judge.close()


def test_hash_cache_keeps_values_private_and_reused(tmp_path):
    calls = []

    def counting(password: bytes, salt: bytes, *, n: int, p: int) -> str:
        calls.append(password)
        return _legacy(password, salt)

    for _ in range(2):
        work = HashWork(cache=HpgnCache(tmp_path / "cache"), hasher=counting)
        assert work.hash(PGN.encode(), decode_salt(PUBLISHED_SALT), n=LEGACY_SCRYPT_N,
                         p=LEGACY_SCRYPT_P).result(timeout=60) == LEGACY_HPGN
        work.close()
    assert len(calls) == 1  # the second pool found it on disk
    files = list((tmp_path / "cache").iterdir())
    assert {f.stat().st_mode & 0o777 for f in files} == {0o600}
    assert not any(PGN in f.name or PGN.encode() in f.read_bytes() for f in files)


def test_judging_nv_for_a_las_on_another_machine(state_dir):
    """Listening on every interface, it presents the configured certificate and tells the LAS the configured URL."""
    import socket
    import ssl

    from conformance.standards.eckid.client_judge.judge import JudgeSettings
    from conformance.standards.eckid.client_judge.reference import free_port

    pki = ensure_loopback_pki(state_dir / "pki")
    vendor = pki.test_pki["vendor"]
    port = free_port()
    adres = f"https://vendor.conformance.test:{port}/eck/ws/201703"
    settings = JudgeSettings(luister="0.0.0.0", poort=port, adres=adres, server_cert=vendor.chain,
                             server_key=vendor.key, wachttijd=1)
    running = start_judge(state_dir, settings)
    try:
        assert running.endpoint == adres
        context = ssl.create_default_context(cafile=str(pki.ca_bundle))
        context.load_cert_chain(str(running.pki_files["client_cert"]), str(running.pki_files["client_key"]))
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw, \
                context.wrap_socket(raw, server_hostname="vendor.conformance.test") as tls:
            names = [value for kind, value in tls.getpeercert()["subjectAltName"] if kind == "DNS"]
        assert names == ["vendor.conformance.test"]
    finally:
        running.stop()


def test_steekproef_takes_the_risky_pupils_first_and_is_the_same_every_run():
    from conformance.standards.eckid.client_judge.judge import choose_sample

    pgns = [f"{n:09d}" for n in range(100_000_000, 100_001_000)] + ["012345678", "20DP Leraar@school.nl"]
    assert choose_sample(pgns, 0) == list(range(len(pgns))) == choose_sample(pgns, 5000)
    sample = choose_sample(pgns, 10)
    assert len(sample) == 10 and sample == choose_sample(pgns, 10)
    assert {1000, 1001} <= set(sample), "a leading zero and letters that lower-casing changes are always judged"


def test_a_steekproef_hashes_only_its_pupils_and_judges_them(tmp_path):
    """1,000 test pupils with steekproef 20: 20 scrypts; a wrong hPGN of a judged pupil is found, the messages say
    the verdict rests on the sample."""
    from conformance.standards.eckid.client_judge.verdicts import _judged

    calls: list[bytes] = []

    def fake(password: bytes, salt: bytes, *, n: int, p: int) -> str:
        calls.append(password)
        return hashlib.sha256(password + salt + bytes([n % 251, p])).hexdigest()

    pgns = [f"{n:09d}" for n in range(100_000_000, 100_001_000)]
    judge = HpgnJudge(pgns, PUBLISHED_SALT, hasher=fake, steekproef=20)
    try:
        assert judge.done(30) and len(calls) == 20 and judge.to_compute == 0
        salt = decode_salt(PUBLISHED_SALT)
        right = [fake(pgn.encode(), salt, n=SCRYPT_N, p=SCRYPT_P) for pgn in pgns]
        analyse = judge.analyse(right)
        assert analyse.pupils == 20 and analyse.total == 1000
        assert len(analyse.found) == 20 and analyse.missing == [] and analyse.unexplained == 980
        assert "20 test pupils of the steekproef (of 1000 configured" in _judged(analyse)
        first = analyse.numbers[0]
        legacy = fake(pgns[first - 1].encode(), salt, n=LEGACY_SCRYPT_N, p=LEGACY_SCRYPT_P)
        wrong = judge.analyse([legacy if i == first - 1 else value for i, value in enumerate(right)])
        assert wrong.errors("ECKID-HASH-01") == [f"test PGN {first}: the pre-2016 scrypt parameters N=16384, p=1 "
                                                 "were used"]
    finally:
        judge.close()


def test_the_user_is_told_what_the_expected_hpgns_cost(state_dir):
    from conformance.standards.eckid.client_judge.judge import JudgeSettings

    pgns = ("123456782", "234567891", "345678912")
    running = start_judge(state_dir, JudgeSettings(pgns=pgns, salt="c2FsdA==", wachttijd=1), workers=1)
    try:
        assert running.computation() is not None and running.computation().startswith("computing 3 expected hPGNs")
        assert "with 1 worker;" in running.computation() and "steekproef" in running.computation()
    finally:
        running.stop()
    published = start_judge(state_dir, JudgeSettings(wachttijd=1))  # the published vectors need no scrypt
    try:
        assert published.computation() is None
    finally:
        published.stop()


def test_a_pgn_is_found_as_a_whole_token_in_any_case():
    from conformance.standards.eckid.client_judge.verdicts import _pgn_pattern

    pattern = _pgn_pattern(("063138219", "20DP teacher@school.com"))
    assert pattern.search(b"<x:pgn>063138219</x:pgn>") and pattern.search(b"X-Trace: 20dp TEACHER@school.com")
    assert not pattern.search(b"<hpgn>a063138219f</hpgn>")  # inside a longer token: not the PGN
    assert not pattern.search(b"10631382190")


def test_a_non_ascii_staff_identifier_sent_to_the_nv_is_named_by_its_number():
    from types import SimpleNamespace

    from conformance.standards.eckid.client_judge.verdicts import assess
    from conformance.transport import Exchange

    exchange = Exchange(label="x", method="POST", url="https://nv", request_headers={},
                        request_body="<pgn>20dp Émile@SCHOOL.nl</pgn>".encode(), started=dt.datetime.now(dt.UTC))
    judge = SimpleNamespace(settings=SimpleNamespace(pgns=("063138219", "20DP Émile@school.nl")),
                            app=SimpleNamespace(calls=[SimpleNamespace(exchange=exchange, operation="ping")]))
    outcome, message, _ = assess(judge, "ECKID-LAS-05")  # type: ignore[arg-type]
    assert outcome is Outcome.FAILED and message == "1 of 1 calls: ping carries test PGN 2"
