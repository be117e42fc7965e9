"""Rules on one catalogue record beyond what an XSD says: each a small function, registered by its name.

A rule yields `Hit`s (message and the element at fault); its registration adds the requirement id,
severity, ProductId and line, so every rule reports in the same shape. A rule on optional fields also says what
a record must hold for it to judge anything (`needs`): a rule that judged nothing has not passed, it was not
exercised (`not_exercised_reason`). The requirement ids are those of
`requirements.csv`; `source` there says which facts are confirmed and which readings are ours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from conformance.findings import Finding, Severity
from conformance.standards.catalogus._lexical import (
    collapse,
    ean13_ok,
    is_boolean,
    is_duration,
    is_http_url,
    is_percentage,
    is_whole_number,
    parse_date,
    parse_datetime,
    shown,
)
from conformance.standards.catalogus._model import (
    AGGREGATION_LEVELS,
    BOOLEAN_FIELDS,
    DATE_FIELDS,
    DATETIME_FIELDS,
    FAMILIES,
    INTENDED_END_USER_ROLES,
    MEDIA,
    OLD_PRICE_FIELDS,
    PRODUCT_STATES,
    REPEATABLE,
    REQUIRED,
    REQUIRED_CLASSIFICATION,
    SECTORS,
    URL_FIELDS,
    Vocabulary,
    vocabulary,
)
from conformance.standards.catalogus._records import Record

__all__ = ["RULES", "Hit", "Needs", "Rule", "check_record", "not_exercised_reason", "rule"]

ALL_FAMILIES = ("2.1", "2.3", "2.5")
_PRICE_FIELDS = frozenset({*OLD_PRICE_FIELDS, "Prices"})


@dataclasses.dataclass(frozen=True)
class Hit:
    """One breach found by a rule; `at` is the element at fault (the Entry when None)."""

    message: str
    at: etree._Element | None = None


RuleFunc = Callable[[Record], Iterator[Hit]]


@dataclasses.dataclass(frozen=True)
class Needs:
    """What a record must hold for a rule to judge it; `what` completes "no harvested record holds ..."."""

    what: str
    holds: Callable[[Record], bool]


def any_field(*names: str) -> Needs:
    return Needs(" or ".join(names), lambda rec: any(rec.children.get(name) for name in names))


def both_fields(first: str, second: str) -> Needs:
    return Needs(f"both {first} and {second}",
                 lambda rec: bool(rec.children.get(first)) and bool(rec.children.get(second)))


def any_item(container: str, item: str) -> Needs:
    return Needs(f"{container}/{item}", lambda rec: bool(rec.items(container, item)))


@dataclasses.dataclass(frozen=True)
class Rule:
    """A registered rule: its name is its id in tests and reports; `needs` None: every record of its families."""

    name: str
    requirement: str
    severity: Severity
    families: tuple[str, ...]
    func: RuleFunc
    needs: Needs | None = None

    def __call__(self, rec: Record) -> Iterator[Finding]:
        """The rule's findings on one record; none when it does not apply to the record's version."""
        if rec.family not in self.families:
            return
        for hit in self.func(rec):
            yield Finding(requirement=self.requirement, severity=self.severity, message=hit.message,
                          line=rec.line if hit.at is None else hit.at.sourceline, subject=rec.product_id)


RULES: dict[str, Rule] = {}


def rule(requirement: str, *, severity: Severity = Severity.ERROR, families: tuple[str, ...] = ALL_FAMILIES,
         needs: Needs | None = None) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule under its function name for the record families it applies to."""

    def register(func: RuleFunc) -> RuleFunc:
        if func.__name__ in RULES:
            raise ValueError(f"rule {func.__name__} registered twice")
        RULES[func.__name__] = Rule(func.__name__, requirement, severity, families, func, needs)
        return func

    return register


def check_record(rec: Record, exercised: set[str] | None = None) -> Iterator[Finding]:
    """Every registered rule that applies to the record's version, in registration order; the requirements of
    the rules that had something to judge go into `exercised` (each rule's `needs` is asked until it holds once)."""
    for registered in _BY_FAMILY[rec.family]:
        if exercised is not None and registered.requirement not in exercised and (
                registered.needs is None or registered.needs.holds(rec)):
            exercised.add(registered.requirement)
        yield from registered(rec)


