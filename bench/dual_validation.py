"""Benchmark: what xmlschema beside libxml2 (official runs, `--dual-validation`) costs per schema verdict.

Each kind of candidate document the suite judges by schema is built valid and judged through
`conformance.xml.judge_schema`, once by libxml2 alone and once by both; the one-off compile of each schema by
xmlschema (once per process) is reported apart. Kinds: a UWLR alles-in-één answer (UWLR-XSD-01), an order
answer (BEST-MSG-02) and the records of one harvested catalogue page (CAT-XSD-01, judged record by record).
No target: the numbers say what an official run pays for a verdict no single validator's bug can decide.
Run: python bench/dual_validation.py [--leerlingen 2000] [--records 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable

from lxml import etree

from conformance.standards.bestellen import codec as bestellen
from conformance.standards.bestellen.schemas import own_schema
from conformance.standards.catalogus.validation import record_schema
from conformance.standards.catalogus.generator import entry_xml, product
from conformance.standards.uwlr import codec as uwlr
from conformance.standards.uwlr.schemas import leerlinggegevens_schema
from conformance.synthetic import generate_school
from conformance.xml import XsdSchema, judge_schema

CATALOGUE_VERSION = "2.5.2"


def _fastest(func: Callable[[], None], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds: the least disturbed by other work on the machine."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def _documents(leerlingen: int, records: int) -> list[tuple[str, list[tuple[XsdSchema, etree._Element]]]]:
    """(label, [(schema, element)]) per kind, each element valid against its schema."""
    school = generate_school(leerlingen=leerlingen, groepen=max(20, leerlingen // 30),
                             leerkrachten=max(40, leerlingen // 15))
    answer = uwlr.encode_answer("HaalLeerlinggegevens", school, profiel=None, xsdversie="2.2",
                                  aanmaakdatum=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    order = bestellen.OrderAnswer("ref-1", "ORD-1", "99XA", "PartiallyAccepted", tuple(
        bestellen.LineResult(n, "Accepted", (f"LIC-{n}-1", f"LIC-{n}-2")) for n in range(1, 11)))
    schema = record_schema(CATALOGUE_VERSION)
    page = [(schema, etree.fromstring(entry_xml(product(1, i), CATALOGUE_VERSION).encode()))
            for i in range(records)]
    return [(f"UWLR answer, {leerlingen} pupils ({len(etree.tostring(answer)) / 1e6:.1f} MB)",
             [(leerlinggegevens_schema("2.2"), etree.fromstring(etree.tostring(answer)))]),
            ("order answer, 10 lines", [(own_schema(), bestellen.order_answer("placeOrder", order))]),
            (f"catalogue page, {records} records {CATALOGUE_VERSION}", page)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leerlingen", type=int, default=2_000)
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'document':46} {'compile':>9} {'libxml2':>10} {'both':>10} {'ratio':>7}")
    for label, judged in _documents(args.leerlingen, args.records):
        started = time.perf_counter()
        for schema in {schema for schema, _ in judged}:
            schema.lxml()
            schema.xmlschema()
        compile_s = time.perf_counter() - started

        def judge(dual: bool, judged=judged) -> None:  # type: ignore[no-untyped-def]
            for schema, element in judged:
                judgement = judge_schema(schema, element, dual=dual)
                assert not judgement.errors and judgement.disagreement is None, judgement

        single, both = _fastest(lambda: judge(False), args.repeat), _fastest(lambda: judge(True), args.repeat)
        print(f"{label:46} {compile_s * 1000:7.0f}ms {single * 1000:8.1f}ms {both * 1000:8.1f}ms "
              f"{both / single:6.0f}x")


if __name__ == "__main__":
    main()
