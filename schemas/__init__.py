"""Wire format of the claimtrack API: msgspec Structs shared by the service and the Python client.

JSON is snake_case. Offsets are Python string indices into the text the response refers to.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

__all__ = [
    "PATTERN_MEANINGS",
    "Article",
    "ArticleIn",
    "ArticleList",
    "ArticleSummary",
    "Attribution",
    "CheckMatch",
    "CheckRequest",
    "CheckResult",
    "Claim",
    "ClaimDetail",
    "ClaimList",
    "ClaimSummary",
    "CompareRequest",
    "CompareResult",
    "Comparison",
    "Cue",
    "DiffOp",
    "ExtractRequest",
    "ExtractResult",
    "Extraction",
    "FactCheck",
    "FactCheckList",
    "FactCheckPage",
    "FactCheckRef",
    "Fragment",
    "IngestedClaim",
    "IngestedQuote",
    "Mention",
    "MentionList",
    "Moment",
    "Outlet",
    "OutletList",
    "Quote",
    "QuoteKind",
    "Rendering",
    "RenderingClass",
    "Speaker",
    "Statement",
    "StatementList",
    "StatementMention",
    "StatementSummary",
    "Verdict",
]

QuoteKind = Literal["direct", "partial", "indirect"]
RenderingClass = Literal["verbatim", "punctuation", "truncated", "extended", "altered"]
Verdict = Literal["exact", "minor_variation", "altered", "not_found"]
Attribution = Literal["same", "different", "unnamed"]

# Bounds of request fields, enforced when a request is decoded and published in the OpenAPI schema. Python's
# `$` also matches before a final newline, which `(?!\n)` rules out. A line holds no line or paragraph
# separator (U+2028, U+2029) and starts with no character that shows nothing: a soft hyphen, a zero-width
# space, joiner or direction mark, a bidirectional control, a word joiner or a byte-order mark.
_LINE = (
    r"^[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
    r"[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$(?!\n)"
)
_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\x00-\x20\x7f/?#@]+[^\x00-\x20\x7f]*$(?!\n)"
_TEXT, _WORDS = r"\S", r"\w"
PATTERN_MEANINGS = {
    _LINE: "must be one line of visible characters",
    _URL: "must be an absolute http or https URL",
    _TEXT: "must not be empty or only white space",
    _WORDS: "must hold at least one word",
}
"""What each request-field pattern asks, in words, for error details."""
Name = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=200,
        pattern=_LINE,
        description="up to 200 characters on one line, starting with a visible character",
    ),
]
Url = Annotated[
    str,
    Meta(
        max_length=2048,
        pattern=_URL,
        description="an absolute http or https URL of up to 2,048 characters",
    ),
]
Title = Annotated[str, Meta(max_length=1000, description="up to 1,000 characters")]
Moment = Annotated[
    datetime,
    Meta(tz=True, description="an RFC 3339 time with its offset from UTC (`Z`, `+02:00`)"),
]
"""A time with its offset from UTC: without one it would be read in the server's time zone."""
Text = Annotated[
    str,
    Meta(
        pattern=_TEXT,
        description="some text that is not only white space; longer than the server's limit "
        "(1,000,000 characters by default) is 413",
    ),
]


class Fragment(msgspec.Struct, frozen=True):
    """One contiguous piece of a quote, quote marks excluded."""

    start: int
    end: int


class Mention(msgspec.Struct, frozen=True):
    """A surface mention in the text: a name, a pronoun or a description."""

    text: str
    start: int
    end: int


class Speaker(msgspec.Struct, frozen=True):
    """Who said it: the fullest name in the document, an optional title, and where it was mentioned."""

    name: str
    mention: Mention
    title: str | None = None


class Cue(msgspec.Struct, frozen=True):
    """The reporting verb or phrase (`said`, `told reporters`, `according to`)."""

    text: str
    start: int
    end: int


