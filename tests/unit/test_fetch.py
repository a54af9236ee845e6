"""fetch_url: the SSRF guard, redirects, limits, upstream failures and decoding, with no internet access."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest

from service.ingest.errors import FetchError, RefusedURL, UnacceptableContent, UnknownHost, UpstreamError
from service.ingest.fetch import FetchedDocument, FetchPolicy, Resolver, fetch_url, make_client

PUBLIC = "93.184.215.14"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"
HOSTS = {
    "news.example": [PUBLIC],
    "other.example": [PUBLIC_V6],
    "intranet.example": ["10.1.2.3"],
    "mixed.example": [PUBLIC, "127.0.0.1"],
    "loop6.example": ["::1"],
    "metadata.example": ["169.254.169.254"],
    "cgnat.example": ["100.100.1.1"],
    "mapped.example": ["::ffff:192.168.0.1"],
}
HTML = "text/html; charset=utf-8"
Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def table_resolver(table: dict[str, list[str]]) -> Resolver:
    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


def policy(**overrides: object) -> FetchPolicy:
    settings: dict[str, object] = {"resolver": table_resolver(HOSTS), **overrides}
    return FetchPolicy(**settings)  # type: ignore[arg-type]


class Upstream:
    """A MockTransport-backed client that records the URLs it was asked for."""

    def __init__(self, handler: Handler) -> None:
        self.requested: list[str] = []

        async def record(request: httpx.Request) -> httpx.Response:
            self.requested.append(str(request.url))
            return await handler(request)

        self.client = httpx.AsyncClient(transport=httpx.MockTransport(record), follow_redirects=False)

    async def fetch(self, url: str, fetch_policy: FetchPolicy | None = None) -> FetchedDocument:
        async with self.client:
            return await fetch_url(url, client=self.client, policy=fetch_policy or policy())


def serving(body: bytes | str, content_type: str = HTML, status: int = 200) -> Upstream:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={"Content-Type": content_type}, content=body)

    return Upstream(handler)


def unreachable() -> Upstream:
    async def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"{request.url} must not be requested")

    return Upstream(handler)


# --- the SSRF guard ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_loopback_literal_is_refused_with_a_clear_message() -> None:
    with pytest.raises(RefusedURL) as caught:
        await unreachable().fetch("http://127.0.0.1/")
    assert caught.value.status == 422
    assert caught.value.detail == (
        "refusing to fetch http://127.0.0.1/: address 127.0.0.1 is loopback "
        "(CLAIMTRACK_FETCH_ALLOW_PRIVATE=true allows it)"
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8080/x", "address 127.0.0.1 is loopback"),
        ("http://2130706433/", "address 127.0.0.1 is loopback"),
        ("http://0177.0.0.1/", "not a valid URL"),
        ("http://0177.1/", "address 127.0.0.1 is loopback"),
        ("http://0x7f.1/", "address 127.0.0.1 is loopback"),
        ("http://127.1/", "address 127.0.0.1 is loopback"),
        ("http://[::1]/", "address ::1 is loopback"),
        ("http://[::ffff:127.0.0.1]/", "is loopback (it embeds the IPv4 address 127.0.0.1)"),
        ("http://[::ffff:7f00:1]/", "is loopback (it embeds the IPv4 address 127.0.0.1)"),
        ("http://[2002:7f00:1::]/", "is loopback (it embeds the IPv4 address 127.0.0.1)"),
        ("http://10.0.0.1/", "address 10.0.0.1 is private"),
        ("http://172.16.5.4/", "address 172.16.5.4 is private"),
        ("http://192.168.1.1/", "address 192.168.1.1 is private"),
        ("http://3232235777/", "address 192.168.1.1 is private"),
        ("http://[fd00::1]/", "address fd00::1 is private"),
        ("http://[::ffff:10.0.0.1]/", "is private (it embeds the IPv4 address 10.0.0.1)"),
        ("http://169.254.169.254/latest/meta-data/", "address 169.254.169.254 is a cloud metadata service"),
        (
            "http://[::ffff:169.254.169.254]/",
            "is a cloud metadata service (it embeds the IPv4 address 169.254.169.254)",
        ),
        ("http://169.254.1.1/", "address 169.254.1.1 is link-local"),
        ("http://[fd00:ec2::254]/", "address fd00:ec2::254 is a cloud metadata service"),
        ("http://[fe80::1]/", "address fe80::1 is link-local"),
        ("http://0.0.0.0/", "address 0.0.0.0 is unspecified"),
        ("http://0/", "address 0.0.0.0 is unspecified"),
        ("http://[::]/", "address :: is unspecified"),
        ("http://224.0.0.1/", "address 224.0.0.1 is multicast"),
        ("http://[ff02::1]/", "address ff02::1 is multicast"),
        ("http://100.64.0.1/", "address 100.64.0.1 is carrier-grade NAT"),
        ("http://240.0.0.1/", "address 240.0.0.1 is reserved"),
        ("http://[fec0::1]/", "address fec0::1 is site-local"),
        ("https://192.0.2.10/", "address 192.0.2.10 is"),
    ],
)
async def test_disallowed_literal_addresses_are_refused(url: str, reason: str) -> None:
    upstream = unreachable()
    with pytest.raises(RefusedURL, match=r"^refusing to fetch ") as caught:
        await upstream.fetch(url)
    assert reason in caught.value.detail
    assert upstream.requested == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("intranet.example", "intranet.example resolves to 10.1.2.3, which is private"),
        ("mixed.example", "mixed.example resolves to 127.0.0.1, which is loopback"),
        ("loop6.example", "loop6.example resolves to ::1, which is loopback"),
        (
            "metadata.example",
            "metadata.example resolves to 169.254.169.254, which is a cloud metadata service",
        ),
        ("cgnat.example", "cgnat.example resolves to 100.100.1.1, which is carrier-grade NAT"),
        (
            "mapped.example",
            "mapped.example resolves to ::ffff:c0a8:1, which is private "
            "(it embeds the IPv4 address 192.168.0.1)",
        ),
    ],
)
async def test_hosts_resolving_to_a_disallowed_address_are_refused(host: str, reason: str) -> None:
    upstream = unreachable()
    with pytest.raises(RefusedURL) as caught:
        await upstream.fetch(f"https://{host}/story")
    assert caught.value.detail.startswith(f"refusing to fetch https://{host}/story: {reason} (")
    assert "CLAIMTRACK_FETCH_ALLOW_PRIVATE" in caught.value.detail


@pytest.mark.anyio
@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST.", "api.localhost", "metadata.google.internal", "printer.local"]
)
async def test_internal_host_names_are_refused_without_resolving(host: str) -> None:
    async def must_not_resolve(name: str, port: int) -> list[str]:
        raise AssertionError(f"{name} must not be resolved")

    with pytest.raises(RefusedURL, match=r"host [a-z.]+ is (internal|a cloud metadata service)"):
        await unreachable().fetch(f"http://{host}/", policy(resolver=must_not_resolve))


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://news.example/file", "scheme 'ftp' is not allowed; use http or https"),
        ("file:///etc/passwd", "scheme 'file' is not allowed"),
        ("javascript:alert(1)", "scheme 'javascript' is not allowed"),
        ("news.example/story", "not an absolute URL"),
        ("http://", "the URL has no host"),
        ("http://[::1/", "not a valid URL"),
    ],
)
async def test_invalid_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(RefusedURL, match="refusing to fetch") as caught:
        await unreachable().fetch(url)
    assert message in caught.value.detail


@pytest.mark.anyio
async def test_allow_private_permits_loopback_and_internal_names() -> None:
    upstream = serving("<p>local</p>")
    permissive = policy(allow_private=True, resolver=table_resolver({"localhost": ["127.0.0.1"]}))
    document = await upstream.fetch("http://127.0.0.1:8080/a", permissive)
    assert document.text == "<p>local</p>"
    upstream = serving("<p>local</p>")
    assert (await upstream.fetch("http://localhost/b", permissive)).url == "http://localhost/b"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "is a cloud metadata service"),
        ("http://[fd00:ec2::254]/latest/meta-data/", "is a cloud metadata service"),
        ("http://100.100.100.200/latest/meta-data/", "is a cloud metadata service"),
        ("http://169.254.10.1/", "is link-local"),
        ("http://[fe80::1]/", "is link-local"),
        ("http://100.64.0.1/", "is carrier-grade NAT"),
        ("http://224.0.0.1/", "is multicast"),
        ("http://0.0.0.0/", "is unspecified"),
        ("http://metadata.google.internal/computeMetadata/v1/", "is a cloud metadata service"),
    ],
)
async def test_allow_private_opens_no_link_local_or_metadata_address(url: str, reason: str) -> None:
    upstream = unreachable()
    with pytest.raises(RefusedURL) as caught:
        await upstream.fetch(url, policy(allow_private=True))
    assert reason in caught.value.detail
    assert upstream.requested == []


@pytest.mark.anyio
async def test_refusals_say_whether_the_setting_would_allow_them() -> None:
    with pytest.raises(RefusedURL, match=r"CLAIMTRACK_FETCH_ALLOW_PRIVATE=true allows it"):
        await unreachable().fetch("http://10.0.0.1/")
    with pytest.raises(RefusedURL, match=r"refused even with CLAIMTRACK_FETCH_ALLOW_PRIVATE"):
        await unreachable().fetch("http://169.254.10.1/")


@pytest.mark.anyio
async def test_a_host_that_does_not_exist_is_the_clients_mistake() -> None:
    with pytest.raises(
        UnknownHost, match=r"could not resolve nowhere\.example: Name or service not known"
    ) as e:
        await unreachable().fetch("https://nowhere.example/")
    assert e.value.status == 422


@pytest.mark.anyio
async def test_a_failing_resolver_is_an_upstream_error() -> None:
    async def failing(name: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    with pytest.raises(UpstreamError, match="Temporary failure") as caught:
        await unreachable().fetch("https://news.example/", policy(resolver=failing))
    assert caught.value.status == 502


# --- redirects ----------------------------------------------------------------------------------------------


def redirecting(targets: dict[str, str], final_body: str = "<p>done</p>") -> Upstream:
    async def handler(request: httpx.Request) -> httpx.Response:
        target = targets.get(str(request.url))
        if target is not None:
            return httpx.Response(302, headers={"Location": target})
        return httpx.Response(200, headers={"Content-Type": HTML}, content=final_body)

    return Upstream(handler)


@pytest.mark.anyio
async def test_redirects_are_followed_and_relative_locations_resolved() -> None:
    upstream = redirecting(
        {"http://news.example/a": "https://other.example/b", "https://other.example/b": "/c?page=1"}
    )
    document = await upstream.fetch("http://news.example/a")
    assert document.url == "https://other.example/c?page=1"
    assert upstream.requested == [
        "http://news.example/a",
        "https://other.example/b",
        "https://other.example/c?page=1",
    ]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://127.0.0.1/admin", "address 127.0.0.1 is loopback"),
        ("http://169.254.169.254/latest/meta-data/", "is a cloud metadata service"),
        ("http://intranet.example/", "intranet.example resolves to 10.1.2.3, which is private"),
        ("http://localhost:6379/", "host localhost is internal"),
        ("file:///etc/passwd", "scheme 'file' is not allowed"),
    ],
)
async def test_a_redirect_to_a_disallowed_target_is_refused(target: str, reason: str) -> None:
    upstream = redirecting({"https://news.example/story": target})
    with pytest.raises(RefusedURL) as caught:
        await upstream.fetch("https://news.example/story")
    assert reason in caught.value.detail
    assert upstream.requested == ["https://news.example/story"]


@pytest.mark.anyio
async def test_a_redirect_to_an_invalid_url_is_an_upstream_error() -> None:
    upstream = redirecting({"https://news.example/story": "http://[::1/"})
    with pytest.raises(
        UpstreamError, match=r"^could not fetch https://news\.example/story: Invalid URL in location"
    ):
        await upstream.fetch("https://news.example/story")


@pytest.mark.anyio
async def test_a_redirect_loop_stops_after_max_redirects() -> None:
    upstream = redirecting({"https://news.example/a": "/b", "https://news.example/b": "/a"})
    with pytest.raises(UpstreamError, match="too many redirects: more than 5") as caught:
        await upstream.fetch("https://news.example/a")
    assert caught.value.status == 502
    assert len(upstream.requested) == 6


@pytest.mark.anyio
async def test_exactly_max_redirects_is_still_followed() -> None:
    chain = {f"https://news.example/{i}": f"/{i + 1}" for i in range(3)}
    document = await redirecting(chain).fetch("https://news.example/0", policy(max_redirects=3))
    assert document.url == "https://news.example/3"
    with pytest.raises(UpstreamError, match="too many redirects"):
        await redirecting(chain).fetch("https://news.example/0", policy(max_redirects=2))


# --- size, type and upstream failures -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_declared_content_length_over_the_limit_is_refused_before_reading() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": HTML, "Content-Length": "5000"}, content=b"tiny")

    with pytest.raises(
        UnacceptableContent, match=r"larger than the limit of 1000 bytes \(Content-Length: 5000\)"
    ):
        await Upstream(handler).fetch("https://news.example/", policy(max_bytes=1000))


@pytest.mark.anyio
async def test_an_undeclared_body_over_the_limit_is_cut_off_while_streaming() -> None:
    sent: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        for i in range(1000):
            sent.append(i)
            yield b"x" * 100

    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": HTML}, content=endless())

    with pytest.raises(UnacceptableContent, match=r"larger than the limit of 1000 bytes$") as caught:
        await Upstream(handler).fetch("https://news.example/", policy(max_bytes=1000))
    assert caught.value.status == 422
    assert len(sent) == 11


@pytest.mark.anyio
async def test_a_body_of_exactly_the_limit_is_accepted() -> None:
    document = await serving(b"x" * 1000).fetch("https://news.example/", policy(max_bytes=1000))
    assert len(document.text) == 1000


@pytest.mark.anyio
@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json", ""])
async def test_a_wrong_content_type_is_refused(content_type: str) -> None:
    with pytest.raises(UnacceptableContent) as caught:
        await serving(b"%PDF-1.7", content_type=content_type).fetch("https://news.example/doc")
    expected = content_type or "of no declared type"
    assert caught.value.detail == (
        f"https://news.example/doc is {expected}; "
        "only application/xhtml+xml, text/html, text/plain is accepted"
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    "content_type", ["text/html", "Text/HTML; charset=UTF-8", "application/xhtml+xml", "text/plain"]
)
async def test_allowed_content_types_are_accepted(content_type: str) -> None:
    document = await serving(b"hello", content_type=content_type).fetch("https://news.example/")
    assert document.content_type == content_type.partition(";")[0].lower()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("status", "phrase"),
    [(500, "Internal Server Error"), (503, "Service Unavailable"), (404, "Not Found"), (403, "Forbidden")],
)
async def test_an_upstream_error_status_is_a_502(status: int, phrase: str) -> None:
    with pytest.raises(UpstreamError) as caught:
        await serving(b"oops", status=status).fetch("https://news.example/story")
    assert caught.value.status == 502
    assert caught.value.detail == f"https://news.example/story answered {status} {phrase}"


@pytest.mark.anyio
async def test_a_redirect_without_location_is_an_upstream_error() -> None:
    with pytest.raises(UpstreamError, match="answered 304 Not Modified"):
        await serving(b"", status=304).fetch("https://news.example/story")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("error", "message"),
    [
        (httpx.ReadTimeout("read timed out"), "timed out fetching https://news.example/story"),
        (httpx.ConnectTimeout("connect timed out"), "timed out fetching https://news.example/story"),
        (
            httpx.ConnectError("connection refused"),
            "could not fetch https://news.example/story: connection refused",
        ),
        (httpx.RemoteProtocolError("bad chunk"), "could not fetch https://news.example/story: bad chunk"),
    ],
)
async def test_transport_failures_are_upstream_errors(error: httpx.HTTPError, message: str) -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(UpstreamError) as caught:
        await Upstream(handler).fetch("https://news.example/story")
    assert caught.value.status == 502
    assert caught.value.detail == message


@pytest.mark.anyio
async def test_the_total_timeout_bounds_a_slow_upstream() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200)

    with pytest.raises(UpstreamError, match=r"took longer than 0\.05 s"):
        await Upstream(handler).fetch("https://news.example/", policy(total_timeout=0.05))


@pytest.mark.anyio
async def test_the_policy_timeouts_reach_the_request() -> None:
    seen: list[dict[str, float | None]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, headers={"Content-Type": HTML}, content=b"ok")

    await Upstream(handler).fetch("https://news.example/", policy(connect_timeout=1.5, read_timeout=7.0))
    assert seen == [{"connect": 1.5, "read": 7.0, "write": 7.0, "pool": 7.0}]


def test_all_fetch_errors_share_a_base_with_a_status() -> None:
    assert {RefusedURL.status, UnacceptableContent.status, UpstreamError.status} == {422, 502}
    assert all(issubclass(cls, FetchError) for cls in (RefusedURL, UnacceptableContent, UpstreamError))


# --- decoding ---------------------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("body", "content_type", "text", "encoding"),
    [
        ("“Quoted” – café".encode(), HTML, "“Quoted” – café", "utf-8"),
        ("“Quoted” – café".encode("cp1252"), "text/html; charset=ISO-8859-1", "“Quoted” – café", "cp1252"),
        ("Привет".encode("cp1251"), 'text/html; charset="windows-1251"', "Привет", "cp1251"),
        (b'<meta charset="windows-1251"><p>' + "Привет".encode("cp1251"), "text/html", None, "cp1251"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">' + "Да".encode("koi8-r"),
            "text/html",
            None,
            "koi8-r",
        ),
        (b'<meta charset="koi8-r">' + "é".encode(), HTML, None, "utf-8"),
        (b'<meta charset="utf-16"><p>ok</p>', "text/html", '<meta charset="utf-16"><p>ok</p>', "utf-8"),
        (b'<meta charset="koi8-r">caf\xc3\xa9', "text/plain", '<meta charset="koi8-r">café', "utf-8"),
        (b"caf\xe9 \xff", "text/html", "caf\ufffd \ufffd", "utf-8"),
        ("café".encode(), "text/html; charset=no-such-charset", "café", "utf-8"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "text/html; charset=iso-8859-1", "café", "utf-8-sig"),
        ("“hi”".encode("utf-16"), "text/plain", "“hi”", "utf-16"),
    ],
)
async def test_the_body_is_decoded_with_the_right_charset(
    body: bytes, content_type: str, text: str | None, encoding: str
) -> None:
    document = await serving(body, content_type=content_type).fetch("https://news.example/")
    assert document.encoding == encoding
    assert document.text == (text if text is not None else body.decode(encoding))


# --- the guarded client, against a local server -------------------------------------------------------------


@asynccontextmanager
async def local_server(body: bytes = b"<p>served locally</p>") -> AsyncIterator[tuple[int, list[bytes]]]:
    """A one-response-per-connection HTTP server on 127.0.0.1 recording each request head."""
    heads: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        heads.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1], heads


def rebinding(first: list[str], then: list[str]) -> Resolver:
    """A resolver whose first answer differs from all later ones, like a DNS-rebinding attacker's."""
    answers: Iterator[list[str]] = iter([first])

    async def resolve(host: str, port: int) -> list[str]:
        return next(answers, then)

    return resolve


