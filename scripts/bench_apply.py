"""The store's step script (`service/store/apply.lua`) beside another version of it, on the same calls.

Usage: python scripts/bench_apply.py ARTICLES_JSONL [ARTICLES_JSONL ...] --baseline REV_OR_PATH
                                    [--warm 600] [--articles 100] [--runs 5] [--callgrind]

Articles are extracted first. The first `--warm` are ingested through `Corpus.ingest` into a private
redis-server, whose data is then saved; the next `--articles` are ingested while every call of the step
script is recorded (its keys and arguments: the writes of those articles, steps, intents and finishes).
Then, `--runs` times and in turn, each version of the script replays the recorded calls, one after
another, on the server restarted from the saved data, and the script's Redis time per article is read from
`INFO commandstats` (evalsha usec): the median of each and their ratio are printed. Both versions must read
the same operations (the baseline is the script at a git revision or a file). It also prints how many KB
of keys and arguments per article each kind of step sends the script. The stored state each
version leaves is compared too (every key's value; sorted-set members without their scores, which hold
the time of the replay), so a faster script that writes something else is caught.

`--callgrind` also replays each version once under `valgrind --tool=callgrind` and prints the instructions
Redis spent in the script calls per article: a count that does not move with the load of the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis
from bench_store import drafts
from redis.asyncio import Redis

from benchlib import redis_under_callgrind
from service.store.corpus import APPLY_SCRIPT, Corpus
from service.store.keys import Keys
from tests.redis_servers import RedisServer

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "ct:bench-apply:"
Call = tuple[list[str], list[Any]]


class Recording(Corpus):
    """A corpus that records every script call it makes while `recording` is set."""

    recording = False
    calls: list[Call]

    async def _scripts(self, script, calls):  # type: ignore[no-untyped-def]
        if self.recording and script is self._apply:
            self.calls.extend(calls)
        return await super()._scripts(script, calls)


async def record(url: str, paths: list[str], warm: int, articles: int) -> tuple[list[Call], int]:
    """Ingest `warm` articles, then record the script calls of the next `articles`; (calls, articles)."""
    found = drafts(paths, warm + articles)
    client = Redis.from_url(url)
    corpus = Recording(client, Keys(PREFIX))
    corpus.calls = []
    for i, draft in enumerate(found[:warm]):
        await corpus.ingest(draft)
        if i % 150 == 149:
            await corpus.merge_words()
    await corpus.merge_words()
    await client.save()
    corpus.recording = True
    for draft in found[warm:]:
        await corpus.ingest(draft)
    await client.aclose()
    return corpus.calls, len(found) - warm


def baseline_source(spec: str) -> str:
    """The script at a file path, else at a git revision."""
    if Path(spec).is_file():
        return Path(spec).read_text(encoding="utf-8")
    parts = []
    for name in ("buckets.lua", "apply.lua"):  # a revision before bucketed indexes has no buckets.lua
        shown = subprocess.run(
            ["git", "show", f"{spec}:service/store/{name}"], cwd=ROOT, capture_output=True, text=True
        )
        if shown.returncode == 0:
            parts.append(shown.stdout)
    return "\n".join(parts)


def replay(client: redis.Redis, source: str, calls: Sequence[Call]) -> float:
    """Replay the calls with this script; the script's Redis time in seconds."""
    sha = client.script_load(source)
    client.config_resetstat()
    for keys, args in calls:
        client.evalsha(sha, len(keys), *keys, *args)
    return float(client.info("commandstats")["cmdstat_evalsha"]["usec"]) / 1e6


def state(client: redis.Redis) -> str:
    """A digest of every key under the prefix: values, fields, items; sorted-set members without scores."""
    digest = hashlib.sha256()
    for key in sorted(client.scan_iter(match=f"{PREFIX}*", count=5000)):
        kind = client.type(key)
        digest.update(key + kind)
        if kind == b"string":
            digest.update(client.get(key) or b"")
        elif kind == b"hash":
            for field, value in sorted(client.hgetall(key).items()):
                digest.update(field + b"\0" + value)
        elif kind == b"list":
            digest.update(b"\0".join(client.lrange(key, 0, -1)))
        elif kind == b"zset":
            digest.update(b"\0".join(client.zrange(key, 0, -1)))
    return digest.hexdigest()


def carried(calls: Sequence[Call], articles: int) -> dict[str, float]:
    """KB per article of the keys and arguments the script is called with, by step: the intent, the steps
    that apply it, the finish, and merges of the word index. Redis's Lua hashes every byte of every string
    it makes (arguments included) to intern it, so these bytes cost Redis CPU however little the script
    does with them."""
    sizes: dict[str, int] = {}
    for keys, args in calls:
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        step = name.rpartition(":")[2] if ":" in name else ("merge" if not name else "apply")
        size = sum(len(k) for k in keys) + sum(len(a) if isinstance(a, bytes | str) else 8 for a in args)
        sizes[step] = sizes.get(step, 0) + size
    return {step: round(size / articles / 1024, 1) for step, size in sorted(sizes.items())}


def instructions(directory: Path, source: str, calls: Sequence[Call]) -> int:
    """Instructions redis-server spends in EVALSHA replaying the calls, counted by callgrind."""
    out = directory / "callgrind.out"
    with redis_under_callgrind(str(directory), str(out)) as (client, _):
        replay(client, source, calls)
    report = subprocess.run(
        ["callgrind_annotate", "--inclusive=yes", str(out)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^\s*([\d,]+) \([^)]*\)\s+\S*evalShaCommand", report, re.MULTILINE)
    if match is None:
        raise RuntimeError("callgrind_annotate shows no evalShaCommand")
    return int(match.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--baseline", required=True, help="git revision or file of the other script")
    parser.add_argument("--warm", type=int, default=600)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--callgrind", action="store_true")
    args = parser.parse_args()
    versions = {"baseline": baseline_source(args.baseline), "current": APPLY_SCRIPT}
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as tmp:
        server = RedisServer(Path(tmp) / "server")
        server.start()
        try:
            calls, n = asyncio.run(record(server.url, args.paths, args.warm, args.articles))
            print(json.dumps({"warm_articles": args.warm, "articles": n, "script_calls": len(calls)}))
            print(json.dumps({"kb_through_script_per_article": carried(calls, n)}))
            seconds: dict[str, list[float]] = {name: [] for name in versions}
            states: dict[str, set[str]] = {name: set() for name in versions}
            for _ in range(args.runs):
                for name, source in versions.items():
                    server.restart()  # from the data saved after the warm-up
                    with server.client(socket_timeout=60) as client:
                        seconds[name].append(replay(client, source, calls))
                        states[name].add(state(client))
        finally:
            server.stop()
        medians = {name: statistics.median(runs) for name, runs in seconds.items()}
        result: dict[str, Any] = {
            f"{name}_evalsha_ms_per_article": [round(1000 * s / n, 3) for s in runs]
            for name, runs in seconds.items()
        }
        result["median_ratio"] = round(medians["current"] / medians["baseline"], 3)
        result["same_state"] = states["current"] == states["baseline"] and len(states["current"]) == 1
        print(json.dumps(result))
        if args.callgrind:
            if shutil.which("valgrind") is None:
                sys.exit("--callgrind needs valgrind (apt-get install valgrind)")
            server_dir = Path(tmp) / "server"
            counted = {name: instructions(server_dir, source, calls) for name, source in versions.items()}
            print(
                json.dumps(
                    {f"{name}_instructions_per_article": round(c / n) for name, c in counted.items()}
                    | {"ratio": round(counted["current"] / counted["baseline"], 3)}
                )
            )


if __name__ == "__main__":
    main()
