"""The multi-outlet scenarios ingested through the API: what the stored statements must show."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.match import wording_key
from tests.scenarios import CHANCE, PEACE, SCENARIOS, Scenario, diff_agrees

pytestmark = pytest.mark.anyio


async def ingest_all(client: AsyncTestClient, scenario: Scenario) -> dict[str, dict[str, Any]]:
    """Ingest the scenario's reports; the comparison of every statement they share, by reference key."""
    ids: set[str] = set()
    for report in scenario.reports:
        body = {"outlet": report.outlet, "text": report.text, "published_at": report.published_at}
        response = await client.post("/v1/articles", json=body)
        assert response.status_code == 201, response.text
        ids.update(q["statement_id"] for q in response.json()["quotes"] if "statement_id" in q)
    comparisons = [(await client.get(f"/v1/statements/{sid}/compare")).json() for sid in ids]
    return {wording_key(c["text"]): c for c in comparisons}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
async def test_stored_statements_compare_and_check_as_written_down(
    client: AsyncTestClient, scenario: Scenario
) -> None:
    found = await ingest_all(client, scenario)
    comparison = found[wording_key(scenario.reference)]
    assert comparison["speaker"] == scenario.speaker
    assert wording_key(comparison["fullest"]) == wording_key(scenario.fullest or scenario.reference)
    got = {
        r["mention"]["outlet"]: (r["classification"], r["attribution"], r["mention"]["cue"])
        for r in comparison["renderings"]
    }
    assert got == scenario.renderings
    for r in comparison["renderings"]:
        assert r["speaker_differs"] == (r["attribution"] == "different")
        ops = [(op["op"], op["canonical"], op["rendering"]) for op in r["diff"]]
        assert diff_agrees(r["classification"], ops), r
    for reference, outlets in scenario.also.items():
        assert set(found[wording_key(reference)]["outlets"]) == set(outlets)
    statement = (await client.get(f"/v1/statements/{comparison['statement_id']}")).json()
    assert statement["text"] == comparison["text"]

    for check in scenario.checks:
        result = (await client.post("/v1/check", json={"quote": check.quote})).json()
        best = result["matches"][0]
        assert (result["verdict"], best["statement_id"]) == (check.verdict, comparison["statement_id"]), check
        assert set(best["carried_by"]) == set(check.carried_by), check
        changed = any(op["op"] != "equal" for op in best["diff"])
        assert changed if check.verdict == "altered" else not changed or check.verdict != "exact", check


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
async def test_a_single_word_of_the_wording_finds_the_statement(
    client: AsyncTestClient, scenario: Scenario
) -> None:
    comparison = (await ingest_all(client, scenario))[wording_key(scenario.reference)]
    for q in (scenario.word, scenario.word.upper()):
        items = (await client.get("/v1/statements", params={"q": q})).json()["items"]
        assert comparison["statement_id"] in [s["id"] for s in items]


async def test_a_graph_of_fact_checks_links_each_review_to_its_statement(client: AsyncTestClient) -> None:
    by_scenario = {
        s.reference: await ingest_all(client, s) for s in SCENARIOS if s.reference in (PEACE, CHANCE)
    }
    peace = by_scenario[PEACE][wording_key(PEACE)]["statement_id"]
    chance = by_scenario[CHANCE][wording_key(CHANCE)]["statement_id"]
    reviews = [
        {
            "@type": "ClaimReview",
            "url": f"https://factcheck.example/{slug}",
            "claimReviewed": claim,
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": author}},
            "reviewRating": {"@type": "Rating", "alternateName": rating},
        }
        for slug, claim, author, rating in (
            ("peace", PEACE, "Mark Carney", "Accurate"),
            (
                "chance",
                "There was a very good chance the war could end within weeks",
                "Donald Trump",
                "Unproven",
            ),
        )
    ]
    document = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, *reviews]}
    response = await client.post("/v1/factchecks", json=document)
    assert response.status_code == 201, response.text
    items = response.json()["items"]
    assert [(f["rating"], f["statements"]) for f in items] == [("Accurate", [peace]), ("Unproven", [chance])]
    listed = (await client.get(f"/v1/factchecks/{items[1]['id']}")).json()
    assert listed["statements"] == [chance]
    checked = (await client.post("/v1/check", json={"quote": reviews[1]["claimReviewed"]})).json()
    assert checked["verdict"] == "exact"
    assert [f["rating"] for f in checked["matches"][0]["factchecks"]] == ["Unproven"]
