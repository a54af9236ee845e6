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
