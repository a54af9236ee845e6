"""CPU per `POST /v1/check` spent in the service's own code once Redis has answered: normalising the quote,
its index keys, ranking candidates, decoding records and their matcher views, scoring and the answer.

    python scripts/bench_check_core.py POLNEAR.jsonl [--statements 100000] [--queries 2000] [--runs 5]
        [--dump ANSWERS.jsonl] [--store STORE.pickle]
    python scripts/bench_check_core.py POLNEAR.jsonl --trees BASE_DIR HEAD_DIR [...]

A corpus of `--statements` statements is built in memory with the store's own records, stored forms and
posting keys (`add_mentions`, `compact`, `posted_keys`, `posting_field`): real quotes re-mixed (seeded, as
`benchlib.synthesize`), many of them carried by several outlets in differing wordings (punctuation, a
truncation, an ellipsis, a word changed, words added), most with a named speaker. `check_quote` itself runs
against it through a stand-in for Redis that answers at once from dictionaries, so what is timed is the
service's work only. Each run checks `--queries` quotes never checked before in the process (after a warm-up
on others): exact stored wordings, other outlets' wordings, truncated, altered and unknown quotes, some
elided or quoted with their attribution, with and without a speaker. It prints the process CPU µs per check
of each run and their median. The collector is tuned as the server tunes it (`service.app.tune_collector`,
after the corpus is built), so its collections are counted as the server pays them.

`--dump` writes every answer (msgspec JSON, one a line) of the timed runs, to compare two versions' answers.
`--store` keeps the built corpus in a file and reads it from there next time (building takes a while).
`--trees A B ...` runs this script under each tree at once (`PYTHONPATH`), one process each, and has them
time each run in turn (`compare_trees`): the median µs per check of each tree, and its median ratio to A.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if "PYTHONPATH" not in os.environ:  # this checkout's service, unless a tree is chosen
    sys.path.insert(0, str(ROOT))

import msgspec  # noqa: E402

import service  # noqa: E402
from schemas import StatementMention  # noqa: E402
from service.api.check import check_quote  # noqa: E402
from service.app import tune_collector  # noqa: E402
from service.match.clusters import add_mentions, posted_keys, unique_id  # noqa: E402
from service.match.normalize import MAX_POSTING, normalize  # noqa: E402
from service.store.corpus import COMMON, Corpus  # noqa: E402
from service.store.encoding import compact  # noqa: E402
from service.store.keys import Keys, posting_field  # noqa: E402

OUTLETS = ["ap", "reuters", "nytimes", "foxnews", "breitbart", "politico", "huffpost", "wapo", "cnn", "npr"]
PRONOUNS = {"He", "She", "They", "I", "It", "We", "You", "Who", "Which", "That", "His", "Her", "Some", "Many"}


# `polnear` and `synthesize` follow `benchlib.wordings` and `benchlib.synthesize` without importing them:
# importing `benchlib` puts this checkout first on the import path, and `--trees` must import each tree's own.
def polnear(path: str) -> tuple[list[list[str]], list[str]]:
    """Quotes of 4 to 80 words (as `benchlib.wordings`) and the named speakers the corpus gives."""
    quotes, speakers = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        for quote in json.loads(line)["quotes"]:
            words = quote["text"].split()
            if 4 <= len(words) <= 80:
                quotes.append(words)
            name = quote.get("speaker") or ""
            if name[:1].isupper() and name not in PRONOUNS:
                speakers.append(name)
    return quotes, sorted(set(speakers))


def synthesize(quotes: list[list[str]], n: int, rng: random.Random) -> list[str]:
    """`n` distinct statements: real quotes with about a quarter of their words swapped (`benchlib`)."""
    vocabulary = [w for q in quotes for w in q]
    out, seen = [], set()
    while len(out) < n:
        words = list(rng.choice(quotes))
        for i in rng.sample(range(len(words)), k=max(1, len(words) // 4)):
            words[i] = rng.choice(vocabulary)
        text = " ".join(words)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def variant(text: str, rng: random.Random) -> str:
    """Another outlet's wording of a text: punctuation or quote style, a truncation, an ellipsis, a word
    changed, words added, or the same."""
    words = text.split()
    kind = rng.randrange(7)
    if kind == 0:  # punctuation and typography
        i = rng.randrange(len(words))
        words[i] = words[i].rstrip(",.;") + rng.choice([",", ";", " —", ""])
        out = " ".join(words).replace("'", "’")
        return f"“{out}”" if rng.random() < 0.5 else out
    if kind == 1 and len(words) > 6:  # truncated
        start = rng.randrange(len(words) // 3)
        return " ".join(words[start : start + max(4, len(words) // 2)])
    if kind == 2 and len(words) > 8:  # elided
        cut = rng.randrange(2, len(words) - 4)
        return " ".join(words[:cut]) + " … " + " ".join(words[cut + 2 :])
    if kind == 3:  # a word changed
        words[rng.randrange(len(words))] = rng.choice(["not", "never", "very", "really", "the", "2", "U.S."])
        return " ".join(words)
    if kind == 4:  # words added
        return f"{text} {rng.choice(['and that is a fact.', 'Believe me.', 'We will win.'])}"
    return text


def build(path: str, n: int) -> dict[str, Any]:
    """The stored forms of `n` statements and their postings, as the store keeps them, by Redis key."""
    rng = random.Random(11)
    quotes, speakers = polnear(path)
    texts = synthesize(quotes, n, rng)
    keys = Keys("bench:")
    start = datetime(2016, 1, 1, tzinfo=UTC)
    values: dict[str, bytes] = {}
    postings: dict[str, dict[bytes, bytearray]] = {}
    records = []
    for i, text in enumerate(texts):
        speaker = rng.choice(speakers) if rng.random() < 0.75 else None
        count = 1 + min(int(rng.expovariate(0.7)), 6)
        mentions = []
        for m in range(count):
            said = text if m == 0 or rng.random() < 0.3 else variant(text, rng)
            mentions.append(
                StatementMention(
                    article_id=f"ar_bench{i}_{m}",
                    outlet=OUTLETS[(i + m) % len(OUTLETS)],
                    quote_id=f"q{m}",
                    text=said,
                    kind="indirect" if rng.random() < 0.1 else "direct",
                    speaker=speaker if rng.random() < 0.9 else rng.choice(speakers),
                    speaker_mention=speaker,
                    cue="said",
                    published_at=start + timedelta(minutes=i + 7 * m),
                    url=f"https://www.example.com/{i}/{m}",
                )
            )
        cid = unique_id("st_", f"ar_bench{i}", "q0")
        record, spilled = add_mentions(None, cid, [(m, 0.0) for m in mentions])
        assert not spilled
        values[keys.cluster("statement", cid)] = compact(record)
        raw_id = bytes.fromhex(cid[3:])
        for norm in record.renderings:
            for key in posted_keys("statement", norm):
                partition, field = posting_field(key)
                posted = postings.setdefault(keys.postings("statement", partition), {})
                ids = posted.setdefault(field, bytearray())
                if raw_id not in {bytes(ids[j : j + 8]) for j in range(0, len(ids), 8)}:
                    ids += raw_id
        records.append((record.canonical, [w.text for w in record.wordings], speaker))
    hashes = {
        key: {field: COMMON if len(ids) > 8 * MAX_POSTING else bytes(ids) for field, ids in fields.items()}
        for key, fields in postings.items()
    }
    return {"values": values, "postings": hashes, "records": records, "quotes": quotes, "speakers": speakers}


def queries(store: dict[str, Any], n: int, rng: random.Random) -> list[tuple[str, str | None]]:
    """`n` quotes with a speaker or none: stored reference wordings, other outlets' wordings, truncated,
    altered, elided, and quotes not stored, some as a quotation with its attribution."""
    records, quotes, speakers = store["records"], store["quotes"], store["speakers"]
    out: list[tuple[str, str | None]] = []
    for i in range(n):
        canonical, wordings, speaker = rng.choice(records)
        words = canonical.split()
        kind = i % 8
        if kind == 1:  # another outlet's wording
            text = rng.choice(wordings)
        elif kind == 2:  # truncated
            text = " ".join(words[: max(3, len(words) // 2)])
        elif kind == 3:  # one word changed
            words[rng.randrange(len(words))] = "altered"
            text = " ".join(words)
        elif kind == 4:  # not stored
            text = " ".join(list(rng.choice(quotes))[::-1])
        elif kind == 5:  # a phrase of it
            at = rng.randrange(max(1, len(words) - 5))
            text = " ".join(words[at : at + rng.randrange(2, 7)])
        elif kind == 6:  # elided, or a quotation with its attribution
            if len(words) > 8 and rng.random() < 0.5:
                text = " ".join(words[:3]) + " ... " + " ".join(words[-4:])
            else:
                text = f"“{canonical},” {speaker or 'Trump'} told reporters."
        else:  # the stored wording
            text = canonical
        asked = rng.choice([None, speaker, rng.choice(speakers)])
        out.append((text, asked))
    return out


class _Pipeline:
    def __init__(self, redis: _Redis) -> None:
        self.redis, self.replies = redis, []

    async def __aenter__(self) -> _Pipeline:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def evalsha(self, sha: str, count: int, *keys_and_args: Any) -> None:
        """The lookup script (`lookup.lua`) of bucketed indexes: each index's count key names it."""
        keys, args = keys_and_args[:count], keys_and_args[count:]
        replies, k = [], 0
        for a in range(0, len(args), 3):
            at, numbers, digests = args[a : a + 3]
            fields = self.redis.hashes.get(keys[k].removesuffix(":n"), {})
            k += 2 + len(msgspec.msgpack.decode(numbers))
            found = [fields.get(digests[i : i + 8]) or False for i in range(0, len(digests), 8)]
            replies.append([1 << at, 0, *found])
        self.replies.append(replies)

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        return self.replies


