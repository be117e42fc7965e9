"""Benchmark: wall time of `conformance run --demo` (reference start, every test of the five standards, reports),
one test at a time and spread over worker processes (`--jobs`).

Run: python bench/demo_run.py [--repeat 3] [--jobs 1 --jobs 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time

TARGET_S = 10.0


def wall_times(jobs: str, repeat: int) -> list[float]:
    """Wall time of each of `repeat` demo runs with `--jobs jobs`, in a fresh process each."""
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--demo", "--jobs", jobs,
                                   "--output", out], capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - t0)
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:])
                raise SystemExit(f"demo run with --jobs {jobs} ended with exit {done.returncode}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", action="append", default=[],
                        help="worker processes (a number or 'auto'); repeat it to compare; default: 1 and 2")
    args = parser.parse_args()
    for jobs in args.jobs or ["1", "2"]:
        times = wall_times(jobs, args.repeat)
        print(f"demo run --jobs {jobs}: best {min(times):.1f} s, all {', '.join(f'{t:.1f}' for t in times)} s "
              f"(target {TARGET_S:g} s)")


if __name__ == "__main__":
    main()
