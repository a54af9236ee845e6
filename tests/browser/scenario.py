"""A held-out scenario: one remark in four outlets, verbatim, truncated, altered and misattributed."""

from __future__ import annotations

import itertools

REMARK = "The new bridge will open to traffic before the winter storms arrive, and not a day later"

ARTICLES = [
    {
        "outlet": "Harbour Herald",
        "title": "Bridge to open before winter, mayor says",
        "published_at": "2026-11-02T09:00:00Z",
        "text": (
            "Harbour City's new bridge is almost finished, two years late and well over budget.\n\n"
            f"\u201c{REMARK},\u201d Mayor Ellen Ortiz said on Monday.\n\n"
            "The bridge cost $240 million, nearly twice the original estimate of $130 million.\n"
        ),
    },
    {
        "outlet": "Coast Courier",
        "title": "Mayor promises bridge date",
        "published_at": "2026-11-02T15:30:00Z",
        "text": (
            "Mayor Ellen Ortiz promised commuters a quick end to the delays.\n\n"
            "\u201cThe new bridge will open to traffic before the winter storms arrive,\u201d Ortiz said at "
            "city hall.\n\nCommuters have waited since 2021 for the crossing.\n"
        ),
    },
    {
        "outlet": "Valley Post",
        "title": "New date for delayed bridge",
        "published_at": "2026-11-03T08:00:00Z",
        "text": (
            "Harbour City officials gave a new date for the delayed bridge.\n\n"
            "\u201cThe new bridge will open to traffic before the spring storms arrive, and not a day later,"
            "\u201d Mayor Ellen Ortiz told reporters.\n\n"
            "Unemployment in the city rose to 7.4 percent last year.\n"
        ),
    },
    {
        "outlet": "Metro Daily",
        "title": "Bridge nearly done",
        "published_at": "2026-11-04T07:15:00Z",
        "text": (
            "The long-delayed Harbour City bridge is nearly done.\n\n"
            f"\u201c{REMARK},\u201d Governor Sam Whitfield said on Tuesday.\n\n"
            "The state paid for a third of the project.\n"
        ),
    },
]

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/harbour-bridge",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "datePublished": "2026-11-05",
    "claimReviewed": REMARK,
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Ellen Ortiz"}},
    "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
}
"""A fact-check of the remark, linked to its statement."""

ALTERED_OUTLET, ALTERED_FROM, ALTERED_TO = "Valley Post", "winter", "spring"
MISATTRIBUTED_OUTLET, MISATTRIBUTED_TO = "Metro Daily", "Sam Whitfield"

PAGE_HTML = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour Herald: bridge</title></head>
<body><main><article>
<h1>Bridge to open before winter, mayor says</h1>
<p>Harbour City's new bridge is almost finished, two years late and well over budget.</p>
<p id="remark">\u201c{REMARK},\u201d Mayor Ellen Ortiz said on Monday.</p>
<p>The bridge cost $240 million, nearly twice the original estimate of $130 million.</p>
</article></main></body></html>
"""
"""The first article as a publisher's page, for the extension to read."""

STADIUM_QUOTE = "The stadium will be rebuilt within three years with no public money at all,"
STADIUM_CHEER = "Fans cheered " + "\U0001f600" * 10 + " " + "\U0001f389" * 5 + " at the stadium."
STADIUM = {
    "outlet": "Emoji News",
    "title": "Stadium to be rebuilt",
    "published_at": "2026-11-06T10:00:00Z",
    "text": f"{STADIUM_CHEER}\n\n\u201c{STADIUM_QUOTE}\u201d Mayor Ellen Ortiz said on Friday.\n",
}
"""Characters outside the BMP (two UTF-16 units each, one code point in the API's offsets) before a quote."""

STADIUM_HTML = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Emoji News: stadium</title></head>
<body><main><article>
<h1>Stadium to be rebuilt</h1>
<p id="cheer">{STADIUM_CHEER}</p>
<p id="remark">\u201c{STADIUM_QUOTE}\u201d Mayor Ellen Ortiz said on Friday.</p>
</article></main></body></html>
"""
"""The stadium article as a publisher's page."""

TUNNEL_PARTIAL = "well ahead of the summer festival"
TUNNEL = {
    "outlet": "Harbour Herald",
    "title": "Tunnel on time, council says",
    "published_at": "2026-11-07T10:00:00Z",
    "text": (
        "Council leader Rosa Marin said on Tuesday that the harbour tunnel would be finished "
        f"\u201c{TUNNEL_PARTIAL}\u201d and that fares would not rise.\n"
    ),
}
"""Reported speech with a partial quote inside it: two statements, one inside the other in the text."""

