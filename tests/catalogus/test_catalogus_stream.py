"""Streaming: big answers validate in seconds and in bounded memory, records are dropped once checked."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from catalogus_samples import bulk_readcatalog, bulk_sru, ean13

from conformance.standards.catalogus import _documents, _stream
from conformance.standards.catalogus.validation import validate_document

ROOT = Path(__file__).resolve().parents[2]
MEDIUM = "Medium 'Website' is not one of 'Web browser', 'Boek', 'Anders', 'CD-ROM', 'DVD', 'Downloadable installer'"


def planted(i: int) -> str:
    """Every 5,000th record (from the 8th on) carries a wrong Medium: the only faults in the bulk answers."""
    return "Website" if i % 5000 == 7 else "Web browser"


PLANTED = [ean13(f"978{i:09d}") for i in range(7, 20_000, 5000)]

_MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
from conformance.standards.catalogus.validation import validate_path
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
found = [f.as_dict() for f in validate_path(Path(sys.argv[1]))]
elapsed = time.perf_counter() - started
grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"findings": found, "elapsed": elapsed, "grown_kb": grown_kb}))
"""


@pytest.mark.slow
def test_twenty_thousand_record_sru_file_streams_in_bounded_memory(tmp_path):
    """Speed is bench/catalogus_harvest.py's job; here: exact findings and a peak that does not grow with the file."""
    path = tmp_path / "sru-20000.xml"
    with path.open("wb") as fh:
        fh.writelines(bulk_sru(20_000, medium_of=planted))
    size_mb = path.stat().st_size / 2**20
    # a fresh interpreter, so that the peak resident size is this validation's alone
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, check=True)
    result = json.loads(done.stdout)
    assert [(f["requirement"], f["subject"], f["message"]) for f in result["findings"]] == [
        ("CAT-REC-15", pid, MEDIUM) for pid in PLANTED]
    # holding the records would cost several times the file size; streaming costs a few MB
    assert result["grown_kb"] < 40 * 1024, f"peak grew {result['grown_kb'] / 1024:.0f} MB for a {size_mb:.0f} MB file"


@pytest.mark.slow
def test_twenty_thousand_record_soap_readcatalog_keeps_exact_lines():
    data = b"".join(bulk_readcatalog(20_000, medium_of=planted))
    findings = validate_document(data)
    assert [(f.requirement, f.subject) for f in findings] == [("CAT-REC-15", pid) for pid in PLANTED]
    assert findings[1].line == 5010  # record i is on line 3 + i: line numbers stay exact deep into the file


@pytest.mark.parametrize("bulk", [bulk_sru, bulk_readcatalog], ids=["sru", "readcatalog"])
def test_records_are_forgotten_once_checked(bulk, monkeypatch):
    """Before each record only the one checked last may linger (emptied); later ones are the parser's read-ahead."""
    kept: list[int] = []
    check = _documents.check_record

    def measuring(rec, exercised=None):
        unit = rec.element if bulk is bulk_readcatalog else rec.element.getparent().getparent()
        before = list(unit.itersiblings(preceding=True))
        kept.append(len(before) + sum(len(el) for el in before))
        return check(rec, exercised)

    monkeypatch.setattr(_documents, "check_record", measuring)
    assert list(_stream.iter_findings(io.BytesIO(b"".join(bulk(3000))))) == []
    assert len(kept) == 3000
    assert max(kept) <= 1, "checked records stay in the tree"
