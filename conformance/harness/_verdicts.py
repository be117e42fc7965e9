"""Ways for a scenario test to end other than pass or fail, mapped to EARL outcomes by the plugin."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from conformance.errors import Failure
from conformance.findings import Finding
from conformance.outcomes import not_exercised_reason
from conformance.xml import SchemaJudgement

__all__ = ["CantTell", "Inapplicable", "cant_tell", "end_as_judged", "fail_on", "inapplicable", "not_exercised",
           "schema_verdict", "standard_settings"]

if TYPE_CHECKING:
    from _pytest.outcomes import Skipped as _Skipped  # what pytest.skip.Exception is, named so it can be a base
else:
    _Skipped = pytest.skip.Exception


class Inapplicable(_Skipped):
    """The candidate does not declare the capability this test needs."""


class CantTell(_Skipped):
    """The test ran but cannot decide (e.g. the candidate has no data to judge the rule on)."""


def inapplicable(reason: str) -> NoReturn:
    """End the test as `inapplicable`: the rule does not apply to what the candidate declared."""
    raise Inapplicable(reason)


def not_exercised(reason: str) -> NoReturn:
    """End the test as `inapplicable` for a rule about elements the candidate may leave out, none of which its
    data holds: nothing is wrong, but an auditor may ask for richer test data (never `cantTell`, never `passed`)."""
    raise Inapplicable(not_exercised_reason(reason))


def cant_tell(reason: str) -> NoReturn:
    """End the test as `cantTell`: the evidence is not enough to judge either way."""
    raise CantTell(reason)


def fail_on(findings: Sequence[Finding], *, heading: str | None = None) -> None:
    """End the test as failed when a check found breaches, so a scenario test judges by the same `Finding`s that
    `conformance validate` reports: one per line, or listed under `heading`; the failure names the first one's
    requirement."""
    if not findings:
        return
    if heading is None:
        message = "\n".join(finding.message for finding in findings)
    else:
        message = heading + "\n" + "\n".join(f"- {finding.message}" for finding in findings)
    raise Failure(message, requirement=findings[0].requirement)


def schema_verdict(judged: Iterable[tuple[str, SchemaJudgement]], *, requirement: str | None = None) -> None:
    """The verdict of schema judgements, each named by what was judged: failed when the validators agree that a
    document is invalid; else cantTell when they disagree on one (a validator bug must not decide); else passed."""
    judged = list(judged)
    failed = [f"{what} does not validate:\n" + "\n".join(f"- {error}" for error in judgement.errors)
              for what, judgement in judged if judgement.errors]
    if failed:
        raise Failure("\n".join(failed), requirement=requirement)
    undecided = [f"{what}: {judgement.disagreement}" for what, judgement in judged if judgement.disagreement]
    if undecided:
        cant_tell("\n".join(undecided))


def standard_settings(candidate_config: Any, standard: str) -> Any:
    """The standard's settings from the candidate's `[standard]` table, read by its plug-in; every test of a
    standard the candidate does not declare ends inapplicable. (The plugin checked every table before the run,
    so a ConfigError here is a usage error, not a verdict.)"""
    from conformance.errors import ConfigError
    from conformance.standards import get_standard

    section = candidate_config.section(standard)
    if section is None:
        inapplicable(f"the candidate declares no [{standard}] table")
    try:
        return get_standard(standard).settings(section)
    except ConfigError as exc:
        raise pytest.UsageError(f"configuration error: {exc}") from exc


def end_as_judged(requirement_id: str, verdict: tuple[Any, str, list[Any]], evidence: list[Any],
                  ended_early: str | None) -> None:
    """End a client judge's test with the (outcome, message, exchanges) it judged; the exchanges join the evidence.

    `ended_early` says why the wait for the client ended before it was done: what did arrive then never passes.
    """
    from conformance.errors import Failure
    from conformance.outcomes import Outcome

    outcome, message, exchanges = verdict
    evidence.extend(x for x in exchanges if x not in evidence)
    if outcome is Outcome.FAILED:
        raise Failure(message, requirement=requirement_id)
    if outcome is Outcome.INAPPLICABLE:
        inapplicable(message)
    if outcome is Outcome.CANT_TELL:
        cant_tell(f"{ended_early}: {message}" if ended_early else message)
    if ended_early:
        cant_tell(f"{ended_early}; what did arrive: {message}")
