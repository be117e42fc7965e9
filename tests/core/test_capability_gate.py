"""The one capability gate: @capability names what a test needs; undeclared, the test is inapplicable (never failed
or passed), worded in the standard's terms."""

from __future__ import annotations

import types

import pytest

from conformance.errors import HarnessError
from conformance.harness import Capabilities, Inapplicable, capability
from conformance.harness.fixtures import capability_gate, declared_capabilities


def test_declared_capabilities_pass_the_gate():
    Capabilities({"placeOrder", "cancelOrder"}).require("cancelOrder")


def test_an_undeclared_one_ends_inapplicable_naming_every_missing_one():
    with pytest.raises(Inapplicable, match="^the candidate does not declare readOrder, cancelOrder$"):
        Capabilities({"placeOrder"}).require("placeOrder", "readOrder", "cancelOrder")


def test_the_standard_words_what_is_missing():
    with pytest.raises(Inapplicable, match="^the candidate does not declare the sru face$"):
        Capabilities(("readcatalog",), "the {} face").require("sru")


class _Request:
    def __init__(self, *marks: pytest.MarkDecorator, declared: Capabilities | None = None) -> None:
        self.node = types.SimpleNamespace(iter_markers=lambda name: (m.mark for m in marks if m.mark.name == name))
        self.asked: list[str] = []
        self.declared = declared

    def getfixturevalue(self, name: str) -> Capabilities:
        self.asked.append(name)
        if self.declared is None:
            return declared_capabilities.__wrapped__()  # type: ignore[attr-defined, no-any-return]
        return self.declared


def test_the_gate_reads_the_marker_and_the_standards_declarations():
    gate = capability_gate.__wrapped__  # type: ignore[attr-defined]
    unmarked = _Request()
    gate(unmarked)
    assert unmarked.asked == [], "a test without @capability never asks what is declared"
    with pytest.raises(Inapplicable, match="HaalStructuur"):
        gate(_Request(capability("HaalStructuur"), declared=Capabilities({"HaalLeerlinggegevens"})))
    gate(_Request(capability("HaalStructuur"), declared=Capabilities({"HaalStructuur"})))


def test_a_marked_test_of_a_standard_without_declarations_is_a_harness_error():
    with pytest.raises(HarnessError, match="no declared_capabilities fixture"):
        capability_gate.__wrapped__(_Request(capability("x")))  # type: ignore[attr-defined]


def test_the_marker_needs_names():
    with pytest.raises(ValueError, match="at least one name"):
        capability()
