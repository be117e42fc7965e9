"""The reference LAS called through zeep with our UWLR 2.3 WSDL: zeep writes the requests (autorisatie header
included) from the WSDL alone, and reads the answers into the demo school's values.

What zeep 4.3 cannot do, so these tests do not ask it: parse a whole `leerlinggegevens` answer. It rejects the
`school` block (SchoolType's choice between the brincode, instellingsnummer and schoolkey sequences, valid XSD that
libxml2 and xmlschema accept: zeep reports "Unexpected element aanmaakdatum") and it loops forever on a teacher
(LeerkrachtType's optional, unbounded `gRol` group). Nor can it build the value of a `geenwijzigingen` answer (the
answer's choice holds a group reference: "unexpected keyword argument 'geenwijzigingen'"). So the answer is taken
raw and zeep parses the parts it can, `groepen` and `leerlingen`, with the types of our XSD; a SOAP fault it reads
through the operation. The getrapt answers carry the same `school` block. BrengLeerresultaten zeep writes and
reads whole (its answer is an empty confirmation).
"""

from __future__ import annotations

import datetime as dt

import pytest
import zeep
from lxml import etree

from conformance.paths import wsdl_dir
from conformance.standards.uwlr.reference import demo_data
from conformance.standards.uwlr.reference_server import start_reference
from tests.zeep_client import zeep_client

LG = "http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens"
LR = "http://www.edustandaard.nl/leerresultaten/2/leerresultaten"
BINDING = f"{{{LG}}}bndLeerlinggegevens"


@pytest.fixture(scope="module")
def las(state_dir):
    running = start_reference(state_dir)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client():
    return zeep_client(wsdl_dir() / "uwlr" / "2.3" / "uwlr-leerlinggegevens.wsdl")


def _fetch(client, las, *, autorisatie=None, **fields):
    """HaalLeerlinggegevens as zeep writes it from the WSDL; the header part is the WSDL's `msgpHeader`."""
    service = client.create_service(BINDING, las.config["endpoints"]["leerlinggegevens"])
    testdata = las.config["testdata"]
    request = {"schooljaar": testdata["schooljaar"], "brincode": testdata["brincode"],
               "dependancecode": testdata["dependancecode"], "xsdversie": "2.3", **fields}
    return service.HaalLeerlinggegevens(_soapheaders={"msgpHeader": autorisatie or dict(las.config["autorisatie"])},
                                        **request)


def _raw_answer(client, las) -> etree._Element:
    with client.settings(raw_response=True):
        response = _fetch(client, las)
    assert response.status_code == 200, response.text[:500]
    body = etree.fromstring(response.content)
    found = body.find(f".//{{{LG}}}leerlinggegevens")
    assert found is not None, "no leerlinggegevens in the answer"
    return found


def test_zeep_reads_every_pupil_of_the_demo_school(client, las):
    answer = _raw_answer(client, las)
    leerlingen = client.get_type(f"{{{LG}}}ctpLeerlingen").parse_xmlelement(answer.find(f"{{{LG}}}leerlingen"),
                                                                            client.wsdl.types)
    school = demo_data().school
    assert [pupil.key for pupil in leerlingen.leerling] == [pupil.key for pupil in school.leerlingen]
    first, expected = leerlingen.leerling[0], school.leerlingen[0]
    assert (first.achternaam, first.jaargroep, first.eckid) == (expected.achternaam, expected.jaargroep,
                                                                 expected.eckid)


def test_zeep_reads_the_groups_of_the_demo_school(client, las):
    answer = _raw_answer(client, las)
    groepen = client.get_type(f"{{{LG}}}ctpGroepen").parse_xmlelement(answer.find(f"{{{LG}}}groepen"),
                                                                      client.wsdl.types)
    keys = {value.key for item in groepen._value_1 for value in item.values()}
    school = demo_data().school
    assert keys == {g.key for g in school.groepen} | {g.key for g in school.samengestelde_groepen}


def test_a_wrong_key_is_a_fault_zeep_reads(client, las):
    wrong = {**las.config["autorisatie"], "autorisatiesleutel": "not-the-key-the-las-issued"}
    with pytest.raises(zeep.exceptions.Fault) as fault:
        _fetch(client, las, autorisatie=wrong)
    assert fault.value.code.endswith("Client.AutorisatieOngeldig")


def _push(las, leerlingid):
    """BrengLeerresultaten as zeep writes it from our leerresultaten WSDL: one score of one pupil, its test defined."""
    client = zeep_client(wsdl_dir() / "uwlr" / "2.3" / "uwlr-leerresultaten.wsdl")
    service = client.create_service(f"{{{LR}}}bndLeerresultaten", las.config["endpoints"]["leerresultaten"])
    testdata = las.config["testdata"]
    school = {"schooljaar": testdata["schooljaar"], "brincode": testdata["brincode"],
              "dependancecode": testdata["dependancecode"], "xsdversie": "2.3",
              "aanmaakdatum": dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.timezone.utc)}
    result = {"key": "R1", "afnamedatum": dt.date(2026, 11, 1), "toetscode": "REKENEN-M5", "score": 42}
    return service.BrengLeerresultaten(
        _soapheaders={"msgpHeader": dict(las.config["autorisatie"])}, school=school,
        toetsafnames={"toetsafname": [{"leerlingid": leerlingid, "resultaten": {"resultaat": [result]}}]},
        toetsen={"toets": [{"toetscode": {"_value_1": "REKENEN-M5"}, "toetsnaam": "Rekenen midden groep 5"}]})


def test_results_for_a_known_pupil_are_confirmed_through_zeep(las):
    assert _push(las, demo_data().school.leerlingen[0].key) is None  # the empty leerresultaten_bevestiging


def test_results_for_an_unknown_pupil_are_a_fault_zeep_reads(las):
    with pytest.raises(zeep.exceptions.Fault) as fault:
        _push(las, "no-such-pupil")
    assert fault.value.code.endswith("Client.LeerlingOngeldig")
