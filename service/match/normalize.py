"""Quote text normalisation and the inverted-index keys derived from it."""

from __future__ import annotations

import heapq
import re
import unicodedata
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import lru_cache, wraps
from typing import NamedTuple, TypeVar

__all__ = [
    "INVISIBLE",
    "MAX_CANDIDATES",
    "MAX_POSTING",
    "PHRASE_MAX_WORDS",
    "SHORT_WORDS",
    "STOPWORDS",
    "index_keys",
    "informative",
    "normalize",
    "query_keys",
    "rank_candidates",
    "sentence_keys",
    "surface_words",
]

_Id = TypeVar("_Id", str, bytes)

MAX_CANDIDATES = 16
MAX_POSTING = 1000
RANK_FLOOR = 0.05
"""A candidate weighing under this share of the best one's weight is not offered (`rank_candidates`)."""
SHORT_WORDS = 6
PHRASE_MAX_WORDS = 5
"""The longest text treated as a phrase that may be quoted from inside a longer remark."""
LONG_WORDS = 16
"""The longest text that posts and looks up every word trigram; a longer one uses a sample."""
SAMPLE_WINDOW = 4
"""A text over `LONG_WORDS` words posts and looks up, of every run of this many consecutive trigrams, the
content trigram with the lowest checksum (winnowing): about two in five of its trigrams, and any passage of
six words it shares with another text includes a trigram that both sides use (a shorter text uses all)."""

# Combining marks left by NFKD (accents); the Unicode blocks they live in, so one C-level pass drops them.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Characters that show nothing (a soft hyphen, zero-width spaces and joiners): a word holding them is the
same word."""
_APOSTROPHES = {"’‘ʼ′`´": "'", INVISIBLE: ""}
_IN_WORD_BRACKET = re.compile(r"\[(\w{1,3})\](?=\w)|(?<=\w)\[(\w{1,3})\]")
# Brackets and parentheses inside quotes are editorial ("[the president]", "(laughter)"); the
# speaker's words rarely contain them, so dropping them makes variants agree.
_EDITORIAL = re.compile(r"\[[^\[\]]*\]|\([^()]*\)")
# Outlets differ on contractions ("can't" / "cannot", "we're" / "we are"); spell them out.
# Each with a substring every match contains: most texts lack it, and a substring test is far cheaper
# than a regex pass.
_CONTRACTIONS = [
    (re.compile(r"\b(can)'?t\b|\bcannot\b"), "can not", "can"),
    (re.compile(r"\bwon't\b"), "will not", "won't"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not", "n't"),
    (re.compile(r"\b(\w+)'re\b"), r"\1 are", "'re"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will", "'ll"),
    (re.compile(r"\b(\w+)'ve\b"), r"\1 have", "'ve"),
    (re.compile(r"\bi'm\b"), "i am", "i'm"),
    # `'s` after a pronoun is read `is` (a word's own, as the diff reads words one at a time, cannot tell
    # `it's been` is `has`); after a noun it is a possessive.
    (re.compile(r"\b(it|that|there|here|what|who|where|he|she)'s\b"), r"\1 is", "'s"),
]
_QUOTE_MARKS = "\"“”«»„‘’'"
_PER_CENT = re.compile(r"\bper\s+cent\b")
"""`per cent`, as British houses write `percent` (and `%`): one word."""
_BRITISH = re.compile(
    r"(?<=\w\w)([iy])s(?=e\b|es\b|ed\b|ing\b|ation|er\b|ers\b)"  # recognise, organisation, analyse
    r"|\b(colo|hono|labo|favo|neighbo|behavio|harbo|humo|rumo|vapo|vigo|armo|flavo|endeavo|savo|parlo|odo"
    r"|cando|valo|splendo|rigo|tumo|ferv|ard)ur"  # colour, honourable, favourite
    r"|\b(cent|theat|met|lit|fib|calib|somb|spect|sab|lust|meag)re(s|d)?\b"  # centre, centred, metres
    r"|\b(travel|cancel|label|model|fuel|counsel|signal|level|channel|total|marvel|jewel|dial|duel"
    r"|quarrel|rival|shovel|tunnel|panel|equal)l(?=ed\b|ing\b|er\b|ers\b|ous\b|ery\b)"  # travelled
    r"|\b(towards|whilst|amongst|programmes?|grey|catalogue|dialogue|analogue|defence|offence|licence"
    r"|pretence|judgement|ageing|sceptical|aluminium|manoeuvres?|learnt|spelt|burnt|dreamt)\b"
)
"""British spellings, read as the American: outlets print a remark in their house style, and `recognise`
is the word `recognize`. Both sides are read alike, so a word folded that needs no folding (`praise`,
read `praize`) is still the same word as itself."""
_AMERICAN = {
    "towards": "toward", "whilst": "while", "amongst": "among", "programme": "program",
    "programmes": "programs", "grey": "gray", "catalogue": "catalog", "dialogue": "dialog",
    "analogue": "analog", "defence": "defense", "offence": "offense", "licence": "license",
    "pretence": "pretense", "judgement": "judgment", "ageing": "aging", "sceptical": "skeptical",
    "aluminium": "aluminum", "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "learnt": "learned",
    "spelt": "spelled", "burnt": "burned", "dreamt": "dreamed",
}  # fmt: skip


_NUMBER_WORDS = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
    "8": "eight", "9": "nine", "10": "ten",
}  # fmt: skip
"""Numbers houses spell out (one house prints `2`, another `two`), read as the word."""


@lru_cache(maxsize=1 << 16)
def _house_fold(word: str) -> str:
    """A word as every house writes it: in American spelling (`_BRITISH`), a number to ten as a word; kept
    per word, as a text's words are mostly common ones."""
    if len(word) <= 3:
        return _NUMBER_WORDS.get(word, word)
    return _BRITISH.sub(_to_american, word)


