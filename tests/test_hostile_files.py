"""A hostile-input set generated here (not committed): each file gets a clear per-item error or a
record with warnings, no crash, no hang, and the other items of the run still come out."""

from __future__ import annotations

import gzip
import json
import resource

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.validate import problems

GOOD = "قصفت طائرات حربية بلدة في ريف إدلب اليوم، ما أدى لمقتل 3 مدنيين بحسب الدفاع المدني."


def _nested_html() -> bytes:
    body = "<div>" * 100_000 + f"<p>{GOOD}</p>" * 5 + "</div>" * 100_000
    return f"<html><body>{body}</body></html>".encode()


def _big_page() -> bytes:
    para = f"<p>{GOOD}</p>\n".encode()
    return b"<html><body>" + para * (50_000_000 // len(para)) + b"</body></html>"


def _gzip_bomb() -> bytes:
    """A 30 MB line compressed to ~30 KB, then a good line: the reader must not hold the whole line."""
    line = b'{"id": "bomb", "text": "' + b"a" * 30_000_000 + b'"}\n'
    good = json.dumps({"id": "after-bomb", "text": GOOD}, ensure_ascii=False).encode() + b"\n"
    return gzip.compress(line + good, compresslevel=1)


def _surrogates() -> bytes:
    """JSON escapes of lone surrogates in the text and title (valid JSON, not valid Unicode)."""
    return b'{"id": "sur", "title": "\\udfff", "text": "\\ud800 ' + GOOD.encode() + b'"}\n'


def _deep_json() -> bytes:
    """A 2 KB line nested 1,000 levels (past the JSON parser's stack), then a good line."""
    good = json.dumps({"id": "after-deep", "text": GOOD}, ensure_ascii=False).encode()
    return b'{"id": "deep", "text": ' + b"[" * 1000 + b"]" * 1000 + b"}\n" + good + b"\n"


def _newline_bomb() -> bytes:
    """~100 MB of newlines in ~100 KB of gzip, then a good line: blank lines must cost no Python step."""
    good = json.dumps({"id": "after-newlines", "text": GOOD}, ensure_ascii=False).encode()
    return gzip.compress(b"\n" * 100_000_000 + good + b"\n", compresslevel=6)


def _bad_date() -> bytes:
    return json.dumps({"id": "bad-date", "text": GOOD, "published": "next tuesday"}, ensure_ascii=False).encode()


HOSTILE = {
    "deep.jsonl": (_deep_json, "E005"),
    "newlines.jsonl.gz": (_newline_bomb, None),
    "bad-date.jsonl": (_bad_date, "bad-date.jsonl:1: E010"),
    "stray-byte.txt": (lambda: GOOD.encode()[:40] + b"\xff" + GOOD.encode()[40:], None),
    "binary.txt": (lambda: bytes(range(256)) * 1000, "E002"),
    "nested.html": (_nested_html, "E003"),  # 200k tags: refused before parsing
    "attributes.html": (lambda: ("<html><body><p " + " ".join(f"a{i}=x" for i in range(80_000)) + f">{GOOD}</p>"
                                 "</body></html>").encode(), "E003"),
    "big-page.html": (_big_page, "E003"),
    "cp1256.txt": (lambda: GOOD.encode("cp1256"), None),
    "utf16.txt": (lambda: GOOD.encode("utf-16-le"), None),
    "nul.txt": (lambda: GOOD.encode() + b"\x00\x00" + GOOD.encode(), "E002"),
    # 1 MB on one line: analysed, or (on a slow machine) stopped by the per-article time limit.
    "one-line.txt": (lambda: (GOOD + " ") .encode() * (1_000_000 // len(GOOD.encode())), "E011?"),
    "rlo.txt": (lambda: ("\u202e" + GOOD + "\u202c" + "\u2067" + GOOD).encode(), None),
    "empty.txt": (lambda: b"", "E001"),
    "bomb.jsonl.gz": (_gzip_bomb, "E003"),
    "surrogates.jsonl": (_surrogates, None),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, (make, _) in HOSTILE.items():
        (folder / name).write_bytes(make())
    lines = [json.dumps({"id": "ok1", "text": GOOD}, ensure_ascii=False), '{"id": "broken", "text": "نص',
             "[1, 2, 3]", "\x00\x01\x02", json.dumps({"id": "ok2", "text": GOOD}, ensure_ascii=False)]
    (folder / "broken.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file(hostile_dir, name):
    expected = HOSTILE[name][1]
    res = CliRunner().invoke(app, ["analyze", str(hostile_dir / name)], catch_exceptions=False)
    if expected and expected.endswith("?"):
        if res.exit_code == 0:
            assert problems(json.loads(res.stdout)) == []
        else:
            assert res.exit_code == 1 and expected[:-1] in res.stderr, res.output
    elif expected:
        assert res.exit_code == 1 and expected in res.stderr, res.output
    else:
        assert res.exit_code == 0, res.output
        assert problems(json.loads(res.stdout)) == []


def test_broken_jsonl_keeps_the_good_lines(hostile_dir):
    res = CliRunner().invoke(app, ["analyze", str(hostile_dir / "broken.jsonl")], catch_exceptions=False)
    assert res.exit_code == 1
    assert [json.loads(x)["doc"]["id"] for x in res.stdout.splitlines()] == ["ok1", "ok2"]
    for lineno in (2, 3, 4):
        assert f"broken.jsonl:{lineno}: E005" in res.stderr


def test_whole_set_in_one_run_with_bounded_memory(hostile_dir):
    paths = sorted(str(p) for p in hostile_dir.iterdir())
    res = CliRunner().invoke(app, ["analyze", *paths], catch_exceptions=False)
    assert res.exit_code == 1
    ids = [json.loads(x)["doc"]["id"] for x in res.stdout.splitlines()]
    assert {"cp1256", "utf16", "rlo", "ok1", "ok2", "after-bomb", "sur", "after-deep", "after-newlines",
            "stray-byte"} <= set(ids)
    assert "one-line" in ids or "one-line: E011" in res.stderr  # nothing silently dropped
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 3000, f"peak RSS {peak_mb:.0f} MB"


def test_a_stray_byte_costs_a_warning_not_the_article(hostile_dir):
    res = CliRunner().invoke(app, ["analyze", str(hostile_dir / "stray-byte.txt")], catch_exceptions=False)
    record = json.loads(res.stdout)
    assert res.exit_code == 0 and "\ufffd" in record["text"]
    assert any("U+FFFD" in w for w in record["warnings"])


def test_a_device_that_never_ends_is_stopped_by_bytes_read():
    res = CliRunner().invoke(app, ["analyze", "/dev/zero"], catch_exceptions=False)
    assert res.exit_code == 1 and "/dev/zero: E003" in res.stderr


def test_a_warc_given_to_analyze_is_read_as_an_archive(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in (1, 2):
            page = f"<html><body><article><p>{GOOD}</p><p>رقم {n}.</p></article></body></html>".encode()
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example/{n}", "response",
                                                          payload=BytesIO(page), http_headers=http))
    res = CliRunner().invoke(app, ["analyze", str(path)], catch_exceptions=False)
    records = [json.loads(x) for x in res.stdout.splitlines()]
    assert res.exit_code == 0 and [r["doc"]["url"] for r in records] == ["https://news.example/1",
                                                                         "https://news.example/2"]
    assert all("WARC/1" not in r["text"] for r in records)


def test_a_warc_record_with_a_wrong_length_is_reported_not_swallowed(tmp_path):
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for n in (1, 2, 3):
        page = f"<html><body><article><p>{GOOD}</p><p>رقم {n}.</p></article></body></html>".encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://news.example/{n}", "response",
                                                      payload=BytesIO(page), http_headers=http))
    raw = buf.getvalue()
    first_len = raw.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0]
    raw = raw.replace(b"Content-Length: " + first_len, b"Content-Length: " + str(int(first_len) + 400).encode(), 1)
    path = tmp_path / "bad.warc"
    path.write_bytes(raw)
    res = CliRunner().invoke(app, ["analyze", str(path)], catch_exceptions=False)
    urls = [json.loads(x)["doc"]["url"] for x in res.stdout.splitlines()]
    assert res.exit_code == 1 and "https://news.example/1: E008" in res.stderr, res.output
    assert "https://news.example/1" not in urls and "https://news.example/3" in urls
