"""Score incident fusion against the incident dev set (dev/incidents/gold.jsonl).

  scripts/score_incidents.py                                  # analyse the dev split, ingest, score
  scripts/score_incidents.py --records build/dev/incidents.analysis.jsonl --details

The dev split of ../shared/data/news/saudinewsnet_syria_sample.jsonl (278 articles; the heldout
split is never read) is analysed by rasd, stored in a fresh SQLite database (so fusion runs exactly
as on ingest), and every gold report is found among the stored reports by article, span, event type
and location (rasd may renumber an article's events), else by article and event id when its
evidence still covers the gold span (`match`). Printed:
pairwise precision / recall / F1 over the pairs of matched reports (two reports are a pair when
they are one incident), B-cubed precision / recall / F1, and the rows before and after fusion.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "data/news/saudinewsnet_syria_sample.jsonl"


def dev_articles(shared: Path, out: Path) -> Path:
    """The dev split as rasd's JSON Lines input (the heldout split is skipped, never written)."""
    with (shared / SAMPLE).open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip() and json.loads(line).get("split") == "dev":
                dst.write(line)
    return out


def analyse(articles: Path, out: Path) -> None:
    exe = Path(sys.executable).with_name("rasd")
    r = subprocess.run(["nice", "-n", "10", str(exe), "analyze", str(articles), "-o", str(out)], check=False)
    if r.returncode not in (0, 1):
        sys.exit(f"rasd analyze failed (exit {r.returncode})")


def stored_reports(records: Path, db: str) -> tuple[list[dict], dict]:
    from rasd.store import Store

    store = Store.open(db)
    with records.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                store.ingest(None, json.loads(line))
    reports, _ = store.events(limit=None, unit="report", background=True)
    summary = {
        "report_rows": store.events(limit=0, unit="report")[1],
        "incident_rows": store.events(limit=0)[1],
        **{k: v for k, v in store.stats().items() if k in ("incidents", "multi_report_incidents",
                                                            "disputed_incidents", "events")},
    }
    suruc = [r for r in store.events(limit=None)[0] if r["location"] == "Suruç" and r["event_date"] == "2015-07-20"]
    summary["suruc_2015_07_20"] = [{"id": r["event_id_cnty"], "reports": r["reports"], "sources": r["source"],
                                    "fatalities": r["fatalities"], "reported": r["fatalities_reported"]}
                                   for r in suruc]
    store.close()
    return reports, summary


def spans(evidence: str | None) -> list[tuple[int, int]]:
    out = []
    for part in (evidence or "").split(";"):
        if "-" in part:
            s, e = part.split("-", 1)
            out.append((int(s), int(e)))
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _covers(g: dict, r: dict) -> bool:
    return any(overlaps((g["start"], g["end"]), s) for s in spans(r["evidence"]))


def same_event(g: dict, r: dict) -> bool:
    """The stored report is the gold one: its evidence overlaps the gold span, same type and place."""
    return r["event_type"] == g["event_type"] and r["location"] == g["location"] and _covers(g, r)


def match(gold: list[dict], reports: list[dict]) -> dict[int, dict]:
    """gold index -> the stored report it is: the article's one report with the gold span, type and
    location (its own id first: rasd may have renumbered the article's events since the gold was
    written), else the report with the gold id whose evidence still covers the span (its place or
    type was read differently since)."""
    by_id = {(r["article_id"], r["event_id"]): r for r in reports}
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in reports:
        by_article[r["article_id"]].append(r)
    out = {}
    for i, g in enumerate(gold):
        same_id = by_id.get((g["article"], g["event"]))
        exact = [c for c in by_article[g["article"]] if same_event(g, c)]
        if same_id is not None and same_id in exact:
            out[i] = same_id
        elif len(exact) == 1:
            out[i] = exact[0]
        elif not exact and same_id is not None and _covers(g, same_id):
            out[i] = same_id
    return out


def pairwise(gold: list[str], system: list[str]) -> dict[str, float]:
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(gold)), 2):
        same_g, same_s = gold[i] == gold[j], system[i] == system[j]
        tp += same_g and same_s
        fp += same_s and not same_g
        fn += same_g and not same_s
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def bcubed(gold: list[str], system: list[str]) -> dict[str, float]:
    g_members: dict[str, set[int]] = defaultdict(set)
    s_members: dict[str, set[int]] = defaultdict(set)
    for i, (g, s) in enumerate(zip(gold, system, strict=True)):
        g_members[g].add(i)
        s_members[s].add(i)
    n = len(gold) or 1
    p = sum(len(g_members[g] & s_members[s]) / len(s_members[s]) for g, s in zip(gold, system, strict=True)) / n
    r = sum(len(g_members[g] & s_members[s]) / len(g_members[g]) for g, s in zip(gold, system, strict=True)) / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _report(r: dict) -> Any:
    from rasd.rows import event_row_from
    from rasd.store import fusion

    return fusion.Report(fusion.report_key(r["article_id"], r["event_id"]), event_row_from(r),
                         source=r.get("source"), published=r.get("published"))


