"""The candidate's `[catalogus]` table: which faces and record versions it serves, where, how it pages, and
the Edukoppeling profile of its ReadCatalog face with the certificate the suite calls it with."""

from __future__ import annotations

import dataclasses
from pathlib import Path


from conformance.config import Section
from conformance.edukoppeling.receiver import PROFIELEN, read_keypair
from conformance.errors import ConfigError
from conformance.pki.oin import certificate_file_oin
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
    #: The ReadCatalog face's Edukoppeling profile: 2W-be, or 2W-be-S (signing in ECK DT is UNCONFIRMED).
    profiel: str = "2W-be"
    #: The suite's party at ReadCatalog: the certificate it presents and signs with, and the OIN it carries,
    #: which is the sender in wsa:From. None only without the ReadCatalog face.
    client_cert: Path | None = None
    client_key: Path | None = None
    van_oin: str | None = None

    @property
    def newest(self) -> str:
        return self.versions[-1]

    @property
    def signed(self) -> bool:
        return "readcatalog" in self.faces and self.profiel == "2W-be-S"


def read_settings(section: Section) -> CatalogusSettings:
    """Read `[catalogus]`; every problem is a ConfigError naming its field."""
    faces = section.str_list("faces", allowed=FACES, empty="declare at least one face (sru, readcatalog)")
    versions = section.str_list("versions", allowed=VERSIONS, empty="declare at least one record version")
    endpoints = section.table("endpoints")
    assert endpoints is not None
    endpoints.allow("sru", "readcatalog")  # read for the faces declared
    sru = endpoints.url("sru") if "sru" in faces else None
    readcatalog: dict[str, str] = {}
    if "readcatalog" in faces:
        table = endpoints.table("readcatalog")
        assert table is not None
        table.allow(*VERSIONS)  # read for the versions declared
        for version in versions:
            url = table.url(version)
            assert url is not None
            readcatalog[version] = url
    profiel = section.choice("profiel", PROFIELEN, default="2W-be")
    client_cert, client_key = section.key_pair("client_cert", "client_key")
    if "readcatalog" in faces and client_cert is None:
        raise ConfigError("ReadCatalog speaks Edukoppeling: give the certificate (with chain) the suite presents "
                          "and signs with; its OIN is the sender in wsa:From", field="catalogus.client_cert")
    van_oin = None if client_cert is None else _certificate_oin(client_cert)
    if profiel == "2W-be-S" and client_cert is not None and client_key is not None:
        try:
            read_keypair(client_cert, client_key)
        except (ValueError, TypeError) as exc:
            raise ConfigError(f"2W-be-S signs every ReadCatalog request with this key: {exc}",
                              field="catalogus.client_key") from exc
    base = section.number("first_entry_base", 0, integer=True, minimum=0, maximum=1)
    max_amount = section.number("max_amount", 100, integer=True, minimum=1, maximum=100_000)
    page_size = section.number("page_size", 100, integer=True, minimum=2, maximum=100)
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
        harvest_limit=section.number("harvest_limit", 0, integer=True, minimum=0, maximum=10_000_000),
        query=section.str("query", "cql.allRecords=1") or "cql.allRecords=1",
        shown_per_rule=section.number("shown_per_rule", 5, integer=True, minimum=1, maximum=100),
        profiel=profiel,
        client_cert=client_cert,
        client_key=client_key,
        van_oin=van_oin,
    )


def _certificate_oin(path: Path) -> str:
    try:
        return certificate_file_oin(path)
    except ValueError as exc:
        raise ConfigError(str(exc), field="catalogus.client_cert") from None
