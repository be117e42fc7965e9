"""Start the reference LAS on loopback HTTPS and describe it as a candidate's `[uwlr]` table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conformance.pki import ensure_loopback_pki, server_ssl_context
from conformance.standards.uwlr.reference import LasData, ReferenceLas, demo_data
from conformance.standards._flaws import flawed_server
from conformance.transport import LoopbackServer

__all__ = ["RunningLas", "start_reference"]


class RunningLas:
    """A started reference LAS; `config` is the `[uwlr]` table that points a run at it."""

    def __init__(self, server: LoopbackServer, pupil_data: LasData) -> None:
        self.server = server
        self.pupil_data = pupil_data
        self.base_url = server.base_url

    @property
    def config(self) -> dict[str, Any]:
        school = self.pupil_data.school
        return {
            "versies": ["2.2", "2.3"],
            "operaties": ["HaalLeerlinggegevens", "HaalStructuur", "HaalLeerlingen", "HaalLeerkrachten",
                          "BrengLeerresultaten"],
            "eckid_omgeving": self.pupil_data.eckid_omgeving,
            "endpoints": {"leerlinggegevens": f"{self.base_url}/uwlr/leerlinggegevens",
                          "leerresultaten": f"{self.base_url}/uwlr/leerresultaten"},
            "autorisatie": {"klantnaam": self.pupil_data.klantnaam, "klantcode": self.pupil_data.klantcode,
                            "autorisatiesleutel": self.pupil_data.autorisatiesleutel},
            "profielen": {"smalle-set": "Smalle-set", "lvs-set": "LVS-set"},
            "testdata": {"brincode": school.brincode, "dependancecode": school.dependancecode,
                         "schoolkey": school.schoolkey, "schooljaar": school.schooljaar,
                         "niet_gedekte_brincode": self.pupil_data.andere_school.brincode,
                         "niet_gedekte_dependancecode": self.pupil_data.andere_school.dependancecode},
        }

    def stop(self) -> None:
        self.server.stop()


def start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), *, port: int = 0,
                    pupil_data: LasData | None = None) -> RunningLas:
    """Serve the demo LAS (with `defects`; over `pupil_data`, the demo data by default) on 127.0.0.1; certificates
    are made on first use."""
    pki = ensure_loopback_pki(state_dir / "pki")
    pupil_data = pupil_data or demo_data()
    app = ReferenceLas(pupil_data, defects=defects)
    server = flawed_server(app, ssl_context=server_ssl_context(pki, require_client_cert=False), defects=defects, port=port)
    return RunningLas(server.start(), pupil_data)
