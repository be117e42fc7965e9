"""Benchmark: validating a 10,000-pupil leerlinggegevens_antwoord (XSD plus every rule) beside bare lxml XSD.

Target (issue: harness on UWLR): at most 1.5x the time of bare lxml XSD validation of the same document.
Run: python bench/uwlr_validation.py [--leerlingen 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from lxml import etree

from conformance.standards.uwlr import codec
from conformance.standards.uwlr.checks import CheckContext, validate_antwoord
from conformance.standards.uwlr.schemas import leerlinggegevens_schema
from conformance.synthetic import generate_school


def _best(func, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leerlingen", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    school = generate_school(leerlingen=args.leerlingen, groepen=max(20, args.leerlingen // 30),
                             leerkrachten=max(40, args.leerlingen // 15))
    answer = codec.encode_antwoord("HaalLeerlinggegevens", school, profiel="lvs-set", xsdversie="2.2",
                                   aanmaakdatum=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    data = etree.tostring(answer)
    schema = leerlinggegevens_schema("2.2", "lvs-set").lxml()
    ctx = CheckContext(xsdversie="2.2", profiel="lvs-set", eckid_omgeving="pilot")  # the synthetic school's

    def bare() -> None:
        doc = etree.fromstring(data)
        assert schema.validate(doc)

    def full() -> None:
        doc = etree.fromstring(data)
        findings = validate_antwoord(doc, ctx)
        assert findings == [], findings[:3]

    bare_best, bare_median = _best(bare, args.repeat)
    full_best, full_median = _best(full, args.repeat)
    print(f"document: {args.leerlingen} pupils, {len(data) / 1e6:.1f} MB")
    print(f"bare lxml parse + XSD          best {bare_best * 1000:8.1f} ms   median {bare_median * 1000:8.1f} ms")
    print(f"parse + XSD + every rule       best {full_best * 1000:8.1f} ms   median {full_median * 1000:8.1f} ms")
    ratio = full_best / bare_best
    print(f"ratio {ratio:.2f}x (target <= 1.5x): {'OK' if ratio <= 1.5 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
