"""WS-Security on the ReadCatalog face in profile 2W-be-S: signed answers, and requests refused for their signature.

Whether ECK DT signs is UNCONFIRMED, so these apply only when the candidate declares `profiel = "2W-be-S"`.
"""

from __future__ import annotations

import pytest

from conformance.edukoppeling.sender import Sender, changed_after_signing
from conformance.errors import Failure
from conformance.harness import cant_tell, make_signer_probe, prerequisite, requirement
from conformance.standards.catalogus.client import MAX_SIGNED_PAGE

pytestmark = pytest.mark.usefixtures("signing")


def _answered(catalogus, exchange) -> bool:  # type: ignore[no-untyped-def]
    summary = catalogus.page(exchange).summary
    return exchange.status == 200 and not summary.fault and summary.num_entries is not None


@requirement("CAT-SIG-01")
def test_readcatalog_answers_are_signed_by_the_service(judge, harvests, catalogus, catalogus_settings, evidence, requirement_id):
    """One page asked for here and every page of the harvest carry a valid signature by the service's OIN."""
    exchange = catalogus.read_catalog(catalogus_settings.newest, catalogus_settings.first_entry_base, 7,
                                      label="ReadCatalog Amount 7 (is the answer signed?)")
    if not _answered(catalogus, exchange):
        cant_tell(f"a signed ReadCatalog request was not answered with a page ({exchange.describe_response(160)})")
    problems = catalogus.signature_problems(exchange)
    if problems:
        raise Failure("the ReadCatalog answer's signature does not hold:\n" + "\n".join(f"- {p}" for p in problems))
    harvest = harvests.get("readcatalog")
    judge(harvest, requirement_id)
    unverified = harvest.unverified + (problems is None)
    if unverified:
        cant_tell(f"{unverified} answer(s) were larger than {MAX_SIGNED_PAGE // 2**20} MB, whose "
                  "signature the suite does not parse")



@requirement("CAT-SIG-02")
@pytest.mark.parametrize("case", ["unsigned", "changed"])
def test_unsigned_or_changed_request_gets_a_fault(catalogus, catalogus_settings, evidence, case):
    """An unsigned request, or one whose signed wsa:MessageID was changed after signing, gets a SOAP fault."""
    version, base = catalogus_settings.newest, catalogus_settings.first_entry_base
    if case == "unsigned":
        envelope, why = catalogus.read_catalog_envelope(version, base, 3, sign=False), "the request is not signed"
    else:
        envelope, why = (changed_after_signing(catalogus.read_catalog_envelope(version, base, 3, sign=True)),
                         "the signed wsa:MessageID was changed after signing")
    _refused(catalogus, catalogus_settings, envelope, why)


def _refused(catalogus, catalogus_settings, envelope: bytes, why: str) -> None:  # type: ignore[no-untyped-def]
    """After a signed control request is answered, `envelope` must get a SOAP fault and no entries."""
    version, base = catalogus_settings.newest, catalogus_settings.first_entry_base
    control = catalogus.read_catalog(version, base, 3, label="ReadCatalog, signed (control)")
    if not _answered(catalogus, control):
        cant_tell("a well-formed signed ReadCatalog request is not answered with a page either "
                  f"({control.describe_response(160)}), so a refusal here proves nothing")
    exchange = catalogus.send_read_catalog(version, envelope, label=f"ReadCatalog: {why}")
    page = catalogus.page(exchange).summary
    if not page.fault or page.product_ids:
        raise Failure(f"{why}, yet the service answered {exchange.status} with {len(page.product_ids)} entries "
                      "and no SOAP fault")


@pytest.fixture
def signer_probe(catalogus, catalogus_settings, candidate_config, probe_sender):  # type: ignore[no-untyped-def]
    """A ReadCatalog request from the suite's party over its own TLS certificate, signed with the probe."""
    version, base = catalogus_settings.newest, catalogus_settings.first_entry_base

    def send(sender: Sender, signer: str) -> None:
        envelope = catalogus.read_catalog_envelope(version, base, 3, sender=sender)
        _refused(catalogus, catalogus_settings, envelope, f"the request is signed with {signer}")

    return make_signer_probe(probe_sender, candidate_config.tls, send, own_certificate=catalogus_settings.client_cert)


@requirement("CAT-SIG-03")
@prerequisite("CAT-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_self_signed_certificate_gets_a_fault(signer_probe, evidence):
    """A ReadCatalog request signed with a self-signed certificate carrying the suite's OIN gets a SOAP fault."""
    signer_probe("self-signed")


@requirement("CAT-SIG-04")
@prerequisite("CAT-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_certificate_of_an_untrusted_root_gets_a_fault(signer_probe, evidence):
    """A ReadCatalog request signed with a certificate (the suite's OIN) of an untrusted root gets a SOAP fault."""
    signer_probe("untrusted")


@requirement("CAT-SIG-05")
@prerequisite("CAT-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_expired_certificate_gets_a_fault(signer_probe, evidence):
    """A ReadCatalog request signed with an expired certificate of the trusted test PKI gets a SOAP fault."""
    signer_probe("expired")


@requirement("CAT-SIG-06")
@prerequisite("CAT-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_weak_key_gets_a_fault(signer_probe, evidence):
    """A ReadCatalog request signed with a 1024-bit RSA key (certificate of the trusted test PKI) gets a fault."""
    signer_probe("weak-key")


@requirement("CAT-SIG-07")
@prerequisite("CAT-SIG-02")  # a candidate that checks no signature at all fails that, not this
def test_another_partys_certificate_gets_a_fault(signer_probe, evidence):
    """A ReadCatalog request over the suite's TLS certificate, signed with another party's valid certificate, gets
    a SOAP fault."""
    signer_probe("other-party")