def _to_american(m: re.Match[str]) -> str:
    if m.group(1):
        return f"{m.group(1)}z"
    if m.group(2):
        return f"{m.group(2)}r"
    if m.group(3):
        return m.group(3) + {"s": "ers", "d": "ered"}.get(m.group(4) or "", "er")
    if m.group(5):
        return m.group(5)
    return _AMERICAN[m.group(6)]


# Opening with the comma, not the look-behind: the regex engine then skips to each comma instead of trying
# every position.
_DIGIT_COMMA = re.compile(r",(?<=\d,)(?=\d{3})")
_INITIALISM = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}")
_DOTTED = re.compile(r"\.[^\W\d_]\.")
"""What every `_INITIALISM` holds (`.s.` of `u.s.`): most texts have a full stop, few an initialism."""
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[^\W_]+")
_WORD = re.compile(r"\S+")

_STOP_TEXT = """a about after again against all also am an and any are as at be because been before being
    but by can could did do does doing done dont down each even ever every few for from get gets
    going gone good got great had has have having he her here hers him his how i if im in into is
    it its ive just know lets like lot made make many may me more most much must my no not now of
    off on one only or other our out over own really right said say says see she should so some
    still such sure take than thank thanks that thats the their them then there these they thing
    things think this those through to too up us very want was way we well were what when where
    which while who why will with would yes yeah you your youre gonna okay ok oh"""
STOPWORDS = frozenset(_STOP_TEXT.split())


CACHED_CHARS = 600
"""Texts up to this long are remembered by the text caches (`short_text_cache`); longer ones are worked
out each time, so clients sending long quotes cannot make the caches hold gigabytes."""
_R = TypeVar("_R")


def short_text_cache(maxsize: int) -> Callable[[Callable[[str], _R]], Callable[[str], _R]]:
    """`lru_cache(maxsize)` for a function of one text, keeping texts of at most `CACHED_CHARS` only."""

    def wrap(function: Callable[[str], _R]) -> Callable[[str], _R]:
        cached = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(text: str) -> _R:
            return cached(text) if len(text) <= CACHED_CHARS else function(text)

        return call

    return wrap


def replace_chars(text: str, replacements: Mapping[str, str]) -> str:
    """The text with every character of a key replaced by that key's value (no value may be such a
    character). `str.translate` does the same, but looks up each character of a text that is not ASCII:
    a scan per character replaced costs a fraction of that on a quote."""
    for chars, value in replacements.items():
        for char in chars:
            text = text.replace(char, value)
    return text


