"""`POST /v1/check` throughput under load, as a ratio to a hello-world Litestar POST served the same way.

    python scripts/bench_check_load.py POLNEAR_TRAIN.jsonl [--statements 100000] [--rounds 3] [--duration 20]
        [--connections 16] [--redis URL] [--floor] [--profile OUT.txt]

Both apps run under `claimtrack serve`'s uvicorn with its flags, one worker each: the service
(`service.app:create_app`) on a corpus of `--statements` statements (the store's bulk path, as
`bench_check.py` fills it), and `hello_app.py`, whose one POST route reads the same body and returns a small
JSON. The service runs with the settings it ships with, except that rate limiting is off
(`CLAIMTRACK_RATE_LIMIT_PER_MINUTE=0`) so that wrk is never refused; no API keys are configured, and
`/v1/check` is a `lookup` endpoint, open by default even with keys. wrk (`--connections` connections, one
thread, which leaves the cores to the servers) posts the same bodies to both: a mix of exact, truncated,
altered and unknown quotes (`benchlib.check_queries`), each a different one until the list comes round.
The two are loaded in turn, `--rounds` times each, and the script prints each run's requests/s and the
server's CPU ms per request, then the median ratio of the service's requests/s to the baseline's. Any
answer other than 200 stops it.

`--floor` also loads, in each round, two of the service's own routes that do no matching: `GET /healthz`
(the middleware and framework alone) and `GET /readyz` (the same and one Redis round trip, a PING), and
prints their median ratios to the baseline too: the most the check's ratio could reach without its work.

`--profile OUT.txt` then loads the service once more under `py-spy record --gil` on its worker (samples of
the thread holding the interpreter: what a one-worker server is bound by) and writes the collapsed stacks to
OUT.txt, printing the functions with the largest share of samples, with and without what they call.
By default a private redis-server is started (`--redis URL` uses a running one instead).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from benchlib import (
    check_queries,
    load_statements,
    redis_under_test,
    server,
    server_cpu_seconds,
    server_worker_pid,
    synthesize,
    wordings,
)
from tests.live_server import live_server

SCRIPTS = Path(__file__).resolve().parent
HELLO = (sys.executable, str(SCRIPTS / "hello_app.py"))

# wrk reads the bodies (one JSON document a line) and posts them in turn from the given offset: a run goes on
# where the previous one to the same server stopped, so no quote comes back before the list comes round.
WRK_SCRIPT = """
local requests = {}
local n = 0
function init(args)
  for line in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format("POST", "/v1/check", {["Content-Type"] = "application/json"}, line)
  end
  n = tonumber(args[2]) % #requests
end
function request()
  n = n % #requests + 1
  return requests[n]
end
"""


_POSTED: Counter[str] = Counter()


def wrk(
    base: str, script: Path, bodies: Path, *, duration: int, connections: int, path: str = ""
) -> dict[str, float]:
    """One wrk run: requests/s, median latency, and how many answers were not 2xx/3xx or failed at the
    socket. Each run to a server starts with the body after the last one the previous run posted to it.
    With a `path`, a plain GET of it instead."""
    posted = ["-s", str(script), base, "--", str(bodies), str(_POSTED[base])] if not path else [base + path]
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", *posted],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    sent = re.search(r"(\d+) requests in", out)
    if rate is None or sent is None:
        raise SystemExit(f"wrk printed no rate:\n{out}")
    if not path:
        _POSTED[base] += int(sent.group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "rps": float(rate.group(1)),
        "p50_ms": round(float(p50.group(1)) * scale[p50.group(2)], 2) if p50 else float("nan"),
        "not_ok": int(bad.group(1)) if bad else 0,
        "socket_errors": sum(int(g) for g in errors.groups()) if errors else 0,
    }


def measured(base: str, cpu: float, run: dict[str, float], duration: int) -> dict[str, float]:
    """The run with the server's CPU ms per request (CPU used during the run over requests answered)."""
    if run["not_ok"] or run["socket_errors"]:
        raise SystemExit(f"{base}: {run['not_ok']} answers not 2xx/3xx, {run['socket_errors']} socket errors")
    return {**run, "cpu_ms_per_request": round(1000 * cpu / (run["rps"] * duration), 3)}


