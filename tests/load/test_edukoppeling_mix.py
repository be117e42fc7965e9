"""The Edukoppeling services' load mix against their references: pooled requests are distinct messages (signed where
the profile signs), follow-ups are built the same way during the run, and AVAIL-04 judges each new operation's
answers by the standard's own codec and schema, failing a wrong one with what was wrong."""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conformance.config import CandidateConfig, load_config
from conformance.errors import ConfigError
from conformance.harness import demo_config, reference_endpoints
from conformance.load.correctness import SampleVerdict, judge_samples
from conformance.load.envelopes import SIGNED_RUN_MAX_S, VALUE_MARK, build, check_signed_duration, signer
from conformance.load.mix import Operation, start_schooljaar
from conformance.load.settings import LoadSettings
from conformance.standards import all_standards

_MESSAGE_ID = re.compile(r"MessageID[^>]*>([^<]+)<")
_REFERENCE = re.compile(r"requestReferenceId>([^<]+)<")


@pytest.fixture(scope="module")
def demo(state_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CandidateConfig, dict]]:
    with reference_endpoints(["eckid", "bestellen", "catalogus"], []) as running:
        path = demo_config(running, tmp_path_factory.mktemp("mix") / "c.toml")
        candidate = load_config(path, known_standards=all_standards())
        operations = {op.name: op for op in start_schooljaar(candidate, [], pool=6)}
        yield candidate, operations


def _client(candidate: CandidateConfig) -> httpx.Client:
    context = ssl.create_default_context(cafile=str(candidate.tls.ca_bundle))
    context.load_cert_chain(str(candidate.tls.client_cert), str(candidate.tls.client_key))
    return httpx.Client(verify=context, timeout=30)


def _send(candidate: CandidateConfig, operation: Operation, body: str) -> bytes:
    with _client(candidate) as client:
        answer = client.post(operation.url, content=body.encode("utf-8"), headers=operation.headers)
    assert answer.status_code == 200, answer.text[:400]
    return answer.content


def _judge(tmp: Path, operation: Operation, answer: bytes, first: bytes | None = None) -> SampleVerdict:
    tmp.mkdir()
    (tmp / "sample-0-1-0.xml").write_bytes(answer)
    if first is not None:
        (tmp / "sample-0-1-0.first.xml").write_bytes(first)
    return judge_samples(tmp, [operation])


def _follow_up(operation: Operation, value: str, candidate: CandidateConfig) -> str:
    follow = operation.follow_up
    assert follow is not None
    tls = candidate.tls
    return build(follow.template.replace(VALUE_MARK, value), to=follow.to, action=follow.action,
                 from_oin=follow.from_oin, sender=signer(follow.profiel, str(tls.client_cert), str(tls.client_key)))


def test_the_profile_drives_every_standard_of_the_demo(demo):
    _, operations = demo
    assert {"eckid retrieveStampseudonym", "eckid retrieveEckId", "eckid submitStampseudonymBatch",
            "eckid retrieveBatch", "bestellen placeOrder", "bestellen placeOrder repeat",
            "catalogus SRU harvest page", "catalogus ReadCatalog page"} <= set(operations)


def test_pooled_requests_are_distinct_messages_signed_where_the_profile_signs(demo):
    _, operations = demo
    for name in ("eckid retrieveStampseudonym", "bestellen placeOrder", "catalogus ReadCatalog page"):
        ids = [_MESSAGE_ID.search(body)[1] for body in operations[name].bodies]  # type: ignore[index]
        assert len(ids) == len(set(ids)) == 6, name
    assert "wsse:Security" not in operations["eckid retrieveStampseudonym"].bodies[0]  # the NV's 2W-be
    assert "Signature" in operations["bestellen placeOrder"].bodies[0]  # the demo supplier's 2W-be-S
    assert "Signature" in operations["catalogus ReadCatalog page"].bodies[0]


