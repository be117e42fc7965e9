"""Each fault situation of the spec gets its own fault code, compared as a QName."""

from __future__ import annotations

from lxml import etree

from conformance.errors import Failure
from conformance.harness import not_exercised, prerequisite, requirement
from conformance.standards.uwlr.codec import AUT
from conformance.xml.soap import SOAP_ENV

OPERATION = "HaalLeerlinggegevens"


def _send_with(uwlr, label: str, **fields):  # type: ignore[no-untyped-def]
    return uwlr.send(OPERATION, uwlr.verzoek(OPERATION, **fields), label=label)


@requirement("UWLR-FLT-01")
def test_geen_xml_geeft_ongeldig_bericht(uwlr, evidence):
    """Bytes that are no XML at all get Client.OngeldigBericht."""
    uwlr.send_bytes(OPERATION, b"dit is geen XML <<<", label="garbage instead of XML") \
        .expect_fault("Client.OngeldigBericht")


@requirement("UWLR-FLT-01")
def test_schemafout_geeft_ongeldig_bericht(uwlr, evidence):
    """A request element with an unknown child gets Client.OngeldigBericht."""
    body = uwlr.verzoek(OPERATION)
    etree.SubElement(body, f"{{{body.nsmap['lg']}}}onbekend_veld").text = "x"
    uwlr.send(OPERATION, body, label="request with an unknown element").expect_fault(
        "Client.OngeldigBericht")


@requirement("UWLR-FLT-02")
def test_ontbrekende_autorisatieheader(uwlr, evidence):
    """A request without the autorisatie header gets Client.AutorisatieOngeldig."""
    uwlr.send(OPERATION, uwlr.verzoek(OPERATION), header=None, label="no autorisatie header") \
        .expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-FLT-02")
def test_lege_autorisatieheader(uwlr, evidence):
    """A header whose klantnaam is empty gets Client.AutorisatieOngeldig."""
    header = uwlr.header()
    header.find(f"{{{AUT}}}klantnaam").text = ""
    uwlr.send(OPERATION, uwlr.verzoek(OPERATION), header=header, label="empty klantnaam") \
        .expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-FLT-03")
def test_foute_klantnaam(uwlr, evidence):
    """An unknown klantnaam gets Client.OngeldigeKlantIdentificatie."""
    uwlr.send(OPERATION, uwlr.verzoek(OPERATION), header=uwlr.header(klantnaam="Onbekende Uitgever"),
              label="unknown klantnaam").expect_fault("Client.OngeldigeKlantIdentificatie")


@requirement("UWLR-FLT-04")
def test_foute_klantcode(uwlr, evidence):
    """A klantcode that does not belong to the klantnaam gets Client.OngeldigeKlantIdentificatie."""
    uwlr.send(OPERATION, uwlr.verzoek(OPERATION), header=uwlr.header(klantcode="XX-FOUT-0000"),
              label="wrong klantcode").expect_fault("Client.OngeldigeKlantIdentificatie")


@requirement("UWLR-FLT-05")
def test_foute_autorisatiesleutel(uwlr, evidence):
    """An invalid autorisatiesleutel gets Client.AutorisatieOngeldig."""
    uwlr.send(OPERATION, uwlr.verzoek(OPERATION), header=uwlr.header(autorisatiesleutel="ongeldige-sleutel-123"),
              label="wrong autorisatiesleutel").expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-FLT-06")
@prerequisite("UWLR-FLT-07")
def test_school_buiten_de_sleutel(uwlr, uwlr_settings, evidence):
    """A school the LAS knows but the key does not cover gets Client.AutorisatieOngeldig."""
    td = uwlr_settings.testdata
    if td.niet_gedekte_brincode is None:
        not_exercised("the candidate names no school its LAS knows outside the key "
                      "([uwlr.testdata] niet_gedekte_brincode), as a LAS serving one school cannot")
    _send_with(uwlr, f"school {td.niet_gedekte_brincode} not covered by the key",
               brincode=td.niet_gedekte_brincode, dependancecode=td.niet_gedekte_dependancecode) \
        .expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-FLT-07")
