"""Each record rule: a record that breaks it (with the exact messages) and a near-miss that keeps it."""

from __future__ import annotations

import pytest
from catalogus_samples import EAN, record_xml

from conformance.findings import Severity
from conformance.standards.catalogus.checks import RULES
from conformance.standards.catalogus.validation import VERSIONS, validate_document

SECTOR_LIST = "'PO', 'VO', 'MBO', 'HBO', 'WO'"
STATES = ("'Leverbaar', 'Niet meer leverbaar', 'Beperkt leverbaar', 'Nog niet leverbaar', "
          "'Tijdelijk niet leverbaar', 'Zal niet verschijnen'")
BAD_EAN = EAN[:-1] + str((int(EAN[-1]) + 1) % 10)


def prices(*parts: tuple[str, object]) -> list[tuple[str, object]]:
    return list(parts)


def price(amount: str = "1999", vat: str = "9.0") -> tuple[str, object]:
    return ("Price", [("Amount", amount), ("VAT", vat)])


# (requirement, version, changes, expected messages in order)
FAILS = [
    ("CAT-REC-01", "2.5.2", {"Title": None}, ["Title is missing; every record carries it"]),
    ("CAT-REC-01", "2.3", {"Publisher": "  "}, ["Publisher is empty; every record carries a value"]),
    ("CAT-REC-01", "2.1.1", {"Authors": []},
     ["Authors/Author is missing; every record names at least one author"]),
    ("CAT-REC-02", "2.3", {"Courses": None}, ["Courses/Course is missing; a version 2.3 record names at least one"]),
    ("CAT-REC-02", "2.1.1", {"Sectors": []},
     ["Sectors/Sector is missing; a version 2.1.1 record names at least one"]),
    ("CAT-REC-03", "2.5.2", {"add_Title": "Nog een titel"}, ["Title occurs 2 times; it may occur at most once"]),
    ("CAT-REC-04", "2.5.2", {"Tilte": "Rekenen"}, ["Tilte is not an element of a version 2.5.2 record"]),
    ("CAT-REC-04", "2.5.2", {"Sectors": [("Sector", "VO")]}, ["Sectors is not an element of a version 2.5.2 record"]),
    ("CAT-REC-04", "2.3", {"Authors": [("Auteur", "B. Proef"), ("Author", "A. Voorbeeld")]},
     ["Authors/Auteur is not an element of a version 2.3 record"]),
    ("CAT-REC-05", "2.5.2", {"IsLicensed": "yes", "IsCatalogItem": "True"},
     ["IsLicensed 'yes' is not an xs:boolean (true, false, 1 or 0)",
      "IsCatalogItem 'True' is not an xs:boolean (true, false, 1 or 0)"]),
    ("CAT-REC-05", "2.3", {"IsCatalogItem": ""}, ["IsCatalogItem '' is not an xs:boolean (true, false, 1 or 0)"]),
    ("CAT-REC-06", "2.3", {"SaleUnitSize": "-1", "LicenseCount": "2.5",
                           "ActivationBefore": [("ActivationBeforeDays", "ten")]},
     ["SaleUnitSize '-1' is not a whole number of zero or more",
      "LicenseCount '2.5' is not a whole number of zero or more",
      "ActivationBefore/ActivationBeforeDays 'ten' is not a whole number of zero or more"]),
    ("CAT-REC-06", "2.5.2", {"SaleUnitSize": "\u0661"}, ["SaleUnitSize '\u0661' is not a whole number of zero or more"]),
    ("CAT-REC-07", "2.5.2", {"FirstPublishedDate": "2021-08-01", "EndOfLifeDate": "2031-02-30T00:00:00Z",
                             "LicenseStartDate": "01-08-2021"},
     ["FirstPublishedDate '2021-08-01' is not an xs:dateTime such as 2020-09-01T00:00:00Z",
      "EndOfLifeDate '2031-02-30T00:00:00Z' is not an xs:dateTime such as 2020-09-01T00:00:00Z",
      "LicenseStartDate '01-08-2021' is not an xs:date such as 2021-08-01"]),
    ("CAT-REC-08", "2.5.2", {"EndOfLifeDate": "2019-12-31T00:00:00Z"},
     ["EndOfLifeDate 2019-12-31T00:00:00Z is before FirstPublishedDate 2021-08-01T00:00:00.000Z"]),
    ("CAT-REC-09", "2.3", {"LicenseEndDate": "2020-07-31"},
     ["LicenseEndDate 2020-07-31 is before LicenseStartDate 2020-08-01"]),
    ("CAT-REC-10", "2.2", {"LicenseDuration": "2 days"},
     ["LicenseDuration '2 days' is not an ISO-8601 duration such as P2D, P1Y or PT12H"]),
    ("CAT-REC-10", "2.2", {"LicenseDuration": "P2W"},
     ["LicenseDuration 'P2W' is not an ISO-8601 duration such as P2D, P1Y or PT12H"]),
    ("CAT-REC-10", "2.2", {"LicenseDuration": "PT"},
     ["LicenseDuration 'PT' is not an ISO-8601 duration such as P2D, P1Y or PT12H"]),
    ("CAT-REC-10", "2.2", {"LicenseDuration": "-P2D"}, ["LicenseDuration '-P2D' is negative"]),
    ("CAT-REC-11", "2.5.2", {"AccessLocation": "toegang.example/x",
                             "PublisherThumbnailLocation": "ftp://proefdruk.example/logo.png",
                             "InformationLocation": "https://proefdruk.example/reken boek"},
     ["PublisherThumbnailLocation 'ftp://proefdruk.example/logo.png' is not an absolute http(s) URL",
      "AccessLocation 'toegang.example/x' is not an absolute http(s) URL",
      "InformationLocation 'https://proefdruk.example/reken boek' is not an absolute http(s) URL"]),
    ("CAT-REC-11", "2.3", {"AccessLocation": "https:///pad"},
     ["AccessLocation 'https:///pad' is not an absolute http(s) URL"]),
    ("CAT-REC-12", "2.5.2", {"ProductId": BAD_EAN},
     [f"ProductId {BAD_EAN} has 13 digits but a wrong EAN-13 check digit"]),
    ("CAT-REC-13", "2.5.2", {"ProductState": "Leverbar"}, [f"ProductState 'Leverbar' is not one of {STATES}"]),
    ("CAT-REC-13", "2.3", {"ProductState": " "}, [f"ProductState '' is not one of {STATES}"]),
    ("CAT-REC-14", "2.3", {"IntendedEndUserRole": "Leerling"},
     ["IntendedEndUserRole 'Leerling' is not one of 'Onderwijsvolger', 'Onderwijsgever', 'Beheerder'"]),
    ("CAT-REC-15", "2.1.1", {"Medium": "Website"},
     ["Medium 'Website' is not one of 'Web browser', 'Boek', 'Anders', 'CD-ROM', 'DVD', 'Downloadable installer'"]),
    ("CAT-REC-16", "2.5.2", {"CurriculumInfo": [("Sector", "VMBO")], "DEPSectors": [("DEPSector", "VO, XYZ")]},
     [f"DEPSectors/DEPSector 'VO, XYZ' is not one of {SECTOR_LIST}",
      f"CurriculumInfo/Sector 'VMBO' is not one of {SECTOR_LIST}"]),
    ("CAT-REC-16", "2.3", {"Sectors": [("Sector", "vo")]}, [f"Sectors/Sector 'vo' is not one of {SECTOR_LIST}"]),
    ("CAT-REC-17", "2.5.2", {"DEPSectors": [("DEPSector", "VO, MBO")]},
     ["DEPSectors/DEPSector 'VO, MBO' joins several sectors in one element; give each its own element"]),
    ("CAT-REC-18", "2.5.2", {"AggregationLevel": "Lesson"}, ["AggregationLevel 'Lesson' is not one of 'Course'"]),
    ("CAT-PRC-01", "2.1.1", {"Currency": None}, ["Currency is missing; a version 2.1.1 record carries it"]),
    ("CAT-PRC-01", "2.2", {"Currency": ""}, ["Currency is empty"]),
    ("CAT-PRC-02", "2.2", {"Prices": prices(("Currency", "EUR"), price())},
     ["Prices exists from version 2.3; a version 2.2 record uses Currency, PriceVATHigh and PriceVATLow"]),
    ("CAT-PRC-02", "2.5.2", {"Currency": "EUR", "PriceVATHigh": "100"},
     ["Currency was replaced by the Prices container in version 2.3",
      "PriceVATHigh was replaced by the Prices container in version 2.3"]),
    ("CAT-PRC-03", "2.3", {"Prices": None}, ["IsCatalogItem is true but the record has no Prices"]),
    ("CAT-PRC-03", "2.5.2", {"IsCatalogItem": "1", "Prices": prices(price())},
     ["Prices holds 0 Currency values; a catalogue item needs exactly one"]),
    ("CAT-PRC-03", "2.5.2", {"Prices": prices(("Currency", "EUR"), ("Currency", "EUR"))},
     ["Prices holds 2 Currency values; a catalogue item needs exactly one",
      "Prices holds no Price; a catalogue item needs at least one"]),
    ("CAT-PRC-04", "2.3", {"Prices": prices(("Currency", "EUR"), ("Price", [("Amount", "100")]))},
     ["Price holds 0 VAT elements; it needs exactly one"]),
    ("CAT-PRC-04", "2.5.2", {"Prices": prices(("Currency", "EUR"),
                                              ("Price", [("Amount", "1"), ("Amount", "2"), ("VAT", "9")]))},
     ["Price holds 2 Amount elements; it needs exactly one"]),
    ("CAT-PRC-05", "2.5.2", {"Prices": prices(("Currency", "EUR"), price(amount="19.99"))},
     ["Price/Amount '19.99' is not a whole number of euro cents"]),
    ("CAT-PRC-06", "2.5.2", {"Prices": prices(("Currency", "EUR"), price(vat="21%"), price(vat="121"))},
     ["Price/VAT '21%' is not a percentage between 0 and 100 (such as 21.00)",
      "Price/VAT '121' is not a percentage between 0 and 100 (such as 21.00)"]),
    ("CAT-PRC-07", "2.5.2", {"Prices": prices(("Currency", "EUR"), ("Consumerprice", "21.79"), price())},
     ["Prices/Consumerprice '21.79' is not a whole number of euro cents"]),
    ("CAT-PRC-08", "2.2", {"PriceVATLow": "19,99"}, ["PriceVATLow '19,99' is not a whole number of euro cents"]),
    ("CAT-PRC-09", "2.3", {"Prices": prices(("Currency", "USD"), price())},
     ["Prices/Currency 'USD' is not EUR, while Amount is defined in euro cents"]),
]