def test_a_repeat_is_the_same_order_in_a_new_message(demo):
    _, operations = demo
    orders, repeats = operations["bestellen placeOrder"].bodies, operations["bestellen placeOrder repeat"].bodies
    references = [_REFERENCE.search(body)[1] for body in orders]  # type: ignore[index]
    assert len(set(references)) == len(references)  # every order its own requestReferenceId
    assert [_REFERENCE.search(body)[1] for body in repeats] == references  # type: ignore[index]
    assert all(_MESSAGE_ID.search(o)[1] != _MESSAGE_ID.search(r)[1]  # type: ignore[index]
               for o, r in zip(orders, repeats, strict=True))


def test_nv_answers_are_judged_by_the_nv_schema_and_the_eck_id_form(demo, tmp_path):
    candidate, operations = demo
    lookup, eckid = operations["eckid retrieveStampseudonym"], operations["eckid retrieveEckId"]
    stamp_answer = _send(candidate, lookup, lookup.bodies[0])
    assert _judge(tmp_path / "stamp", lookup, stamp_answer) == SampleVerdict(judged=1, problems=[])
    assert eckid.follow_up is not None
    stamp = re.search(eckid.follow_up.take.encode(), stamp_answer)[1].decode()  # type: ignore[index]
    answer = _send(candidate, eckid, _follow_up(eckid, stamp, candidate))
    assert _judge(tmp_path / "good", eckid, answer) == SampleVerdict(judged=1, problems=[])
    wrong = re.sub(rb"(<(?:\w+:)?eckId>)[^<]+", rb"\1" + stamp.encode(), answer)  # a stampseudonym, not an ECK iD
    verdict = _judge(tmp_path / "wrong", eckid, wrong)
    assert len(verdict.problems) == 1 and verdict.problems[0].startswith("eckid retrieveEckId: eckId ")
    invalid = re.sub(rb"<((?:\w+:)?)eckId>", rb"<\1eckIdentifier>", answer, count=1)
    invalid = re.sub(rb"</((?:\w+:)?)eckId>", rb"</\1eckIdentifier>", invalid, count=1)
    assert "eckIdentifier" in _judge(tmp_path / "invalid", eckid, invalid).problems[0]


def test_a_batch_result_must_hold_exactly_the_pupils_submitted(demo, tmp_path):
    candidate, operations = demo
    submit, fetch = operations["eckid submitStampseudonymBatch"], operations["eckid retrieveBatch"]
    assert submit.accepted_faults == ("LimitDailyBatchSubmissionsExceededException",)
    assert fetch.follow_up is not None and "NotFinishedException" in fetch.follow_up.poll
    identifier = re.search(fetch.follow_up.take.encode(), _send(candidate, submit, submit.bodies[0]))[1].decode()  # type: ignore[index]
    import time

    time.sleep(1.3)  # the reference's batch is ready after 1 s
    answer = _send(candidate, fetch, _follow_up(fetch, identifier, candidate))
    assert _judge(tmp_path / "good", fetch, answer) == SampleVerdict(judged=1, problems=[])
    other = re.sub(rb"(<(?:\w+:)?index>)1<", rb"\g<1>7<", answer, count=1)
    verdict = _judge(tmp_path / "other", fetch, other)
    assert verdict.problems == ["eckid retrieveBatch: the batch result holds indices [2, 7], the batch submitted "
                                "[1, 2]"]


def test_a_repeated_order_must_get_the_first_answer_again(demo, tmp_path):
    candidate, operations = demo
    order, repeat = operations["bestellen placeOrder"], operations["bestellen placeOrder repeat"]
    first = _send(candidate, order, order.bodies[1])
    again = _send(candidate, repeat, repeat.bodies[1])
    assert _judge(tmp_path / "order", order, first) == SampleVerdict(judged=1, problems=[])
    assert _judge(tmp_path / "repeat", repeat, again, first) == SampleVerdict(judged=1, problems=[])
    processed_twice = re.sub(rb"(<(?:\w+:)?orderId>)[^<]+", rb"\1ORD-NEW", again)
    verdict = _judge(tmp_path / "twice", repeat, processed_twice, first)
    assert len(verdict.problems) == 1 and "was answered as another order (orderId ORD-NEW" in verdict.problems[0]
    other_school = re.sub(rb"(<(?:\w+:)?school>)[^<]+", rb"\g<1>98ZZ", first)
    verdict = _judge(tmp_path / "school", order, other_school)
    assert verdict.problems == ["bestellen placeOrder: data of another school: school 98ZZ, ordered for 99XA, 99XB"]