def not_exercised_reason(requirement: str, exercised: set[str]) -> str | None:
    """Why a record rule judged nothing in a harvest, or None when it judged something (or is no record rule)."""
    if requirement in exercised:
        return None
    registered = next((r for r in RULES.values() if r.requirement == requirement), None)
    if registered is None:
        return None
    versions = "" if registered.families == ALL_FAMILIES else \
        f" of version {' or '.join(v for v, f in FAMILIES.items() if f in registered.families)}"
    if registered.needs is None:
        return f"no harvested record is{versions or ' judged by it'}"
    return f"no harvested record{versions} holds {registered.needs.what}"


def _texts(elements: Iterable[etree._Element]) -> Iterator[tuple[etree._Element, str]]:
    """Each element with its value as every rule reads it: whitespace collapsed."""
    return ((el, collapse(el.text)) for el in elements)


def _values(rec: Record, name: str) -> list[tuple[etree._Element, str]]:
    return list(_texts(rec.all(name)))


def _judged(name: str, value: str) -> bool:
    """An empty value is judged by the type and list rules, except in a required field: CAT-REC-01 says it."""
    return bool(value) or name not in REQUIRED


def _judged_values(name: str, found: Iterable[tuple[etree._Element, str]]) -> list[tuple[etree._Element, str]]:
    return [(el, value) for el, value in found if _judged(name, value)]


def _malformed(path: str, found: Iterable[tuple[etree._Element, str]], valid: Callable[[str], bool],
               expected: str) -> Iterator[Hit]:
    """A Hit for every value `valid` refuses, in the one form the type and list rules report:
    "<path> '<value>' is not <expected>"."""
    for el, value in found:
        if not valid(value):
            yield Hit(f"{path} '{shown(value)}' is not {expected}", el)


def _quoted(items: tuple[str, ...]) -> str:
    return ", ".join(f"'{item}'" for item in items)


# -- presence and shape ------------------------------------------------------------------------

@rule("CAT-REC-01")
def required_fields(rec: Record) -> Iterator[Hit]:
    """The fields every record carries, from the mandatory-fields example to the live 2.5.2 records."""
    for name in REQUIRED:
        value = rec.text(name)
        if value is None:
            yield Hit(f"{name} is missing; every record carries it")
        elif not value:
            yield Hit(f"{name} is empty; every record carries a value", rec.one(name))
    authors = [el for el in rec.items("Authors", "Author") if collapse(el.text)]
    if not authors:
        yield Hit("Authors/Author is missing; every record names at least one author", rec.one("Authors"))


@rule("CAT-REC-02", families=("2.1", "2.3"))
def required_classification(rec: Record) -> Iterator[Hit]:
    """Up to 2.4 a record is classified by sector, course and level; 2.5 moved this to CurriculumInfo."""
    for container, item in REQUIRED_CLASSIFICATION:
        if not any(collapse(el.text) for el in rec.items(container, item)):
            yield Hit(f"{container}/{item} is missing; a version {rec.version} record names at least one",
                      rec.one(container))


@rule("CAT-REC-03")
def single_occurrence(rec: Record) -> Iterator[Hit]:
    """A repeated single field leaves a harvester to guess which value counts."""
    for name, found in rec.children.items():
        if len(found) > 1 and name not in REPEATABLE:
            yield Hit(f"{name} occurs {len(found)} times; it may occur at most once", found[1])


def _unknown_inside(rec: Record, el: etree._Element, allowed: Vocabulary, path: str) -> Iterator[Hit]:
    cut = len(rec.prefix)
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = tag[cut:]
        if tag[:cut] != rec.prefix or name[:1] == "{":
            yield Hit(f"{tag} is in another namespace than its record", child)
        elif name not in allowed:
            yield Hit(f"{path}/{name} is not an element of a version {rec.version} record", child)
        elif (inner := allowed[name]) is not None:
            yield from _unknown_inside(rec, child, inner, f"{path}/{name}")


@rule("CAT-REC-04", severity=Severity.WARNING)
def known_elements(rec: Record) -> Iterator[Hit]:
    """Catches misspelt fields and fields of another version; price fields are CAT-PRC-02's to report."""
    allowed = vocabulary(rec.family)
    for el in rec.foreign:
        yield Hit(f"{el.tag!s} is in another namespace than its record", el)
    for name, found in rec.children.items():
        if name not in allowed:
            if name not in _PRICE_FIELDS:
                yield from (Hit(f"{name} is not an element of a version {rec.version} record", el) for el in found)
        elif (inner := allowed[name]) is not None:
            for el in found:
                yield from _unknown_inside(rec, el, inner, name)


