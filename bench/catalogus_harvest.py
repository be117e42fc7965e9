"""Benchmark: harvest and validate a 100,000-product catalogue from the reference, page by page, in bounded memory.

The reference runs in a child process (so its page rendering neither shares our interpreter lock nor counts
towards our memory); this process harvests through `CatalogueClient` exactly as the scenario tests do.
Reported per face: end-to-end throughput and peak resident memory of the harvester, and per page the time of
fetching, of bare lxml parsing and of streaming through every record rule.
Target (issue 5): peak memory of the harvester below 200 MB.
Run: python bench/catalogus_harvest.py [--products 100000] [--faces sru readcatalog]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

from lxml import etree

from conformance.config import Section
from conformance.pki import ensure_loopback_pki
from conformance.standards.catalogus.client import CatalogueClient, FindingTally
from conformance.standards.catalogus.reference_server import start_reference
from conformance.standards.catalogus.settings import CatalogusSettings, read_settings
from conformance.transport import HttpClient, TlsSettings

TARGET_MB = 200


def _serve(state: Path, products: int, queue: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    running = start_reference(state, [], size=products)
    queue.put(running.config)
    stop.wait()
    running.stop()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settings(config: dict, state: Path) -> CatalogusSettings:  # type: ignore[type-arg]
    """The reference's own `[catalogus]` table (its profile and the suite's certificate), harvesting everything."""
    return read_settings(Section(dict(config, page_size=100, harvest_limit=0), "catalogus", state))


def _page_costs(client: CatalogueClient, face: str, version: str, pages: int) -> tuple[float, float, float]:
    """Seconds spent fetching, bare-parsing and rule-validating `pages` pages (each page handled and dropped)."""
    fetch = parse = validate = 0.0
    for n in range(pages):
        t0 = time.perf_counter()
        if face == "sru":
            exchange = client.sru(start=1 + n * 100, maximum=100, schema=f"eckcs{version}", quiet=True, label="bench")
        else:
            exchange = client.read_catalog(version, n * 100, 100, quiet=True, label="bench")
        t1 = time.perf_counter()
        etree.fromstring(exchange.response_body, etree.XMLParser(resolve_entities=False, no_network=True))
        t2 = time.perf_counter()
        client.page(exchange, FindingTally(5))
        t3 = time.perf_counter()
        fetch, parse, validate = fetch + t1 - t0, parse + t2 - t1, validate + t3 - t2
    return fetch, parse, validate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--faces", nargs="+", default=["sru", "readcatalog"], choices=["sru", "readcatalog"])
    parser.add_argument("--sample-pages", type=int, default=100, help="pages timed one by one (fetch/parse/rules)")
    args = parser.parse_args()
    state = Path(tempfile.mkdtemp(prefix="catalogus-bench-"))
    pki = ensure_loopback_pki(state / "pki")
    ctx = multiprocessing.get_context("spawn")
    queue, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(state, args.products, queue, stop), daemon=True)
    server.start()
    try:
        config = queue.get(timeout=60)
        settings = _settings(config, state)
        version = settings.newest
        tls = TlsSettings(ca_bundle=pki.ca_bundle, client_cert=pki.client_chain, client_key=pki.client_key)
        with HttpClient(tls=tls) as http, HttpClient(tls=tls) as quiet:
            client = CatalogueClient(http, quiet, settings, pki.trust())
            print(f"catalogue: {args.products} products, record version {version}, pages of 100")
            print(f"peak RSS before harvesting: {_peak_mb():.0f} MB")
            for face in args.faces:
                tally = FindingTally(5)
                t0 = time.perf_counter()
                harvest = (client.harvest_sru(version, tally) if face == "sru"
                           else client.harvest_readcatalog(version, tally))
                elapsed = time.perf_counter() - t0
                count = len(harvest.product_ids)
                ok = count == args.products and not harvest.duplicates() and not harvest.broken
                print(f"{face:12s} harvest+validate {count} records in {harvest.pages} pages: {elapsed:6.1f} s, "
                      f"{count / elapsed:7.0f} records/s, findings {sum(tally.counts.values())}, "
                      f"complete {'yes' if ok else 'NO'}, peak RSS {_peak_mb():.0f} MB")
                fetch, parse, validate = _page_costs(client, face, version, args.sample_pages)
                per = 1000 / args.sample_pages
                print(f"{'':12s} per page of 100: fetch {fetch * per:5.1f} ms, bare lxml parse {parse * per:5.1f} ms, "
                      f"stream through every rule {validate * per:5.1f} ms ({validate / parse:.1f}x bare parse)")
        peak = _peak_mb()
        print(f"peak RSS of the harvester: {peak:.0f} MB (target < {TARGET_MB} MB): "
              f"{'OK' if peak < TARGET_MB else 'OVER TARGET'}")
    finally:
        stop.set()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