def test_a_readcatalog_page_is_judged_by_the_catalogues_record_rules(demo, tmp_path):
    candidate, operations = demo
    page = operations["catalogus ReadCatalog page"]
    answer = _send(candidate, page, page.bodies[1])
    assert answer.count(b"<Entry") + answer.count(b":Entry") >= 2
    assert _judge(tmp_path / "good", page, answer) == SampleVerdict(judged=1, problems=[])
    verdict = _judge(tmp_path / "bad", page, b"<html><body>busy</body></html>")
    assert verdict.judged == 1 and len(verdict.problems) == 1


def test_a_run_may_not_outlast_the_timestamps_of_its_signed_requests(demo):
    _, operations = demo
    pools = {name: op.bodies for name, op in operations.items()}
    check_signed_duration(pools, SIGNED_RUN_MAX_S)
    with pytest.raises(ConfigError, match=r"--duration: .*bestellen placeOrder.* at most 240 s"):
        check_signed_duration(pools, SIGNED_RUN_MAX_S + 1)
    with pytest.raises(ConfigError, match=r"with 40 s spent signing them, a run with them lasts at most 200 s"):
        check_signed_duration(pools, 201, built_s=40)
    check_signed_duration({"eckid retrieveStampseudonym": operations["eckid retrieveStampseudonym"].bodies}, 3600)


def test_the_pool_size_is_read_from_the_load_table():
    from conformance.config import Section
    from conformance.load.settings import read_load_settings

    assert read_load_settings(Section({"duration": "1m", "pool": 50}, "load", Path("."))).pool == 50
    assert LoadSettings(duration_s=10).pool == 300
    with pytest.raises(ConfigError, match="load.pool"):
        read_load_settings(Section({"duration": "1m", "pool": 0}, "load", Path(".")))


def test_the_demo_loads_every_standard_and_with_a_defect_the_reference_it_shows_on():
    from conformance.load.mix import demo_standards

    assert demo_standards([]) == ["uwlr", "eckid", "bestellen", "catalogus"]
    assert demo_standards(["one-at-a-time"]) == ["uwlr"]
    assert demo_standards(["repeat-ordered-again-under-load", "slows-under-concurrency"]) == ["uwlr", "bestellen"]


def test_in_2w_be_s_the_nv_lookups_and_their_follow_ups_are_signed_and_accepted(state_dir: Path, tmp_path: Path):
    from conformance.paths import state_dir as current_state_dir
    from conformance.standards.eckid.reference_server import start_reference

    running = start_reference(current_state_dir(), profiel="2W-be-S")
    try:
        candidate = load_config(demo_config({"eckid": running}, tmp_path / "c.toml"), known_standards=all_standards())
        operations = {op.name: op for op in start_schooljaar(candidate, ["eckid"], pool=2)}
        lookup, eckid = operations["eckid retrieveStampseudonym"], operations["eckid retrieveEckId"]
        assert "Signature" in lookup.bodies[0]
        stamp_answer = _send(candidate, lookup, lookup.bodies[0])
        assert eckid.follow_up is not None and eckid.follow_up.profiel == "2W-be-S"
        stamp = re.search(eckid.follow_up.take.encode(), stamp_answer)[1].decode()  # type: ignore[index]
        request = _follow_up(eckid, stamp, candidate)
        assert "Signature" in request
        answer = _send(candidate, eckid, request)
        assert _judge(tmp_path / "good", eckid, answer) == SampleVerdict(judged=1, problems=[])
    finally:
        running.stop()
