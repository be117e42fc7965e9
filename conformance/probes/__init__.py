"""Security probes of a candidate, shared by every standard: external entities against the suite's canary, entity
expansion, oversized requests, old TLS versions and weak cipher suites. A standard's `test_security.py` names its
endpoint as a `ProbeTarget` and calls one probe per test; the `security_probes` fixture holds the session's canary."""

from __future__ import annotations

from conformance.probes.canary import Canary, CanaryHit
from conformance.probes.runner import OLD_VERSIONS, WEAK_SUITES, ProbeTarget, SecurityProbes
from conformance.probes.settings import ProbeSettings, read_probe_settings

__all__ = [
    "OLD_VERSIONS",
    "WEAK_SUITES",
    "Canary",
    "CanaryHit",
    "ProbeSettings",
    "ProbeTarget",
    "SecurityProbes",
    "read_probe_settings",
]
