"""The candidate's `[edukoppeling]` table: the endpoint of one operation, the profile, OINs and certificates."""

from __future__ import annotations

import dataclasses
from pathlib import Path


from conformance.config import Section
from conformance.errors import ConfigError
from conformance.pki.oin import certificate_file_oin, parse_oin
from conformance.pki.trust import Trust
from conformance.xml import XmlRejected, parse_bytes

__all__ = ["PROFIELEN", "EdukoppelingSettings", "read_settings"]

PROFIELEN = ("2W-be", "2W-be-S")


@dataclasses.dataclass(frozen=True, kw_only=True)
class EdukoppelingSettings:
    """Everything the Edukoppeling scenario tests need to know about the candidate service.

    The tests speak one simple operation of the candidate (`action` with `verzoek` as the Body), as the
    suite's party: `client_cert`/`client_key` carry `van_oin`; `namens_oins` are OINs that party may name in
    wsa:From on behalf of others (the SaaS case). `test_pki` is a folder made by `conformance pki init`
    whose root the candidate trusts during the test, for the expired certificate. `ca_bundle` and `crl_files`
    are the trust the service's signatures are judged by.
    """

    endpoint: str
    profiel: str
    action: str
    verzoek: bytes
    oin: str
    ca_bundle: Path
    client_cert: Path
    client_key: Path
    van_oin: str
    namens_oins: tuple[str, ...]
    test_pki: Path | None
    timeout: float
    crl_files: tuple[Path, ...] = ()

    @property
    def signed(self) -> bool:
        return self.profiel == "2W-be-S"

    def trust(self) -> Trust:
        """The anchors and CRLs the service's signatures are judged by."""
        return Trust.from_files(self.ca_bundle, self.crl_files)


def read_settings(section: Section) -> EdukoppelingSettings:
    """Read `[edukoppeling]`; every problem is a ConfigError naming its field."""
    endpoint = section.url("endpoint")
    assert endpoint is not None
    if not endpoint.startswith("https://"):
        raise ConfigError("must be an https:// URL: Edukoppeling runs over two-sided TLS", field=f"{section.path}.endpoint")
    operatie = section.table("operatie")
    assert operatie is not None
    verzoek = (operatie.str("verzoek") or "").encode("utf-8")
    try:
        parse_bytes(verzoek)
    except XmlRejected as exc:
        raise ConfigError(f"must be one XML element (the request Body): {exc}", field=f"{operatie.path}.verzoek") from exc
    timeout = section.number("timeout", 10.0, minimum=0.1, maximum=120)
    test_pki_path = section.test_pki("test_pki")
    client_cert, client_key = section.key_pair("client_cert", "client_key")
    if client_cert is None:
        raise ConfigError("is required", field=f"{section.path}.client_cert")
    ca_bundle = section.pem_certificates("ca_bundle", required=True)
    assert ca_bundle is not None and client_key is not None  # required; key_pair gives both or neither
    settings = EdukoppelingSettings(
        endpoint=endpoint,
        profiel=section.choice("profiel", PROFIELEN),
        action=operatie.str("action") or "",
        verzoek=verzoek,
        oin=section.str("oin", check=parse_oin) or "",
        ca_bundle=ca_bundle,
        client_cert=client_cert,
        client_key=client_key,
        van_oin=_certificate_oin(section, client_cert),
        namens_oins=tuple(section.str_list("namens_oins", default=[], check=parse_oin)),
        test_pki=test_pki_path,
        timeout=timeout,
        crl_files=section.path_list("crl_files"),
    )
    try:
        settings.trust()
    except ValueError as exc:
        raise ConfigError(str(exc), field=f"{section.path}.crl_files") from None
    return settings


def _certificate_oin(section: Section, path: Path) -> str:
    try:
        return certificate_file_oin(path)
    except ValueError as exc:
        raise ConfigError(str(exc), field=f"{section.path}.client_cert") from None
