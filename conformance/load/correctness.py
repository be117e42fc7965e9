"""AVAIL-04: answers sampled during the load run judged afterwards, in the suite's own process, with the same
schema function as every schema verdict: fast but wrong (invalid, or another school's data) fails."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from conformance.load.mix import Operation
from conformance.xml import XmlRejected, judge_schema
from conformance.xml.soap import parse_envelope

__all__ = ["SampleVerdict", "judge_samples"]

_SAMPLE = re.compile(r"sample-(\d+)-\d+-\d+\.xml")


@dataclasses.dataclass(frozen=True, kw_only=True)
class SampleVerdict:
    """How many sampled answers were judged, and what was wrong with the ones that were not correct."""

    judged: int
    problems: list[str]  # "<operation>: <what>", one per wrong answer


def _uwlr(check: dict[str, Any], body: etree._Element) -> list[str]:
    from conformance.standards.uwlr.codec import LG
    from conformance.standards.uwlr.schemas import leerlinggegevens_schema

    problems = [str(e) for e in judge_schema(leerlinggegevens_schema(check["versie"]), body, dual=False).errors[:1]]
    asked = check.get("brincode")
    if asked:
        named = {el.text for el in body.iter(f"{{{LG}}}brincode") if (parent := el.getparent()) is not None
                 and etree.QName(parent).localname == "school"}
        other = sorted(n or "" for n in named if n != asked)
        if other:
            problems.append(f"data of another school: brincode {', '.join(other)}, asked for {asked}")
    return problems


_JUDGES: dict[str, Callable[[dict[str, Any], etree._Element], list[str]]] = {"uwlr": _uwlr}


def _catalogus(data: bytes) -> list[str]:
    """An SRU page judged by the catalogue's own record rules and schemas, as a harvest in `run` judges it."""
    from conformance.findings import Severity
    from conformance.standards.catalogus import validate_document

    errors = [f for f in validate_document(data, schema=True) if f.severity is Severity.ERROR]
    return [f"{errors[0].requirement}: {errors[0].message}"] if errors else []


def _judge_one(operation: Operation, data: bytes) -> list[str]:
    if operation.check["standard"] == "catalogus":
        return _catalogus(data)
    try:
        message = parse_envelope(data)
    except (XmlRejected, ValueError, etree.XMLSyntaxError) as exc:
        return [f"not a SOAP message: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"]
    if message.body is None:
        return ["the SOAP body holds no single answer"]
    return _JUDGES[operation.check["standard"]](operation.check, message.body)


def judge_samples(samples: Path, operations: list[Operation]) -> SampleVerdict:
    """Judge every sampled answer in `samples` (written by the generator) against its operation's check."""
    judged = 0
    problems: list[str] = []
    for path in sorted(samples.glob("sample-*.xml")):
        match = _SAMPLE.fullmatch(path.name)
        if match is None or int(match[1]) >= len(operations):
            continue
        operation = operations[int(match[1])]
        judged += 1
        problems += [f"{operation.name}: {p}" for p in _judge_one(operation, path.read_bytes())]
    return SampleVerdict(judged=judged, problems=problems)
