"""The reference Nummervoorziening called through zeep with our NV WSDL (2W-be: TLS with the suite's client
certificate, WS-Addressing by zeep's plugin, Edukoppeling's wsa:From added as a header): zeep reads every answer
into the values a second reference with the same settings computes in-process.

Not through zeep: the 2W-be-S profile. zeep signs only through xmlsec, which is not in the lock; the suite's own
client calls the reference in 2W-be-S.
"""

from __future__ import annotations

import time

import pytest
import zeep

from conformance.paths import wsdl_dir
from conformance.standards.eckid.reference import ReferenceNv
from conformance.standards.eckid.reference_server import DEMO_SCHOOL_OIN, start_reference
from tests.zeep_client import wsa_from, zeep_client

BINDING = "{http://ketenid.nl/eck/schemas/v1_0}EckIDSoapBinding"


@pytest.fixture(scope="module")
def nv(state_dir):
    running = start_reference(state_dir)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def service(nv):
    client = zeep_client(wsdl_dir() / "eckid" / "nummervoorziening.wsdl", client_cert=True, addressing=True)
    return client.create_service(BINDING, nv.config["endpoint"])


def _call(service, operation, **fields):
    return getattr(service, operation)(_soapheaders=[wsa_from(DEMO_SCHOOL_OIN)], **fields)


def test_ping_as_zeep_reads_it(service, nv):
    answer = _call(service, "ping")
    assert answer.available is True and answer.applicationVersion == nv.app.reference_settings.versie
    assert answer.systemTime.tzinfo is not None


def test_stampseudonym_and_eckid_as_zeep_reads_them(service, nv):
    hpgn = nv.config["testdata"]["hpgns"][0]
    expected = ReferenceNv(nv.app.reference_settings)
    stamp = _call(service, "retrieveStampseudonym", hpgn=hpgn)
    assert stamp == expected.retrieve_stampseudonym(hpgn)
    eckid = _call(service, "retrieveEckId", stampseudonym=stamp, chainId=nv.config["keten"],
                  sectorId=nv.config["sector"])
    assert eckid == expected.retrieve_eckid(stamp, nv.config["keten"], nv.config["sector"])


def test_chains_and_sectors_as_zeep_reads_them(service, nv):
    chains = _call(service, "retrieveChains")
    sectors = _call(service, "retrieveSectors")
    assert [(c.id, c.name) for c in chains] == [(k.id, k.name) for k in nv.app.reference_settings.chains]
    assert [s.id for s in sectors] == [s.id for s in nv.app.reference_settings.sectors]


def test_a_batch_as_zeep_reads_it(service, nv):
    hpgns = nv.config["testdata"]["hpgns"]
    items = [{"index": index, "hPgn": hpgn} for index, hpgn in enumerate(hpgns, start=1)]
    identifier = _call(service, "submitStampseudonymBatch", hpgnList=items)
    deadline = time.monotonic() + 10 * nv.app.reference_settings.batch_vertraging + 5
    while True:
        try:
            result = _call(service, "retrieveBatch", batchIdentifier=identifier)
            break
        except zeep.exceptions.Fault as fault:  # NotFinishedException until the batch is ready
            assert fault.actor == "NotFinishedException" and time.monotonic() < deadline, fault.message
            time.sleep(nv.app.reference_settings.batch_vertraging / 2)
    expected = ReferenceNv(nv.app.reference_settings)
    assert [(s.index, s.value) for s in result.success] == [
        (index, expected.retrieve_stampseudonym(hpgn)) for index, hpgn in enumerate(hpgns, start=1)]
    assert result.failed == []


def test_a_malformed_hpgn_is_a_fault_zeep_reads(service):
    with pytest.raises(zeep.exceptions.Fault) as fault:
        _call(service, "retrieveStampseudonym", hpgn="not-an-hpgn")
    assert fault.value.code.endswith("Client") and fault.value.actor == "InvalidHpgnException"
