"""Each run starts with the candidate's endpoints bounded as its configuration says, and reachable again."""

from __future__ import annotations

from conformance.config import CandidateConfig
from conformance.harness._collector import describe_candidate
from conformance.transport import (
    BOUND_KEYS,
    DEFAULT_LIMITS,
    DEFAULT_MAX_ANSWER_MB,
    AnswerLimits,
    answer_limits,
    reachability,
)

__all__ = ["install_bounds"]


def install_bounds(candidate: CandidateConfig) -> None:
    """Register every standard's limits for its endpoints (ConfigError names a bad field) and forget past failures."""
    reachability.reset()
    answer_limits.clear()
    endpoints = describe_candidate(candidate)["endpoints"]
    for name, section in candidate.standards.items():
        max_answer_mb, answer_deadline_s, answer_idle_s = BOUND_KEYS
        limits = AnswerLimits(
            max_bytes=int(section.number(max_answer_mb, DEFAULT_MAX_ANSWER_MB, minimum=0.01, maximum=4096) * 2**20),
            deadline_s=section.number(answer_deadline_s, DEFAULT_LIMITS.deadline_s, minimum=0.1, maximum=3600),
            # unset: the client's own timeout (30 s, three of which stay within the two minutes a dead candidate may
            # cost a run; a standard may configure its own, as Edukoppeling's `timeout`)
            idle_s=section.number(answer_idle_s, None, minimum=0.1, maximum=600),
        )
        for key, url in endpoints.items():
            if key.split(".")[0] == name:
                answer_limits.set(url, limits)
