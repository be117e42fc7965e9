"""The start-of-school-year mix of the Edukoppeling services: NV lookups and batches (ECK iD), orders and their
repeats (ECK DT ordering) and ReadCatalog pages (the catalogue's SOAP face).

Their requests are addressed per message (wsa:MessageID) and, in 2W-be-S, signed, so each operation carries a pool
of distinct requests built here by the standard's own codec and the shared sender (`conformance.load.envelopes`);
a request that needs a value of an earlier answer is a `FollowUp`, built during the run the same way.
"""

from __future__ import annotations

import dataclasses
import uuid

from lxml import etree

from conformance.config import CandidateConfig
from conformance.errors import ConfigError
from conformance.load.envelopes import VALUE_MARK, pool, signer, soap_headers
from conformance.load.operation import FollowUp, Operation
from conformance.standards import get_standard

__all__ = ["HARVEST_PAGES", "bestellen_mix", "eckid_mix", "readcatalog_mix"]

#: pages of the catalogue a harvest walks through, first to last, at the start of the year (both faces)
HARVEST_PAGES = 20


def _text(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode")


def eckid_mix(candidate: CandidateConfig, size: int) -> list[Operation]:
    """A LAS at the start of the year: per new pupil hPGN -> stampseudonym -> ECK iD, and batches of its pupils,
    submitted and then fetched once ready (polled at the declared interval)."""
    from conformance.standards.eckid import codec

    section = candidate.section("eckid")
    assert section is not None
    nv = get_standard("eckid").settings(section).nv
    if nv is None:
        raise ConfigError("the load profile drives an NV: [eckid] declares only a LAS (las)", field="eckid")
    if not nv.hpgns:
        raise ConfigError("the load profile looks up the test pupils' hPGNs: give [eckid.testdata] hpgns",
                          field="eckid.testdata.hpgns")
    tls = candidate.tls
    sender = signer(nv.profiel, _path(tls.client_cert), _path(tls.client_key))

    def made(operation: str, bodies: list[etree._Element]) -> tuple[str, ...]:
        return pool([etree.tostring(b) for b in bodies], to=nv.endpoint, action=codec.soap_action(operation),
                    from_oin=nv.oin, sender=sender)

    def follow(operation: str, take: str, **fields: object) -> FollowUp:
        return FollowUp(take=take, template=_text(codec.request(operation, **fields)), to=nv.endpoint,
                        action=codec.soap_action(operation), from_oin=nv.oin, profiel=nv.profiel)

    check = {"standard": "eckid", "omgeving": nv.omgeving}
    hpgns = [nv.hpgns[i % len(nv.hpgns)] for i in range(size)]
    items = list(enumerate(nv.hpgns, start=1))
    # a LAS submits at most the NV's daily limit of batches; the limit's fault beyond it is the NV's right answer
    batches = min(size, nv.dagelijkse_batchlimiet or size)
    return [
        Operation(name="eckid retrieveStampseudonym", weight=3, url=nv.endpoint, body="",
                  headers=soap_headers(codec.soap_action("retrieveStampseudonym")),
                  bodies=made("retrieveStampseudonym", [codec.request("retrieveStampseudonym", hpgn=h) for h in hpgns]),
                  check={**check, "operation": "retrieveStampseudonym"}),
        Operation(name="eckid retrieveEckId", weight=0, follows="eckid retrieveStampseudonym", url=nv.endpoint,
                  body="", headers=soap_headers(codec.soap_action("retrieveEckId")),
                  follow_up=follow("retrieveEckId", r"<(?:\w+:)?stampseudonym>\s*([^<\s]+)\s*<",
                                   stampseudonym=VALUE_MARK, chainId=nv.keten, sectorId=nv.sector),
                  check={**check, "operation": "retrieveEckId"}),
        Operation(name="eckid submitStampseudonymBatch", weight=1, url=nv.endpoint, body="",
                  headers=soap_headers(codec.soap_action("submitStampseudonymBatch")),
                  bodies=made("submitStampseudonymBatch",
                              [codec.request("submitStampseudonymBatch", hpgns=items) for _ in range(batches)]),
                  accepted_faults=("LimitDailyBatchSubmissionsExceededException",),
                  check={**check, "operation": "submitStampseudonymBatch"}),
        Operation(name="eckid retrieveBatch", weight=0, follows="eckid submitStampseudonymBatch", url=nv.endpoint,
                  body="", headers=soap_headers(codec.soap_action("retrieveBatch")),
                  follow_up=dataclasses.replace(
                      follow("retrieveBatch", r"<(?:\w+:)?batchIdentifier>\s*([^<\s]+)\s*<",
                             batchIdentifier=VALUE_MARK),
                      poll=("NotFinishedException", "TemporaryBlockedException"),
                      interval=nv.batch_pollinterval, attempts=nv.batch_pogingen),
                  check={**check, "operation": "retrieveBatch", "indices": [i for i, _ in items]}),
    ]


def bestellen_mix(candidate: CandidateConfig, size: int) -> list[Operation]:
    """A distributor at the start of the year: orders for each school it acts for, each with its own
    requestReferenceId, and repeats of orders already answered (an answer lost on the way is asked for again with
    the same reference, and the supplier answers it without ordering twice: eck-dt §2.5)."""
    from conformance.standards.bestellen import codec

    section = candidate.section("bestellen")
    assert section is not None
    settings = get_standard("bestellen").settings(section).supplier
    if settings is None:
        raise ConfigError("the load profile drives a supplier: [bestellen] declares only an ordering client (klant)",
                          field="bestellen")
    if not settings.scholen or not settings.producten:
        raise ConfigError("the load profile orders for the declared schools and products: give "
                          "[bestellen.testdata] scholen and producten", field="bestellen.testdata")
    tls = candidate.tls
    sender = signer(settings.profiel, _path(tls.client_cert), _path(tls.client_key))
    url = settings.endpoint("placeOrder")
    orders = [etree.tostring(codec.place_order(codec.Order(
        str(uuid.uuid4()), settings.oin, settings.scholen[i % len(settings.scholen)],
        (codec.OrderLine(1, settings.producten[i % len(settings.producten)], 1),)))) for i in range(size)]

    def made() -> tuple[str, ...]:  # the same orders, each in a message of its own
        return pool(orders, to=url, action=codec.soap_action("placeOrder"), from_oin=settings.oin, sender=sender)

    check = {"standard": "bestellen", "operation": "placeOrder", "scholen": list(settings.scholen)}
    headers = soap_headers(codec.soap_action("placeOrder"))
    return [
        Operation(name="bestellen placeOrder", weight=3, url=url, headers=headers, body="", bodies=made(),
                  check=check),
        Operation(name="bestellen placeOrder repeat", weight=1, url=url, headers=headers, body="", bodies=made(),
                  repeats="bestellen placeOrder", check={**check, "repeat": True}),
    ]


def readcatalog_mix(candidate: CandidateConfig, size: int) -> list[Operation]:
    """Publishers' and distributors' harvests on the SOAP face: the first pages of the newest record version."""
    from conformance.standards.catalogus.codec import READ_CATALOG_ACTION, read_catalog_body

    section = candidate.section("catalogus")
    assert section is not None
    settings = get_standard("catalogus").settings(section)
    version = settings.newest
    url = settings.readcatalog[version]
    if _path(settings.client_cert) != _path(candidate.tls.client_cert):
        raise ConfigError("the load generator presents one client certificate, [tls] client_cert; [catalogus] "
                          "client_cert names another", field="catalogus.client_cert")
    sender = signer(settings.profiel, _path(settings.client_cert), _path(settings.client_key))
    firsts = [settings.first_entry_base + (i % HARVEST_PAGES) * settings.page_size for i in range(size)]
    bodies = pool([read_catalog_body(version, first, settings.page_size) for first in firsts], to=url,
                  action=READ_CATALOG_ACTION(version), from_oin=settings.van_oin or "", sender=sender)
    return [Operation(name="catalogus ReadCatalog page", weight=2, url=url, body="", bodies=bodies,
                      headers=soap_headers(READ_CATALOG_ACTION(version)),
                      check={"standard": "catalogus", "face": "readcatalog"})]


def _path(path: object) -> str | None:
    return None if path is None else str(path)