# (requirement, version, changes): a near miss that the requirement must not report
PASSES = [
    ("CAT-REC-01", "2.1.1", {"Description": None}),
    ("CAT-REC-02", "2.5.2", {}),
    ("CAT-REC-03", "2.5.2", {"add_CurriculumInfo": [("Sector", "MBO")]}),
    ("CAT-REC-04", "2.3", {"Currency": "EUR"}),  # a price field of another version is CAT-PRC-02's
    ("CAT-REC-04", "2.2", {"ContentLocation": "https://proefdruk.example/inhoud"}),
    ("CAT-REC-05", "2.5.2", {"IsLicensed": " 1 ", "IsSeparatelyAvailable": "0"}),
    ("CAT-REC-06", "2.3", {"SaleUnitSize": "0", "LicenseCount": "30",
                           "ActivationBefore": [("ActivationBeforeDays", "5000")]}),
    ("CAT-REC-07", "2.5.2", {"FirstPublishedDate": "2021-08-01T24:00:00", "LicenseStartDate": "2021-08-01Z",
                             "EndOfLifeDate": "2031-07-31T00:00:00.123456789+02:00"}),
    ("CAT-REC-08", "2.5.2", {"EndOfLifeDate": "2021-08-01T02:00:00+02:00"}),  # the same instant
    ("CAT-REC-09", "2.3", {"LicenseEndDate": "2020-08-01"}),
    ("CAT-REC-10", "2.2", {"LicenseDuration": "P1Y2M3DT4H5M6.5S"}),
    ("CAT-REC-10", "2.2", {"LicenseDuration": " PT12H "}),
    ("CAT-REC-11", "2.5.2", {"PublisherThumbnailLocation": "\n      https://proefdruk.example/logo.png\n    ",
                             "AccessLocation": "HTTP://toegang.example"}),
    ("CAT-REC-12", "2.5.2", {"ProductId": "toegangorg:0000-1111"}),
    ("CAT-REC-12", "2.1.1", {"ProductId": "246813579"}),
    ("CAT-REC-12", "2.3", {"ProductId": "978900000001X"}),
    ("CAT-REC-13", "2.5.2", {"ProductState": "Zal niet verschijnen"}),
    ("CAT-REC-14", "2.3", {"IntendedEndUserRole": "Beheerder"}),
    ("CAT-REC-15", "2.1.1", {"Medium": "Downloadable installer"}),
    ("CAT-REC-16", "2.5.2", {"DEPSectors": [("DEPSector", "VO, MBO")]}),  # joined: CAT-REC-17's
    ("CAT-REC-17", "2.5.2", {"DEPSectors": [("DEPSector", "VO"), ("DEPSector", "MBO")]}),
    ("CAT-REC-18", "2.3", {"AggregationLevel": "Lesson"}),  # not a 2.3 field: CAT-REC-04's
    ("CAT-PRC-01", "2.1.1", {"Currency": "EURO"}),
    ("CAT-PRC-02", "2.2", {"PriceVATHigh": "2499"}),
    ("CAT-PRC-03", "2.5.2", {"IsCatalogItem": "false", "Prices": None}),
    ("CAT-PRC-03", "2.3", {"IsCatalogItem": None, "Prices": prices(("Consumerprice", "0"))}),
    ("CAT-PRC-04", "2.3", {"Prices": prices(("Currency", "EUR"), price(), price(vat="21.00"))}),
    ("CAT-PRC-05", "2.5.2", {"Prices": prices(("Currency", "EUR"), price(amount=" 0 "))}),
    ("CAT-PRC-06", "2.5.2", {"Prices": prices(("Currency", "EUR"), price(vat="0.0"), price(vat="100"))}),
    ("CAT-PRC-07", "2.5.2", {"Prices": prices(("Currency", "EUR"), ("Consumerprice", "0"), price())}),
    ("CAT-PRC-08", "2.2", {"PriceVATLow": "0"}),
    ("CAT-PRC-09", "2.3", {}),
]