def reason(a: dict, b: dict) -> str:
    """Why fusion kept two reports of one gold incident apart: the first pairwise rule that fails
    (`rasd.store.fusion.refusal`), with the day's difference spelled out; "clustering" when the
    pair is compatible but the clusters they went to are not (another member, or ambiguity)."""
    import datetime as dt

    from rasd.store import fusion

    why = fusion.refusal(_report(a), _report(b))
    if why is None:
        return "compatible pair, kept apart by clustering (another member or ambiguity)"
    if why == "day differs":
        if a.get("event_date") and b.get("event_date"):
            gap = abs((dt.date.fromisoformat(a["event_date"]) - dt.date.fromisoformat(b["event_date"])).days)
        else:
            gap = None
        imprecise = max(a.get("time_precision") or 1, b.get("time_precision") or 1) > 1
        why += f" ({'a day' if gap == 1 else f'{gap} days'}{', one date imprecise' if imprecise else ''})"
    return why


def print_reasons(gold: list[dict], rows: dict[int, dict], found: dict[int, str], verbose: bool = False) -> None:
    by_reason: dict[str, list[str]] = defaultdict(list)
    for i, j in itertools.combinations(sorted(rows), 2):
        if gold[i]["incident"] == gold[j]["incident"] and found[i] != found[j]:
            a, b = rows[i], rows[j]
            by_reason[reason(a, b)].append(f"{a['article_id']}/{a['event_id']} ~ {b['article_id']}/{b['event_id']} "
                                           f"[{gold[i]['incident']}]")
    unmatched = [g for k, g in enumerate(gold) if k not in rows]
    print(f"missed pairs by reason ({sum(map(len, by_reason.values()))}; gold reports not found: {len(unmatched)})")
    for why, pairs in sorted(by_reason.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        labels = Counter(p.rsplit("[", 1)[1].rstrip("]") for p in pairs)
        print(f"  {len(pairs):4d}  {why}  ({', '.join(f'{k} {v}' for k, v in labels.most_common())})")
        if verbose:
            for p in pairs:
                print(f"          {p}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=ROOT / "dev" / "incidents" / "gold.jsonl")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--records", type=Path, help="analyses of the dev split (made when missing)",
                    default=ROOT / "build" / "dev" / "incidents.analysis.jsonl")
    ap.add_argument("--details", action="store_true", help="list the wrong and the missed pairs")
    ap.add_argument("--reasons", action="store_true",
                    help="count the missed pairs by the rule that kept them apart (and list them)")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = ap.parse_args()
    if not args.records.exists():
        args.records.parent.mkdir(parents=True, exist_ok=True)
        analyse(dev_articles(args.shared, args.records.with_suffix(".articles.jsonl")), args.records)
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    os.environ.setdefault("RASD_SQLITE_SYNC", "normal")
    with tempfile.TemporaryDirectory(prefix="rasd-incidents-") as tmp:
        reports, summary = stored_reports(args.records, f"sqlite:///{tmp}/dev.db")
    rows = match(gold, reports)
    found = {i: r["incident_id"] for i, r in rows.items()}
    idx = sorted(found)
    g_labels, s_labels = [gold[i]["incident"] for i in idx], [found[i] for i in idx]
    result = {"gold_reports": len(gold), "matched": len(idx), "pairwise": pairwise(g_labels, s_labels),
              "bcubed": bcubed(g_labels, s_labels), **summary}
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        pw, b3 = result["pairwise"], result["bcubed"]
        print(f"gold reports {len(gold)}, matched to stored reports {len(idx)}")
        print(f"pairwise  P {pw['precision']:.3f}  R {pw['recall']:.3f}  F1 {pw['f1']:.3f}  "
              f"(tp {pw['tp']}, fp {pw['fp']}, fn {pw['fn']})")
        print(f"B-cubed   P {b3['precision']:.3f}  R {b3['recall']:.3f}  F1 {b3['f1']:.3f}")
        print(f"rows (news events, the export's default): {summary['report_rows']} reports -> "
              f"{summary['incident_rows']} incidents; all stored: {summary['events']} reports -> "
              f"{summary['incidents']} incidents, {summary['multi_report_incidents']} reported more than once, "
              f"{summary['disputed_incidents']} with disputed tolls")
        for r in summary["suruc_2015_07_20"]:
            print(f"Suruç 2015-07-20: {r['id']}: {r['reports']} reports, sources {r['sources']}, "
                  f"fatalities {r['fatalities']} (reported {r['reported']})")
    if args.reasons:
        print_reasons(gold, rows, found, verbose=args.details)
    if args.details:
        for i, j in itertools.combinations(idx, 2):
            same_g, same_s = gold[i]["incident"] == gold[j]["incident"], found[i] == found[j]
            if same_g != same_s:
                kind = "MISSED" if same_g else "WRONG "
                a, b = gold[i], gold[j]
                print(f"{kind} {a['article']}/{a['event']} ({a['location']}, {a['event_type']}) ~ "
                      f"{b['article']}/{b['event']} ({b['location']}, {b['event_type']}) [{a['incident']}]")


if __name__ == "__main__":
    main()
