"""A synthetic publisher catalogue, deterministic from a seed and addressable by index.

Product `i` of a catalogue is worked out from (seed, i) alone, so the reference renders any page on demand
and a harvest of 100,000 products never sits in memory as XML: `iter_entries` yields one record at a time.
Publishers, methods and authors are invented; ProductIds are EAN-13s with a correct check digit.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from xml.sax.saxutils import escape

from conformance.standards.catalogus._model import (
    INTENDED_END_USER_ROLES,
    MEDIA,
    PRODUCT_STATES,
    VERSIONS,
    family_of,
    namespace_of,
)

__all__ = ["DEFAULT_SEED", "Product", "ean13", "entry_xml", "iter_entries", "product"]

DEFAULT_SEED = 2026

_PUBLISHERS = ("Uitgeverij Leeuwerik", "Noordkaap Educatief", "De Wadden Uitgevers", "Uitgeverij Vlietland",
               "Kompasroos Leermiddelen", "Brugwachter Onderwijs", "Uitgeverij Meander", "Polderlicht Educatief")
_METHODS = ("Rekenroute", "Taalkracht", "Wereldwijs", "Getallenland", "Natuurlab", "Lijn en Vorm", "Spreekbeurt",
            "Tijdlijn", "Kaartlezer", "Formulewerk", "Woordenschat", "Codeerkamp")
_SUBJECTS = {"PO": ("Rekenen", "Taal", "Aardrijkskunde", "Geschiedenis", "Natuur en techniek"),
             "VO": ("Wiskunde", "Nederlands", "Engels", "Biologie", "Geschiedenis", "Natuurkunde", "Economie"),
             "MBO": ("Nederlands", "Rekenen", "Burgerschap", "Engels", "Loopbaan")}
_LEVELS = {"PO": ("Groep 5", "Groep 6", "Groep 7", "Groep 8"),
           "VO": ("VMBO-B", "VMBO-KGT", "HAVO", "VWO"),
           "MBO": ("MBO 2", "MBO 3", "MBO 4")}
_YEARS = {"PO": ("jaar 1",), "VO": ("jaar 1", "jaar 2", "jaar 3", "jaar 4"), "MBO": ("jaar 1", "jaar 2")}
_INITIALS = ("A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "J.", "K.", "L.", "M.", "N.", "P.", "R.", "S.", "T.")
_SURNAMES = ("Akkerman", "Bosch", "Claassen", "Dijkhuis", "Eekhof", "Feenstra", "Groeneveld", "Hoekstra",
             "van Ingen", "Jansma", "Kuipers", "de Lange", "Mulder", "Nijland", "Overbeek", "Postma",
             "van der Ree", "Smit", "Terpstra", "Veenstra", "Wijnands", "Zandbergen")
#: Digital media are taxed at the low rate in the Netherlands since 2019, carriers at the high rate.
_VAT = {"Web browser": "9.00", "Boek": "9.00", "Downloadable installer": "9.00", "Anders": "21.00",
        "CD-ROM": "21.00", "DVD": "21.00"}
_MEDIUM_WEIGHTS = (60, 25, 5, 3, 2, 5)
_STATE_WEIGHTS = (80, 6, 4, 4, 3, 3)


def ean13(first12: str) -> str:
    """Complete 12 digits with their GS1 check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


@dataclasses.dataclass(frozen=True, slots=True)
class Product:
    """One product, independent of the record version it is rendered in."""

    product_id: str
    publisher: str
    publisher_slug: str
    title: str
    family: str
    authors: tuple[str, ...]
    state: str
    role: str
    medium: str
    consumable: bool
    sector: str
    course: str
    level: str
    year: str
    first_published: str
    end_of_life: str
    amount_cents: int
    vat: str
    license_start: str
    license_end: str
    license_duration: str  # empty for a consumable (not licensed) product
    modified: str


def product(seed: int, index: int) -> Product:
    """Product `index` (0-based) of the catalogue of `seed`; the same arguments always give the same product."""
    rng = random.Random(seed * 1_000_003 + index)
    p = rng.randrange(len(_PUBLISHERS))
    publisher = _PUBLISHERS[p]
    sector = rng.choice(("VO", "VO", "VO", "MBO", "PO"))
    course = rng.choice(_SUBJECTS[sector])
    level = rng.choice(_LEVELS[sector])
    year = rng.choice(_YEARS[sector])
    method = rng.choice(_METHODS)
    medium = rng.choices(MEDIA, _MEDIUM_WEIGHTS)[0]
    kind = "werkboek" if medium == "Boek" else "online"
    published = rng.randrange(2015, 2026)
    month = rng.randrange(1, 13)
    return Product(
        product_id=ean13(f"97890{index:07d}"),
        publisher=publisher,
        publisher_slug=publisher.lower().replace(" ", "-"),
        title=f"{method} {course} {level} {year} {kind}",
        family=f"{method} {course}",
        authors=tuple(f"{rng.choice(_INITIALS)} {rng.choice(_SURNAMES)}" for _ in range(rng.randrange(1, 4))),
        state=rng.choices(PRODUCT_STATES, _STATE_WEIGHTS)[0],
        role=rng.choices(INTENDED_END_USER_ROLES, (80, 18, 2))[0],
        medium=medium,
        consumable=medium == "Boek",
        sector=sector,
        course=course,
        level=level,
        year=year,
        first_published=f"{published}-{month:02d}-01T00:00:00Z",
        end_of_life=f"{published + rng.randrange(4, 9)}-07-31T00:00:00Z",
        amount_cents=rng.randrange(495, 8995, 5),
        vat=_VAT[medium],
        license_start=f"{published}-08-01",
        license_end=f"{published + 1}-07-31",
        license_duration="" if medium == "Boek" else "P1Y",
        modified=f"2026-{rng.randrange(1, 11):02d}-{rng.randrange(1, 29):02d}T09:00:00Z",
    )


