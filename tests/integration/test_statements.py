"""Ingest the seed articles and variants another outlet might publish; check statements and comparisons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

pytestmark = pytest.mark.anyio

SEEDS = Path(__file__).parents[2] / "seeds"
G7 = (SEEDS / "2025-03-14-g7-foreign-ministers.txt").read_text(encoding="utf-8")
CARNEY = (SEEDS / "2025-05-zelenskyy-carney-rome.txt").read_text(encoding="utf-8")

# Another outlet's take: it truncates Trump's words and credits Carney's quote to "the prime minister".
VARIANT = (
    "Trump said his envoy's meeting with Putin had been “productive.”\n\n"
    "“There can be no peace without the full support and participation of Ukraine,” the prime minister "
    "told the Ukrainian president in Rome.\n"
)


async def ingest(client: AsyncTestClient, outlet: str, text: str, **extra: Any) -> dict[str, Any]:
    response = await client.post("/v1/articles", json={"outlet": outlet, "text": text, **extra})
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def quote_with(article: dict[str, Any], words: str) -> dict[str, Any]:
    found = [q for q in article["quotes"] if words in q["text"]]
    assert found, f"no quote with {words!r} in {[q['text'] for q in article['quotes']]}"
    return min(found, key=lambda q: len(q["text"]))


async def test_same_article_again_is_the_same_article(client: AsyncTestClient) -> None:
    first = await client.post("/v1/articles", json={"outlet": "Global News", "text": G7})
    again = await client.post("/v1/articles", json={"outlet": "Global News", "text": G7})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    statement_id = quote_with(first.json(), "very good and productive")["statement_id"]
    statement = (await client.get(f"/v1/statements/{statement_id}")).json()
    assert statement["mention_count"] == 1


async def test_variant_outlet_joins_the_seed_statements_and_compare_shows_how(
    client: AsyncTestClient,
) -> None:
    g7 = await ingest(client, "Global News", G7, published_at="2025-03-14T12:00:00Z")
    carney = await ingest(client, "CBC", CARNEY, published_at="2025-05-18T12:00:00Z")
    variant = await ingest(client, "Daily Planet", VARIANT, published_at="2025-05-20T09:00:00Z")

    productive = quote_with(g7, "very good and productive")
    assert quote_with(variant, "productive")["statement_id"] == productive["statement_id"]
    peace = quote_with(carney, "There can be no peace")
    assert quote_with(variant, "There can be no peace")["statement_id"] == peace["statement_id"]

    compare = (await client.get(f"/v1/statements/{productive['statement_id']}/compare")).json()
    assert compare["speaker"] == "Donald Trump"
    assert compare["first_appearance"]["outlet"] == "Global News"
    classes = {r["mention"]["outlet"]: r["classification"] for r in compare["renderings"]}
    assert classes == {"Global News": "verbatim", "Daily Planet": "truncated"}

    compare = (await client.get(f"/v1/statements/{peace['statement_id']}/compare")).json()
    assert compare["speaker"] == "Mark Carney"
    credited = {
        r["mention"]["outlet"]: (r["attribution"], r["speaker_differs"]) for r in compare["renderings"]
    }
    assert credited == {"CBC": ("same", False), "Daily Planet": ("unnamed", False)}
    assert compare["cues"]["Daily Planet"] == ["told"]

    outlets = (await client.get("/v1/outlets")).json()["items"]
    assert {o["name"]: o["articles"] for o in outlets} == {"CBC": 1, "Daily Planet": 1, "Global News": 1}


async def test_a_misattributed_passage_joins_its_statement_and_is_flagged(client: AsyncTestClient) -> None:
    carney = await ingest(client, "CBC", CARNEY, published_at="2025-05-18T12:00:00Z")
    misattributed = await ingest(
        client,
        "Tribune",
        "“There can be no peace without the full support and participation of Ukraine,” Italian Prime "
        "Minister Giorgia Meloni said on Sunday.\n",
    )
    peace = quote_with(carney, "There can be no peace")
    assert quote_with(misattributed, "There can be no peace")["statement_id"] == peace["statement_id"]
    compare = (await client.get(f"/v1/statements/{peace['statement_id']}/compare")).json()
    assert compare["speaker"] == "Mark Carney"
    said_by = {
        r["mention"]["outlet"]: (r["mention"]["speaker"], r["speaker_differs"]) for r in compare["renderings"]
    }
    assert said_by == {"CBC": ("Mark Carney", False), "Tribune": ("Giorgia Meloni", True)}


async def test_listing_filters_and_pages(client: AsyncTestClient) -> None:
    await ingest(client, "Global News", G7, published_at="2025-03-14T12:00:00Z")
    await ingest(client, "CBC", CARNEY, published_at="2025-05-18T12:00:00Z")
    trump = (await client.get("/v1/speakers/Donald Trump/statements")).json()["items"]
    assert trump
    assert all(s["speaker"] == "Donald Trump" for s in trump)
    assert {o for s in trump for o in s["outlets"]} == {"Global News", "CBC"}

    only_cbc = (await client.get("/v1/statements", params={"outlet": "CBC"})).json()["items"]
    assert only_cbc
    assert all(s["outlets"] == ["CBC"] for s in only_cbc)
    march = (await client.get("/v1/statements", params={"until": "2025-04-01T00:00:00Z"})).json()["items"]
    assert march
    assert all(s["first_appearance"]["outlet"] == "Global News" for s in march)

    found = (await client.get("/v1/statements", params={"q": "laying down markers"})).json()["items"]
    assert [s["speaker"] for s in found] == ["Roland Paris"]

    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/statements", params=params)).json()
        seen += [s["id"] for s in page["items"]]
        if not (cursor := page["next_cursor"]):
            break
    everything = (await client.get("/v1/statements", params={"limit": 200})).json()["items"]
    assert seen == [s["id"] for s in everything]
    assert len(seen) == len(set(seen)) > 3


async def listed(client: AsyncTestClient, path: str, **params: Any) -> list[str]:
    page = await client.get(path, params={"limit": 200, **params})
    assert page.status_code == 200, page.text
    assert page.json()["next_cursor"] is None
    return [s["id"] for s in page.json()["items"]]


REMARKS = [
    "The bridge stays closed until the engineers sign off on every cable",
    "Bus fares will not rise this year whatever the council decides",
    "We planted four hundred trees along the river last spring",
    "Nobody in this office knew about the contract before Friday",
    "Libraries will open on Sundays from the first of May",
    "The new clinic treated twice as many patients as we expected",
    "I will not run again once this term is over",
    "Our streets have never been cleaner than they are now",
    "The stadium deal costs taxpayers nothing at all",
    "Every school in the district gets a nurse next autumn",
    "The flood barrier held because we rebuilt it in time",
    "Parking meters downtown will take cards by the summer",
    "We found the missing money in an account nobody had checked",
    "Night buses return to the eastern suburbs on Monday",
]


def remarks(first: int, count: int) -> str:
    return " ".join(
        f'"Frankly, {remark.lower()}," Mayor Ann Cole said.' for remark in REMARKS[first : first + count]
    )


@pytest.mark.parametrize("params", [{}, {"q": "frankly"}, {"speaker": "Ann Cole"}, {"outlet": "Metro"}])
async def test_a_cursor_holds_its_place_while_statements_come_and_go(
    client: AsyncTestClient, params: dict[str, str]
) -> None:
    """Newer statements arriving and earlier pages' statements leaving move no statement past a cursor:
    each one listed from start to end is listed once, in order. Statements of one article share their
    second and page by id."""
    for day in range(1, 5):
        await ingest(client, "Metro", remarks(3 * day - 3, 3), published_at=f"2025-03-0{day}T12:00:00Z")
    before = await listed(client, "/v1/statements", **params)
    assert len(before) == 12
    first = await client.get("/v1/statements", params={"limit": 4, **params})
    seen = [s["id"] for s in first.json()["items"]]
    assert seen == before[:4]
    newest = await ingest(client, "Metro", remarks(12, 2), published_at="2025-03-09T12:00:00Z")
    gone = await client.get("/v1/articles", params={"limit": 200})
    [latest_day] = [a["id"] for a in gone.json()["items"] if a["published_at"] == "2025-03-04T12:00:00Z"]
    assert (await client.delete(f"/v1/articles/{latest_day}")).status_code == 204
    cursor = first.json()["next_cursor"]
    while cursor:
        page = (await client.get("/v1/statements", params={"limit": 4, "cursor": cursor, **params})).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
    assert seen == before  # the deleted article's 3 and 1 more on the first page, then the rest in order
    fresh = sorted(q["statement_id"] for q in newest["quotes"])
    assert len(fresh) == 2
    assert await listed(client, "/v1/statements", **params) == fresh + before[3:]


async def test_check_gives_a_verdict_and_the_outlets(client: AsyncTestClient) -> None:
    await ingest(client, "Global News", G7)
    await ingest(client, "Daily Planet", VARIANT)
    exact = (await client.post("/v1/check", json={"quote": "very good and productive"})).json()
    assert exact["verdict"] == "exact"
    assert set(exact["matches"][0]["outlets"]) == {"Global News", "Daily Planet"}

    truncated = "The territorial integrity is an important element of the communique"
    assert (await client.post("/v1/check", json={"quote": truncated})).json()["verdict"] == "minor_variation"

    altered = "The territorial integrity is a minor element of the communique and the reference to the UN"
    result = (await client.post("/v1/check", json={"quote": altered, "speaker": "Kaja Kallas"})).json()
    assert result["verdict"] == "altered"
    assert any(op["op"] == "replace" for op in result["matches"][0]["diff"])

    missing = (
        await client.post("/v1/check", json={"quote": "Nobody said these words in any article"})
    ).json()
    assert missing == {"verdict": "not_found", "matches": []}

    # A selection of the quotation with its attribution is checked by the quotation.
    selection = (
        "“The territorial integrity is an important element of the communique and the (reference) to the "
        "United Nations,” EU’s foreign policy chief Kaja Kallas told Reuters."
    )
    selected = (await client.post("/v1/check", json={"quote": selection})).json()
    assert selected["verdict"] == "exact"
    assert selected["matches"][0]["speaker"] == "Kaja Kallas"


async def test_a_quote_read_on_a_stored_page_is_judged_against_the_other_outlets(
    client: AsyncTestClient,
) -> None:
    faithful = "“The ferry will run every hour from June, and the fares will not rise,” Mayor Ann Cole said."
    changed = "“The ferry will run every hour from July, and the fares will not rise,” Mayor Ann Cole said."
    only_here = "“Nobody else printed this sentence about the harbour lights,” Mayor Ann Cole said."
    await ingest(client, "Metro", faithful, url="https://metro.example/ferry")
    await ingest(client, "Courier", f"{changed} {only_here}", url="https://courier.example/ferry")

    async def check(quote: str, url: str | None) -> dict[str, Any]:
        answer = await client.post("/v1/check", json={"quote": quote, **({"url": url} if url else {})})
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    read_on_courier = "The ferry will run every hour from July, and the fares will not rise"
    assert (await check(read_on_courier, None))["verdict"] == "exact"  # the page's own wording is on record
    judged = await check(read_on_courier, "https://courier.example/ferry#top")
    assert judged["verdict"] == "altered"
    [match] = judged["matches"]
    assert match["wording"].startswith("The ferry will run every hour from June")
    assert match["carried_by"] == []
    assert [op["canonical"] for op in match["diff"] if op["op"] == "replace"] == [["June,"]]
    assert (await check(read_on_courier.replace("July", "June"), "https://courier.example/ferry"))[
        "verdict"
    ] == "exact"  # as Metro printed it
    alone = "Nobody else printed this sentence about the harbour lights"
    assert (await check(alone, None))["verdict"] == "exact"
    assert await check(alone, "https://courier.example/ferry") == {"verdict": "not_found", "matches": []}
    assert (await check(alone, "https://metro.example/ferry"))["verdict"] == "exact"  # another page


async def test_a_quote_read_on_a_stored_page_is_not_said_to_be_carried_by_that_page_alone(
    client: AsyncTestClient,
) -> None:
    remark = "“The ferry will run every hour from June, and the fares will not rise,” Mayor Ann Cole said."
    await ingest(client, "Metro", remark, url="https://metro.example/ferry")
    await ingest(client, "Courier", remark, url="https://courier.example/ferry")
    quote = "The ferry will run every hour from June, and the fares will not rise"

    async def carried_by(url: str | None) -> list[str]:
        answer = await client.post("/v1/check", json={"quote": quote, **({"url": url} if url else {})})
        [match] = answer.json()["matches"]
        assert match["verdict"] == "exact"
        return list(match["carried_by"])

    assert sorted(await carried_by(None)) == ["Courier", "Metro"]
    assert await carried_by("https://courier.example/ferry") == ["Metro"]
    await ingest(client, "Courier", f"{remark} The vote is on Monday.", url="https://courier.example/vote")
    assert sorted(await carried_by("https://courier.example/ferry")) == ["Courier", "Metro"]  # its other page


async def test_the_speaker_is_whom_most_outlets_name_not_the_first_outlets_slip(
    client: AsyncTestClient,
) -> None:
    remark = "“We will rebuild the river bridge before the winter floods reach the lower town,” {} said."
    slip = await ingest(client, "Early Wire", remark.format("Tom Reyes"), published_at="2025-04-01T08:00:00Z")
    for hour, (outlet, name) in enumerate(
        [("Metro", "Mayor Jane Holt"), ("Courier", "Holt"), ("Post", "Jane Holt")]
    ):
        await ingest(client, outlet, remark.format(name), published_at=f"2025-04-01T{10 + hour}:00:00Z")
    statement_id = quote_with(slip, "river bridge")["statement_id"]

    statement = (await client.get(f"/v1/statements/{statement_id}")).json()
    assert (statement["mention_count"], statement["speaker"]) == (4, "Jane Holt")
    compared = (await client.get(f"/v1/statements/{statement_id}/compare")).json()
    assert {r["mention"]["outlet"]: r["attribution"] for r in compared["renderings"]} == {
        "Early Wire": "different", "Metro": "same", "Courier": "same", "Post": "same"
    }  # fmt: skip
    listed = (await client.get("/v1/speakers/Jane Holt/statements")).json()["items"]
    assert [s["id"] for s in listed] == [statement_id]
    assert (await client.get("/v1/speakers/Tom Reyes/statements")).json()["items"] == []


async def test_a_speakers_list_holds_every_form_of_the_name(client: AsyncTestClient) -> None:
    """Initials, middle names, suffixes and titles aside, one person's statements are one list, whichever
    form of the name each statement's outlets printed and whichever form is asked for."""
    remarks = [
        ("Metro", "“The river bridge opens in May,” Jane Q. Holt said."),
        ("Courier", "“The harbour fund is closed for good,” Mayor Jane Holt said."),
        ("Post", "“The ferry will run every hour,” Jane Quinn Holt Jr. said."),
        ("Wire", "“The tram is late again,” Tom Holt said."),
    ]
    ids = [(await ingest(client, outlet, text))["quotes"][0]["statement_id"] for outlet, text in remarks]
    for name in ("Jane Holt", "Jane Q. Holt", "Mayor Jane Quinn Holt"):
        listed = (await client.get(f"/v1/speakers/{name}/statements")).json()["items"]
        assert sorted(s["id"] for s in listed) == sorted(ids[:3]), name
        found = (await client.get("/v1/statements", params={"speaker": name, "q": "river bridge"})).json()
        assert [s["id"] for s in found["items"]] == ids[:1], name
    # The surname alone lists the family.
    listed = (await client.get("/v1/speakers/Holt/statements")).json()["items"]
    assert sorted(s["id"] for s in listed) == sorted(ids)


