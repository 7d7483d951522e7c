#!/usr/bin/env python3
"""Third-party check: does rasd find an event of the right ACLED family in each PLOVER gold sentence?

Evaluation only. The UniversalPetrarch validation sentences (MIT, Open Event Data Alliance) are
never read for rules: this script prints only counts, never the sentences.

    python scripts/score_plover.py [--shared ../shared]

ASSAULT sentences count as found when rasd codes Violence against civilians, Battles or
Explosions/Remote violence; PROTEST sentences when it codes Protests or Riots. The XML files are
read with a tolerant pattern because the protest file is truncated mid-element.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

FAMILIES = {
    "assault": ("arabic_assault_gsr_validation.xml",
                {"Violence against civilians", "Battles", "Explosions/Remote violence"}),
    "protest": ("arabic_protest_gsr_validation.xml", {"Protests", "Riots"}),
}
SENTENCE = re.compile(r'<Sentence\b([^>]*)>.*?<Text>\s*(.*?)\s*</Text>', re.S)
DATE = re.compile(r'\bdate="(\d{8})"')


def sentences(path: Path) -> list[tuple[str, str | None]]:
    """(text, published ISO day or None) for every sentence whose <Text> is complete."""
    out = []
    for m in SENTENCE.finditer(path.read_text(encoding="utf-8")):
        d = DATE.search(m.group(1))
        day = f"{d.group(1)[:4]}-{d.group(1)[4:6]}-{d.group(1)[6:]}" if d else None
        out.append((html.unescape(m.group(2)), day))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    args = ap.parse_args()
    import rasd

    folder = args.shared / "data" / "universalpetrarch_ar"
    for family, (name, wanted) in FAMILIES.items():
        rows = sentences(folder / name)
        found = failed = 0
        t0 = time.process_time()
        for text, day in rows:
            try:
                rec = rasd.analyze(text, published=day)
            except Exception:  # counted, never hidden: a failure is a miss
                failed += 1
                continue
            found += any(ev.get("event_type") in wanted for ev in rec.get("events", []))
        cpu = time.process_time() - t0
        print(f"{family:8s} sentences={len(rows):4d} found={found:4d} recall={found / max(len(rows), 1):.3f} "
              f"errors={failed} cpu={cpu:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