def _prices(p: Product, *, consumer: bool) -> str:
    gross = round(p.amount_cents * (100 + float(p.vat)) / 100)
    cp = f"<Consumerprice>{gross}</Consumerprice>" if consumer else ""
    return (f"<Prices><Currency>EUR</Currency>{cp}<Price><Amount>{p.amount_cents}</Amount>"
            f"<VAT>{p.vat}</VAT></Price></Prices>")


def entry_xml(p: Product, version: str, *, namespace: str | None = None, product_id: str | None = None,
              prices: bool = True, license_duration: str | None = None, courses: bool = True) -> str:
    """The Entry of `p` in the fields and order of `version` (our XSD's order), with its namespace declared.

    `namespace`, `product_id`, `prices=False`, `license_duration` and `courses=False` (no Courses before 2.5)
    exist for the reference's named defects.
    """
    if version not in VERSIONS:
        raise ValueError(f"unknown record version {version!r}")
    family = family_of(version)
    pid = product_id or p.product_id
    e = escape
    authors = "".join(f"<Author>{e(a)}</Author>" for a in p.authors)
    head = (f'<Entry xmlns="{namespace or namespace_of(version)}"><ProductId>{pid}</ProductId>'
            f"<Publisher>{e(p.publisher)}</Publisher>"
            f"<PublisherThumbnailLocation>https://{p.publisher_slug}.example/logo.png</PublisherThumbnailLocation>"
            f"<ProductFamilyName>{e(p.family)}</ProductFamilyName><Title>{e(p.title)}</Title>"
            f"<Authors>{authors}</Authors>")
    access = f"<AccessLocation>https://toegang.example/{pid}</AccessLocation>"
    life = (f"<FirstPublishedDate>{p.first_published}</FirstPublishedDate>"
            f"<EndOfLifeDate>{p.end_of_life}</EndOfLifeDate>")
    use = (f"<ProductState>{p.state}</ProductState>")
    who = (f"<IntendedEndUserRole>{p.role}</IntendedEndUserRole><Medium>{p.medium}</Medium>"
           f"<IsConsumptionProduct>{'true' if p.consumable else 'false'}</IsConsumptionProduct>")
    licence = (f"<PriceIsIndicative>false</PriceIsIndicative><IsLicensed>{'false' if p.consumable else 'true'}"
               f"</IsLicensed><LicenseStartDate>{p.license_start}</LicenseStartDate>"
               f"<LicenseEndDate>{p.license_end}</LicenseEndDate>")
    duration = p.license_duration if license_duration is None else license_duration
    if duration:
        licence += f"<LicenseDuration>{duration}</LicenseDuration>"
    if family == "2.5":
        classification = (f"<DEPSectors><DEPSector>{p.sector}</DEPSector></DEPSectors>"
                          f"<CurriculumInfo><Sector>{p.sector}</Sector><Courses><Course>{e(p.course)}</Course>"
                          f"</Courses><Levels><Level>{e(p.level)}</Level></Levels><Years><Year>{p.year}</Year>"
                          "</Years></CurriculumInfo>")
        return (head + access + "<AggregationLevel>Course</AggregationLevel>"
                "<IsSeparatelyAvailable>true</IsSeparatelyAvailable>" + life + use + who + classification
                + "<SaleUnitSize>1</SaleUnitSize>" + (_prices(p, consumer=True) if prices else "") + licence
                + f"<IsCatalogItem>true</IsCatalogItem><LastModifiedDate>{p.modified}</LastModifiedDate></Entry>")
    classification = (f"<Sectors><Sector>{p.sector}</Sector></Sectors>"
                      + (f"<Courses><Course>{e(p.course)}</Course></Courses>" if courses else "")
                      + f"<Levels><Level>{e(p.level)}</Level></Levels><Years><Year>{p.year}</Year></Years>")
    if family == "2.3":
        price = _prices(p, consumer=False) if prices else ""
    else:
        price = f"<Currency>EUR</Currency><PriceVATLow>{p.amount_cents}</PriceVATLow>"
    return (head + access + life + use + who + classification + "<SaleUnitSize>1</SaleUnitSize>" + price + licence
            + "<IsCatalogItem>true</IsCatalogItem></Entry>")


def iter_entries(seed: int, count: int, version: str, *, start: int = 0) -> Iterator[str]:
    """Entries `start` .. `count - 1` of the catalogue of `seed`, rendered one at a time."""
    for index in range(start, count):
        yield entry_xml(product(seed, index), version)
