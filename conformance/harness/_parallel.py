"""A run spread over pytest-xdist workers (`conformance run --jobs N`): which tests must share a worker, and the
controller's part in it.

The controller collects the tests itself (xdist's controller collects none), so the collector knows every test in
the serial order before any runs, and judges the phases the workers carry back. Tests are handed out in *work
groups*, each run by one worker in collection order:

- the tests of one module (module-scoped fixtures, a judging server listening on its configured port);
- modules that share a session fixture of their standard (an answer fetched once, the harvest made once, an NV
  whose daily batch limit a later module uses up): one worker keeps its state and its order, and the candidate
  sees the requests of a serial run;
- modules tied by `@prerequisite`, so a prerequisite and the tests relying on it run together;
- with a fixed `[security] canary_port`, every test using the canary (one process can listen on it).

The verdict never depends on the order anyway: root causes are attributed once every test has ended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling  # type: ignore[import-untyped]

__all__ = ["ParallelRun", "work_groups"]

#: harness session fixtures that tie their tests together only when what they hold is bound to one process
_CANARY_FIXTURE = "security_probes"


class _Groups:
    """Union-find over modules: each set becomes one work group, named after its first module."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, module: str) -> str:
        self.parent.setdefault(module, module)
        while self.parent[module] != module:
            self.parent[module] = self.parent[self.parent[module]]
            module = self.parent[module]
        return module

    def tie(self, modules: Iterable[str]) -> None:
        roots = [self.find(module) for module in modules]
        for root in roots[1:]:
            first, other = sorted((self.find(roots[0]), self.find(root)), key=list(self.parent).index)
            self.parent[other] = first


def _module(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _shared_fixtures(item: pytest.Item, tied_harness_fixtures: frozenset[str]) -> Iterable[tuple[str, str]]:
    """The session fixtures an item uses that hold state across modules, as (where defined, name)."""
    # pytest has no public view of an item's fixture definitions; _fixtureinfo is what its own plugins read
    info = getattr(item, "_fixtureinfo", None)
    for name, definitions in (info.name2fixturedefs.items() if info is not None else ()):
        definition = definitions[-1]
        if definition.scope not in ("session", "package"):
            continue
        if definition.baseid or name in tied_harness_fixtures:  # baseid "": a plugin's own (the harness', pytest's)
            yield definition.baseid, name


def work_groups(items: Sequence[pytest.Item], *, tied_harness_fixtures: frozenset[str] = frozenset()) -> dict[str, str]:
    """nodeid -> the work group its test runs in (see the module's docstring)."""
    groups = _Groups()
    by_fixture: dict[tuple[str, str], list[str]] = {}
    covering: dict[str, list[str]] = {}
    for item in items:
        module = _module(item.nodeid)
        groups.find(module)
        for key in _shared_fixtures(item, tied_harness_fixtures):
            by_fixture.setdefault(key, []).append(module)
        for mark in item.iter_markers("requirement"):
            for req_id in mark.args:
                covering.setdefault(req_id, []).append(module)
    for modules in by_fixture.values():
        groups.tie(modules)
    for item in items:
        for mark in item.iter_markers("prerequisite"):
            for req_id in mark.args:
                groups.tie([_module(item.nodeid), *covering.get(req_id, [])])
    return {item.nodeid: groups.find(_module(item.nodeid)) for item in items}


class _GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
    """xdist's scope scheduling, whose scopes are our work groups: a group goes whole to one worker."""

    def __init__(self, config: pytest.Config, log: Any, groups: dict[str, str]) -> None:
        super().__init__(config, log)
        self.groups = groups

    def _split_scope(self, nodeid: str) -> str:
        return self.groups.get(nodeid) or _module(nodeid)


class ParallelRun:
    """Registered in the controller of a run over workers: collects, groups, and schedules by group."""

    def __init__(self, *, fixed_canary_port: bool) -> None:
        self.tied = frozenset({_CANARY_FIXTURE}) if fixed_canary_port else frozenset()
        self.groups: dict[str, str] = {}

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection(self, session: pytest.Session) -> bool:
        session.perform_collect()
        return True

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.groups = work_groups(session.items, tied_harness_fixtures=self.tied)

    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> _GroupScheduling:
        return _GroupScheduling(config, log, self.groups)
