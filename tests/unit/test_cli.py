"""The command line without a server: arguments, sources, tables, JSON, exit codes and error lines."""

from __future__ import annotations

import functools
import http.server
import io
import json
import threading
from pathlib import Path

import msgspec
import pytest
from rich.console import Console, RenderableType

from schemas import CheckMatch, CheckResult, DiffOp, StatementMention
from service import __version__
from service.backup import FactCheckLine, claim_review, read_lines
from service.cli import SEEDS, main
from service.match.compare import compare_renderings
from service.render import check_result, comparisons, diff_text
from service.schemaorg import parse_claim_reviews
from service.sources import Failed, Source, read_sources, split_spec
from tests.integration.test_statements import SEEDS as TOP_SEEDS
from tests.integration.test_statements import VARIANT

CARNEY = TOP_SEEDS / "2025-05-zelenskyy-carney-rome.txt"


def test_the_package_ships_the_same_seeds_as_the_repository() -> None:
    shipped = {p.name: p.read_bytes() for p in SEEDS.iterdir()}
    assert shipped == {p.name: p.read_bytes() for p in TOP_SEEDS.iterdir()}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"claimtrack {__version__}"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("a.txt=Reuters", ("a.txt", "Reuters")),
        ("a.txt", ("a.txt", None)),
        ("https://x.example/story=AP", ("https://x.example/story", "AP")),
        ("https://x.example/a?id=3", ("https://x.example/a?id=3", None)),
        ("https://x.example/a?id=3=Reuters", ("https://x.example/a?id=3", "Reuters")),
        ("https://x.example/a?x=1&flag=AP", ("https://x.example/a?x=1&flag=AP", None)),
        ("a.txt=", ("a.txt=", None)),
    ],
)
def test_a_spec_names_its_outlet_after_the_last_equals_sign(
    spec: str, expected: tuple[str, str | None]
) -> None:
    assert split_spec(spec) == expected


def test_sources_from_files_directories_jsonl_and_urls(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    (folder / ".hidden").mkdir(parents=True)
    (folder / "b.html").write_text("<p>x</p>", encoding="utf-8")
    (folder / "a.txt").write_text("text a", encoding="utf-8")
    (folder / "notes.csv").write_text("skipped", encoding="utf-8")
    (folder / ".hidden" / "c.txt").write_text("skipped", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("café".encode("latin-1"))
    lines = [
        json.dumps({"outlet": "AP", "text": "t", "published_at": "2025-01-02T03:04:05+00:00"}),
        "",
        json.dumps({"text": "no outlet, so the default"}),
        json.dumps({"outlet": "AP", "txt": "typo"}),
        "[1, 2]",
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines), encoding="utf-8")
    specs = [
        str(folder),
        f"{tmp_path / 'latin.txt'}=CBC",
        str(tmp_path / "batch.jsonl"),
        "https://x.example/s",
    ]
    found = list(read_sources(specs, "Default"))
    summary = [
        (Path(f.origin).name, f.article.outlet, f.article.text, f.article.html, f.article.url)
        if isinstance(f, Source)
        else (Path(f.origin).name, f.reason.split(":")[0])
        for f in found
    ]
    assert summary == [
        ("a.txt", "Default", "text a", None, None),
        ("b.html", "Default", None, "<p>x</p>", None),
        (
            "latin.txt",
            f"{tmp_path / 'latin.txt'} is not UTF-8 text (byte 3); convert it, e.g. iconv -f latin1 -t utf-8",
        ),
        ("batch.jsonl:1", "AP", "t", None, None),
        ("batch.jsonl:3", "Default", "no outlet, so the default", None, None),
        ("batch.jsonl:4", "not an article"),
        ("batch.jsonl:5", "not an article"),
        ("s", "Default", None, None, "https://x.example/s"),
    ]


def test_a_source_without_an_outlet_fails_with_the_way_to_name_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert list(read_sources([str(tmp_path / "a.txt")], None)) == [
        Failed(str(tmp_path / "a.txt"), "no outlet: name it with --outlet or as PATH=OUTLET")
    ]


def test_compare_prints_a_table_of_outlets_and_classes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "variant.txt").write_text(VARIANT, encoding="utf-8")
    assert main(["compare", f"{CARNEY}=CBC", f"{tmp_path / 'variant.txt'}=Daily Planet"]) == 0
    out = capsys.readouterr().out
    assert "share 1 statement" in out
    assert "Mark Carney" in out
    lines = out.splitlines()
    for outlet in ("CBC", "Daily Planet"):
        assert any(line.startswith(f"  {outlet} · verbatim · ") for line in lines), outlet
    assert any(line.endswith("· no publication times given: outlets in the order given") for line in lines)
    assert "{" not in out.split("share", 1)[0]  # no JSON


