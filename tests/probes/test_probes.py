"""The probes' own plumbing: settings, payloads, the canary, and the ways a probe ends other than pass or fail
(the defects of every reference prove the failures: tests/<std>/test_reference_verdicts.py)."""

from __future__ import annotations

import dataclasses
import socket
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
import tomli_w

from conformance.config import Section, config_from_dict
from conformance.errors import ConfigError, Failure
from conformance.harness import CantTell, demo_config, run_suite
from conformance.probes import ProbeSettings, ProbeTarget, SecurityProbes, read_probe_settings, runner as runner_module
from conformance.probes.canary import CANARY_CONTENT, Canary
from conformance.probes.payloads import BOMB_LEVELS, entity_bomb, external_entities, padded
from conformance.standards._flaws import _without_dtd
from conformance.standards.uwlr.reference_server import start_reference
from conformance.transport import MAX_REQUEST_BYTES, Exchange, HttpRequest, HttpResponse, LoopbackServer, TlsSettings
from conformance.xml import XmlRejected, parse_bytes
from conformance.xml.soap import build_envelope

ENVELOPE = build_envelope(parse_bytes(b"<ping xmlns='urn:example'/>"))
ANSWER = build_envelope(parse_bytes(b"<pong xmlns='urn:example'/>"))


def _section(data: dict) -> Section:  # type: ignore[type-arg]
    return Section(data, "security", Path("."))


def test_without_a_security_table_the_defaults_apply():
    assert read_probe_settings(None) == ProbeSettings()
    assert ProbeSettings().max_request_bytes == MAX_REQUEST_BYTES


def test_the_security_table_is_read_and_checked():
    settings = read_probe_settings(_section({"max_request_bytes": 2048, "canary_wait": 0, "canary_port": 8099,
                                             "canary_listen": "0.0.0.0",
                                             "canary_address": "http://suite.example.nl:8099/"}))
    assert (settings.max_request_bytes, settings.canary_wait, settings.canary_address) == \
        (2048, 0.0, "http://suite.example.nl:8099")
    with pytest.raises(ConfigError, match="security.canary_address"):
        read_probe_settings(_section({"canary_listen": "0.0.0.0"}))
    with pytest.raises(ConfigError, match="security.canary_listen"):
        read_probe_settings(_section({"canary_listen": "suite.example.nl"}))
    with pytest.raises(ConfigError, match="security.max_request: unknown key"):
        read_probe_settings(_section({"max_request": 10}))


def test_a_config_file_may_carry_the_security_table():
    config = config_from_dict({"candidate": {"naam": "x", "organisatie": "y"}, "uwlr": {},
                               "security": {"max_request_bytes": 4096}},
                              base_dir=Path("."), source=None, known_standards=["uwlr"])
    assert config.security is not None and read_probe_settings(config.security).max_request_bytes == 4096


def test_payloads_keep_the_request_and_add_only_their_own_part():
    grown = padded(ENVELOPE, 10_000)
    assert len(grown) == 10_000 and parse_bytes(grown).find(".//{urn:example}ping") is not None
    xxe = external_entities(ENVELOPE, "http://127.0.0.1:1/canary/t/entity", "http://127.0.0.1:1/canary/t/dtd")
    assert b'SYSTEM "http://127.0.0.1:1/canary/t/entity"' in xxe and b"%ext;" in xxe and b">&xxe;</probe:" in xxe
    bomb = entity_bomb(ENVELOPE)
    assert bomb.count(b"<!ENTITY") == BOMB_LEVELS + 1 and len(bomb) < 2000
    for hostile in (xxe, bomb):
        with pytest.raises(XmlRejected):  # what our own receiving side does with them
            parse_bytes(hostile)
        assert parse_bytes(_without_dtd(hostile)).find(".//{urn:example}ping") is not None


def test_the_canary_tells_whose_url_was_fetched():
    canary = Canary(ProbeSettings())
    try:
        token, other = canary.token(), canary.token()
        url = canary.url(token, "entity")
        assert url.startswith("http://127.0.0.1:")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(url, timeout=5) as answer:
            assert answer.read() == CANARY_CONTENT
        hits = canary.hits(token, wait=1)
        assert [hit.path for hit in hits] == [f"/canary/{token}/entity"] and "GET" in hits[0].describe()
        assert canary.hits(other) == []
    finally:
        canary.close()


