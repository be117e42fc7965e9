"""AVAIL-04: answers sampled during the load run judged afterwards, in the suite's own process, with the same
schema function as every schema verdict: fast but wrong (invalid, or another school's data) fails."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from lxml import etree

from conformance.load.mix import Operation
from conformance.xml import XmlRejected, XsdSchema, judge_schema
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


def _eckid(check: dict[str, Any], body: etree._Element) -> list[str]:
    """An NV answer: valid against the NV schema, an ECK iD of the declared environment's form, and a batch result
    holding exactly the pupils submitted (another client's batch would hold others)."""
    from conformance.standards.eckid import codec
    from conformance.standards.eckid.checks import eckid_form_problems

    problems = [str(e) for e in judge_schema(_nv_schema(), body, dual=False).errors[:1]]
    if problems:
        return problems
    if check["operation"] == "retrieveEckId":
        value = codec.text_of(body, "eckId") or ""
        problems += [f"eckId {p}" for p in eckid_form_problems(value, omgeving=check["omgeving"])[:1]]
    if check["operation"] == "retrieveBatch":
        try:
            batch = codec.read_batch(body)
        except ValueError as exc:
            return [f"the batch result cannot be read: {exc}"]
        answered = sorted({*batch.success, *batch.failed})
        if answered != sorted(check["indices"]):
            problems.append(f"the batch result holds indices {answered}, the batch submitted {check['indices']}")
    return problems


def _nv_schema() -> XsdSchema:
    from conformance.paths import wsdl_dir

    return XsdSchema(wsdl_dir() / "eckid", "nummervoorziening.xsd")


def _bestellen(check: dict[str, Any], body: etree._Element, first: etree._Element | None) -> list[str]:
    """An order answer: valid against the ordering schema, for a school the ordering party acts for; a repeat's
    answer is the first answer again (the order was not processed twice)."""
    from conformance.standards.bestellen import codec
    from conformance.standards.bestellen.schemas import own_schema

    problems = [str(e) for e in judge_schema(own_schema(), body, dual=False).errors[:1]]
    if problems:
        return problems
    try:
        answer = codec.read_order_answer(body)
        earlier = codec.read_order_answer(first) if first is not None else None
    except ValueError as exc:
        return [f"the order answer cannot be read: {exc}"]
    if answer.school not in check["scholen"]:
        problems.append(f"data of another school: school {answer.school}, ordered for {', '.join(check['scholen'])}")
    if earlier is not None and earlier != answer:
        problems.append(f"the repeated order was answered as another order (orderId {answer.order_id}, status "
                        f"{answer.status}; first answer: orderId {earlier.order_id}, status {earlier.status})")
    return problems


def _catalogus(data: bytes) -> list[str]:
    """A catalogue page (SRU or ReadCatalog) judged by the catalogue's own record rules and schemas, as a harvest
    in `run` judges it."""
    from conformance.findings import Severity
    from conformance.standards.catalogus.validation import validate_document

    errors = [f for f in validate_document(data, schema=True) if f.severity is Severity.ERROR]
    return [f"{errors[0].requirement}: {errors[0].message}"] if errors else []


def _soap_body(data: bytes) -> etree._Element | str:
    """The answer element of a SOAP answer, or why there is none."""
    try:
        message = parse_envelope(data)
    except (XmlRejected, ValueError, etree.XMLSyntaxError) as exc:
        return f"not a SOAP message: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    if message.body is None:
        return "the SOAP body holds no single answer"
    return message.body


def _judge_one(operation: Operation, path: Path) -> list[str]:
    standard = operation.check["standard"]
    if standard == "catalogus":
        return _catalogus(path.read_bytes())
    body = _soap_body(path.read_bytes())
    if isinstance(body, str):
        return [body]
    if standard == "uwlr":
        return _uwlr(operation.check, body)
    if standard == "eckid":
        return _eckid(operation.check, body)
    first_path = path.with_name(f"{path.stem}.first.xml")
    first = _soap_body(first_path.read_bytes()) if first_path.is_file() else None
    if isinstance(first, str):
        return [f"the first answer to the repeated request: {first}"]
    return _bestellen(operation.check, body, first)


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
        problems += [f"{operation.name}: {p}" for p in _judge_one(operation, path)]
    return SampleVerdict(judged=judged, problems=problems)
