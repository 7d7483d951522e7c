#!/usr/bin/env python3
"""Committed, reproducible dev gold sets: newspaper text replaced by offsets, rebuilt on demand.

Usage:
  scripts/dev_gold.py pack SRC_FOLDER DEST_FOLDER [--shared ../shared]
  scripts/dev_gold.py build DEST [--dev dev] [--shared ../shared]

The hand-made gold files (format: shared/eval/GOLD.md) quote the articles they annotate, and the
project never copies outside text into the repository. `pack` turns each SRC_FOLDER/<id>.json
into a committed form: every string that occurs verbatim in the article's record text (a quote's
`contains`, a place's or time's `text`, speaker and actor aliases, location words, boilerplate,
the title...) becomes {"span": [start, end]}, code-point offsets into that text, while codes and
the annotator's own words (event types, dates, ISO values, admin1 names, notes) stay as they are.
An annotator's note keeps its own words; the article words it cites become placeholders for spans.
The record text is the one rasd analyses: the corpus title, a blank line, the body, composed by
rasd.article.Article.build; its SHA-256 is kept beside the spans, so a changed corpus or a changed
composition makes `build` fail loudly instead of producing shifted text.

`build` reads every set DEV/<set>/*.json, looks the articles up in the SaudiNewsNet files under
SHARED/data/news, and writes DEST/<set>/<id>.json (equal to the original gold) and
DEST/<set>/articles.jsonl (rasd input lines, as /work/devgold/make_articles.py writes them).
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPORA = ("data/news/saudinewsnet_unlabeled.jsonl.gz", "data/news/saudinewsnet_syria_sample.jsonl")
# Keys whose values are codes or the annotator's own words, never article text: kept as they are
# even when the same characters happen to occur in the article (a year, a number).
KEEP_KEYS = frozenset({
    "id", "file", "published", "source", "kind", "stance", "event_type", "sub_event_type", "date",
    "value", "unit", "note", "admin1_any", "geonameid_any", "country", "canonical",
})
TEXT_KEY = "_text"  # {"sha256": ..., "length": ...} of the record text the spans point into
# Folding for the near-verbatim case (an annotator typed أ for ا, dropped a shadda or a comma):
# the string is then stored as the span of its folded match plus the few characters that differ.
_DROP = re.compile("[\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# An annotator's note may cite the article ("dated by 'أمس'"): its Arabic runs that occur in the
# text become ⟦n⟧ placeholders for spans, {"template": ..., "spans": [[s, e], ...]}.
NOTE_KEYS = frozenset({"note"})
_ARABIC_RUN = re.compile("[\u0600-\u06FF]+(?:[ \u00A0\\-–/]+[\u0600-\u06FF]+)*")
_MARK = re.compile("⟦(\\d+)⟧")


class DevGoldError(Exception):
    """A gold file or the corpus does not fit: reported, never papered over."""


def record_text(article: dict) -> str:
    """The text rasd analyses for a corpus article (title, blank line, body)."""
    src = str(REPO / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    from rasd.article import Article

    return Article.build(article.get("text") or "", title=article.get("title")).text


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_corpus(shared: Path, ids: set[str]) -> dict[str, dict]:
    """The corpus records with these ids, from the SaudiNewsNet files under SHARED."""
    found: dict[str, dict] = {}
    for rel in CORPORA:
        path = shared / rel
        if not path.exists():
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec.get("id") in ids:
                    found[rec["id"]] = rec
    missing = sorted(ids - found.keys())
    if missing:
        raise DevGoldError(f"{len(missing)} article(s) not found under {shared}/data/news: {', '.join(missing[:5])}")
    return found


def _fold_char(c: str) -> str:
    if _DROP.match(c):
        return ""
    if c.isspace():
        return " "
    if unicodedata.category(c)[0] in "PS":
        return ""
    return c.translate(_FOLD)


def folded(text: str) -> tuple[str, list[int]]:
    """`text` folded (diacritics, tatweel, punctuation dropped; alef/ya/ta marbuta forms merged;
    spaces collapsed), with the index in `text` of every folded character."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        f = _fold_char(c)
        if not f or (f == " " and (not out or out[-1] == " ")):
            continue
        out.append(f)
        where.append(i)
    return "".join(out), where


def find_span(value: str, text: str, text_folded: tuple[str, list[int]]) -> dict | None:
    """{"span": [s, e]} when `value` is in `text`; when only its folded form is, the span of that
    match and "edit": [[i, j, chars], ...], the replacements (in the span's coordinates) that turn
    the text slice into `value` exactly; None when it is not in the text at all."""
    start = text.find(value)
    if start >= 0:
        return {"span": [start, start + len(value)]}
    fv = folded(value)[0].strip()
    ft, where = text_folded
    pos = ft.find(fv) if fv else -1
    if pos < 0:
        return None
    s, e = where[pos], where[pos + len(fv) - 1] + 1
    piece = text[s:e]
    ops = difflib.SequenceMatcher(None, piece, value, autojunk=False).get_opcodes()
    return {"span": [s, e], "edit": [[i1, i2, value[j1:j2]] for tag, i1, i2, j1, j2 in ops if tag != "equal"]}


def _pack_note(note: str, text: str, kept: list[str]) -> Any:
    """A note with the article words it cites replaced by placeholders for their spans."""
    if "⟦" in note:
        raise DevGoldError(f"a note may not contain '⟦': {note}")
    spans: list[list[int]] = []

    def cite(m: re.Match) -> str:
        start = text.find(m.group(0))
        if start < 0:
            kept.append(f"note: {m.group(0)}")
            return m.group(0)
        spans.append([start, start + len(m.group(0))])
        return f"⟦{len(spans) - 1}⟧"

    template = _ARABIC_RUN.sub(cite, note)
    return {"template": template, "spans": spans} if spans else note


