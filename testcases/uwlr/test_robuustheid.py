"""Hostile requests get a fault and the LAS keeps serving."""

from __future__ import annotations

from conformance.harness import requirement

OPERATION = "HaalLeerlinggegevens"

XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<lg:leerlinggegevens_verzoek xmlns:lg="http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens">
<lg:schooljaar>&f;</lg:schooljaar></lg:leerlinggegevens_verzoek></soap:Body></soap:Envelope>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<lg:leerlinggegevens_verzoek xmlns:lg="http://www.edustandaard.nl/leerresultaten/2/leerlinggegevens">
<lg:schooljaar>&xxe;</lg:schooljaar></lg:leerlinggegevens_verzoek></soap:Body></soap:Envelope>"""


def _still_answers(uwlr) -> None:  # type: ignore[no-untyped-def]
    uwlr.send(OPERATION, uwlr.verzoek(OPERATION), label="normal request afterwards").body("UWLR-HOST-01")


@requirement("UWLR-HOST-01")
def test_xml_bom_geeft_fout(uwlr, evidence):
    """An entity-expansion bomb gets a fault (not an answer, not a hang), and the LAS keeps serving."""
    uwlr_exchange = uwlr.send_bytes(OPERATION, XML_BOMB, label="entity expansion bomb")
    uwlr_exchange.fault()
    _still_answers(uwlr)


@requirement("UWLR-HOST-01")
def test_externe_entiteit_geeft_fout(uwlr, evidence):
    """An external entity gets a fault and its content never appears in the answer."""
    uwlr_exchange = uwlr.send_bytes(OPERATION, EXTERNAL_ENTITY, label="external entity")
    uwlr_exchange.fault()
    assert b"root:" not in uwlr_exchange.exchange.response_body, "the answer echoes the content of /etc/passwd"
    _still_answers(uwlr)