@short_text_cache(maxsize=1 << 16)  # the same texts recur: renderings, canonical texts, repeated quotes
def normalize(text: str) -> str:
    """Reduce a quote to lower-case words: quote styles, dashes, ellipses, editorial brackets and
    punctuation are removed, so outlets' renderings of the same words compare equal."""
    if not text.isascii():
        text = replace_chars(_COMBINING.sub("", unicodedata.normalize("NFKD", text)), _APOSTROPHES)
    elif "`" in text:  # the one ASCII apostrophe look-alike
        text = text.replace("`", "'")
    if "[" in text:
        text = _IN_WORD_BRACKET.sub(lambda m: m.group(1) or m.group(2), text)
    if "[" in text or "(" in text:
        text = _EDITORIAL.sub(" ", text)
    text = text.casefold()
    for pattern, repl, needle in _CONTRACTIONS:
        if needle in text:
            text = pattern.sub(repl, text)
    if "," in text:
        text = _DIGIT_COMMA.sub("", text)
    if "." in text and _DOTTED.search(text):
        text = _INITIALISM.sub(lambda m: m.group().replace(".", ""), text)  # `U.S.` is `US`
    text = text.replace("'", "").replace("&", " and ").replace("%", " percent ")
    if "cent" in text:
        text = _PER_CENT.sub("percent", text)
    return " ".join(map(_house_fold, _TOKEN.findall(text)))


def surface_words(text: str, editorial_too: bool = False) -> list[tuple[str, str]]:
    """The text's words as written (outer quote marks trimmed), each with its normalised form; bare
    punctuation is left out, and editorial insertions too unless `editorial_too` (then their key is
    the word itself in brackets, equal only to the same insertion)."""
    if "[" not in text and "(" not in text:  # no editorial insertion: each word stands as written
        words = [
            (word.strip(_QUOTE_MARKS) or word, key)
            for word in _WORD.findall(text)
            if (key := normalize(word))
        ]
        return _one_percent(words) if "cent" in text.casefold() else words
    kept = _IN_WORD_BRACKET.sub(lambda m: m.group().replace("[", "\0").replace("]", "\0"), text)
    editorial = [False] * len(text)
    for m in _EDITORIAL.finditer(kept):
        editorial[m.start() : m.end()] = [True] * (m.end() - m.start())
    out = []
    for m in _WORD.finditer(text):
        own = "".join(c for i, c in enumerate(m.group(), m.start()) if not editorial[i])
        inserted = any(c.isalnum() for i, c in enumerate(m.group(), m.start()) if editorial[i])
        key = normalize(own) or (f"[{m.group()}]" if editorial_too and inserted else "")
        if key:
            out.append((m.group().strip(_QUOTE_MARKS) or m.group(), key))
    return _one_percent(out) if "cent" in text.casefold() else out


