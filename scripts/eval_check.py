"""How well `POST /v1/check` finds a quote and names how it was changed: found rate and verdict accuracy
per kind of change, on PolNeAR quotes.

Usage: python scripts/eval_check.py POLNEAR.jsonl [MORE.jsonl ...] [--stored-share 0.8] [--per-kind 400]
                                   [--seed N] [--show N]

Every direct quote and quoted segment of at least three words is a remark; a seeded share of the distinct
remarks is stored as statements (the store's bulk path, on a private redis-server), the rest are never
stored. Each stored remark then gives checked quotes of one kind of change, with the verdict the README
promises for it:

    exact        the remark as stored                                  exact
    punctuation  its inner commas, colons and semicolons dropped        minor_variation
    truncated    a contiguous run of at least five of its words        minor_variation
    ellipsis     two runs of it joined by an ellipsis                   minor_variation
    changed      one content word replaced by another                   altered
    dropped      one inner word left out                                altered
    inserted     one word put in                                        altered
    trimmed      a run of five to seven of its words, one inner word    altered
                 left out

and `unseen` remarks (sharing no three-word run with any stored one) should be `not_found`. A checked
quote is *found* when the best match is the statement it came from, and *right* when it is found with
the promised verdict (for `unseen`: when nothing matches). Prints, per kind and by length of the checked
quote, the found and right rates, then the confusion of verdicts. Checks go through the endpoint's own
`check_quote`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redis.asyncio import Redis

from benchlib import redis_under_test
from schemas import StatementMention
from service.api.check import check_quote
from service.match import normalize
from service.match.normalize import STOPWORDS
from service.store.corpus import Corpus
from service.store.keys import Keys

PREFIX = "ct:eval-check:"
EXPECTED = {
    "exact": "exact",
    "punctuation": "minor_variation",
    "truncated": "minor_variation",
    "ellipsis": "minor_variation",
    "changed": "altered",
    "dropped": "altered",
    "inserted": "altered",
    "trimmed": "altered",
    "unseen": "not_found",
}
INSERTED = ["really", "very", "just", "never", "all", "actually", "certainly"]
_INNER_PUNCT = re.compile(r"[,;:](?=\s)")
Variant = Callable[[list[str], random.Random], str | None]


def remarks(paths: list[Path]) -> list[tuple[str, str | None]]:
    """(text, speaker) of every direct quote and quoted segment of three words or more, first of each
    normalised text only."""
    seen: set[str] = set()
    out: list[tuple[str, str | None]] = []
    for path in paths:
        for line in path.open(encoding="utf-8"):
            article = json.loads(line)
            for quote in article["quotes"]:
                parts = [(quote["text"], quote["speaker"])] if quote["type"] == "direct" else []
                if quote["type"] == "mixed":
                    parts = [(s["text"], quote["speaker"]) for s in quote["quoted_segments"]]
                for text, speaker in parts:
                    text = text.strip().strip("\"“”'‘’").strip()
                    norm = normalize(text)
                    if len(norm.split()) >= 3 and norm not in seen:
                        seen.add(norm)
                        out.append((text, speaker))
    return out


def punctuation(words: list[str], rng: random.Random) -> str | None:
    text = " ".join(words)
    dropped = _INNER_PUNCT.sub("", text.rstrip(",;:"))
    return dropped if dropped != text.rstrip(",;:") else None


def truncated(words: list[str], rng: random.Random) -> str | None:
    if len(words) < 8:
        return None
    size = rng.randint(5, max(5, int(0.7 * len(words))))
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size])


def ellipsis(words: list[str], rng: random.Random) -> str | None:
    if len(words) < 12:
        return None
    cut = rng.randint(4, len(words) - 8)
    resume = rng.randint(cut + 2, len(words) - 4)
    return " ".join(words[:cut]) + " … " + " ".join(words[resume:])


def changed(words: list[str], rng: random.Random) -> str | None:
    content = [i for i, w in enumerate(words) if w.lower().strip(",.;:!?") not in STOPWORDS and w.isalpha()]
    if not content:
        return None
    i = rng.choice(content)
    return " ".join(
        [*words[:i], rng.choice(["wonderful", "terrible", "dangerous", "simple"]), *words[i + 1 :]]
    )


def dropped(words: list[str], rng: random.Random) -> str | None:
    if len(words) < 4:
        return None
    i = rng.randint(1, len(words) - 2)
    return " ".join([*words[:i], *words[i + 1 :]])


def inserted(words: list[str], rng: random.Random) -> str | None:
    i = rng.randint(1, len(words) - 1)
    return " ".join([*words[:i], rng.choice(INSERTED), *words[i:]])


def trimmed(words: list[str], rng: random.Random) -> str | None:
    if len(words) < 9:
        return None
    size = rng.randint(5, 7)
    start = rng.randint(0, len(words) - size)
    run = words[start : start + size]
    i = rng.randint(1, size - 2)
    return " ".join([*run[:i], *run[i + 1 :]])


VARIANTS: dict[str, Variant] = {
    "exact": lambda words, rng: " ".join(words),
    "punctuation": punctuation,
    "truncated": truncated,
    "ellipsis": ellipsis,
    "changed": changed,
    "dropped": dropped,
    "inserted": inserted,
    "trimmed": trimmed,
}


def _grams(norm: str) -> set[str]:
    words = norm.split()
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def _length(text: str) -> str:
    n = len(normalize(text).split())
    return "3-5 words" if n <= 5 else "6-15 words" if n <= 15 else "16+ words"


async def run(
    url: str, stored: list[tuple[str, str | None]], queries: list[tuple[str, str, str | None, int]], show: int
) -> None:
    client = Redis.from_url(url)
    corpus = Corpus(client, Keys(PREFIX))
    ids = await corpus.add_unmatched(
        "statement",
        [
            StatementMention(
                article_id=f"ar_eval{i}",
                outlet=f"outlet {i % 7}",
                quote_id=f"q{i}",
                text=text,
                speaker=speaker,
                speaker_mention=speaker,
                cue=None,
                kind="direct",
            )
            for i, (text, speaker) in enumerate(stored)
        ],
    )
    tally: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    shown: Counter[str] = Counter()
    for kind, quote, speaker, source in queries:
        result = await check_quote(corpus, quote, speaker)
        best = result.matches[0].statement_id if result.matches else None
        found = best is None if kind == "unseen" else best == ids[source]
        right = found and result.verdict == EXPECTED[kind]
        for group in (kind, f"{kind} {_length(quote)}", "all"):
            tally[group, ""].update(n=1, found=found, right=right)
        confusion[kind][result.verdict if found or kind == "unseen" else "not found"] += 1
        if not right and shown[kind] < show:
            shown[kind] += 1
            origin = stored[source][0] if source >= 0 else ""
            print(f"  {kind}: {quote!r} -> {result.verdict}\n      stored: {origin!r}")
    await client.aclose()
    print(f"\n{'kind':<28}{'checked':>8}{'found':>8}{'right':>8}")
    for (group, _), counts in sorted(tally.items()):
        n = counts["n"]
        print(f"{group:<28}{n:>8}{counts['found'] / n:>8.3f}{counts['right'] / n:>8.3f}")
    print("\nverdicts given (found ones; 'not found' when the best match was another statement or none):")
    for kind, counts in confusion.items():
        print(
            f"  {kind:<12} expected {EXPECTED[kind]:<16} "
            + ", ".join(f"{v} {c}" for v, c in counts.most_common())
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--stored-share", type=float, default=0.8)
    parser.add_argument("--per-kind", type=int, default=400)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--show", type=int, default=0, help="print this many misses per kind")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    every = remarks(args.paths)
    rng.shuffle(every)
    cut = int(args.stored_share * len(every))
    stored, rest = every[:cut], every[cut:]
    stored_grams = set().union(*(_grams(normalize(t)) for t, _ in stored))
    queries: list[tuple[str, str, str | None, int]] = []
    for kind, variant in VARIANTS.items():
        made = 0
        for source in rng.sample(range(len(stored)), len(stored)):
            text = variant(stored[source][0].split(), rng)
            if text and normalize(text):
                queries.append((kind, text, None, source))
                made += 1
                if made == args.per_kind:
                    break
    unseen = [
        t for t, _ in rest if len(normalize(t).split()) >= 4 and not _grams(normalize(t)) & stored_grams
    ]
    queries += [("unseen", text, None, -1) for text in unseen[: args.per_kind]]
    print(f"{len(stored)} remarks stored, {len(queries)} quotes checked")
    with redis_under_test("", own=True) as redis:
        asyncio.run(run(redis.url, stored, queries, args.show))


if __name__ == "__main__":
    main()
