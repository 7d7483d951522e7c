"""The command line as a new user meets it (#21): --version, `-` for standard input and output,
one-line errors with exit status 2 for bad arguments, read-only commands that create nothing, a
warning when no publication date is known, a progress bar only on a terminal, `rasd schema`."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rasd
from rasd.cli import app

SRC = str(Path(__file__).parents[1] / "src")
# Our own sentences.
BAGHDAD = "قتل جنديان وأصيب ثلاثة آخرون في هجوم مسلح على حاجز أمني في مدينة الرمادي أمس."
TAIZ = "تظاهر مئات من الطلاب في مدينة تعز يوم الجمعة احتجاجا على انقطاع الرواتب."
runner = CliRunner()


def rasd_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real console entry point (`python -m rasd` runs `rasd.cli:main`, as the script does)."""
    env = {**os.environ, "PYTHONPATH": SRC}
    env.pop("RASD_DB", None)
    return subprocess.run([sys.executable, "-m", "rasd", *args], capture_output=True, text=True, cwd=cwd,
                          input=stdin, env=env, timeout=240)


def test_version():
    res = rasd_cli("--version")
    assert res.returncode == 0
    assert res.stdout.strip() == f"rasd {rasd.__version__}"


@pytest.mark.parametrize("args", [
    ["search", "قصف", "--from", "notadate"],
    ["search", "قصف", "--to", "2015-02-30"],
    ["export", "--from", "yesterday"],
    ["analyze", "x.txt", "--published", "20-07-2015"],
    ["analyze", "--no-such-option", "x.txt"],
    ["search"],
    ["serve", "--port", "eighty"],
])
def test_bad_arguments_answer_one_line_and_exit_2(tmp_path, args):
    res = rasd_cli(*args, cwd=tmp_path)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1, res.stderr
    assert res.stdout == ""
    assert list(tmp_path.iterdir()) == []  # nothing created on the way


@pytest.mark.parametrize("args", [["stats"], ["search", "قصف"], ["export", "-f", "acled-csv"]])
def test_read_only_commands_never_create_a_database(tmp_path, args):
    res = rasd_cli(*args, "--db", "typo.db", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip() == "rasd: no database at typo.db (--db); `rasd ingest` creates one"
    assert not (tmp_path / "typo.db").exists()
    default = rasd_cli(*args, cwd=tmp_path)  # neither the default ./rasd.db
    assert default.returncode == 2 and "no database at" in default.stderr
    assert list(tmp_path.iterdir()) == []


def test_schema_prints_the_shipped_json_schema():
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    assert json.loads(res.stdout) == rasd.json_schema()


def test_dash_reads_json_lines_from_stdin_and_writes_stdout():
    lines = "\n".join(json.dumps({"text": t, "id": i, "published": "2015-05-02"}, ensure_ascii=False)
                      for i, t in (("iq", BAGHDAD), ("ye", TAIZ))) + "\n"
    res = runner.invoke(app, ["analyze", "-", "-o", "-"], input=lines.encode("utf-8"))
    assert res.exit_code == 0, res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["doc"]["id"] for r in records] == ["iq", "ye"]
    assert records[0] == rasd.analyze(BAGHDAD, id="iq", published="2015-05-02")
    assert "warning" not in res.stderr


def test_dash_reads_a_text_from_stdin_with_the_options():
    res = runner.invoke(app, ["analyze", "-", "--published", "2015-05-02", "--id", "one"],
                        input=BAGHDAD.encode("utf-8"))
    assert res.exit_code == 0, res.stderr
    record = json.loads(res.stdout)  # one text: one indented JSON object
    assert record["doc"]["id"] == "one" and record["doc"]["published"] == "2015-05-02"
    assert record["text"].strip() == BAGHDAD


def test_warning_when_no_publication_date():
    res = runner.invoke(app, ["analyze", "-"], input=TAIZ.encode("utf-8"))
    assert res.exit_code == 0
    assert json.loads(res.stdout)["doc"]["published"] is None
    assert "warning: 1 article(s) without a publication date" in res.stderr


def test_progress_only_on_a_terminal(tmp_path):
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join(json.dumps({"text": t, "published": "2015-05-02"}, ensure_ascii=False)
                              for t in (BAGHDAD, TAIZ)) + "\n", encoding="utf-8")
    piped = runner.invoke(app, ["analyze", str(path)])
    assert piped.exit_code == 0 and piped.stderr == ""  # quiet when stderr is not a terminal
    main, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": SRC, "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "analyze", str(path), "-o", str(tmp_path / "out.jsonl")],
                            stderr=follower, stdout=subprocess.DEVNULL, env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.wait(timeout=240) == 0
    assert b"analysing" in seen and b"articles" in seen
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
