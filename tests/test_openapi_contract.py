from __future__ import annotations

from pathlib import Path

import yaml

from service.cli import openapi_document

COMMITTED = Path(__file__).parent.parent / "openapi.yaml"


def test_committed_openapi_matches_the_app() -> None:
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert committed == openapi_document(), "openapi.yaml is stale: run `claimtrack openapi`"


def test_every_operation_documents_problem_json_errors() -> None:
    for path, item in openapi_document()["paths"].items():  # type: ignore[attr-defined]
        for method, operation in item.items():
            errors = {code: r for code, r in operation["responses"].items() if code.startswith(("4", "5"))}
            assert "500" in errors, f"{method.upper()} {path} does not document 500"
            for code, response in errors.items():
                assert "application/problem+json" in response["content"], f"{method} {path} {code}"


def test_every_status_the_service_answers_with_is_documented() -> None:
    paths = openapi_document()["paths"]
    ingest = paths["/v1/articles"]["post"]["responses"]  # type: ignore[index]
    assert {"200", "201", "400", "401", "413", "415", "429"} <= set(ingest)
    for path, item in paths.items():  # type: ignore[attr-defined]
        for method, operation in item.items():
            if path.startswith("/v1/"):
                assert {"401", "429"} <= set(operation["responses"]), f"{method} {path}"
            if "requestBody" in operation:
                assert {"400", "413", "415"} <= set(operation["responses"]), f"{method} {path}"


def test_request_schemas_carry_the_enforced_bounds() -> None:
    schemas = openapi_document()["components"]["schemas"]  # type: ignore[index]
    for name in ("ArticleIn", "CheckRequest", "CompareRequest", "ExtractRequest"):
        assert schemas[name]["additionalProperties"] is False, name
    article = schemas["ArticleIn"]["properties"]
    assert (article["outlet"]["minLength"], article["outlet"]["maxLength"]) == (1, 200)
    assert article["url"]["maxLength"] == 2048
    assert article["title"]["maxLength"] == 1000
    articles = schemas["CompareRequest"]["properties"]["articles"]
    assert (articles["minItems"], articles["maxItems"]) == (2, 20)
