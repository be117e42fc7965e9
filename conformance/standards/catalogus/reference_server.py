"""Start the reference catalogue on loopback HTTPS and describe it as a candidate's `[catalogus]` table."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

from conformance.edukoppeling.receiver import RELAXATIONS, Receiver, read_keypair
from conformance.pki import LoopbackPki
from conformance.standards._loopback import LoopbackReference
from conformance.standards.catalogus.generator import DEFAULT_SEED
from conformance.standards.catalogus.reference import READCATALOG_PATH, SRU_PATH, CatalogueReference

__all__ = ["DEMO_HARVEST_LIMIT", "DEMO_PROFIEL", "DEMO_SIZE", "DEMO_VERSIONS", "RunningCatalogue", "receiver",
           "start_reference", "tls_context"]

#: Products in the demo catalogue; the 2024 Edurep snapshot held about 20,830 records (eck-dt §3).
DEMO_SIZE = 20_000
#: Products a demo run harvests per face: a full 20,000-product harvest costs about 25 s per run on two cores
#: (bench/catalogus_harvest.py), so the demo harvests the first quarter; a candidate's default is the whole.
DEMO_HARVEST_LIMIT = 5_000
#: Kennisnet serves at most two versions at once (eck-dt §2.3); the reference serves the newest two families.
DEMO_VERSIONS = ("2.3", "2.5.2")
#: The demo's ReadCatalog profile. Whether ECK DT signs is UNCONFIRMED (candidates default to 2W-be); the demo
#: signs, so that the signature tests run. It costs little: each page of 100 is signed (parsed once more) by the
#: reference and verified by the harvester, about 2 s more for the demo's 5,000-product harvest on two cores.
DEMO_PROFIEL = "2W-be-S"


def tls_context(pki: LoopbackPki) -> ssl.SSLContext:
    """TLS 1.2 or later; a client certificate of the test PKI is asked for but not required, as the SRU face is
    plain HTTPS. A ReadCatalog caller that presents one has its OIN compared with wsa:From."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(pki.server_chain), str(pki.server_key))
    ctx.load_verify_locations(cafile=str(pki.ca_bundle))
    ctx.verify_mode = ssl.CERT_OPTIONAL
    return ctx


class RunningCatalogue(LoopbackReference[CatalogueReference]):
    """A started reference catalogue; `config` is the `[catalogus]` table that points a run at it."""

    @property
    def config(self) -> dict[str, Any]:
        return {
            "faces": ["sru", "readcatalog"],
            "versions": list(self.app.versions),
            "first_entry_base": self.app.base,
            "max_amount": self.app.max_amount,
            "page_size": 100,
            "harvest_limit": DEMO_HARVEST_LIMIT,
            "profiel": self.app.receiver.profiel,
            "client_cert": str(self.pki.client_chain),
            "client_key": str(self.pki.client_key),
            "endpoints": {"sru": f"{self.base_url}{SRU_PATH}",
                          "readcatalog": {v: f"{self.base_url}{READCATALOG_PATH}/{v}" for v in self.app.versions}},
        }


def receiver(pki: LoopbackPki, profiel: str, defects: list[str] | tuple[str, ...] = ()) -> Receiver:
    """The reference's receiving side: it signs with the server certificate; signature defects relax it."""
    key, certificate = read_keypair(pki.server_cert, pki.server_key)
    return Receiver(profiel=profiel, key=key, certificate=certificate,
                     relaxations=frozenset(defects) & RELAXATIONS, trust=pki.trust())


def start_reference(state_dir: Path, defects: list[str] | tuple[str, ...] = (), *, port: int = 0,
                    size: int = DEMO_SIZE, seed: int = DEFAULT_SEED, versions: tuple[str, ...] = DEMO_VERSIONS,
                    first_entry_base: int = 0, profiel: str = DEMO_PROFIEL) -> RunningCatalogue:
    """Serve the synthetic catalogue (with `defects`) on 127.0.0.1; certificates are made on first use.

    `first_entry_base` is the index of the first ReadCatalog entry: 0 or 1, UNCONFIRMED (eck-dt §3.1).
    `profiel` is the ReadCatalog face's Edukoppeling profile, 2W-be or 2W-be-S (signing is UNCONFIRMED for ECK DT).
    """
    return RunningCatalogue.start(
        state_dir, defects, lambda pki: CatalogueReference(seed=seed, size=size, versions=versions,
                                                           first_entry_base=first_entry_base, defects=defects,
                                                           receiver=receiver(pki, profiel, defects)),
        port=port, tls=tls_context, allow_get=True)
