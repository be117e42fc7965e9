"""WS-Addressing: the headers a request must carry, the answer's headers, the From OIN and the SOAPAction rule."""

from __future__ import annotations

import pytest

from conformance.edukoppeling.addressing import (
    ANONYMOUS,
    REPLY,
    address_with_oin,
    check_body,
    check_utf8,
    read_addressing,
)
from conformance.errors import Failure
from conformance.harness import inapplicable, requirement
from conformance.pki import parse_oin

#: Another well-formed test OIN, on whose behalf the suite's party may certainly not act.
VREEMDE_OIN = "00000099500000990000"

ZONDER = {
    "zonder-to": ({"to": None}, "wsa:To is missing"),
    "zonder-action": ({"action": None}, "wsa:Action is missing"),
    "zonder-messageid": ({"message_id": None}, "wsa:MessageID is missing"),
    "zonder-from": ({"from_oin": None, "from_address": None}, "wsa:From is missing"),
    "from-zonder-oin": ({"from_oin": None, "from_address": ANONYMOUS}, "wsa:From has no ?oin="),
    "from-geen-oin": ({"from_oin": None, "from_address": address_with_oin("00000099ABC")},
                      "wsa:From ?oin= is not an OIN"),
}


def _answer(controle, evidence):  # type: ignore[no-untyped-def]
    uitwisseling = controle.get(evidence)
    return uitwisseling, uitwisseling.answer()


@requirement("EDUK-WSA-01")
@pytest.mark.parametrize("geval", sorted(ZONDER))
def test_verzoek_zonder_verplichte_header_krijgt_fout(eduk, controle, evidence, geval):
    """A request lacking one mandatory WS-Addressing header (or the sender's OIN) gets a SOAP fault."""
    changes, why = ZONDER[geval]
    controle.vereist(evidence)
    addressing = eduk.addressing(**changes)
    eduk.send(eduk.envelope(addressing), label=f"request: {why}").expect_fault(why)


@requirement("EDUK-WSA-02")
def test_antwoord_heeft_action_en_eigen_messageid(controle, evidence):
    """The answer carries wsa:Action and a wsa:MessageID of its own."""
    uitwisseling, soap = _answer(controle, evidence)
    answer = read_addressing(soap)
    problems = [f"wsa:{name} occurs more than once" for name in answer.duplicates if name in ("Action", "MessageID")]
    if not answer.action:
        problems.append("the answer has no (or an empty) wsa:Action")
    if not answer.message_id:
        problems.append("the answer has no (or an empty) wsa:MessageID")
    elif answer.message_id == uitwisseling.verzoek.message_id:
        problems.append(f"the answer's wsa:MessageID {answer.message_id} is the request's own")
    if problems:
        raise Failure("\n".join(problems))


@requirement("EDUK-WSA-03")
def test_antwoord_relates_to_verzoek(controle, evidence):
    """The answer's wsa:RelatesTo names the request's wsa:MessageID."""
    uitwisseling, soap = _answer(controle, evidence)
    answer = read_addressing(soap)
    expected = uitwisseling.verzoek.message_id
    if answer.relates_to is None:
        raise Failure(f"the answer has no wsa:RelatesTo; expected {expected}")
    if answer.relates_to != expected:
        raise Failure(f"wsa:RelatesTo is {answer.relates_to}, not the request's MessageID {expected}")
    if answer.relationship_type not in (None, REPLY):
        raise Failure(f"RelationshipType is {answer.relationship_type}, not {REPLY}")


@requirement("EDUK-WSA-04")
def test_from_oin_van_een_ander_wordt_geweigerd(eduk, eduk_settings, controle, evidence):
    """A request whose wsa:From names an OIN the client certificate does not stand for gets a SOAP fault."""
    assert VREEMDE_OIN != eduk_settings.van_oin and VREEMDE_OIN not in eduk_settings.namens_oins
    controle.vereist(evidence)
    eduk.send(eduk.envelope(eduk.addressing(from_oin=VREEMDE_OIN)), label=f"request: wsa:From names {VREEMDE_OIN}").expect_fault(
        f"wsa:From names OIN {VREEMDE_OIN}, which the client certificate ({eduk_settings.van_oin}) "
                       "does not stand for")


@requirement("EDUK-WSA-04")
def test_from_oin_namens_wordt_geaccepteerd(eduk, eduk_settings, evidence):
    """A request on behalf of an OIN the suite's party is declared to act for (SaaS) is answered."""
    if not eduk_settings.namens_oins:
        inapplicable("the candidate declares no namens_oins (the SaaS case)")
    oin = eduk_settings.namens_oins[0]
    parse_oin(oin)
    eduk.send(eduk.envelope(eduk.addressing(from_oin=oin)), label=f"request on behalf of {oin}").answer(
        )


@requirement("EDUK-WSA-05")
@pytest.mark.parametrize("soapaction", ["leeg", "gelijk"])
def test_soapaction_leeg_of_gelijk_wordt_geaccepteerd(eduk, eduk_settings, soapaction):
    """A request whose HTTP SOAPAction is "" or equal to wsa:Action is answered."""
    value = "" if soapaction == "leeg" else eduk_settings.action
    eduk.send(eduk.envelope(eduk.addressing()), label=f'request with SOAPAction "{value}"',
              soapaction=value).answer()


@requirement("EDUK-WSA-05")
def test_soapaction_anders_dan_action_krijgt_fout(eduk, controle, evidence):
    """A request whose HTTP SOAPAction names another action than wsa:Action gets a SOAP fault."""
    controle.vereist(evidence)
    other = "urn:conformance:edukoppeling:another-action"
    eduk.send(eduk.envelope(eduk.addressing()), label=f'request with SOAPAction "{other}"', soapaction=other).expect_fault(
        "the HTTP SOAPAction differs from wsa:Action")


@requirement("EDUK-WSA-06")
def test_antwoord_is_soap_in_utf8_met_een_body_element(controle, evidence):
    """The answer is a SOAP 1.1 envelope in UTF-8 with exactly one element in its Body."""
    uitwisseling, soap = _answer(controle, evidence)
    findings = check_utf8(uitwisseling.exchange.response_body, uitwisseling.exchange.content_type)
    findings += check_body(soap)
    if findings:
        raise Failure("\n".join(finding.message for finding in findings))
