"""Edukoppeling requests for a load run, built one way in both processes: the suite's process builds the pools
before the run, the Locust process builds follow-ups (which need a value of an earlier answer) during it.

Each request is addressed with a fresh wsa:MessageID and, in 2W-be-S, signed by the shared `Sender` with the key
of the suite's TLS client certificate. A signature's wsu:Timestamp expires SIGNED_VALID_S after signing, so a run
with pooled signed requests lasts at most SIGNED_RUN_MAX_S less the time spent signing them (the rest covers
starting Locust and spawning its users).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from conformance.edukoppeling.addressing import Addressing, new_message_id
from conformance.edukoppeling.sender import Sender
from conformance.errors import ConfigError

__all__ = ["SIGNED_RUN_MAX_S", "SIGNED_VALID_S", "VALUE_MARK", "build", "check_signed_duration", "pool", "signer",
           "soap_headers"]

#: the wsu:Timestamp's lifetime the suite signs with (conformance.edukoppeling.security.sign_envelope)
SIGNED_VALID_S = 300
SIGNED_RUN_MAX_S = 240
#: where a follow-up's template takes the value of the answer before it
VALUE_MARK = "__VALUE__"
SOAP_HEADERS = {"Content-Type": "text/xml; charset=utf-8"}
_WSSE = "oasis-200401-wss-wssecurity-secext-1.0.xsd"


@cache
def signer(profiel: str, client_cert: str | None, client_key: str | None) -> Sender:
    """The suite as sender in `profiel`; 2W-be-S needs the TLS client certificate and key to sign with."""
    if profiel == "2W-be-S" and not (client_cert and client_key):
        raise ConfigError("profile 2W-be-S signs every request with the TLS client certificate's key; configure "
                          "client_cert and client_key", field="tls.client_cert")
    if profiel != "2W-be-S":
        return Sender(profiel=profiel)
    return Sender.from_files(profiel, Path(client_cert or ""), Path(client_key or ""))


def build(body: bytes | str, *, to: str, action: str, from_oin: str, sender: Sender) -> str:
    """One request as sent: `body` (the request element) addressed from `from_oin`, signed when the profile signs."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    envelope = sender.wrap(data, Addressing(to=to, action=action, message_id=new_message_id(),
                                               from_oin=from_oin))
    return envelope.decode("utf-8")


def pool(bodies: list[bytes], *, to: str, action: str, from_oin: str, sender: Sender) -> tuple[str, ...]:
    """Distinct requests, one per body, each with its own MessageID (and Timestamp and signature)."""
    return tuple(build(body, to=to, action=action, from_oin=from_oin, sender=sender) for body in bodies)


def soap_headers(action: str) -> dict[str, str]:
    """The HTTP headers of a SOAP 1.1 request for `action`."""
    return {**SOAP_HEADERS, "SOAPAction": f'"{action}"'}


def check_signed_duration(pools: dict[str, tuple[str, ...]], duration_s: int, *, built_s: float = 0.0) -> None:
    """Refuse a run that would outlast the Timestamps of its pre-signed requests (operation name -> pool), signed
    `built_s` seconds ago: a candidate rightly refuses an expired one, which would count against it."""
    signed = sorted(name for name, bodies in pools.items() if bodies and _WSSE in bodies[0])
    longest = int(SIGNED_RUN_MAX_S - built_s)
    if signed and duration_s > longest:
        raise ConfigError(f"{', '.join(signed)} are signed before the run and their wsu:Timestamp expires "
                          f"{SIGNED_VALID_S} s later: with {built_s:.0f} s spent signing them, a run with them "
                          f"lasts at most {longest} s; load the signed standards in a shorter run of their own "
                          "(--standard), or with a smaller [load] pool", field="--duration")
