"""The web app in headless Chromium against a running server holding a four-outlet scenario."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import API_KEY, Tab, screenshot
from tests.browser.scenario import (
    ALTERED_FROM,
    ALTERED_OUTLET,
    ALTERED_TO,
    ARABIC,
    ARTICLES,
    LONG_WORDS,
    MISATTRIBUTED_OUTLET,
    MISATTRIBUTED_TO,
    PAGE_HTML,
    PAGING,
    PAGING_COUNT,
    PAGING_OUTLET,
    PAGING_SPEAKER,
    PAGING_WORD,
    PIER,
    PIER_DASHED,
    PIER_PLAIN,
    REMARK,
    STADIUM,
    STADIUM_QUOTE,
    TUNNEL,
    TUNNEL_PARTIAL,
)

# An article of its own, so that storing it leaves the scenario as it was.
FERRY = "\u201cThe ferry will run again next spring,\u201d port director Amal Haddad said on Friday.\n"
HIGHLIGHT_RGB = (0xFF, 0xF1, 0xA8)

# Share of a PNG's pixels within 12 of an RGB colour, counted by the browser's own PNG decoder.
_SHARE_OF_COLOUR = """async ([b64, [r, g, b]]) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  const px = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  let hits = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (Math.abs(px[i] - r) <= 12 && Math.abs(px[i + 1] - g) <= 12 && Math.abs(px[i + 2] - b) <= 12) hits++;
  }
  return hits / (px.length / 4);
}"""


def share_of_colour(tab: Tab, png: bytes, rgb: tuple[int, int, int]) -> float:
    import base64

    share: float = tab.page.evaluate(_SHARE_OF_COLOUR, [base64.b64encode(png).decode(), list(rgb)])
    return share


def open_page(tab: Tab, url: str, ready: str) -> Any:
    tab.page.goto(url)
    tab.page.wait_for_selector(ready)
    return tab.page


def store(server: str, article: dict[str, Any]) -> dict[str, Any]:
    response = httpx.post(f"{server}/v1/articles", json=article, headers={"X-API-Key": API_KEY})
    assert response.status_code in (200, 201), response.text
    stored: dict[str, Any] = response.json()
    return stored


def test_home_has_a_search_box_and_lists_recent_statements(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    page = open_page(tab, server + "/", "#recent li")
    box = page.get_by_role("searchbox", name="Search statements, speakers, outlets and claims")
    assert box.is_visible()
    recent = page.locator("#recent a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"/statements/{scenario['statement_id']}" in recent
    assert tab.errors == []


def test_search_finds_a_statement_by_one_word(tab: Tab, server: str, scenario: dict[str, Any]) -> None:
    found = httpx.get(f"{server}/v1/statements", params={"q": "STORMS"}).json()["items"]
    assert any(s["id"] == scenario["statement_id"] for s in found)
    page = open_page(tab, server + "/", "#recent li")
    page.get_by_role("searchbox").fill("storms")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results h2")
    links = page.locator("#results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"/statements/{scenario['statement_id']}" in links
    assert tab.errors == []


def test_search_finds_a_speaker_by_surname_and_lists_their_statements(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    page = open_page(tab, server + "/?q=Ortiz", "#results h2")
    speakers = page.locator("section", has=page.get_by_role("heading", name="Speakers"))
    assert speakers.get_by_role("link", name="Ellen Ortiz").get_attribute("href") == "/?speaker=Ellen%20Ortiz"
    statements = speakers.locator("ol ol a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"/statements/{scenario['statement_id']}" in statements
    assert tab.errors == []


@pytest.mark.parametrize("query", ["speaker=Ellen%20Ortiz", "outlet=Valley%20Post"])
def test_home_lists_the_statements_of_a_speaker_or_an_outlet(
    tab: Tab, server: str, scenario: dict[str, Any], query: str
) -> None:
    page = open_page(tab, f"{server}/?{query}", "#results h2")
    links = page.locator("#results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"/statements/{scenario['statement_id']}" in links
    assert tab.errors == []


def test_statement_page_marks_each_outlets_changes_and_flags_a_misattribution(
    tab: Tab, server: str, scenario: dict[str, Any], axe: Callable[[Any], list[dict[str, Any]]]
) -> None:
    page = open_page(tab, f"{server}/statements/{scenario['statement_id']}", "#renderings li")
    cards = {
        page.locator("li.rendering h3").nth(i).evaluate("h => h.firstChild.textContent.trim()"): page.locator(
            "li.rendering"
        ).nth(i)
        for i in range(page.locator("li.rendering").count())
    }
    assert set(cards) == {a["outlet"] for a in ARTICLES}

    altered = cards[ALTERED_OUTLET]
    assert altered.locator("ins").all_inner_texts() == [ALTERED_TO]
    assert altered.locator("del").all_inner_texts() == [ALTERED_FROM]
    assert altered.locator(".badge").inner_text() == "altered"
    assert cards["Harbour Herald"].locator("ins, del").count() == 0
    assert cards["Coast Courier"].locator(".badge").inner_text() == "truncated"

    flagged = [outlet for outlet, card in cards.items() if card.locator(".flag.misattributed").count()]
    assert flagged == [MISATTRIBUTED_OUTLET]
    assert MISATTRIBUTED_TO in cards[MISATTRIBUTED_OUTLET].locator(".flag").inner_text()
    assert "told reporters" in altered.inner_text()
    for outlet, card in cards.items():  # each card's link to its article says what it links to
        link = card.locator("a[href^='/articles/']").inner_text()
        assert link in {
            f"{kind} in {outlet}" for kind in ("direct quote", "partial quote", "reported speech")
        }

    assert page.locator("#factchecks li .rating").all_inner_texts() == ["Unproven"]
    timeline = page.locator("svg.timeline a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert sorted(timeline) == sorted(f"/articles/{i}" for i in scenario["articles"].values())
    # each outlet's name sits above its track, clear of the dots on it, however long the name
    clearance = page.locator("svg.timeline").evaluate(
        """svg => [...svg.querySelectorAll("text.outlet")].map((name, row) => {
            const box = name.getBBox(), track = svg.querySelectorAll("line.track")[row];
            const dot = Math.max(...[...svg.querySelectorAll("circle")].map((c) => c.r.baseVal.value));
            return track.y1.baseVal.value - dot - (box.y + box.height);
        })"""
    )
    assert len(clearance) == len(ARTICLES)
    assert min(clearance) >= 0

    screenshot(page, "statement.png", full_page=True)
    assert axe(page) == []
    assert tab.errors == []


def test_a_statement_says_when_it_shows_each_outlets_first_mentions_only(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    remark = "The night ferry will carry cyclists for free from the first of March"
    for n in range(12):
        text = f"Ferry news, part {n}.\n\n\u201c{remark},\u201d ferry captain Ines Morrow said.\n"
        article = store(
            server, {"outlet": "Repeat Wire", "text": text, "published_at": f"2026-12-{n + 1:02d}T09:00:00Z"}
        )
    page = open_page(tab, f"{server}/statements/{article['quotes'][0]['statement_id']}", "#timeline svg")
    assert page.locator("#renderings li").count() == 10
    assert page.locator("#timeline circle").count() == 10
    notes = page.locator(".shown")
    assert notes.all_inner_texts() == ["Showing each outlet's first 10 mentions: 10 of the 12."] * 2
    page = open_page(tab, f"{server}/statements/{scenario['statement_id']}", "#timeline svg")
    assert page.locator(".shown").evaluate_all("notes => notes.map(n => n.checkVisibility())") == [
        False,
        False,
    ]
    assert tab.errors == []


@pytest.mark.parametrize("width", [390, 1200])
def test_the_timeline_keeps_its_text_at_the_pages_size_on_a_phone_and_a_desktop(
    tab: Tab, server: str, scenario: dict[str, Any], width: int
) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    page = open_page(tab, f"{server}/statements/{scenario['statement_id']}", "svg.timeline text.outlet")
    sizes = page.locator("svg.timeline text").evaluate_all(
        "texts => texts.map(t => [t.getBoundingClientRect().height, t.getBoundingClientRect().right])"
    )
    chart = page.locator("svg.timeline").bounding_box()
    assert len(sizes) == len(ARTICLES) + 2  # a name a row, and the first and last dates
    assert all(height >= 13 for height, _ in sizes), sizes  # 13 px type renders at least 13 px tall
    assert all(right <= chart["x"] + chart["width"] + 1 for _, right in sizes)
    assert tab.errors == []


def test_article_page_highlights_its_quotes_and_claims(
    tab: Tab, server: str, scenario: dict[str, Any], axe: Callable[[Any], list[dict[str, Any]]]
) -> None:
    page = open_page(tab, f"{server}/articles/{scenario['articles']['Harbour Herald']}", "#text mark.q")
    quote = page.locator("#text mark.q a").first
    assert quote.inner_text().startswith("The new bridge will open to traffic")
    assert quote.get_attribute("href") == f"/statements/{scenario['statement_id']}"
    tip = page.locator("#text mark.q .tip").first
    assert not tip.is_visible()
    page.keyboard.press("Tab")
    while page.evaluate("document.activeElement.closest('#text mark.q') === null"):
        page.keyboard.press("Tab")
    assert tip.is_visible()
    assert "Ellen Ortiz" in tip.inner_text()
    screenshot(page.locator("main"), "article.png")
    scores = page.locator("sup.score").all_inner_texts()
    assert scores
    assert all(0.5 <= float(s) <= 1 for s in scores)
    assert axe(page) == []
    assert tab.errors == []


def test_a_screenshot_shows_the_highlighting(tab: Tab, server: str, scenario: dict[str, Any]) -> None:
    page = open_page(tab, f"{server}/articles/{scenario['articles']['Harbour Herald']}", "#text mark.q")
    mark = page.locator("#text mark.q").first
    shown = share_of_colour(tab, mark.screenshot(), HIGHLIGHT_RGB)
    mark.evaluate("m => m.style.setProperty('background', 'transparent', 'important')")
    hidden = share_of_colour(tab, mark.screenshot(), HIGHLIGHT_RGB)
    assert shown > 0.4, f"only {shown:.0%} of the quote is in the highlight colour"
    assert hidden < 0.05  # the measure sees the difference
    assert tab.errors == []


def test_extract_page_highlights_pasted_html_without_storing(tab: Tab, server: str) -> None:
    page = open_page(tab, server + "/extract", "#source")
    page.get_by_label("Text or HTML of an article").fill(PAGE_HTML)
    page.get_by_role("button", name="Extract").click()
    page.wait_for_selector("#text mark.q")
    assert any(q.startswith("The new bridge") for q in page.locator("#text mark.q > span").all_inner_texts())
    assert "nothing stored" in page.locator(".status").inner_text()
    assert tab.errors == []


def test_check_page_gives_the_verdict_and_marks_the_difference(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    page = open_page(tab, server + "/check", "#quote")
    page.get_by_label("The quote as you read it").fill(
        "The new bridge will open to traffic before the autumn storms arrive, and not a day later"
    )
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#result:not([hidden])")
    assert page.locator("#verdict").inner_text() != "Not found on record"
    first = page.locator("li.match").first
    assert first.locator("ins").all_inner_texts() == ["autumn"]
    assert "winter storms" in first.locator("blockquote").inner_text()  # the wording on record
    assert (
        first.get_by_role("link", name="How each outlet reported it").get_attribute("href")
        == f"/statements/{scenario['statement_id']}"
    )
    assert first.locator(".punctuation").count() == 0
    # the wording on record as printed, its marks and dashes; with only the comma differing no word is marked
    page.get_by_label("The quote as you read it").fill(REMARK.replace(",", ""))
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("li.match .punctuation")
    first = page.locator("li.match").first
    assert first.locator("ins, del").count() == 0
    assert first.locator("blockquote").inner_text() == f"{REMARK},"
    assert tab.errors == []


def test_the_same_words_credited_to_someone_else_are_linked_from_the_statement(
    tab: Tab, server: str, axe: Callable[[Any], list[dict[str, Any]]]
) -> None:
    said = "“Ferry fares will stay frozen through next summer,” {} said."
    stored = [
        httpx.post(
            f"{server}/v1/articles",
            json={"outlet": outlet, "text": said.format(who)},
            headers={"X-API-Key": API_KEY},
        ).json()
        for outlet, who in (("Bay Gazette", "Mayor Ellen Ortiz"), ("Pier Times", "Governor Sam Whitfield"))
    ]
    [by_ortiz], [by_whitfield] = (a["quotes"] for a in stored)
    page = open_page(tab, f"{server}/statements/{by_ortiz['statement_id']}", "#elsewhere:not([hidden]) li")
    item = page.locator("#elsewhere li")
    assert item.count() == 1
    assert item.locator("a").inner_text() == "Sam Whitfield"
    assert item.locator("a").get_attribute("href") == f"/statements/{by_whitfield['statement_id']}"
    assert item.inner_text().endswith("in Pier Times")
    assert axe(page) == []
    assert tab.errors == []


def test_a_check_says_which_outlets_printed_the_words_and_which_carry_the_statement(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    altered = REMARK.replace(ALTERED_FROM, ALTERED_TO)  # as one outlet of four printed it
    page = open_page(tab, f"{server}/check?quote={altered}", "#result:not([hidden])")
    assert page.locator("#verdict").inner_text() == "Exact: worded as on record"
    first = page.locator("li.match").first
    assert first.locator("blockquote").inner_text() == f"{altered},"
    assert first.locator(".carried").inner_text() == f"Printed in these words by 1 outlet: {ALTERED_OUTLET}"
    assert first.locator(".reference q").inner_text() == f"{REMARK},"  # what most outlets printed
    outlets = ", ".join(a["outlet"] for a in ARTICLES)
    assert first.locator(".outlets").inner_text() == f"The statement is carried by 4 outlets: {outlets}"
    assert tab.errors == []


def test_storing_from_the_extract_page_needs_the_api_key(tab: Tab, server: str) -> None:
    page = open_page(tab, server + "/extract", "#source")
    page.get_by_label("Text or HTML of an article").fill(FERRY)
    page.get_by_role("button", name="Extract").click()
    page.get_by_label("Outlet").fill("Port Gazette")
    page.get_by_role("button", name="Store article").click()
    page.wait_for_selector(".status.error")
    assert "needs an API key" in page.locator(".status").inner_text()
    page.get_by_text("API key", exact=True).click()
    page.get_by_label("Key for writes").fill(API_KEY)
    page.get_by_role("button", name="Use this key").click()
    page.get_by_role("button", name="Store article").click()
    page.wait_for_url(f"{server}/articles/*")
    page.wait_for_selector("#text mark.q")
    tab.errors.remove(f"401 from {server}/v1/articles")  # the refusal the page explained
    assert tab.errors == []


@pytest.mark.parametrize("path", ["/", "/extract", "/check"])
def test_pages_are_accessible_at_phone_width(
    tab: Tab, server: str, path: str, axe: Callable[[Any], list[dict[str, Any]]]
) -> None:
    tab.page.set_viewport_size({"width": 375, "height": 800})
    page = open_page(tab, server + path, "main h1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for expected in ("skip", "brand"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == expected
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    assert axe(page) == []
    assert tab.errors == []


def test_quotes_after_emoji_are_highlighted_on_their_own_words(tab: Tab, server: str) -> None:
    article = store(server, STADIUM)
    page = open_page(tab, f"{server}/articles/{article['id']}", "#text mark.q")
    assert page.locator("#text mark.q > a").all_inner_texts() == [STADIUM_QUOTE]
    page.goto(server + "/extract")
    page.get_by_label("Text or HTML of an article").fill(STADIUM["text"])
    page.get_by_role("button", name="Extract").click()
    page.wait_for_selector("#text mark.q")
    assert page.locator("#text mark.q > span:not(.tip)").all_inner_texts() == [STADIUM_QUOTE]
    assert tab.errors == []


def test_a_quote_inside_reported_speech_is_a_mark_of_its_own_inside_the_other(tab: Tab, server: str) -> None:
    article = store(server, TUNNEL)
    links = {q["kind"]: f"/statements/{q['statement_id']}" for q in article["quotes"]}
    assert set(links) == {"indirect", "partial"}
    page = open_page(tab, f"{server}/articles/{article['id']}", "#text mark.q")
    outer = page.locator("#text > mark.q")
    inner = outer.locator("mark.q")
    assert inner.locator("a").inner_text() == TUNNEL_PARTIAL
    assert inner.locator("a").get_attribute("href") == links["partial"]
    # the reported speech is one link around the partial quote, focused once however many its pieces
    pieces = outer.locator(":scope > a")
    assert {pieces.nth(i).get_attribute("href") for i in range(pieces.count())} == {links["indirect"]}
    assert outer.inner_text().startswith("that the harbour tunnel would be finished")
    assert page.locator("#text [tabindex='0'], #text a:not([tabindex])").count() == 2
    inner.locator("a").focus()
    assert inner.locator(".tip").is_visible()
    assert "partial quote" in inner.locator(".tip").inner_text()
    assert not outer.locator(":scope > .tip").is_visible()
    assert tab.errors == []


def test_each_rendering_shows_the_outlets_words_as_printed(tab: Tab, server: str) -> None:
    stored = [store(server, article) for article in PIER]
    (statement_id,) = {q["statement_id"] for a in stored for q in a["quotes"]}
    page = open_page(tab, f"{server}/statements/{statement_id}", "#renderings li")
    dashed = page.locator("li.rendering", has_text="Dock Daily")
    assert dashed.locator(".badge").inner_text() == "punctuation only"
    assert dashed.locator("blockquote").inner_text() == PIER_DASHED  # the dashes and quote marks it flags
    assert dashed.locator(".diff").count() == 0  # no word differs
    plain = page.locator("li.rendering", has_text="Pier Weekly")
    assert plain.locator("blockquote").inner_text() == PIER_PLAIN
    assert tab.errors == []


def test_a_changed_rendering_shows_its_words_as_printed_and_the_word_diff_beside_them(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    page = open_page(tab, f"{server}/statements/{scenario['statement_id']}", "#renderings li")
    truncated = page.locator("li.rendering", has_text="Coast Courier")
    assert truncated.locator("blockquote").inner_text() == REMARK.split(", and")[0] + ","
    assert truncated.locator(".diff del").inner_text() == "and not a day later,"
    assert tab.errors == []


def test_a_wording_stands_alone_without_the_comma_its_sentence_went_on_with(tab: Tab, server: str) -> None:
    text = "The inquiry found her “extremely reckless,” the report said, and closed the case."
    article = store(server, {"outlet": "Gazette", "text": text, "published_at": "2024-02-02T10:00:00Z"})
    [statement_id] = [q["statement_id"] for q in article["quotes"] if q["text"].startswith("extremely")]
    page = open_page(tab, f"{server}/statements/{statement_id}", "#renderings li")
    assert page.locator("#reference").inner_text() == "“extremely reckless”"
    assert page.locator("li.rendering blockquote").first.inner_text() == "extremely reckless,"  # as printed
    home = open_page(tab, f"{server}/?q=reckless", "#results li")
    assert (
        home.locator(f"#results a[href='/statements/{statement_id}']").inner_text() == "“extremely reckless”"
    )
    assert tab.errors == []


@pytest.fixture(scope="module")
def paging(server: str) -> None:
    article = store(server, PAGING)
    assert len({q["statement_id"] for q in article["quotes"]}) == PAGING_COUNT


def test_a_long_list_says_its_count_is_so_far_and_shows_more_on_request(
    tab: Tab, server: str, paging: None
) -> None:
    page = open_page(tab, f"{server}/?outlet={PAGING_OUTLET}", "#results h2")
    section = page.locator("#results section")
    assert section.locator("h2").inner_text() == f"Statements reported by {PAGING_OUTLET} (50 so far)"
    assert section.locator("ol.items > li").count() == 50
    page.get_by_role("button", name="Show more").click()
    page.wait_for_selector(f"#results h2:has-text('({PAGING_COUNT})')")
    assert section.locator("ol.items > li").count() == PAGING_COUNT
    assert page.get_by_role("button", name="Show more").is_hidden()
    focused = "document.activeElement.closest('li') === document.querySelectorAll('#results li')[50]"
    assert page.evaluate(focused)  # on to the first statement added
    assert f"{PAGING_COUNT} statements." in page.locator(".status").inner_text()
    assert tab.errors == []


def test_search_lists_page_by_page_under_each_heading(tab: Tab, server: str, paging: None) -> None:
    page = open_page(tab, f"{server}/?q={PAGING_WORD}", "#results h2")
    statements = page.locator("#results section", has=page.get_by_role("heading", name="Statements"))
    assert statements.locator("h2").inner_text() == "Statements (20 so far)"
    statements.get_by_role("button", name="Show more").click()
    page.wait_for_selector("#results h2:has-text('Statements (40 so far)')")
    assert statements.locator("ol.items > li").count() == 40
    page.goto(f"{server}/?q={PAGING_SPEAKER.split()[-1]}")
    speakers = page.locator("#results section", has=page.get_by_role("heading", name="Speakers"))
    assert speakers.locator("h2").inner_text() == "Speakers (1 so far)"
    speakers.get_by_role("button", name="Show more").click()
    expect(speakers.locator("ol ol li")).to_have_count(40)
    assert speakers.get_by_role("link", name=PAGING_SPEAKER).count() == 1  # one speaker, more statements
    assert tab.errors == []


PHONE = {"width": 375, "height": 740}

# Where a visible tooltip lies across the page, and how wide the page is.
_TIP_AND_PAGE = """() => {
  const tip = [...document.querySelectorAll("#text .tip")].find((t) => t.checkVisibility());
  const box = tip.getBoundingClientRect();
  return [box.left, box.right, innerWidth, document.documentElement.scrollWidth];
}"""


def test_long_words_and_quote_tooltips_stay_within_a_phone_screen(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    article = store(server, LONG_WORDS)
    tab.page.set_viewport_size(PHONE)
    # quotes from the start of a line, and from past its middle (the reported speech of the tunnel)
    for article_id in (article["id"], scenario["articles"]["Harbour Herald"], store(server, TUNNEL)["id"]):
        page = open_page(tab, f"{server}/articles/{article_id}", "#text mark.q")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for link in page.locator("#text mark.q a").all():
            link.focus()
            left, right, width, scroll = page.evaluate(_TIP_AND_PAGE)
            assert 0 <= left < right <= width == PHONE["width"]
            assert scroll <= PHONE["width"]
    page = open_page(tab, f"{server}/statements/{article['quotes'][0]['statement_id']}", "#renderings li")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert tab.errors == []


@pytest.mark.parametrize(
    ("path", "what"), [("/articles/%ZZ", "article"), ("/statements/%E0%A4%A", "statement")]
)
def test_an_address_cut_short_is_said_to_hold_nothing(tab: Tab, server: str, path: str, what: str) -> None:
    page = open_page(tab, server + path, ".status.error")
    assert page.locator(".status").inner_text().startswith(f"There is no {what} ")
    # the API's own 404s for it are all that went wrong
    assert tab.errors
    assert all(e.startswith(f"404 from {server}/v1/{what}s/") for e in tab.errors), tab.errors


def test_right_to_left_text_is_set_right_to_left(tab: Tab, server: str) -> None:
    article = store(server, ARABIC)
    direction = "elements => elements.map(e => getComputedStyle(e).direction)"
    page = open_page(tab, f"{server}/articles/{article['id']}", "#text mark.q")
    assert page.locator("#title, #text").evaluate_all(direction) == ["rtl", "rtl"]
    assert page.locator("#text .tip").evaluate_all(direction) == ["ltr"]  # the page's own words
    page = open_page(tab, f"{server}/statements/{article['quotes'][0]['statement_id']}", "#renderings li")
    assert page.locator("#reference, .printed p").evaluate_all(direction) == ["rtl", "rtl"]
    assert page.locator("#speaker").evaluate_all(direction) == ["ltr"]  # the page's own words as they were
    assert tab.errors == []


# The page's first request to a path holding `part` waits until the test calls `release()` in the page.
_HOLD_FIRST = """(part) => {
  const fetch = window.fetch;
  let held = false;
  window.fetch = (url, init) => {
    if (held || !String(url).includes(part)) return fetch(url, init);
    held = true;
    return new Promise((resolve) => (window.release = resolve)).then(() => fetch(url, init));
  };
}"""


def hold_first(tab: Tab, part: str) -> None:
    tab.page.add_init_script(f"({_HOLD_FIRST})({part!r})")


def test_a_search_gives_no_count_while_a_list_is_on_its_way(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    hold_first(tab, "/v1/claims")
    page = tab.page
    page.goto(f"{server}/?q=bridge")
    page.wait_for_function("() => window.release && performance.getEntriesByType('resource').length >= 3")
    page.wait_for_timeout(300)  # the other lists answered
    assert page.locator(".status").inner_text() == "Searching for “bridge”…"
    page.evaluate("window.release()")
    expect(page.locator(".status")).to_have_text(re.compile(r"^\d+ results? (so far )?for “bridge”\.$"))
    assert page.locator("#results section").count() == 4
    assert tab.errors == []


def test_a_check_answered_after_a_later_one_is_not_shown(
    tab: Tab, server: str, scenario: dict[str, Any]
) -> None:
    hold_first(tab, "/v1/check")
    page = open_page(tab, f"{server}/check", "#quote")
    page.get_by_label("The quote as you read it").fill("The stadium will be rebuilt with no public money")
    page.get_by_role("button", name="Check").click()
    page.wait_for_function("() => window.release")
    page.get_by_label("The quote as you read it").fill(REMARK)
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#result:not([hidden])")
    assert page.locator("#verdict").inner_text() == "Exact: worded as on record"
    page.evaluate("window.release()")
    page.wait_for_load_state("networkidle")
    assert page.locator("#verdict").inner_text() == "Exact: worded as on record"
    assert page.locator("li.match").count() >= 1
    assert page.locator("li.match blockquote").first.inner_text() == f"{REMARK},"
    assert tab.errors == []


def test_an_extraction_answered_after_a_later_one_is_not_shown(tab: Tab, server: str) -> None:
    hold_first(tab, "/v1/extract")
    page = open_page(tab, f"{server}/extract", "#source")
    page.get_by_label("Text or HTML of an article").fill(ARTICLES[0]["text"])
    page.get_by_role("button", name="Extract").click()
    page.wait_for_function("() => window.release")
    page.get_by_label("Text or HTML of an article").fill(FERRY)
    page.get_by_role("button", name="Extract").click()
    page.wait_for_selector("#extracted:not([hidden])")
    page.evaluate("window.release()")
    page.wait_for_load_state("networkidle")
    assert "ferry will run" in page.locator("#text").inner_text()
    assert "bridge" not in page.locator("#text").inner_text()
    assert page.locator(".status").inner_text() == "1 quote and 0 claims found; nothing stored."
    assert tab.errors == []