class _Service:
    """A plain-HTTP stand-in for a candidate: serves ENVELOPE-like requests, and misbehaves as told."""

    def __init__(self, *, broken: bool = False, slow_on_doctype: float = 0.0, falls_over: bool = False) -> None:
        self.broken = broken
        self.slow_on_doctype = slow_on_doctype
        self.falls_over = falls_over

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.broken:
            return HttpResponse(status=500, body=b"down", content_type="text/plain")
        if b"<!DOCTYPE" in request.body or len(request.body) > 4096:
            self.broken = self.falls_over
            time.sleep(self.slow_on_doctype)
            return HttpResponse(status=400, body=b"no DTD", content_type="text/plain")
        return HttpResponse(status=200, body=ANSWER)


def _probe(service: _Service, **settings: float) -> tuple[SecurityProbes, ProbeTarget, LoopbackServer, list[Exchange]]:
    server = LoopbackServer(service).start()
    seen: list[Exchange] = []
    probes = SecurityProbes(ProbeSettings(**settings), record=seen.append)  # type: ignore[arg-type]
    target = ProbeTarget(name="ping", url=f"{server.base_url}/ping", headers={"Content-Type": "text/xml"},
                         request=lambda: ENVELOPE, tls=TlsSettings(), timeout=5)
    return probes, target, server, seen


def test_a_service_that_does_not_serve_the_control_request_gives_cant_tell():
    probes, target, server, seen = _probe(_Service(broken=True))
    try:
        with pytest.raises(CantTell, match="does not serve a valid ping request"):
            probes.entity_expansion(target, "X-SEC-02")
        assert [x.label for x in seen] == ["valid ping request (control)"]
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            nowhere = dataclasses.replace(target, url=f"http://127.0.0.1:{sock.getsockname()[1]}/ping")
        with pytest.raises(CantTell, match="no answer"):  # unreachable: the control says so
            probes.oversized_request(nowhere, "X-SEC-03")
    finally:
        probes.close()
        server.stop()


def test_a_refusal_that_comes_too_late_fails_the_expansion_probe():
    probes, target, server, seen = _probe(_Service(slow_on_doctype=0.5), answer_within=0.2)
    try:
        with pytest.raises(Failure, match="was not refused within 0.2 s"):
            probes.entity_expansion(target, "X-SEC-02")
        probes.external_entity(target, "X-SEC-01")  # refused and nothing fetched: passes
        assert any("canary" in x.label for x in seen)
    finally:
        probes.close()
        server.stop()


def test_tls_probes_need_https_and_an_openssl_that_can_offer_the_probe(monkeypatch, state_dir):
    probes, target, server, _ = _probe(_Service())
    try:
        with pytest.raises(CantTell, match="plain HTTP"):
            probes.old_tls_versions(target, "X-SEC-04")
        https = ProbeTarget(name="ping", url="https://127.0.0.1:9/ping", headers={}, request=lambda: ENVELOPE,
                            tls=TlsSettings(), timeout=1)
        monkeypatch.setattr(runner_module, "local_gap", lambda *args: "the local OpenSSL cannot negotiate it")
        with pytest.raises(CantTell, match="cannot offer any weak cipher suite"):
            probes.weak_cipher_suites(https, "X-SEC-05")
    finally:
        probes.close()
        server.stop()


def test_a_remote_candidate_is_given_the_configured_canary_address():
    canary = Canary(ProbeSettings(canary_listen="127.0.0.1", canary_address="http://suite.example.nl:8099"))
    try:
        assert canary.url("abc", "entity") == "http://suite.example.nl:8099/canary/abc/entity"
    finally:
        canary.close()


def test_an_official_run_needs_the_request_limit_declared(state_dir, tmp_path, capsys):
    running = start_reference(state_dir)
    try:
        config = demo_config({"uwlr": running}, tmp_path / "candidate.toml")
        tables = tomllib.loads(config.read_text(encoding="utf-8"))
        assert tables.pop("security") == {"max_request_bytes": MAX_REQUEST_BYTES}  # the demo declares it
        config.write_text(tomli_w.dumps(tables), encoding="utf-8")
        outcome = run_suite(config, output_dir=None, standards=["uwlr"], mode="official", quiet=True)
    finally:
        running.stop()
    assert outcome.result is None and outcome.exit_code == 2
    error = capsys.readouterr().err
    assert "configuration error: security.max_request_bytes: an official run judges" in error


@pytest.mark.parametrize("probe", ["entity_expansion", "oversized_request"])
def test_a_service_that_falls_over_after_the_probe_fails_it(probe):
    probes, target, server, _ = _probe(_Service(falls_over=True), max_request_bytes=8192)
    try:
        with pytest.raises(Failure, match="the service no longer serves a valid ping request"):
            getattr(probes, probe)(target, "X-SEC-0")
    finally:
        probes.close()
        server.stop()
