"""Scenario-test ids are what reports and expected-failure files refer to: renaming one must be deliberate."""

from __future__ import annotations

from conformance import paths
from conformance.cli.inspect import _collect_tests


def test_edukoppeling_test_ids_match_the_pinned_list():
    pinned = [line for line in (paths.testcases_dir() / "edukoppeling" / "test-ids.txt").read_text(encoding="utf-8")
              .splitlines() if line and not line.startswith("#")]
    current = [test_id for test_id, _, _ in _collect_tests("edukoppeling")]
    assert current == pinned, "a test was added, renamed or removed: update testcases/edukoppeling/test-ids.txt"