CREDITED = "“It’s our declaration of economic independence,” {} said on Wednesday in the Rose Garden."


async def test_the_same_words_credited_to_another_person_are_shown_beside_each_other(
    client: AsyncTestClient,
) -> None:
    """Kept apart (two people may say the same words), shown beside each other (an outlet may have credited
    the wrong one); a phrase of fewer words is what many people say, and is not."""
    trump = await ingest(client, "AP", CREDITED.format("President Donald Trump"))
    vance = await ingest(client, "Daily Kos", CREDITED.format("Vice President JD Vance"))
    slogan = "“Make America great again,” {} said."
    await ingest(client, "Metro", slogan.format("President Donald Trump"))
    other = await ingest(client, "Courier", slogan.format("Senator Marco Rubio"))
    [by_trump], [by_vance] = trump["quotes"], vance["quotes"]
    assert by_trump["statement_id"] != by_vance["statement_id"]
    for mine, theirs, name in ((by_trump, by_vance, "JD Vance"), (by_vance, by_trump, "Donald Trump")):
        compared = (await client.get(f"/v1/statements/{mine['statement_id']}/compare")).json()
        assert [(e["id"], e["speaker"], e["outlets"]) for e in compared["attributed_elsewhere"]] == [
            (theirs["statement_id"], name, ["Daily Kos" if name == "JD Vance" else "AP"])
        ]
    short = (await client.get(f"/v1/statements/{other['quotes'][0]['statement_id']}/compare")).json()
    assert short["attributed_elsewhere"] == []
    body = {
        "articles": [
            {"outlet": "AP", "text": CREDITED.format("President Donald Trump")},
            {"outlet": "Daily Kos", "text": CREDITED.format("Vice President JD Vance")},
        ]
    }
    compared = (await client.post("/v1/compare", json=body)).json()["statements"]
    assert sorted((c["speaker"], [e["speaker"] for e in c["attributed_elsewhere"]]) for c in compared) == [
        ("Donald Trump", ["JD Vance"]),
        ("JD Vance", ["Donald Trump"]),
    ]


