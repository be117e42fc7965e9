"""A deterministic synthetic PO school: same arguments, same school, on every machine and in every process.

Nothing here reads the clock, the environment or global randomness, so a reference answer and the evidence
that quotes it can be rebuilt byte for byte years later. Every BSN passes the elfproef and every ECK iD has the
real form, but the ECK iD comes from a keyed function of our own: the Nummervoorziening's derivation is secret,
and a synthetic value must never be mistaken for a real pupil's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import random
import re
import string
import unicodedata
from collections.abc import Callable, Sequence

from conformance.synthetic.model import (
    Groep,
    Leerkracht,
    LeerkrachtGroep,
    Leerling,
    SamengesteldeGroep,
    School,
)
from conformance.synthetic.names import NameLists, name_lists

__all__ = ["ECKID_PREFIXES", "bsn_eleven_test", "generate_school"]

#: The ECK iD prefix per environment (eckid-and-nummervoorziening.md §2.1).
ECKID_PREFIXES = {"pilot": "https://ketenid.nl/pilot/", "productie": "https://ketenid.nl/201703/"}

_BRINCODE = re.compile(r"\d{2}[A-Z]{2}")
_DEPENDANCECODE = re.compile(r"\d{2}")
_SCHOOLJAAR = re.compile(r"(\d{4})-(\d{4})")

_SCHOOL_NAMES = (
    "OBS De Regenboog", "CBS Het Kompas", "OBS De Vlinder", "IKC Klavertje Vier", "RKBS De Springplank",
    "OBS Het Palet", "CBS De Wegwijzer", "Daltonschool De Sterrenkijker", "Jenaplanschool De Boomgaard",
    "OBS De Zonnewijzer", "PCBS De Fontein", "Montessorischool De Ontdekking",
)
_SCHOOL_KINDS = frozenset({"obs", "cbs", "pcbs", "rkbs", "ikc", "daltonschool", "jenaplanschool", "montessorischool"})


@dataclasses.dataclass(frozen=True)
class _Cluster:
    name: str
    description: str
    years: tuple[int, ...]


# Year-bound clusters hold only pupils of those years, so a "Rekengroep 7/8" never holds a kleuter.
_CLUSTERS = (
    _Cluster("Plusklas", "verrijking voor meer- en hoogbegaafde leerlingen", (3, 4, 5, 6, 7, 8)),
    _Cluster("Rekengroep 7/8", "extra instructie rekenen", (7, 8)),
    _Cluster("Taalondersteuning", "woordenschat en taalbegrip", (1, 2, 3, 4, 5, 6, 7, 8)),
    _Cluster("Leesgroep 3/4", "voortgezet technisch lezen", (3, 4)),
    _Cluster("Kangoeroegroep", "verrijking voor kleuters", (1, 2)),
    _Cluster("Rekengroep 5/6", "extra instructie rekenen", (5, 6)),
    _Cluster("NT2-groep", "Nederlands als tweede taal", (1, 2, 3, 4, 5, 6, 7, 8)),
    _Cluster("Technieklab 7/8", "wetenschap en techniek", (7, 8)),
    _Cluster("Dyslexiebegeleiding", "begeleiding bij dyslexie", (4, 5, 6, 7, 8)),
    _Cluster("Schaakclub", "groepsdoorbrekend", (4, 5, 6, 7, 8)),
    _Cluster("Muziekklas", "groepsdoorbrekend", (5, 6, 7, 8)),
    _Cluster("Topklas 8", "voorbereiding op het voortgezet onderwijs", (8,)),
)

# Non-teaching staff, in the order a school of growing size would add them: one DIR, then the rest.
_STAFF_FIRST = ("DIR", "IB", "ICT", "OWA", "VAK", "RT", "ADM", "CON", "OWA", "LOS", "IB", "ADJ", "SMW", "STA")
_STAFF_THEN = ("OWA", "VAK", "RT", "LOS", "IB", "LOC", "ADM", "STA")
# How many stamgroepen a staff member works in, and under which role; the others work school-wide.
_STAFF_GROUPS = {"OWA": 3, "VAK": 8, "RT": 2, "LOS": 2, "IB": 6, "STA": 1}
_CLUSTER_SUPERVISORS = ("RT", "LOS", "OWA", "IB", "VAK")


def bsn_eleven_test(digits: str) -> bool:
    """The BSN 11-test: weights 9..2 on the first eight digits and -1 on the last, sum divisible by 11."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def generate_school(*, seed: int = 2026, leerlingen: int = 600, groepen: int = 20, samengestelde_groepen: int = 5,
                    leerkrachten: int = 40, brincode: str = "99XA", dependancecode: str = "00",
                    schooljaar: str = "2026-2027", eckid_omgeving: str = "pilot") -> School:
    """A PO school with `leerlingen` pupils over `groepen` stamgroepen, clusters and staff.

    The random stream is keyed on seed, BRIN and dependance together, so two schools made with one seed
    still hold different pupils (a LAS serving both must not see one BSN twice).
    """
    first_year = _check_arguments(leerlingen=leerlingen, groepen=groepen, samengestelde_groepen=samengestelde_groepen,
                                  leerkrachten=leerkrachten, brincode=brincode, dependancecode=dependancecode,
                                  schooljaar=schooljaar, eckid_omgeving=eckid_omgeving)
    rng = random.Random(f"conformance/{seed}/{brincode}/{dependancecode}")
    name = rng.choice(_SCHOOL_NAMES)  # drawn first, so a school keeps its name whatever its size
    domain = f"{_domain_name(name)}.school.example"
    lists = name_lists()
    peildatum = dt.date(first_year, 10, 1)
    eckid_key = hashlib.sha256(f"conformance-synthetic-eckid/{eckid_omgeving}/{seed}".encode()).digest()
    bsns: set[str] = set()

    def eckid(pgn: str) -> str:
        return ECKID_PREFIXES[eckid_omgeving] + hmac.new(eckid_key, pgn.encode(), hashlib.sha512).hexdigest()

    def changed() -> dt.datetime:
        return _mutatiedatum(rng, peildatum)

    layout = _home_group_layout(groepen)
    home_groups = tuple(Groep(key=f"G-{i:04d}", naam=group_name, jaargroep=str(years[0]) if len(years) == 1 else "C",
                              omschrijving=None if len(years) == 1 else f"combinatiegroep {_years_text(years)}",
                              mutatiedatum=changed())
                        for i, (group_name, years) in enumerate(layout, start=1))
    cluster_defs = [_cluster(i) for i in range(samengestelde_groepen)]
    clusters = tuple(SamengesteldeGroep(key=f"SG-{i:04d}", naam=c.name, omschrijving=c.description,
                                        mutatiedatum=changed())
                     for i, c in enumerate(cluster_defs, start=1))

    pupils = _pupils(rng, lists, how_many=leerlingen, home_groups=home_groups, years=[j for _, j in layout],
                     clusters=clusters, cluster_defs=cluster_defs, first_year=first_year, bsns=bsns, eckid=eckid,
                     changed=changed)

    staff = _teachers(rng, lists, how_many=leerkrachten, home_groups=home_groups, clusters=clusters, domain=domain,
                      bsns=bsns, eckid=eckid, changed=changed)

    digest = hashlib.sha256(f"{seed}/{brincode}/{dependancecode}".encode()).hexdigest()[:8]
    return School(
        naam=name, brincode=brincode, dependancecode=dependancecode,
        schoolkey=f"SK-{brincode}-{dependancecode}-{digest}", schooljaar=schooljaar, peildatum=peildatum,
        groepen=home_groups, samengestelde_groepen=clusters, leerlingen=pupils, leerkrachten=staff,
        oin=f"00000007000{brincode}00000",
    )


