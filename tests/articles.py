"""Synthetic articles for fault and load tests: distinct texts, each with quotes of its own and quotes that
other articles share, and very long articles of reported speech."""

from __future__ import annotations

import random

SPEAKERS = ["Maria Lopez", "John Okafor", "Anna Berg", "Ravi Shah", "Lena Novak", "Tom Reyes", "Ines Costa"]
NOUNS = ["budget", "bridge", "treaty", "harbour", "pension", "railway", "school", "border", "tariff", "dam"]
CITIES = ["Riverton", "Lakeside", "Northbridge", "Easton", "Millbrook", "Ashford"]
VERBS = ["delay", "protect", "rebuild", "double", "review", "cancel", "expand", "close"]
# Remarks every outlet repeats, so concurrent ingests link to the same statements.
SHARED = [
    "There can be no agreement without the farmers and the fishermen",
    "We have done everything we promised and we will keep going",
    "Nobody in this government will accept a deal that hurts the north",
]


def news_article(tag: str, i: int) -> dict[str, str]:
    """Article `i` of a batch named `tag`: an outlet and text of its own, two remarks of its own (one
    direct, one partial) and one remark shared with the rest of the batch."""
    rng = random.Random(f"{tag}:{i}")
    speaker, other = rng.sample(SPEAKERS, 2)
    noun, verb = rng.choice(NOUNS), rng.choice(VERBS)
    text = (
        f"{speaker} spoke in Riverton on day {i} of the {tag} talks on the {noun}.\n\n"
        f"\u201cWe will {verb} the {noun} plan by week {i + 3}, and the {tag} round will not stop us,\u201d "
        f"{speaker} said.\n\n"
        f"{other} told reporters that the {noun} deal was \u201cfar from done after round {i} of {tag}\u201d "
        f"and that the vote would wait.\n\n"
        f"\u201c{SHARED[i % len(SHARED)]},\u201d {other} said.\n"
    )
    return {"outlet": f"{tag.title()} Outlet {i}", "text": text}


def reported_speech(sentences: int, seed: int = 0) -> str:
    """`sentences` distinct sentences of reported speech, each with a partial quote."""
    rng = random.Random(seed)
    return " ".join(
        f"{rng.choice(SPEAKERS)} said the government would {rng.choice(VERBS)} the {rng.choice(NOUNS)} "
        f"\u201cwithin {i + 2} weeks of the {rng.choice(NOUNS)} vote\u201d "
        f"if {rng.choice(NOUNS)} talks failed, "
        f"after officials from the {rng.choice(NOUNS)} office met in {rng.choice(CITIES)}."
        for i in range(sentences)
    )