class Quote(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An attributed quotation; `text` is its fragments joined by a space."""

    id: str
    text: str
    kind: QuoteKind
    fragments: list[Fragment]
    speaker: Speaker | None
    cue: Cue | None
    confidence: Annotated[
        float,
        Meta(
            ge=0,
            le=1,
            description="how far to trust the quote. A direct or partial quote: the share of the quotes its "
            "attribution rule found in PolNeAR's training articles whose words and speaker were both "
            "right (a rule seen only a few times there is pulled towards the average of all). Reported "
            "speech: its cue's precision as a reporting word, times 0.8 with a speaker found and 0.5 "
            "without (0.5 also for a paragraph's `Name:` label and for the speech around a partial quote; "
            "a raising verb's subject and complement, `the bill is expected | to pass`, score 0.55 as a cue)",
        ),
    ]
    rule: Annotated[
        str | None,
        Meta(
            description="only from `POST /v1/extract?debug=true`: the named extraction rule that found the "
            "quote (`marked-postposed`, `content-after-cue`, …; its confidence is `confidence`); never stored"
        ),
    ] = None


class Claim(msgspec.Struct, frozen=True, kw_only=True):
    """A check-worthy sentence or reported-speech content with its score in [0, 1]."""

    id: str
    text: str
    start: int
    end: int
    score: float
    speaker: str | None = None
    quote_id: str | None = None


class ExtractRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A text to extract from: `text`, or `html` (reduced to its article text), or only `url` to fetch it."""

    text: Text | None = None
    html: Text | None = None
    url: Url | None = None


class Extraction(msgspec.Struct, frozen=True):
    quotes: list[Quote]
    claims: list[Claim]


class ExtractResult(Extraction, frozen=True, kw_only=True, omit_defaults=True):
    """An extraction; `text` is the text its offsets refer to, given when it was read from `html` or `url`."""

    text: str | None = None


class ArticleIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An article to ingest: `text`, or `html`, or only `url` to fetch it; `outlet` names the publisher."""

    outlet: Name
    text: Text | None = None
    html: Text | None = None
    url: Url | None = None
    title: Title | None = None
    published_at: Moment | None = None
    ingested_at: Moment | None = None
    """For restoring a backup: when the article was first ingested (default: now). Restored in the original
    order with their original times, articles deduplicate into the same statements as before."""

    def __post_init__(self) -> None:
        for name, moment in (("published_at", self.published_at), ("ingested_at", self.ingested_at)):
            if moment is not None:
                try:  # a time is stored in UTC: `9999-12-31T23:59:59-01:00` is in the year 10000 there
                    moment.astimezone(UTC)
                except OverflowError:
                    raise ValueError(f"`{name}` falls outside the years 1 to 9999 in UTC") from None


class IngestedQuote(Quote, frozen=True, kw_only=True):
    """A quote as stored: linked to the statement it was deduplicated into, if it states something of its
    own (reported speech with fewer than two content words, `X backed the idea`, or with a name for all its
    content words, `warned that Donald J. Trump`, is a quote of its article and of no statement)."""

    statement_id: str | None = None


class IngestedClaim(Claim, frozen=True, kw_only=True):
    """A claim as stored: linked to the claim tracked across outlets (`GET /v1/claims/{tracked_claim_id}`)."""

    tracked_claim_id: str


class Article(msgspec.Struct, frozen=True, kw_only=True):
    """A stored article; quote and claim offsets refer to `text`."""

    id: str
    outlet: str
    text: str
    quotes: list[IngestedQuote]
    claims: list[IngestedClaim]
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    ingested_at: datetime


class ArticleSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A stored article without its text, quotes and claims."""

    id: str
    outlet: str
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    ingested_at: datetime


class ArticleList(msgspec.Struct, frozen=True):
    """Stored articles, oldest ingest first (articles ingested at the same moment by id)."""

    items: list[ArticleSummary]
    next_cursor: str | None = None


class StatementMention(msgspec.Struct, frozen=True, kw_only=True):
    """One outlet's rendering of a statement or claim, as it appeared in one article.

    For a claim, `claim_id` is set, and `quote_id` and `kind` only when the claim sits inside a quote.
    """

    article_id: str
    outlet: str
    quote_id: str | None
    text: str
    kind: QuoteKind | None
    speaker: str | None
    speaker_mention: str | None
    cue: str | None
    published_at: datetime | None = None
    url: str | None = None
    claim_id: str | None = None


class FactCheckRef(msgspec.Struct, frozen=True, kw_only=True):
    """A published fact-check linked to a statement or claim."""

    id: str
    rating: str | None
    url: str | None
    author: str | None
    claim_reviewed: str
    score: float
    """How closely the reviewed claim matches this statement or claim, in [0, 1]."""


class StatementSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    text: str
    speaker: str | None
    first_appearance: StatementMention
    mention_count: int
    outlets: list[str]
    factchecks: list[FactCheckRef] = msgspec.field(default_factory=list)


class Statement(StatementSummary, frozen=True, kw_only=True):
    """A statement with each outlet's earliest mentions by publication time (at most 10 per outlet, among
    the first 2,000 of `GET /v1/statements/{id}/mentions`; `mention_count` says how many there are, and that
    endpoint pages through all of them)."""

    mentions_by_outlet: dict[str, list[StatementMention]]


class MentionList(msgspec.Struct, frozen=True):
    """A page of a statement's or claim's mentions: its earliest 8 by time, then the others as stored."""

    items: list[StatementMention]
    next_cursor: str | None = None


class StatementList(msgspec.Struct, frozen=True):
    items: list[StatementSummary]
    next_cursor: str | None = None


class DiffOp(msgspec.Struct, frozen=True):
    """One step from the reference wording's words (`canonical`) to a rendering's words, as written."""

    op: Literal["equal", "insert", "delete", "replace"]
    canonical: list[str]
    rendering: list[str]


class Rendering(msgspec.Struct, frozen=True, kw_only=True):
    """How one outlet rendered a statement, against its reference wording.

    `classification`: `verbatim` (the same wording: case, quote-mark, dash and ellipsis style, whitespace
    and terminal punctuation never count), `punctuation` (only inner punctuation differs), `truncated` (a
    contiguous part, or parts joined by an ellipsis; for a part of the remark the reference leaves out, of
    `fullest`, which `diff` then goes from), `extended` (the reference with words before or after),
    `altered` (a word inserted, removed or changed inside). `attribution`: `same` (the statement's
    speaker, also by surname, with a title, or a pronoun resolved to them; a body also by its initials),
    `different` (another named person or body), `unnamed` (no speaker, or a pronoun or description naming
    nobody else, such as a name's people: `Cruz's lawyers`, `Sanders supporters`); `speaker_differs` is
    true exactly when `different`.
    """

    mention: StatementMention
    classification: RenderingClass
    diff: list[DiffOp]
    attribution: Attribution
    speaker_differs: bool


class Comparison(msgspec.Struct, frozen=True, kw_only=True):
    """A statement's renderings compared: `text` is the reference wording (the one most outlets carry,
    ties to the earliest), `fullest` the longest rendering containing it. `renderings` run from the
    earliest mention, `first_appearance`; mentions of equal or no publication time keep the order of
    their articles (a comparison of articles sent without `published_at` has no earlier or later: its
    first appearance is the first article given)."""

    statement_id: str
    text: str
    fullest: str
    speaker: str | None
    first_appearance: StatementMention
    outlets: list[str]
    renderings: list[Rendering]
    cues: dict[str, list[str]]
    """Reporting verbs each outlet chose."""
    attributed_elsewhere: list[StatementSummary] = msgspec.field(default_factory=list)
    """Statements of the same words (five or more, near-equal overall) credited to another named person:
    kept apart, since two people may say the same words, and shown here, since an outlet may have credited
    the wrong one."""


class CompareRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    articles: Annotated[list[ArticleIn], Meta(min_length=2, max_length=20)]


class CompareResult(msgspec.Struct, frozen=True):
    """Statements carried by more than one of the submitted articles, or whose words another article credits
    to another named person (`Comparison.attributed_elsewhere`), compared; nothing is stored."""

    statements: list[Comparison]


class CheckRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`url`: the page the quote was read on; the mentions of the stored article at that address (its
    fragment aside) are left out of what the quote is judged against, so a page's own wording is never its
    own evidence, and a statement only that page printed is no match."""

    quote: Annotated[str, Meta(max_length=10_000, pattern=_WORDS, description="words to look for")]
    speaker: Name | None = None
    url: Url | None = None


class CheckMatch(msgspec.Struct, frozen=True, kw_only=True):
    """A statement matching a checked quote. `verdict`: `exact` (the reference or an outlet's wording, up to
    case, quote-mark, dash and ellipsis style, whitespace and terminal punctuation), `minor_variation`
    (inner punctuation, a truncation or parts joined by an ellipsis), `altered` (a word inserted, removed
    or changed). `wording` is the reference or outlet wording it was judged against, `diff` goes from
    `wording` to the quote, `carried_by` lists the outlets that printed the queried wording exactly."""

    statement_id: str
    score: float
    verdict: Verdict
    text: str
    wording: str
    carried_by: list[str]
    speaker: str | None
    speaker_differs: bool
    diff: list[DiffOp]
    outlets: list[str]
    first_appearance: StatementMention
    factchecks: list[FactCheckRef] = msgspec.field(default_factory=list)


class CheckResult(msgspec.Struct, frozen=True):
    verdict: Verdict
    matches: list[CheckMatch]


class Outlet(msgspec.Struct, frozen=True):
    name: str
    articles: int
    statements: int


class OutletList(msgspec.Struct, frozen=True):
    items: list[Outlet]


class ClaimSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A check-worthy claim tracked across outlets; `speaker` is None when outlets assert it themselves."""

    id: str
    text: str
    score: float
    speaker: str | None
    first_appearance: StatementMention
    mention_count: int
    outlets: list[str]
    factchecks: list[FactCheckRef] = msgspec.field(default_factory=list)


class ClaimDetail(ClaimSummary, frozen=True, kw_only=True):
    mentions_by_outlet: dict[str, list[StatementMention]]


class ClaimList(msgspec.Struct, frozen=True):
    items: list[ClaimSummary]
    next_cursor: str | None = None


class FactCheck(msgspec.Struct, frozen=True, kw_only=True):
    """A stored fact-check (from schema.org ClaimReview) and the statements and claims it was matched to."""

    id: str
    claim_reviewed: str
    rating: str | None
    url: str | None
    author: str | None
    claimant: str | None
    date_published: str | None
    statements: list[str]
    claims: list[str]


class FactCheckList(msgspec.Struct, frozen=True):
    """The fact-checks of one submitted JSON-LD document, in its order."""

    items: list[FactCheck]


class FactCheckPage(msgspec.Struct, frozen=True):
    """Stored fact-checks, ordered by id."""

    items: list[FactCheck]
    next_cursor: str | None = None