def _check_arguments(*, leerlingen: int, groepen: int, samengestelde_groepen: int, leerkrachten: int,
                      brincode: str, dependancecode: str, schooljaar: str, eckid_omgeving: str) -> int:
    """Refuse what EDEXML would refuse later, where the mistake is still easy to see; returns the first year."""
    for argument, value in (("leerlingen", leerlingen), ("groepen", groepen),
                            ("samengestelde_groepen", samengestelde_groepen), ("leerkrachten", leerkrachten)):
        if value < 0:
            raise ValueError(f"{argument} must be 0 or more, not {value}")
    if not _BRINCODE.fullmatch(brincode):
        raise ValueError(f"brincode {brincode!r} is not two digits and two capitals, like 99XA")
    if not _DEPENDANCECODE.fullmatch(dependancecode):
        raise ValueError(f"dependancecode {dependancecode!r} is not two digits")
    year = _SCHOOLJAAR.fullmatch(schooljaar)
    if year is None or int(year[2]) != int(year[1]) + 1:
        raise ValueError(f"schooljaar {schooljaar!r} is not two following years, like 2026-2027")
    if eckid_omgeving not in ECKID_PREFIXES:
        raise ValueError(f"eckid_omgeving {eckid_omgeving!r} is not one of {', '.join(ECKID_PREFIXES)}")
    return int(year[1])


