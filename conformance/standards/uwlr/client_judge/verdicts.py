"""The verdict on each UWLR client requirement from what the judging LAS received: one function per requirement.

A verdict is (outcome, message, evidence). Nothing that was not seen passes: no calls, no second fetch, or no
call after a planned fault give cantTell with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from conformance.outcomes import Outcome
from conformance.standards._judging import Verdict, VerdictTable, evidence_of, listed, tallied

if TYPE_CHECKING:
    from conformance.standards.uwlr.client_judge.judge import EaCall, JudgingLas, RunningEaJudge
    from conformance.standards.uwlr.client_judge.pushes import Afname

__all__ = ["EA_REQUIREMENTS", "call_findings", "judge", "judge_all"]



def _name(call: EaCall) -> str:
    what = call.operation or "a request that is no UWLR operation"
    return f"{what} (fetch {call.fetch + 1})" if call.fetch is not None else what


def _each_call(judge: RunningEaJudge, problem: Callable[[EaCall], str | None], *, applies: Callable[[EaCall], bool]
               = lambda call: True, passed: str) -> Verdict:
    """Every call `applies` picks must show no `problem`; failed with the offending calls, cantTell with none."""
    calls = [c for c in judge.app.calls if applies(c)]
    if not calls:
        return Outcome.CANT_TELL, "the client made no calls this rule judges", []
    wrong = [(c, p) for c in calls if (p := problem(c)) is not None]
    return tallied([c for c, _ in wrong], [f"{_name(c)}: {p}" for c, p in wrong],
                   failed=f"{len(wrong)} of {len(calls)} calls: ", passed=f"all {len(calls)} calls {passed}",
                   judged=calls)


def _xsd_problem(app: JudgingLas, call: EaCall) -> str | None:
    return "; ".join(call.xsd_problems) or None


def _header_problem(app: JudgingLas, call: EaCall) -> str | None:
    if call.header is None:
        return "no autorisatie header"
    empty = [name for name, value in call.header.items() if not value]
    if empty:
        return f"{', '.join(empty)} empty or missing in the autorisatie header"
    pupil_data = app.pupil_data
    issued = {"autorisatiesleutel": pupil_data.autorisatiesleutel, "klantcode": pupil_data.klantcode,
              "klantnaam": pupil_data.klantnaam}
    wrong = [name for name, value in issued.items() if call.header[name] != value]
    return f"{', '.join(wrong)} not the one issued to the client for this run" if wrong else None  # values hidden


def _xsdversie_problem(app: JudgingLas, call: EaCall) -> str | None:
    declared = app.settings.versie
    if call.operation is None or call.xsdversie == declared:
        return None
    return f"xsdversie {call.xsdversie!r}, the client declares {declared}" if call.xsdversie else "no xsdversie"


def _gegevenssetid_problem(app: JudgingLas, call: EaCall) -> str | None:
    declared = app.settings.gegevenssetid
    if call.operation in (None, "BrengLeerresultaten") or call.gegevenssetid == declared:
        return None
    if call.gegevenssetid is None:
        return f"no gegevenssetid (the LAS then chooses the data set; the client declares {declared!r})"
    return f"gegevenssetid {call.gegevenssetid!r}, the client declares {declared!r} ({app.settings.profiel})"


#: The rules each call is judged by on its own: requirement -> (problem, which calls it applies to, pass text)
_PER_CALL: dict[str, tuple[Callable[[JudgingLas, EaCall], str | None], Callable[[EaCall], bool], str]] = {
    "UWLR-EA-01": (_xsd_problem, lambda c: True,
                   "are SOAP envelopes holding a request valid against its version's XSD"),
    "UWLR-EA-02": (_header_problem, lambda c: True,
                   "carry the autorisatie header with the credentials issued for the run"),
    "UWLR-EA-03": (_xsdversie_problem, lambda c: c.operation is not None, "name the declared xsdversie"),
    "UWLR-EA-04": (_gegevenssetid_problem, lambda c: c.operation not in (None, "BrengLeerresultaten"),
                   "ask for the declared data set"),
}


def call_findings(app: JudgingLas, call: EaCall) -> list[str]:
    """What is wrong with one call by the rules judged per call, as `requirement: problem` (serve --judge)."""
    return [f"{req}: {problem}" for req, (check, applies, _) in _PER_CALL.items()
            if applies(call) and (problem := check(app, call)) is not None]


def _per_call(requirement: str) -> Callable[[RunningEaJudge], Verdict]:
    check, applies, passed = _PER_CALL[requirement]
    return lambda judge: _each_call(judge, lambda call: check(judge.app, call), applies=applies, passed=passed)


def _parse(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _fetches(judge: RunningEaJudge) -> list[EaCall]:
    return [c for c in judge.app.calls if c.fetch is not None]


def _incremental(judge: RunningEaJudge) -> Verdict:
    fetches = _fetches(judge)
    first = next((i for i, c in enumerate(fetches) if c.ending == "data"), None)
    if first is None:
        return Outcome.CANT_TELL, "no fetch delivered pupil data, so a later fetch cannot show", []
    later = fetches[first + 1:]
    if not later:
        return Outcome.CANT_TELL, "the client fetched no more after its first delivery of pupil data", []
    newest = judge.school.last_change
    wrong: list[EaCall] = []
    problems: list[str] = []
    for call in later:
        value = call.laatstontvangengegevens
        parsed = _parse(value) if value is not None else None
        if value is None:
            problem = "no laatstontvangengegevens: the LAS must send everything again"
        elif parsed is None:
            problem = f"laatstontvangengegevens {value!r} is no xs:dateTime"
        elif parsed < newest:
            problem = (f"laatstontvangengegevens {value} lies before the newest change in the data delivered "
                       f"({newest.isoformat()}), so the LAS must send everything again")
        else:
            continue
        wrong.append(call)
        problems.append(f"{_name(call)}: {problem}")
    if wrong:
        return (Outcome.FAILED, f"{len(wrong)} of {len(later)} fetches after the first delivery: " + listed(problems),
                evidence_of([fetches[first], *wrong]))
    return (Outcome.PASSED, f"all {len(later)} fetches after the first delivery carry laatstontvangengegevens",
            evidence_of([fetches[first], *later]))


def _after(judge: RunningEaJudge, kind: str) -> list[tuple[EaCall, EaCall]]:
    """(call answered with a `kind` fault, the client's next call)."""
    calls = judge.app.calls
    return [(call, calls[i + 1]) for i, call in enumerate(calls[:-1]) if call.ending.startswith(kind)]


def _client_fault(judge: RunningEaJudge) -> Verdict:
    minimum = judge.settings.min_pollinterval
    calls = judge.app.calls
    faulted = [(i, c) for i, c in enumerate(calls) if c.ending.startswith("Client.")]
    if not faulted:
        return Outcome.CANT_TELL, "no request of the client got a Client.* fault", []
    if faulted[0][0] == len(calls) - 1:
        return Outcome.CANT_TELL, "the client made no call after the Client.* fault", []
    wrong: list[EaCall] = []
    problems: list[str] = []
    for i, call in faulted:
        again = next((c for c in calls[i + 1:] if c.fingerprint == call.fingerprint), None)
        if again is not None and again.moment - call.moment < minimum:
            wrong.extend([call, again])
            problems.append(f"{_name(call)} got {call.ending} and was sent again unchanged "
                            f"{again.moment - call.moment:.2f} s later")
    return tallied(wrong, problems, failed=f"a request refused with a Client.* fault is not repeated unchanged "
                   f"within {minimum:g} s: ", passed=f"no request refused with a Client.* fault ({len(faulted)}) was "
                   f"sent again unchanged within {minimum:g} s", judged=[c for _, c in faulted])


def _poll_interval(judge: RunningEaJudge) -> Verdict:
    minimum = judge.settings.min_pollinterval
    fetches = _fetches(judge)
    pairs = [(a, b) for a, b in zip(fetches, fetches[1:], strict=False) if not a.is_fault]
    if not pairs:
        return Outcome.CANT_TELL, "the client fetched only once, so its polling interval cannot show", []
    eager = [(a, b) for a, b in pairs if b.moment - a.moment < minimum]
    if eager:
        problems = [f"{_name(b)} came {b.moment - a.moment:.2f} s after {_name(a)}, answered {a.ending}"
                    for a, b in eager]
        return (Outcome.FAILED, f"at least {minimum:g} s (min_pollinterval) between fetches: " + listed(problems),
                evidence_of([c for pair in eager for c in pair]))
    answered = sorted({a.ending for a, _ in pairs})
    return (Outcome.PASSED, f"{len(pairs)} fetches after an answer ({', '.join(answered)}) each waited at least "
            f"{minimum:g} s, and the client went on after them", evidence_of([c for pair in pairs for c in pair]))


def _backs_off(kind: str, what: str) -> Callable[[RunningEaJudge], Verdict]:
    """After each call answered `kind` (`what` in messages) the client waits at least the minimum interval."""
    def verdict(judge: RunningEaJudge) -> Verdict:
        minimum = judge.settings.min_pollinterval
        pairs = _after(judge, kind)
        if not pairs:
            return Outcome.CANT_TELL, f"the client made no call after {what}, so its back-off cannot show", []
        eager = [(a, b) for a, b in pairs if b.moment - a.moment < minimum]
        if eager:
            problems = [f"{_name(b)} came {b.moment - a.moment:.2f} s after {a.ending}" for a, b in eager]
            return (Outcome.FAILED, f"at least {minimum:g} s after {what}: " + listed(problems),
                    evidence_of([c for pair in eager for c in pair]))
        return (Outcome.PASSED, f"after each of {len(pairs)} calls answered with {what} the client waited at least "
                f"{minimum:g} s", evidence_of([c for pair in pairs for c in pair]))

    return verdict


def _structure_first(judge: RunningEaJudge) -> Verdict:
    if not judge.settings.getrapt:
        return Outcome.INAPPLICABLE, "the client declares alles-in-één (HaalLeerlinggegevens), not getrapt", []
    calls = judge.app.calls
    asked = [i for i, c in enumerate(calls) if c.operation in ("HaalLeerlingen", "HaalLeerkrachten")]
    if not asked:
        return Outcome.CANT_TELL, "the client asked for no pupils or teachers of a group", []
    wrong: list[EaCall] = []
    problems: list[str] = []
    for i in asked:
        call = calls[i]
        structuur = next((c for c in reversed(calls[:i]) if c.operation == "HaalStructuur" and c.ending == "data"),
                         None)
        if structuur is None:
            problem = "asked before any HaalStructuur delivered the school's groups"
        else:
            unknown = sorted({key for key in call.groepen if key is not None} - set(structuur.structuur))
            if not unknown:
                continue
            problem = (f"asked for {len(unknown)} group key(s) the last HaalStructuur did not deliver "
                       f"({', '.join(unknown[:3])})")
        wrong.append(call)
        problems.append(f"{_name(call)}: {problem}")
    return tallied(wrong, problems, failed=f"{len(wrong)} of {len(asked)} getrapt requests: ",
                   passed=f"all {len(asked)} requests for a group's pupils or teachers followed a HaalStructuur "
                   "that delivered those groups", judged=[calls[i] for i in asked])


def _pushes(judge: RunningEaJudge) -> tuple[list[EaCall], Verdict | None]:
    if not judge.settings.pusht:
        return [], (Outcome.INAPPLICABLE, "the client does not declare BrengLeerresultaten", [])
    pushes = [c for c in judge.app.calls if c.push is not None]
    if not pushes:
        return [], (Outcome.CANT_TELL, "the client pushed no results", [])
    return pushes, None


def _each_afname(judge: RunningEaJudge, problem: Callable[[Afname], str | None], passed: str) -> Verdict:
    pushes, empty = _pushes(judge)
    if empty:
        return empty
    wrong: list[EaCall] = []
    problems: list[str] = []
    count = 0
    for call in pushes:
        assert call.push is not None
        found = [p for a in call.push.afnames if (p := problem(a)) is not None]
        count += len(call.push.afnames)
        if found:
            wrong.append(call)
            problems.extend(found)
    return tallied(wrong, problems, failed=f"{len(problems)} of {count} toetsafnames: ",
                   passed=f"all {count} toetsafnames in {len(pushes)} pushes {passed}", judged=pushes)


def _known_pupils(judge: RunningEaJudge) -> Verdict:
    pupils = {ll.key: ll for ll in judge.school.leerlingen}

    def problem(afname: Afname) -> str | None:
        pupil = pupils.get(afname.leerlingid)
        if pupil is None:
            return f"leerlingid {afname.leerlingid!r} is no pupil the LAS delivered"
        if afname.eckid is not None and afname.eckid.strip() != pupil.eckid:
            return f"pupil {afname.leerlingid}: the eckid is not the one the LAS delivered for this pupil"
        return None

    return _each_afname(judge, problem, "refer to pupils the LAS delivered")


def _eckid_in_23(judge: RunningEaJudge) -> Verdict:
    if judge.settings.versie != "2.3":
        return Outcome.INAPPLICABLE, f"the client declares UWLR {judge.settings.versie}: the ECK iD is the key in 2.3", []
    with_eckid = {ll.key for ll in judge.school.leerlingen if ll.eckid}

    def problem(afname: Afname) -> str | None:
        if afname.leerlingid in with_eckid and not (afname.eckid or "").strip():
            return f"pupil {afname.leerlingid} has an ECK iD, but its toetsafname carries none"
        return None

    return _each_afname(judge, problem, "of pupils with an ECK iD carry it")


def _scores_in_range(judge: RunningEaJudge) -> Verdict:
    pushes, empty = _pushes(judge)
    if empty:
        return empty
    judged = 0
    wrong: list[EaCall] = []
    problems: list[str] = []
    for call in pushes:
        assert call.push is not None
        before = len(problems)
        for afname in call.push.afnames:
            for toetscode, component, score in afname.scores:
                bounds = call.push.range_of(toetscode, component)
                if bounds is None or score is None:
                    continue
                judged += 1
                if not bounds[0] <= score <= bounds[1]:
                    part = f" ({component})" if component else ""
                    problems.append(f"pupil {afname.leerlingid}: score {score} on {toetscode}{part} lies outside "
                                    f"its normering {bounds[0]}..{bounds[1]}")
        if len(problems) > before:
            wrong.append(call)
    if not judged:
        return (Outcome.INAPPLICABLE, "the pushed toets definitions give no normering, so no score has a range "
                "to keep", [])
    return tallied(wrong, problems, failed=f"{len(problems)} of {judged} scores: ",
                   passed=f"all {judged} scores lie within their toets definition's normering", judged=pushes)


_VERDICTS: VerdictTable[RunningEaJudge] = VerdictTable({
    **{req: _per_call(req) for req in _PER_CALL},
    "UWLR-EA-05": _incremental,
    "UWLR-EA-06": _client_fault,
    "UWLR-EA-07": _poll_interval,
    "UWLR-EA-08": _backs_off("Server.", "a Server.* fault"),
    "UWLR-EA-09": _structure_first,
    "UWLR-EA-10": _known_pupils,
    "UWLR-EA-11": _eckid_in_23,
    "UWLR-EA-12": _scores_in_range,
    "UWLR-EA-13": _backs_off("unreachable", "no answer (the LAS unreachable)"),
})
EA_REQUIREMENTS = _VERDICTS.requirements


judge = _VERDICTS.judge
judge_all = _VERDICTS.judge_all
