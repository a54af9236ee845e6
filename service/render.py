"""What the command line shows people: rich tables, differences highlighted (colour only on a terminal)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from schemas import CheckResult, Comparison, DiffOp, Extraction, RenderingClass, Verdict

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
    """One table per shared statement: each outlet's class, speaker as attributed, cue and wording."""
    if not found:
        return Text(f"The {article_count} articles share no statement: nothing to compare.")
    tables: list[RenderableType] = [
        Text(f"The {article_count} articles share {len(found)} statement{'s' * (len(found) != 1)}.")
    ]
    for comparison in found:
        table = Table(
            title=Text(f"{comparison.speaker or 'unattributed'}: “{comparison.text}”", style="bold"),
            title_justify="left",
            caption=f"{comparison.statement_id} · first in {comparison.first_appearance.outlet}",
            caption_justify="left",
            show_lines=True,
            expand=True,
        )
        table.add_column("outlet", no_wrap=True)
        table.add_column("class", no_wrap=True)
        table.add_column("speaker as attributed", max_width=24)
        table.add_column("cue", max_width=16)
        table.add_column("wording", ratio=1)
        for rendering in comparison.renderings:
            mention = rendering.mention
            table.add_row(
                mention.outlet,
                Text(rendering.classification, style=CLASS_STYLES[rendering.classification]),
                _speaker(mention.speaker_mention or mention.speaker, rendering.speaker_differs),
                mention.cue or "—",
                diff_text(rendering.diff),
            )
        tables.append(table)
    return Group(*tables)


def check_result(result: CheckResult) -> RenderableType:
    verdict = Text.assemble("verdict: ", (result.verdict, VERDICT_STYLES[result.verdict]))
    if not result.matches:
        return Group(verdict, Text("No stored statement matches this quote."))
    table = Table(show_lines=True, expand=True)
    for name in ("verdict", "score", "speaker", "outlets", "wording (against the statement)"):
        table.add_column(name, ratio=1 if name.startswith("wording") else None)
    for match in result.matches:
        table.add_row(
            Text(match.verdict, style=VERDICT_STYLES[match.verdict]),
            f"{match.score:.2f}",
            _speaker(match.speaker, match.speaker_differs),
            ", ".join(match.outlets),
            diff_text(match.diff),
        )
    return Group(verdict, table)


def extraction(found: Extraction) -> RenderableType:
    quotes = Table(title=f"{len(found.quotes)} quotes", title_justify="left", expand=True)
    for name in ("speaker", "kind", "cue", "quote"):
        quotes.add_column(name, ratio=1 if name == "quote" else None)
    for quote in found.quotes:
        speaker = quote.speaker.name if quote.speaker else "—"
        quotes.add_row(speaker, quote.kind, quote.cue.text if quote.cue else "—", quote.text)
    claims = Table(title=f"{len(found.claims)} check-worthy claims", title_justify="left", expand=True)
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
