"""Sentence segmentation on news prose."""

from __future__ import annotations

import time

import pytest

from service.extract.sentences import sentence_spans


def _sents(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. Secretary of State spoke. He left.", ["The U.S. Secretary of State spoke.", "He left."]),
        ("It happened in the U.S. The end.", ["It happened in the U.S.", "The end."]),
        (
            "Mr. Smith and Dr. Jones met on Sept. 5. Talks ended.",
            ["Mr. Smith and Dr. Jones met on Sept. 5.", "Talks ended."],
        ),
        ("George W. Bush spoke. Then he left.", ["George W. Bush spoke.", "Then he left."]),
        ("“Why?” he asked. “Because.” Done!", ["“Why?” he asked.", "“Because.”", "Done!"]),
        (
            "“This is it,” said Roland Paris. “Carney is signaling.”",
            ["“This is it,” said Roland Paris.", "“Carney is signaling.”"],
        ),
        ("Meet at 5 p.m. Friday. Ok.", ["Meet at 5 p.m. Friday.", "Ok."]),
        ("Headline without stop\nBody text here. More", ["Headline without stop", "Body text here.", "More"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _sents(text) == expected


def test_dateline_is_left_out() -> None:
    text = "WASHINGTON, Sept. 5 (Reuters) - The talks failed. Both sides left."
    assert _sents(text) == ["The talks failed.", "Both sides left."]


def test_paragraphs_always_break_and_offsets_index_text() -> None:
    text = "First line with “open quote\n\n  second paragraph.  \n"
    spans = sentence_spans(text)
    assert _sents(text) == ["First line with “open quote", "second paragraph."]
    assert all(text[a:b].strip() == text[a:b] for a, b in spans)


def test_linear_time_on_large_input() -> None:
    text = "A. B. C. U.S. Mr. “x. " * 50_000
    t0 = time.thread_time()  # CPU time of this thread: other processes on a busy machine do not count
    spans = sentence_spans(text)
    assert time.thread_time() - t0 < 2.0
    assert spans