def top_functions(collapsed: Path, n: int = 25) -> dict[str, list[tuple[str, float]]]:
    """From py-spy's collapsed stacks: the functions with the largest share of samples, counting the samples
    where they run themselves (`self`) and those where they are anywhere on the stack (`total`)."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        weight = int(count)
        samples += weight
        own[frames[-1]] += weight
        for frame in set(frames):
            total[frame] += weight
    return {
        kind: [(name, round(100 * c / samples, 1)) for name, c in counter.most_common(n)]
        for kind, counter in (("self", own), ("total", total))
    }


def profile(
    base: str, worker: int, script: Path, bodies: Path, out: Path, duration: int, connections: int
) -> None:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    spy = subprocess.Popen(
        [py_spy, "record", "--pid", str(worker), "--duration", str(duration), "--rate", "250", "--gil",
         "--format", "raw", "--output", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wrk(base, script, bodies, duration=duration, connections=connections)
    finally:
        spy.wait()
    print(f"profile: {out}")
    for kind, found in top_functions(out).items():
        print(f"  share of samples, {kind}:")
        for name, share in found:
            print(f"  {share:5.1f}%  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--bodies", type=int, default=50_000, help="distinct check bodies, posted in turn")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--redis", help="a running Redis to use, e.g. redis://127.0.0.1:6379/0")
    parser.add_argument("--profile", type=Path, help="also profile the service under load into this file")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also load the service's GET /healthz (no Redis) and GET /readyz (one Redis round trip)",
    )
    args = parser.parse_args()

    rng = random.Random(7)
    quotes = wordings(args.corpus)
    statements = synthesize(quotes, args.statements, rng)
    asked = check_queries(statements, quotes, args.bodies, rng)
    with tempfile.TemporaryDirectory(prefix="ct-wrk-") as directory:
        script, bodies = Path(directory) / "check.lua", Path(directory) / "bodies.jsonl"
        script.write_text(WRK_SCRIPT)
        bodies.write_text("".join(json.dumps({"quote": q}) + "\n" for q in asked))
        store_context = redis_under_test(args.redis) if args.redis else redis_under_test("", own=True)
        with (
            store_context as store,
            server(store) as (service, prefix),
            live_server(command=HELLO) as baseline,
        ):
            hello = baseline.base_url
            cpu = {hello: baseline.cpu_seconds, service: lambda: server_cpu_seconds(service)}
            seconds = load_statements(store.url, prefix, statements)
            print(json.dumps({"statements": len(statements), "load_s": round(seconds, 1)}), flush=True)
            for base in (hello, service):  # warm-up: caches, connections, the first GC generations
                wrk(base, script, bodies, duration=3, connections=args.connections)
            loads = [("hello", hello, ""), ("check", service, "")]
            if args.floor:
                loads += [("healthz", service, "/healthz"), ("readyz", service, "/readyz")]
            runs: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in loads}
            for round_ in range(args.rounds):
                for name, base, path in loads:
                    before = cpu[base]()
                    run = wrk(
                        base, script, bodies, duration=args.duration, connections=args.connections, path=path
                    )
                    runs[name].append(measured(base, cpu[base]() - before, run, args.duration))
                    print(json.dumps({"round": round_ + 1, "app": name, **runs[name][-1]}), flush=True)
            ratios = [c["rps"] / h["rps"] for h, c in zip(runs["hello"], runs["check"], strict=True)]
            floors = {
                f"{name}_ratio_median": round(
                    statistics.median(
                        f["rps"] / h["rps"] for h, f in zip(runs["hello"], runs[name], strict=True)
                    ),
                    3,
                )
                for name, _, path in loads
                if path
            }
            print(
                json.dumps(
                    {
                        "hello_rps_median": statistics.median(r["rps"] for r in runs["hello"]),
                        "check_rps_median": statistics.median(r["rps"] for r in runs["check"]),
                        "ratios": [round(r, 3) for r in ratios],
                        "ratio_median": round(statistics.median(ratios), 3),
                        "check_cpu_ms_median": statistics.median(
                            r["cpu_ms_per_request"] for r in runs["check"]
                        ),
                        "hello_cpu_ms_median": statistics.median(
                            r["cpu_ms_per_request"] for r in runs["hello"]
                        ),
                        **floors,
                    }
                ),
                flush=True,
            )
            if args.profile:
                profile(
                    service,
                    server_worker_pid(service),
                    script,
                    bodies,
                    args.profile,
                    args.duration,
                    args.connections,
                )


if __name__ == "__main__":
    main()
