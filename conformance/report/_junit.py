"""JUnit XML for CI systems: one testcase per scenario test, EARL outcome and requirements as properties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

__all__ = ["write_junit"]


def write_junit(data: dict[str, Any], path: Path) -> None:
    counts = data["counts"]
    suite = etree.Element(
        "testsuite", name="conformance", tests=str(len(data["tests"])),
        failures=str(counts["failed"]), errors=str(counts["error"] + counts["cantTell"]),
        skipped=str(counts["inapplicable"] + counts["untested"]), timestamp=data["started"] or "",
    )
    props = etree.SubElement(suite, "properties")
    etree.SubElement(props, "property", name="verdict", value=data["verdict"])
    etree.SubElement(props, "property", name="suite.version", value=data["suite"]["version"])
    for test in data["tests"]:
        case = etree.SubElement(suite, "testcase", classname=f"conformance.{test['standard']}",
                                name=test["id"], time=str(test["duration_s"]))
        case_props = etree.SubElement(case, "properties")
        etree.SubElement(case_props, "property", name="outcome", value=test["outcome"])
        etree.SubElement(case_props, "property", name="requirements", value=" ".join(test["requirements"]))
        if test.get("caused_by"):
            etree.SubElement(case_props, "property", name="caused_by", value=" ".join(test["caused_by"]))
        outcome = test["outcome"]
        if outcome == "failed":
            etree.SubElement(case, "failure", message=test["message"][:500]).text = test["message"]
        elif outcome in ("error", "cantTell"):
            etree.SubElement(case, "error", message=test["message"][:500], type=outcome).text = test["message"]
        elif outcome in ("inapplicable", "untested"):
            etree.SubElement(case, "skipped", message=f"{outcome}: {test['message']}"[:500])
    path.write_bytes(etree.tostring(suite, xml_declaration=True, encoding="UTF-8", pretty_print=True))