WORDING = "There can be no peace without the full support and participation of Ukraine"


def shown(renderable: RenderableType) -> list[str]:
    """The lines an 80-column stream (a pipe, a log) shows, as the command line's console writes them."""
    console = Console(file=io.StringIO(), width=80, color_system=None, highlight=False, soft_wrap=True)
    console.print(renderable)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


def test_a_check_shows_the_whole_wording_however_many_outlets_carry_it() -> None:
    outlets = [f"Outlet number {n} of the wire services" for n in range(8)]
    mention = StatementMention(
        article_id="ar_1", outlet=outlets[0], quote_id="q1", text=WORDING, kind="direct",
        speaker="Mark Carney", speaker_mention="Carney", cue="said",
    )  # fmt: skip
    same = WORDING.split()[:-1]
    match = CheckMatch(
        statement_id="st_1", score=0.9, verdict="altered", text=WORDING, wording=WORDING, carried_by=[],
        speaker="Mark Carney", speaker_differs=True, outlets=outlets, first_appearance=mention,
        diff=[DiffOp("equal", same, same), DiffOp("replace", ["Ukraine"], ["Kyiv"])],
    )  # fmt: skip
    lines = shown(check_result(CheckResult(verdict="altered", matches=[match])))
    assert lines[0] == "verdict: altered"
    assert lines[1].startswith("1. altered · 0.90 · Mark Carney (differs) · in Outlet number 0")
    assert lines[2] == "   " + " ".join(same) + " [-Ukraine-] {+Kyiv+}"