async def test_compare_without_storing(client: AsyncTestClient) -> None:
    body = {"articles": [{"outlet": "Global News", "text": G7}, {"outlet": "Daily Planet", "text": VARIANT}]}
    result = (await client.post("/v1/compare", json=body)).json()
    texts = {s["text"] for s in result["statements"]}
    assert any("very good and productive" in t for t in texts)
    assert (await client.get("/v1/outlets")).json() == {"items": []}


async def test_a_comparison_of_one_article_sent_twice_says_so(client: AsyncTestClient) -> None:
    twice = {"articles": [{"outlet": "Daily Planet", "text": VARIANT}, {"outlet": "Global News", "text": G7},
                          {"outlet": "Daily Planet", "text": VARIANT}]}  # fmt: skip
    answer = await client.post("/v1/compare", json=twice)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["detail"] == (
        "articles 1 and 3 are the same article (the same outlet and text): send each once"
    )
    elsewhere = {
        "articles": [{"outlet": "Daily Planet", "text": VARIANT}, {"outlet": "Metro", "text": VARIANT}]
    }
    assert (await client.post("/v1/compare", json=elsewhere)).status_code == 200  # one text, two outlets


async def test_a_much_repeated_remark_shows_ten_mentions_an_outlet_and_pages_the_rest(
    client: AsyncTestClient,
) -> None:
    remark = '"We will not back down from this fight," the mayor, Jane Okafor, said on {day}.'
    days = [f"March {day}" for day in range(1, 15)]
    for day, when in zip(days, range(1, 15), strict=True):
        await ingest(client, "Wire", remark.format(day=day), published_at=f"2025-03-{when:02d}T12:00:00Z")
    other = await ingest(client, "Other", remark.format(day="Sunday"), published_at="2025-03-20T12:00:00Z")
    statement_id = quote_with(other, "back down")["statement_id"]

    statement = (await client.get(f"/v1/statements/{statement_id}")).json()
    assert statement["mention_count"] == 15
    shown = statement["mentions_by_outlet"]
    assert (len(shown["Wire"]), len(shown["Other"])) == (10, 1)
    assert [m["published_at"][:10] for m in shown["Wire"][:8]] == [f"2025-03-{d:02d}" for d in range(1, 9)]

    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(f"/v1/statements/{statement_id}/mentions", params=params)).json()
        seen += page["items"]
        if not (cursor := page["next_cursor"]):
            break
    assert len(seen) == 15
    assert len({m["article_id"] for m in seen}) == 15
    assert seen[:8] == sorted(seen[:8], key=lambda m: m["published_at"])  # the earliest first, by time


