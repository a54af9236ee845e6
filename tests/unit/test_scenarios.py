"""The multi-outlet scenarios compared in memory, as `POST /v1/compare` and `claimtrack compare` do."""

from __future__ import annotations

from datetime import datetime

import pytest

from schemas import Comparison, StatementSummary
from service.extract import extract
from service.match import Wording, fold_wording, normalize, wording_key
from service.match.compare import ArticleQuotes, check_answer, check_score, compare_articles
from tests.scenarios import SCENARIOS, Scenario, diff_agrees


def compared(scenario: Scenario) -> dict[str, Comparison]:
    articles = [
        ArticleQuotes(
            article_id=report.outlet,
            outlet=report.outlet,
            quotes=extract(report.text).quotes,
            published_at=datetime.fromisoformat(report.published_at),
        )
        for report in scenario.reports
    ]
    return {wording_key(c.text): c for c in compare_articles(articles).statements}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_each_outlet_is_classed_attributed_and_cued_as_written_down(scenario: Scenario) -> None:
    found = compared(scenario)
    comparison = found[wording_key(scenario.reference)]
    assert comparison.speaker == scenario.speaker
    assert wording_key(comparison.fullest) == wording_key(scenario.fullest or scenario.reference)
    got = {r.mention.outlet: (r.classification, r.attribution, r.mention.cue) for r in comparison.renderings}
    assert got == scenario.renderings
    for r in comparison.renderings:
        assert r.speaker_differs == (r.attribution == "different")
        assert diff_agrees(r.classification, [(op.op, op.canonical, op.rendering) for op in r.diff]), r
    for reference, outlets in scenario.also.items():
        assert set(found[wording_key(reference)].outlets) == set(outlets)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_checked_quotes_get_the_verdicts_written_down(scenario: Scenario) -> None:
    comparison = compared(scenario)[wording_key(scenario.reference)]
    wordings: list[Wording] = []
    for r in comparison.renderings:
        wordings = fold_wording(wordings, r.mention.text, r.mention.outlet)
    statement = StatementSummary(
        id=comparison.statement_id,
        text=comparison.text,
        speaker=comparison.speaker,
        first_appearance=comparison.first_appearance,
        mention_count=len(comparison.renderings),
        outlets=comparison.outlets,
    )
    renderings = list(dict.fromkeys(normalize(r.mention.text) for r in comparison.renderings))
    for check in scenario.checks:
        score = check_score(check.quote, normalize(statement.text), renderings)
        assert score is not None, check
        match = check_answer(check.quote, None, statement, wordings, score)
        assert (match.verdict, set(match.carried_by)) == (check.verdict, set(check.carried_by)), check
        changed = any(op.op != "equal" for op in match.diff)
        assert changed if match.verdict == "altered" else not changed or match.verdict != "exact", check


REMARK = "“These tariffs will raise prices for every family in America,” Senator Jane Holloway said."


@pytest.mark.parametrize(
    ("given", "times", "first"),
    [
        (["Wire", "Times", "Post"], [None, None, None], "Wire"),  # no times: the first article given
        (["Post", "Times", "Wire"], [None, None, None], "Post"),
        (["Wire", "Times", "Post"], ["2025-03-02T10:00+00:00", "2025-03-01T09:00+00:00", None], "Times"),
        (["Wire", "Times"], ["2025-03-01T09:00+00:00", "2025-03-01T09:00+00:00"], "Wire"),  # a tie: as given
    ],
)
def test_the_first_appearance_is_the_earliest_and_without_times_the_first_given(
    given: list[str], times: list[str | None], first: str
) -> None:
    articles = [
        ArticleQuotes(
            article_id=outlet,
            outlet=outlet,
            quotes=extract(REMARK).quotes,
            published_at=datetime.fromisoformat(time) if time else None,
        )
        for outlet, time in zip(given, times, strict=True)
    ]
    [comparison] = compare_articles(articles).statements
    assert comparison.first_appearance.outlet == first
    dated = sorted(((t, o) for o, t in zip(given, times, strict=True) if t), key=lambda pair: pair[0])
    undated = [o for o, t in zip(given, times, strict=True) if not t]
    assert [r.mention.outlet for r in comparison.renderings] == [o for _, o in dated] + undated


def test_a_short_fragment_joins_reported_speech_in_memory_only_as_the_store_joins_it() -> None:
    reports = [
        ("AP", "Senator Ted Cruz said the border was a total catastrophe.\n"),
        ("Fox", "Ted Cruz called the border a “total catastrophe” on Tuesday.\n"),
    ]
    articles = [
        ArticleQuotes(article_id=outlet, outlet=outlet, quotes=extract(text).quotes, published_at=None)
        for outlet, text in reports
    ]
    # a fragment of one or two words joins reported speech only when it matches it whole
    assert compare_articles(articles).statements == []


def test_a_capitalised_description_names_nobody_and_keeps_a_short_quote_joined() -> None:
    quote = "“The Fed has failed American families,”"
    reports = [
        ("AP", f"{quote} Sen. Elizabeth Warren said on Tuesday.\n"),
        ("CNN", f"Elizabeth Warren did not hold back. {quote} the Massachusetts Democrat said.\n"),
        ("Fox", f"{quote} the California governor said.\n"),
    ]
    articles = [
        ArticleQuotes(article_id=outlet, outlet=outlet, quotes=extract(text).quotes, published_at=None)
        for outlet, text in reports
    ]
    [comparison] = compare_articles(articles).statements
    credited = {r.mention.outlet: (r.attribution, r.speaker_differs) for r in comparison.renderings}
    assert credited == {"AP": ("same", False), "CNN": ("unnamed", False), "Fox": ("unnamed", False)}
