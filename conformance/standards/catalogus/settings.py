"""The candidate's `[catalogus]` table: which faces and record versions it serves, where, and how it pages."""

from __future__ import annotations

import dataclasses

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.standards.catalogus._model import VERSIONS

__all__ = ["FACES", "CatalogusSettings", "read_settings"]

FACES = ("sru", "readcatalog")


@dataclasses.dataclass(frozen=True, kw_only=True)
class CatalogusSettings:
    """Everything the catalogue scenario tests need to know about the candidate."""

    faces: frozenset[str]
    versions: tuple[str, ...]  # oldest first
    sru: str | None
    readcatalog: dict[str, str]  # record version -> ReadCatalog endpoint
    first_entry_base: int  # index of the first ReadCatalog entry: 0 or 1 (UNCONFIRMED, eck-dt §3.1)
    page_size: int  # the Amount / maximumRecords a harvest asks for
    max_amount: int  # the largest Amount the candidate serves
    harvest_limit: int  # products per harvest; 0 = the whole catalogue
    query: str  # the CQL that selects the whole catalogue
    shown_per_rule: int  # findings shown per requirement; the rest are counted

    @property
    def newest(self) -> str:
        return self.versions[-1]


def read_settings(section: Section) -> CatalogusSettings:
    """Read `[catalogus]`; every problem is a ConfigError naming its field."""
    faces = section.str_list("faces", allowed=FACES)
    if not faces:
        raise ConfigError("declare at least one face (sru, readcatalog)", field="catalogus.faces")
    versions = section.str_list("versions", allowed=VERSIONS)
    if not versions:
        raise ConfigError("declare at least one record version", field="catalogus.versions")
    endpoints = section.table("endpoints")
    assert endpoints is not None
    sru = endpoints.url("sru") if "sru" in faces else None
    readcatalog: dict[str, str] = {}
    if "readcatalog" in faces:
        table = endpoints.table("readcatalog")
        assert table is not None
        for version in versions:
            url = table.url(version)
            assert url is not None
            readcatalog[version] = url
    base = _whole(section, "first_entry_base", 0, 0, 1)
    max_amount = _whole(section, "max_amount", 100, 1, 100_000)
    page_size = _whole(section, "page_size", 100, 2, 100)
    if "readcatalog" in faces and page_size > max_amount:
        raise ConfigError(f"must not exceed max_amount ({max_amount})", field="catalogus.page_size")
    return CatalogusSettings(
        faces=frozenset(faces),
        versions=tuple(sorted(versions, key=VERSIONS.index)),
        sru=sru,
        readcatalog=readcatalog,
        first_entry_base=base,
        page_size=page_size,
        max_amount=max_amount,
        harvest_limit=_whole(section, "harvest_limit", 0, 0, 10_000_000),
        query=section.str("query", "cql.allRecords=1") or "cql.allRecords=1",
        shown_per_rule=_whole(section, "shown_per_rule", 5, 1, 100),
    )


def _whole(section: Section, key: str, default: int, low: int, high: int) -> int:
    value = section.data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"must be a whole number from {low} to {high}, found {value!r}",
                          field=f"catalogus.{key}")
    return value
