"""Fetch a web page for ingestion without letting a URL reach the service's own network (SSRF).

Every hop of a redirect chain is checked before it is requested: scheme, host name, and every address the
host resolves to. That check alone leaves a DNS-rebinding window (the name may resolve differently when the
HTTP client connects), so clients from `make_client` resolve and check again at connect time and connect to
the address they checked. TLS still verifies the certificate against the host name, and `Host` is unchanged.
"""

from __future__ import annotations

import asyncio
import codecs
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import httpcore
import httpx
import msgspec

from service.ingest.errors import RefusedURL, UnacceptableContent, UnknownHost, UpstreamError

__all__ = ["FetchPolicy", "FetchedDocument", "Resolver", "fetch_url", "make_client", "system_resolver"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Maps a host name and port to the IP addresses it resolves to, as strings."""

_METADATA_NAMES = frozenset({"metadata", "metadata.google.internal", "instance-data"})
_BLOCKED_NAMES = frozenset({"localhost"})
_BLOCKED_SUFFIXES = (".localhost", ".internal", ".local", ".localdomain", ".home.arpa")
# Cloud instance-metadata services, refused even with `allow_private`: AWS, GCP and Azure on IPv4 (in the
# link-local range) and IPv6 (in the private fc00::/7 range), Alibaba (in the carrier-grade NAT range) and
# Azure's wire server (a public address).
_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200", "168.63.129.16")
)
# What `allow_private` opens: loopback and the private ranges of RFC 1918 and RFC 4193, nothing else.
_OPENABLE = tuple(
    ipaddress.ip_network(n)
    for n in ("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7")
)
ALLOW_PRIVATE_SETTING = "CLAIMTRACK_FETCH_ALLOW_PRIVATE"
# Resolver answers that the name does not exist (the client's mistake), as opposed to a resolver failure.
_NO_SUCH_HOST = frozenset(
    code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None
)
# Host spellings that inet_aton, and so the OS resolver, reads as IPv4: 2130706433, 0177.0.0.1, 0x7f.1.
_LEGACY_IPV4 = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.IGNORECASE)
_SHARED_ADDRESS_SPACE = ipaddress.IPv4Network("100.64.0.0/10")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8"
_USER_AGENT = "claimtrack/0.1 (article ingestion)"


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve `host` with the operating system's resolver without blocking the event loop."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


@dataclass(frozen=True, kw_only=True)
class FetchPolicy:
    """Limits for one fetch; `resolver` is replaceable so tests need no DNS."""

    max_bytes: int = 5 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    max_redirects: int = 5
    allowed_content_types: frozenset[str] = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
    allowed_schemes: frozenset[str] = frozenset({"http", "https"})
    allow_private: bool = False
    resolver: Resolver = system_resolver


class FetchedDocument(msgspec.Struct, frozen=True):
    """A fetched body decoded to text, with the URL it was finally served from."""

    url: str
    content_type: str
    text: str
    encoding: str


async def fetch_url(url: str, *, client: httpx.AsyncClient, policy: FetchPolicy) -> FetchedDocument:
    """GET `url`, checking it and every redirect hop against `policy`, and decode the body.

    Raises `RefusedURL` or `UnacceptableContent` (422) and `UpstreamError` (502). Only a client from
    `make_client` repeats the address check at connect time; with any other client DNS rebinding stays open.
    """
    try:
        async with asyncio.timeout(policy.total_timeout):
            return await _follow(_parse(url), client, policy)
    except TimeoutError as exc:
        raise UpstreamError(f"fetching {url} took longer than {policy.total_timeout:g} s") from exc


def make_client(policy: FetchPolicy) -> httpx.AsyncClient:
    """An HTTP client for `fetch_url` that re-checks each connection's address and connects only to it."""
    return httpx.AsyncClient(
        transport=GuardedTransport(policy),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": _USER_AGENT},
    )


class GuardedTransport(httpx.AsyncHTTPTransport):
    """The standard transport, but every new connection goes through `GuardedBackend`."""

    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__(trust_env=False)
        # httpx takes no network backend, so the pool it built is replaced by an equivalent one that does.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(policy),
        )


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves and checks the host at connect time, then connects to a checked address, closing rebinding."""

    def __init__(self, policy: FetchPolicy, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._policy = policy
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 -- httpcore's backend interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first reachable address of `host` once all of them passed the check."""
        addresses = await _checked_addresses(host, port, self._policy, subject=f"{host}:{port}")
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 -- httpcore's backend interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Never: fetched URLs only reach TCP hosts."""
        raise RefusedURL(f"refusing to connect to the unix socket {path}")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


