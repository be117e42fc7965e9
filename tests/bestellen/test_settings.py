"""The `[bestellen]` table: the template reads, and every problem names its field."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.standards import get_standard
from conformance.standards.bestellen.settings import read_settings

TEMPLATE = tomllib.loads(get_standard("bestellen").config_template)["bestellen"]


def _read(data):  # type: ignore[no-untyped-def]
    return read_settings(Section(data, "bestellen", Path(".")))


def test_template_reads():
    settings = _read(TEMPLATE)
    assert settings.scholen == ("99XA", "99XB") and settings.andere_school == "98ZZ"
    assert settings.endpoint("placeOrder").endswith("/orders") and settings.endpoint("readLicences").endswith("/licenties")


@pytest.mark.parametrize(("path", "value", "field"), [
    (("oin",), "123", "bestellen.oin"),
    (("operaties",), ["readOrder"], "bestellen.operaties"),
    (("operaties",), ["placeOrder", "readLicences", "orderAll"], "bestellen.operaties"),
    (("eckid_omgeving",), "test", "bestellen.eckid_omgeving"),
    (("profiel",), "2W-be-SE", "bestellen.profiel"),
    (("startdatum_marge_dagen",), -1, "bestellen.startdatum_marge_dagen"),
    (("startdatum_marge_dagen",), "7", "bestellen.startdatum_marge_dagen"),
    (("leverancier_oin",), "0000", "bestellen.leverancier_oin"),
    (("endpoints", "orders"), "ftp://x", "bestellen.endpoints.orders"),
    (("testdata", "scholen"), ["99xa"], "bestellen.testdata.scholen[0]"),
    (("testdata", "producten"), ["9789006101011"], "bestellen.testdata.producten[0]"),
    (("testdata", "onbekend_product"), "12345", "bestellen.testdata.onbekend_product"),
    (("testdata", "scholen"), [], "bestellen.testdata.scholen: name at least one school"),
    (("testdata", "producten"), [], "bestellen.testdata.producten: name at least one EAN"),
])
def test_errors_name_the_field(path, value, field):
    data = copy.deepcopy(TEMPLATE)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ConfigError) as caught:
        _read(data)
    assert field in str(caught.value)


def test_signed_profile_needs_the_suppliers_oin():
    data = copy.deepcopy(TEMPLATE) | {"profiel": "2W-be-S"}
    with pytest.raises(ConfigError) as caught:
        _read(data)
    assert "bestellen.leverancier_oin" in str(caught.value)
    settings = _read(data | {"leverancier_oin": "00000099500000030000"})
    assert settings.signed and settings.leverancier_oin == "00000099500000030000"
    assert not _read(TEMPLATE).signed  # 2W-be unless declared
