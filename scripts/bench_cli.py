"""Wall-clock time of `claimtrack compare` as a person runs it, start-up included, against a bare interpreter.

Usage: python scripts/bench_cli.py FILE[=OUTLET] FILE[=OUTLET] ... [--runs N]
Runs the installed `claimtrack compare` N times (default 7) with a table and with --json, and
`python -c pass` as the floor, and prints the median and worst seconds of each.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("articles", nargs="+")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    claimtrack = shutil.which("claimtrack") or f"{sys.prefix}/bin/claimtrack"
    cases = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "claimtrack compare (table)": [claimtrack, "compare", *args.articles],
        "claimtrack compare --json": [claimtrack, "compare", "--json", *args.articles],
    }
    print(f"{'command':32} {'median s':>9} {'worst s':>8}   ({args.runs} runs, {len(args.articles)} files)")
    for name, command in cases.items():
        times = timed(command, args.runs)
        print(f"{name:32} {statistics.median(times):9.3f} {max(times):8.3f}")


if __name__ == "__main__":
    main()