async def _follow(url: httpx.URL, client: httpx.AsyncClient, policy: FetchPolicy) -> FetchedDocument:
    """Request `url`, following redirects by hand so that each target is checked before it is requested."""
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    for _ in range(policy.max_redirects + 1):
        await _check_url(url, policy)
        request = client.build_request("GET", url, headers={"Accept": _ACCEPT}, timeout=timeout)
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
            try:
                if not response.has_redirect_location:
                    return await _read(response, policy)
                url = _redirect_target(response)
            finally:
                await response.aclose()
        except httpx.TimeoutException as exc:
            raise UpstreamError(f"timed out fetching {url}") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError(f"could not fetch {url}: {exc or type(exc).__name__}") from exc
    raise UpstreamError(f"too many redirects: more than {policy.max_redirects}, the last to {url}")


def _parse(url: str) -> httpx.URL:
    """Parse `url`, refusing what is not a URL at all."""
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise RefusedURL(f"refusing to fetch {url!r}: not a valid URL ({exc})") from exc


async def _check_url(url: httpx.URL, policy: FetchPolicy) -> None:
    """Refuse a disallowed scheme, a missing host, an internal host name or any disallowed address."""
    if not url.scheme:
        raise RefusedURL(f"refusing to fetch {str(url)!r}: not an absolute URL")
    if url.scheme not in policy.allowed_schemes:
        allowed = " or ".join(sorted(policy.allowed_schemes))
        raise RefusedURL(f"refusing to fetch {url}: scheme {url.scheme!r} is not allowed; use {allowed}")
    if not url.raw_host:
        raise RefusedURL(f"refusing to fetch {url}: the URL has no host")
    port = url.port or (443 if url.scheme == "https" else 80)
    await _checked_addresses(url.raw_host.decode("ascii"), port, policy, subject=str(url))


async def _checked_addresses(host: str, port: int, policy: FetchPolicy, *, subject: str) -> list[IPAddress]:
    """The addresses `host` stands for, refusing if the name or ANY of its addresses is off-limits."""
    literal = _literal_ip(host)
    if literal is not None:
        addresses = [literal]
    else:
        name = host.rstrip(".").lower()
        if name in _METADATA_NAMES:
            raise RefusedURL(f"refusing to fetch {subject}: host {name} is a cloud metadata service")
        if not policy.allow_private and (name in _BLOCKED_NAMES or name.endswith(_BLOCKED_SUFFIXES)):
            raise RefusedURL(
                f"refusing to fetch {subject}: host {name} is internal "
                f"({ALLOW_PRIVATE_SETTING}=true allows loopback and private hosts)"
            )
        try:
            addresses = [ipaddress.ip_address(address) for address in await policy.resolver(host, port)]
        except OSError as exc:
            failed = f"could not resolve {host}: {exc.strerror or exc}"
            if isinstance(exc, socket.gaierror) and exc.errno in _NO_SUCH_HOST:
                raise UnknownHost(failed) from exc
            raise UpstreamError(failed) from exc
        if not addresses:
            raise UpstreamError(f"could not resolve {host}: no addresses")
    for address in addresses:
        reason = _refusal(address)
        if reason is None or (policy.allow_private and _openable(address)):
            continue
        where = f"address {address}" if literal is not None else f"{host} resolves to {address}, which"
        hint = (
            f"{ALLOW_PRIVATE_SETTING}=true allows it"
            if _openable(address)
            else f"refused even with {ALLOW_PRIVATE_SETTING}, which opens only loopback and private ranges"
        )
        raise RefusedURL(f"refusing to fetch {subject}: {where} is {reason} ({hint})")
    return addresses


