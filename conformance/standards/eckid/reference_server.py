"""Start the reference NV on loopback HTTPS with mutual TLS, and describe it as a candidate's `[eckid]` table."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from conformance.pki import LoopbackPki
from conformance.pki.oin import oin_from_certificate
from conformance.standards._loopback import LoopbackReference
from conformance.standards.eckid.reference import (
    NvSettings,
    ReferenceNv,
    demo_settings,
)

__all__ = ["DEMO_HPGNS", "DEMO_SCHOOL_OIN", "RunningNv", "start_reference"]

#: hPGNs of the published vectors (eckid §3.1), so a demo run never has to run scrypt.
DEMO_HPGNS = ("9735dfd2235eaeb5f0300886bcc99c82ffc1d6420c4e0bde8de7218def2135fa",
              "0b870ff044775ef0360655c40d5b284b7e3ae2b72207a6894794d787eb019e60")

#: The school the demo calls the NV for (wsa:From); the suite's client certificate acts for it (the SaaS case).
DEMO_SCHOOL_OIN = "00000007999999990000"


class RunningNv(LoopbackReference[ReferenceNv]):
    """A started reference NV; `config` is the `[eckid]` table that points a run at it."""

    @property
    def config(self) -> dict[str, Any]:
        reference_settings = self.app.reference_settings
        chains, sectors = reference_settings.chains, reference_settings.sectors
        return {
            "endpoint": f"{self.base_url}/eck/ws/201703",
            "omgeving": reference_settings.omgeving,
            "oin": DEMO_SCHOOL_OIN,
            "profiel": reference_settings.profiel,
            "keten": chains[0].id, "andere_keten": chains[1].id,
            "sector": sectors[0].id, "andere_sector": sectors[1].id,
            "dagelijkse_batchlimiet": reference_settings.dagelijkse_batchlimiet,
            "batch_pollinterval": 0.25,
            "batch_pogingen": 40,
            "testdata": {"hpgns": list(DEMO_HPGNS)},
        }


def start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), *, port: int = 0,
                    reference_settings: NvSettings | None = None, profiel: str = "2W-be") -> RunningNv:
    """Serve the reference NV (with `defects`) on 127.0.0.1; only clients of the test PKI get in.

    The demo speaks the NV's published profile, 2W-be; in 2W-be-S it signs its answers with the loopback PKI's
    server key. The suite's client certificate may act for the demo school (`namens`), so its OIN in wsa:From is
    accepted; any other school's OIN is refused.
    """
    def build(pki: LoopbackPki) -> ReferenceNv:
        client_oin = oin_from_certificate(pki.test_pki["client"].load())
        assert client_oin is not None
        settings = dataclasses.replace(reference_settings or demo_settings(), profiel=profiel,
                                       namens={client_oin: (DEMO_SCHOOL_OIN,)})
        return ReferenceNv(settings, defects=defects, signing_cert=pki.server_cert, signing_key=pki.server_key,
                           trust=pki.trust())

    return RunningNv.start(state_dir, defects, build, port=port)