@pytest.mark.anyio
async def test_the_guarded_client_connects_to_the_checked_address_keeping_the_host_name() -> None:
    async with local_server() as (port, heads):
        fetch_policy = policy(allow_private=True, resolver=table_resolver({"news.example": ["127.0.0.1"]}))
        async with make_client(fetch_policy) as client:
            document = await fetch_url(
                f"http://news.example:{port}/story", client=client, policy=fetch_policy
            )
    assert document.text == "<p>served locally</p>"
    assert f"\r\nHost: news.example:{port}\r\n".encode() in heads[0]


@pytest.mark.anyio
async def test_the_guarded_client_refuses_a_host_rebound_to_loopback_after_the_check() -> None:
    async with local_server() as (port, heads):
        fetch_policy = policy(resolver=rebinding(first=[PUBLIC], then=["127.0.0.1"]))
        async with make_client(fetch_policy) as client:
            with pytest.raises(RefusedURL) as caught:
                await fetch_url(f"http://news.example:{port}/story", client=client, policy=fetch_policy)
    assert caught.value.detail == (
        f"refusing to fetch news.example:{port}: news.example resolves to 127.0.0.1, which is loopback "
        "(CLAIMTRACK_FETCH_ALLOW_PRIVATE=true allows it)"
    )
    assert heads == []


@pytest.mark.anyio
async def test_the_guarded_client_refuses_loopback_by_default() -> None:
    async with local_server() as (port, heads):
        fetch_policy = FetchPolicy()
        async with make_client(fetch_policy) as client:
            with pytest.raises(RefusedURL, match=r"address 127\.0\.0\.1 is loopback"):
                await fetch_url(f"http://127.0.0.1:{port}/", client=client, policy=fetch_policy)
    assert heads == []


@pytest.mark.anyio
async def test_the_guarded_client_fetches_loopback_when_private_is_allowed() -> None:
    async with local_server() as (port, heads):
        fetch_policy = FetchPolicy(allow_private=True)
        async with make_client(fetch_policy) as client:
            document = await fetch_url(f"http://127.0.0.1:{port}/a", client=client, policy=fetch_policy)
    assert document == FetchedDocument(
        url=f"http://127.0.0.1:{port}/a",
        content_type="text/html",
        text="<p>served locally</p>",
        encoding="utf-8",
    )
    assert len(heads) == 1