@rule("CAT-REC-05", needs=any_field(*BOOLEAN_FIELDS))
def boolean_fields(rec: Record) -> Iterator[Hit]:
    """A harvester reads these flags as xs:boolean; 'yes' or 'True' is not one."""
    for name in BOOLEAN_FIELDS:
        yield from _malformed(name, _judged_values(name, _values(rec, name)), is_boolean,
                              "an xs:boolean (true, false, 1 or 0)")


@rule("CAT-REC-06", needs=Needs("SaleUnitSize, LicenseCount or ActivationBefore/ActivationBeforeDays",
                                     lambda rec: bool(rec.all("SaleUnitSize") or rec.all("LicenseCount")
                                                      or rec.items("ActivationBefore", "ActivationBeforeDays"))))
def whole_number_fields(rec: Record) -> Iterator[Hit]:
    """Counts of units, licences and days are whole numbers, never negative."""
    fields = [(name, rec.all(name)) for name in ("SaleUnitSize", "LicenseCount")]
    fields.append(("ActivationBefore/ActivationBeforeDays", rec.items("ActivationBefore", "ActivationBeforeDays")))
    for name, elements in fields:
        yield from _malformed(name, _judged_values(name, _texts(elements)), is_whole_number,
                              "a whole number of zero or more")


@rule("CAT-REC-07", needs=any_field(*DATETIME_FIELDS, *DATE_FIELDS))
def date_fields(rec: Record) -> Iterator[Hit]:
    """Lifecycle moments are xs:dateTime and licence days xs:date, as the examples write them."""
    for name in DATETIME_FIELDS:
        yield from _malformed(name, _judged_values(name, _values(rec, name)),
                              lambda value: parse_datetime(value) is not None,
                              "an xs:dateTime such as 2020-09-01T00:00:00Z")
    for name in DATE_FIELDS:
        yield from _malformed(name, _judged_values(name, _values(rec, name)),
                              lambda value: parse_date(value) is not None, "an xs:date such as 2021-08-01")


def _out_of_order(rec: Record, start_field: str, end_field: str,
                  parse: Callable[[str], dt.date | None]) -> Iterator[Hit]:
    """A Hit when `end_field` falls before `start_field`; a value `parse` cannot read is CAT-REC-07's to report."""
    start, end = rec.text(start_field), rec.text(end_field)
    start_at, end_at = parse(start or ""), parse(end or "")
    if start_at and end_at and end_at < start_at:
        yield Hit(f"{end_field} {end} is before {start_field} {start}", rec.one(end_field))


@rule("CAT-REC-08", needs=both_fields("FirstPublishedDate", "EndOfLifeDate"))
def lifecycle_date_order(rec: Record) -> Iterator[Hit]:
    """A product cannot reach its end of life before it is first published."""
    yield from _out_of_order(rec, "FirstPublishedDate", "EndOfLifeDate", parse_datetime)


@rule("CAT-REC-09", needs=both_fields("LicenseStartDate", "LicenseEndDate"))
def license_date_order(rec: Record) -> Iterator[Hit]:
    """A licence period that ends before it starts grants nothing."""
    yield from _out_of_order(rec, "LicenseStartDate", "LicenseEndDate", parse_date)


@rule("CAT-REC-10", needs=any_field("LicenseDuration"))
def license_duration(rec: Record) -> Iterator[Hit]:
    """LicenseDuration is an ISO-8601 duration in the xs:duration form (P2D); a licence cannot run backwards."""
    for el, value in _values(rec, "LicenseDuration"):
        if not is_duration(value):
            yield Hit(f"LicenseDuration '{shown(value)}' is not an ISO-8601 duration such as P2D, P1Y or PT12H", el)
        elif value.startswith("-"):
            yield Hit(f"LicenseDuration '{shown(value)}' is negative", el)


@rule("CAT-REC-11", needs=any_field(*URL_FIELDS))
def http_urls(rec: Record) -> Iterator[Hit]:
    """Thumbnails and locations are followed by harvesters and browsers, so they must be absolute."""
    for name in URL_FIELDS:
        yield from _malformed(name, _judged_values(name, _values(rec, name)), is_http_url,
                              "an absolute http(s) URL")


def _thirteen_digits(rec: Record) -> bool:
    value = rec.product_id or ""
    return len(value) == 13 and value.isascii() and value.isdigit()


