"""A client's BrengLeerresultaten push reduced to what the client judge checks: whose results, and the score ranges
its own toets definitions set."""

from __future__ import annotations

import dataclasses

from lxml import etree

from conformance.standards.uwlr.codec import LR

__all__ = ["Afname", "Push", "read_push"]


def _lr(path: str) -> str:
    return "/".join(f"{{{LR}}}{part}" for part in path.split("/"))


@dataclasses.dataclass(frozen=True)
class Afname:
    """One pupil's results: (toetscode, toetsonderdeelcode, score) per resultaat; score None when it is no `score`."""

    leerlingid: str
    eckid: str | None
    scores: tuple[tuple[str, str | None, int | None], ...]


@dataclasses.dataclass(frozen=True)
class Push:
    afnames: tuple[Afname, ...]
    #: (toetscode, toetsonderdeelcode or None) -> (lowest beginnormwaarde, highest eindnormwaarde) of its normering
    ranges: dict[tuple[str, str | None], tuple[int, int]]

    def range_of(self, toetscode: str, component: str | None) -> tuple[int, int] | None:
        """The range a score keeps: its toetsonderdeel's normering, else its toets's; None when neither has one."""
        return self.ranges.get((toetscode, component)) or self.ranges.get((toetscode, None))


def _int(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def _range(normering: etree._Element | None) -> tuple[int, int] | None:
    if normering is None:
        return None
    bounds = [(_int(norm.findtext(_lr("beginnormwaarde"))), _int(norm.findtext(_lr("eindnormwaarde"))))
              for norm in normering.iterfind(_lr("norm"))]
    lows = [low for low, _ in bounds if low is not None]
    highs = [high for _, high in bounds if high is not None]
    return (min(lows), max(highs)) if lows and highs else None


def read_push(body: etree._Element) -> Push:
    """Read a `leerresultaten_verzoek`; what is missing or malformed is left out (the XSD rule reports it)."""
    afnames = []
    for afname in body.iterfind(_lr("toetsafnames/toetsafname")):
        scores = tuple(((r.findtext(_lr("toetscode")) or "").strip(), r.findtext(_lr("toetsonderdeelcode")),
                        _int(r.findtext(_lr("score")))) for r in afname.iterfind(_lr("resultaten/resultaat")))
        afnames.append(Afname(leerlingid=(afname.findtext(_lr("leerlingid")) or "").strip(),
                              eckid=afname.findtext(_lr("eckid")), scores=scores))
    ranges: dict[tuple[str, str | None], tuple[int, int]] = {}
    for toets in body.iterfind(_lr("toetsen/toets")):
        code = (toets.findtext(_lr("toetscode")) or "").strip()
        whole = _range(toets.find(_lr("toetsnormering")))
        if whole is not None:
            ranges[(code, None)] = whole
        for component in toets.iterfind(_lr("toetsonderdelen/toetsonderdeel")):
            part = _range(component.find(_lr("toetsonderdeelnormering")))
            if part is not None:
                ranges[(code, (component.findtext(_lr("toetsonderdeelcode")) or "").strip())] = part
    return Push(afnames=tuple(afnames), ranges=ranges)
