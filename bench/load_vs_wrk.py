"""Benchmark: the load generator's request rate against the reference LAS beside wrk on the same endpoint and request.

Target (issue 17): at least 0.5x wrk's rate on this 2-core machine. The request is the start-of-school-year poll
(HaalLeerlinggegevens with laatstontvangengegevens: a small answer, so the generator rather than the answer's
size is measured). wrk is Debian's package (apt-get install -y wrk); without it the bench says so and stops.
Run: python bench/load_vs_wrk.py [--seconds 10] [--connections 10]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from conformance.config import load_config
from conformance.harness import demo_config, reference_endpoints
from conformance.load.mix import start_schooljaar
from conformance.load.runner import locust_available, run_locust
from conformance.load.settings import LoadSettings
from conformance.load.stats import read_stats
from conformance.standards import all_standards

_POLL = "uwlr HaalLeerlinggegevens laatstontvangengegevens"
_LUA = """wrk.method = "POST"
wrk.body = [==[{body}]==]
{headers}
"""


def _wrk(url: str, operation, seconds: int, connections: int, work: Path) -> float:  # type: ignore[no-untyped-def]
    headers = "\n".join(f'wrk.headers["{k}"] = [==[{v}]==]' for k, v in operation.headers.items())
    script = work / "post.lua"
    script.write_text(_LUA.format(body=operation.body, headers=headers), encoding="utf-8")
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
                         capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"wrk got {non2xx[1]} error answers: the request is not the one the generator sends\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    args = parser.parse_args()
    if shutil.which("wrk") is None or not locust_available():
        print("skipped: needs wrk (apt-get install -y wrk) and Locust (pip install -e '.[load]')")
        return
    with tempfile.TemporaryDirectory() as tmp, reference_endpoints(["uwlr"], []) as running:
        work = Path(tmp)
        candidate = load_config(demo_config(running, work / "c.toml"), known_standards=all_standards())
        poll = next(op for op in start_schooljaar(candidate, ["uwlr"]) if op.name == _POLL)
        only = [dataclasses.replace(poll, weight=1)]
        rows = [("wrk -t2", _wrk(poll.url, poll, args.seconds, args.connections, work))]
        for workers in (0, 2):
            settings = LoadSettings(duration_s=args.seconds, users=args.connections,
                                    spawn_rate=float(args.connections))
            stats = read_stats(run_locust(only, settings, candidate.tls, work / f"locust-{workers}",
                                          workers=workers))
            label = "conformance load (1 process)" if not workers else f"conformance load --workers {workers}"
            rows.append((label, stats.total.rps))
    wrk_rate = rows[0][1]
    print(f"{args.connections} connections/users, {args.seconds} s, {_POLL} against the reference LAS (loopback "
          f"HTTPS), Python {sys.version.split()[0]}")
    print("| generator | requests/s | vs wrk |\n|---|---:|---:|")
    for label, rate in rows:
        print(f"| {label} | {rate:.0f} | {rate / wrk_rate:.2f}x |")


if __name__ == "__main__":
    main()
