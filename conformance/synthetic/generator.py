"""A deterministic synthetic PO school: same arguments, same school, on every machine.

Nothing here reads the clock or global randomness; pupils get an elfproef-valid BSN and an ECK iD
derived with a keyed function of our own (the real Nummervoorziening derivation is secret).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random

from conformance.synthetic.model import (
    Groep,
    Leerkracht,
    LeerkrachtGroep,
    Leerling,
    SamengesteldeGroep,
    School,
)
from conformance.synthetic.names import namen

__all__ = ["bsn_elfproef", "generate_school"]

ECKID_PREFIX = {"pilot": "https://ketenid.nl/pilot/", "productie": "https://ketenid.nl/201703/"}
SAMENGESTELD = ("Plusklas", "Rekengroep", "Taalondersteuning", "Leesclub", "Technieklab", "NT2-groep",
                "Schaakclub", "Muziekgroep")
STAF_ROLLEN = ("DIR", "IB", "ICT", "ADM", "CON", "OWA", "VAK", "RT")


def bsn_elfproef(digits: str) -> bool:
    """The BSN 11-test: weights 9..2 on the first eight digits, -1 on the last."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _bsn(rng: random.Random, seen: set[str]) -> str:
    while True:
        first8 = str(rng.randint(10_000_000, 99_999_999))
        total = sum(int(d) * w for d, w in zip(first8, range(9, 1, -1)))
        last = total % 11
        if last < 10:
            candidate = f"{first8}{last}"
            if candidate not in seen:
                seen.add(candidate)
                return candidate


def _eckid(key: bytes, pgn: str, omgeving: str) -> str:
    return ECKID_PREFIX[omgeving] + hmac.new(key, pgn.encode(), hashlib.sha512).hexdigest()


def _voorletters(voornamen: list[str]) -> str:
    return "".join(f"{n[0]}." for n in voornamen)


def _naam(rng: random.Random) -> tuple[str, str | None]:
    voorvoegsel = rng.choice(namen().voorvoegsels) if rng.random() < 0.3 else None
    return rng.choice(namen().achternamen), voorvoegsel


