"""The verdict on each LAS requirement from what the judging NV received: one function per requirement.

A verdict is (outcome, message, evidence). Nothing that was not seen passes: no calls, no batch, or test pupils
whose hPGN never arrived give cantTell with the reason. Messages number test pupils and never repeat a PGN or hPGN.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from conformance.outcomes import Outcome, not_exercised_reason
from conformance.standards._judging import SHOWN, Verdict, VerdictTable, evidence_of, listed, tallied

if TYPE_CHECKING:
    from conformance.standards.eckid.client_judge.judge import HashAnalysis, NvCall, RunningJudge

__all__ = ["HASH_REQUIREMENTS", "LAS_REQUIREMENTS", "Verdict", "assess", "assess_all"]

HASH_REQUIREMENTS = ("ECKID-HASH-01", "ECKID-HASH-02", "ECKID-HASH-03", "ECKID-HASH-04", "ECKID-HASH-05")
LAS_REQUIREMENTS = ("ECKID-LAS-01", "ECKID-LAS-02", "ECKID-LAS-03", "ECKID-LAS-04", "ECKID-LAS-05")
_UNFINISHED = ("NotFinishedException", "TemporaryBlockedException")


def _hash(judge: RunningJudge, requirement: str) -> Verdict:
    analysis = judge.hash_analysis()
    carrying = [o for o in judge.app.calls if o.hpgns]
    evidence = evidence_of(carrying)
    if analysis.received == 0:
        return Outcome.CANT_TELL, "no hPGN arrived from the LAS", evidence
    if requirement == "ECKID-HASH-04":
        if analysis.malformed:
            return Outcome.FAILED, "not in the hPGN form: " + listed(analysis.malformed), evidence
        return Outcome.PASSED, f"all {analysis.received} hPGN values are 64 lower-case hexadecimal characters", evidence
    if requirement == "ECKID-HASH-05":
        zeros = [i for i, pgn in enumerate(judge.settings.pgns, start=1) if pgn.isdigit() and pgn.startswith("0")]
        if not zeros:
            return Outcome.INAPPLICABLE, not_exercised_reason("no test PGN starts with a zero, so dropping leading "
                                                              "zeros cannot show"), []
    errors = analysis.errors(requirement)
    if errors:
        return Outcome.FAILED, listed(errors), evidence
    judged = _judged(analysis)
    missing = analysis.missing
    if missing:
        numbers = ", ".join(str(i) for i in missing[:SHOWN]) + (" …" if len(missing) > SHOWN else "")
        unmatched = ("values match no test pupil" if analysis.pupils == analysis.total
                     else "values match no test pupil of the steekproef")
        return (Outcome.CANT_TELL,
                f"{len(missing)} of {judged} (number {numbers}): no hPGN arrived that is right or "
                f"a recognised mistake ({analysis.unexplained} {unmatched})", evidence)
    others = sorted({req for req, _ in analysis.explained.values()})
    note = f"; the others differ only by a mistake of {', '.join(others)}, which this does not cover" if others else ""
    return (Outcome.PASSED, f"the hPGN of {len(analysis.found)} of {judged} is right{note}", evidence)


def _judged(analysis: HashAnalysis) -> str:
    """Which test pupils the hash verdicts rest on: all, or the steekproef, said in every message."""
    if analysis.pupils == analysis.total:
        return f"{analysis.total} test pupils"
    return (f"{analysis.pupils} test pupils of the steekproef (of {analysis.total} configured; [eckid.las] steekproef, "
            "0 judges all)")


def _no_calls(judge: RunningJudge) -> Verdict | None:
    if not judge.app.calls:
        return Outcome.CANT_TELL, "the LAS made no calls to the judging NV", []
    return None


def _from_oin(judge: RunningJudge) -> Verdict:
    empty = _no_calls(judge)
    if empty:
        return empty
    scholen = set(judge.settings.scholen)
    wrong: list[NvCall] = []
    problems: list[str] = []
    calls = judge.app.calls
    for call in calls:
        what = call.operation or "a non-NV request"
        if call.from_address is None:
            problem = f"{what} has no wsa:From"
        elif call.from_oin is None:
            problem = f"{what}: wsa:From has no ?oin="
        elif call.from_oin not in scholen:
            problem = f"{what}: wsa:From names OIN {call.from_oin}, which is not a school of [eckid.las] scholen"
        else:
            continue
        wrong.append(call)
        problems.append(problem)
    return tallied(wrong, problems, failed=f"{len(wrong)} of {len(calls)} calls: ",
                   passed=f"all {len(calls)} calls name a school's OIN in wsa:From", judged=calls)


def _certificate(judge: RunningJudge) -> Verdict:
    empty = _no_calls(judge)
    if empty:
        return empty
    scholen, leveranciers = set(judge.settings.scholen), set(judge.settings.leveranciers)
    wrong: list[NvCall] = []
    problems: list[str] = []
    calls = judge.app.calls
    for call in calls:
        # for a school named in wsa:From: that school or a declared vendor; otherwise any school or vendor declared
        allowed = ({call.from_oin} if call.from_oin in scholen else scholen) | leveranciers
        if call.client_oin in allowed:
            continue
        wrong.append(call)
        holder = f"OIN {call.client_oin}" if call.client_oin else "no OIN (no serialNumber)"
        problems.append(f"{call.operation or 'a non-NV request'}: the client certificate has {holder}, neither "
                        "the school's nor a declared SaaS vendor's")
    return tallied(wrong, problems, failed=f"{len(wrong)} of {len(calls)} calls: ",
                   passed=f"all {len(calls)} calls came with the school's or a declared vendor's certificate",
                   judged=calls)


def _polls(judge: RunningJudge) -> tuple[dict[str, list[NvCall]], Verdict | None]:
    per_batch: dict[str, list[NvCall]] = {}
    for call in judge.app.calls:
        if call.operation == "retrieveBatch" and call.batch:
            per_batch.setdefault(call.batch, []).append(call)
    if per_batch:
        return per_batch, None
    if not judge.settings.gebruikt_batches:
        return per_batch, (Outcome.INAPPLICABLE, "the LAS declares it does not use batches (gebruikt_batches)", [])
    return per_batch, (Outcome.CANT_TELL, "the LAS fetched no batch result", [])


def _fetched_once(judge: RunningJudge) -> Verdict:
    per_batch, empty = _polls(judge)
    if empty:
        return empty
    again: list[NvCall] = []
    problems: list[str] = []
    delivered = 0
    for batch, calls in per_batch.items():
        first = next((i for i, o in enumerate(calls) if o.ending == "delivered"), None)
        if first is None:
            continue
        delivered += 1
        later = calls[first + 1:]
        if later:
            again.extend([calls[first], *later])
            problems.append(f"batch …{batch[-6:]} was asked for {len(later)} more time(s) after its result was "
                            "delivered")
    if problems:
        return Outcome.FAILED, listed(problems), evidence_of(again)
    if not delivered:
        return Outcome.CANT_TELL, "no batch result was delivered to the LAS, so fetching it once cannot show", []
    return (Outcome.PASSED, f"each of {delivered} delivered batch results was fetched once",
            evidence_of([o for calls in per_batch.values() for o in calls]))


def _back_off(judge: RunningJudge) -> Verdict:
    per_batch, empty = _polls(judge)
    if empty:
        return empty
    minimum = judge.settings.min_pollinterval
    pairs = 0
    eager: list[NvCall] = []
    problems: list[str] = []
    for batch, calls in per_batch.items():
        for previous, current in zip(calls, calls[1:], strict=False):
            if previous.ending not in _UNFINISHED:
                continue
            pairs += 1
            gap = current.moment - previous.moment
            if gap < minimum:
                eager.extend([previous, current])
                problems.append(f"batch …{batch[-6:]} was polled again {gap:.2f} s after it was not finished")
    if problems:
        return (Outcome.FAILED, f"at least {minimum:g} s between polls of an unfinished batch: " + listed(problems),
                evidence_of(eager))
    if not pairs:
        return (Outcome.CANT_TELL, "no batch was polled twice while unfinished, so the back-off cannot show "
                f"(the judging NV keeps a batch unfinished for {judge.settings.batch_vertraging:g} s)", [])
    return (Outcome.PASSED, f"{pairs} polls of an unfinished batch each waited at least {minimum:g} s",
            evidence_of([o for calls in per_batch.values() for o in calls]))


def _pgn_pattern(pgns: tuple[str, ...]) -> re.Pattern[bytes]:
    """Any test PGN as a whole token, in any case (a lower-cased staff identifier is still the PGN)."""
    alternatives = b"|".join(re.escape(pgn.encode("utf-8")) for pgn in sorted(set(pgns), key=len, reverse=True))
    return re.compile(rb"(?<![0-9A-Za-z])(?:" + alternatives + rb")(?![0-9A-Za-z])", re.IGNORECASE)


def _no_pgn(judge: RunningJudge) -> Verdict:
    empty = _no_calls(judge)
    if empty:
        return empty
    pattern = _pgn_pattern(judge.settings.pgns)
    # bytes.lower(), as re.IGNORECASE on bytes: ASCII only, so a non-ASCII staff identifier still finds its number
    number = {pgn.encode("utf-8").lower(): i for i, pgn in enumerate(judge.settings.pgns, start=1)}
    wrong: list[NvCall] = []
    problems: list[str] = []
    calls = judge.app.calls
    for call in calls:
        exchange = call.exchange
        sent = exchange.request_body + b"\n".join(f"{k}: {v}".encode() for k, v in exchange.request_headers.items())
        found = sorted({number[m.group(0).lower()] for m in pattern.finditer(sent)})
        if found:
            wrong.append(call)
            problems.append(f"{call.operation or 'a non-NV request'} carries test PGN "
                            f"{', '.join(str(i) for i in found)}")
    return tallied(wrong, problems, failed=f"{len(wrong)} of {len(calls)} calls: ",
                   passed=f"none of {len(calls)} calls carries any of the {len(judge.settings.pgns)} test PGNs",
                   judged=calls)


_VERDICTS: VerdictTable[RunningJudge] = VerdictTable({
    **{req: functools.partial(_hash, requirement=req) for req in HASH_REQUIREMENTS},
    "ECKID-LAS-01": _from_oin,
    "ECKID-LAS-02": _certificate,
    "ECKID-LAS-03": _fetched_once,
    "ECKID-LAS-04": _back_off,
    "ECKID-LAS-05": _no_pgn,
})


assess = _VERDICTS.judge
assess_all = _VERDICTS.judge_all
