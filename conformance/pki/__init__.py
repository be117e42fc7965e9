"""Test certificates and OINs: the identity layer of Edukoppeling (mutual TLS, OIN in the certificate),
made locally so that no test ever needs a real PKIoverheid or PKI-Onderwijs certificate.
"""

from __future__ import annotations

from conformance.pki.hierarchy import (
    BAD_PARTIES,
    GOOD_PARTIES,
    Party,
    TestPki,
    make_test_pki,
)
from conformance.pki.loopback import (
    LoopbackPki,
    client_ssl_context,
    ensure_loopback_pki,
    server_ssl_context,
)
from conformance.pki.oin import (
    PREFIXES,
    TEST_PREFIX,
    Oin,
    oin_from_certificate,
    parse_oin,
    school_oin,
)

__all__ = [
    "BAD_PARTIES",
    "GOOD_PARTIES",
    "PREFIXES",
    "TEST_PREFIX",
    "LoopbackPki",
    "Oin",
    "Party",
    "TestPki",
    "client_ssl_context",
    "ensure_loopback_pki",
    "make_test_pki",
    "oin_from_certificate",
    "parse_oin",
    "school_oin",
    "server_ssl_context",
]
