"""Every answer is a well-formed SOAP 1.1 message that validates against the UWLR schemas."""

from __future__ import annotations

import pytest

from conformance.harness import requirement, schema_verdict
from conformance.standards.uwlr.checks import require_text_xml_utf8
from conformance.standards.uwlr.codec import LG
from conformance.standards.uwlr.schemas import VERSIONS, leerlinggegevens_schema
from conformance.standards.uwlr.settings import GETRAPT
from conformance.xml import judge_schema


def _assert_valid(schema, element, what: str, dual: bool) -> None:  # type: ignore[no-untyped-def]
    schema_verdict([(what, judge_schema(schema, element, dual=dual))])


@requirement("UWLR-SOAP-01")
def test_antwoord_is_soap_envelope_met_een_body_element(answers, evidence):
    """The alles-in-één answer is a SOAP 1.1 envelope with exactly one Body child."""
    answers.get(evidence).body()


@requirement("UWLR-SOAP-02")
def test_antwoord_is_text_xml_utf8(answers, evidence):
    """The answer is sent as text/xml in UTF-8."""
    require_text_xml_utf8(answers.get(evidence).exchange)


def _full_schema(schema_pack, versie: str):  # type: ignore[no-untyped-def]
    """The full pupil-data schema of `versie`: the schema pack's when the run has one for UWLR of that version."""
    if schema_pack is not None and schema_pack.standard == "uwlr" and schema_pack.version == versie:
        return schema_pack.schema_for(LG), f"{schema_pack.schema_file(LG)} of the {schema_pack.label()}"
    return leerlinggegevens_schema(versie), f"the suite's own UWLR {versie} schema"


@requirement("UWLR-XSD-01")
@pytest.mark.parametrize("versie", VERSIONS)
def test_alles_in_een_valideert_tegen_schema(answers, evidence, versie, schema_pack, dual_validation):
    """The alles-in-één answer validates against the pupil-data schema of the xsdversie asked for."""
    body = answers.get(evidence, versie=versie).body()
    schema, name = _full_schema(schema_pack, versie)
    _assert_valid(schema, body, f"leerlinggegevens_antwoord ({versie}), checked against {name},",
                  dual_validation)


def _profile_answer_is_valid(answers, evidence, versie: str, profiel: str, name: str,  # type: ignore[no-untyped-def]
                             dual: bool) -> None:
    """An answer asked for in a profile (Smalle set, LVS-set) validates against that profile's schema."""
    body = answers.get(evidence, versie=versie, profiel=profiel).body()
    _assert_valid(leerlinggegevens_schema(versie, profiel), body, f"{name} answer ({versie})", dual)


@requirement("UWLR-XSD-02")
@pytest.mark.parametrize("versie", VERSIONS)
def test_smalle_set_valideert_tegen_profielschema(answers, evidence, versie, dual_validation):
    """An answer in the Smalle set validates against the Smalle-set profile schema."""
    _profile_answer_is_valid(answers, evidence, versie, "smalle-set", "Smalle-set", dual_validation)


@requirement("UWLR-XSD-03")
@pytest.mark.parametrize("versie", VERSIONS)
def test_lvs_set_valideert_tegen_profielschema(answers, evidence, versie, dual_validation):
    """An answer in the LVS-set validates against the LVS-set profile schema."""
    _profile_answer_is_valid(answers, evidence, versie, "lvs-set", "LVS-set", dual_validation)


@requirement("UWLR-XSD-04")
@pytest.mark.parametrize("operation", GETRAPT)
def test_getrapt_antwoord_valideert_tegen_schema(answers, getrapt_alles, evidence, operation, dual_validation):
    """The getrapt answers validate against the pupil-data schema."""
    uwlr_exchange = getrapt_alles(evidence, operation)
    body = uwlr_exchange.body()
    versie = answers.client.settings.versie
    _assert_valid(leerlinggegevens_schema(versie), body, f"{operation} answer", dual_validation)
