"""Train the check-worthiness model shipped in service/extract/data/claims_model.json.

Usage: train_claims.py TRAIN_JSONL [--out PATH] [--folds K] [--baseline] [--recent FRACTION ...]
                       [--ufs-weight W] [--threshold {forward,contiguous}] [--tfidf-mix A]
                       [--embeddings NPY]

TRAIN_JSONL holds one {"id", "text", "label", "orig_label"} object per line; ids end in a number giving
transcript order, and `orig_label` is the three-way label (CFS check-worthy, UFS unimportant factual,
NFS not factual) whose UFS sentences weigh W in training. Cross-validation holds out contiguous id
ranges, so a debate (and the lines it repeats) sits in one fold, except the few debates cut by a fold
boundary. The threshold is chosen as it will be used, on debates later than the training ones: it
maximises the pooled F1 of forward-chained folds (each fold after the first scored by a model fit on
the folds before it; `--threshold contiguous` uses the cross-validation's out-of-fold scores instead),
and is folded into the bias so that the shipped model's threshold is exactly CLAIM_THRESHOLD.
--baseline also cross-validates TF-IDF (word 1-2-grams, sublinear) + logistic regression on the same folds,
for comparison. --recent F ... measures instead of writing: for each F the most recent fraction F of the
sentences (the latest debates) is held out, the whole procedure (threshold choice included) runs on the
earlier ones, and the held-out P/R/F1 is printed at the threshold it chose, with the average precision
(which no threshold moves), for the model and (with --baseline) for TF-IDF + LR, side by side in a closing
table with the mean and spread of F1 over the fractions; also the held-out F1 with that threshold moved by
up to 0.1 either way (a flat curve tolerates a threshold chosen on other debates). --tfidf-mix A averages
into the model, weight A, a logistic regression over the word block scaled by IDF, folded into the same
weights so the scorer stays one dot product (default 0: not shipped; at 0.5 the time-split F1 was 0.639 /
0.660 / 0.662 against 0.630 / 0.644 / 0.665, with a lower average precision at every fraction and
contiguous-fold F1 0.683 against 0.684). With --recent, --embeddings NPY (one sentence embedding a row, in
this script's sentence order: `embed_sentences.py`) adds a third column, the model averaged in log-odds with
a logistic regression over the embeddings, to measure what a transformer's semantics would add (not shipped:
see `embed_sentences.py` for its cost). Needs numpy, scipy and scikit-learn.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.extract.claims import CLAIM_THRESHOLD, MODEL_PATH, features

SEED = 13
MIN_DF = 2
KEEP_FEATURES = 30_000
C_PLAIN = 3.0
C_NB = 1.0
C_TFIDF = 0.03
TFIDF_MIX = 0.0
UFS_WEIGHT = 1.0
C_EMBEDDING = 1.0


def load(path: Path, ufs_weight: float = 1.0) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, 0/1 labels and sample weights, sorted by the numeric part of the id (transcript order).

    The three-way label's middle class, an unimportant factual statement (`UFS`), is a negative that is
    nearly a claim: it weighs `ufs_weight` in training, every other sentence 1.
    """
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda r: int(str(r["id"]).rsplit("-", 1)[-1]))
    weights = np.array([ufs_weight if r.get("orig_label") == "UFS" else 1.0 for r in rows])
    return [r["text"] for r in rows], np.array([int(r["label"]) for r in rows]), weights


def vectorise(
    feats: list[dict[str, float]], vocab: dict[str, int] | None = None
) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Sparse matrix of feature dicts; builds a vocabulary (document frequency >= MIN_DF) if none given."""
    if vocab is None:
        df: dict[str, int] = {}
        for f in feats:
            for name in f:
                df[name] = df.get(name, 0) + 1
        vocab = {name: i for i, name in enumerate(sorted(n for n, c in df.items() if c >= MIN_DF))}
    rows, cols, vals = [], [], []
    for r, f in enumerate(feats):
        for name, v in f.items():
            j = vocab.get(name)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(v)
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(feats), len(vocab)), dtype=np.float64)
    return x, vocab


def _logistic(c: float) -> LogisticRegression:
    """L2 logistic regression with balanced classes and a fixed seed."""
    return LogisticRegression(
        C=c, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=SEED
    )


def word_columns(vocab: dict[str, int]) -> np.ndarray:
    """Mask of the vocabulary's word and word-pair columns."""
    names = sorted(vocab, key=vocab.__getitem__)
    return np.array([name.startswith(("w:", "b:")) for name in names], dtype=bool)


