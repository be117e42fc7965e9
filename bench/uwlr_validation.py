"""Benchmark: validating a leerlinggegevens_antwoord (XSD plus every rule) beside bare lxml parse + XSD.

Targets (issue 18): at most 1.2x the time of bare lxml parse + XSD of the same document, at 10,000 and at
50,000 pupils (the rules' cost linear in the size), and the peak resident memory of a process that reads the
document and validates it at most 4x the document's size.
Times are the process's CPU time, not wall time: the machine it is measured on is shared, and CPU time is
what the rules cost whatever else runs.
Run: python bench/uwlr_validation.py [--leerlingen 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

from lxml import etree

from conformance.standards.uwlr import codec
from conformance.standards.uwlr.checks import CheckContext, validate_answer
from conformance.standards.uwlr.schemas import leerlinggegevens_schema
from conformance.synthetic import generate_school


def _best(func, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        func()
        times.append(time.process_time() - t0)
    return min(times), statistics.median(times)


TARGET_RATIO = 1.2
TARGET_RSS_FACTOR = 4


def _validate_file(path: str, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """In a fresh process: read, parse and validate the document, then report its findings, the process's peak RSS
    and its RSS before reading (interpreter, lxml, compiled schema), in bytes."""
    leerlinggegevens_schema("2.2", "lvs-set").lxml()
    before = _status_kb("VmRSS")
    doc = etree.fromstring(Path(path).read_bytes(), etree.XMLParser(huge_tree=True))
    findings = validate_answer(doc, CheckContext(xsdversie="2.2", profiel="lvs-set", eckid_omgeving="pilot"))
    queue.put((len(findings), _status_kb("VmHWM") * 1024, before * 1024))


def _status_kb(field: str) -> int:
    """A field of /proc/self/status; VmHWM rather than ru_maxrss, which Linux carries over from the parent across
    fork and exec."""
    return next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith(f"{field}:"))


def _peak_rss(data: bytes) -> tuple[int, int, int]:
    """Findings and peak RSS of validating `data` in a child process, apart from the generator's memory here."""
    with tempfile.NamedTemporaryFile(suffix=".xml") as file:
        file.write(data)
        file.flush()
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        child = ctx.Process(target=_validate_file, args=(file.name, queue))
        child.start()
        result = queue.get(timeout=600)
        child.join()
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leerlingen", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    school = generate_school(leerlingen=args.leerlingen, groepen=max(20, args.leerlingen // 30),
                             leerkrachten=max(40, args.leerlingen // 15))
    answer = codec.encode_answer("HaalLeerlinggegevens", school, profiel="lvs-set", xsdversie="2.2",
                                   aanmaakdatum=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    data = etree.tostring(answer)
    schema = leerlinggegevens_schema("2.2", "lvs-set").lxml()
    ctx = CheckContext(xsdversie="2.2", profiel="lvs-set", eckid_omgeving="pilot")  # the synthetic school's

    def bare() -> None:
        doc = etree.fromstring(data)
        assert schema.validate(doc)

    def full() -> None:
        doc = etree.fromstring(data)
        findings = validate_answer(doc, ctx)
        assert findings == [], findings[:3]

    bare_best, bare_median = _best(bare, args.repeat)
    full_best, full_median = _best(full, args.repeat)
    print(f"document: {args.leerlingen} pupils, {len(data) / 1e6:.1f} MB")
    print(f"bare lxml parse + XSD          best {bare_best * 1000:8.1f} ms   median {bare_median * 1000:8.1f} ms")
    print(f"parse + XSD + every rule       best {full_best * 1000:8.1f} ms   median {full_median * 1000:8.1f} ms")
    ratio = full_best / bare_best
    print(f"ratio {ratio:.2f}x (target <= {TARGET_RATIO}x): {'OK' if ratio <= TARGET_RATIO else 'OVER TARGET'}")
    found, peak, before = _peak_rss(data)
    assert found == 0, found
    factor = peak / len(data)
    print(f"peak RSS of a process reading and validating it: {peak / 2**20:.0f} MB = {factor:.1f}x the document "
          f"(target <= {TARGET_RSS_FACTOR}x): {'OK' if factor <= TARGET_RSS_FACTOR else 'OVER TARGET'}; "
          f"{(peak - before) / 2**20:.0f} MB = {(peak - before) / len(data):.1f}x above the {before / 2**20:.0f} MB "
          "of interpreter, lxml and schema")


if __name__ == "__main__":
    main()