def test_onbekende_brin(uwlr, evidence):
    """A well-formed but unknown BRIN (00ZZ) gets Client.AutorisatieOngeldig."""
    _send_with(uwlr, "unknown BRIN 00ZZ", brincode="00ZZ").expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-FLT-08")
def test_ongeldige_brin(uwlr, evidence):
    """A malformed BRIN (0ZZZ) gets Client.OngeldigBericht."""
    _send_with(uwlr, "malformed BRIN 0ZZZ", brincode="0ZZZ").expect_fault("Client.OngeldigBericht")


@requirement("UWLR-FLT-09")
def test_foute_dependancecode(uwlr, evidence):
    """A well-formed dependancecode the school does not have (97) gets Client.AutorisatieOngeldig."""
    _send_with(uwlr, "wrong dependancecode 97", dependancecode="97") \
        .expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-FLT-10")
def test_ongeldige_dependancecode(uwlr, evidence):
    """A malformed dependancecode (A1B) gets Client.OngeldigBericht."""
    _send_with(uwlr, "malformed dependancecode A1B", dependancecode="A1B") \
        .expect_fault("Client.OngeldigBericht")


@requirement("UWLR-FLT-11")
def test_foute_schoolkey(uwlr, evidence):
    """An unknown schoolkey gets Client.AutorisatieOngeldig."""
    _send_with(uwlr, "unknown schoolkey", schoolkey="SCHOOLKEY-BESTAAT-NIET") \
        .expect_fault("Client.AutorisatieOngeldig")


@requirement("UWLR-FLT-12")
def test_ongeldig_schooljaar(uwlr, evidence):
    """A malformed schooljaar (2019-2020-FOUT) gets Client.OngeldigBericht."""
    _send_with(uwlr, "malformed schooljaar", schooljaar="2019-2020-FOUT") \
        .expect_fault("Client.OngeldigBericht")


@requirement("UWLR-FLT-13")
def test_foute_xsdversie(uwlr, evidence):
    """An xsdversie the LAS does not support (9.9) gets Client.XsdVersieOngeldig."""
    _send_with(uwlr, "unsupported xsdversie 9.9", xsdversie="9.9").expect_fault("Client.XsdVersieOngeldig")


@requirement("UWLR-FLT-17")
def test_ongeldige_laatstontvangengegevens(uwlr, evidence):
    """A laatstontvangengegevens that is no dateTime gets Client.OngeldigBericht."""
    _send_with(uwlr, "malformed laatstontvangengegevens", laatstontvangengegevens="gisteren") \
        .expect_fault("Client.OngeldigBericht")


def _some_fault(uwlr):  # type: ignore[no-untyped-def]
    return uwlr.send(OPERATION, uwlr.verzoek(OPERATION), header=uwlr.header(autorisatiesleutel="ongeldig"),
                     label="fault for the fault-format checks")


@requirement("UWLR-FLT-14")
@prerequisite("UWLR-FLT-05")
def test_foutcode_in_soap_namespace(uwlr, evidence):
    """The fault code resolves to the SOAP envelope namespace, whatever its prefix."""
    fault = _some_fault(uwlr).fault()
    if fault.code_namespace != SOAP_ENV:
        raise Failure(f"Received: faultcode {fault.code_text!r} resolves to namespace {fault.code_namespace!r}\n"
                      f"Expected: a QName in {SOAP_ENV}")


@requirement("UWLR-FLT-15")
@prerequisite("UWLR-FLT-05")
def test_fout_heeft_faultstring(uwlr, evidence):
    """The fault explains itself in a non-empty faultstring."""
    fault = _some_fault(uwlr).fault()
    assert fault.faultstring.strip(), "the faultstring is empty"


@requirement("UWLR-FLT-16")
@prerequisite("UWLR-FLT-05")
def test_fout_met_http_500(uwlr, evidence):
    """The fault is sent with HTTP status 500."""
    uwlr_exchange = _some_fault(uwlr)
    uwlr_exchange.fault()
    assert uwlr_exchange.exchange.status == 500, f"Received: HTTP {uwlr_exchange.exchange.status}\nExpected: HTTP 500"
