from __future__ import annotations

import re

from conformance.synthetic import bsn_elfproef, generate_school

ECKID = re.compile(r"^https://ketenid\.nl/pilot/[0-9a-f]{128}$")


def test_deterministic_and_sized_as_the_issue_asks():
    school = generate_school()
    assert school == generate_school()
    assert len(school.leerlingen) == 600 and len(school.leerkrachten) == 40
    assert len(school.groepen) + len(school.samengestelde_groepen) == 25 and school.samengestelde_groepen
    assert any(g.jaargroep == "C" for g in school.groepen), "at least one combinatiegroep"
    assert generate_school(seed=1) != school


def test_identifiers_unique_and_valid():
    school = generate_school()
    pupils = school.leerlingen
    assert len({p.key for p in pupils}) == len({p.pgn for p in pupils}) == len({p.eckid for p in pupils}) == 600
    assert all(bsn_elfproef(p.pgn) for p in pupils)
    assert all(ECKID.match(p.eckid or "") for p in (*pupils, *school.leerkrachten))
    assert school.oin == "0000000700099XA00000"


def test_references_resolve_and_every_stamgroep_has_a_teacher():
    school = generate_school()
    stam = {g.key for g in school.groepen}
    clusters = {g.key for g in school.samengestelde_groepen}
    for p in school.leerlingen:
        assert p.groep_key in stam and set(p.samengestelde_groep_keys) <= clusters
    for t in school.leerkrachten:
        for link in t.groepen:
            assert link.key in (clusters if link.samengesteld else stam)
    with_lrk = {link.key for t in school.leerkrachten for link in t.groepen if "LRK" in link.rollen}
    assert stam <= with_lrk


def test_birth_dates_fit_the_year_group():
    school = generate_school()
    start = int(school.schooljaar[:4])
    for p in school.leerlingen:
        age_on_1_october = start - p.geboortedatum.year - (1 if (p.geboortedatum.month, p.geboortedatum.day) > (10, 1) else 0)
        assert int(p.jaargroep) + 2 <= age_on_1_october <= int(p.jaargroep) + 4


def test_large_school_generates():
    school = generate_school(leerlingen=10_000, groepen=300)
    assert len(school.leerlingen) == 10_000
    assert len({p.pgn for p in school.leerlingen}) == 10_000


def test_elfproef():
    assert bsn_elfproef("063138219")  # the official test PGN, zero-padded
    assert bsn_elfproef("111222333")
    assert not bsn_elfproef("111222334")
