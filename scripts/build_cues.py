"""Build the cue lexicon `service/extract/data/cues.json` from PolNeAR-style training JSONL.

Every word form inside a gold cue span is counted, and so is every occurrence of that form outside
quotation marks in the training text; the ratio is the form's cue precision. Occurrences inside quotation
marks are left out on both sides: the extractor never reads a cue there, and the annotation never marks
one there (`I think` inside a quote would make `think` look like a rare cue). Forms seen often enough
with a high enough precision are kept, with their precision, so the extractor can threshold them.

A form seen too rarely to be judged alone (`chides`) takes the precision of all the inflections of its
word together (`chide`, `chided`, `chiding`) when they are seen often enough and report speech often
enough to count as a cue (`INFLECTED_MIN`): the long tail of reporting verbs is mostly rare forms of
verbs whose other forms are common.

Usage: python scripts/build_cues.py TRAIN_JSONL [OUT_JSON]
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract.marks import find_marked
from service.extract.sentences import paragraphs

WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "service" / "extract" / "data" / "cues.json"
MIN_HITS = 3
MIN_PRECISION = 0.05
INFLECTED_MIN = 0.3
"""Least precision of a word's inflections together for a rare form to take it: the cue floor, below which
no form reports speech anyway (measured leaving one publisher out: all-attribution F1 +0.3)."""
NOT_HEADS = frozenset(
    {"also", "has", "have", "had", "was", "were", "is", "are", "be", "been", "will", "would", "not"}
    | {"did", "does", "do", "just", "even"}
)


def count(articles: Iterable[dict[str, Any]]) -> tuple[Counter[str], Counter[str]]:
    """Return (hits inside gold cue spans, all occurrences) per lower-cased word form, outside quotes."""
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for art in articles:
        text = art["text"]
        spans = sorted(
            {(q["cue_start"], q["cue_end"]) for q in art["quotes"] if q.get("cue_start") is not None}
        )
        starts = [s for s, _ in spans]
        quoted = [(q.open_at, q.close_at) for q in find_marked(text, paragraphs(text))]
        opens = [s for s, _ in quoted]
        for m in WORD.finditer(text):
            q = bisect.bisect_right(opens, m.start()) - 1
            if q >= 0 and m.start() < quoted[q][1]:
                continue
            w = m.group().lower()
            total[w] += 1
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and m.end() <= spans[k][1]:
                hits[w] += 1
    return hits, total


def _modifier(word: str) -> bool:
    """Adverbs and auxiliaries sit inside multiword cues (`has repeatedly said`) but never head one."""
    return word.endswith("ly") or word in NOT_HEADS


def inflection_key(word: str) -> str:
    """What the inflections of one word share (`argues`, `argued`, `arguing`, `argue` → `argu`): a crude
    stem, used only to pool their counts; two words that happen to share one pool their evidence."""
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("es", ""), ("ed", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    else:
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # `planned`, `planning` → `plan`
    return word


def lexicon(articles: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Cue forms seen often enough with a high enough precision, with that precision, and rare forms with
    their inflections' pooled precision, sorted by form."""
    hits, total = count(articles)
    pooled_hits: Counter[str] = Counter()
    pooled_total: Counter[str] = Counter()
    for w, n in total.items():
        pooled_hits[inflection_key(w)] += hits[w]
        pooled_total[inflection_key(w)] += n
    cues = {}
    for w in sorted(total):
        if not w.isalpha() or _modifier(w):
            continue
        if hits[w] >= MIN_HITS:
            precision = hits[w] / total[w]
        else:
            key = inflection_key(w)
            precision = pooled_hits[key] / pooled_total[key] if pooled_hits[key] >= MIN_HITS else 0.0
            precision = precision if precision >= INFLECTED_MIN else 0.0
        if precision >= MIN_PRECISION:
            cues[w] = round(precision, 3)
    return cues


def write(cues: dict[str, float], out: Path, source: str) -> None:
    """Write the lexicon file the extractor loads."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"source": source, "cues": cues}, indent=0) + "\n")


def main() -> None:
    """Write the lexicon as {"cues": {form: precision}} sorted by form."""
    with open(sys.argv[1], encoding="utf-8") as fh:
        cues = lexicon(json.loads(line) for line in fh)
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    write(cues, out, "PolNeAR train cue spans")
    print(f"{len(cues)} cue forms -> {out}")


if __name__ == "__main__":
    main()
