"""The catalogue record as the spec describes it: versions, namespaces, fields and observed value lists.

Kept apart from the rules so that a reader can check every fact against the spec (ECK DT digest §2-3)
in one place, and so that the XSDs in `wsdl/eck-dt/` and the rules are written from the same list.
"""

from __future__ import annotations

import re

__all__ = [
    "AGGREGATION_LEVELS",
    "BOOLEAN_FIELDS",
    "CATALOGSERVICE_NS",
    "DATETIME_FIELDS",
    "DATE_FIELDS",
    "FAMILIES",
    "INTENDED_END_USER_ROLES",
    "MEDIA",
    "OLD_PRICE_FIELDS",
    "PRODUCT_STATES",
    "REPEATABLE",
    "REQUIRED",
    "REQUIRED_CLASSIFICATION",
    "SECTORS",
    "SRU_NS",
    "URL_FIELDS",
    "VERSIONS",
    "Vocabulary",
    "family_of",
    "namespace_of",
    "version_of_namespace",
    "vocabulary",
]

#: `http://dt2.eck.nl/schema/catalogservice/v<version>` (§2.3, §3.1).
CATALOGSERVICE_NS = "http://dt2.eck.nl/schema/catalogservice/v"
_NS_VERSION = re.compile(r"^http://dt2\.eck\.nl/schema/catalogservice/v(\d+(?:\.\d+)*)$")
SRU_NS = "http://www.loc.gov/zing/srw/"

#: The record versions Kennisnet names as recordSchema values (§3.4), oldest first. The namespaces of 2.1.1,
#: 2.3 and 2.5.2 are confirmed; the others follow the namespace pattern (§2.3).
VERSIONS = ("2.1.1", "2.2", "2.3", "2.4", "2.5", "2.5.1", "2.5.2")

#: Versions that share one record model. 2.1: top-level Currency and PriceVATHigh/Low; 2.3: the Prices
#: container (§2.1, §3.2); 2.5: DEP* lists and CurriculumInfo in place of Sectors/Courses/... (§3.2).
FAMILIES = {"2.1.1": "2.1", "2.2": "2.1", "2.3": "2.3", "2.4": "2.3", "2.5": "2.5", "2.5.1": "2.5", "2.5.2": "2.5"}


def family_of(version: str) -> str:
    return FAMILIES[version]


def namespace_of(version: str) -> str:
    return f"{CATALOGSERVICE_NS}{version}"


def version_of_namespace(namespace: str | None) -> str | None:
    """The version a catalogservice namespace names (known or not), or None for any other namespace."""
    match = _NS_VERSION.match(namespace or "")
    return match.group(1) if match else None


# -- fields ------------------------------------------------------------------------------------

#: Element names of an entry (or of a container in it) → the vocabulary inside a container, None for a leaf.
Vocabulary = dict[str, "Vocabulary | None"]

#: Item element of each container, for the fields that are lists.
_CONTAINERS_ALL: Vocabulary = {
    "Authors": {"Author": None},
    "Environments": {"Platform": None, "Device": None, "Browser": None},
    "SubProducts": {"ProductId": None},
    "ProductUsages": {"ProductUsage": None},
    "ActivationBefore": {"ActivationBeforeDays": None},
    "AdditionalLicenseOptions": {"AdditionalLicenseOption": None},
}
_CLASSIFICATION_OLD: Vocabulary = {
    "Sectors": {"Sector": None},
    "Courses": {"Course": None},
    "Levels": {"Level": None},
    "Years": {"Year": None},
    "Subjects": {"Subject": None},
}
_CLASSIFICATION_25: Vocabulary = {
    "DEPSectors": {"DEPSector": None},
    "DEPCourses": {"DEPCourse": None},
    "DEPLevels": {"DEPLevel": None},
    "DEPYears": {"DEPYear": None},
    "DEPSubjects": {"DEPSubject": None},
    "CurriculumInfo": {"Sector": None, **{k: v for k, v in _CLASSIFICATION_OLD.items() if k != "Sectors"}},
}
_PRICES: Vocabulary = {
    "Prices": {"Currency": None, "Consumerprice": None, "Price": {"Amount": None, "VAT": None}},
}
#: Top-level price fields of 2.1.1/2.2, replaced by `Prices` in 2.3 (§2.1).
OLD_PRICE_FIELDS = ("Currency", "PriceVATHigh", "PriceVATLow")

