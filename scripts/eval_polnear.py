"""Run the extractor over a PolNeAR-style JSONL and score it with the acceptance scorer.

Writes one prediction line per article, one entry per quote fragment, with the speaker mention span
and the name of the rule that found the quote, then runs the scorer (default
/work/shared/tools/score_quotes.py, or $SCORER) and prints its JSON. --rules then prints, per rule, how
many fragments it predicted, its precision (fragments overlapping an unmatched gold attribution by at
least half, matched greedily as the scorer's all-attributions figure does) and its share of the recall,
then, per rule of the marked quotes, their precision at overlap 0.8 and the speaker accuracy of those
matched, as the scorer's marked-quote figures have them.

--write-confidence FILE writes, for each kind and rule of the marked quotes, the share of its fragments
right in words and speaker here, the confidence the extractor gives such quotes (see `rule_confidence`).

--by FIELD also scores the articles apart by a field of theirs (`annotator`, `publisher`): one annotator's
habits can move a figure more than a rule does.

Usage: python scripts/eval_polnear.py GOLD_JSONL OUT_PRED_JSONL [--rules] [--write-confidence FILE]
                                      [--by FIELD]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract.quotes import extract_quotes_with_rules

SCORER = os.environ.get("SCORER", "/work/shared/tools/score_quotes.py")
TRIM = frozenset(" \t\n\r\u00a0\"'\u201c\u201d\u2018\u2019,.;:!?-\u2014\u2013()[]")
MIN_OVERLAP = 0.5
Span = tuple[int, int]
MARKED_OVERLAP = 0.8
PRIOR_FRAGMENTS = 20


def predict(text: str) -> list[dict[str, object]]:
    """Prediction entries (one per fragment) for one article."""
    rows: list[dict[str, object]] = []
    for q, rule in extract_quotes_with_rules(text):
        spk = q.speaker.mention if q.speaker is not None else None
        for f in q.fragments:
            rows.append(
                {
                    "start": f.start,
                    "end": f.end,
                    "kind": q.kind,
                    "speaker_start": spk.start if spk else None,
                    "speaker_end": spk.end if spk else None,
                    "rule": rule,
                }
            )
    return rows


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding quote marks, punctuation and spaces."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared length over the longer span's length."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / max(a[1] - a[0], b[1] - b[0], 1)


def _greedy(golds: list[Span], spans: list[Span], least: float) -> list[tuple[int, int]]:
    """(gold, prediction) index pairs matched one to one, the most overlapping first, as the scorer matches
    them: overlap of at least `least`, and more than none."""
    pairs = sorted(
        ((_overlap(g, s), i, j) for i, g in enumerate(golds) for j, s in enumerate(spans)), reverse=True
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for score, i, j in pairs:
        if score < least or score == 0:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def rule_table(
    gold: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]
) -> dict[str, dict[str, float]]:
    """Per rule: predicted fragments, precision and recall share at overlap >= MIN_OVERLAP."""
    predicted: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    n_gold = 0
    for art in gold:
        text, rows = art["text"], preds[art["id"]]
        # a partial quote inside a reported-speech span belongs to that attribution, as the scorer has it
        rows = [
            p
            for p in rows
            if not (
                p["kind"] == "partial"
                and any(o is not p and o["start"] <= p["start"] and p["end"] <= o["end"] for o in rows)
            )
        ]
        golds = [_trim(text, q["start"], q["end"]) for q in art["quotes"]]
        spans = [_trim(text, p["start"], p["end"]) for p in rows]
        n_gold += len(golds)
        for _, j in _greedy(golds, spans, MIN_OVERLAP):
            matched[rows[j]["rule"]] += 1
        predicted.update(p["rule"] for p in rows)
    return {
        rule: {
            "predicted": n,
            "precision": round(100 * matched[rule] / n, 1),
            "recall_share": round(100 * matched[rule] / max(n_gold, 1), 1),
        }
        for rule, n in predicted.most_common()
    }


def marked_rule_counts(
    gold: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]]
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """Per kind (`direct`, `partial`) and rule of the marked quotes: the fragments predicted, those matching
    a gold marked quote (a direct quote or a mixed quote's quoted segment) at overlap >= 0.8, one to one
    and greedily as the scorer matches them, and of those the ones whose speaker is right as the scorer
    judges it (the speaker spans overlap, or both are absent)."""
    predicted: Counter[tuple[str, str]] = Counter()
    matched: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    for art in gold:
        text = art["text"]
        golds = []
        for q in art["quotes"]:
            segments = {"direct": [q], "mixed": q.get("quoted_segments", [])}.get(q["type"], [])
            golds += [(_trim(text, seg["start"], seg["end"]), q) for seg in segments]
        rows = [p for p in preds[art["id"]] if p["kind"] in ("direct", "partial")]
        spans = [_trim(text, p["start"], p["end"]) for p in rows]
        for i, j in _greedy([span for span, _ in golds], spans, MARKED_OVERLAP):
            key = (rows[j]["kind"], rows[j]["rule"])
            matched[key] += 1
            right[key] += _same_speaker(golds[i][1], rows[j])
        predicted.update((p["kind"], p["rule"]) for p in rows)
    return {key: (n, matched[key], right[key]) for key, n in predicted.most_common()}


def marked_rule_table(counts: dict[tuple[str, str], tuple[int, int, int]]) -> dict[str, dict[str, float]]:
    """Per rule of the marked quotes (both kinds together): fragments predicted, their precision at
    overlap >= 0.8 and the speaker accuracy of those matched: how well each attribution rule finds who
    spoke."""
    by_rule: dict[str, list[int]] = {}
    for (_, rule), figures in counts.items():
        summed = by_rule.setdefault(rule, [0, 0, 0])
        for k, n in enumerate(figures):
            summed[k] += n
    return {
        rule: {
            "predicted": n,
            "precision": round(100 * matched / n, 1),
            "speaker_acc": round(100 * right / max(matched, 1), 1),
        }
        for rule, (n, matched, right) in sorted(by_rule.items(), key=lambda item: -item[1][0])
    }


def rule_confidence(counts: dict[tuple[str, str], tuple[int, int, int]]) -> dict[str, Any]:
    """The confidence of a marked quote by its kind and rule: the share of that rule's fragments whose words
    and speaker were both right, pulled towards the share over all rules by `PRIOR_FRAGMENTS` fragments'
    worth (a rule seen a few times is not trusted on so few)."""
    total = sum(n for n, _, _ in counts.values())
    overall = sum(right for _, _, right in counts.values()) / max(total, 1)
    return {
        "default": round(overall, 2),
        "confidence": {
            f"{kind} {rule}": round((right + PRIOR_FRAGMENTS * overall) / (n + PRIOR_FRAGMENTS), 2)
            for (kind, rule), (n, _, right) in sorted(counts.items())
        },
    }


def scores_by(
    gold: list[dict[str, Any]], preds: dict[str, list[dict[str, Any]]], field: str
) -> dict[str, dict[str, float]]:
    """The scorer's main figures for the articles of each value of `field`, the scorer run on each group."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for art in gold:
        groups.setdefault(str(art.get(field)), []).append(art)
    out = {}
    with tempfile.TemporaryDirectory(prefix="eval-by-") as directory:
        gold_path, pred_path = Path(directory) / "gold.jsonl", Path(directory) / "pred.jsonl"
        for value, arts in sorted(groups.items(), key=lambda item: -len(item[1])):
            gold_path.write_text("".join(json.dumps(a) + "\n" for a in arts), encoding="utf-8")
            pred_path.write_text(
                "".join(json.dumps({"id": a["id"], "quotes": preds[a["id"]]}) + "\n" for a in arts),
                encoding="utf-8",
            )
            scored = subprocess.run(
                [sys.executable, SCORER, str(gold_path), str(pred_path)],
                check=True,
                capture_output=True,
                text=True,
            )
            figures = json.loads(scored.stdout)
            marked, everything = figures["marked_quotes@0.8"], figures["all_attributions@0.5"]
            out[value] = {
                "articles": len(arts),
                "marked_f1": marked["f1"],
                "speaker_acc": marked["speaker_acc"],
                "all_f1": everything["f1"],
            }
    return out


def _same_speaker(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold.get("speaker_start") is None or pred["speaker_start"] is None:
        return gold.get("speaker_start") is None and pred["speaker_start"] is None
    return min(gold["speaker_end"], pred["speaker_end"]) > max(gold["speaker_start"], pred["speaker_start"])


def main() -> None:
    """Predict every article of GOLD into PRED, then score."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--rules", action="store_true", help="also print precision and recall per rule")
    parser.add_argument(
        "--write-confidence",
        type=Path,
        help="write each marked-quote rule's confidence, measured here, to this file (the shipped one is "
        "service/extract/data/rule_confidence.json, measured on PolNeAR train)",
    )
    parser.add_argument(
        "--by",
        metavar="FIELD",
        help="also score the articles apart by this field of theirs (annotator, publisher): marked-quote "
        "F1@0.8 and speaker accuracy, all attributions F1@0.5",
    )
    args = parser.parse_args()
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = {art["id"]: predict(art["text"]) for art in gold}
    with open(args.out, "w", encoding="utf-8") as dst:
        for art in gold:
            dst.write(json.dumps({"id": art["id"], "quotes": preds[art["id"]]}) + "\n")
    subprocess.run([sys.executable, SCORER, str(args.gold), str(args.out)], check=True)
    if args.by:
        print(json.dumps({f"by {args.by}": scores_by(gold, preds, args.by)}))
    counts = marked_rule_counts(gold, preds) if args.rules or args.write_confidence else {}
    if args.rules:
        print(json.dumps({"rules@0.5": rule_table(gold, preds)}))
        print(json.dumps({"marked_rules@0.8": marked_rule_table(counts)}))
    if args.write_confidence:
        table = {"source": f"{args.gold.name}: marked quotes right in words and speaker, by kind and rule"}
        table |= rule_confidence(counts)
        args.write_confidence.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
