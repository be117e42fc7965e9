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

_SCHOOLNAMEN = (
    "OBS De Regenboog", "CBS Het Kompas", "OBS De Vlinder", "IKC Klavertje Vier", "RKBS De Springplank",
    "OBS Het Palet", "CBS De Wegwijzer", "Daltonschool De Sterrenkijker", "Jenaplanschool De Boomgaard",
    "OBS De Zonnewijzer", "PCBS De Fontein", "Montessorischool De Ontdekking",
)
_SCHOOLSOORTEN = frozenset({"obs", "cbs", "pcbs", "rkbs", "ikc", "daltonschool", "jenaplanschool", "montessorischool"})


@dataclasses.dataclass(frozen=True)
class _Cluster:
    naam: str
    omschrijving: str
    jaren: tuple[int, ...]


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
_STAF_EERST = ("DIR", "IB", "ICT", "OWA", "VAK", "RT", "ADM", "CON", "OWA", "LOS", "IB", "ADJ", "SMW", "STA")
_STAF_DAARNA = ("OWA", "VAK", "RT", "LOS", "IB", "LOC", "ADM", "STA")
# How many stamgroepen a staff member works in, and under which role; the others work school-wide.
_STAF_GROEPEN = {"OWA": 3, "VAK": 8, "RT": 2, "LOS": 2, "IB": 6, "STA": 1}
_CLUSTER_BEGELEIDERS = ("RT", "LOS", "OWA", "IB", "VAK")


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
    eerste_jaar = _check_argumenten(leerlingen=leerlingen, groepen=groepen, samengestelde_groepen=samengestelde_groepen,
                                    leerkrachten=leerkrachten, brincode=brincode, dependancecode=dependancecode,
                                    schooljaar=schooljaar, eckid_omgeving=eckid_omgeving)
    rng = random.Random(f"conformance/{seed}/{brincode}/{dependancecode}")
    naam = rng.choice(_SCHOOLNAMEN)  # drawn first, so a school keeps its name whatever its size
    domein = f"{_domeinnaam(naam)}.school.example"
    lijsten = name_lists()
    peildatum = dt.date(eerste_jaar, 10, 1)
    eckid_sleutel = hashlib.sha256(f"conformance-synthetic-eckid/{eckid_omgeving}/{seed}".encode()).digest()
    bsns: set[str] = set()

    def eckid(pgn: str) -> str:
        return ECKID_PREFIXES[eckid_omgeving] + hmac.new(eckid_sleutel, pgn.encode(), hashlib.sha512).hexdigest()

    def mutatie() -> dt.datetime:
        return _mutatiedatum(rng, peildatum)

    indeling = _stamgroep_indeling(groepen)
    stam = tuple(Groep(key=f"G-{i:04d}", naam=naam, jaargroep=str(jaren[0]) if len(jaren) == 1 else "C",
                       omschrijving=None if len(jaren) == 1 else f"combinatiegroep {_jaren_tekst(jaren)}",
                       mutatiedatum=mutatie())
                 for i, (naam, jaren) in enumerate(indeling, start=1))
    clusterdefs = [_cluster(i) for i in range(samengestelde_groepen)]
    clusters = tuple(SamengesteldeGroep(key=f"SG-{i:04d}", naam=c.naam, omschrijving=c.omschrijving,
                                        mutatiedatum=mutatie())
                     for i, c in enumerate(clusterdefs, start=1))

    pupils = _leerlingen(rng, lijsten, how_many=leerlingen, stam=stam, jaren=[j for _, j in indeling],
                         clusters=clusters, clusterdefs=clusterdefs, eerste_jaar=eerste_jaar, bsns=bsns,
                         eckid=eckid, mutatie=mutatie)

    staff = _leerkrachten(rng, lijsten, how_many=leerkrachten, stam=stam, clusters=clusters, domein=domein,
                          bsns=bsns, eckid=eckid, mutatie=mutatie)

    kenmerk = hashlib.sha256(f"{seed}/{brincode}/{dependancecode}".encode()).hexdigest()[:8]
    return School(
        naam=naam, brincode=brincode, dependancecode=dependancecode,
        schoolkey=f"SK-{brincode}-{dependancecode}-{kenmerk}", schooljaar=schooljaar, peildatum=peildatum,
        groepen=stam, samengestelde_groepen=clusters, leerlingen=pupils, leerkrachten=staff,
        oin=f"00000007000{brincode}00000",
    )


