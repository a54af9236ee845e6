"""Build the cue lexicon `service/extract/data/cues.json` from PolNeAR-style training JSONL.

Every word form inside a gold cue span is counted, and so is every occurrence of that form outside
quotation marks in the training text; the ratio is the form's cue precision. Occurrences inside quotation
marks are left out on both sides: the extractor never reads a cue there, and the annotation never marks
one there (`I think` inside a quote would make `think` look like a rare cue). Forms seen often enough
with a high enough precision are kept, with their precision, so the extractor can threshold them.

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


def lexicon(articles: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Cue forms seen often enough with a high enough precision, with that precision, sorted by form."""
    hits, total = count(articles)
    return {
        w: round(hits[w] / total[w], 3)
        for w in sorted(hits)
        if hits[w] >= MIN_HITS and hits[w] / total[w] >= MIN_PRECISION and w.isalpha() and not _modifier(w)
    }


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
