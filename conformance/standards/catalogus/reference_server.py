"""Start the reference catalogue on loopback HTTPS and describe it as a candidate's `[catalogus]` table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conformance.pki import ensure_loopback_pki, server_ssl_context
from conformance.standards.catalogus.generator import DEFAULT_SEED
from conformance.standards.catalogus.reference import READCATALOG_PATH, SRU_PATH, CatalogueReference
from conformance.transport import LoopbackServer

__all__ = ["DEMO_HARVEST_LIMIT", "DEMO_SIZE", "DEMO_VERSIONS", "RunningCatalogue", "start_reference"]

#: Products in the demo catalogue; the 2024 Edurep snapshot held about 20,830 records (eck-dt §3).
DEMO_SIZE = 20_000
#: Products a demo run harvests per face: a full 20,000-product harvest costs about 25 s per run on two cores
#: (bench/catalogus_harvest.py), so the demo harvests the first quarter; a candidate's default is the whole.
DEMO_HARVEST_LIMIT = 5_000
#: Kennisnet serves at most two versions at once (eck-dt §2.3); the reference serves the newest two families.
DEMO_VERSIONS = ("2.3", "2.5.2")


class RunningCatalogue:
    """A started reference catalogue; `config` is the `[catalogus]` table that points a run at it."""

    def __init__(self, server: LoopbackServer, app: CatalogueReference) -> None:
        self.server = server
        self.app = app
        self.base_url = server.base_url

    @property
    def config(self) -> dict[str, Any]:
        return {
            "faces": ["sru", "readcatalog"],
            "versions": list(self.app.versions),
            "first_entry_base": self.app.base,
            "max_amount": self.app.max_amount,
            "page_size": 100,
            "harvest_limit": DEMO_HARVEST_LIMIT,
            "endpoints": {"sru": f"{self.base_url}{SRU_PATH}",
                          "readcatalog": {v: f"{self.base_url}{READCATALOG_PATH}/{v}" for v in self.app.versions}},
        }

    def stop(self) -> None:
        self.server.stop()


def start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), *, port: int = 0,
                    size: int = DEMO_SIZE, seed: int = DEFAULT_SEED, versions: tuple[str, ...] = DEMO_VERSIONS,
                    first_entry_base: int = 0) -> RunningCatalogue:
    """Serve the synthetic catalogue (with `defects`) on 127.0.0.1; certificates are made on first use.

    `first_entry_base` is the index of the first ReadCatalog entry: 0 or 1, UNCONFIRMED (eck-dt §3.1).
    """
    pki = ensure_loopback_pki(state_dir / "pki")
    app = CatalogueReference(seed=seed, size=size, versions=versions, first_entry_base=first_entry_base,
                             defects=defects)
    server = LoopbackServer(app, ssl_context=server_ssl_context(pki, require_client_cert=False), port=port,
                            allow_get=True)
    return RunningCatalogue(server.start(), app)
