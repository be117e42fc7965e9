"""The synthetic school: deterministic, internally consistent, and valid where EDEXML and the BSN rules are strict."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from conformance.synthetic import School, bsn_eleven_test, generate_school
from conformance.synthetic.names import Surname, name_lists, split_voorvoegsel

ECKID = re.compile(r"^https://ketenid\.nl/(pilot|201703)/[0-9a-f]{128}$")
ROLES = {"ADJ", "ADM", "CON", "DIR", "ICT", "IB", "KLA", "LRK", "LOS", "LOC", "OWA", "OUD", "RT", "SMW", "STA", "VAK"}


@pytest.fixture(scope="module")
def school() -> School:
    return generate_school()


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _years_in_name(name: str) -> set[int]:
    """The years a combinatiegroep covers, read from its name as a person would: "Groep 1 t/m 4" -> 1..4."""
    numbers = [int(g) for g in re.findall(r"\d+", name)]
    return set(range(numbers[0], numbers[-1] + 1)) if "t/m" in name else set(numbers)


def test_same_arguments_give_an_equal_school(school):
    assert generate_school() == school
    assert generate_school(seed=1) != school
    # one seed, two BRINs: a LAS serving both must not see the same child twice
    other = generate_school(brincode="99XB")
    assert not {p.pgn for p in other.leerlingen} & {p.pgn for p in school.leerlingen}


def test_default_counts(school):
    assert len(school.leerlingen) == 600
    assert len(school.groepen) == 20 and len(school.samengestelde_groepen) == 5
    assert len(school.leerkrachten) == 40
    assert any(g.jaargroep == "C" for g in school.groepen), "at least one combinatiegroep"


def test_school_identity(school):
    assert school.oin == "0000000700099XA00000" and len(school.oin) == 20
    assert school.peildatum == dt.date(2026, 10, 1)
    assert school.schoolkey.startswith("SK-99XA-00-")
    assert school.naam.split()[0] in {"OBS", "CBS", "PCBS", "RKBS", "IKC", "Daltonschool", "Jenaplanschool",
                                      "Montessorischool"}
    assert generate_school(brincode="12AB", dependancecode="01").oin == "0000000700012AB00000"


def test_keys_pgns_and_eckids_are_unique(school):
    pupils, staff = school.leerlingen, school.leerkrachten
    groups = (*school.groepen, *school.samengestelde_groepen)
    assert len({p.key for p in pupils}) == len({p.pgn for p in pupils}) == len(pupils)
    assert len({t.key for t in staff}) == len(staff) and len({g.key for g in groups}) == len(groups)
    eckids = [x.eckid for x in (*pupils, *staff)]
    assert len(set(eckids)) == len(eckids)
    assert len({t.emailadres for t in staff}) == len(staff)


def test_every_bsn_passes_the_eleven_test(school):
    assert all(len(p.pgn) == 9 and bsn_eleven_test(p.pgn) for p in school.leerlingen)


@pytest.mark.parametrize(("bsn", "valid"), [("111222333", True), ("063138219", True), ("123456782", True),
                                            ("111222334", False), ("12345678", False), ("12345678a", False)])
def test_bsn_eleven_test(bsn, valid):
    assert bsn_eleven_test(bsn) is valid


def test_eckid_form_follows_the_environment(school):
    assert all(ECKID.match(x.eckid or "") and x.eckid.startswith("https://ketenid.nl/pilot/")
               for x in (*school.leerlingen, *school.leerkrachten))
    production = generate_school(leerlingen=20, groepen=4, leerkrachten=5, eckid_omgeving="productie")
    assert all((x.eckid or "").startswith("https://ketenid.nl/201703/") and ECKID.match(x.eckid or "")
               for x in (*production.leerlingen, *production.leerkrachten))
    pilot = generate_school(leerlingen=20, groepen=4, leerkrachten=5)
    assert [p.pgn for p in pilot.leerlingen] == [p.pgn for p in production.leerlingen]
    assert not {p.eckid for p in pilot.leerlingen} & {p.eckid for p in production.leerlingen}


def test_every_referenced_group_exists(school):
    home_groups = {g.key: g for g in school.groepen}
    clusters = {g.key for g in school.samengestelde_groepen}
    for p in school.leerlingen:
        assert p.groep_key in home_groups and set(p.samengestelde_groep_keys) <= clusters
    for t in school.leerkrachten:
        for link in t.groepen:
            assert link.key in (clusters if link.composed else home_groups)
    assert 0.15 < sum(bool(p.samengestelde_groep_keys) for p in school.leerlingen) / len(school.leerlingen) < 0.35


def test_pupil_year_matches_the_home_group(school):
    home_groups = {g.key: g for g in school.groepen}
    for p in school.leerlingen:
        group = home_groups[p.groep_key]
        if group.jaargroep == "C":
            assert int(p.jaargroep) in _years_in_name(group.naam), (p.jaargroep, group.naam)
        else:
            assert p.jaargroep == group.jaargroep
    assert {p.jaargroep for p in school.leerlingen} == {str(j) for j in range(1, 9)}


def test_birth_dates_fit_the_year_group(school):
    for p in school.leerlingen:
        year = int(p.jaargroep)
        assert year + 3 <= _age(p.geboortedatum, school.peildatum) <= year + 4
        if year >= 3:
            assert p.start_ondw_jgr3 is not None and p.start_ondw_jgr3.year == 2026 - (year - 3)
            assert p.start_ondw_jgr3.weekday() == 0 and p.start_ondw_jgr3.month in (8, 9)
        else:
            assert p.start_ondw_jgr3 is None


def test_names_are_well_formed(school):
    lists = name_lists()
    for p in school.leerlingen:
        voornamen = p.voornamen.split()
        assert 1 <= len(voornamen) <= 3 and p.roepnaam in voornamen
        assert p.voorletters == "".join(f"{n[0]}." for n in voornamen) and len(p.voorletters) <= 6
        assert p.voorvoegsel is None or p.voorvoegsel in lists.voorvoegsels
        assert p.geslacht in {"0", "1", "2", "9"}
    sexes = [p.geslacht for p in school.leerlingen]
    assert sum(g in "12" for g in sexes) > 0.95 * len(sexes) and {"0", "9"} & set(sexes)
    assert any(p.voorvoegsel for p in school.leerlingen)


def test_surnames_keep_their_voorvoegsel_apart():
    voorvoegsels = name_lists().voorvoegsels
    assert split_voorvoegsel("van der Meer", voorvoegsels) == Surname("van der", "Meer")
    assert split_voorvoegsel("in 't Veld", voorvoegsels) == Surname("in 't", "Veld")
    assert split_voorvoegsel("el Amrani", voorvoegsels) == Surname("el", "Amrani")
    assert split_voorvoegsel("Vermeulen", voorvoegsels) == Surname(None, "Vermeulen")
    lists = name_lists()
    assert len(lists.surnames) >= 150 and len(lists.boys) >= 100 and len(lists.girls) >= 100


def test_every_home_group_has_a_group_teacher(school):
    with_lrk = {link.key for t in school.leerkrachten for link in t.groepen if "LRK" in link.roles}
    assert {g.key for g in school.groepen} <= with_lrk
    assert {c.key for c in school.samengestelde_groepen} <= {link.key for t in school.leerkrachten
                                                             for link in t.groepen if link.composed}


def test_staff_roles(school):
    roles = [r for t in school.leerkrachten for r in t.roles]
    assert set(roles) <= ROLES and all(set(link.roles) <= ROLES for t in school.leerkrachten for link in t.groepen)
    assert roles.count("DIR") == 1 and "IB" in roles and "ICT" in roles
    assert roles.count("LRK") > len(roles) / 2
    address = re.compile(r"[a-z]\.[a-z0-9-]+@[a-z-]+\.school\.example")
    assert all(address.fullmatch(t.emailadres) for t in school.leerkrachten)


def test_mutatiedatum_lies_in_the_weeks_before_the_peildatum(school):
    peildatum = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    stamps = [x.mutatiedatum for x in (*school.groepen, *school.samengestelde_groepen, *school.leerlingen,
                                       *school.leerkrachten)]
    assert all(s is not None and s.tzinfo is not None and peildatum - dt.timedelta(weeks=7) < s < peildatum for s in stamps)
    assert school.last_change < peildatum


@pytest.mark.parametrize("groepen", [1, 2, 4, 7, 8, 9, 33])
def test_small_and_odd_schools_stay_consistent(groepen):
    school = generate_school(leerlingen=50, groepen=groepen, samengestelde_groepen=2, leerkrachten=3)
    assert len(school.groepen) == groepen and len(school.leerkrachten) == 3
    with_lrk = {link.key for t in school.leerkrachten for link in t.groepen if "LRK" in link.roles}
    assert {g.key for g in school.groepen} <= with_lrk
    assert sum(r == "DIR" for t in school.leerkrachten for r in t.roles) == 1
    if groepen >= 2:
        assert any(g.jaargroep == "C" for g in school.groepen)


def test_a_school_without_groups_or_staff():
    school = generate_school(leerlingen=5, groepen=0, samengestelde_groepen=0, leerkrachten=0)
    assert all(p.groep_key is None and p.jaargroep in "12345678" for p in school.leerlingen)
    assert school.leerkrachten == () and school.groepen == ()


@pytest.mark.parametrize("kwargs", [{"brincode": "99xa"}, {"dependancecode": "0"}, {"schooljaar": "2026-2028"},
                                    {"eckid_omgeving": "test"}, {"leerlingen": -1}])
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        generate_school(**kwargs)


def test_a_large_school_generates_quickly():
    school = generate_school(leerlingen=10_000, groepen=300)
    assert len(school.leerlingen) == 10_000 and len(school.groepen) == 300
    assert len({p.pgn for p in school.leerlingen}) == len({p.eckid for p in school.leerlingen}) == 10_000
    sizes: dict[str | None, int] = {}
    for p in school.leerlingen:
        sizes[p.groep_key] = sizes.get(p.groep_key, 0) + 1
    assert len(sizes) == 300 and max(sizes.values()) - min(sizes.values()) <= 1


def test_the_model_is_frozen(school):
    with pytest.raises(dataclasses.FrozenInstanceError):
        school.leerlingen[0].achternaam = "x"  # type: ignore[misc]


def test_the_first_pupil_sits_in_the_first_group(school):
    """The reference LAS's defects damage the first pupil and the getrapt checks ask for the first group."""
    assert school.leerlingen[0].groep_key == school.groepen[0].key
    assert school.leerkrachten[0].groepen, "the first teacher has a group (tests edit its first link)"