# -- groups ------------------------------------------------------------------------------------

def _home_group_layout(how_many: int) -> list[tuple[str, tuple[int, ...]]]:
    """Name and years of each stamgroep: kleuters (years 1 and 2) mixed as 1/2, as most Dutch schools do, plus a 5/6.

    A small school combines neighbouring years; a large one gets parallel groups a, b, c, ...
    """
    layout: list[tuple[str, tuple[int, ...]]] = []
    if how_many == 0:
        return layout
    if how_many < 8:
        sizes = [8 // how_many + (1 if i < 8 % how_many else 0) for i in range(how_many)]
        start = 1
        for size in sizes:
            years = tuple(range(start, start + size))
            layout.append((f"Groep {_years_text(years)}", years))
            start += size
        return layout
    combi = how_many >= 9
    rest = how_many - combi
    extra = {(k * 8) // (rest % 8) for k in range(rest % 8)}  # spread, so the kleuter groups do not get them all
    per_year = [rest // 8 + (j in extra) for j in range(8)]
    infant_groups = per_year[0] + per_year[1]
    layout += [(f"Groep 1/2{_letter(n)}", (1, 2)) for n in range(infant_groups)]
    for year in range(3, 9):
        count = per_year[year - 1]
        layout += [(f"Groep {year}{_letter(n) if count > 1 else ''}", (year,)) for n in range(count)]
        if combi and year == 5:
            layout.append(("Groep 5/6", (5, 6)))
    return layout


def _letter(n: int) -> str:
    """a..z, then aa, ab, ...: the parallel-group suffix, for schools far larger than any real one."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def _years_text(years: Sequence[int]) -> str:
    if len(years) <= 3:
        return "/".join(map(str, years))
    return f"{years[0]} t/m {years[-1]}"


def _cluster(i: int) -> _Cluster:
    base = _CLUSTERS[i % len(_CLUSTERS)]
    cycle = i // len(_CLUSTERS)
    return base if cycle == 0 else dataclasses.replace(base, name=f"{base.name} {cycle + 1}")


# -- people ------------------------------------------------------------------------------------

def _pupils(rng: random.Random, lists: NameLists, *, how_many: int, home_groups: Sequence[Groep],
            years: Sequence[tuple[int, ...]], clusters: Sequence[SamengesteldeGroep],
            cluster_defs: Sequence[_Cluster], first_year: int, bsns: set[str], eckid: Callable[[str], str],
            changed: Callable[[], dt.datetime]) -> tuple[Leerling, ...]:
    """Pupils spread evenly over the stamgroepen, in enrolment order rather than group order."""
    if home_groups:
        places = [i % len(home_groups) for i in range(how_many)]
        rng.shuffle(places)
        if places:
            # LL-000001 sits in G-0001: the reference defects damage "the first pupil", and the getrapt
            # checks ask for "the first group", so each defect stays visible to the checks tuned for it.
            first = places.index(0)
            places[0], places[first] = places[first], places[0]
    else:
        places = [-1] * how_many
    per_year = {j: [c.key for c, d in zip(clusters, cluster_defs) if j in d.years] for j in range(1, 9)}
    first_school_day = _first_school_day_function(rng)
    result = []
    for number, place in enumerate(places, start=1):
        year = rng.choice(years[place]) if place >= 0 else rng.randint(1, 8)
        girl = rng.random() < 0.5
        voornamen = _given_names(rng, lists.girls if girl else lists.boys)
        surname = rng.choice(lists.surnames)
        geslacht = "2" if girl else "1"
        if rng.random() < 0.015:
            geslacht = rng.choice(("0", "9", "9"))
        # Born in the twelve months up to the 1 October that makes them year + 3 on the peildatum;
        # a few had an extra kleuter year and are a year older.
        older = 1 if year >= 2 and rng.random() < 0.04 else 0
        born_from = dt.date(first_year - year - 4 - older, 10, 2)
        born_until = dt.date(first_year - year - 3 - older, 10, 1)
        born = born_from + dt.timedelta(days=rng.randint(0, (born_until - born_from).days))
        in_cluster = per_year[year] and rng.random() < 0.25
        cluster_keys: tuple[str, ...] = ()
        if in_cluster:
            count = min(len(per_year[year]), 1 if rng.random() < 0.8 else 2)
            cluster_keys = tuple(sorted(rng.sample(per_year[year], count)))
        pgn = _bsn(rng, bsns)
        result.append(Leerling(
            key=f"LL-{number:06d}", eckid=eckid(pgn), achternaam=surname.name, voorvoegsel=surname.voorvoegsel,
            voornamen=" ".join(voornamen), voorletters=_voorletters(voornamen),
            roepnaam=voornamen[1] if len(voornamen) > 1 and rng.random() < 0.05 else voornamen[0],
            geboortedatum=born, geslacht=geslacht, jaargroep=str(year),
            groep_key=home_groups[place].key if place >= 0 else None, samengestelde_groep_keys=cluster_keys, pgn=pgn,
            start_ondw_jgr3=first_school_day(first_year - (year - 3)) if year >= 3 else None,
            mutatiedatum=changed(),
        ))
    return tuple(result)


def _teachers(rng: random.Random, lists: NameLists, *, how_many: int, home_groups: Sequence[Groep],
              clusters: Sequence[SamengesteldeGroep], domain: str, bsns: set[str],
              eckid: Callable[[str], str], changed: Callable[[], dt.datetime]) -> tuple[Leerkracht, ...]:
    """Group teachers first (every stamgroep gets an LRK, some a duo), then the other staff."""
    n = len(home_groups)
    staff_count = min(round(how_many * 0.3), max(0, how_many - n))
    lrk = how_many - staff_count
    roles = ["LRK"] * lrk + [_STAFF_FIRST[i] if i < len(_STAFF_FIRST)
                              else _STAFF_THEN[(i - len(_STAFF_FIRST)) % len(_STAFF_THEN)] for i in range(staff_count)]
    links: list[dict[str, LeerkrachtGroep]] = [{} for _ in range(how_many)]

    def link(t: int, key: str, composed: bool, role: str) -> None:
        links[t].setdefault(key, LeerkrachtGroep(key=key, composed=composed, roles=(role,)))

    if n and lrk:
        if lrk >= n:
            for t in range(n):
                link(t, home_groups[t].key, False, "LRK")
            duo = lrk - n
            for d in range(duo):
                link(n + d, home_groups[(d * n) // duo if duo <= n else d % n].key, False, "LRK")
        else:
            for g in range(n):
                link(g % lrk, home_groups[g].key, False, "LRK")
    for t in range(lrk, how_many):
        role = roles[t]
        for g in sorted(rng.sample(range(n), min(n, _STAFF_GROUPS.get(role, 0)))):
            link(t, home_groups[g].key, False, role)
    supervisors = [t for t in range(lrk, how_many) if roles[t] in _CLUSTER_SUPERVISORS] or list(range(lrk))
    for cluster in clusters:
        if supervisors:
            t = rng.choice(supervisors)
            link(t, cluster.key, True, roles[t])
    if how_many and "DIR" not in roles:
        roles[0] = "DIR"  # a small school's director also teaches: the LRK role stays in the group links

    result: list[Leerkracht] = []
    addresses: set[str] = set()
    for t in range(how_many):
        woman = rng.random() < 0.75
        voornamen = _given_names(rng, lists.girls if woman else lists.boys)
        surname = rng.choice(lists.surnames)
        address = _emailadres(voornamen[0], surname.voorvoegsel, surname.name, domain, addresses)
        own_links = tuple(links[t].values())
        school_roles = ("LRK", "DIR") if roles[t] == "DIR" and own_links and t < lrk else (roles[t],)
        result.append(Leerkracht(
            key=f"LK-{t + 1:04d}", eckid=eckid(_bsn(rng, bsns)), achternaam=surname.name,
            voorvoegsel=surname.voorvoegsel, voorletters=_voorletters(voornamen), roepnaam=voornamen[0],
            emailadres=address, roles=school_roles, groepen=own_links, mutatiedatum=changed(),
        ))
    return tuple(result)


def _given_names(rng: random.Random, names: Sequence[str]) -> list[str]:
    return rng.sample(names, rng.choices((1, 2, 3), weights=(3, 5, 2))[0])


def _voorletters(voornamen: Sequence[str]) -> str:
    """One letter per given name, as the BRP writes them ("J.P."); at most three names keeps it within 6 chars."""
    return "".join(f"{given[0].upper()}." for given in voornamen)


def _bsn(rng: random.Random, seen: set[str]) -> str:
    """A fresh 9-digit number passing the elfproef; leading zeros occur, as in real BSNs."""
    while True:
        first8 = f"{rng.randrange(1_000_000, 100_000_000):08d}"
        check_digit = sum(int(d) * w for d, w in zip(first8, range(9, 1, -1))) % 11
        if check_digit == 10:
            continue
        bsn = first8 + str(check_digit)
        if bsn not in seen:
            seen.add(bsn)
            return bsn


def _mutatiedatum(rng: random.Random, peildatum: dt.date) -> dt.datetime:
    """A moment in office hours in the six weeks before the peildatum, when a LAS is filled for the year."""
    day = peildatum - dt.timedelta(days=rng.randint(1, 42))
    moment = dt.timedelta(seconds=rng.randint(6 * 3600, 16 * 3600))
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + moment


def _first_school_day_function(rng: random.Random) -> Callable[[int], dt.date]:
    """The school's region fixes which Monday, late August or early September, starts its year."""
    region = rng.randint(0, 2)

    def first_school_day(year: int) -> dt.date:
        day = dt.date(year, 8, 17) + dt.timedelta(weeks=region)
        return day + dt.timedelta(days=(7 - day.weekday()) % 7)

    return first_school_day


_TRANSLITERATION = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "æ": "ae"})


def _ascii(text: str) -> str:
    """Lowercase ASCII for mail addresses: accents dropped, Turkish and Polish letters mapped by hand."""
    flat = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", flat.lower())


def _emailadres(given_name: str, voorvoegsel: str | None, achternaam: str, domain: str, seen: set[str]) -> str:
    base = f"{_ascii(given_name)[:1]}.{_ascii((voorvoegsel or '') + achternaam)}"
    address, sequence = f"{base}@{domain}", 1
    while address in seen:
        sequence += 1
        address = f"{base}{sequence}@{domain}"
    seen.add(address)
    return address


def _domain_name(school_name: str) -> str:
    """"OBS De Regenboog" -> "regenboog": the part a school would put in its domain."""
    words = school_name.split()
    if words and words[0].lower() in _SCHOOL_KINDS:
        words = words[1:]
    if len(words) > 1 and words[0].lower() in ("de", "het", "'t"):
        words = words[1:]
    return "-".join(_ascii(w) for w in words)
