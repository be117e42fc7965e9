"""Benchmark: a whole UWLR run against each hostile candidate at full size, with the suite's default bounds.

Target (issue 19): every mode ends with a report and a verdict, a peak RSS under 300 MB, and a candidate that never
answers within 2 minutes. The run is `conformance run --config FILE --standard uwlr` in a child process (its peak
RSS is the child's own); the hostile server runs in this process. The modes' outcomes and time bounds at short
settings are project tests (tests/hostile/); this measures memory at the real sizes, which no unit test should.
Run: python bench/hostile_memory.py [--mode gzip-bomb --mode huge ...] [--all] [--bomb-mb 1024]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the hostile server lives with the tests

from tests.hostile.server import MODES, Canary, HostileServer  # noqa: E402
from tests.hostile.test_hostile_matrix import hostile_config  # noqa: E402

#: the modes whose size, not time, is the danger; --all adds the slow ones (minutes at the default deadlines)
BIG_MODES = ("gzip-bomb", "huge", "endless", "deep", "billion-laughs")
MAX_RSS_MB = 300
#: a candidate that never answers: the whole run within two minutes
SILENT_BOUND_S = 120


def _measure(mode: str, work: Path, state_dir: Path, bomb_mb: int) -> dict[str, object]:
    canary = Canary(work)
    try:
        with HostileServer(mode, state_dir=state_dir, canary=canary, bomb_mb=bomb_mb, huge_mb=300).running() as server:
            config = hostile_config(work, server, limits={})
            out = work / "out"
            t0 = time.perf_counter()
            child = subprocess.Popen([sys.executable, "-m", "conformance", "run", "--config", str(config),
                                      "--standard", "uwlr", "--output", str(out)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "CONFORMANCE_STATE_DIR": str(state_dir)})
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - t0
    finally:
        canary.close()
    results = out / "results.json"
    return {"mode": mode, "exit": os.waitstatus_to_exitcode(status), "wall_s": round(wall, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024), "report": (out / "report.html").is_file(),
            "verdict": json.loads(results.read_text(encoding="utf-8"))["verdict"] if results.is_file() else None,
            "canary_hits": canary.hits}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", action="append", choices=sorted(MODES), help="repeatable; default: the big ones")
    parser.add_argument("--all", action="store_true", help="every mode (the slow ones take minutes each)")
    parser.add_argument("--bomb-mb", type=int, default=1024, help="what the gzip bomb inflates to")
    args = parser.parse_args()
    modes = sorted(MODES) if args.all else (args.mode or list(BIG_MODES))
    broken = []
    with tempfile.TemporaryDirectory(prefix="hostile-bench-") as tmp:
        state_dir = Path(tmp) / "state"
        for mode in modes:
            work = Path(tmp) / mode
            work.mkdir()
            row = _measure(mode, work, state_dir, args.bomb_mb)
            print(json.dumps(row), flush=True)
            if (row["exit"] not in (1, 3) or not row["report"] or row["canary_hits"]
                    or int(row["peak_rss_mb"]) >= MAX_RSS_MB  # type: ignore[call-overload]
                    or (mode == "silent" and float(row["wall_s"]) > SILENT_BOUND_S)):  # type: ignore[arg-type]
                broken.append(mode)
    if broken:
        raise SystemExit(f"out of bounds: {', '.join(broken)}")
    print(f"every mode ended with a report, under {MAX_RSS_MB} MB")


if __name__ == "__main__":
    main()
