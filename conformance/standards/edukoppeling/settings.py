"""The candidate's `[edukoppeling]` table: the endpoint of one operation, the profile, OINs and certificates."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cryptography import x509

from conformance.config import Section
from conformance.errors import ConfigError
from conformance.pki.oin import oin_from_certificate, parse_oin
from conformance.xml import XmlRejected, parse_bytes

__all__ = ["PROFIELEN", "EdukoppelingSettings", "read_settings"]

PROFIELEN = ("2W-be", "2W-be-S")


@dataclasses.dataclass(frozen=True, kw_only=True)
class EdukoppelingSettings:
    """Everything the Edukoppeling scenario tests need to know about the candidate service.

    The tests speak one simple operation of the candidate (`action` with `verzoek` as the Body), as the
    suite's party: `client_cert`/`client_key` carry `van_oin`; `namens_oins` are OINs that party may name in
    wsa:From on behalf of others (the SaaS case). `test_pki` is a folder made by `conformance pki init`
    whose root the candidate trusts during the test, for the expired certificate.
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

    @property
    def ondertekend(self) -> bool:
        return self.profiel == "2W-be-S"


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
    timeout = section.data.get("timeout", 10)
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or not 0 < timeout <= 120:
        raise ConfigError(f"must be a number of seconds between 0 and 120, found {timeout!r}",
                          field=f"{section.path}.timeout")
    test_pki = section.str("test_pki", required=False)
    test_pki_path = None
    if test_pki is not None:
        test_pki_path = Path(test_pki) if Path(test_pki).is_absolute() else section.base_dir / test_pki
        if not (test_pki_path / "ca-bundle.pem").is_file():
            raise ConfigError(f"{test_pki_path} is not a folder made by 'conformance pki init'",
                              field=f"{section.path}.test_pki")
    paths = {key: section.path_value(key, required=True) for key in ("ca_bundle", "client_cert", "client_key")}
    return EdukoppelingSettings(
        endpoint=endpoint,
        profiel=section.choice("profiel", PROFIELEN),
        action=operatie.str("action") or "",
        verzoek=verzoek,
        oin=_oin(section, "oin"),
        ca_bundle=paths["ca_bundle"],  # type: ignore[arg-type]
        client_cert=paths["client_cert"],  # type: ignore[arg-type]
        client_key=paths["client_key"],  # type: ignore[arg-type]
        van_oin=_certificate_oin(section, paths["client_cert"]),  # type: ignore[arg-type]
        namens_oins=tuple(_oin_value(section, "namens_oins", value)
                          for value in section.str_list("namens_oins", default=[])),
        test_pki=test_pki_path,
        timeout=float(timeout),
    )


def _certificate_oin(section: Section, path: Path) -> str:
    """The OIN our client certificate carries: the sender we claim to be in wsa:From."""
    try:
        certificate = x509.load_pem_x509_certificates(path.read_bytes())[0]
    except ValueError as exc:
        raise ConfigError(f"{path} is not a PEM certificate: {exc}", field=f"{section.path}.client_cert") from exc
    oin = oin_from_certificate(certificate)
    if oin is None:
        raise ConfigError("the certificate has no OIN in Subject.serialNumber", field=f"{section.path}.client_cert")
    return _oin_value(section, "client_cert", oin)


def _oin(section: Section, key: str) -> str:
    return _oin_value(section, key, section.str(key) or "")


def _oin_value(section: Section, key: str, value: str) -> str:
    try:
        parse_oin(value)
    except ValueError as exc:
        raise ConfigError(str(exc), field=f"{section.path}.{key}") from exc
    return value
