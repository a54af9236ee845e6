"""The browser extension, loaded unpacked into headless Chromium, against a running server."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, EXTENSION, Tab, local_server, screenshot
from tests.browser.scenario import ALTERED_FROM, ALTERED_OUTLET, ALTERED_TO, ARTICLES, REMARK, STADIUM_QUOTE

WEB_MARKS = Path(__file__).parents[2] / "service/web/static/marks.js"

# Select these words in the page, as a reader would with the mouse; returns the selection's text.
_SELECT = """(words) => {
  const node = document.getElementById("remark").firstChild;
  const range = document.createRange();
  range.setStart(node, node.data.indexOf(words));
  range.setEnd(node, node.data.indexOf(words) + words.length);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  return getSelection().toString();
}"""


def test_manifest_is_version_3_for_chromium_and_firefox() -> None:
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["manifest_version"] == 3
    assert manifest["background"]["service_worker"] == "background.js"
    assert manifest["background"]["scripts"] == ["background.js"]  # Firefox runs it as an event page
    assert manifest["browser_specific_settings"]["gecko"]["id"]
    for page in (manifest["action"]["default_popup"], manifest["options_ui"]["page"], "highlight.js"):
        assert (EXTENSION / page).is_file()


def test_the_extension_ships_the_web_apps_diff_marking() -> None:
    assert (EXTENSION / "marks.js").read_text(encoding="utf-8") == WEB_MARKS.read_text(encoding="utf-8")


class Extension:
    """The persistent context with the extension loaded, its service worker and its pages."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.worker = (
            context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        )
        self.base = self.worker.url.rsplit("/", 1)[0]

    def open(self, path: str) -> Tab:
        tab = Tab(self.context.new_page()).watch()
        tab.page.set_viewport_size({"width": 460, "height": 640})
        tab.page.goto(f"{self.base}/{path}")
        return tab

    def configure(self, server: str) -> None:
        options = self.open("options.html")
        options.page.get_by_label("Server address").fill(server)
        options.page.get_by_role("button", name="Save", exact=True).click()
        options.page.wait_for_selector(".status:has-text('Saved')")
        assert options.errors == []
        options.page.close()


@pytest.fixture
def extension(playwright: Any, tmp_path: Path) -> Iterator[Extension]:
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}"],
    )
    yield Extension(context)
    context.close()


def test_the_extension_starts_and_its_pages_open_without_errors(
    extension: Extension, axe: Callable[[Any], list[dict[str, Any]]]
) -> None:
    assert extension.worker.url.endswith("/background.js")
    for path in ("popup.html", "options.html"):
        tab = extension.open(path)
        tab.page.wait_for_selector("h1")
        assert axe(tab.page) == []
        assert tab.errors == []


def test_a_selected_quote_is_checked_and_the_popup_shows_the_verdict(
    extension: Extension, server: str, scenario: dict[str, Any], publisher: str
) -> None:
    extension.configure(server)
    news = Tab(extension.context.new_page()).watch()
    news.page.goto(publisher)
    selected = news.page.evaluate(_SELECT, REMARK)
    assert selected == REMARK
    # what the browser does when "Check this quote with claimtrack" is chosen in the context menu
    extension.worker.evaluate(
        "(text) => onMenuClick({ menuItemId: 'claimtrack-check', selectionText: text }, undefined)", selected
    )
    popup = extension.open("popup.html")
    popup.page.wait_for_selector("#verdict")
    assert popup.page.locator("#verdict").inner_text() == "Exact: worded as on record"
    assert popup.page.locator("#wording").inner_text() == f"{REMARK},"  # as the outlets printed it
    assert popup.page.locator("#words").count() == 0
    assert len(ARTICLES) == 4
    carried = popup.page.locator("#result .carried").inner_text()
    assert carried == "Printed in these words by 2 outlets: Harbour Herald, Metro Daily"
    assert popup.page.locator("#result .reference").count() == 0  # the reference is the wording shown
    assert (
        popup.page.locator("#result .outlets")
        .inner_text()
        .startswith("The statement is carried by 4 outlets:")
    )
    link = popup.page.locator("#statement-link").get_attribute("href")
    assert link == f"{server}/statements/{scenario['statement_id']}"
    assert popup.page.locator("#result .rating").all_inner_texts() == ["Unproven"]
    review = popup.page.get_by_role("link", name="Example Fact Check")
    assert review.get_attribute("target") == "_blank"  # opened in a tab, not in place of the popup

    popup.page.get_by_label("Check a quote").fill(REMARK.replace("winter", "autumn"))
    popup.page.get_by_role("button", name="Check", exact=True).click()
    popup.page.wait_for_selector("#words ins")
    assert popup.page.locator("#words ins").all_inner_texts() == ["autumn"]
    assert popup.page.locator("#words del").all_inner_texts() == ["winter"]
    assert popup.page.locator("#result .carried").count() == 0  # no outlet printed it so

    screenshot(popup.page, "extension-popup.png", full_page=True)

    # one outlet's wording is exact, printed by that outlet alone; most carry the reference
    popup.page.get_by_label("Check a quote").fill(REMARK.replace(ALTERED_FROM, ALTERED_TO))
    popup.page.get_by_role("button", name="Check", exact=True).click()
    popup.page.wait_for_selector("#result .reference")
    assert popup.page.locator("#verdict").inner_text() == "Exact: worded as on record"
    assert (
        popup.page.locator("#result .carried").inner_text()
        == f"Printed in these words by 1 outlet: {ALTERED_OUTLET}"
    )
    assert popup.page.locator("#result .reference q").inner_text() == f"{REMARK},"
    assert popup.errors == []
    assert news.errors == []