def _openable(address: IPAddress) -> bool:
    """Whether `allow_private` opens `address`: loopback or private, and no metadata service."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in _METADATA_ADDRESSES:
        return False
    return any(address in network for network in _OPENABLE)


def _literal_ip(host: str) -> IPAddress | None:
    """The address `host` spells out, in any notation the OS resolver accepts, or None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if not _LEGACY_IPV4.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except OSError:
        return None


def _refusal(address: IPAddress) -> str | None:
    """Why the service must not connect to `address`, or None for a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and (reason := _refusal(embedded)) is not None:
            return f"{reason} (it embeds the IPv4 address {embedded})"
    checks = (
        ("a cloud metadata service", address in _METADATA_ADDRESSES),
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("carrier-grade NAT", address in _SHARED_ADDRESS_SPACE),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("site-local", isinstance(address, ipaddress.IPv6Address) and address.is_site_local),
        ("not globally routable", not address.is_global),
    )
    return next((reason for reason, applies in checks if applies), None)


def _redirect_target(response: httpx.Response) -> httpx.URL:
    """The absolute URL a redirect points to."""
    try:
        return response.url.join(response.headers["location"])
    except httpx.InvalidURL as exc:
        raise UpstreamError(f"{response.url} redirected to an invalid URL: {exc}") from exc


async def _read(response: httpx.Response, policy: FetchPolicy) -> FetchedDocument:
    """Check status, type and size of a final response and decode its body."""
    url = response.url
    if not response.is_success:
        raise UpstreamError(f"{url} answered {response.status_code} {response.reason_phrase}".rstrip())
    media_type, _, params = response.headers.get("content-type", "").partition(";")
    media_type = media_type.strip().lower()
    if media_type not in policy.allowed_content_types:
        allowed = ", ".join(sorted(policy.allowed_content_types))
        declared_type = media_type or "of no declared type"
        raise UnacceptableContent(f"{url} is {declared_type}; only {allowed} is accepted")
    too_large = f"{url} is larger than the limit of {policy.max_bytes} bytes"
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > policy.max_bytes:
        raise UnacceptableContent(f"{too_large} (Content-Length: {length})")
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > policy.max_bytes:
            raise UnacceptableContent(too_large)
    encoding = _encoding(bytes(body), _header_charset(params), sniff_meta=media_type != "text/plain")
    text = bytes(body).decode(encoding, errors="replace")
    return FetchedDocument(url=str(url), content_type=media_type, text=text, encoding=encoding)


def _header_charset(params: str) -> str | None:
    """The `charset` parameter of a Content-Type header's parameter list."""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'")
    return None


def _encoding(body: bytes, declared: str | None, *, sniff_meta: bool) -> str:
    """Pick the codec by byte-order mark, then header charset, then `<meta>` charset, then UTF-8."""
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if declared and (codec := _codec(declared)):
        return codec
    if sniff_meta and (match := _META_CHARSET.search(body[:1024])):
        codec = _codec(match.group(1).decode("ascii"))
        # A page whose <meta> could be read as ASCII is not UTF-16, whatever it claims (HTML standard).
        if codec and not codec.startswith("utf-16"):
            return codec
    return "utf-8"


def _codec(label: str) -> str | None:
    """Python's codec for a charset label, with latin-1 and ASCII read as windows-1252 as browsers do."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in {"iso8859-1", "ascii"} else name
