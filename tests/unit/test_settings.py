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
    with pytest.raises(ValueError, match="CLAIMTRACK_MAX_BODY_BYTES"):
        Settings.from_env({"CLAIMTRACK_MAX_BODY_BYTES": "lots"})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CLAIMTRACK_MAX_CONNECTIONS", "0"),
        ("CLAIMTRACK_MAX_BODY_BYTES", "-1"),
        ("CLAIMTRACK_REQUEST_TIMEOUT", "-1"),
        ("CLAIMTRACK_RATE_LIMIT_PER_MINUTE", "-10"),
        ("CLAIMTRACK_HEADER_TIMEOUT", "0"),
    ],
)
def test_a_value_the_service_cannot_work_with_is_refused(variable: str, value: str) -> None:
    # a negative timeout or connection limit would start a server that refuses every request
    with pytest.raises(ValueError, match=variable):
        Settings.from_env({variable: value})


def test_rate_limit_exemptions_are_networks() -> None:
    assert Settings().rate_limit_exempt == ("127.0.0.0/8", "::1/128")
    assert Settings.from_env({"CLAIMTRACK_RATE_LIMIT_EXEMPT": "10.0.0.0/8, 192.0.2.7"}).rate_limit_exempt == (
        "10.0.0.0/8",
        "192.0.2.7",
    )
    with pytest.raises(ValueError, match="rate_limit_exempt"):
        Settings.from_env({"CLAIMTRACK_RATE_LIMIT_EXEMPT": "localhost"})


def test_a_list_set_to_empty_is_empty_and_unset_is_the_default() -> None:
    assert Settings.from_env({"CLAIMTRACK_RATE_LIMIT_EXEMPT": ""}).rate_limit_exempt == ()
    assert Settings.from_env({}).rate_limit_exempt == ("127.0.0.0/8", "::1/128")
    assert Settings.from_env({"CLAIMTRACK_OPEN_ENDPOINTS": ""}).open_endpoints == ()
    assert Settings.from_env({"CLAIMTRACK_MAX_BODY_BYTES": ""}).max_body_bytes == Settings().max_body_bytes


def test_trusted_proxies_and_open_endpoints_are_checked() -> None:
    assert Settings.from_env({"CLAIMTRACK_TRUSTED_PROXIES": "10.0.0.0/8,::1"}).trusted_proxies == (
        "10.0.0.0/8",
        "::1",
    )
    assert Settings().trusted_proxies == ()
    assert Settings().open_endpoints == ("read", "lookup")
    with pytest.raises(ValueError, match="trusted_proxies"):
        Settings.from_env({"CLAIMTRACK_TRUSTED_PROXIES": "proxy.internal"})
    with pytest.raises(ValueError, match=r"open_endpoints.*everything"):
        Settings.from_env({"CLAIMTRACK_OPEN_ENDPOINTS": "read,everything"})


def test_a_redis_url_must_be_one() -> None:
    with pytest.raises(ValueError, match="is not a redis://"):
        Settings.from_env({"CLAIMTRACK_REDIS_URL": "notaurl"})
    assert Settings.from_env({"CLAIMTRACK_REDIS_URL": "unix:///run/redis.sock"}).redis_url