def _one_percent(words: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Written words with `per` and `cent` as one, `percent`, as `normalize` reads them."""
    out: list[tuple[str, str]] = []
    for written, key in words:
        if key == "cent" and out and out[-1][1] == "per" and out[-1][0][-1:].isalpha():
            out[-1] = (f"{out[-1][0]} {written}", "percent")
        else:
            out.append((written, key))
    return out


def informative(words: Iterable[str]) -> list[str]:
    """The words that carry content (not function words or stock conversational words)."""
    return [w for w in words if w not in STOPWORDS]


def index_keys(norm: str, pairs: bool = True) -> tuple[str, ...]:
    """Posting keys: word 3-grams, plus content words for short quotes so fragments of one or two
    words find the short statements they belong to (and vice versa), plus (with `pairs`) adjacent
    content-word pairs, so a short phrase of a remark ("extremely careless") and a quote holding it find
    each other (see `query_keys`). Fact-checks go without pairs: a claim reviewed is no phrase."""
    return _keys(norm).posted if pairs else _keys(norm).plain


def query_keys(norm: str, pairs: bool = True) -> tuple[str, ...]:
    """The keys a text looks its candidates up by: its posting keys, with the content-word pairs of the
    other side. A quote posts its pairs as `b:` and looks up `p:`, a phrase of at most
    `PHRASE_MAX_WORDS` words the reverse, so each finds the other and two quotes never meet through a
    shared pair of words alone ("hillary clinton")."""
    return _keys(norm).sought if pairs else _keys(norm).plain


def sentence_keys(norm: str) -> tuple[str, ...]:
    """The keys a whole sentence compared only with whole sentences (a claim) is posted and looked up by:
    `index_keys` without pairs, but past `SHORT_WORDS` words only a sample of the trigrams, as a long
    quote keeps. No fragment of a few words ever seeks a claim, and any six words two claims share still
    hold a trigram both use."""
    return _keys(norm).sentence


class _Keys(NamedTuple):
    posted: tuple[str, ...]
    """`index_keys`, sorted (postings are written in order)."""
    sought: tuple[str, ...]
    """`query_keys`."""
    plain: tuple[str, ...]
    """Both without pairs, sorted."""
    sentence: tuple[str, ...]
    """`sentence_keys`, sorted."""


@short_text_cache(maxsize=1 << 16)
def _keys(norm: str) -> _Keys:
    """Every kind of keys of a text, worked out together: a text is usually both looked up and posted, as
    a statement or as a claim."""
    words = norm.split()
    stop = [w in STOPWORDS for w in words]
    grams = [f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False)]
    sampled = grams
    if len(words) > SHORT_WORDS:
        # Stock trigrams ("i do not") are left out: a long text is found by its content.
        stock = [a and b and c for a, b, c in zip(stop, stop[1:], stop[2:], strict=False)]
        sampled = _winnow(grams, stock)
    keys = {"t:" + g for g in (sampled if len(words) > LONG_WORDS else grams)}
    if len(words) <= SHORT_WORDS:
        content = informative(words)
        keys.update(f"u:{w}" for w in content)
        if not content and words:
            keys.add(f"x:{norm}")
    # Each tuple in an order fixed by the words alone, the same in every process: candidates' weights are
    # added up in that order (`rank_candidates`), and near ties must not rank by the hash seed.
    plain = tuple(sorted(keys))
    # Up to `SHORT_WORDS` words nothing is sampled, past `LONG_WORDS` the sample is all a text posts.
    sentence = tuple(sorted({"t:" + g for g in sampled})) if SHORT_WORDS < len(words) <= LONG_WORDS else plain
    pairs = sorted(
        {f"{a} {b}" for a, b, sa, sb in zip(words, words[1:], stop, stop[1:], strict=False) if not (sa or sb)}
    )
    if not pairs:
        return _Keys(plain, plain, plain, sentence)
    posted, sought = ("p:", "b:") if len(words) <= PHRASE_MAX_WORDS else ("b:", "p:")
    # Pair keys ("b:", "p:") sort before the others ("t:", "u:", "x:"): sorted, they go in front.
    return _Keys(
        (*(posted + p for p in pairs), *plain), (*plain, *(sought + p for p in pairs)), plain, sentence
    )


_STOCK = 1 << 32
"""Above every CRC-32: a stock trigram is chosen only from a window of nothing else, and then dropped."""


def _winnow(grams: list[str], stock: list[bool]) -> list[str]:
    """Of every `SAMPLE_WINDOW` consecutive trigrams, the content one with the lowest CRC-32 (the last of
    equals), in text order; the first trigram when none is content. A checksum, not Python's `hash`: the
    choice must be the same in every process and every version, since what was posted stays posted."""
    weights = [_STOCK if s else zlib.crc32(g.encode()) for g, s in zip(grams, stock, strict=True)]
    # Each trigram ranked by one integer, its weight then its position from the end, so that a window's
    # choice is the plain minimum of its ranks: taken for every window at once across the ranks shifted by
    # each position in a window (over all of them when there are fewer than a window holds).
    shift = len(grams).bit_length()
    last = (1 << shift) - 1
    ranks = [weight << shift | (last - i) for i, weight in enumerate(weights)]
    chosen = set(map(min, *(ranks[i:] for i in range(SAMPLE_WINDOW)))) or {min(ranks)}
    kept = sorted(last - (rank & last) for rank in chosen)
    return [grams[i] for i in kept if weights[i] < _STOCK] or grams[:1]


def rank_candidates(postings: Iterable[Collection[_Id]], limit: int = MAX_CANDIDATES) -> list[_Id]:
    """Statement ids from the posting sets of a query's keys, at most `limit`, those sharing the rarest keys
    first: a shared key counts one over the number of records posted under it, so one rare trigram in
    common outranks several stock ones, which a growing corpus shares with ever more unrelated records.
    Ids weighing under `RANK_FLOOR` of the first one's share only such stock keys with it and are left out.

    Posting sets larger than `MAX_POSTING` (stock phrases) are skipped when a smaller one exists.
    """
    sets = [ids for ids in postings if ids]
    small = [ids for ids in sets if len(ids) <= MAX_POSTING] or sets
    hits: dict[_Id, float] = {}
    for ids in small:
        weight = 1.0 / len(ids)
        for sid in ids:
            hits[sid] = hits.get(sid, 0.0) + weight
    if not hits:
        return []
    # Ids under the floor are left out whatever their rank: only those above it are ranked. Rank order
    # puts them all before any under it, so the first `limit` are the same.
    floor = max(hits.values()) * RANK_FLOOR
    return [sid for _, sid in heapq.nsmallest(limit, [(-w, sid) for sid, w in hits.items() if w >= floor])]
