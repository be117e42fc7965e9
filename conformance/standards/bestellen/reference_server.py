"""Start the reference ordering/licence service on loopback HTTPS with mutual TLS, described as a `[bestellen]` table."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from conformance.errors import ConfigError
from conformance.pki import LoopbackPki
from conformance.pki.hierarchy import SUITE_OIN
from conformance.pki.oin import oin_from_certificate
from conformance.standards.bestellen.codec import OPERATIONS
from conformance.standards.bestellen.reference import ReferenceSettings, ReferenceOrderService, demo_settings
from conformance.standards.bestellen.schemas import SchemaPackage, message_schema
from conformance.standards._loopback import LoopbackReference
from conformance.xml import XsdSchema

__all__ = ["RunningOrderService", "start_reference"]


class RunningOrderService(LoopbackReference[ReferenceOrderService]):
    """A started reference; `config` is the `[bestellen]` table that points a run at it."""

    @property
    def config(self) -> dict[str, Any]:
        reference_settings = self.app.reference_settings
        own_schools = sorted(reference_settings.scholen[SUITE_OIN])
        other_schools = sorted(s for oin, scholen in reference_settings.scholen.items() if oin != SUITE_OIN
                               for s in scholen)
        return {
            "endpoints": {"orders": f"{self.base_url}/bestellen/orders",
                          "licenties": f"{self.base_url}/bestellen/licenties"},
            "oin": SUITE_OIN,
            "profiel": self.app.receiver.profiel,
            "leverancier_oin": reference_settings.oin,
            "operaties": list(OPERATIONS),
            "eckid_omgeving": "pilot",
            "startdatum_marge_dagen": reference_settings.startdatum_marge_dagen,
            "testdata": {"scholen": own_schools, "andere_school": other_schools[0],
                         "producten": sorted(reference_settings.producten), "onbekend_product": "9789999999991"},
        }


def start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), *, port: int = 0,
                    reference_settings: ReferenceSettings | None = None, profiel: str = "2W-be-S",
                    schema_pack: SchemaPackage | None = None) -> RunningOrderService:
    """Serve the reference (with `defects`) on 127.0.0.1; its orders live in `state_dir`/bestellen and survive a restart.

    In the demo it speaks 2W-be-S, so the whole Edukoppeling profile runs on a business service; it signs with the
    loopback PKI's server key, and its OIN (wsa:From of answers, `leverancier_oin`) is that certificate's.
    With `schema_pack` (a pack for bestellen, checked by the harness's `load_pack`) it judges requests by the
    pack's XSD, not ours.
    """
    schema = _pack_schema(schema_pack)

    def build(pki: LoopbackPki) -> ReferenceOrderService:
        server_oin = oin_from_certificate(pki.test_pki["server"].load())
        assert server_oin is not None
        return ReferenceOrderService(state_dir / "bestellen" / "bestellingen.sqlite3",
                                     dataclasses.replace(reference_settings or demo_settings(), oin=server_oin),
                                     profiel=profiel, signing_cert=pki.server_cert, signing_key=pki.server_key,
                                     schema=schema, defects=defects, trust=pki.trust())

    return RunningOrderService.start(state_dir, defects, build, port=port)


def _pack_schema(pack: SchemaPackage | None) -> XsdSchema | None:
    if pack is None:
        return None
    if pack.standard != "bestellen":
        raise ConfigError(f"the pack is for {pack.standard}, not for bestellen", field="schemas.pack")
    return message_schema(pack)[0]
