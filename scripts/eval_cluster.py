"""Statement links on a 3-master Redis Cluster against the same code on one server, and how the corpus
spreads over the masters.

    python scripts/eval_cluster.py POLNEAR.jsonl [MORE.jsonl ...] [--limit N]

Starts a private redis-server and a private 3-master loopback Redis Cluster, serves the app on each (the
cluster one with `CLAIMTRACK_REDIS_CLUSTER=true`), posts every article to both one at a time in file order
(so both see the same order and the links can be compared), then reads each article back and compares the
statements its quotes link to. Links are compared as pairs of quotes in one statement: `pairs_agreement`
is the Jaccard overlap of the two sets of pairs (1.0 when both link exactly alike). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import NamedTuple

import httpx

from benchlib import RedisUnderTest, redis_under_test, server

Quote = tuple[str, str]  # (article id, quote id)


class Linking(NamedTuple):
    statements: list[frozenset[Quote]]
    statuses: Counter[int]
    keys_per_node: list[int]


def ingest_and_link(store: RedisUnderTest, bodies: list[dict[str, str]]) -> Linking:
    """Post the bodies in order; the statements (as sets of quotes), answers by status, keys per node."""
    statuses: Counter[int] = Counter()
    statements: defaultdict[str, set[Quote]] = defaultdict(set)
    with server(store) as (base, prefix), httpx.Client(base_url=base, timeout=120) as http:
        for body in bodies:
            response = http.post("/v1/articles", json=body)
            statuses[response.status_code] += 1
            if response.is_success:
                article = response.json()
                for quote in article["quotes"]:
                    if quote.get("statement_id"):
                        statements[quote["statement_id"]].add((article["id"], quote["id"]))
        keys = [sum(1 for _ in node.scan_iter(match=f"{prefix}*", count=5000)) for node in store.nodes]
    return Linking([frozenset(s) for s in statements.values()], statuses, keys)


def pairs(statements: list[frozenset[Quote]]) -> set[tuple[Quote, Quote]]:
    return {pair for quotes in statements for pair in itertools.combinations(sorted(quotes), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args()
    articles = [
        json.loads(line)
        for path in args.corpus
        for line in Path(path).read_text(encoding="utf-8").splitlines()
    ]
    bodies = [{"outlet": a.get("publisher", "unknown"), "text": a["text"]} for a in articles]
    bodies = bodies[: args.limit] if args.limit else bodies

    with redis_under_test("", own=True) as single:
        one = ingest_and_link(single, bodies)
    with redis_under_test("", cluster=True) as cluster:
        many = ingest_and_link(cluster, bodies)
    one_pairs, many_pairs = pairs(one.statements), pairs(many.statements)
    union, keys = one_pairs | many_pairs, many.keys_per_node
    print(
        json.dumps(
            {
                "articles": len(bodies),
                "one_server_statuses": {str(k): v for k, v in sorted(one.statuses.items())},
                "cluster_statuses": {str(k): v for k, v in sorted(many.statuses.items())},
                "one_server_statements": len(one.statements),
                "cluster_statements": len(many.statements),
                "identical_statements": len(set(one.statements) & set(many.statements)),
                "linked_pairs_one_server": len(one_pairs),
                "linked_pairs_cluster": len(many_pairs),
                "pairs_agreement": round(len(one_pairs & many_pairs) / len(union), 4) if union else 1.0,
                "cluster_keys_per_master": keys,
                "smallest_master_share": round(min(keys) / sum(keys), 3) if sum(keys) else None,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