def test_quotes_on_a_page_are_marked_with_speaker_and_outlets(
    extension: Extension, server: str, scenario: dict[str, Any], publisher: str
) -> None:
    extension.configure(server)
    news = Tab(extension.context.new_page()).watch()
    news.page.goto(publisher)
    extension.worker.evaluate(
        "async (url) => { const [tab] = await chrome.tabs.query({ url }); await scanTab(tab.id); }", publisher
    )
    marked = news.page.locator("#remark mark.claimtrack-quote")
    assert REMARK in marked.inner_text()
    assert news.page.locator("#remark .claimtrack-label").inner_text().strip() == "Ellen Ortiz · 4 outlets"
    screenshot(news.page.locator("article"), "extension-page.png")
    popup = extension.open("popup.html")
    assert "highlighted on the page" in popup.page.locator(".status").inner_text()
    assert news.errors == []


def test_quotes_after_emoji_are_marked_on_their_own_words(
    extension: Extension, server: str, publisher: str
) -> None:
    extension.configure(server)
    news = Tab(extension.context.new_page()).watch()
    stadium = publisher.replace("bridge.html", "stadium.html")
    news.page.goto(stadium)
    extension.worker.evaluate(
        "async (url) => { const [tab] = await chrome.tabs.query({ url }); await scanTab(tab.id); }", stadium
    )
    assert news.page.locator("#remark mark.claimtrack-quote").all_inner_texts() == [STADIUM_QUOTE]
    assert news.page.locator("#cheer mark").count() == 0
    assert news.errors == []


def test_a_page_heavy_with_scripts_is_sent_without_them(
    extension: Extension, server: str, scenario: dict[str, Any], publisher: str
) -> None:
    extension.configure(server)
    news = Tab(extension.context.new_page()).watch()
    heavy = publisher.replace("bridge.html", "heavy.html")
    news.page.goto(heavy)
    assert news.page.evaluate("document.documentElement.outerHTML.length") > 2 * 1024 * 1024
    extension.worker.evaluate(
        "async (url) => { const [tab] = await chrome.tabs.query({ url }); await scanTab(tab.id); }", heavy
    )
    assert REMARK in news.page.locator("#remark mark.claimtrack-quote").inner_text()
    assert news.page.locator("script#state").count() == 1  # the page itself is left as it was
    popup = extension.open("popup.html")
    assert "highlighted on the page" in popup.page.locator(".status").inner_text()
    assert news.errors == []


def test_an_unreachable_server_is_said_plainly(extension: Extension, unused_port: int) -> None:
    extension.configure(f"http://127.0.0.1:{unused_port}")
    extension.worker.evaluate("() => checkQuote('anything at all')")
    popup = extension.open("popup.html")
    popup.page.wait_for_selector(".status.error")
    assert "cannot be reached" in popup.page.locator(".status").inner_text()
    options = extension.open("options.html")
    options.page.get_by_role("button", name="Test the saved server").click()
    options.page.wait_for_selector(".status.error")
    assert "cannot be reached" in options.page.locator(".status").inner_text()
    # reopened, the form holds what was saved (it is disabled until then, so nothing typed is overwritten)
    assert options.page.get_by_label("Server address").input_value() == f"http://127.0.0.1:{unused_port}"
    assert options.page.get_by_label("Server address").is_enabled()


def test_a_refused_key_is_said_plainly(extension: Extension) -> None:
    problem = b'{"title": "Unauthorized", "status": 401, "detail": "unknown API key"}'
    with local_server(lambda _: (401, "application/problem+json", problem)) as refusing:
        extension.configure(refusing)
        extension.worker.evaluate("() => checkQuote('anything at all')")
        popup = extension.open("popup.html")
        popup.page.wait_for_selector(".status.error")
    message = popup.page.locator(".status").inner_text()
    assert "refused the API key (unknown API key)" in message
    assert "options" in message
