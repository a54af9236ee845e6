"""Evaluate statement deduplication on PolNeAR quotes with synthetic variants and hard negatives.

Usage: python scripts/eval_dedup.py POLNEAR_TRAIN_JSONL [--seed N] [--variants N] [--show N]
                                    [--fill N] [--extract | --pairs [--claims]]

Every direct quote and quoted segment of the corpus is a mention. Labelled pairs are scored:
cross-publisher corpus pairs (the same remark when one is mostly a contiguous run of the other, or the
same short words; different when they share under half), and for a sample of quotes realistic outlet
variants (truncation, ellipsis, editorial brackets, punctuation, word swaps, speaker changes, a longer
quotation) and hard negatives (a shared phrase only, the same words by another named person, generic
fragments inside long quotes). All mentions go through `MemoryIndex` in a seeded random order;
pairwise precision/recall/F1 are printed overall and per pair type, with candidates per query and time
per decision. `--fill N` first stores N distinct statement-like texts (scale test); `--extract` also
runs every article through the quote extractor and scores corpus pairs by the statements of the
extracted mentions overlapping them.

`--pairs` measures what the acceptance set holds instead: cross-outlet pairs of the mentions *as
extracted* from whole articles (the service's own mentions, all lengths), each pair sharing words labelled
by a reference rule independent of the matcher (`pair_label`), and every pair the index joined judged by
it too (joins it cannot label are counted apart). Printed overall, by length, per pair type, by mention
kind and per outlet pair, with how many missed pairs match when compared alone (`match_alone`: apart only
because each mention joins one statement). No threshold is fitted to these figures. With `--claims` the
mentions are the articles' check-worthy claims instead, posted and looked up as the store does claims
(`sentence_keys`).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.match import MemoryIndex, compare_speakers, normalize
from service.match.normalize import informative
from service.match.score import PASSAGE_MIN_WORDS, Candidate, choose_statement
from service.match.speakers import speaker_name_words

GENERIC = [
    "very good",
    "we will see",
    "thank you",
    "a lot of people",
    "I don't know",
    "it's a disaster",
    "very, very strong",
    "a great honor",
    "we'll see what happens",
    "the American people",
    "believe me",
    "not going to happen",
]
BRACKETS = ["[the president]", "[Trump]", "[sic]", "[the campaign]", "(inaudible)", "[Clinton]"]
PRONOUNS = {"he", "she", "they", "it", "this", "that", "we"}


@dataclass
class Item:
    text: str
    speaker: str | None
    kind: str
    source: int = -1
    publisher: str = ""


def load_quotes(path: Path) -> list[tuple[str, str | None, str, int]]:
    """(text, speaker, publisher, index of the article's next quote or -1) for every direct quote and
    quoted segment."""
    out: list[tuple[str, str | None, str, int]] = []
    for line in path.open(encoding="utf-8"):
        art = json.loads(line)
        texts: list[tuple[str, str | None]] = []
        for q in art["quotes"]:
            if q["type"] == "direct":
                texts.append((q["text"], q["speaker"]))
            elif q["type"] == "mixed":
                texts.extend((s["text"], q["speaker"]) for s in q["quoted_segments"])
        texts = [(t, s) for t, s in texts if normalize(t)]
        for i, (text, speaker) in enumerate(texts):
            out.append((text, speaker, art["publisher"], len(out) + 1 if i + 1 < len(texts) else -1))
    return out


def natural_pairs(norms: list[str], speakers: list[str | None]) -> list[tuple[int, int, str]]:
    """Labelled pairs of corpus quotes sharing a word 3-gram (or, for short ones, their whole text).
    `same`: the shorter has six or more words and is mostly a contiguous run of the longer (or both are
    mostly the same words), speakers not two different names. `same_short`: the same two to five words,
    speakers not two different names. `different`: under half of the shorter is shared.
    Anything in between is left unlabelled."""
    grams: defaultdict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(norms):
        w = n.split()
        for g in {" ".join(w[k : k + 3]) for k in range(len(w) - 2)} | ({n} if 2 <= len(w) <= 5 else set()):
            grams[g].append(i)
    seen: set[tuple[int, int]] = set()
    out: list[tuple[int, int, str]] = []
    for ids in grams.values():
        if len(ids) > 60:
            continue
        for i, j in combinations(ids, 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            a, b = norms[i].split(), norms[j].split()
            short = min(len(a), len(b))
            m = SequenceMatcher(None, a, b, autojunk=False)
            run = m.find_longest_match(0, len(a), 0, len(b)).size
            common = sum(block.size for block in m.get_matching_blocks())
            agree = compare_speakers(speakers[i], speakers[j]) != "different"
            if (run >= max(6, 0.8 * short) or common >= 0.85 * max(len(a), len(b))) and short >= 6:
                if agree:
                    out.append((i, j, "same"))
            elif a == b and agree:
                out.append((i, j, "same_short"))
            elif common < 0.5 * short:
                out.append((i, j, "different"))
    return out


def _words(text: str) -> list[str]:
    return text.split()


def v_trunc_start(t: str, r: random.Random) -> str | None:
    w = _words(t)
    if len(w) < 8:
        return None
    k = r.randint(1, max(1, int(len(w) * 0.4)))
    return ("… " if r.random() < 0.3 else "") + " ".join(w[k:])


def v_trunc_end(t: str, r: random.Random) -> str | None:
    w = _words(t)
    if len(w) < 8:
        return None
    k = r.randint(1, max(1, int(len(w) * 0.4)))
    return " ".join(w[:-k]) + (" ..." if r.random() < 0.3 else "")


def v_ellipsis(t: str, r: random.Random) -> str | None:
    w = _words(t)
    if len(w) < 12:
        return None
    i = r.randint(3, len(w) - 6)
    j = min(len(w) - 3, i + r.randint(2, max(2, len(w) // 3)))
    return " ".join(w[:i]) + r.choice([" ... ", " … ", " . . . "]) + " ".join(w[j:])


def v_bracket(t: str, r: random.Random) -> str | None:
    w = _words(t)
    if len(w) < 4:
        return None
    prons = [i for i, x in enumerate(w) if x.lower() in PRONOUNS]
    if prons and r.random() < 0.6:
        w[r.choice(prons)] = r.choice(BRACKETS)
    elif r.random() < 0.5 and w[0][:1].isalpha():
        w[0] = f"[{w[0][0].swapcase()}]{w[0][1:]}"
    else:
        w.insert(r.randint(1, len(w) - 1), r.choice(BRACKETS))
    return " ".join(w)


def v_punct(t: str, r: random.Random) -> str | None:
    out = t.replace("’", "'").replace("“", '"').replace("”", '"') if r.random() < 0.5 else t.replace("'", "’")
    out = re.sub(r"[,;:]", "" if r.random() < 0.5 else ",", out)
    out = out.replace("—", " -- ").replace("–", "-").rstrip(".!?") + r.choice([".", "", "!", "…"])
    if r.random() < 0.5:
        out = out[:1].swapcase() + out[1:]
    return out if out != t else out + ","


def v_swap(t: str, r: random.Random, vocab: list[str]) -> str | None:
    w = _words(t)
    if len(w) < 7:
        return None
    for i in r.sample(range(len(w)), 1 if len(w) < 14 else r.randint(1, 2)):
        w[i] = r.choice(vocab)
    return " ".join(w)


VARIANTS: dict[str, Callable[[str, random.Random], str | None]] = {
    "trunc_start": v_trunc_start,
    "trunc_end": v_trunc_end,
    "ellipsis_mid": v_ellipsis,
    "bracket": v_bracket,
    "punctuation": v_punct,
}


@dataclass
class Pair:
    a: int
    b: int
    same: bool
    kind: str
    alt: int = -1


NEGATIVE_KINDS = (
    "misattributed",
    "same_words_other_speaker",
    "shared_phrase",
    "generic",
    "natural_different",
)


def build(path: Path, seed: int, n_variants: int) -> tuple[list[Item], list[Pair]]:
    """All mentions (corpus quotes, variants, negatives) and the labelled pairs to score."""
    r = random.Random(seed)
    quotes = load_quotes(path)
    norms = [normalize(q[0]) for q in quotes]
    items = [Item(t, s, "base", publisher=p) for t, s, p, _ in quotes]
    labelled = [
        Pair(i, j, label != "different", f"natural_{label}")
        for i, j, label in natural_pairs(norms, [q[1] for q in quotes])
        if quotes[i][2] != quotes[j][2]
    ]
    vocab = [w for n in norms for w in n.split() if len(w) > 3]
    names = sorted({s for _, s, _, _ in quotes if s and speaker_name_words(s)})

    def other_name(s: str | None) -> str:
        while True:
            cand = r.choice(names)
            if compare_speakers(cand, s) == "different":
                return cand

    def emit(text: str, speaker: str | None, kind: str, source: int, same: bool, alt: int = -1) -> None:
        items.append(Item(text, speaker, kind, source))
        labelled.append(Pair(len(items) - 1, source, same, kind, alt))

    order = r.sample(range(len(quotes)), len(quotes))
    made: defaultdict[str, int] = defaultdict(int)
    for i in order:
        text, speaker, _, nxt = quotes[i]
        kind = r.choice(
            [
                *VARIANTS,
                "swap",
                "combo",
                "unknown_speaker",
                "described_speaker",
                "misattributed_passage",
                "extended",
            ]
        )
        if made[kind] >= n_variants:
            continue
        var: str | None
        spk = speaker
        if kind in VARIANTS:
            var = VARIANTS[kind](text, r)
        elif kind == "swap":
            var = v_swap(text, r, vocab)
        elif kind == "combo":
            first, second = r.sample(list(VARIANTS.values()), 2)
            step = first(text, r)
            var = second(step, r) if step else None
        elif kind == "unknown_speaker":
            var, spk = (v_punct(text, r), None) if len(_words(text)) >= 3 else (None, None)
        elif kind == "misattributed_passage":
            # A long passage under another name is the same remark misattributed (joined, flagged).
            ok = len(normalize(text).split()) >= PASSAGE_MIN_WORDS and speaker_name_words(speaker)
            var, spk = (v_punct(text, r), other_name(speaker)) if ok else (None, None)
        elif kind == "described_speaker":
            words = sorted(speaker_name_words(speaker))
            ok = len(_words(text)) >= 3 and words
            var, spk = (
                (text, r.choice(["the candidate", "a spokesman", words[-1].title()])) if ok else (None, None)
            )
        else:
            var = f"{text} {quotes[nxt][0]}" if nxt >= 0 and len(_words(text)) >= 4 else None
        if var and normalize(var):
            # A quote extended by the next one is the same remark as either of them.
            emit(var, spk, kind, i, True, nxt if kind == "extended" else -1)
            made[kind] += 1

    used = {p.b for p in labelled if p.kind in made}
    for kind in ("misattributed", "shared_phrase", "same_words_other_speaker"):
        for i in order[::-1]:
            if i in used:
                continue
            if made[kind] >= n_variants:
                break
            text, speaker, _, _ = quotes[i]
            w = _words(text)
            short = len(normalize(text).split()) < PASSAGE_MIN_WORDS
            if kind == "misattributed" and len(w) >= 4 and short and speaker_name_words(speaker):
                # The same few words under another named person are another statement by design.
                emit(text, other_name(speaker), kind, i, False)
            elif kind == "shared_phrase" and len(w) >= 10:
                k = r.randint(3, 4)
                start = r.randint(0, len(w) - k)
                filler = r.sample(vocab, 9)
                emit(" ".join(filler[:4] + w[start : start + k] + filler[4:]), speaker, kind, i, False)
            elif kind == "same_words_other_speaker" and 2 <= len(w) <= 6 and speaker_name_words(speaker):
                emit(text, other_name(speaker), kind, i, False)
            else:
                continue
            made[kind] += 1

    for phrase in GENERIC:
        key = f" {normalize(phrase)} "
        hosts = [i for i, n in enumerate(norms) if key in f" {n} " and len(n.split()) >= 10]
        for host in hosts[:4]:
            emit(phrase, r.choice([None, r.choice(names)]), "generic", host, False)
    return items, labelled


def fillers(path: Path, n: int, seed: int) -> list[str]:
    """`n` distinct statement-like texts: article sentences with a third of their words replaced, so the
    index holds realistic vocabulary and stock phrases without true matches for the evaluated quotes."""
    r = random.Random(seed)
    sentences = [
        s.split()
        for line in path.open(encoding="utf-8")
        for s in re.split(r"(?<=[.!?])\s+", json.loads(line)["text"])
        if 6 <= len(s.split()) <= 60
    ]
    vocab = [w for s in sentences for w in s]
    out = []
    for _ in range(n):
        words = list(r.choice(sentences))
        for k in r.sample(range(len(words)), len(words) // 3):
            words[k] = r.choice(vocab)
        out.append(" ".join(words))
    return out


def extracted_eval(path: Path, kinds: set[str], service_policy: bool = False) -> None:
    """The acceptance procedure on this file: every article through the quote extractor and the index;
    a labelled pair of corpus quotes counts as joined when mentions overlapping both share a statement.

    With `service_policy`, mentions are chosen as the service does: reported speech that is only a partial
    quote carries that quote's statement, and quotes nested in one another are kept apart.
    """
    from service.extract.quotes import extract_quotes
    from service.match.compare import marked_within, nested, reported_content

    spans: list[tuple[int, int, int]] = []
    texts: list[tuple[str, str | None]] = []
    publishers: list[str] = []
    mentions: defaultdict[int, list[tuple[int, int, int]]] = defaultdict(list)
    index = MemoryIndex()
    t0, n_mentions = time.perf_counter(), 0
    for art_no, line in enumerate(path.open(encoding="utf-8")):
        art = json.loads(line)
        for q in art["quotes"]:
            segs = [q] if q["type"] == "direct" else q["quoted_segments"] if q["type"] == "mixed" else []
            for seg in segs:
                if normalize(seg["text"]):
                    spans.append((art_no, seg["start"], seg["end"]))
                    texts.append((seg["text"], q["speaker"]))
                    publishers.append(art["publisher"])
        quotes = extract_quotes(art["text"])
        carried = marked_within(quotes) if service_policy else {}
        apart = nested(quotes) if service_policy else {}
        linked: dict[str, str] = {}
        # As the service does: marked quotes first, reported speech after them, carried speech last.
        ordered = sorted(quotes, key=lambda q: (q.id in carried, service_policy and q.kind == "indirect"))
        for quote in ordered:
            if quote.kind not in kinds:
                continue
            if quote.id in carried:
                sid = linked[carried[quote.id]]
            else:
                away = {linked[q] for q in apart.get(quote.id, ()) if q in linked}
                reported = service_policy and quote.kind == "indirect"
                text = reported_content(quote.text) if reported else quote.text
                sid, _ = index.add(
                    text, quote.speaker.name if quote.speaker else None, apart=away, reported=reported
                )
                n_mentions += 1
            linked[quote.id] = sid
            mentions[art_no].extend((f.start, f.end, int(sid[1:])) for f in quote.fragments)
    elapsed = time.perf_counter() - t0

    def sids(k: int) -> set[int]:
        art_no, start, end = spans[k]
        return {sid for s, e, sid in mentions[art_no] if s < end and start < e}

    labelled = [
        (i, j, label)
        for i, j, label in natural_pairs([normalize(t) for t, _ in texts], [s for _, s in texts])
        if publishers[i] != publishers[j]
    ]
    policy = ", service policy" if service_policy else ""
    names = ", ".join(sorted(kinds))
    print(f"extracted mentions={n_mentions} ({names}{policy}) statements={len(index.statements)}")
    per_query = index.candidates_seen / n_mentions
    print(f"  {elapsed:.1f} s for extraction + matching, candidates/query={per_query:.2f}")
    for name, labels in (("all", {"same", "same_short"}), ("six+ words", {"same"})):
        pairs = [
            (i, j, label in labels) for i, j, label in labelled if label in labels or label == "different"
        ]
        tp = sum(1 for i, j, same in pairs if same and sids(i) & sids(j))
        fn = sum(1 for i, j, same in pairs if same and not sids(i) & sids(j))
        fp = sum(1 for i, j, same in pairs if not same and sids(i) & sids(j))
        missing = sum(1 for i, j, same in pairs if same and not (sids(i) and sids(j)))
        print(f"  corpus pairs ({name}) {prf(tp, fp, fn)}; same pairs lacking a mention: {missing}")


PAIR_TYPES = ("short_equal", "short_within", "within", "ellipsis", "similar", "overlap")


@dataclass
class Mention:
    article: int
    publisher: str
    kind: str
    text: str
    norm: str
    speaker: str | None
    statement: str = ""
    nests: tuple[int, ...] = ()
    """Mentions of the same article whose span lies within this one's."""


def extract_mentions(path: Path, index: MemoryIndex) -> tuple[list[Mention], list[float]]:
    """Every article's own mentions as the service takes them (`compare.own_mentions`: reported speech
    by its content, speech that is only a marked quote carried by that quote, nested quotes kept
    apart), each added to `index` in article order; with the seconds each decision took."""
    from service.extract.quotes import extract_quotes
    from service.match.compare import nested, own_mentions, reported_content

    out: list[Mention] = []
    times: list[float] = []
    for art_no, line in enumerate(path.open(encoding="utf-8")):
        art = json.loads(line)
        quotes = extract_quotes(art["text"])
        apart = nested(quotes)
        linked: dict[str, str] = {}
        numbered: dict[str, int] = {}
        for quote in own_mentions(quotes):
            text = reported_content(quote.text) if quote.kind == "indirect" else quote.text
            speaker = quote.speaker.name if quote.speaker else None
            away = {linked[q] for q in apart.get(quote.id, ()) if q in linked}
            t0 = time.perf_counter()
            sid, _ = index.add(
                text, speaker, apart=away, outlet=art["publisher"], reported=quote.kind == "indirect"
            )
            times.append(time.perf_counter() - t0)
            linked[quote.id] = sid
            norm = normalize(text)
            if norm:
                numbered[quote.id] = len(out)
                out.append(Mention(art_no, art["publisher"], quote.kind, text, norm, speaker, sid))
        spans = {q.id: (q.fragments[0].start, q.fragments[-1].end) for q in quotes if q.fragments}
        for qid, k in numbered.items():
            start, end = spans[qid]
            inside = (o for o in apart.get(qid, ()) if o in numbered)
            out[k].nests = tuple(numbered[o] for o in inside if start <= spans[o][0] <= spans[o][1] <= end)
    return out, times


def extract_claims(path: Path, index: MemoryIndex) -> tuple[list[Mention], list[float]]:
    """Every article's check-worthy claims as the service extracts them, each added to `index` in article
    order (as the store links claims: by the claim's own speaker, if any); with the seconds each decision
    took."""
    from service.extract import extract

    out: list[Mention] = []
    times: list[float] = []
    for art_no, line in enumerate(path.open(encoding="utf-8")):
        art = json.loads(line)
        for claim in extract(art["text"]).claims:
            t0 = time.perf_counter()
            sid, _ = index.add(claim.text, claim.speaker, outlet=art["publisher"])
            times.append(time.perf_counter() - t0)
            norm = normalize(claim.text)
            if norm:
                out.append(Mention(art_no, art["publisher"], "claim", claim.text, norm, claim.speaker, sid))
    return out, times


def pair_label(a: list[str], b: list[str], speakers: str, reported: bool) -> tuple[bool, str] | None:
    """The reference label of two mentions' normalised words: (same remark?, pair type), or None when
    neither rule is sure. Independent of the matcher: plain longest-common-run and in-order word counts.

    Same remark (speakers not two different names, unless they share a ten-word passage; when either is
    reported speech, a paraphrase, both attributed to the same named person): `short_equal` the same two
    to five words (a single word only from the same named person); `short_within` two to five words with
    at least two content words, found in a row inside a longer mention, both attributed to the same
    named person; and for six or more words, `similar` the same words bar a few edits, `within` the
    shorter mostly one run of the longer, `ellipsis` mostly the longer's words in order but in several
    runs of three or more (cuts, ellipses), `overlap` each quotes a different stretch sharing a run of
    eight or more words; the shared run (or the shorter, for cuts) holding three content words or more.
    Different remarks: under half of the shorter's words in common and no run of four, or two different
    named speakers without a ten-word shared passage.
    """
    short_w, long_w = (a, b) if len(a) <= len(b) else (b, a)
    short, long = len(short_w), len(long_w)
    m = SequenceMatcher(None, short_w, long_w, autojunk=False)
    longest = m.find_longest_match(0, short, 0, long)
    run = longest.size
    # Lone shared words are coincidence; cuts leave runs of three or more.
    blocks = [block.size for block in m.get_matching_blocks()]
    common = sum(size for size in blocks if size >= min(2, short))
    cut = sum(size for size in blocks if size >= 3)
    agree = speakers in ("same", "related")
    if speakers == "different" and run < 10:
        return False, "different_speakers"
    if common < 0.5 * short and run < 4:
        return False, "different"
    if reported and not agree:
        return None
    if short < 6:
        if a == b and (short >= 2 or agree):
            return True, "short_equal"
        content = len(set(informative(short_w)))
        if run == short >= 2 and content >= 2 and agree:
            return True, "short_within"
        return None
    if common >= 0.85 * long:
        return True, "similar"
    run_content = len(informative(short_w[longest.a : longest.a + run]))
    if run >= 0.8 * short and run_content >= 3:
        return True, "within"
    if cut >= 0.85 * short and run >= 4 and len(informative(short_w)) >= 3:
        return True, "ellipsis"
    if run >= 8 and run_content >= 3:
        return True, "overlap"
    return None


def statement_members(mentions: list[Mention]) -> dict[str, list[int]]:
    by_statement: defaultdict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_statement[m.statement].append(i)
    return by_statement


def mention_pairs(mentions: list[Mention]) -> dict[tuple[int, int], tuple[bool, str]]:
    """Labelled cross-outlet pairs: every pair sharing a word 3-gram, a short text whole, or a two-word
    text inside the other, plus every pair the index joined (so each predicted pair is judged)."""
    keys: defaultdict[str, list[int]] = defaultdict(list)
    twos: defaultdict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        w = m.norm.split()
        grams = {" ".join(w[k : k + 3]) for k in range(len(w) - 2)}
        if len(w) <= 5:
            grams.add(m.norm)
        for g in grams:
            keys[g].append(i)
        if len(w) == 2:
            twos[m.norm].append(i)
    for i, m in enumerate(mentions):
        w = m.norm.split()
        if len(w) > 2:
            for g in {" ".join(w[k : k + 2]) for k in range(len(w) - 1)} & twos.keys():
                keys["2:" + g].extend([i, *twos[g]])
    by_statement = statement_members(mentions)
    candidates: set[tuple[int, int]] = set()
    for ids in [*keys.values(), *by_statement.values()]:
        if len(ids) <= 200:
            candidates.update((i, j) if i < j else (j, i) for i, j in combinations(set(ids), 2))
    out = {}
    # Reported speech holding a quote (`Trump's call for "a total and complete shutdown …"`) is paired
    # through the quote inside it, which is its own mention.
    holders = {i for i, m in enumerate(mentions) if m.nests}
    for i, j in candidates:
        a, b = mentions[i], mentions[j]
        if a.publisher == b.publisher:
            continue
        reported = "indirect" in (a.kind, b.kind)
        label = pair_label(a.norm.split(), b.norm.split(), compare_speakers(a.speaker, b.speaker), reported)
        if label is not None:
            out[(i, j)] = label
    for (i, j), (same, _) in list(out.items()):
        if not same:
            continue
        for holder, other in ((i, j), (j, i)):
            if holder in holders and any(
                out.get((min(k, other), max(k, other)), (False, ""))[0] for k in mentions[holder].nests
            ):
                del out[(i, j)]
                break
    return out


def match_alone(a: Mention, b: Mention) -> bool:
    """Whether either of two mentions joins the other's statement when it is the only one stored. A missed
    pair that does is apart because each mention joins one statement and statements never merge: a phrase
    found in several remarks joins one of them, and a long quote holding two stored ones joins one."""

    def alone(m: Mention) -> list[Candidate]:
        return [Candidate("s", m.norm, m.speaker, (m.norm,), reported=m.kind == "indirect")]

    return any(choose_statement(x.norm, x.speaker, alone(y)) is not None for x, y in ((a, b), (b, a)))


def mention_pairs_eval(path: Path, show: int = 0, claims: bool = False) -> None:
    """Cross-outlet pairs of mentions as extracted from whole articles, all lengths, as the held-out
    acceptance set is built: P/R/F1 overall, by length, per pair type, by mention kinds and per outlet
    pair, with candidates per query and time per decision. `claims`: the articles' claims instead, indexed
    as the store indexes claims."""
    index = MemoryIndex(sentences=claims)
    mentions, times = (extract_claims if claims else extract_mentions)(path, index)
    pairs = mention_pairs(mentions)

    def joined(i: int, j: int) -> bool:
        return mentions[i].statement == mentions[j].statement

    def line(name: str, chosen: list[tuple[int, int]]) -> None:
        tp = sum(1 for p in chosen if pairs[p][0] and joined(*p))
        fn = sum(1 for p in chosen if pairs[p][0] and not joined(*p))
        fp = sum(1 for p in chosen if not pairs[p][0] and joined(*p))
        print(f"  {name:34s} {prf(tp, fp, fn)}")

    ms = sorted(t * 1000 for t in times)
    print(
        f"mention pairs: mentions={len(mentions)} statements={len(index.statements)} "
        f"labelled cross-outlet pairs={len(pairs)} (same={sum(s for s, _ in pairs.values())})"
    )
    print(
        f"  candidates/query={index.candidates_seen / len(times):.2f} "
        f"decision mean={statistics.mean(ms):.3f} ms p50={ms[len(ms) // 2]:.3f} ms "
        f"p99={ms[int(len(ms) * 0.99)]:.3f} ms"
    )
    joined_pairs = {
        (i, j)
        for ids in statement_members(mentions).values()
        for i, j in combinations(sorted(ids), 2)
        if mentions[i].publisher != mentions[j].publisher
    }
    unsure = joined_pairs - pairs.keys()
    print(f"  joined cross-outlet pairs={len(joined_pairs)}, of them with no reference label={len(unsure)}")
    for p in sorted(unsure)[:show]:
        print(f"      unlabelled join: {mentions[p[0]].text[:160]!r} [{mentions[p[0]].speaker}]")
        print(f"                  {mentions[p[1]].text[:160]!r} [{mentions[p[1]].speaker}]")
    every = list(pairs)
    negatives = [p for p in every if not pairs[p][0]]
    line("all", every)
    lost = [p for p in every if pairs[p][0] and not joined(*p)]
    alone = sum(1 for i, j in lost if match_alone(mentions[i], mentions[j]))
    print(f"  missed pairs that match when compared alone: {alone} of {len(lost)}")

    def shorter(p: tuple[int, int]) -> int:
        return min(len(mentions[k].norm.split()) for k in p)

    line("shorter 2-5 words", [p for p in every if shorter(p) < 6])
    line("shorter 6+ words", [p for p in every if shorter(p) >= 6])
    for kind in PAIR_TYPES:
        line(f"type {kind} (+ all negatives)", [p for p in every if pairs[p][1] == kind] + negatives)
    for name, test in (
        ("direct/partial both", lambda p: all(mentions[k].kind != "indirect" for k in p)),
        ("reported speech in either", lambda p: any(mentions[k].kind == "indirect" for k in p)),
    ):
        line(name, [p for p in every if test(p)])
    outlets = sorted({m.publisher for m in mentions})
    for x, y in combinations(outlets, 2):
        line(f"{x} ~ {y}", [p for p in every if {mentions[k].publisher for k in p} == {x, y}])
    for kind in PAIR_TYPES:
        missed = [p for p in every if pairs[p] == (True, kind) and not joined(*p)]
        for p in missed[:show]:
            print(f"      miss {kind}: {mentions[p[0]].text[:160]!r} [{mentions[p[0]].speaker}]")
            print(f"                  {mentions[p[1]].text[:160]!r} [{mentions[p[1]].speaker}]")
    wrong = [p for p in every if not pairs[p][0] and joined(*p)]
    for p in wrong[:show]:
        print(f"      false join ({pairs[p][1]}): {mentions[p[0]].text[:160]!r} [{mentions[p[0]].speaker}]")
        print(f"                  {mentions[p[1]].text[:160]!r} [{mentions[p[1]].speaker}]")


def prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * rc / (p + rc) if p + rc else 0.0
    return f"P={p:.3f} R={rc:.3f} F1={f:.3f} (tp={tp} fp={fp} fn={fn})"


def joined(p: Pair, pred: list[str]) -> bool:
    return pred[p.a] == pred[p.b] or (p.alt >= 0 and pred[p.a] == pred[p.alt])


def score(labelled: list[Pair], pred: list[str]) -> str:
    tp = sum(1 for p in labelled if p.same and joined(p, pred))
    fn = sum(1 for p in labelled if p.same and not joined(p, pred))
    fp = sum(1 for p in labelled if not p.same and joined(p, pred))
    return prf(tp, fp, fn)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--variants", type=int, default=150, help="mentions per variant type")
    ap.add_argument("--show", type=int, default=0, help="print this many errors per type")
    ap.add_argument("--fill", type=int, default=0, help="statements to store before evaluating (scale test)")
    ap.add_argument("--extract", action="store_true", help="also run the quote extractor end to end")
    ap.add_argument(
        "--pairs", action="store_true", help="only cross-outlet pairs of extracted mentions, all lengths"
    )
    ap.add_argument("--claims", action="store_true", help="with --pairs: the claims instead of the quotes")
    args = ap.parse_args(argv)
    if args.pairs:
        mention_pairs_eval(args.path, args.show, args.claims)
        return
    if args.extract:
        extracted_eval(args.path, {"direct", "partial"})
        extracted_eval(args.path, {"direct", "partial", "indirect"})
        extracted_eval(args.path, {"direct", "partial", "indirect"}, service_policy=True)

    items, labelled = build(args.path, args.seed, args.variants)
    arrival = random.Random(args.seed + 1).sample(range(len(items)), len(items))
    index = MemoryIndex()
    if args.fill:
        t0 = time.perf_counter()
        for text in fillers(args.path, args.fill, args.seed):
            index.add(text, None)
        index.candidates_seen = 0
        print(f"filled {len(index.statements)} statements in {time.perf_counter() - t0:.1f} s")
    pred = [""] * len(items)
    times, decide = [], []
    for i in arrival:
        t0 = time.perf_counter()
        index.match(items[i].text, items[i].speaker)
        t1 = time.perf_counter()
        pred[i], _ = index.add(items[i].text, items[i].speaker)
        decide.append(t1 - t0)
        times.append(time.perf_counter() - t1)

    sizes = sorted((sum(w.count for w in s.wordings) for s in index.statements.values()), reverse=True)
    print(f"mentions={len(items)} statements={len(index.statements)} largest={sizes[:5]}")
    print(f"labelled pairs     {score(labelled, pred)}")
    natural = [p for p in labelled if p.kind.startswith("natural")]
    print(f"natural pairs only {score(natural, pred)}")
    by_kind: defaultdict[str, list[Pair]] = defaultdict(list)
    for p in labelled:
        by_kind[p.kind].append(p)
    for kind in sorted(by_kind, key=lambda k: (k in NEGATIVE_KINDS, k)):
        ps = by_kind[kind]
        wrong = [p for p in ps if joined(p, pred) != p.same]
        what = "kept apart" if kind in NEGATIVE_KINDS else "joined"
        print(f"  {kind:26s} n={len(ps):5d} {what}={1 - len(wrong) / len(ps):.3f}")
        for p in wrong[: args.show]:
            print(f"      - {items[p.a].text[:200]!r} [{items[p.a].speaker}]")
            print(f"        {items[p.b].text[:200]!r} [{items[p.b].speaker}]")

    print(f"candidates/query={index.candidates_seen / len(items):.2f}")
    for name, values in (("decide (match only)", decide), ("add (match + update)", times)):
        ms = sorted(t * 1000 for t in values)
        print(
            f"{name:22s} mean={statistics.mean(ms):.3f} ms p50={ms[len(ms) // 2]:.3f} ms "
            f"p99={ms[int(len(ms) * 0.99)]:.3f} ms max={ms[-1]:.2f} ms"
        )


if __name__ == "__main__":
    main()
