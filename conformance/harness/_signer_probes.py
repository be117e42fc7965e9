"""The one way a scenario test sends a signer probe (`conformance.pki.probes.PROBES`) and judges it, for every
standard with signature requirements: a standard says only how it sends a request signed by a given sender and
what refusal it demands; picking the probe's certificate and naming it stay here, so the five probes read alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from conformance.edukoppeling.sender import Sender
from conformance.errors import ConfigError
from conformance.pki.probes import PROBES

__all__ = ["SendSigned", "SigningParty", "make_signer_probe"]

#: Sends one request signed by the sender and raises Failure unless the candidate refuses it; the text names the
#: signing certificate (a `PROBES` description) for the exchange's label and the finding.
SendSigned = Callable[[Sender, str], None]


class SigningParty(Protocol):
    """Where the suite's own TLS certificate and the test PKI the candidate trusts are declared (`[tls]`, or a
    standard's own table such as `[edukoppeling]`)."""

    @property
    def client_cert(self) -> Path | None: ...

    @property
    def test_pki(self) -> Path | None: ...


def make_signer_probe(probe_sender: Callable[[str, Path, Path | None], Sender], party: SigningParty,
                      send: SendSigned, *, own_certificate: Path | None = None) -> Callable[[str], None]:
    """`probe -> None` for a standard's `signer_probe` fixture: the suite's party over its own TLS certificate
    (`own_certificate`, else the party's) signs with the probe's certificate (the `probe_sender` fixture, which
    ends the test inapplicable when the probe needs a test PKI and none is declared), and `send` judges it."""
    def probe(name: str) -> None:
        own = own_certificate or party.client_cert
        if own is None:
            raise ConfigError("is required for the signer probes: they travel over the suite's own TLS certificate",
                              field="tls.client_cert")
        send(probe_sender(name, own, party.test_pki), PROBES[name])

    return probe
