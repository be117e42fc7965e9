"""A scenario test ends with `fail_on(findings)`: failed with every finding's message when a check found breaches,
and on its way when it found none."""

from __future__ import annotations

import pytest

from conformance.errors import Failure
from conformance.findings import Finding, Severity
from conformance.harness import fail_on


def _finding(message: str, requirement: str = "EDUK-WSA-02") -> Finding:
    return Finding(requirement=requirement, severity=Severity.ERROR, message=message)


def test_no_findings_is_no_failure():
    fail_on([])


def test_findings_fail_with_each_message_and_the_first_requirement():
    with pytest.raises(Failure) as info:
        fail_on([_finding("the answer has no wsa:Action"), _finding("wsa:RelatesTo is x", "EDUK-WSA-03")])
    assert info.value.message == "the answer has no wsa:Action\nwsa:RelatesTo is x"
    assert info.value.requirement == "EDUK-WSA-02"
    assert info.value.title == "the answer has no wsa:Action"


def test_a_heading_lists_the_findings_under_it():
    with pytest.raises(Failure) as info:
        fail_on([_finding("expired"), _finding("weak key")], heading="the answer's signature does not hold:")
    assert info.value.message == "the answer's signature does not hold:\n- expired\n- weak key"