def _pack_value(value: Any, text: str, key: str | None, kept: list[str], tf: tuple[str, list[int]]) -> Any:
    if isinstance(value, dict):
        return {k: _pack_value(v, text, k, kept, tf) for k, v in value.items()}
    if isinstance(value, list):
        return [_pack_value(v, text, key, kept, tf) for v in value]
    if isinstance(value, str) and key in NOTE_KEYS:
        return _pack_note(value, text, kept)
    if isinstance(value, str) and value and key not in KEEP_KEYS:
        span = find_span(value, text, tf)
        if span is not None:
            return span
        kept.append(f"{key}: {value}")
    return value


def _slice(span: Any, text: str) -> str:
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
            and 0 <= span[0] <= span[1] <= len(text)):
        raise DevGoldError(f"span {span} outside the record text ({len(text)} chars)")
    return text[span[0]:span[1]]


def _unpack_value(value: Any, text: str) -> Any:
    if isinstance(value, dict):
        if set(value) == {"template", "spans"}:
            pieces = [_slice(sp, text) for sp in value["spans"]]
            return _MARK.sub(lambda m: pieces[int(m.group(1))], value["template"])
        if "span" in value and set(value) <= {"span", "edit"}:
            piece = _slice(value["span"], text)
            for i, j, chars in reversed(value.get("edit", [])):
                piece = piece[:i] + chars + piece[j:]
            return piece
        return {k: _unpack_value(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_unpack_value(v, text) for v in value]
    return value


def pack_gold(gold: dict, text: str) -> tuple[dict, list[str]]:
    """The committed form of one gold record, and the strings kept literally (for review)."""
    if TEXT_KEY in gold:
        raise DevGoldError(f"{gold.get('id')}: a gold file may not use the key {TEXT_KEY!r}")
    kept: list[str] = []
    packed = _pack_value(gold, text, None, kept, folded(text))
    packed[TEXT_KEY] = {"sha256": text_digest(text), "length": len(text)}
    if unpack_gold(packed, text) != gold:  # the committed form must give the gold back exactly
        raise DevGoldError(f"{gold.get('id')}: pack does not round-trip")
    return packed, kept


def unpack_gold(packed: dict, text: str) -> dict:
    """The original gold record from its committed form and the article's record text."""
    meta = packed.get(TEXT_KEY) or {}
    if meta.get("sha256") != text_digest(text):
        raise DevGoldError(f"{packed.get('id')}: the record text differs from the one the spans were made on "
                           f"(corpus or rasd.article.Article.build changed): re-pack from the original gold")
    return _unpack_value({k: v for k, v in packed.items() if k != TEXT_KEY}, text)


def input_line(article: dict, gold: dict) -> dict:
    """The rasd input line of a gold article (same fields and order as devgold/make_articles.py)."""
    return {"id": article["id"], "text": article["text"], "title": article.get("title"),
            "source": article.get("source"), "url": article.get("url"),
            "published": gold.get("published") or article["date"][:10]}


def dump(obj: dict) -> str:
    """One item per line for lists of objects: small diffs, readable reviews."""
    lines = ["{"]
    items = list(obj.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            lines.append(f"  {json.dumps(key)}: [")
            last = len(value) - 1
            lines += [f"    {json.dumps(v, ensure_ascii=False)}{',' if j < last else ''}" for j, v in enumerate(value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"


def pack(src: Path, dest: Path, shared: Path) -> int:
    golds = {p: json.loads(p.read_text(encoding="utf-8")) for p in sorted(src.glob("*.json"))}
    if not golds:
        raise DevGoldError(f"no gold files in {src}")
    corpus = load_corpus(shared, {g["id"] for g in golds.values()})
    dest.mkdir(parents=True, exist_ok=True)
    for path, gold in golds.items():
        packed, kept = pack_gold(gold, record_text(corpus[gold["id"]]))
        (dest / path.name).write_text(dump(packed), encoding="utf-8")
        for k in kept:
            print(f"{path.name}: kept as written (not verbatim in the text) {k}", file=sys.stderr)
    print(f"packed {len(golds)} gold files from {src} into {dest}")
    return 0


def build(dest: Path, dev: Path, shared: Path) -> int:
    sets = sorted(p for p in dev.iterdir() if p.is_dir() and any(p.glob("*.json"))) if dev.is_dir() else []
    if not sets:
        raise DevGoldError(f"no dev sets under {dev}")
    for folder in sets:
        packed = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
        corpus = load_corpus(shared, {g["id"] for g in packed})
        out = dest / folder.name
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob("*.json"):
            stale.unlink()
        rows = []
        for p in packed:
            article = corpus[p["id"]]
            gold = unpack_gold(p, record_text(article))
            (out / f"{gold['id']}.json").write_text(dump(gold), encoding="utf-8")
            rows.append(input_line(article, gold))
        with open(out / "articles.jsonl", "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{out}: {len(rows)} articles")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="gold files -> committed form (text replaced by spans)")
    p.add_argument("src", type=Path)
    p.add_argument("dest", type=Path)
    p.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    b = sub.add_parser("build", help="committed dev sets -> gold files + rasd input lines")
    b.add_argument("dest", type=Path)
    b.add_argument("--dev", type=Path, default=REPO / "dev")
    b.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = ap.parse_args(argv)
    try:
        if args.command == "pack":
            return pack(args.src, args.dest, args.shared)
        return build(args.dest, args.dev, args.shared)
    except DevGoldError as err:
        print(f"dev_gold: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
