#!/usr/bin/env python3
"""Score rasd on the development gold set (hand-annotated dev articles kept outside the repo).

Usage:
  scripts/score_dev.py                      # analyse GOLD/articles.jsonl, print the scorecard
  scripts/score_dev.py --details            # ... plus, per article, misses (FN) and false positives (FP)
  scripts/score_dev.py --details --only events,places --article snn-72e05b5de44f
  scripts/score_dev.py --system /tmp/dev.jsonl --details   # re-score an existing output, no analysis

The gold folder (default /work/devgold, or --gold) holds one gold JSON per article
(format: /work/shared/eval/GOLD.md) and articles.jsonl with the same articles as rasd input
lines. The gold files quote real newspaper text, so they are never committed to the repo.
The scorecard comes from the external scorer (/work/shared/eval/score.py), unchanged; the
--details listing re-uses that scorer's own matching functions, so a line listed as FN/FP is
exactly an item the scorer counted as missed / unmatched.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = Path("/work/devgold")
DEFAULT_SCORER = Path("/work/shared/eval/score.py")
COMPONENTS = ("quotes", "events", "places", "times", "quantities", "boilerplate", "obfuscations")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("rasd_external_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def short(s: str | None, n: int = 90) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def run_rasd(articles: Path, out: Path) -> None:
    exe = REPO / ".venv" / "bin" / "rasd"
    cmd = ["nice", "-n", "10", str(exe), "analyze", str(articles), "-o", str(out)]
    print("+", " ".join(cmd), file=sys.stderr, flush=True)
    r = subprocess.run(cmd, cwd=REPO)
    if r.returncode != 0:
        sys.exit(f"rasd analyze failed (exit {r.returncode})")


# ---------------------------------------------------------------- details

def quote_details(S, g: dict, rec: dict) -> list[str]:
    lines = []
    sysq = rec.get("quotes", [])
    used: set[int] = set()
    for gq in g.get("quotes", []):
        key = S.norm(gq["contains"])
        m = next((i for i, q in enumerate(sysq) if i not in used and key in S.norm(S.span_text(rec, q))), None)
        if m is not None:
            used.add(m)
        opt = " (optional)" if gq.get("optional") else ""
        if m is None:
            if not gq.get("optional"):
                lines.append(f"  FN quote [{gq.get('kind')}] {'/'.join(gq['speaker'])} ← «{short(gq['contains'], 70)}» cue={gq.get('cue')}")
            continue
        q = sysq[m]
        spk = S.speaker_strings(rec, q)
        if not gq.get("optional") and not S.any_related(gq["speaker"], spk):
            lines.append(f"  SPEAKER quote «{short(gq['contains'], 50)}»: gold {'/'.join(gq['speaker'])} | system «{short(spk, 40) or '∅'}»")
        if not gq.get("optional") and q.get("stance") not in gq.get("stance", [q.get("stance")]):
            lines.append(f"  STANCE  quote «{short(gq['contains'], 50)}»: gold {gq['stance']} | system {q.get('stance')}{opt}")
        if gq.get("via") and not gq.get("optional"):
            vias = " ".join(v.get("text", "") for v in q.get("via") or [])
            if not all(S.related(a, vias) or S.norm(a) in S.norm(vias) for a in gq["via"]):
                lines.append(f"  VIA     quote «{short(gq['contains'], 50)}»: gold {gq['via']} | system «{vias or '∅'}»")
    for q in sysq:
        span = S.span_text(rec, q)
        if not any(S.norm(gq["contains"]) in S.norm(span) for gq in g.get("quotes", [])):
            lines.append(f"  FP quote [{q.get('kind')}] {short(S.speaker_strings(rec, q), 30) or '∅'} ← «{short(span, 80)}»"
                         f" cue={(q.get('cue') or {}).get('text')}")
    return lines


def event_desc(ev: dict) -> str:
    loc = ev.get("location") or {}
    a1 = (ev.get("actor1") or {}).get("text")
    a2 = (ev.get("actor2") or {}).get("text")
    return (f"{ev.get('event_type')}/{ev.get('sub_event_type')} {ev.get('date')} @ {loc.get('name_ar') or loc.get('name')}"
            f" ({loc.get('admin1')}) a1={short(a1, 25)} a2={short(a2, 25)} fat={ev.get('fatalities')} inj={ev.get('injured')}")


def evidence(rec: dict, ev: dict) -> str:
    text = rec.get("text", "")
    ev_spans = ev.get("evidence") or []
    if not ev_spans:
        return ""
    s, e = ev_spans[0].get("start", 0), ev_spans[0].get("end", 0)
    return short(text[s:e], 110)


def event_details(S, g: dict, rec: dict) -> list[str]:
    lines = []
    evs = rec.get("events", [])
    used: set[int] = set()
    for ge in g.get("events", []):
        m = next((i for i, ev in enumerate(evs) if i not in used and S.event_matches(ge, rec, ev)), None)
        if m is not None:
            used.add(m)
        if ge.get("optional"):
            continue
        gdesc = f"{ge['event_type']}/{ge.get('sub_event_type')} {ge.get('date')} @ {'/'.join(ge.get('location_text_any', []))}"
        if m is None:
            near = [ev for ev in evs if ev.get("event_type") == ge["event_type"]]
            hint = ""
            if near:
                hint = " | same-type system events: " + "; ".join(
                    f"{ev.get('date')} @ {(ev.get('location') or {}).get('name_ar') or (ev.get('location') or {}).get('name')}" for ev in near[:3])
            lines.append(f"  FN event {gdesc} fat={ge.get('fatalities', '-')}{hint}")
            continue
        ev = evs[m]
        bad = []
        if ge.get("sub_event_type") and ev.get("sub_event_type") != ge["sub_event_type"]:
            bad.append(f"sub {ev.get('sub_event_type')}≠{ge['sub_event_type']}")
        if "fatalities" in ge and ev.get("fatalities") != ge["fatalities"]:
            bad.append(f"fatalities {ev.get('fatalities')}≠{ge['fatalities']}")
        if "injured" in ge and ev.get("injured") != ge["injured"]:
            bad.append(f"injured {ev.get('injured')}≠{ge['injured']}")
        actors = S.actor_text(ev, "actor1") + " " + S.actor_text(ev, "actor2")
        for key in ("actor1_any", "actor2_any"):
            if ge.get(key) and not (S.any_related(ge[key], actors) or any(S.norm(a) in S.norm(actors) for a in ge[key])):
                bad.append(f"{key[:6]} none of {ge[key][:3]} in «{short(actors, 40)}»")
        if ge.get("source_any"):
            src = (ev.get("source") or {}).get("text", "")
            if not S.any_related(ge["source_any"], src):
                bad.append(f"source «{src or '∅'}»≠{ge['source_any'][:2]}")
        if bad:
            lines.append(f"  ATTR event {gdesc}: " + "; ".join(bad))
    for ev in evs:
        if not any(S.event_matches(ge, rec, ev) for ge in g.get("events", [])):
            lines.append(f"  FP event {event_desc(ev)}\n       ⟵ «{evidence(rec, ev)}»")
    return lines


def place_details(S, g: dict, rec: dict) -> list[str]:
    lines = []
    places = rec.get("places", [])
    for gp in g.get("places", []):
        if gp.get("optional"):
            continue
        if any(S.related(gp["text"], S.span_text(rec, p)) and S.place_ok(gp, p) for p in places):
            continue
        cands = [p for p in places if S.related(gp["text"], S.span_text(rec, p))]
        where = gp.get("country") or (f"{gp.get('lat')},{gp.get('lon')}±{gp.get('tolerance_km', 10)}km" if "lat" in gp else "")
        hint = ""
        if cands:
            p = cands[0]
            hint = f" | resolved as {p.get('name')} gn={p.get('geonameid')} {p.get('country')} {p.get('feature')} ({p.get('lat')},{p.get('lon')})"
        else:
            hint = " | not detected"
        lines.append(f"  FN place «{gp['text']}» {where}{hint}")
    forms: dict[str, dict] = {}
    for p in places:
        forms.setdefault(S.norm(S.span_text(rec, p)), p)
    for form, p in forms.items():
        if not any(S.related(gp["text"], form) and S.place_ok(gp, p) for gp in g.get("places", [])):
            lines.append(f"  FP place «{S.span_text(rec, p)}» → {p.get('name')} gn={p.get('geonameid')} {p.get('country')}"
                         f" {p.get('feature')} ({p.get('lat')},{p.get('lon')})")
    return lines


def time_details(S, g: dict, rec: dict) -> list[str]:
    lines = []
    times = [x for x in rec.get("times", []) if x.get("value")]
    for gt in g.get("times", []):
        if gt.get("optional"):
            continue
        if any(x["value"] == gt["value"] and S.related(gt["text"], S.span_text(rec, x)) for x in times):
            continue
        cands = [x for x in rec.get("times", []) if S.related(gt["text"], S.span_text(rec, x))]
        hint = (" | system: " + ", ".join(f"«{S.span_text(rec, x)}»={x.get('value')}" for x in cands[:3])) if cands else " | not detected"
        lines.append(f"  FN time «{gt['text']}»={gt['value']}{hint}")
    for x in times:
        if not any(x["value"] == gt["value"] and S.related(gt["text"], S.span_text(rec, x)) for gt in g.get("times", [])):
            lines.append(f"  FP time «{S.span_text(rec, x)}»={x['value']}")
    return lines


def simple_details(S, g: dict, rec: dict, kind: str) -> list[str]:
    lines = []
    text = rec.get("text", "")
    if kind == "quantities":
        for gq in g.get("quantities", []):
            if gq.get("optional"):
                continue
            if not any(q.get("value") == gq["value"] and S.related(gq["text"], S.span_text(rec, q)) for q in rec.get("quantities", [])):
                cands = [q for q in rec.get("quantities", []) if S.related(gq["text"], S.span_text(rec, q))]
                hint = (" | system: " + ", ".join(f"«{S.span_text(rec, q)}»={q.get('value')}" for q in cands[:3])) if cands else ""
                lines.append(f"  FN quantity «{gq['text']}»={gq['value']}{hint}")
    elif kind == "obfuscations":
        for go in g.get("obfuscations", []):
            if not any(c.get("original") == go["original"] and S.norm(c.get("canonical")) == S.norm(go["canonical"])
                       for c in rec.get("cleaned", [])):
                lines.append(f"  FN obfuscation «{go['original']}»→{go['canonical']}")
    elif kind == "boilerplate":
        for gb in g.get("boilerplate", []):
            s = text.find(gb["text"])
            e = s + len(gb["text"])
            if s < 0 or not any(b.get("start", 0) < e and b.get("end", 0) > s for b in rec.get("boilerplate", [])):
                lines.append(f"  FN boilerplate [{gb.get('kind')}] «{short(gb['text'], 70)}»")
            spans = list(rec.get("quotes", [])) + [x for ev in rec.get("events", []) for x in ev.get("evidence", [])]
            if s >= 0 and any(x.get("start", 0) < e and x.get("end", 0) > s for x in spans):
                lines.append(f"  LEAK boilerplate «{short(gb['text'], 50)}» overlaps a quote or event evidence")
    return lines


def print_details(S, golds: list[dict], systems: list[dict], only: set[str]) -> None:
    by_id = {s.get("doc", {}).get("id"): s for s in systems}
    for g in golds:
        rec = by_id.get(g["id"])
        title = short(g.get("title"), 70)
        print(f"\n=== {g['id']} [{g.get('source')}] {g.get('published')} {title}")
        if rec is None:
            print("  (no system record for this article)")
            continue
        for comp, fn in (("quotes", quote_details), ("events", event_details), ("places", place_details), ("times", time_details)):
            if comp in only:
                for line in fn(S, g, rec):
                    print(line)
        for comp in ("quantities", "obfuscations", "boilerplate"):
            if comp in only:
                for line in simple_details(S, g, rec, comp):
                    print(line)
        if rec.get("warnings"):
            print(f"  warnings: {short(json.dumps(rec['warnings'], ensure_ascii=False), 150)}")


# ---------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder (default /work/devgold)")
    ap.add_argument("--articles", type=Path, help="rasd input lines (default GOLD/articles.jsonl)")
    ap.add_argument("--system", type=Path, help="score this existing rasd output instead of running rasd")
    ap.add_argument("-o", "--out", type=Path, help="where rasd writes its output (default: a fresh file in /tmp, kept)")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--details", action="store_true", help="per article: false negatives and false positives per component")
    ap.add_argument("--only", default=",".join(COMPONENTS), help="components for --details (comma list)")
    ap.add_argument("--article", action="append", default=[], help="restrict to this article id (repeatable)")
    ap.add_argument("--json", action="store_true", help="print the scorer's JSON summary instead of the table")
    args = ap.parse_args(argv)

    gold_dir: Path = args.gold
    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        print(f"score_dev: no development gold set at {gold_dir} (expected <id>.json gold files and articles.jsonl); "
              f"nothing to score. Use --gold DIR to point elsewhere.", file=sys.stderr)
        return 0
    if not args.scorer.exists():
        print(f"score_dev: external scorer not found at {args.scorer}", file=sys.stderr)
        return 0
    S = load_scorer(args.scorer)

    gold_files = sorted(gold_dir.glob("*.json"))
    if args.article:
        gold_files = [p for p in gold_files if p.stem in set(args.article)]
        if not gold_files:
            print(f"score_dev: none of {args.article} in {gold_dir}", file=sys.stderr)
            return 0
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in gold_files]
    ids = {g["id"] for g in golds}

    tmp = Path(tempfile.mkdtemp(prefix="score_dev_"))
    try:
        if args.system:
            system_path = args.system
        else:
            articles = args.articles or gold_dir / "articles.jsonl"
            if not articles.exists():
                print(f"score_dev: {articles} not found (rasd input lines for the gold articles)", file=sys.stderr)
                return 0
            lines = [l for l in articles.read_text(encoding="utf-8").splitlines()
                     if l.strip() and json.loads(l).get("id") in ids]
            subset = tmp / "articles.jsonl"
            subset.write_text("\n".join(lines) + "\n", encoding="utf-8")
            system_path = args.out or Path(tempfile.mkstemp(prefix="rasd_dev_", suffix=".jsonl", dir="/tmp")[1])
            run_rasd(subset, system_path)
            print(f"system output: {system_path}", file=sys.stderr)

        gold_sub = tmp / "gold"
        gold_sub.mkdir()
        for p in gold_files:
            shutil.copy(p, gold_sub / p.name)
        cmd = [sys.executable, str(args.scorer), str(gold_sub), str(system_path)] + (["--json"] if args.json else [])
        r = subprocess.run(cmd, capture_output=True, text=True)
        sys.stdout.write(r.stdout)
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            return r.returncode

        if args.details:
            systems = S.load_records(system_path)
            only = {c.strip() for c in args.only.split(",") if c.strip()}
            print_details(S, golds, systems, only)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
