"""The web app's shells and modules as served, and `POST /v1/extract` on HTML (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from service.extract.quotes import extract_quotes_with_rules
from service.web import PAGES

pytestmark = pytest.mark.anyio

STATIC = Path(__file__).parents[2] / "service/web/static"
FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.mark.parametrize(
    ("path", "module"),
    [
        ("/", "index"),
        ("/statements/st_0123", "statement"),
        ("/articles/ar_0123", "article"),
        ("/extract", "extract"),
        ("/check", "check"),
    ],
)
async def test_each_page_is_a_shell_loading_its_own_module(
    client: AsyncTestClient, path: str, module: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert f'<script type="module" src="/static/{module}.js">' in html
    assert f"<title>{PAGES[module]} · claimtrack</title>" in html
    assert '<main id="main"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from elsewhere
    assert (await client.get(f"/static/{module}.js")).headers["content-type"].startswith("text/javascript")


async def test_home_has_one_labelled_search_box(client: AsyncTestClient) -> None:
    html = (await client.get("/")).text
    assert html.count('type="search"') == 1
    assert '<label for="q">' in html


def test_every_module_imports_only_modules_the_package_ships() -> None:
    for module in STATIC.glob("*.js"):
        for target in re.findall(r'from "([^"]+)"', module.read_text(encoding="utf-8")):
            assert target.startswith("./"), f"{module.name} imports {target} from outside the package"
            assert (STATIC / target).is_file(), f"{module.name} imports a missing {target}"


async def test_extract_reads_html_and_returns_the_text_its_offsets_refer_to(client: AsyncTestClient) -> None:
    html = (FIXTURES / "article.html").read_text(encoding="utf-8")
    response = await client.post("/v1/extract", json={"html": html})
    assert response.status_code == 200, response.text
    found = response.json()
    text = found["text"]
    assert "<" not in text
    assert found["quotes"]
    for quote in found["quotes"]:
        pieces = [text[f["start"] : f["end"]] for f in quote["fragments"]]
        assert " ".join(pieces) == quote["text"]
    for claim in found["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]


async def test_extract_of_plain_text_does_not_echo_it(client: AsyncTestClient) -> None:
    response = await client.post("/v1/extract", json={"text": "“We will win,” Ann Lee said."})
    assert response.status_code == 200
    assert "text" not in response.json()


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"text": "a", "html": "<p>a</p>"}, 400, "not both"),
        ({"html": (FIXTURES / "navigation_only.html").read_text(encoding="utf-8")}, 422, "no article text"),
    ],
)
async def test_bad_html_extract_input_is_a_clear_problem(
    client: AsyncTestClient, body: object, status: int, words: str
) -> None:
    response = await client.post("/v1/extract", json=body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert words in response.json()["detail"]


DEBUG_TEXT = (
    "“We will win,” Ann Lee said on Monday.\n\n"
    "The mayor said the bridge would reopen in May, according to the city’s transport office.\n\n"
    "Residents, Lee added, have waited long enough."
)


async def test_extract_names_each_quotes_rule_only_when_debugging(client: AsyncTestClient) -> None:
    plain = (await client.post("/v1/extract", json={"text": DEBUG_TEXT})).json()
    debug = (await client.post("/v1/extract?debug=true", json={"text": DEBUG_TEXT})).json()
    assert plain["quotes"]
    assert all("rule" not in q for q in plain["quotes"])
    assert [{k: v for k, v in q.items() if k != "rule"} for q in debug["quotes"]] == plain["quotes"]
    assert [q["rule"] for q in debug["quotes"]] == [rule for _, rule in extract_quotes_with_rules(DEBUG_TEXT)]


async def test_a_debugged_extraction_leaves_no_rule_in_what_is_stored(client: AsyncTestClient) -> None:
    await client.post("/v1/extract?debug=true", json={"text": DEBUG_TEXT})
    stored = await client.post("/v1/articles", json={"outlet": "Debug Daily", "text": DEBUG_TEXT})
    assert stored.status_code in (200, 201), stored.text
    assert stored.json()["quotes"]
    assert all("rule" not in q for q in stored.json()["quotes"])