def _stamgroepen(rng: random.Random, aantal: int, mutatie: dt.datetime) -> list[Groep]:
    """Spread `aantal` stamgroepen over jaargroep 1..8, with one combinatiegroep when there is room."""
    groepen: list[Groep] = []
    per_jaar = [aantal // 8 + (1 if j < aantal % 8 else 0) for j in range(8)]
    if aantal >= 9:
        per_jaar[4] -= 1  # room for a combinatiegroep 5/6
    for jaar, count in enumerate(per_jaar, start=1):
        for n in range(count):
            suffix = "abcdefghijklmnopqrstuvwxyz"[n % 26] + ("" if n < 26 else str(n // 26))
            groepen.append(Groep(key=f"G-{len(groepen) + 1:04d}", naam=f"Groep {jaar}{suffix}", jaargroep=str(jaar),
                                 mutatiedatum=mutatie - dt.timedelta(days=rng.randint(10, 60))))
    if aantal >= 9:
        groepen.append(Groep(key=f"G-{len(groepen) + 1:04d}", naam="Groep 5/6", jaargroep="C",
                             omschrijving="combinatiegroep", mutatiedatum=mutatie - dt.timedelta(days=30)))
    return groepen


def generate_school(*, seed: int = 2026, leerlingen: int = 600, groepen: int = 20, samengestelde_groepen: int = 5,
                    leerkrachten: int = 40, brincode: str = "99XA", dependancecode: str = "00",
                    schooljaar: str = "2026-2027", eckid_omgeving: str = "pilot") -> School:
    """A PO school with `leerlingen` pupils in `groepen` stamgroepen, clusters and staff."""
    if eckid_omgeving not in ECKID_PREFIX:
        raise ValueError(f"eckid_omgeving must be one of {', '.join(ECKID_PREFIX)}")
    rng = random.Random(f"{seed}/{brincode}/{dependancecode}")
    eerste_jaar = int(schooljaar[:4])
    peildatum = dt.date(eerste_jaar, 10, 1)
    mutatie = dt.datetime(eerste_jaar, 9, 20, 8, 30, tzinfo=dt.timezone.utc)
    sleutel = hashlib.sha256(f"conformance-eckid-{seed}".encode()).digest()

    stam = _stamgroepen(rng, groepen, mutatie)
    clusters = [SamengesteldeGroep(key=f"SG-{i + 1:04d}",
                                   naam=f"{SAMENGESTELD[i % len(SAMENGESTELD)]} {i // len(SAMENGESTELD) + 1}",
                                   omschrijving="groepsdoorbrekend", mutatiedatum=mutatie - dt.timedelta(days=14))
                for i in range(samengestelde_groepen)]

    pupils: list[Leerling] = []
    seen_bsn: set[str] = set()
    for i in range(leerlingen):
        groep = stam[i % len(stam)]
        jaar = int(groep.jaargroep) if groep.jaargroep.isdigit() else rng.choice((5, 6))
        meisje = rng.random() < 0.5
        voornamen = [rng.choice(namen().meisjes if meisje else namen().jongens) for _ in range(rng.choice((1, 2, 2, 3)))]
        achternaam, voorvoegsel = _naam(rng)
        geboren = dt.date(eerste_jaar - jaar - 3, 10, 1) + dt.timedelta(days=rng.randint(0, 364))
        pgn = _bsn(rng, seen_bsn)
        in_cluster = rng.random() < 0.25 and clusters
        cluster_keys = tuple(sorted({rng.choice(clusters).key for _ in range(rng.choice((1, 1, 2)))})) \
            if in_cluster else ()
        geslacht = "2" if meisje else "1"
        if rng.random() < 0.02:
            geslacht = rng.choice(("0", "9"))
        pupils.append(Leerling(
            key=f"LL-{i + 1:06d}", eckid=_eckid(sleutel, pgn, eckid_omgeving), achternaam=achternaam,
            voorvoegsel=voorvoegsel, voornamen=" ".join(voornamen), voorletters=_voorletters(voornamen),
            roepnaam=voornamen[0], geboortedatum=geboren, geslacht=geslacht, jaargroep=str(jaar),
            groep_key=groep.key, samengestelde_groep_keys=cluster_keys, pgn=pgn,
            start_ondw_jgr3=dt.date(eerste_jaar - jaar + 3, 8, 20) if jaar >= 3 else None,
            mutatiedatum=mutatie - dt.timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 600)),
        ))

    domein = f"school-{brincode.lower()}.example"
    staff: list[Leerkracht] = []
    for i in range(leerkrachten):
        achternaam, voorvoegsel = _naam(rng)
        roepnaam = rng.choice(namen().meisjes if rng.random() < 0.7 else namen().jongens)
        links: list[LeerkrachtGroep] = []
        if i < len(stam):
            rollen: tuple[str, ...] = ("LRK",)
            links.append(LeerkrachtGroep(key=stam[i].key, samengesteld=False, rollen=("LRK",)))
            if clusters and i < len(clusters):
                links.append(LeerkrachtGroep(key=clusters[i].key, samengesteld=True, rollen=("LRK",)))
        else:
            rol = STAF_ROLLEN[(i - len(stam)) % len(STAF_ROLLEN)]
            rollen = (rol,)
            if rol in ("OWA", "VAK", "RT") and stam:
                links.append(LeerkrachtGroep(key=stam[rng.randrange(len(stam))].key, samengesteld=False, rollen=(rol,)))
        local = f"{roepnaam[0].lower()}.{achternaam.lower().replace(' ', '')}{i + 1}"
        staff.append(Leerkracht(
            key=f"LK-{i + 1:04d}",
            eckid=_eckid(sleutel, f"staff-{brincode}-{i}", eckid_omgeving),
            achternaam=achternaam, voorvoegsel=voorvoegsel, voorletters=f"{roepnaam[0]}.", roepnaam=roepnaam,
            emailadres=f"{local}@{domein}".encode("ascii", "ignore").decode(), rollen=rollen, groepen=tuple(links),
            mutatiedatum=mutatie - dt.timedelta(days=rng.randint(0, 40)),
        ))

    schoolnaam = f"OBS {rng.choice(('De Regenboog', 'De Vlinder', 'Het Kompas', 'De Springplank', 'Klavertje Vier'))}"
    return School(
        naam=schoolnaam, brincode=brincode, dependancecode=dependancecode,
        schoolkey=f"SK-{brincode}-{dependancecode}-{hashlib.sha256(f'{seed}{brincode}'.encode()).hexdigest()[:8]}",
        schooljaar=schooljaar, peildatum=peildatum, groepen=tuple(stam), samengestelde_groepen=tuple(clusters),
        leerlingen=tuple(pupils), leerkrachten=tuple(staff), oin=f"00000007000{brincode}00000",
    )
