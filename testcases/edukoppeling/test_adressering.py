"""WS-Addressing: the headers a request must carry, the answer's headers, the From OIN and the SOAPAction rule."""

from __future__ import annotations

import pytest

from conformance.edukoppeling.addressing import (
    ANONYMOUS,
    address_with_oin,
    check_body,
    check_utf8,
    read_addressing,
)
from conformance.harness import fail_on, inapplicable, requirement
from conformance.pki import parse_oin
from conformance.standards.edukoppeling.checks import check_answer_headers, check_relates_to

#: Another well-formed test OIN, on whose behalf the suite's party may certainly not act.
FOREIGN_OIN = "00000099500000990000"

#: The parameter ids are part of the scenario-test node ids, so they stay as they are.
MISSING = {
    "zonder-to": ({"to": None}, "wsa:To is missing"),
    "zonder-action": ({"action": None}, "wsa:Action is missing"),
    "zonder-messageid": ({"message_id": None}, "wsa:MessageID is missing"),
    "zonder-from": ({"from_oin": None, "from_address": None}, "wsa:From is missing"),
    "from-zonder-oin": ({"from_oin": None, "from_address": ANONYMOUS}, "wsa:From has no ?oin="),
    "from-geen-oin": ({"from_oin": None, "from_address": address_with_oin("00000099ABC")},
                      "wsa:From ?oin= is not an OIN"),
}


def _answer(control, evidence):  # type: ignore[no-untyped-def]
    exchange = control.get(evidence)
    return exchange, exchange.answer()


@requirement("EDUK-WSA-01")
@pytest.mark.parametrize("case", sorted(MISSING))
def test_verzoek_zonder_verplichte_header_krijgt_fout(eduk, control, evidence, requirement_id, case):
    """A request lacking one mandatory WS-Addressing header (or the sender's OIN) gets a SOAP fault."""
    changes, why = MISSING[case]
    control.require_answered(evidence, requirement_id)
    addressing = eduk.addressing(**changes)
    eduk.send(eduk.envelope(addressing), label=f"request: {why}").expect_fault(why)


@requirement("EDUK-WSA-02")
def test_antwoord_heeft_action_en_eigen_messageid(control, evidence):
    """The answer carries wsa:Action and a wsa:MessageID of its own."""
    exchange, soap = _answer(control, evidence)
    fail_on(check_answer_headers(read_addressing(soap), exchange.verzoek))


@requirement("EDUK-WSA-03")
def test_antwoord_relates_to_verzoek(control, evidence):
    """The answer's wsa:RelatesTo names the request's wsa:MessageID."""
    exchange, soap = _answer(control, evidence)
    fail_on(check_relates_to(read_addressing(soap), exchange.verzoek))


@requirement("EDUK-WSA-04")
def test_from_oin_van_een_ander_wordt_geweigerd(eduk, eduk_settings, control, evidence, requirement_id):
    """A request whose wsa:From names an OIN the client certificate does not stand for gets a SOAP fault."""
    assert FOREIGN_OIN != eduk_settings.van_oin and FOREIGN_OIN not in eduk_settings.namens_oins
    control.require_answered(evidence, requirement_id)
    eduk.send(eduk.envelope(eduk.addressing(from_oin=FOREIGN_OIN)),
              label=f"request: wsa:From names {FOREIGN_OIN}").expect_fault(
        f"wsa:From names OIN {FOREIGN_OIN}, which the client certificate ({eduk_settings.van_oin}) "
        "does not stand for")


@requirement("EDUK-WSA-04")
def test_from_oin_namens_wordt_geaccepteerd(eduk, eduk_settings, evidence):
    """A request on behalf of an OIN the suite's party is declared to act for (SaaS) is answered."""
    if not eduk_settings.namens_oins:
        inapplicable("the candidate declares no namens_oins (the SaaS case)")
    oin = eduk_settings.namens_oins[0]
    parse_oin(oin)
    eduk.send(eduk.envelope(eduk.addressing(from_oin=oin)), label=f"request on behalf of {oin}").answer()


@requirement("EDUK-WSA-05")
@pytest.mark.parametrize("soapaction", ["leeg", "gelijk"])
def test_soapaction_leeg_of_gelijk_wordt_geaccepteerd(eduk, eduk_settings, soapaction):
    """A request whose HTTP SOAPAction is "" or equal to wsa:Action is answered."""
    value = "" if soapaction == "leeg" else eduk_settings.action
    eduk.send(eduk.envelope(eduk.addressing()), label=f'request with SOAPAction "{value}"',
              soapaction=value).answer()


@requirement("EDUK-WSA-05")
def test_soapaction_anders_dan_action_krijgt_fout(eduk, control, evidence, requirement_id):
    """A request whose HTTP SOAPAction names another action than wsa:Action gets a SOAP fault."""
    control.require_answered(evidence, requirement_id)
    other = "urn:conformance:edukoppeling:another-action"
    eduk.send(eduk.envelope(eduk.addressing()), label=f'request with SOAPAction "{other}"',
              soapaction=other).expect_fault("the HTTP SOAPAction differs from wsa:Action")


@requirement("EDUK-WSA-06")
def test_antwoord_is_soap_in_utf8_met_een_body_element(control, evidence):
    """The answer is a SOAP 1.1 envelope in UTF-8 with exactly one element in its Body."""
    exchange, soap = _answer(control, evidence)
    fail_on(check_utf8(exchange.exchange.response_body, exchange.exchange.content_type) + check_body(soap))
