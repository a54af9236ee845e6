"""What the command line shows people: differences highlighted (colour only on a terminal), the words people
read never squeezed by the columns beside them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from schemas import CheckResult, Comparison, DiffOp, Extraction, RenderingClass, StatementMention, Verdict

if TYPE_CHECKING:
    from service.bulk import Outcome

__all__ = ["check_result", "comparisons", "diff_text", "extraction", "outcomes"]

CLASS_STYLES: dict[RenderingClass, str] = {
    "verbatim": "green",
    "punctuation": "cyan",
    "truncated": "yellow",
    "extended": "magenta",
    "altered": "bold red",
}
VERDICT_STYLES: dict[Verdict, str] = {
    "exact": "green",
    "minor_variation": "yellow",
    "altered": "bold red",
    "not_found": "dim",
}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def diff_text(diff: Sequence[DiffOp]) -> Text:
    """A rendering's words against the canonical ones: dropped words struck through in red, words the
    outlet added or changed in green; on a plain stream they read `[-dropped-]` and `{+added+}`."""
    text = Text()
    for op in diff:
        if text and (op.canonical or op.rendering):
            text.append(" ")
        if op.op == "equal":
            text.append(" ".join(op.rendering))
            continue
        if op.canonical:
            text.append(f"[-{' '.join(op.canonical)}-]", style="red strike")
        if op.canonical and op.rendering:
            text.append(" ")
        if op.rendering:
            text.append(f"{{+{' '.join(op.rendering)}+}}", style="bold green")
    return text


def _speaker(name: str | None, differs: bool) -> Text:
    return Text(f"{name or '—'} (differs)" if differs else name or "—", style="bold red" if differs else "")


def comparisons(found: Sequence[Comparison], article_count: int) -> RenderableType:
    """Each shared statement, then each outlet's rendering of it: the outlet, its class, the speaker as
    attributed and the cue on one line, and under it the wording with its differences, each a line of its
    own however long (a terminal wraps it; `grep` finds it). Not a table: on an 80-column stream a table
    left the wording one column."""
    if not found:
        return Text(f"The {article_count} articles share no statement: nothing to compare.")
    parts: list[RenderableType] = [
        Text(f"The {article_count} articles share {_count(len(found), 'statement')}.")
    ]
    for comparison in found:
        parts += [
            Text(),
            Text(f"{comparison.speaker or 'unattributed'}: “{comparison.text}”", style="bold"),
            Text(f"{comparison.statement_id} · {_first(comparison.first_appearance)}", style="dim"),
        ]
        for rendering in comparison.renderings:
            mention = rendering.mention
            parts += [
                Text.assemble(
                    "  ",
                    (mention.outlet, "bold"),
                    " · ",
                    (rendering.classification, CLASS_STYLES[rendering.classification]),
                    " · ",
                    _speaker(mention.speaker_mention or mention.speaker, rendering.speaker_differs),
                    f" · {mention.cue or '—'}",
                ),
                Text.assemble("    ", diff_text(rendering.diff)),
            ]
    return Group(*parts)


def _first(mention: StatementMention) -> str:
    if mention.published_at is None:
        return "no publication times given: outlets in the order given"
    return f"first in {mention.outlet}, {mention.published_at.isoformat(timespec='minutes')}"


def check_result(result: CheckResult) -> RenderableType:
    """The verdict, then each match: its verdict, score, speaker and outlets on one line, and under it
    the quote's differences from the wording it was judged against."""
    verdict = Text.assemble("verdict: ", (result.verdict, VERDICT_STYLES[result.verdict]))
    if not result.matches:
        return Group(verdict, Text("No stored statement matches this quote."))
    parts: list[RenderableType] = [verdict]
    for number, match in enumerate(result.matches, 1):
        parts += [
            Text.assemble(
                f"{number}. ",
                (match.verdict, VERDICT_STYLES[match.verdict]),
                f" · {match.score:.2f} · ",
                _speaker(match.speaker, match.speaker_differs),
                f" · in {', '.join(match.outlets)}",
            ),
            Text.assemble("   ", diff_text(match.diff)),
        ]
        if match.verdict != "exact" and all(op.op == "equal" for op in match.diff):
            # Word ops ignore punctuation: without this line the reader would see no difference at all.
            parts.append(
                Text(f"   punctuation differs from the wording on record: “{match.wording}”", style="dim")
            )
    return Group(*parts)


def extraction(found: Extraction) -> RenderableType:
    quotes = Table(title=_count(len(found.quotes), "quote"), title_justify="left", expand=True)
    quotes.add_column("speaker", max_width=24)  # a long name wraps rather than squeeze the quote
    quotes.add_column("kind", no_wrap=True)
    quotes.add_column("cue", max_width=16)
    quotes.add_column("quote", ratio=1)
    for quote in found.quotes:
        speaker = quote.speaker.name if quote.speaker else "—"
        quotes.add_row(speaker, quote.kind, quote.cue.text if quote.cue else "—", quote.text)
    claims = Table(title=_count(len(found.claims), "check-worthy claim"), title_justify="left", expand=True)
    claims.add_column("score")
    claims.add_column("claim", ratio=1)
    for claim in found.claims:
        claims.add_row(f"{claim.score:.2f}", claim.text)
    return Group(quotes, claims)


def outcomes(results: Sequence[Outcome]) -> RenderableType:
    """The counts, and every failure with its reason."""
    counts = Counter(r.status for r in results)
    summary = Text(
        f"{counts['ingested']} ingested, {counts['skipped']} already held, {counts['failed']} failed"
        f" of {len(results)}"
    )
    failures = [
        Text.assemble("failed: ", (r.origin, "bold"), ": ", (r.reason or "", "red"))
        for r in results
        if r.status == "failed"
    ]
    return Group(summary, *failures)
