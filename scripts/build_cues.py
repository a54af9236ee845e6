"""Build the cue lexicon `service/extract/data/cues.json` from PolNeAR-style training JSONL.

Every word form inside a gold cue span is counted, and so is every occurrence of that form anywhere in
the training text; the ratio is the form's cue precision. Forms seen often enough with a high enough
precision are kept, with their precision, so the extractor can threshold them.

Usage: python scripts/build_cues.py TRAIN_JSONL [OUT_JSON]
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from collections import Counter
from pathlib import Path

WORD = re.compile(r"\w+(?:[’'\-]\w+)*")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "service" / "extract" / "data" / "cues.json"
MIN_HITS = 3
MIN_PRECISION = 0.05
NOT_HEADS = frozenset(
    {"also", "has", "have", "had", "was", "were", "is", "are", "be", "been", "will", "would", "not"}
    | {"did", "does", "do", "just", "even"}
)


def count(path: str) -> tuple[Counter[str], Counter[str]]:
    """Return (hits inside gold cue spans, all occurrences) per lower-cased word form."""
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            art = json.loads(line)
            text = art["text"]
            spans = sorted(
                {(q["cue_start"], q["cue_end"]) for q in art["quotes"] if q.get("cue_start") is not None}
            )
            starts = [s for s, _ in spans]
            for m in WORD.finditer(text):
                w = m.group().lower()
                total[w] += 1
                k = bisect.bisect_right(starts, m.start()) - 1
                if k >= 0 and m.end() <= spans[k][1]:
                    hits[w] += 1
    return hits, total


def _modifier(word: str) -> bool:
    """Adverbs and auxiliaries sit inside multiword cues (`has repeatedly said`) but never head one."""
    return word.endswith("ly") or word in NOT_HEADS


def main() -> None:
    """Write the lexicon as {"cues": {form: precision}} sorted by form."""
    hits, total = count(sys.argv[1])
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_OUT
    cues = {
        w: round(hits[w] / total[w], 3)
        for w in sorted(hits)
        if hits[w] >= MIN_HITS and hits[w] / total[w] >= MIN_PRECISION and w.isalpha() and not _modifier(w)
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"source": "PolNeAR train cue spans", "cues": cues}, indent=0) + "\n")
    print(f"{len(cues)} cue forms -> {out}")


if __name__ == "__main__":
    main()