async def test_an_outlets_first_rendering_is_its_earliest_even_when_stored_last(
    client: AsyncTestClient,
) -> None:
    """Past a record's own 8 mentions the rest are kept as stored: an outlet's earlier article stored after
    its later one is still the one a statement and its comparison show first."""
    remark = '"We will not back down from this fight," the mayor, Jane Okafor, said {tail}.'
    for day in range(1, 10):
        await ingest(
            client, "Wire", remark.format(tail=f"on day {day}"), published_at=f"2025-03-{day:02d}T12:00:00Z"
        )
    later = await ingest(client, "Other", remark.format(tail="late"), published_at="2025-03-25T12:00:00Z")
    earlier = await ingest(client, "Other", remark.format(tail="early"), published_at="2025-03-20T12:00:00Z")
    statement_id = quote_with(later, "back down")["statement_id"]
    assert quote_with(earlier, "back down")["statement_id"] == statement_id

    shown = (await client.get(f"/v1/statements/{statement_id}")).json()["mentions_by_outlet"]
    assert [m["article_id"] for m in shown["Other"]] == [earlier["id"], later["id"]]
    compared = (await client.get(f"/v1/statements/{statement_id}/compare")).json()
    other = [r["mention"]["article_id"] for r in compared["renderings"] if r["mention"]["outlet"] == "Other"]
    assert other == [earlier["id"], later["id"]]


