"""What a hostile or careless client gets from a running server, as numbers: run it against this version and
a baseline (an older checkout) started the same way, and compare side by side.

    CLAIMTRACK_API_KEYS=k1 CLAIMTRACK_RATE_LIMIT_PER_MINUTE=5 CLAIMTRACK_RATE_LIMIT_EXEMPT= \\
        claimtrack serve --port 8000 --workers 2
    python scripts/probe_hostile.py http://127.0.0.1:8000 [--limit 5] [--slow 300] [--wait 12]

Run each probe on a fresh server (the rate-limit probes spend the client's budget). Prints JSON: requests
passed (not 429) out of 12 with invalid keys and with rotated X-Forwarded-For; the statuses of deep JSON, a
newline outlet, a 5,000-character outlet, a text/plain body, an empty body, a disallowed CORS preflight and
`POST /v1/extract` without a key (for this probe turn the limit off and pass `--api-key`); and how many of
`--slow` connections that sent half a request header are still open after `--wait` seconds.
"""

from __future__ import annotations

import argparse
import json
import socket
import time
from urllib.parse import urlparse

import httpx


def passed(client: httpx.Client, headers: list[dict[str, str]]) -> int:
    statuses = [client.post("/v1/check", json={"quote": "very good"}, headers=h).status_code for h in headers]
    return sum(status != 429 for status in statuses)


def statuses(client: httpx.Client, key: str | None) -> dict[str, str]:
    def show(response: httpx.Response) -> str:
        return f"{response.status_code} {response.headers.get('content-type', '').split(';')[0]}"

    keyed = {"X-API-Key": key} if key else {}
    article = {"content-type": "application/json", **keyed}
    deep = b'{"outlet": "A", "text": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    return {
        "deep_json": show(client.post("/v1/articles", content=deep, headers=article)),
        "newline_outlet": show(
            client.post("/v1/articles", json={"outlet": "Acme\nx", "url": "1"}, headers=keyed)
        ),
        "outlet_5000_chars": show(
            client.post("/v1/articles", json={"outlet": "A" * 5000, "text": "x"}, headers=keyed)
        ),
        "text_plain_body": show(
            client.post(
                "/v1/check", content=b'{"quote": "x"}', headers={**keyed, "content-type": "text/plain"}
            )
        ),
        "empty_body": show(client.post("/v1/check", content=b"", headers=article)),
        "cors_disallowed_origin": show(client.options("/v1/check", headers=preflight)),
        "extract_without_key": show(client.post("/v1/extract", json={"text": "She said it."})),
    }


def still_open(base: str, count: int, wait: float) -> int:
    url = urlparse(base)
    address = (url.hostname or "127.0.0.1", url.port or 80)
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(address, timeout=5)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: claimtrack\r\n")
        sockets.append(sock)
    time.sleep(wait)
    alive = 0
    for sock in sockets:
        sock.setblocking(False)
        try:
            alive += sock.recv(1) != b""
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
        sock.close()
    return alive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the server's base URL")
    parser.add_argument("--probe", choices=["keys", "forwarded", "inputs", "slow"], action="append")
    parser.add_argument("--api-key", help="a valid key, sent with the bad inputs so that they reach parsing")
    parser.add_argument("--slow", type=int, default=300, help="half-header connections to open")
    parser.add_argument("--wait", type=float, default=12.0, help="seconds before counting them")
    args = parser.parse_args()
    probes = args.probe or ["keys", "forwarded", "inputs", "slow"]
    report: dict[str, object] = {}
    with httpx.Client(base_url=args.base, timeout=30) as client:
        if "keys" in probes:
            report["invalid_keys_passed_of_12"] = passed(client, [{"X-API-Key": f"g{i}"} for i in range(12)])
        if "forwarded" in probes:
            rotated = [{"X-Forwarded-For": f"198.51.100.{i}"} for i in range(12)]
            report["rotated_forwarded_for_passed_of_12"] = passed(client, rotated)
        if "inputs" in probes:
            report["statuses"] = statuses(client, args.api_key)
    if "slow" in probes:
        report[f"half_header_connections_open_after_{args.wait:g}s"] = still_open(
            args.base, args.slow, args.wait
        )
        report["half_header_connections"] = args.slow
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
