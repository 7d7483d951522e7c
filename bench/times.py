"""Arabic time expressions: rasd's `times` reader head to head with dateparser, plus component cost.

Runs the hand-written set `tests/data/times_ar.tsv` (each row: a sentence, its publication date,
the expected span and ISO value) through rasd's `find_times` and dateparser's `search_dates`
(languages=['ar'], PREFER_DATES_FROM='past', RELATIVE_BASE = the publication date) and prints
accuracy and expressions/s side by side: over every row, and over the calendar dates alone
(day/month/year values, which dateparser can express). puckling (a Duckling port) needs
Python >= 3.13 and is skipped when it is not importable.
Then times + numbers cost per real article (dev split of the SaudiNewsNet sample).

Install the comparison: `pip install -e '.[bench]'`.  Usage: python bench/times.py [--articles 200]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "times_ar.tsv"
NEWS = ROOT.parent / "shared" / "data" / "news" / "saudinewsnet_syria_sample.jsonl"
CALENDAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
HARD = ("السادس والعشرين من نيسان الماضي", "21 آب 2013", "تشرين الأول 2016", "نيسان الماضي", "منتصف آب")


def rows() -> list[dict[str, str]]:
    lines = [ln for ln in DATA.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r for r in out if r["span"] != "-" and r["published"] != "-" and r["value"] != "null"]


def fold(s: str) -> str:
    from rasd.text.keys import canonical_key as f

    return re.sub(r"\s+", " ", f(s).replace("ـ", "")).strip()


def related(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return bool(a and b) and (a in b or b in a)


def rasd_found(sentence: str, pub: dt.date) -> list[tuple[str, str | None]]:
    from rasd.extract.times import find_times
    from rasd.text.clean import clean

    text = clean(sentence).text
    return [(text[h.start : h.end], h.value) for h in find_times(text, pub)]


def at_precision(value: dt.datetime, expected: str) -> str:
    return value.strftime({4: "%Y", 7: "%Y-%m"}.get(len(expected), "%Y-%m-%d"))


def dateparser_found(sentence: str, pub: dt.date) -> list[tuple[str, dt.datetime]]:
    from dateparser.search import search_dates

    base = dt.datetime(pub.year, pub.month, pub.day, 12, 0)
    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base}
    return search_dates(sentence, languages=["ar"], settings=settings) or []


def score(name: str, run: Callable, ok: Callable, data: list[dict[str, str]]) -> dict[str, float]:
    started = time.process_time()
    results = [run(r["sentence"], dt.date.fromisoformat(r["published"])) for r in data]
    elapsed = time.process_time() - started
    good = [ok(r, found) for r, found in zip(data, results, strict=True)]
    cal = [g for r, g in zip(data, good, strict=True) if CALENDAR.match(r["value"])]
    hard = {h: next((g for r, g in zip(data, good, strict=True) if r["span"] == h), None) for h in HARD}
    return {"name": name, "acc": sum(good) / len(good), "acc_calendar": sum(cal) / len(cal),
            "per_s": len(data) / elapsed, "n": len(good), "n_cal": len(cal), "hard": hard}


def rasd_ok(row: dict[str, str], found) -> bool:
    return any(related(text, row["span"]) and value == row["value"] for text, value in found)


def dateparser_ok(row: dict[str, str], found) -> bool:
    if not CALENDAR.match(row["value"]):
        return False  # durations, weeks, seasons, ranges, clock times: no way to express them
    return any(related(text, row["span"]) and at_precision(value, row["value"]) == row["value"]
               for text, value in found)


def component_cost(n: int) -> None:
    """CPU ms per article for times + numbers on real dev articles (process time: fair on a busy machine)."""
    if not NEWS.exists():
        print("(shared news sample absent: component cost skipped)")
        return
    from rasd.extract.numbers import find_numbers
    from rasd.extract.times import find_times
    from rasd.text.clean import clean

    arts = [json.loads(line) for line in NEWS.open(encoding="utf-8")]
    arts = [a for a in arts if a.get("split") == "dev"][:n]
    texts = [(clean(a["title"] + "\n\n" + a["text"]).text, dt.date.fromisoformat(a["date"][:10])) for a in arts]
    chars = sum(len(t) for t, _ in texts)
    started = time.process_time()
    n_times = n_nums = 0
    for text, pub in texts:
        hits = find_times(text, pub)
        nums = find_numbers(text, [(h.start, h.end) for h in hits])
        n_times += len(hits)
        n_nums += len(nums)
    elapsed = time.process_time() - started
    print(f"\ncomponent cost on {len(texts)} dev articles (mean {chars / len(texts):.0f} chars): "
          f"{1000 * elapsed / len(texts):.2f} CPU ms/article for times+numbers "
          f"({n_times / len(texts):.1f} times, {n_nums / len(texts):.1f} quantities per article)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    args = ap.parse_args()
    data = rows()
    rasd_found("اليوم", dt.date(2019, 8, 19))  # load tables before timing
    results = [score("rasd", rasd_found, rasd_ok, data)]
    try:
        dateparser_found("اليوم", dt.date(2019, 8, 19))
        results.append(score("dateparser", dateparser_found, dateparser_ok, data))
    except ImportError:
        print("(dateparser not installed: pip install -e '.[bench]')")
    try:
        import puckling  # noqa: F401  (Python >= 3.13 only)

        print("(puckling is importable but its comparison is not wired yet)")
    except ImportError:
        print("(puckling not available on this Python: skipped)")
    print(f"\n{'system':<12} {'acc all':>8} {'acc dates':>10} {'expr/s':>9}   (n={data and len(data)}, "
          f"calendar dates n={results[0]['n_cal']})")
    for r in results:
        print(f"{r['name']:<12} {r['acc']:>8.3f} {r['acc_calendar']:>10.3f} {r['per_s']:>9.0f}")
    print("\nhard cases (found with the right value?):")
    for h in HARD:
        print(f"  {h:<36} " + "  ".join(f"{r['name']}={'yes' if r['hard'][h] else 'no'}" for r in results))
    component_cost(args.articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