def _check_argumenten(*, leerlingen: int, groepen: int, samengestelde_groepen: int, leerkrachten: int,
                      brincode: str, dependancecode: str, schooljaar: str, eckid_omgeving: str) -> int:
    """Refuse what EDEXML would refuse later, where the mistake is still easy to see; returns the first year."""
    for naam, waarde in (("leerlingen", leerlingen), ("groepen", groepen),
                         ("samengestelde_groepen", samengestelde_groepen), ("leerkrachten", leerkrachten)):
        if waarde < 0:
            raise ValueError(f"{naam} must be 0 or more, not {waarde}")
    if not _BRINCODE.fullmatch(brincode):
        raise ValueError(f"brincode {brincode!r} is not two digits and two capitals, like 99XA")
    if not _DEPENDANCECODE.fullmatch(dependancecode):
        raise ValueError(f"dependancecode {dependancecode!r} is not two digits")
    jaar = _SCHOOLJAAR.fullmatch(schooljaar)
    if jaar is None or int(jaar[2]) != int(jaar[1]) + 1:
        raise ValueError(f"schooljaar {schooljaar!r} is not two following years, like 2026-2027")
    if eckid_omgeving not in ECKID_PREFIXES:
        raise ValueError(f"eckid_omgeving {eckid_omgeving!r} is not one of {', '.join(ECKID_PREFIXES)}")
    return int(jaar[1])


# -- groups ------------------------------------------------------------------------------------

