"""EARL 1.0 as JSON-LD: one assertion per test and per requirement, so other tools can merge our results."""

from __future__ import annotations

from typing import Any

__all__ = ["earl_document"]

_CONTEXT = {
    "earl": "http://www.w3.org/ns/earl#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "doap": "http://usefulinc.com/ns/doap#",
}


def _outcome(value: str) -> dict[str, str]:
    # EARL has no `error`: a run that could not judge is cantTell, and the description says why
    return {"@id": f"earl:{'cantTell' if value == 'error' else value}"}


def earl_document(data: dict[str, Any]) -> dict[str, Any]:
    """EARL assertions for the report data of one run."""
    assertor = {"@id": "urn:conformance:suite", "@type": ["earl:Assertor", "earl:Software"],
                "doap:name": "conformance", "doap:release": {"doap:revision": data["suite"]["version"]}}
    subject = {"@id": f"urn:conformance:candidate:{data['candidate']['naam']}", "@type": "earl:TestSubject",
               "dct:title": data["candidate"]["naam"], "dct:publisher": data["candidate"]["organisatie"]}

    def assertion(test: dict[str, Any], mode: str, outcome: str, description: str) -> dict[str, Any]:
        return {
            "@type": "earl:Assertion",
            "earl:assertedBy": {"@id": assertor["@id"]},
            "earl:subject": {"@id": subject["@id"]},
            "earl:test": test,
            "earl:mode": {"@id": f"earl:{mode}"},
            "earl:result": {"@type": "earl:TestResult", "earl:outcome": _outcome(outcome),
                            "dct:description": description, "dct:date": data["finished"]},
        }

    graph: list[dict[str, Any]] = [assertor, subject]
    for test in data["tests"]:
        graph.append(assertion(
            {"@id": f"urn:conformance:test:{test['id']}", "@type": "earl:TestCase", "dct:title": test["title"],
             "dct:isPartOf": [f"urn:conformance:requirement:{r}" for r in test["requirements"]]},
            "automatic", test["outcome"], test["message"]))
    for req in data["requirements"]:
        graph.append(assertion(
            {"@id": f"urn:conformance:requirement:{req['id']}", "@type": "earl:TestRequirement",
             "dct:title": req["text"], "dct:source": req["source"]},
            "manual" if req.get("mode") == "attested" else "automatic", req["outcome"], req["reason"]))
    return {"@context": _CONTEXT, "@graph": graph}