async def test_reported_speech_stating_nothing_is_a_quote_of_no_statement(client: AsyncTestClient) -> None:
    text = "Senator Jane Holt said the bridge would reopen before the winter. Her rival backed the idea."
    article = await ingest(client, "Valley Post", text)
    said, backed = quote_with(article, "bridge would reopen"), quote_with(article, "the idea")
    assert said["statement_id"]
    assert "statement_id" not in backed
    statements = (await client.get("/v1/statements", params={"outlet": "Valley Post"})).json()["items"]
    assert [s["text"] for s in statements] == [said["text"]]


async def test_outlets_named_alike_in_another_case_share_one_list_until_both_are_gone(
    client: AsyncTestClient,
) -> None:
    remark = "“We will dredge the southern channel before the spring tides come,” Mayor Alice Thornbury said."
    when = "2025-01-01T10:00:00Z"
    first = await ingest(client, "Harbour Herald", remark, published_at=when)
    second = await ingest(
        client, "HARBOUR HERALD", remark + " The council meets next week.", published_at=when
    )
    third = await ingest(
        client, "harbour herald", remark + " The mayor spoke at the quay.", published_at=when
    )
    statement = quote_with(first, "dredge")["statement_id"]
    assert (
        quote_with(second, "dredge")["statement_id"]
        == quote_with(third, "dredge")["statement_id"]
        == statement
    )

    async def listed() -> tuple[dict[str, int], list[str]]:
        outlets = (await client.get("/v1/outlets")).json()["items"]
        found = (await client.get("/v1/statements", params={"outlet": "Harbour Herald"})).json()["items"]
        return {o["name"]: o["statements"] for o in outlets}, [s["id"] for s in found]

    assert (await client.delete(f"/v1/articles/{first['id']}")).status_code == 204
    assert await listed() == ({"HARBOUR HERALD": 1, "harbour herald": 1}, [statement])
    assert (await client.delete(f"/v1/articles/{third['id']}")).status_code == 204
    assert await listed() == ({"HARBOUR HERALD": 1}, [statement])
    assert (await client.delete(f"/v1/articles/{second['id']}")).status_code == 204
    assert await listed() == ({}, [])


@pytest.mark.parametrize("q", ["not", "NOT going", "are not going to", "going"])
async def test_a_query_of_function_words_only_finds_the_wordings_holding_it(
    client: AsyncTestClient, q: str
) -> None:
    article = await ingest(
        client,
        "Harbour Herald",
        "“We are not going to close the ferry terminal,” Mayor Alice Thornbury said.",
    )
    await ingest(client, "Global News", G7, published_at="2025-03-14T12:00:00Z")
    ferry = quote_with(article, "ferry")["statement_id"]
    found = (await client.get("/v1/statements", params={"q": q})).json()["items"]
    assert ferry in [s["id"] for s in found]
    assert all(f" {q.lower()} " in f" {s['text'].lower()} " for s in found)
    missing = (await client.get("/v1/statements", params={"q": "is not going"})).json()["items"]
    assert missing == []
