"""html_to_article: exact text with quote marks and paragraph breaks intact, metadata, and refusals."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import pytest

from service.ingest.errors import ContentError
from service.ingest.html import ArticleText, html_to_article

FIXTURES = Path(__file__).parent.parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_article_text_is_exact() -> None:
    article = html_to_article(fixture("article.html"))
    assert article == ArticleText(
        text=(
            "Minister says talks “constructive”\n\n"
            "The foreign minister said on Friday that the talks had been “constructive and frank,” "
            "adding that “there is still a long way to go.”\n\n"
            "“We won’t give up,” she told reporters in Charlevoix. ‘It’s our duty,’ an aide added.\n\n"
            'Asked about sanctions, the minister said: "Everything is on the table." '
            "Officials didn't elaborate.\n\n"
            "“Peace is possible,” the statement began.\n\n"
            "“It is within reach,” it concluded.\n\n"
            "The communiqué listed two priorities:\na ceasefire, and\nthe return of prisoners.\n\n"
            "The meeting ends on Saturday, when ministers are expected to issue a joint statement "
            "on Ukraine’s future."
        ),
        title="Minister says talks “constructive”",
        published_at="2025-03-14",
    )


def test_boilerplate_comments_and_tables_are_left_out() -> None:
    text = html_to_article(fixture("article.html")).text
    for unwanted in ("Reader comment", "Home", "Privacy", "All rights reserved", "Country", "Votes"):
        assert unwanted not in text


def test_quotes_in_div_paragraphs_survive() -> None:
    """favor_precision would drop the quote marked up as a <div>; the default keeps it."""
    article = html_to_article(fixture("div_paragraphs.html"))
    paragraphs = article.text.split("\n\n")
    assert (
        "“There can be no peace without the full support and participation of Ukraine,” "
        "the prime minister said." in paragraphs
    )
    assert "“No,” he replied." in paragraphs
    assert "Most read" not in article.text
    assert article.title == "Leaders meet in Rome"
    assert article.published_at == "2025-05-18"


def test_entities_become_the_characters_they_name() -> None:
    body = (
        "<p>&ldquo;We&rsquo;re ready,&rdquo; the minister said on Monday &#8212; "
        "and added &#x2018;now&#x2019;.</p>"
    )
    article = html_to_article(f"<html><body><article>{body}</article></body></html>")
    assert article.text == "“We’re ready,” the minister said on Monday — and added ‘now’."


def test_a_date_in_the_body_is_not_taken_for_the_publication_date() -> None:
    html = (
        "<html><head><title>Budget</title></head><body><article>"
        "<p>Back on 3 March 2024 the same plan failed, and the minister said it would fail again.</p>"
        "</article></body></html>"
    )
    assert html_to_article(html).published_at is None


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("", id="empty"),
        pytest.param(" \n\t ", id="blank"),
        pytest.param("<html></html>", id="no-body"),
        pytest.param("\x00\x01\x02garbage", id="garbage"),
        pytest.param(fixture("navigation_only.html"), id="navigation-only"),
    ],
)
def test_no_article_text_is_a_content_error(html: str) -> None:
    with pytest.raises(ContentError, match="no article text found in the HTML") as caught:
        html_to_article(html)
    assert caught.value.status == 422


def test_extraction_does_no_network_io(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    html = fixture("article.html").replace("<p>", '<p><img src="https://example.com/x.png">', 1)
    assert html_to_article(html).title == "Minister says talks “constructive”"


def test_a_good_article_logs_nothing_above_debug(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        html_to_article(fixture("article.html"))
    assert caplog.records == []