def _findings(requirement: str, version: str, changes: dict) -> list:
    return [f for f in validate_document(record_xml(version, **changes)) if f.requirement == requirement]


def _id(case: tuple) -> str:
    return f"{case[0]}-{case[1]}-{'-'.join(case[2]) or 'base'}"


@pytest.mark.parametrize("case", FAILS, ids=_id)
def test_rule_reports_the_breach(case):
    requirement, version, changes, messages = case
    found = _findings(requirement, version, changes)
    assert [f.message for f in found] == messages
    registered = next(r for r in RULES.values() if r.requirement == requirement)
    assert {f.severity for f in found} == {registered.severity}
    assert {f.subject for f in found} == {changes.get("ProductId", EAN)}


@pytest.mark.parametrize("case", PASSES, ids=_id)
def test_rule_keeps_quiet_on_a_near_miss(case):
    requirement, version, changes = case
    assert _findings(requirement, version, changes) == []


@pytest.mark.parametrize("version", VERSIONS)
def test_the_sample_record_of_every_version_is_clean(version):
    assert validate_document(record_xml(version)) == []


def test_every_rule_has_a_failing_and_a_passing_case():
    requirements = {r.requirement for r in RULES.values()}
    assert requirements <= {case[0] for case in FAILS}
    assert requirements <= {case[0] for case in PASSES}
    assert len(requirements) == len(RULES), "one rule, one requirement"