@rule("CAT-REC-12", needs=Needs("a ProductId of 13 digits", _thirteen_digits))
def ean13_check_digit(rec: Record) -> Iterator[Hit]:
    """Distributors, Edu-iX and Toegang.org key on the EAN; a typo in it orders or opens the wrong product."""
    value = rec.product_id or ""
    if _thirteen_digits(rec) and not ean13_ok(value):
        yield Hit(f"ProductId {value} has 13 digits but a wrong EAN-13 check digit", rec.one("ProductId"))


# -- value lists -------------------------------------------------------------------------------

def _in_list(rec: Record, name: str, allowed: tuple[str, ...]) -> Iterator[Hit]:
    return _malformed(name, _judged_values(name, _values(rec, name)), allowed.__contains__,
                      f"one of {_quoted(allowed)}")


@rule("CAT-REC-13", needs=any_field("ProductState"))
def product_state_values(rec: Record) -> Iterator[Hit]:
    """Distributors decide on ProductState whether a school can still order the product."""
    yield from _in_list(rec, "ProductState", PRODUCT_STATES)


@rule("CAT-REC-14", needs=any_field("IntendedEndUserRole"))
def end_user_role_values(rec: Record) -> Iterator[Hit]:
    """The role decides who is offered the product (pupil, teacher, administrator)."""
    yield from _in_list(rec, "IntendedEndUserRole", INTENDED_END_USER_ROLES)


@rule("CAT-REC-15", needs=any_field("Medium"))
def medium_values(rec: Record) -> Iterator[Hit]:
    """Medium separates books from digital material in ordering and delivery."""
    yield from _in_list(rec, "Medium", MEDIA)


_SECTOR_LISTS = (("Sectors", "Sector"), ("DEPSectors", "DEPSector"), ("CurriculumInfo", "Sector"))


def _sectors(rec: Record) -> Iterator[tuple[str, etree._Element, str]]:
    for container, item in _SECTOR_LISTS:
        for el, value in _texts(rec.items(container, item)):
            yield f"{container}/{item}", el, value


_A_SECTOR = Needs("a sector", lambda rec: any(True for _ in _sectors(rec)))


def _joined_sectors(value: str) -> bool:
    if "," not in value:
        return False
    return all(part.strip() in SECTORS for part in value.split(","))


@rule("CAT-REC-16", needs=_A_SECTOR)
def sector_values(rec: Record) -> Iterator[Hit]:
    """Sectors are the five Dutch education sectors; a joined list of them is CAT-REC-17's."""
    for path, el, value in _sectors(rec):
        if value not in SECTORS and not _joined_sectors(value):
            yield Hit(f"{path} '{shown(value)}' is not one of {_quoted(SECTORS)}", el)


@rule("CAT-REC-17", severity=Severity.WARNING, needs=_A_SECTOR)
def one_sector_per_element(rec: Record) -> Iterator[Hit]:
    """Live data holds 'VO, MBO'; a harvester filtering on one sector misses such a record."""
    for path, el, value in _sectors(rec):
        if _joined_sectors(value):
            yield Hit(f"{path} '{shown(value)}' joins several sectors in one element; give each its own element", el)


@rule("CAT-REC-18", severity=Severity.WARNING, families=("2.5",), needs=any_field("AggregationLevel"))
def aggregation_level_values(rec: Record) -> Iterator[Hit]:
    """Only 'Course' has been seen; another value may be valid, so this is a warning."""
    yield from _in_list(rec, "AggregationLevel", AGGREGATION_LEVELS)


# -- prices ------------------------------------------------------------------------------------

_CENTS = "a whole number of euro cents"  # Amount's unit (§3.2), which every price field shares

@rule("CAT-PRC-01", families=("2.1",))
def top_level_currency(rec: Record) -> Iterator[Hit]:
    """Before the Prices container, the record's Currency stood on its own and was mandatory."""
    el = rec.one("Currency")
    if el is None:
        yield Hit(f"Currency is missing; a version {rec.version} record carries it")
    elif not collapse(el.text):
        yield Hit("Currency is empty", el)


@rule("CAT-PRC-02")
def price_model_of_version(rec: Record) -> Iterator[Hit]:
    """Version 2.3 replaced the top-level price fields by Prices; a record uses its own version's model."""
    if rec.family == "2.1":
        for el in rec.all("Prices"):
            yield Hit(f"Prices exists from version 2.3; a version {rec.version} record uses Currency, "
                      "PriceVATHigh and PriceVATLow", el)
    else:
        for name in OLD_PRICE_FIELDS:
            for el in rec.all(name):
                yield Hit(f"{name} was replaced by the Prices container in version 2.3", el)


