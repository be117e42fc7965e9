"""The shared signer probe picks the suite's own certificate, names the probe's signer, and says clearly when no
certificate is declared."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conformance.errors import ConfigError
from conformance.harness import make_signer_probe
from conformance.pki.probes import PROBES


@dataclasses.dataclass(frozen=True)
class _Party:
    client_cert: Path | None
    test_pki: Path | None


def _recording(calls: list[tuple[object, ...]]):  # type: ignore[no-untyped-def]
    def probe_sender(probe: str, own: Path, test_pki: Path | None) -> str:
        calls.append(("sender", probe, own, test_pki))
        return f"sender:{probe}"

    def send(sender: object, signer: str) -> None:
        calls.append(("send", sender, signer))

    return probe_sender, send


def test_the_probe_is_sent_over_the_partys_certificate_and_named_by_its_signer():
    calls: list[tuple[object, ...]] = []
    probe_sender, send = _recording(calls)
    make_signer_probe(probe_sender, _Party(Path("tls.pem"), Path("pki")), send)("weak-key")
    assert calls == [("sender", "weak-key", Path("tls.pem"), Path("pki")),
                     ("send", "sender:weak-key", PROBES["weak-key"])]


def test_a_standards_own_certificate_comes_before_the_partys():
    calls: list[tuple[object, ...]] = []
    probe_sender, send = _recording(calls)
    make_signer_probe(probe_sender, _Party(Path("tls.pem"), None), send, own_certificate=Path("own.pem"))("expired")
    assert calls[0] == ("sender", "expired", Path("own.pem"), None)


def test_no_certificate_at_all_is_a_configuration_error_before_anything_is_sent():
    calls: list[tuple[object, ...]] = []
    probe_sender, send = _recording(calls)
    with pytest.raises(ConfigError, match="tls.client_cert: is required for the signer probes"):
        make_signer_probe(probe_sender, _Party(None, None), send)("self-signed")
    assert calls == []
