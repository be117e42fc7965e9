"""The `[security]` table: where the XXE canary listens and how it is reached, and the limits the probes judge by.

Every key has a default, so a candidate without the table is probed too: the canary on loopback (a candidate on
this machine), a request limit of 32 MiB (the reference's own). A candidate on another machine fetches the canary
from `canary_address`, a URL of this machine it can reach, served on the interface `canary_listen`.
"""

from __future__ import annotations

import dataclasses
import ipaddress

from conformance.config import Section, interface_address
from conformance.errors import ConfigError
from conformance.transport import MAX_REQUEST_BYTES

__all__ = ["ProbeSettings", "read_probe_settings"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProbeSettings:
    """What the security probes need beyond a standard's own table."""

    canary_listen: str = "127.0.0.1"
    canary_port: int = 0
    canary_address: str | None = None  # None: http://<canary_listen>:<port> (loopback only)
    canary_wait: float = 1.0  # seconds to wait after the answer for a late fetch of the canary
    max_request_bytes: int = MAX_REQUEST_BYTES  # the candidate's declared request limit
    answer_within: float = 10.0  # seconds within which an entity-expansion request must be refused


def read_probe_settings(section: Section | None) -> ProbeSettings:
    """`[security]`, or the defaults without it; every problem is a ConfigError naming its field."""
    if section is None:
        return ProbeSettings()
    listen = section.str("canary_listen", "127.0.0.1", check=interface_address) or "127.0.0.1"
    address = section.str("canary_address", required=False, check=_canary_url)
    if address is None and not ipaddress.ip_address(listen).is_loopback:
        raise ConfigError("a candidate on another machine fetches the canary by an address of this machine: give "
                          "canary_address (for example http://suite.example.nl:8099) with canary_port",
                          field="security.canary_address")
    settings = ProbeSettings(
        canary_listen=listen,
        canary_port=section.number("canary_port", 0, integer=True, minimum=0, maximum=65535),
        canary_address=address.rstrip("/") if address else None,
        canary_wait=section.number("canary_wait", 1.0, minimum=0, maximum=60),
        max_request_bytes=section.number("max_request_bytes", MAX_REQUEST_BYTES, integer=True, minimum=1024,
                                         maximum=1024 * 1024 * 1024),
        answer_within=section.number("answer_within", 10.0, minimum=0.1, maximum=300),
    )
    section.reject_unknown_keys()
    return settings


def _canary_url(value: str) -> None:
    """The canary is plain HTTP by design: what a careless parser fetches, not a channel that carries secrets."""
    if not value.startswith("http://"):
        raise ValueError(f"must be the http:// URL the candidate reaches the canary at, found {value!r}")
