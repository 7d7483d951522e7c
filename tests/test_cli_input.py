"""Bad input through `rasd analyze`: a clear message or a record with warnings, never a traceback."""

from __future__ import annotations

import gzip
import json

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.validate import problems

ARTICLE = "قتل ثلاثة مدنيين اليوم في قصف على بلدة في ريف إدلب.\nوقال المرصد إن القصف استمر ساعتين."
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["analyze", *args], catch_exceptions=False)


def test_single_file_gives_one_json_record(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("عنوان الخبر\n\n" + ARTICLE, encoding="utf-8")
    res = run(str(path), "--published", "2019-08-19", "--source", "مصدر", "--id", "x1")
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert rec["doc"] == {"id": "x1", "title": "عنوان الخبر", "source": "مصدر", "url": None,
                          "published": "2019-08-19", "language": "ar"}
    assert problems(rec) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "E001"),
        ("blank.txt", b"  \n\n ", "E001"),
        ("binary.bin", bytes(range(256)) * 40, "E002"),
        ("huge.txt", b"", "E003"),
    ],
)
def test_bad_files_fail_clearly(tmp_path, name, data, message):
    path = tmp_path / name
    if name == "huge.txt":
        line = ("كلمة " * 200 + "\n").encode("utf-8")
        path.write_bytes(line * (20_000_000 // len(line) + 1))
    else:
        path.write_bytes(data)
    res = run(str(path))
    assert res.exit_code == 1
    assert message in res.stderr
    assert "Traceback" not in res.output


@pytest.mark.parametrize(("encoding", "warning"), [("cp1256", "cp1256"), ("utf-16-le", "utf-16"),
                                                   ("utf-16", "utf-16")])
def test_legacy_encodings_are_detected(tmp_path, encoding, warning):
    path = tmp_path / "old.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    res = run(str(path))
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert rec["text"] == ARTICLE
    assert any(warning in w for w in rec["warnings"]) or encoding == "utf-16"


def test_latin_only_file_is_analysed(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("This is an English text. It has no Arabic at all.", encoding="utf-8")
    res = run(str(path))
    assert res.exit_code == 0
    assert problems(json.loads(res.stdout)) == []


def test_jsonl_bad_line_reported_with_line_number(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    lines = [
        json.dumps({"id": "a", "text": ARTICLE, "title": "خبر أول", "published": "2019-08-19"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c", "text": 42}),
        json.dumps({"id": "d", "text": ARTICLE, "published": "2019-08-20"}, ensure_ascii=False),
    ]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    res = run(str(path))
    assert res.exit_code == 1
    records = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["doc"]["id"] for r in records] == ["a", "d"]
    assert records[0]["text"].startswith("خبر أول\n\n")
    assert f"{path}:2: E005" in res.stderr and f"{path}:3: E006" in res.stderr


def test_html_file_goes_through_trafilatura(tmp_path):
    body = "".join(f"<p>{ARTICLE} فقرة رقم {i}.</p>" for i in range(5))
    html = f"<html><head><title>خبر عاجل</title></head><body><nav>القائمة</nav><article>{body}</article></body></html>"
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    res = run(str(path))
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    assert "قتل ثلاثة مدنيين" in rec["text"] and "<p>" not in rec["text"]
    assert problems(rec) == []