def test_warnings_are_the_should_rules():
    assert {name for name, r in RULES.items() if r.severity is Severity.WARNING} == {
        "known_elements", "one_sector_per_element", "aggregation_level_values", "currency_is_euro"}


def test_finding_points_at_the_line_of_the_element_at_fault():
    data = record_xml("2.5.2", ProductState="Leverbar")
    (finding,) = [f for f in validate_document(data) if f.requirement == "CAT-REC-13"]
    lines = data.decode().splitlines()
    assert lines[finding.line - 1].strip() == "<ProductState>Leverbar</ProductState>"


def test_missing_field_points_at_the_entry():
    data = record_xml("2.5.2", Title=None)
    (finding,) = validate_document(data)
    assert finding.line == 2 and finding.subject == EAN


def test_empty_required_field_is_reported_once():
    findings = validate_document(record_xml("2.5.2", IsLicensed="", PublisherThumbnailLocation=" ", Medium=""))
    assert [(f.requirement, f.message) for f in findings] == [
        ("CAT-REC-01", "PublisherThumbnailLocation is empty; every record carries a value"),
        ("CAT-REC-01", "Medium is empty; every record carries a value"),
        ("CAT-REC-01", "IsLicensed is empty; every record carries a value")]


def test_record_without_product_id_has_no_subject():
    (finding,) = validate_document(record_xml("2.5.2", ProductId=None))
    assert finding.message == "ProductId is missing; every record carries it"
    assert finding.subject is None


