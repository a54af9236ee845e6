from __future__ import annotations

import pytest

from service.settings import Settings


def test_reads_claimtrack_variables_with_types_and_lists() -> None:
    settings = Settings.from_env(
        {
            "CLAIMTRACK_REDIS_URL": "redis://example:6379/1",
            "CLAIMTRACK_API_KEYS": "a, b,,c",
            "CLAIMTRACK_MAX_BODY_BYTES": "1024",
            "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "true",
            "OTHER": "ignored",
        }
    )
    assert settings.redis_url == "redis://example:6379/1"
    assert settings.api_keys == ("a", "b", "c")
    assert settings.max_body_bytes == 1024
    assert settings.fetch_allow_private is True
    assert settings.data_dir == "./data"


def test_empty_environment_gives_defaults_and_embedded_redis() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings.from_env({}).redis_url is None


def test_bad_value_names_the_setting() -> None:
    with pytest.raises(ValueError, match="max_body_bytes"):
        Settings.from_env({"CLAIMTRACK_MAX_BODY_BYTES": "lots"})


def test_rate_limit_exemptions_are_networks() -> None:
    assert Settings().rate_limit_exempt == ("127.0.0.0/8", "::1/128")
    assert Settings.from_env({"CLAIMTRACK_RATE_LIMIT_EXEMPT": "10.0.0.0/8, 192.0.2.7"}).rate_limit_exempt == (
        "10.0.0.0/8",
        "192.0.2.7",
    )
    with pytest.raises(ValueError, match="rate_limit_exempt"):
        Settings.from_env({"CLAIMTRACK_RATE_LIMIT_EXEMPT": "localhost"})