class _Redis:
    """What `check_quote` asks of Redis, answered at once from dictionaries."""

    def __init__(self, store: dict[str, Any]) -> None:
        self.values, self.hashes = store["values"], store["postings"]

    def register_script(self, source: str) -> SimpleNamespace:
        return SimpleNamespace(sha="", script=source)

    def pipeline(self, transaction: bool = True) -> _Pipeline:
        return _Pipeline(self)

    async def mget(self, keys: Sequence[str]) -> list[bytes | None]:
        return [self.values.get(key) for key in keys]


async def check_all(corpus: Corpus, asked: list[tuple[str, str | None]]) -> tuple[float, list[Any]]:
    """CPU seconds to check every quote, and the answers."""
    answers = []
    start = time.process_time()
    for quote, speaker in asked:
        if normalize(quote):  # as the endpoint refuses a quote without words
            answers.append(await check_quote(corpus, quote, speaker))
    return time.process_time() - start, answers


def prepared(args: argparse.Namespace) -> tuple[Corpus, list[list[tuple[str, str | None]]]]:
    """The corpus (built, or read from `--store`), warmed up, and the query sets of the timed runs."""
    print(f"service: {service.__file__}", file=sys.stderr)
    if args.store and Path(args.store).exists():
        store = pickle.loads(Path(args.store).read_bytes())
    else:
        store = build(args.corpus, args.statements)
        if args.store:
            Path(args.store).write_bytes(pickle.dumps(store))
    corpus = Corpus(_Redis(store), Keys("bench:"))  # type: ignore[arg-type]
    # The corpus stands for what Redis holds: the collector is not to walk it, as it never would in a server
    # (`tune_collector` freezes what exists), and it runs with the server's settings, as the server would.
    tune_collector()
    rng = random.Random(5)
    warm = queries(store, args.queries, rng)
    sets = [queries(store, args.queries, rng) for _ in range(args.runs)]
    asyncio.run(check_all(corpus, warm))
    return corpus, sets