def test_child_in_another_namespace_is_reported():
    data = record_xml("2.5.2").replace(b"</Entry>", b'<x:Extra xmlns:x="urn:elders">1</x:Extra></Entry>')
    assert [(f.requirement, f.message) for f in validate_document(data)] == [
        ("CAT-REC-04", "{urn:elders}Extra is in another namespace than its record")]


def test_rule_functions_say_why():
    assert [name for name, r in RULES.items() if not r.func.__doc__] == []


# -- rules that judged nothing ------------------------------------------------------------------------------

def _exercised(*records) -> set[str]:
    """The requirements exercised while streaming a ReadCatalog answer holding `records`."""
    import io

    from catalogus_samples import readcatalog, soap, to_bytes

    from conformance.standards.catalogus.validation import PageSummary, iter_findings

    summary = PageSummary()
    list(iter_findings(io.BytesIO(to_bytes(soap(readcatalog(list(records))))), summary=summary))
    return summary.exercised


def test_a_rule_on_an_optional_field_is_exercised_only_by_a_record_holding_it():
    """A pass needs something judged: without LicenseDuration, CAT-REC-10 says why it judged nothing."""
    from catalogus_samples import record

    from conformance.standards.catalogus.client import FindingTally

    tally = FindingTally(3)
    tally.exercised |= _exercised(record("2.5.2", LicenseDuration=None))
    assert tally.not_exercised("CAT-REC-10") == "no harvested record holds LicenseDuration"
    assert tally.not_exercised("CAT-REC-01") is None  # every record is judged by it
    assert tally.not_exercised("CAT-PRC-01") == "no harvested record is of version 2.1.1 or 2.2"
    assert tally.not_exercised("CAT-SET-03") == "no harvested record holds FollowupProduct"
    tally.exercised |= _exercised(record("2.5.2", LicenseDuration="P1Y", FollowupProduct=EAN))
    assert tally.not_exercised("CAT-REC-10") is None and tally.not_exercised("CAT-SET-03") is None
