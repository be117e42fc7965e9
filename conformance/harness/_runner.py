"""Run the scenario tests in-process and hand back the RunResult; `conformance run` and our tests use it."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from conformance.harness._results import RunResult
from conformance.paths import state_dir, testcases_dir
from conformance.standards import RunningReference, all_standards, get_standard
from conformance.transport import MAX_REQUEST_BYTES

__all__ = ["RunOutcome", "demo_config", "reference_endpoints", "run_suite", "state_dir"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class RunOutcome:
    """What a run ended in: a RunResult, or the pytest exit code when there was none (usage error)."""

    result: RunResult | None
    pytest_exit: int

    @property
    def exit_code(self) -> int:
        if self.result is not None:
            return self.result.verdict.exit_code
        return 2 if self.pytest_exit == pytest.ExitCode.USAGE_ERROR else 3


class _Capture:
    def __init__(self) -> None:
        self.run: RunResult | None = None

    def pytest_conformance_run_finished(self, run: RunResult) -> None:
        self.run = run


def run_suite(config_path: Path, *, output_dir: Path | None, standards: list[str] | None = None,
              mode: str = "self-test", defects: list[str] | None = None, quiet: bool = False,
              select: list[str] | None = None, expected_failures: Path | None = None,
              schema_pack: Path | None = None, dual_validation: bool = False, jobs: int = 1) -> RunOutcome:
    """Run `testcases/<standard>/` for the standards in the config (or `standards`); `dual_validation` has
    xmlschema judge schemas beside libxml2 (an official run always does); `jobs` > 1 spreads the tests over that
    many pytest-xdist workers (`conformance.harness._parallel`), with the verdict of a serial run."""
    base = testcases_dir()
    names = standards or [name for name in all_standards() if (base / name).is_dir()]
    paths = [str(base / name) for name in names if (base / name).is_dir()]
    args = [*paths, "-c", str(base / "pytest.ini"), "--rootdir", str(base),
            "--conformance-config", str(config_path), "--conformance-mode", mode,
            "-q" if not quiet else "-qq", "--no-header", "-p", "no:randomly", "-W", "ignore::DeprecationWarning",
            "-W", "ignore::pytest.PytestAssertRewriteWarning"]
    if quiet:
        args += ["--no-summary", "--tb=no"]
    if output_dir is not None:
        args += ["--conformance-output", str(output_dir)]
    for defect in defects or []:
        args += ["--conformance-defect", defect]
    for pattern in select or []:
        args += ["--conformance-select", pattern]
    if expected_failures is not None:
        args += ["--conformance-expected-failures", str(expected_failures)]
    if schema_pack is not None:
        args += ["--conformance-schemas", str(schema_pack)]
    if dual_validation:
        args.append("--conformance-dual-validation")
    if jobs > 1:
        args += ["-n", str(jobs)]
    capture = _Capture()
    exit_code = pytest.main(args, plugins=[capture])
    return RunOutcome(result=capture.run, pytest_exit=int(exit_code))


@contextlib.contextmanager
def reference_endpoints(standards: list[str], defects: list[str]) -> Iterator[dict[str, RunningReference]]:
    """Start the reference of each standard (with the defects that belong to it), stop them afterwards."""
    running: dict[str, RunningReference] = {}
    try:
        for name in standards:
            standard = get_standard(name)
            own = [d for d in defects if any(d == known.name for known in standard.defects)]
            running[name] = standard.start_reference(state_dir(), own)
        yield running
    finally:
        for reference in running.values():
            reference.stop()


def demo_config(running: dict[str, RunningReference], target: Path) -> Path:
    """Write a candidate config that points at the running references."""
    from conformance.pki import ensure_loopback_pki

    pki = ensure_loopback_pki(state_dir() / "pki")
    config: dict[str, Any] = {
        "candidate": {"naam": "Referentie (demo)", "organisatie": "conformance", "operator": "demo"},
        "tls": {"ca_bundle": str(pki.ca_bundle), "client_cert": str(pki.client_chain),
                "client_key": str(pki.client_key), "test_pki": str(pki.directory)},
        # the references refuse requests over this before reading them, and declare it as a candidate would
        "security": {"max_request_bytes": MAX_REQUEST_BYTES},
    }
    for name, reference in running.items():
        config[name] = reference.config
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Written by conformance: points at the embedded reference endpoints.\n"
                      + tomli_w.dumps(config), encoding="utf-8")
    return target


def run_demo(standards: list[str], *, output_dir: Path | None, defects: list[str] | None = None,
             config_path: Path | None = None, quiet: bool = False, select: list[str] | None = None,
             expected_failures: Path | None = None, schema_pack: Path | None = None,
             dual_validation: bool = False, jobs: int = 1) -> RunOutcome:
    """Start the references of `standards` (with `defects`), run their scenario tests against them, stop them.
    The references start once, in this process: with `jobs` > 1 every worker reaches them through the config.

    The config pointing at the references is written to `config_path`, or to a temporary file removed afterwards.
    """
    defects = list(defects or [])
    target = config_path or temporary_config_path()
    try:
        with reference_endpoints(standards, defects) as running:
            demo_config(running, target)
            return run_suite(target, output_dir=output_dir, standards=standards, mode="demo", defects=defects,
                             quiet=quiet, select=select, expected_failures=expected_failures,
                             schema_pack=schema_pack, dual_validation=dual_validation, jobs=jobs)
    finally:
        if config_path is None:
            target.unlink(missing_ok=True)


def temporary_config_path() -> Path:
    handle, name = tempfile.mkstemp(prefix="conformance-demo-", suffix=".toml", dir=state_dir())
    os.close(handle)
    return Path(name)
