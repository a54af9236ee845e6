"""The Python client and the command line against a real server process on the test Redis."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import anyio
import anyio.to_thread
import httpx
import pytest
from redis.asyncio import Redis

from service.backup import export_lines, read_lines
from service.cli import main
from service.client import ApiError, AsyncClient, Client, NotFound
from tests.conftest import REDIS_URL
from tests.integration.test_statements import CARNEY, G7, SEEDS, VARIANT

ServerFactory = Callable[[], str]


@pytest.fixture
def start_server(key_prefix: str, redis: Redis) -> Iterator[ServerFactory]:
    """Server processes of their own, each on its own key prefix under this test's (removed afterwards):
    the synchronous client and the command line block, so the server cannot share the test's loop."""
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> str:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {
            **os.environ,
            "CLAIMTRACK_REDIS_URL": REDIS_URL,
            "CLAIMTRACK_KEY_PREFIX": f"{key_prefix}{len(processes)}:",
            "CLAIMTRACK_API_KEYS": "secret",
        }
        command = [sys.executable, "-m", "service.cli", "serve", "--port", str(port)]
        processes.append(
            subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(400):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    return base
            except httpx.HTTPError:
                time.sleep(0.05)
        raise AssertionError(f"the server at {base} did not start")

    try:
        yield start
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


async def cli(argv: list[str]) -> int:
    """The command line in a thread: it runs an event loop of its own."""
    return await anyio.to_thread.run_sync(main, argv)


@pytest.fixture
def server(start_server: ServerFactory) -> str:
    return start_server()


@pytest.mark.anyio
async def test_client_ingests_checks_and_compares(server: str) -> None:
    with Client(server, api_key="secret") as client:
        seeds = {e["file"]: e for e in json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))}
        g7 = client.ingest("Global News", text=(SEEDS / next(iter(seeds))).read_text(encoding="utf-8"))
        variant = client.ingest("Daily Planet", text=VARIANT)
        assert variant.quotes
        checked = client.check("very good and productive")
        assert checked.verdict == "exact"
        statement_id = checked.matches[0].statement_id
        assert statement_id in {q.statement_id for q in g7.quotes}
        comparison = client.compare_statement(statement_id)
        assert {r.mention.outlet for r in comparison.renderings} == {"Global News", "Daily Planet"}
        assert client.outlets().items
    with Client(server) as anonymous, pytest.raises(ApiError) as refused:
        anonymous.ingest("Nobody", text=VARIANT)
    assert refused.value.status == 401


@pytest.mark.anyio
async def test_the_async_client_pages_through_what_the_sync_client_stored(server: str) -> None:
    with Client(server, api_key="secret") as client:
        client.ingest("Global News", text=G7)
        client.ingest("Daily Planet", text=VARIANT)
        factcheck = client.add_factchecks(
            {
                "@type": "ClaimReview",
                "claimReviewed": "very good and productive",
                "url": "https://fc.example/1",
            }
        ).items[0]
    async with AsyncClient(server) as client:
        articles = [a.outlet async for a in client.iter_articles()]
        statements = [s.id async for s in client.iter_statements()]
        first_page = await client.statements(limit=2)
        assert [f.id async for f in client.iter_factchecks()] == [factcheck.id]
        assert first_page.next_cursor is not None
        assert [s.id for s in first_page.items] == statements[:2]
        assert (await client.statement(statements[0])).id == statements[0]
        with pytest.raises(NotFound):
            await client.claim("cl_missing")
    with Client(server, api_key="secret") as client:
        planet = next(a for a in client.iter_articles() if a.outlet == "Daily Planet")
        assert client.delete_article(planet.id) is None
        with pytest.raises(NotFound):
            client.article(planet.id)
    assert articles == ["Global News", "Daily Planet"]
    assert factcheck.statements


REMARKS = [
    "Our orchards will feed every school in the valley by autumn",
    "Nobody expected the copper mine to close before the election",
    "The harbour tunnel costs twice what the minister promised us",
    "We measured the glacier and it lost forty metres this winter",
]


def remark(text: str) -> str:
    return f"Councillor Bea Orton said: \u201c{text}.\u201d"