def fit(
    x: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, words: np.ndarray, mix: float = TFIDF_MIX
) -> tuple[np.ndarray, float]:
    """Average of a plain and a naive-Bayes-scaled logistic regression, folded into one weight vector.

    Both are linear in the same features, so the average is too: the shipped scorer stays a single
    dot product. The naive-Bayes log-count ratios sharpen rare but telling n-grams. With `mix` > 0 the
    result is averaged again, `mix` against 1 - `mix`, with `tfidf_words` (columns `words`).
    """
    plain = _logistic(C_PLAIN).fit(x, y, sample_weight=w)
    present = sparse.diags(w) @ (x > 0).astype(np.float64)
    pos = np.asarray(present[y == 1].sum(axis=0)).ravel() + 1.0
    neg = np.asarray(present[y == 0].sum(axis=0)).ravel() + 1.0
    ratio = np.log((pos / pos.sum()) / (neg / neg.sum()))
    scaled = _logistic(C_NB).fit(x @ sparse.diags(ratio), y, sample_weight=w)
    coef = 0.5 * plain.coef_[0] + 0.5 * scaled.coef_[0] * ratio
    coef[np.argsort(-np.abs(coef))[KEEP_FEATURES:]] = 0.0
    bias = float(0.5 * plain.intercept_[0] + 0.5 * scaled.intercept_[0])
    if mix:
        tfidf_coef, tfidf_bias = tfidf_words(x, y, w, words)
        coef = (1 - mix) * coef + mix * tfidf_coef
        bias = (1 - mix) * bias + mix * tfidf_bias
    return coef, bias


def tfidf_words(
    x: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, words: np.ndarray
) -> tuple[np.ndarray, float]:
    """Logistic regression over the word block scaled by smoothed IDF, the IDF folded into the weights.

    TF-IDF + LR in the shipped features, but for the row norm: the word block is binary and normalised
    by its size, not by its IDF-weighted length (which no per-feature weight can express), so rows are
    about as long as the mean IDF and C_TFIDF is small to match sklearn's regularisation.
    """
    cols = np.flatnonzero(words)
    xw = x[:, cols]
    df = np.asarray((xw > 0).sum(axis=0)).ravel()
    idf = np.log((1 + xw.shape[0]) / (1 + df)) + 1.0
    model = _logistic(C_TFIDF).fit(xw @ sparse.diags(idf), y, sample_weight=w)
    coef = np.zeros(x.shape[1])
    coef[cols] = model.coef_[0] * idf
    return coef, float(model.intercept_[0])


def predict(x: sparse.csr_matrix, coef: np.ndarray, bias: float) -> np.ndarray:
    """Logistic scores of a folded linear model."""
    return np.asarray(1.0 / (1.0 + np.exp(-(x @ coef + bias))))


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float, float, float]:
    """Threshold maximising F1 of the positive class, with its precision, recall and F1."""
    best = (0.5, 0.0, 0.0, 0.0)
    for t in np.arange(0.20, 0.90, 0.005):
        prf = prf1(y, p >= t)
        if prf[2] > best[3]:
            best = (float(t), *prf)
    return best