PIER_PLAIN = (
    "We will rebuild the old pier, and we will do it, with or without the state\u2019s help, by next summer,"
)
PIER_DASHED = (
    "We will rebuild the old pier and we will do it \u2014 with or without the state\u2019s \u2018help\u2019 "
    "\u2014 by next summer,"
)
PIER = [
    {
        "outlet": outlet,
        "published_at": when,
        "text": f"Lena Fox spoke on Sunday.\n\n\u201c{quote}\u201d Harbour master Lena Fox said.\n",
    }
    for outlet, when, quote in [
        ("Pier Weekly", "2026-11-08T09:00:00Z", PIER_PLAIN),
        ("Dock Daily", "2026-11-08T12:00:00Z", PIER_DASHED),
    ]
]
"""One remark in two outlets, the later one's differing in punctuation only: dashes and inner quote marks."""

_WORDS = (
    "budget council harbour ferry tunnel school library market river station garden tower museum clinic "
    "bridge highway airport stadium theatre factory orchard quarry vineyard lighthouse canal reservoir "
    "tramway depot archive bakery cinema college courthouse dairy foundry granary hospital kiosk "
    "laboratory mill observatory pavilion pharmacy plaza refinery sawmill shipyard terminal warehouse "
    "workshop academy aquarium arena barracks brewery chapel citadel"
)


def _remarks(count: int) -> list[str]:
    """`count` remarks of five words of the vocabulary each, no two sharing more than one of them, so that
    none reads as another's rendering (one template around four words of their own, some shared, made pairs
    score 0.80: a match)."""
    chosen: list[tuple[str, ...]] = []
    for words in itertools.combinations(_WORDS.split(), 5):
        if all(len(set(words) & set(other)) <= 1 for other in chosen):
            chosen.append(words)
        if len(chosen) == count:
            break
    return [f"Zebrafish {n} will move the {', '.join(w[:4])} and {w[4]}" for n, w in enumerate(chosen)]


PAGING_OUTLET, PAGING_SPEAKER, PAGING_WORD, PAGING_COUNT = "Paging Times", "Pat Quill", "zebrafish", 55
PAGING = {
    "outlet": PAGING_OUTLET,
    "title": "Fifty-five promises",
    "published_at": "2026-11-09T10:00:00Z",
    "text": "".join(f"\u201c{remark},\u201d {PAGING_SPEAKER} said.\n\n" for remark in _remarks(PAGING_COUNT)),
}
"""More statements of one outlet, one speaker and one word than a page of any list holds."""

LONG_OUTLET = "TheHarbourCityEveningChronicleAndWeeklyAdvertiserOfRecordForTheWholeCoastline"
LONG_URL = "https://harbour.example/plans/2027/" + "-".join(["segment"] * 60)
LONG_WORDS = {
    "outlet": LONG_OUTLET,
    "published_at": "2026-11-10T10:00:00Z",
    "text": (
        "The council met on Monday.\n\n"
        f"\u201cRead the whole plan at {LONG_URL} before you vote on it,\u201d Councillor Dan Reyes said.\n"
    ),
}
"""Words far wider than a phone: an outlet's name without spaces, an address quoted."""

HEAVY_HTML = PAGE_HTML.replace(
    "</head>",
    '<style>p { margin: 1em 0; }</style><script>window.config = {"ads": true};</script></head>',
).replace(
    "</body>",
    '<script type="application/json" id="state">{"cache": "' + "x" * 2_500_000 + '"}</script>'
    "<template><p>A template never shown.</p></template><noscript><p>Turn scripts on.</p></noscript></body>",
)
"""The bridge page carrying 2.5 MB of inline JSON, as heavy news pages do: more than the server takes."""

ARABIC_QUOTE = "سنبني جسرا جديدا قبل الشتاء المقبل بكل تأكيد"
ARABIC = {
    "outlet": "Al Mina",
    "title": "جسر جديد قبل الشتاء",
    "published_at": "2026-11-11T10:00:00Z",
    "text": (
        "قال رئيس البلدية أحمد منصور يوم الاثنين إن الجسر سيفتح قريبا.\n\n"
        f"\u201c{ARABIC_QUOTE}\u060c\u201d قال أحمد منصور.\n"
    ),
}
"""An article in Arabic, written right to left."""
