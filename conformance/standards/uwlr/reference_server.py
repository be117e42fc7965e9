"""Start the reference LAS on loopback HTTPS and describe it as a candidate's `[uwlr]` table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conformance.standards._loopback import LoopbackReference
from conformance.standards.uwlr.reference import LasData, ReferenceLas, demo_data

__all__ = ["RunningLas", "start_reference"]


class RunningLas(LoopbackReference[ReferenceLas]):
    """A started reference LAS; `config` is the `[uwlr]` table that points a run at it."""

    @property
    def config(self) -> dict[str, Any]:
        pupil_data = self.app.pupil_data
        school = pupil_data.school
        return {
            "versies": ["2.2", "2.3"],
            "operaties": ["HaalLeerlinggegevens", "HaalStructuur", "HaalLeerlingen", "HaalLeerkrachten",
                          "BrengLeerresultaten"],
            "eckid_omgeving": pupil_data.eckid_omgeving,
            "endpoints": {"leerlinggegevens": f"{self.base_url}/uwlr/leerlinggegevens",
                          "leerresultaten": f"{self.base_url}/uwlr/leerresultaten"},
            "autorisatie": {"klantnaam": pupil_data.klantnaam, "klantcode": pupil_data.klantcode,
                            "autorisatiesleutel": pupil_data.autorisatiesleutel},
            "profielen": {"smalle-set": "Smalle-set", "lvs-set": "LVS-set"},
            "testdata": {"brincode": school.brincode, "dependancecode": school.dependancecode,
                         "schoolkey": school.schoolkey, "schooljaar": school.schooljaar,
                         "niet_gedekte_brincode": pupil_data.andere_school.brincode,
                         "niet_gedekte_dependancecode": pupil_data.andere_school.dependancecode},
        }


def start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), *, port: int = 0,
                    pupil_data: LasData | None = None) -> RunningLas:
    """Serve the demo LAS (with `defects`; over `pupil_data`, the demo data by default) on 127.0.0.1; certificates
    are made on first use. No client certificate is asked for: UWLR authorises by the autorisatie header."""
    data = pupil_data or demo_data()
    return RunningLas.start(state_dir, defects, lambda pki: ReferenceLas(data, defects=defects), port=port,
                            client_cert=False)