def prf1(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class."""
    tp = int(np.sum(pred & (y == 1)))
    prec = tp / max(int(pred.sum()), 1)
    rec = tp / max(int(y.sum()), 1)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-9)


def _splits(n: int, folds: int, forward: bool) -> Iterator[tuple[np.ndarray, int, int]]:
    """Training rows and held-out range of each of `folds` contiguous folds of `n` sentences.

    With `forward`, each fold after the first is held out from a model fit on the folds before it only,
    as a model meets later debates in use; the first fold is then never held out.
    """
    bounds = np.linspace(0, n, folds + 1).astype(int)
    for lo, hi in itertools.pairwise(bounds):
        if not forward:
            yield np.r_[0:lo, hi:n], lo, hi
        elif lo:
            yield np.arange(lo), lo, hi


def out_of_fold(
    n: int, folds: int, forward: bool, fit_predict: Callable[[np.ndarray, int, int], np.ndarray]
) -> np.ndarray:
    """Probabilities of the sentences each of `_splits` holds out, from `fit_predict(training rows, lo, hi)`
    of a model fit on its training rows; NaN where none is held out."""
    out = np.full(n, np.nan)
    for train, lo, hi in _splits(n, folds, forward):
        out[lo:hi] = fit_predict(train, lo, hi)
    return out


def cross_validate(
    feats: list[dict[str, float]],
    y: np.ndarray,
    w: np.ndarray,
    folds: int,
    forward: bool = False,
    mix: float = TFIDF_MIX,
) -> np.ndarray:
    """Out-of-fold probabilities of the model with contiguous (transcript-ordered) folds."""

    def fit_predict(train: np.ndarray, lo: int, hi: int) -> np.ndarray:
        x_tr, vocab = vectorise([feats[i] for i in train])
        x_te, _ = vectorise(feats[lo:hi], vocab)
        return predict(x_te, *fit(x_tr, y[train], w[train], word_columns(vocab), mix))

    return out_of_fold(len(y), folds, forward, fit_predict)


def tfidf_lr(train: list[str], y: np.ndarray, test: list[str]) -> np.ndarray:
    """Probabilities on `test` of TF-IDF (word 1-2-grams, sublinear) + logistic regression fit on `train`."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=MIN_DF)
    model = _logistic(1.0).fit(vectoriser.fit_transform(train), y)
    return np.asarray(model.predict_proba(vectoriser.transform(test))[:, 1])


def baseline(texts: list[str], y: np.ndarray, folds: int, forward: bool = False) -> np.ndarray:
    """Out-of-fold probabilities of TF-IDF + logistic regression on the same folds as `cross_validate`."""
    return out_of_fold(
        len(y),
        folds,
        forward,
        lambda train, lo, hi: tfidf_lr([texts[i] for i in train], y[train], texts[lo:hi]),
    )


def embedding_lr(train: np.ndarray, y: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Probabilities on `test` of a logistic regression over sentence embeddings fit on `train`."""
    return np.asarray(_logistic(C_EMBEDDING).fit(train, y).predict_proba(test)[:, 1])


def log_odds_mean(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Probabilities whose log-odds are the mean of those of `p` and `q` (NaN where either is)."""
    logit = np.log(p) - np.log1p(-p) + np.log(q) - np.log1p(-q)
    return np.asarray(1.0 / (1.0 + np.exp(-0.5 * logit)))


def _summary(name: str, y: np.ndarray, oof: np.ndarray) -> float:
    """Print out-of-fold P/R/F1 at the F1-optimal threshold and at 0.5; return that threshold."""
    scored = ~np.isnan(oof)
    y, oof = y[scored], oof[scored]
    threshold, p, r, f1 = best_threshold(y, oof)
    print(f"{name}: out-of-fold at threshold {threshold:.3f}: P={p:.3f} R={r:.3f} F1={f1:.3f}")
    print("{}: at raw 0.5: P={:.3f} R={:.3f} F1={:.3f}".format(name, *prf1(y, oof >= 0.5)))
    return threshold


def time_split(
    texts: list[str], feats: list[dict[str, float]], y: np.ndarray, w: np.ndarray, args: argparse.Namespace
) -> None:
    """For each fraction, train on the earlier sentences as for shipping, then score the most recent ones.

    Ends with a table of held-out P/R/F1 at the thresholds chosen on the earlier sentences and average
    precision, and the mean and spread of F1 over the fractions, for the model and (with --baseline)
    TF-IDF + LR and (with --embeddings) the model mixed with the embeddings' regression, side by side.
    """
    rows: dict[str, list[tuple[float, float, float, float, float]]] = {"model": []}
    if args.baseline:
        rows["TF-IDF + LR"] = []
    vectors = None
    if args.embeddings:
        vectors = np.load(args.embeddings)
        if len(vectors) != len(y):
            raise SystemExit(f"{args.embeddings} has {len(vectors)} rows for {len(y)} sentences")
        rows["model + embedding"] = []
    for fraction in args.recent:
        cut = round(len(y) * (1 - fraction))
        held = y[cut:]
        positive = int(held.sum())
        print(f"time split: train on the first {cut}, validate on the last {len(held)} ({positive} positive)")
        forward = args.threshold == "forward"
        if args.baseline:
            oof = baseline(texts[:cut], y[:cut], args.folds, forward)
            threshold = _summary("TF-IDF + LR (earlier)", y[:cut], oof)
            p = tfidf_lr(texts[:cut], y[:cut], texts[cut:])
            rows["TF-IDF + LR"].append(_held_out("TF-IDF + LR", held, p, threshold))
        oof = cross_validate(feats[:cut], y[:cut], w[:cut], args.folds, forward, args.tfidf_mix)
        threshold = _summary("model (earlier)", y[:cut], oof)
        x, vocab = vectorise(feats[:cut])
        coef, bias = fit(x, y[:cut], w[:cut], word_columns(vocab), args.tfidf_mix)
        p = predict(vectorise(feats[cut:], vocab)[0], coef, bias)
        rows["model"].append(_held_out("model", held, p, threshold))
        if vectors is not None:
            embedded = out_of_fold(
                cut,
                args.folds,
                forward,
                lambda train, lo, hi: embedding_lr(vectors[train], y[train], vectors[lo:hi]),
            )
            oof = log_odds_mean(oof, embedded)
            threshold = _summary("model + embedding (earlier)", y[:cut], oof)
            p = log_odds_mean(p, embedding_lr(vectors[:cut], y[:cut], vectors[cut:]))
            rows["model + embedding"].append(_held_out("model + embedding", held, p, threshold))
    print(f"\n{'held out':>8}" + "".join(f" | {name:^35}" for name in rows))
    print(" " * 8 + " | threshold     P     R    F1    AP" * len(rows))
    for i, fraction in enumerate(args.recent):
        print(
            f"{fraction:>8.0%}"
            + "".join(" | {:>9.3f} {:.3f} {:.3f} {:.3f} {:.3f}".format(*r[i]) for r in rows.values())
        )
    for name, results in rows.items():
        f1s = [r[3] for r in results]
        print(
            f"{name}: held-out F1 mean {np.mean(f1s):.3f}, sd {np.std(f1s):.3f}, min {min(f1s):.3f};"
            f" average precision mean {np.mean([r[4] for r in results]):.3f}"
        )


def _held_out(
    name: str, y: np.ndarray, p: np.ndarray, threshold: float
) -> tuple[float, float, float, float, float]:
    """Print held-out P/R/F1 at the threshold chosen on earlier sentences, at raw 0.5 and at the best one.

    Returns the threshold, the P/R/F1 at it and the average precision (which no threshold moves).
    """
    result = (threshold, *prf1(y, p >= threshold), float(average_precision_score(y, p)))
    print("{}: most recent, at threshold {:.3f}: P={:.3f} R={:.3f} F1={:.3f} AP={:.3f}".format(name, *result))
    print("{}: most recent, at raw 0.5: P={:.3f} R={:.3f} F1={:.3f}".format(name, *prf1(y, p >= 0.5)))
    print(
        "{}: most recent, best threshold {:.3f} (not usable, for reference): F1={:.3f}".format(
            name, *best_threshold(y, p)[::3]
        )
    )
    around = " ".join(f"{k * 0.025:+.3f}:{prf1(y, p >= threshold + k * 0.025)[2]:.3f}" for k in range(-4, 5))
    print(f"{name}: most recent, F1 with the threshold moved by {around}")
    return result


def main() -> None:
    """Cross-validate, choose the threshold, fit on everything and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--baseline", action="store_true", help="also cross-validate TF-IDF + LR")
    parser.add_argument(
        "--ufs-weight", type=float, default=UFS_WEIGHT, help="training weight of UFS sentences"
    )
    parser.add_argument(
        "--tfidf-mix",
        type=float,
        default=TFIDF_MIX,
        help="weight of a word-block TF-IDF logistic regression averaged into the model",
    )
    parser.add_argument(
        "--threshold",
        choices=("forward", "contiguous"),
        default="forward",
        help="choose the threshold on forward-chained (default) or on contiguous out-of-fold scores",
    )
    parser.add_argument(
        "--recent", type=float, nargs="+", help="hold out each of these most recent fractions; write nothing"
    )
    parser.add_argument(
        "--embeddings", type=Path, help="with --recent: sentence embeddings (.npy) to mix in, measured apart"
    )
    args = parser.parse_args()

    texts, y, w = load(args.train, args.ufs_weight)
    feats = [features(t) for t in texts]
    if args.recent:
        time_split(texts, feats, y, w, args)
        return
    print(f"{len(y)} sentences, {int(y.sum())} check-worthy; {args.folds} contiguous folds")
    if args.baseline:
        _summary("TF-IDF + LR", y, baseline(texts, y, args.folds))
    oof = cross_validate(feats, y, w, args.folds, mix=args.tfidf_mix)
    threshold = _summary("model", y, oof)
    if args.threshold == "forward":
        threshold = _summary(
            "model, forward-chained",
            y,
            cross_validate(feats, y, w, args.folds, forward=True, mix=args.tfidf_mix),
        )
        print(
            "model: contiguous folds at that threshold: P={:.3f} R={:.3f} F1={:.3f}".format(
                *prf1(y, oof >= threshold)
            )
        )

    x, vocab = vectorise(feats)
    coef, intercept = fit(x, y, w, word_columns(vocab), args.tfidf_mix)
    names = {j: name for name, j in vocab.items()}
    weights = {names[int(j)]: round(float(coef[j]), 4) for j in np.flatnonzero(coef)}
    shift = math.log(threshold / (1 - threshold)) - math.log(CLAIM_THRESHOLD / (1 - CLAIM_THRESHOLD))
    payload = {"threshold": CLAIM_THRESHOLD, "bias": round(intercept - shift, 4), "weights": weights}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights, {args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
