"""Claims tracked across outlets, fact-checks linked by wording, and the schema.org export."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.integration.test_statements import CARNEY, ingest

pytestmark = pytest.mark.anyio

# Another outlet states the same fact in shorter words.
SHORTER = (
    "Officials met in Rome on Sunday. "
    "The war in Ukraine has raged since Russia’s invasion in February 2022.\n"
)

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/carney-peace",
    "author": {"@type": "Organization", "name": "Example Fact Check"},
    "datePublished": "2025-05-20",
    "claimReviewed": "There can be no peace without the full support and participation of Ukraine",
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Mark Carney"}},
    "reviewRating": {"@type": "Rating", "ratingValue": 4, "alternateName": "Accurate"},
}


def invasion_claim(article: dict[str, Any]) -> dict[str, Any]:
    found = [c for c in article["claims"] if "February 2022" in c["text"]]
    assert len(found) == 1, article["claims"]
    return found[0]


async def test_same_claim_from_two_outlets_is_one_tracked_claim(client: AsyncTestClient) -> None:
    first = await ingest(
        client, "CBC", CARNEY, url="https://cbc.example/a", published_at="2025-05-18T09:00:00Z"
    )
    second = await ingest(client, "Daily Planet", SHORTER, published_at="2025-05-19T09:00:00Z")
    tracked = invasion_claim(first)["tracked_claim_id"]
    assert invasion_claim(second)["tracked_claim_id"] == tracked

    claim = (await client.get(f"/v1/claims/{tracked}")).json()
    assert set(claim["mentions_by_outlet"]) == {"CBC", "Daily Planet"}
    assert claim["first_appearance"]["outlet"] == "CBC"
    assert claim["score"] >= invasion_claim(second)["score"]

    listed = (await client.get("/v1/claims", params={"q": "invasion in February 2022"})).json()["items"]
    assert [c["id"] for c in listed] == [tracked]
    strong = (await client.get("/v1/claims", params={"min_score": 0.99, "limit": 200})).json()["items"]
    assert all(c["score"] >= 0.99 for c in strong)

    markup = await client.get(f"/v1/claims/{tracked}/schema.org")
    assert markup.headers["content-type"].startswith("application/ld+json")
    document = markup.json()
    assert (document["@type"], document["identifier"]) == ("Claim", tracked)
    assert document["firstAppearance"]["publisher"]["name"] == "CBC"
    assert document["firstAppearance"]["url"] == "https://cbc.example/a"
    assert len(document["appearance"]) == 2


async def test_factcheck_links_to_the_statement_and_shows_in_check(client: AsyncTestClient) -> None:
    article = await ingest(client, "CBC", CARNEY)
    peace = next(q for q in article["quotes"] if q["text"].startswith("There can be no peace"))

    added = await client.post("/v1/factchecks", json={"@graph": [REVIEW]})
    assert added.status_code == 201, added.text
    [factcheck] = added.json()["items"]
    assert factcheck["statements"] == [peace["statement_id"]]
    again = await client.post("/v1/factchecks", json=REVIEW)
    assert (again.status_code, again.json()) == (200, {"items": [factcheck]})

    statement = (await client.get(f"/v1/statements/{peace['statement_id']}")).json()
    assert [(f["rating"], f["url"]) for f in statement["factchecks"]] == [("Accurate", REVIEW["url"])]
    checked = (await client.post("/v1/check", json={"quote": REVIEW["claimReviewed"]})).json()
    assert checked["matches"][0]["factchecks"][0]["rating"] == "Accurate"


async def test_factcheck_posted_first_reaches_statements_and_claims_that_appear_later(
    client: AsyncTestClient,
) -> None:
    invasion = {
        **REVIEW,
        "url": "https://factcheck.example/invasion-date",
        "claimReviewed": "The war in Ukraine has raged since Russia’s invasion in February 2022",
        "itemReviewed": {"@type": "Claim"},
        "reviewRating": {"@type": "Rating", "alternateName": "True"},
    }
    peace_review, date_review = (await client.post("/v1/factchecks", json=[REVIEW, invasion])).json()["items"]
    assert (peace_review["statements"], date_review["claims"]) == ([], [])

    article = await ingest(client, "CBC", CARNEY)
    peace = next(q for q in article["quotes"] if q["text"].startswith("There can be no peace"))
    statement = (await client.get(f"/v1/statements/{peace['statement_id']}")).json()
    assert [f["rating"] for f in statement["factchecks"]] == ["Accurate"]
    claim = (await client.get(f"/v1/claims/{invasion_claim(article)['tracked_claim_id']}")).json()
    assert [f["rating"] for f in claim["factchecks"]] == ["True"]
    stored = (await client.get(f"/v1/factchecks/{peace_review['id']}")).json()
    assert stored["statements"] == [peace["statement_id"]]
    checked = (await client.post("/v1/check", json={"quote": REVIEW["claimReviewed"]})).json()
    assert checked["matches"][0]["factchecks"][0]["rating"] == "Accurate"


async def test_factcheck_for_another_speaker_does_not_link(client: AsyncTestClient) -> None:
    await ingest(client, "CBC", CARNEY)
    other = {
        **REVIEW,
        "url": "https://factcheck.example/other",
        "itemReviewed": {"author": {"name": "Giorgia Meloni"}},
    }
    assert (await client.post("/v1/factchecks", json=other)).json()["items"][0]["statements"] == []


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"@type": "WebPage"}, "ClaimReview"),
        ({"@type": "ClaimReview", "claimReviewed": " "}, "claimReviewed"),
        ({"@graph": [{**REVIEW}, {"@type": "ClaimReview"}]}, "$.@graph[1]"),
        ([REVIEW, 7], "$[1]"),
        ({"@graph": {"@type": "ClaimReview"}}, "@graph"),
    ],
)
async def test_unusable_claim_review_is_a_clear_400(
    client: AsyncTestClient, body: object, words: str
) -> None:
    response = await client.post("/v1/factchecks", json=body)
    assert response.status_code == 400
    assert words in response.json()["detail"]
    assert (await client.get(f"/v1/factchecks/fc_{'0' * 16}")).status_code == 404