def test_extract_counts_in_words_that_agree_with_the_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "one.txt").write_text(
        "Unemployment fell to 3.9 percent in May, the lowest rate since 2000, the Labor Department said.",
        encoding="utf-8",
    )
    assert main(["extract", str(tmp_path / "one.txt")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "1 quote" in lines
    assert "1 check-worthy claim" in lines


def test_a_check_differing_only_in_punctuation_shows_the_wording_on_record() -> None:
    mention = StatementMention(
        article_id="ar_1", outlet="Wire", quote_id="q1", text=WORDING + ",", kind="direct",
        speaker="Mark Carney", speaker_mention="Carney", cue="said",
    )  # fmt: skip
    words = WORDING.split()
    printed = WORDING.replace("peace", "peace,")
    match = CheckMatch(
        statement_id="st_1", score=1.0, verdict="minor_variation", text=WORDING, wording=printed,
        carried_by=[],
        speaker="Mark Carney", speaker_differs=False, outlets=["Wire"], first_appearance=mention,
        diff=[DiffOp("equal", words, words)],
    )  # fmt: skip
    lines = shown(check_result(CheckResult(verdict="minor_variation", matches=[match])))
    assert lines[3] == f"   punctuation differs from the wording on record: “{printed}”"
    exact = msgspec.structs.replace(match, verdict="exact")
    assert len(shown(check_result(CheckResult(verdict="exact", matches=[exact])))) == 3


def test_a_comparison_shows_each_outlets_whole_wording_under_its_class() -> None:
    mentions = [
        StatementMention(
            article_id=f"ar_{n}", outlet=f"A long outlet name, number {n}", quote_id="q1", text=WORDING,
            kind="direct", speaker="Mark Carney", speaker_mention="the premier", cue="told reporters",
        )
        for n in range(2)
    ]  # fmt: skip
    lines = shown(comparisons([compare_renderings("st_1", WORDING, "Mark Carney", mentions)], 2))
    assert lines[2] == f"Mark Carney: “{WORDING}”"
    for n in range(2):
        at = lines.index(f"  A long outlet name, number {n} · verbatim · the premier · told reporters")
        assert lines[at + 1] == f"    {WORDING}"


def test_compare_json_lists_the_shared_statements(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "variant.txt").write_text(VARIANT, encoding="utf-8")
    assert main(["compare", "--json", f"{CARNEY}=CBC", f"{tmp_path / 'variant.txt'}=Daily Planet"]) == 0
    statements = json.loads(capsys.readouterr().out)["statements"]
    assert any(s["speaker"] == "Mark Carney" and s["outlets"] == ["CBC", "Daily Planet"] for s in statements)


def test_an_html_file_is_read_for_its_article_text_as_ingest_reads_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Its markup and its head are not quoted: the title and `og:title` gave three copies of one quote
    ending in `</title>`, `">` and `</h1>`, and a comment below the article was quoted too."""
    page = Path(__file__).resolve().parent.parent / "fixtures" / "article.html"
    assert main(["extract", "--json", str(page)]) == 0
    quotes = [q["text"] for q in json.loads(capsys.readouterr().out)["quotes"]]
    assert quotes
    assert not [q for q in quotes if "<" in q or ">" in q or "Example News" in q or "reach the article" in q]
    assert main(["compare", "--json", f"{page}=A", f"{page}=B"]) == 0
    statements = json.loads(capsys.readouterr().out)["statements"]
    assert statements
    assert not [s for s in statements if "<" in s["text"] or ">" in s["text"]]


def test_compare_says_so_when_nothing_is_shared(capsys: pytest.CaptureFixture[str]) -> None:
    g7 = TOP_SEEDS / "2025-03-14-g7-foreign-ministers.txt"
    assert main(["compare", f"{CARNEY}=CBC", f"{g7}=Global News"]) == 0
    assert capsys.readouterr().out.strip() == "The 2 articles share no statement: nothing to compare."


def test_differences_are_marked_even_without_colour() -> None:
    diff = [
        DiffOp("equal", ["we", "will"], ["we", "will"]),
        DiffOp("replace", ["never"], ["not"]),
        DiffOp("delete", ["ever"], []),
        DiffOp("insert", [], ["again"]),
    ]
    text = diff_text(diff)
    assert text.plain == "we will [-never-] {+not+} [-ever-] {+again+}"
    assert {span.style for span in text.spans} == {"red strike", "bold green"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["compare", "/nonexistent/a.txt"],
            "claimtrack: error: cannot read /nonexistent/a.txt: No such file",
        ),
        (["extract", "{latin}"], "claimtrack: error: {latin} is not UTF-8 text (byte 3)"),
        (
            ["ingest", "x.txt", "--published-at", "yesterday"],
            "claimtrack ingest: error: argument --published-at:",
        ),
        (["ingest", "x.txt", "--published-at", "2025-01-02"], "has no time zone"),
        (
            ["import", "{latin}", "--server", "http://127.0.0.1:9"],
            "claimtrack: error: {latin}: line 1: not a",
        ),
        (["frobnicate"], "claimtrack: error: argument COMMAND: invalid choice"),
        (
            ["compare", f"{CARNEY}=CBC", f"{CARNEY}=Wire", f"{CARNEY}=CBC"],
            "claimtrack: error: articles 1 and 3 are the same article (the same outlet and text)",
        ),
        (
            ["check", "x", "--server", "localhost:8000"],
            "--server 'localhost:8000' is not an http:// or https://",
        ),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café".encode("latin-1"))
    argv = [a.replace("{latin}", str(latin)) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert message.replace("{latin}", str(latin)) in err
    assert "Traceback" not in err


def test_an_unreachable_server_is_named_with_exit_3(
    unused_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "anything", "--server", f"http://127.0.0.1:{unused_port}"]) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"claimtrack: error: cannot reach http://127.0.0.1:{unused_port}:")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["before", "after", "both", "environment"])
def test_the_shared_options_may_come_before_or_after_the_command(
    where: str, unused_port: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    named, other = f"http://127.0.0.1:{unused_port}", "http://127.0.0.1:1"
    argv = {
        "before": ["--server", named, "check", "anything"],
        "after": ["check", "anything", "--server", named],
        "both": ["--server", other, "check", "--server", named, "anything"],  # the command's own wins
        "environment": ["check", "anything"],
    }[where]
    monkeypatch.setenv("CLAIMTRACK_SERVER", named if where == "environment" else other)
    assert main(argv) == 3
    assert capsys.readouterr().err.startswith(f"claimtrack: error: cannot reach {named}:")


def test_json_before_the_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json", "extract", str(CARNEY)]) == 0
    assert "quotes" in json.loads(capsys.readouterr().out)


def test_an_export_header_is_required_and_versions_are_checked() -> None:
    with pytest.raises(ValueError, match="line 1: not a claimtrack-export file"):
        list(read_lines([b'{"type": "factcheck", "claim_reviewed": "x"}']))
    with pytest.raises(ValueError, match="newer than this program reads"):
        list(read_lines([b'{"type": "header", "format": "claimtrack-export", "version": 99}']))
    with pytest.raises(ValueError, match="empty file"):
        list(read_lines([]))
    header = b'{"type":"header","format":"claimtrack-export","version":1}'
    with pytest.raises(ValueError, match="line 2: not a claimtrack-export record"):
        list(read_lines([header, b'{"type": "article"}']))


@pytest.mark.parametrize("claimant", [None, "Jane Roe"])
def test_an_exported_fact_check_posts_back_as_the_same_fact_check(claimant: str | None) -> None:
    line = FactCheckLine(
        claim_reviewed="Crime fell by half",
        rating="False",
        url="https://fc.example/1",
        author="FactCheck Desk",
        claimant=claimant,
        date_published="2025-01-02",
    )
    [restored] = parse_claim_reviews(claim_review(line))
    assert FactCheckLine.of(restored) == line


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_compare_fetches_pages_named_by_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = "".join(f"<p>{line}</p>" for line in VARIANT.splitlines() if line.strip())
    page = f"<html><head><title>Planet</title></head><body><article>{paragraphs}</article></body></html>"
    (tmp_path / "story.html").write_text(page, encoding="utf-8")
    handler = functools.partial(QuietFiles, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("CLAIMTRACK_FETCH_ALLOW_PRIVATE", "true")
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/story.html"
        assert main(["compare", "--json", f"{CARNEY}=CBC", url]) == 0
        statements = json.loads(capsys.readouterr().out)["statements"]
        assert any(s["outlets"] == ["CBC", "127.0.0.1"] for s in statements)  # undated: in the order given
        assert main(["compare", f"{CARNEY}=CBC", f"{url.replace('story', 'missing')}=Planet"]) == 2
        err = capsys.readouterr().err
        assert err.startswith("claimtrack: error: ")
        assert "404" in err
    finally:
        server.shutdown()
        server.server_close()


def test_an_exported_publication_time_without_a_zone_is_restored_as_utc() -> None:
    from datetime import UTC, datetime

    from service.backup import ArticleLine, read_lines

    lines = [
        b'{"type": "header", "format": "claimtrack-export", "version": 1}',
        b'{"type": "article", "outlet": "AP", "text": "Quote.", "ingested_at": "2020-01-01T00:00:00Z",'
        b' "published_at": "2019-05-05T10:00:00"}',
    ]
    [(_, line)] = list(read_lines(lines))
    assert isinstance(line, ArticleLine)
    assert line.article_in().published_at == datetime(2019, 5, 5, 10, tzinfo=UTC)
