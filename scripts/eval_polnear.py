"""Run the extractor over a PolNeAR-style JSONL and score it with the acceptance scorer.

Writes one prediction line per article, one entry per quote fragment, with the speaker mention span,
then runs the scorer (default /work/shared/tools/score_quotes.py, or $SCORER) and prints its JSON.

Usage: python scripts/eval_polnear.py GOLD_JSONL OUT_PRED_JSONL
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.extract.quotes import extract_quotes

SCORER = os.environ.get("SCORER", "/work/shared/tools/score_quotes.py")


def predict(text: str) -> list[dict[str, object]]:
    """Prediction entries (one per fragment) for one article."""
    rows: list[dict[str, object]] = []
    for q in extract_quotes(text):
        spk = q.speaker.mention if q.speaker is not None else None
        for f in q.fragments:
            rows.append(
                {
                    "start": f.start,
                    "end": f.end,
                    "kind": q.kind,
                    "speaker_start": spk.start if spk else None,
                    "speaker_end": spk.end if spk else None,
                }
            )
    return rows


def main() -> None:
    """Predict every article of GOLD into PRED, then score."""
    gold, out = sys.argv[1], sys.argv[2]
    with open(gold, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            art = json.loads(line)
            dst.write(json.dumps({"id": art["id"], "quotes": predict(art["text"])}) + "\n")
    subprocess.run([sys.executable, SCORER, gold, out], check=True)


if __name__ == "__main__":
    main()
