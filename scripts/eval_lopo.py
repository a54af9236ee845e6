"""Leave-one-publisher-out extraction accuracy over PolNeAR-style JSONL files (e.g. train and dev).

For each publisher, the cue lexicon is rebuilt (as `build_cues.py` does) from every other publisher's
articles, the extractor runs with it on the held-out publisher's articles, and the acceptance scorer
scores them. The rules themselves are the same in every fold; what moves is the data-built lexicon and
the outlet's house style. Prints one row per held-out publisher, then the mean, the population standard
deviation and the range of each figure, and the figures pooled over all held-out articles.
--shipped runs every fold with the shipped lexicon instead (no rebuilding: the lexicon has then seen
the held-out publisher's training articles), which shows how much the rebuilt lexicon costs.

Usage: python scripts/eval_lopo.py GOLD_JSONL [GOLD_JSONL ...] [--shipped] [--json]
The scorer is /work/shared/tools/score_quotes.py, or $SCORER.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from build_cues import lexicon, write

ROOT = Path(__file__).resolve().parent.parent
SCORER = os.environ.get("SCORER", "/work/shared/tools/score_quotes.py")
FIGURES = {
    "marked F1@0.8": ("marked_quotes@0.8", "f1"),
    "marked P@0.8": ("marked_quotes@0.8", "p"),
    "marked R@0.8": ("marked_quotes@0.8", "r"),
    "speaker acc": ("marked_quotes@0.8", "speaker_acc"),
    "all F1@0.5": ("all_attributions@0.5", "f1"),
    "all P@0.5": ("all_attributions@0.5", "p"),
    "all R@0.5": ("all_attributions@0.5", "r"),
    "all exact F1": ("all_attributions_exact", "f1"),
}


def _score(tree: Path, articles: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Run `eval_polnear.py` from the copied tree on `articles` and return the scorer's JSON."""
    gold = tree / f"{name}.gold.jsonl"
    gold.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(tree / "scripts" / "eval_polnear.py"),
            str(gold),
            str(tree / f"{name}.pred.jsonl"),
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "SCORER": SCORER},
    )
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _pooled(tree: Path, names: list[str]) -> dict[str, Any]:
    """Score every fold's predictions together (micro-averaged over all held-out articles)."""
    for kind in ("gold", "pred"):
        with open(tree / f"pooled.{kind}.jsonl", "w", encoding="utf-8") as out:
            for name in names:
                out.write((tree / f"{name}.{kind}.jsonl").read_text(encoding="utf-8"))
    run = subprocess.run(
        [sys.executable, SCORER, str(tree / "pooled.gold.jsonl"), str(tree / "pooled.pred.jsonl")],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _tree(into: Path) -> Path:
    """A copy of the packages and the evaluation script, whose cue lexicon a fold can replace."""
    ignore = shutil.ignore_patterns("__pycache__")
    for package in ("service", "schemas"):
        shutil.copytree(ROOT / package, into / package, ignore=ignore)
    (into / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "eval_polnear.py", into / "scripts")
    return into


def _figures(result: dict[str, Any]) -> dict[str, float]:
    """The reported figures of one scorer result."""
    return {name: float(result[block][key]) for name, (block, key) in FIGURES.items()}


def main() -> None:
    """Run every fold and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--shipped", action="store_true", help="keep the shipped lexicon in every fold")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()

    by_publisher: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in args.gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                art = json.loads(line)
                by_publisher[art["publisher"]].append(art)

    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tree = _tree(Path(tmp))
        cues_file = tree / "service" / "extract" / "data" / "cues.json"
        for held_out, articles in sorted(by_publisher.items()):
            if not args.shipped:
                others = (a for p, arts in by_publisher.items() if p != held_out for a in arts)
                write(lexicon(others), cues_file, f"PolNeAR cue spans without {held_out}")
            rows[held_out] = _figures(_score(tree, articles, held_out))
        pooled = _figures(_pooled(tree, sorted(rows)))

    columns = list(FIGURES)
    summary = {
        "mean": {c: statistics.fmean(r[c] for r in rows.values()) for c in columns},
        "sd": {c: statistics.pstdev(r[c] for r in rows.values()) for c in columns},
        "min": {c: min(r[c] for r in rows.values()) for c in columns},
        "max": {c: max(r[c] for r in rows.values()) for c in columns},
    }
    if args.json:
        lex = "shipped" if args.shipped else "rebuilt per fold"
        print(json.dumps({"lexicon": lex, "folds": rows, **summary, "pooled": pooled}))
        return
    print(f"lexicon: {'shipped' if args.shipped else 'rebuilt without the held-out publisher'}")
    print(f"{'held out':<14}" + "".join(f"{c:>14}" for c in columns))
    table = {**rows, **summary, "pooled": pooled}
    for name, row in table.items():
        print(f"{name:<14}" + "".join(f"{row[c]:>14.1f}" for c in columns))


if __name__ == "__main__":
    main()
