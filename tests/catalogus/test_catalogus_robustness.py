"""Whatever a candidate sends, validation answers with findings: odd values and broken bytes never raise."""

from __future__ import annotations

import random

import pytest
from catalogus_samples import readcatalog, record, soap, sru, to_bytes

from conformance.findings import Finding
from conformance.standards.catalogus.validation import VERSIONS, validate_document

ODD_VALUES = ["", " ", "\u00a0", "-1", "+5", "1e3", "9" * 40, "0" * 13, "9999-12-31T24:00:00-14:00",
              "0000-00-00", "2021-13-45T99:99:99Z", "P", "PT", "-P1D", "P1.5D", "http://", "https://[::1",
              "https://exa mple.nl", "javascript:alert(1)", "{urn:x}y", "VO,", ",", "VO, ,MBO", "100.0000001",
              "NaN", "∞", "true ", "TRUE", "x" * 5000]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_field_with_every_odd_value(version):
    rng = random.Random(version)
    for turn in range(60):
        rec = record(version)
        for el in rec.iter():
            if len(el) == 0 and rng.random() < 0.5:
                el.text = rng.choice(ODD_VALUES)
        findings = validate_document(to_bytes(sru([rec])), schema=turn % 2 == 0)
        assert all(isinstance(f, Finding) and f.message for f in findings)
        assert all(len(f.message) < 600 for f in findings), "a hostile value is quoted in full"


def test_broken_bytes_never_raise():
    rng = random.Random(7)
    base = to_bytes(soap(readcatalog([record("2.3"), record("2.3", ProductId="x")], version="2.3")))
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(data) + 1)
            action = rng.random()
            if action < 0.4:
                del data[at:at + rng.randint(1, 40)]
            elif action < 0.7:
                data[at:at] = rng.choice([b"<", b">", b"&", b"]]>", b"<!--", b"\xff", b"<Entry>", b"</Entries>"])
            else:
                data = data[:at]
        findings = validate_document(bytes(data))
        assert all(isinstance(f, Finding) for f in findings)