_LEAVES_ALL = (
    "ProductId", "Publisher", "PublisherThumbnailLocation", "ProductThumbnailLocation", "ProductFamilyName",
    "Title", "Description", "ContentLocation", "AccessLocation", "FirstPublishedDate", "DeprecationDate",
    "SupportedUntilDate", "EndOfLifeDate", "LastRevisionDate", "FollowupProduct", "Edition", "Version",
    "ProductState", "InformationLocation", "IntendedEndUserRole", "Medium", "IsConsumptionProduct",
    "CurriculumInformationLocation", "SaleUnitSize", "Supplier", "SupplierThumbnailLocation",
    "PriceIsIndicative", "IsLicensed", "LicenseAvailabilityOptions", "LicenseStartDate", "LicenseEndDate",
    "LicenseDuration", "LicenseCount", "IsCatalogItem", "Copyright",
)
_LEAVES_25 = ("AggregationLevel", "IsSeparatelyAvailable", "LastModifiedDate")

_VOCABULARY: dict[str, Vocabulary] = {
    "2.1": {**dict.fromkeys(_LEAVES_ALL), **_CONTAINERS_ALL, **_CLASSIFICATION_OLD,
            **dict.fromkeys(OLD_PRICE_FIELDS)},
    "2.3": {**dict.fromkeys(_LEAVES_ALL), **_CONTAINERS_ALL, **_CLASSIFICATION_OLD, **_PRICES},
    "2.5": {**dict.fromkeys(_LEAVES_ALL + _LEAVES_25), **_CONTAINERS_ALL, **_CLASSIFICATION_25, **_PRICES},
}


def vocabulary(family: str) -> Vocabulary:
    """Entry children of a family: name → child vocabulary for containers, None for a leaf."""
    return _VOCABULARY[family]


#: Fields the mandatory-fields example and the live records always carry (§3.2, cardinality 1).
REQUIRED = ("ProductId", "Publisher", "PublisherThumbnailLocation", "Title", "IntendedEndUserRole", "Medium",
            "IsConsumptionProduct", "SaleUnitSize", "PriceIsIndicative", "IsLicensed")
#: Classification lists of cardinality 1..n up to 2.4 (§3.2), as (container, item).
REQUIRED_CLASSIFICATION = (("Sectors", "Sector"), ("Courses", "Course"), ("Levels", "Level"))
#: Entry children that may repeat; every other child occurs at most once (§3.2 cardinalities).
REPEATABLE = frozenset({"CurriculumInfo"})

URL_FIELDS = ("PublisherThumbnailLocation", "ProductThumbnailLocation", "ContentLocation", "AccessLocation",
              "InformationLocation", "CurriculumInformationLocation", "SupplierThumbnailLocation")
BOOLEAN_FIELDS = ("IsConsumptionProduct", "PriceIsIndicative", "IsLicensed", "IsCatalogItem",
                  "IsSeparatelyAvailable")
DATETIME_FIELDS = ("FirstPublishedDate", "DeprecationDate", "SupportedUntilDate", "EndOfLifeDate",
                   "LastRevisionDate", "LastModifiedDate")
DATE_FIELDS = ("LicenseStartDate", "LicenseEndDate")

# -- value lists observed in live data (§3.3) --------------------------------------------------

PRODUCT_STATES = ("Leverbaar", "Niet meer leverbaar", "Beperkt leverbaar", "Nog niet leverbaar",
                  "Tijdelijk niet leverbaar", "Zal niet verschijnen")
INTENDED_END_USER_ROLES = ("Onderwijsvolger", "Onderwijsgever", "Beheerder")
MEDIA = ("Web browser", "Boek", "Anders", "CD-ROM", "DVD", "Downloadable installer")
SECTORS = ("PO", "VO", "MBO", "HBO", "WO")
AGGREGATION_LEVELS = ("Course",)