def run(args: argparse.Namespace) -> None:
    corpus, sets = prepared(args)
    per_check = []
    dumped = []
    for number, asked in enumerate(sets):
        seconds, answers = asyncio.run(check_all(corpus, asked))
        per_check.append(1e6 * seconds / len(answers))
        dumped += [msgspec.json.encode(a) + b"\n" for a in answers] if args.dump else []
        verdicts = {v: sum(a.verdict == v for a in answers) for v in ("exact", "minor_variation", "altered")}
        print(json.dumps({"run": number + 1, "us_per_check": round(per_check[-1], 1), **verdicts}))
    print(json.dumps({"us_per_check_median": round(statistics.median(per_check), 1)}), flush=True)
    if args.dump:
        Path(args.dump).write_bytes(b"".join(dumped))


def serve_runs(args: argparse.Namespace) -> None:
    """For `--trees`: ready, then one run a line read (its number), answering its µs per check."""
    corpus, sets = prepared(args)
    print("ready", flush=True)
    for line in sys.stdin:
        seconds, answers = asyncio.run(check_all(corpus, sets[int(line)]))
        print(1e6 * seconds / len(answers), flush=True)


def compare_trees(args: argparse.Namespace, trees: list[str]) -> None:
    """One process per tree, all ready at once, each timing run `i` in turn before any times run `i + 1`
    (the order of the trees alternating): a busy machine slows them alike. Prints the median µs per check
    of each tree and the median over runs of each tree's time over the first tree's."""
    passed = [a for a in sys.argv[1:] if a not in trees and a != "--trees"]
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, *passed, "--serve-runs"],
            env={**os.environ, "PYTHONPATH": tree},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tree in trees
    ]
    pipes = [(worker.stdin, worker.stdout) for worker in workers]
    for _, out in pipes:
        if out is None or out.readline().strip() != "ready":
            raise SystemExit("a tree's process did not start")
    found: list[list[float]] = [[] for _ in trees]
    for number in range(args.runs):
        order = list(range(len(trees)))[:: 1 if number % 2 == 0 else -1]
        for k in order:
            send, out = pipes[k]
            assert send is not None
            assert out is not None
            send.write(f"{number}\n")
            send.flush()
            found[k].append(float(out.readline()))
        print(json.dumps({"run": number + 1, "us": [round(f[-1], 1) for f in found]}), flush=True)
    for worker, (send, _) in zip(workers, pipes, strict=True):
        assert send is not None
        send.close()
        worker.wait()
    ratios = {
        tree: round(statistics.median(a / b for a, b in zip(found[k], found[0], strict=True)), 3)
        for k, tree in enumerate(trees)
    }
    medians = {tree: round(statistics.median(found[k]), 1) for k, tree in enumerate(trees)}
    print(json.dumps({"median_us": medians, "ratio_to_first": ratios}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dump", help="write the answers here")
    parser.add_argument("--store", help="keep the built corpus in this file")
    parser.add_argument("--trees", nargs="+", help="compare these checkouts, interleaved")
    parser.add_argument("--serve-runs", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.trees:
        compare_trees(args, args.trees)
    elif args.serve_runs:
        serve_runs(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
