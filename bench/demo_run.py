"""Benchmark: wall time of `conformance run --demo` (reference start, every UWLR test, reports).

Run: python bench/demo_run.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--demo", "--output", out],
                                  capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - t0)
            if done.returncode != 0:
                print(done.stdout[-2000:], done.stderr[-2000:])
                raise SystemExit(f"demo run ended with exit {done.returncode}")
    print(f"demo run: best {min(times):.1f} s, all {', '.join(f'{t:.1f}' for t in times)} s")


if __name__ == "__main__":
    main()