@pytest.mark.anyio
async def test_the_iterators_yield_a_statement_once_when_its_first_appearance_moves_back(server: str) -> None:
    """Statements page newest first appearance first: an older article carrying one already yielded moves
    it behind the cursor, where the next pages find it again."""
    with Client(server, api_key="secret") as client:
        for day, text in enumerate(REMARKS, 1):
            client.ingest(f"Outlet {day}", text=remark(text), published_at=datetime(2032, 1, day, tzinfo=UTC))
        seen = []
        for statement in client.iter_statements(limit=2):
            if not seen:  # the newest: now first printed a month earlier
                older = datetime(2031, 12, day, tzinfo=UTC)
                client.ingest("Archive", text=remark(REMARKS[-1]), published_at=older)
            seen.append(statement.id)
    assert len(seen) == len(REMARKS)
    assert len(set(seen)) == len(seen)
    async with AsyncClient(server, api_key="secret") as aclient:
        again = []
        async for statement in aclient.iter_statements(limit=2):
            if not again:
                await aclient.ingest("Archive 2", text=remark(REMARKS[-2]), published_at=older)
            again.append(statement.id)
    assert sorted(again) == sorted(seen)


@pytest.mark.anyio
async def test_cli_seeds_a_server_and_checks_a_quote(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli(["seed", "--server", server, "--api-key", "secret"]) == 0
    assert capsys.readouterr().out.strip() == "2 ingested, 0 already held, 0 failed of 2"
    assert await cli(["check", "This is about laying down markers", "--server", server, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["matches"][0]["speaker"] == "Roland Paris"
    assert await cli(["check", "This is about laying down markers", "--server", server]) == 0
    table = capsys.readouterr().out
    assert "verdict: exact" in table
    assert "Roland Paris" in table
    assert await cli(["check", "a sentence nobody ever said about kumquats", "--server", server]) == 1
    assert "verdict: not_found" in capsys.readouterr().out


@pytest.mark.anyio
async def test_cli_bulk_ingest_resumes_and_reports_failures(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "variant.txt").write_text(VARIANT, encoding="utf-8")
    lines = [
        json.dumps({"outlet": "Global News", "text": G7}),
        json.dumps({"outlet": "X", "text": "   "}),  # refused before sending
        json.dumps({"outlet": "X", "html": "<p></p>"}),  # refused by the server
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    argv = ["ingest", str(tmp_path), "--outlet", "Daily Planet", "--server", server, "--api-key", "secret"]
    assert await cli([*argv, "--json"]) == 1
    first = json.loads(capsys.readouterr().out)
    assert (first["ingested"], first["skipped"], first["failed"]) == (2, 0, 2)
    failed, refused = (r for r in first["results"] if r["status"] == "failed")
    assert refused["origin"].endswith("batch.jsonl:3")
    assert refused["reason"].startswith("422: ")
    assert failed["origin"].endswith("batch.jsonl:2")
    assert failed["reason"].startswith("not an article:")
    assert "$.text" in failed["reason"]
    assert await cli(argv) == 1
    again = capsys.readouterr().out
    assert "0 ingested, 2 already held, 2 failed of 4" in again
    assert f"failed: {tmp_path / 'batch.jsonl'}:2: not an article:" in again


@pytest.mark.anyio
async def test_cli_names_a_refused_key_in_one_line(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert await cli(["seed", "--server", server, "--api-key", "wrong"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"claimtrack: error: the server at {server} answered 401:")
    assert len(err.strip().splitlines()) == 1


def every_answer(base: str) -> dict[str, bytes]:
    """The raw body of every statement's GET and compare, and of the fact-check list."""
    answers = {"factchecks": httpx.get(f"{base}/v1/factchecks").content}
    with Client(base) as client:
        for statement in client.iter_statements(limit=200):
            for path in (f"/v1/statements/{statement.id}", f"/v1/statements/{statement.id}/compare"):
                answers[path] = httpx.get(base + path).content
    return answers


@pytest.mark.anyio
async def test_an_export_imported_into_an_empty_server_answers_byte_for_byte(
    start_server: ServerFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = start_server(), start_server()
    third = "Trump said the talks were “very good and productive” and that more would follow.\n"
    with Client(source, api_key="secret") as client:
        client.ingest("Daily Planet", text=VARIANT)  # ingested first, published last: order matters
        client.add_factchecks(
            {"@type": "ClaimReview", "claimReviewed": "productive", "url": "https://fc.example/2"}
        )
        client.ingest("Global News", text=G7, published_at=datetime(2025, 3, 14, 9, tzinfo=UTC))
        client.ingest("CBC", text=CARNEY, title="Carney in Rome")
        client.ingest("Wire", text=third, url="https://wire.example/1")
    backup = tmp_path / "backup.jsonl"
    assert await cli(["export", "--server", source, "--output", str(backup)]) == 0
    assert capsys.readouterr().out == f"exported 5 records (articles and fact-checks) to {backup}\n"
    assert await cli(["import", str(backup), "--server", target, "--api-key", "secret"]) == 0
    assert capsys.readouterr().out.startswith(f"restored 5 records from {backup}")
    assert await cli(["import", str(backup), "--server", target, "--api-key", "secret", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["restored"] == 5
    expected = every_answer(source)
    assert len(expected) > 10
    assert every_answer(target) == expected
    again = tmp_path / "again.jsonl"
    assert await cli(["export", "--server", target, "--output", str(again)]) == 0
    assert again.read_bytes() == backup.read_bytes()
    lines = backup.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"type":"header","format":"claimtrack-export","version":2}'
    assert lines[-1] == '{"type":"end","records":5}'


@pytest.mark.anyio
async def test_a_failed_export_leaves_the_previous_file_whole(
    server: str, unused_port: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Client(server, api_key="secret") as client:
        client.ingest("Global News", text=G7)
    backup = tmp_path / "backup.jsonl"
    assert await cli(["export", "--server", server, "-o", str(backup)]) == 0
    kept = backup.read_bytes()
    assert await cli(["export", "--server", f"http://127.0.0.1:{unused_port}", "-o", str(backup)]) == 3
    assert "cannot reach" in capsys.readouterr().err
    assert backup.read_bytes() == kept
    assert os.listdir(tmp_path) == [backup.name]  # nothing left beside it


class NeverAnswers(http.server.BaseHTTPRequestHandler):
    """A server that takes a request and answers nothing until it is shut down."""

    def do_GET(self) -> None:
        self.server.asked.set()  # type: ignore[attr-defined]
        self.server.stopping.wait()  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_an_export_terminated_leaves_no_unfinished_file_and_the_previous_one_whole(tmp_path: Path) -> None:
    backup = tmp_path / "backup.jsonl"
    backup.write_bytes(b"the previous export\n")
    stalled = QuietServer(("127.0.0.1", 0), NeverAnswers)
    stalled.stopping, stalled.asked = threading.Event(), threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=stalled.serve_forever, daemon=True).start()
    command = [str(Path(sys.executable).with_name("claimtrack")), "export", "-o", str(backup),
               "--server", f"http://127.0.0.1:{stalled.server_address[1]}"]  # fmt: skip
    try:
        export = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert stalled.asked.wait(20)  # type: ignore[attr-defined]  # its file is begun, its articles asked for
        assert len(os.listdir(tmp_path)) == 2
        export.terminate()
        _, err = export.communicate(timeout=20)
    finally:
        stalled.stopping.set()  # type: ignore[attr-defined]
        stalled.shutdown()
        stalled.server_close()
    assert export.returncode == 143
    assert err.decode() == "claimtrack: error: terminated\n"
    assert os.listdir(tmp_path) == [backup.name]
    assert backup.read_bytes() == b"the previous export\n"


def single_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    return err


@pytest.mark.anyio
async def test_an_export_cut_short_is_refused_before_anything_is_restored(
    start_server: ServerFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target = start_server(), start_server()
    with Client(source, api_key="secret") as client:
        client.ingest("Global News", text=G7)
        client.ingest("Daily Planet", text=VARIANT)
    backup = tmp_path / "backup.jsonl"
    assert await cli(["export", "--server", source, "-o", str(backup)]) == 0
    whole = backup.read_bytes()
    header, first, second, end = whole.splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    for damaged in (header + first + second, header + first + end, whole + second, whole[:-40]):
        cut.write_bytes(damaged)
        assert await cli(["import", str(cut), "--server", target, "--api-key", "secret"]) == 2
        assert single_line_error(capsys).startswith(f"claimtrack: error: {cut}: ")
    with Client(target) as client:
        assert list(client.iter_articles()) == []
    old = tmp_path / "version1.jsonl"
    old.write_bytes(header.replace(b'"version":2', b'"version":1') + first + second)
    assert await cli(["import", str(old), "--server", target, "--api-key", "secret"]) == 0
    assert capsys.readouterr().out.startswith(f"restored 2 records from {old}")


@pytest.mark.anyio
async def test_an_article_deleted_during_an_export_is_left_out(server: str) -> None:
    with Client(server, api_key="secret") as client:
        client.ingest("Global News", text=G7)
        gone = client.ingest("Daily Planet", text=VARIANT)
        lines = export_lines(client)
        exported = [next(lines), next(lines)]  # the header and the first article: the page is listed
        client.delete_article(gone.id)
        exported += lines
    records = [json.loads(line) for line in exported]
    assert [r["outlet"] for r in records if r["type"] == "article"] == ["Global News"]
    assert records[-1] == {"type": "end", "records": 1}
    assert len(list(read_lines(exported))) == 1


def write_export(path: Path, *records: dict[str, object], version: int = 2) -> Path:
    header = {"type": "header", "format": "claimtrack-export", "version": version}
    end = [{"type": "end", "records": len(records)}] if version >= 2 else []
    path.write_text("".join(json.dumps(r) + "\n" for r in [header, *records, *end]), encoding="utf-8")
    return path


@pytest.mark.anyio
async def test_import_lists_each_refused_record_by_line_and_restores_the_rest(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    at = "2025-03-14T09:00:00+00:00"
    backup = write_export(
        tmp_path / "backup.jsonl",
        {"type": "article", "outlet": "Global News", "text": G7, "ingested_at": at},
        {"type": "article", "outlet": "Wire", "text": G7, "ingested_at": "2025-03-14T09:00:00"},
        {"type": "factcheck", "claim_reviewed": ""},
        {"type": "article", "outlet": "Daily Planet", "text": VARIANT, "ingested_at": at},
    )
    argv = ["import", str(backup), "--server", server, "--api-key", "secret"]
    assert await cli(argv) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"restored 2 records from {backup}, 2 refused"
    assert out[1].startswith(f"failed: {backup}:3: 400: ")
    assert "ingested_at" in out[1]
    assert out[2].startswith(f"failed: {backup}:4: 400: ")
    assert len(out) == 3
    with Client(server) as client:
        assert [a.outlet for a in client.iter_articles()] == ["Global News", "Daily Planet"]
    assert await cli([*argv, "--json"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert (again["restored"], again["failed"]) == (2, 2)
    assert [f["origin"] for f in again["failures"]] == [f"{backup}:3", f"{backup}:4"]


class NotTheService(http.server.BaseHTTPRequestHandler):
    """A web server that is not the service: a sign-in page, or a redirect to one."""

    status = 200

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"<html><body>Sign in</body></html>" if self.status == 200 else b""
        self.send_response(self.status)
        self.send_header("Location", "/login")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.anyio
@pytest.mark.parametrize("status", [200, 302])
async def test_an_answer_that_is_not_the_services_is_blamed_on_the_server(
    status: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = type("Answering", (NotTheService,), {"status": status})
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{web.server_address[1]}"
    record = {"type": "article", "outlet": "Global News", "text": G7, "ingested_at": "2025-03-14T09:00:00Z"}
    backup = write_export(tmp_path / "backup.jsonl", record)
    try:
        assert await cli(["import", str(backup), "--server", url, "--api-key", "secret"]) == 3
    finally:
        web.shutdown()
        web.server_close()
    err = single_line_error(capsys)
    assert err.startswith(f"claimtrack: error: the server at {url} answered {status}: the answer is not one")
    assert str(backup) not in err


class RateLimiting(http.server.BaseHTTPRequestHandler):
    """A server that answers every request with a rate limit asking for an hour's wait, counting them."""

    requests: list[str]

    def answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.requests.append(self.command)
        body = b'{"status": 429, "title": "Too Many Requests", "detail": "rate limit: 600 requests a minute"}'
        self.send_response(429)
        self.send_header("Retry-After", "3600")
        self.send_header("Content-Type", "application/problem+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, format: str, *args: object) -> None:
        pass


class SignInPage(NotTheService):
    def do_GET(self) -> None:
        self.do_POST()


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stopped the run closes its other connections: not worth a traceback


@pytest.mark.anyio
@pytest.mark.parametrize("handler", [SignInPage, RateLimiting])
async def test_a_bulk_ingest_stops_at_an_answer_every_article_would_get(
    handler: type[http.server.BaseHTTPRequestHandler], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sign-in page where the service should be, or a rate limit asking for an hour's wait, would refuse
    every other article too: the run stops with exit 3 rather than sending all of them to be refused."""
    answering = type("Answering", (handler,), {"requests": []})
    for i in range(40):
        (tmp_path / f"{i:02}.txt").write_text(f"{G7}\n\nArticle {i}.", encoding="utf-8")
    web = QuietServer(("127.0.0.1", 0), answering)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{web.server_address[1]}"
    try:
        argv = ["ingest", str(tmp_path), "--outlet", "Global News", "--server", url, "--api-key", "secret"]
        assert await cli(argv) == 3
    finally:
        web.shutdown()
        web.server_close()
    err = single_line_error(capsys)
    assert err.startswith(f"claimtrack: error: the server at {url} answered ")
    assert len(getattr(answering, "requests", [])) <= 8


@pytest.mark.anyio
async def test_a_refusal_asking_for_a_long_wait_says_how_long(capsys: pytest.CaptureFixture[str]) -> None:
    answering = type("Answering", (RateLimiting,), {"requests": []})
    web = QuietServer(("127.0.0.1", 0), answering)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{web.server_address[1]}"
    try:
        assert await cli(["check", "very good and productive", "--server", url]) == 3
    finally:
        web.shutdown()
        web.server_close()
    err = single_line_error(capsys).strip()
    assert err == (
        f"claimtrack: error: the server at {url} answered 429: rate limit: 600 requests a minute; "
        "it asks to be retried in 3600 s"
    )


@pytest.mark.anyio
async def test_an_export_ends_quietly_when_its_reader_goes_and_names_an_output_it_cannot_write(
    server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Client(server, api_key="secret") as client:
        client.ingest("Global News", text=G7)
    read, write = os.pipe()
    os.close(read)  # `claimtrack export | head -0`: the reader has gone before the first line
    command = [sys.executable, "-m", "service.cli", "export", "--server", server]
    try:
        gone = await anyio.run_process(command, stdout=write, check=False)
    finally:
        os.close(write)
    assert (gone.returncode, gone.stderr) == (141, b"")
    assert await cli(["export", "--server", server, "-o", "/dev/full"]) == 2
    assert single_line_error(capsys) == "claimtrack: error: cannot write /dev/full: No space left on device\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["openapi", "--output", "{tmp}/missing/x.yaml"], "{tmp}/missing/x.yaml: No such file or directory"),
        (["openapi", "--output", "{tmp}"], "{tmp}: Is a directory"),
        (["check", "hi", "--server", "http://[::1"], "--server 'http://[::1' is not a valid URL: "),
        (["compare", "http://[::1/x=A", "{tmp}/a.txt=B"], "Invalid IPv6 URL"),
        (["compare", "http://[::1/x", "{tmp}/a.txt=B"], "Invalid IPv6 URL"),
        (["ingest", "http://[::1/x=A", "--server", "http://127.0.0.1:9"], "Invalid IPv6 URL"),
    ],
)
async def test_what_cannot_be_written_or_parsed_is_one_line_and_exit_2(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(G7, encoding="utf-8")
    assert await cli([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    err = single_line_error(capsys)
    assert err.startswith("claimtrack: error: " + message.replace("{tmp}", str(tmp_path))), err