def _true(value: str | None) -> bool:
    return value in ("true", "1")


@rule("CAT-PRC-03", families=("2.3", "2.5"),
      needs=Needs("IsCatalogItem true", lambda rec: _true(rec.text("IsCatalogItem"))))
def catalog_item_prices(rec: Record) -> Iterator[Hit]:
    """An orderable catalogue item must say what it costs and in which currency."""
    if not _true(rec.text("IsCatalogItem")):
        return
    prices = rec.one("Prices")
    if prices is None:
        yield Hit("IsCatalogItem is true but the record has no Prices", rec.one("IsCatalogItem"))
        return
    currencies = [el for el in rec.sub(prices, "Currency") if collapse(el.text)]
    if len(currencies) != 1:
        yield Hit(f"Prices holds {len(currencies)} Currency values; a catalogue item needs exactly one", prices)
    if not rec.sub(prices, "Price"):
        yield Hit("Prices holds no Price; a catalogue item needs at least one", prices)


def _in_prices(rec: Record, name: str) -> Iterator[tuple[etree._Element, str]]:
    """Every `name` directly inside a Prices container, with its value."""
    for box in rec.all("Prices"):
        yield from _texts(rec.sub(box, name))


def _prices(rec: Record) -> Iterator[etree._Element]:
    for box in rec.all("Prices"):
        yield from rec.sub(box, "Price")


def _in_price(rec: Record, name: str) -> Iterator[tuple[etree._Element, str]]:
    """Every `name` inside a Price, with its value."""
    for price in _prices(rec):
        yield from _texts(rec.sub(price, name))


@rule("CAT-PRC-04", families=("2.3", "2.5"), needs=any_item("Prices", "Price"))
def price_parts(rec: Record) -> Iterator[Hit]:
    """A Price without its VAT rate (or amount) cannot be turned into what a school pays."""
    for price in _prices(rec):
        for part in ("Amount", "VAT"):
            count = len(rec.sub(price, part))
            if count != 1:
                yield Hit(f"Price holds {count} {part} elements; it needs exactly one", price)


@rule("CAT-PRC-05", families=("2.3", "2.5"), needs=any_item("Prices", "Price"))
def amount_in_cents(rec: Record) -> Iterator[Hit]:
    """Amounts are euro cents excluding VAT; '12.50' is a price in euros written in the wrong unit."""
    yield from _malformed("Price/Amount", _in_price(rec, "Amount"), is_whole_number, _CENTS)


@rule("CAT-PRC-06", families=("2.3", "2.5"), needs=any_item("Prices", "Price"))
def vat_percentage(rec: Record) -> Iterator[Hit]:
    """VAT is a rate such as 21.00 or 9.00, not an amount and not a fraction with a percent sign."""
    yield from _malformed("Price/VAT", _in_price(rec, "VAT"), is_percentage,
                          "a percentage between 0 and 100 (such as 21.00)")


@rule("CAT-PRC-07", families=("2.3", "2.5"), needs=any_item("Prices", "Consumerprice"))
def consumer_price_in_cents(rec: Record) -> Iterator[Hit]:
    """Live records write Consumerprice in whole cents, VAT included, beside the Amount without it."""
    yield from _malformed("Prices/Consumerprice", _in_prices(rec, "Consumerprice"), is_whole_number, _CENTS)


@rule("CAT-PRC-08", families=("2.1",), needs=any_field("PriceVATHigh", "PriceVATLow"))
def old_prices_in_cents(rec: Record) -> Iterator[Hit]:
    """The 2.2 example writes PriceVATHigh/PriceVATLow as whole numbers of cents, like the later Amount."""
    for name in ("PriceVATHigh", "PriceVATLow"):
        yield from _malformed(name, _values(rec, name), is_whole_number, _CENTS)


@rule("CAT-PRC-09", severity=Severity.WARNING, families=("2.3", "2.5"), needs=any_item("Prices", "Currency"))
def currency_is_euro(rec: Record) -> Iterator[Hit]:
    """Amount is defined in euro cents, so any other currency contradicts the amounts."""
    for el, value in _in_prices(rec, "Currency"):
        if value and value != "EUR":
            yield Hit(f"Prices/Currency '{shown(value)}' is not EUR, while Amount is defined in euro cents", el)


#: The rules of each family, worked out once all rules above are registered.
_BY_FAMILY = {family: tuple(r for r in RULES.values() if family in r.families) for family in ALL_FAMILIES}
