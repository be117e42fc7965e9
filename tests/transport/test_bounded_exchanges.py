"""One exchange never takes longer than its deadline nor holds more than its cap, whatever the candidate does;
what it cuts off is kept as evidence, and an origin that stops answering is given up on after a few tries."""

from __future__ import annotations

import contextlib
import gzip
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from conformance.errors import TransportError
from conformance.harness import run_suite
from conformance.transport import (
    UNREACHABLE_AFTER,
    AnswerLimits,
    CandidateUnreachable,
    HttpClient,
    TlsSettings,
    answer_limits,
    reachability,
)
from conformance.transport import BodySink
from tests.harness.test_bad_candidates import _config
from tests.hostile.server import ENVELOPE_OPEN, Canary, HostileServer

SHORT = AnswerLimits(deadline_s=1.0, idle_s=0.5, max_bytes=2**20, evidence_bytes=4096)


@pytest.fixture(autouse=True)
def _fresh_bounds() -> Iterator[None]:
    reachability.reset()
    yield
    answer_limits.clear()
    reachability.reset()


@pytest.fixture
def hostile(state_dir, tmp_path):  # type: ignore[no-untyped-def]
    """Start a hostile server in `mode` with the short limits registered for it; gives (url, client)."""
    with contextlib.ExitStack() as stack:
        canary = Canary(tmp_path)
        stack.callback(canary.close)

        def start(mode: str, **options):  # type: ignore[no-untyped-def]
            server = stack.enter_context(HostileServer(mode, state_dir=state_dir, canary=canary, **options).running())
            answer_limits.set(server.base_url, SHORT)
            client = stack.enter_context(HttpClient(tls=TlsSettings(ca_bundle=server.ca_bundle)))
            return f"{server.base_url}/lg", client

        yield start


def _post(client: HttpClient, url: str):  # type: ignore[no-untyped-def]
    return client.post(url, b"<x/>", headers={"Content-Type": "text/xml"}, label="probe")


def test_a_dripped_head_ends_at_the_deadline_not_at_a_read_timeout(hostile):
    url, client = hostile("drip-head", drip_interval=0.05)
    t0 = time.monotonic()
    with pytest.raises(TransportError, match="no complete HTTP answer within the deadline of 1 s"):
        _post(client, url)
    assert time.monotonic() - t0 < 1.8


def test_a_dripped_body_is_a_cut_answer_with_what_came_as_evidence(hostile):
    url, client = hostile("drip", drip_interval=0.02)
    t0 = time.monotonic()
    exchange = _post(client, url)
    assert time.monotonic() - t0 < 1.8
    assert exchange.status == 200 and exchange.truncated
    assert exchange.cut_reason == "too slow: the answer was not complete within the deadline of 1 s"
    assert exchange.response_body and ENVELOPE_OPEN.startswith(exchange.response_body[:len(ENVELOPE_OPEN)])
    assert "cut off, too slow" in exchange.describe_response()


@pytest.mark.parametrize("mode", ["gzip-bomb", "huge", "endless"])
def test_the_cap_counts_decompressed_bytes_and_the_body_never_grows_in_memory(hostile, mode):
    url, client = hostile(mode, bomb_mb=64, huge_mb=300)
    tracemalloc.start()
    try:
        exchange = _post(client, url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert exchange.cut_reason == "too large: more than 1 MB after decompression (the cap for this endpoint)"
    assert exchange.truncated and len(exchange.response_body) == SHORT.evidence_bytes
    assert peak < 8 * 2**20, f"{peak / 2**20:.1f} MB held while reading"


def test_a_dead_origin_is_given_up_on_naming_the_first_cause(hostile):
    url, client = hostile("silent")
    for _ in range(UNREACHABLE_AFTER):
        with pytest.raises(TransportError, match="timed out") as first:
            _post(client, url)
        assert not isinstance(first.value, CandidateUnreachable)
    t0 = time.monotonic()
    with pytest.raises(CandidateUnreachable, match=r"timed out.*\(not sent: https://localhost:\d+ failed to answer 3"):
        _post(client, url.replace("/lg", "/lr"))  # another endpoint of the same server
    assert time.monotonic() - t0 < 0.1


def test_expected_refusals_and_oversize_answers_do_not_count_as_dead(hostile, state_dir):
    url, counting = hostile("gzip-bomb", bomb_mb=4)
    for _ in range(UNREACHABLE_AFTER + 1):
        assert _post(counting, url).cut_reason  # a cut answer is still an answer
    dead_url, _ = hostile("reset")
    with HttpClient(tls=TlsSettings(ca_bundle=state_dir / "pki" / "ca-bundle.pem"), counts_reachability=False) as probe:
        for _ in range(UNREACHABLE_AFTER + 1):
            with pytest.raises(TransportError) as refused:
                _post(probe, dead_url)
            assert not isinstance(refused.value, CandidateUnreachable)


def test_one_answer_between_failures_starts_the_count_again():
    url = "https://localhost:1/lg"
    for _ in range(UNREACHABLE_AFTER - 1):
        reachability.failed(url, "first")
    reachability.answered(url)
    for _ in range(UNREACHABLE_AFTER - 1):
        reachability.failed(url, "second")
    reachability.check(url)
    reachability.failed(url, "third")
    with pytest.raises(CandidateUnreachable, match="^second"):
        reachability.check(url)


@pytest.mark.parametrize("encode, encoding", [
    (gzip.compress, "gzip"),
    (zlib.compress, "deflate"),
    (lambda data: zlib.compress(data, wbits=-15), "deflate"),  # raw deflate, as some servers send it
    (lambda data: data, "identity"),
])
def test_every_encoding_we_ask_for_is_read_whole_below_the_cap(encode, encoding):
    text = b"<a>" + b"tekst " * 50_000 + b"</a>"
    sink = BodySink(max_bytes=2**20, evidence_bytes=100, content_encoding=encoding)
    data = encode(text)
    assert all(sink.feed(data[i:i + 1000]) for i in range(0, len(data), 1000))
    assert sink.body() == text and not sink.full
    sink.close()


def test_an_encoding_we_did_not_ask_for_is_kept_as_it_came():
    sink = BodySink(max_bytes=100, evidence_bytes=10, content_encoding="br")
    assert sink.feed(b"\x8b\x00raw") and sink.body() == b"\x8b\x00raw" and not sink.decoded
    sink.close()


def test_a_bad_bound_is_a_configuration_error_naming_the_field(tmp_path, capsys):
    path = _config(tmp_path, "https://localhost:9")
    path.write_text(path.read_text(encoding="utf-8").replace("[uwlr]\n", '[uwlr]\nmax_answer_mb = "veel"\n'),
                    encoding="utf-8")
    outcome = run_suite(path, output_dir=tmp_path / "out", quiet=True)
    assert outcome.result is None and outcome.exit_code == 2
    assert "uwlr.max_answer_mb: must be a number, found 'veel'" in capsys.readouterr().err
