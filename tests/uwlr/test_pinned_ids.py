"""Scenario-test ids are what reports and expected-failure files refer to: renaming one must be deliberate."""

from __future__ import annotations

from conformance.cli.inspect import _collect_tests
from conformance import paths


def test_uwlr_test_ids_match_the_pinned_list():
    pinned = [line for line in (paths.testcases_dir() / "uwlr" / "test-ids.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    current = [test_id for test_id, _, _ in _collect_tests("uwlr")]
    assert current == pinned, "a test was added, renamed or removed: update testcases/uwlr/test-ids.txt on purpose"
