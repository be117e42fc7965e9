"""Scenario-test ids are what reports and expected-failure files refer to: renaming one must be deliberate."""

from __future__ import annotations

import pytest

from conformance import paths
from conformance.cli.inspect import _collect_tests
from conformance.standards import all_standards

STANDARDS = [name for name in all_standards() if (paths.testcases_dir() / name).is_dir()]


@pytest.mark.parametrize("standard", STANDARDS)
def test_scenario_test_ids_match_the_pinned_list(standard):
    pinned_file = paths.testcases_dir() / standard / "test-ids.txt"
    assert pinned_file.is_file(), f"testcases/{standard}/test-ids.txt is missing: pin the ids of the standard's tests"
    pinned = [line for line in pinned_file.read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    current = [test_id for test_id, _, _ in _collect_tests(standard)]
    assert current == pinned, f"a test was added, renamed or removed: update testcases/{standard}/test-ids.txt on purpose"