def _stamgroep_indeling(how_many: int) -> list[tuple[str, tuple[int, ...]]]:
    """Name and years of each stamgroep: kleuters mixed as 1/2, as most Dutch schools do, plus a 5/6.

    A small school combines neighbouring years; a large one gets parallel groups a, b, c, ...
    """
    indeling: list[tuple[str, tuple[int, ...]]] = []
    if how_many == 0:
        return indeling
    if how_many < 8:
        maten = [8 // how_many + (1 if i < 8 % how_many else 0) for i in range(how_many)]
        start = 1
        for maat in maten:
            jaren = tuple(range(start, start + maat))
            indeling.append((f"Groep {_jaren_tekst(jaren)}", jaren))
            start += maat
        return indeling
    combi = how_many >= 9
    rest = how_many - combi
    extra = {(k * 8) // (rest % 8) for k in range(rest % 8)}  # spread, so the kleuters do not get them all
    per_jaar = [rest // 8 + (j in extra) for j in range(8)]
    kleuters = per_jaar[0] + per_jaar[1]
    indeling += [(f"Groep 1/2{_letter(n)}", (1, 2)) for n in range(kleuters)]
    for jaar in range(3, 9):
        count = per_jaar[jaar - 1]
        indeling += [(f"Groep {jaar}{_letter(n) if count > 1 else ''}", (jaar,)) for n in range(count)]
        if combi and jaar == 5:
            indeling.append(("Groep 5/6", (5, 6)))
    return indeling


def _letter(n: int) -> str:
    """a..z, then aa, ab, ...: the parallel-group suffix, for schools far larger than any real one."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = string.ascii_lowercase[rest] + letters
    return letters


def _jaren_tekst(jaren: Sequence[int]) -> str:
    if len(jaren) <= 3:
        return "/".join(map(str, jaren))
    return f"{jaren[0]} t/m {jaren[-1]}"


def _cluster(i: int) -> _Cluster:
    basis = _CLUSTERS[i % len(_CLUSTERS)]
    ronde = i // len(_CLUSTERS)
    return basis if ronde == 0 else dataclasses.replace(basis, naam=f"{basis.naam} {ronde + 1}")


# -- people ------------------------------------------------------------------------------------

def _leerlingen(rng: random.Random, lijsten: NameLists, *, how_many: int, stam: Sequence[Groep],
                jaren: Sequence[tuple[int, ...]], clusters: Sequence[SamengesteldeGroep],
                clusterdefs: Sequence[_Cluster], eerste_jaar: int, bsns: set[str], eckid: Callable[[str], str],
                mutatie: Callable[[], dt.datetime]) -> tuple[Leerling, ...]:
    """Pupils spread evenly over the stamgroepen, in enrolment order rather than group order."""
    if stam:
        plaatsen = [i % len(stam) for i in range(how_many)]
        rng.shuffle(plaatsen)
        if plaatsen:
            # LL-000001 sits in G-0001: the reference defects damage "the first pupil", and the getrapt
            # checks ask for "the first group", so each defect stays visible to the checks tuned for it.
            eerste = plaatsen.index(0)
            plaatsen[0], plaatsen[eerste] = plaatsen[eerste], plaatsen[0]
    else:
        plaatsen = [-1] * how_many
    per_jaar = {j: [c.key for c, d in zip(clusters, clusterdefs) if j in d.jaren] for j in range(1, 9)}
    eerste_schooldag = _eerste_schooldag_functie(rng)
    result = []
    for nummer, plaats in enumerate(plaatsen, start=1):
        jaar = rng.choice(jaren[plaats]) if plaats >= 0 else rng.randint(1, 8)
        meisje = rng.random() < 0.5
        voornamen = _voornamen(rng, lijsten.girls if meisje else lijsten.boys)
        achternaam = rng.choice(lijsten.achternamen)
        geslacht = "2" if meisje else "1"
        if rng.random() < 0.015:
            geslacht = rng.choice(("0", "9", "9"))
        # Born in the twelve months up to the 1 October that makes them jaar + 3 on the peildatum;
        # a few had an extra kleuter year and are a year older.
        ouder = 1 if jaar >= 2 and rng.random() < 0.04 else 0
        vanaf = dt.date(eerste_jaar - jaar - 4 - ouder, 10, 2)
        tot = dt.date(eerste_jaar - jaar - 3 - ouder, 10, 1)
        geboren = vanaf + dt.timedelta(days=rng.randint(0, (tot - vanaf).days))
        in_cluster = per_jaar[jaar] and rng.random() < 0.25
        cluster_keys: tuple[str, ...] = ()
        if in_cluster:
            hoeveel = min(len(per_jaar[jaar]), 1 if rng.random() < 0.8 else 2)
            cluster_keys = tuple(sorted(rng.sample(per_jaar[jaar], hoeveel)))
        pgn = _bsn(rng, bsns)
        result.append(Leerling(
            key=f"LL-{nummer:06d}", eckid=eckid(pgn), achternaam=achternaam.naam, voorvoegsel=achternaam.voorvoegsel,
            voornamen=" ".join(voornamen), voorletters=_voorletters(voornamen),
            roepnaam=voornamen[1] if len(voornamen) > 1 and rng.random() < 0.05 else voornamen[0],
            geboortedatum=geboren, geslacht=geslacht, jaargroep=str(jaar),
            groep_key=stam[plaats].key if plaats >= 0 else None, samengestelde_groep_keys=cluster_keys, pgn=pgn,
            start_ondw_jgr3=eerste_schooldag(eerste_jaar - (jaar - 3)) if jaar >= 3 else None,
            mutatiedatum=mutatie(),
        ))
    return tuple(result)


def _leerkrachten(rng: random.Random, lijsten: NameLists, *, how_many: int, stam: Sequence[Groep],
                  clusters: Sequence[SamengesteldeGroep], domein: str, bsns: set[str],
                  eckid: Callable[[str], str], mutatie: Callable[[], dt.datetime]) -> tuple[Leerkracht, ...]:
    """Group teachers first (every stamgroep gets an LRK, some a duo), then the other staff."""
    n = len(stam)
    staf = min(round(how_many * 0.3), max(0, how_many - n))
    lrk = how_many - staf
    roles = ["LRK"] * lrk + [_STAF_EERST[i] if i < len(_STAF_EERST)
                              else _STAF_DAARNA[(i - len(_STAF_EERST)) % len(_STAF_DAARNA)] for i in range(staf)]
    links: list[dict[str, LeerkrachtGroep]] = [{} for _ in range(how_many)]

    def koppel(t: int, key: str, composed: bool, rol: str) -> None:
        links[t].setdefault(key, LeerkrachtGroep(key=key, composed=composed, roles=(rol,)))

    if n and lrk:
        if lrk >= n:
            for t in range(n):
                koppel(t, stam[t].key, False, "LRK")
            duo = lrk - n
            for d in range(duo):
                koppel(n + d, stam[(d * n) // duo if duo <= n else d % n].key, False, "LRK")
        else:
            for g in range(n):
                koppel(g % lrk, stam[g].key, False, "LRK")
    for t in range(lrk, how_many):
        rol = roles[t]
        for g in sorted(rng.sample(range(n), min(n, _STAF_GROEPEN.get(rol, 0)))):
            koppel(t, stam[g].key, False, rol)
    begeleiders = [t for t in range(lrk, how_many) if roles[t] in _CLUSTER_BEGELEIDERS] or list(range(lrk))
    for cluster in clusters:
        if begeleiders:
            t = rng.choice(begeleiders)
            koppel(t, cluster.key, True, roles[t])
    if how_many and "DIR" not in roles:
        roles[0] = "DIR"  # a small school's director also teaches: the LRK role stays in the group links

    result: list[Leerkracht] = []
    adressen: set[str] = set()
    for t in range(how_many):
        vrouw = rng.random() < 0.75
        voornamen = _voornamen(rng, lijsten.girls if vrouw else lijsten.boys)
        achternaam = rng.choice(lijsten.achternamen)
        adres = _emailadres(voornamen[0], achternaam.voorvoegsel, achternaam.naam, domein, adressen)
        eigen = tuple(links[t].values())
        school_rollen = ("LRK", "DIR") if roles[t] == "DIR" and eigen and t < lrk else (roles[t],)
        result.append(Leerkracht(
            key=f"LK-{t + 1:04d}", eckid=eckid(_bsn(rng, bsns)), achternaam=achternaam.naam,
            voorvoegsel=achternaam.voorvoegsel, voorletters=_voorletters(voornamen), roepnaam=voornamen[0],
            emailadres=adres, roles=school_rollen, groepen=eigen, mutatiedatum=mutatie(),
        ))
    return tuple(result)


def _voornamen(rng: random.Random, lijst: Sequence[str]) -> list[str]:
    return rng.sample(lijst, rng.choices((1, 2, 3), weights=(3, 5, 2))[0])


def _voorletters(voornamen: Sequence[str]) -> str:
    """One letter per voornaam, as the BRP writes them ("J.P."); at most three names keeps it within 6 chars."""
    return "".join(f"{naam[0].upper()}." for naam in voornamen)


def _bsn(rng: random.Random, gezien: set[str]) -> str:
    """A fresh 9-digit number passing the elfproef; leading zeros occur, as in real BSNs."""
    while True:
        eerste8 = f"{rng.randrange(1_000_000, 100_000_000):08d}"
        controle = sum(int(d) * w for d, w in zip(eerste8, range(9, 1, -1))) % 11
        if controle == 10:
            continue
        bsn = eerste8 + str(controle)
        if bsn not in gezien:
            gezien.add(bsn)
            return bsn


def _mutatiedatum(rng: random.Random, peildatum: dt.date) -> dt.datetime:
    """A moment in office hours in the six weeks before the peildatum, when a LAS is filled for the year."""
    dag = peildatum - dt.timedelta(days=rng.randint(1, 42))
    moment = dt.timedelta(seconds=rng.randint(6 * 3600, 16 * 3600))
    return dt.datetime(dag.year, dag.month, dag.day, tzinfo=dt.UTC) + moment


def _eerste_schooldag_functie(rng: random.Random) -> Callable[[int], dt.date]:
    """The school's region fixes which Monday, late August or early September, starts its year."""
    regio = rng.randint(0, 2)

    def eerste_schooldag(jaar: int) -> dt.date:
        dag = dt.date(jaar, 8, 17) + dt.timedelta(weeks=regio)
        return dag + dt.timedelta(days=(7 - dag.weekday()) % 7)

    return eerste_schooldag


_TRANSLITERATIE = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "ß": "ss", "æ": "ae"})


def _ascii(tekst: str) -> str:
    """Lowercase ASCII for mail addresses: accents dropped, Turkish and Polish letters mapped by hand."""
    plat = unicodedata.normalize("NFKD", tekst.translate(_TRANSLITERATIE)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9-]", "", plat.lower())


def _emailadres(voornaam: str, voorvoegsel: str | None, achternaam: str, domein: str, gezien: set[str]) -> str:
    basis = f"{_ascii(voornaam)[:1]}.{_ascii((voorvoegsel or '') + achternaam)}"
    adres, volgnummer = f"{basis}@{domein}", 1
    while adres in gezien:
        volgnummer += 1
        adres = f"{basis}{volgnummer}@{domein}"
    gezien.add(adres)
    return adres


def _domeinnaam(schoolnaam: str) -> str:
    """"OBS De Regenboog" -> "regenboog": the part a school would put in its domain."""
    woorden = schoolnaam.split()
    if woorden and woorden[0].lower() in _SCHOOLSOORTEN:
        woorden = woorden[1:]
    if len(woorden) > 1 and woorden[0].lower() in ("de", "het", "'t"):
        woorden = woorden[1:]
    return "-".join(_ascii(w) for w in woorden)
