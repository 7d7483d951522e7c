#!/usr/bin/env python3
"""How the blind dev set dev/regional2 was drawn (kept so the draw can be checked, not re-run).

Articles of SaudiNewsNet (unlabeled file) not in dev/regional or dev/syria, 500-1600 characters,
no Syria words in title or lead, one target country named in the title and a conflict word in
the title (or, for the two non-event picks, an economy word and no conflict word), drawn with a
fixed seed, never by looking at rasd output. Usage: scripts/dev_pick_regional2.py [SHARED]
"""
import gzip
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(sys.argv[1] if len(sys.argv) > 1 else REPO.parent / "shared")
excl = {p.stem for s in ("regional", "syria") for p in (REPO / "dev" / s).glob("*.json")}
COUNTRIES = {
 "YE": ("اليمن", "يمني", "صنعاء", "عدن", "تعز", "الحوثي"),
 "IQ": ("العراق", "عراقي", "بغداد", "الموصل", "الأنبار", "الرمادي"),
 "LY": ("ليبيا", "ليبي", "طرابلس", "بنغازي", "سرت"),
 "EG": ("مصر", "مصري", "سيناء", "القاهرة", "العريش"),
 "LB": ("لبنان", "لبناني", "بيروت", "عرسال"),
 "PS": ("فلسطين", "فلسطيني", "غزة", "الضفة", "القدس", "الاحتلال"),
 "SD": ("السودان", "سوداني", "دارفور", "الخرطوم"),
 "SO": ("الصومال", "صومالي", "مقديشو", "حركة الشباب"),
 "BH": ("البحرين", "بحريني", "المنامة"),
}
QUOTA = {"YE": 2, "IQ": 2, "LY": 2, "EG": 2, "LB": 1, "PS": 2, "SD": 1, "SO": 1, "BH": 1}
CONFLICT = ("قتل", "مقتل", "هجوم", "انفجار", "تفجير", "اشتباك", "غارة", "غارات", "قصف", "اعتقال", "مظاهر",
            "احتجاج", "مسلح", "استهداف", "إرهاب", "اغتيال", "معارك", "اقتحام", "قذائف", "عبوة", "داعش",
            "انتحاري", "مسيرة",
            "ضبط", "استشهاد", "شهداء", "جرحى", "إصابة", "مواجهات", "الإرهابي")
ECON = ("اقتصاد", "استثمار", "النفط", "الميزانية", "التجارة", "صادرات", "البورصة")
SYR = ("سوري", "سوريا", "دمشق", "حلب", "الأسد")
with gzip.open(SHARED / "data/news/saudinewsnet_unlabeled.jsonl.gz", "rt") as fh:
    rows = [json.loads(line) for line in fh]
rng = random.Random(20261202)
pools: dict[str, list] = {c: [] for c in QUOTA}
econ = []
for r in rows:
    if r["id"] in excl or not (500 <= len(r["text"]) <= 1600):
        continue
    t = r["title"] + " " + r["text"][:300]
    if any(s in t for s in SYR):
        continue
    hits = [c for c, ks in COUNTRIES.items() if any(k in r["title"] for k in ks)]
    if len(hits) == 1 and any(k in r["title"] for k in CONFLICT):
        pools[hits[0]].append(r)
    elif len(hits) == 1 and any(k in r["title"] for k in ECON) and not any(k in t for k in CONFLICT):
        econ.append(r)
pick = []
for c in QUOTA:
    pool = sorted(pools[c], key=lambda r: r["id"])
    pick += [(c, r) for r in rng.sample(pool, QUOTA[c])]
pick += [("econ", r) for r in rng.sample(sorted(econ, key=lambda r: r["id"]), 2)]
for c, r in pick:
    print(c, r["id"], r["date"][:10], r["source"], len(r["text"]), r["title"])
print({c: len(p) for c, p in pools.items()}, len(econ))
# Stage 2 (same run, same generator): four more conflict articles from the largest pools.
picked = {r["id"] for c, r in pick}
extra = []
for c in ("YE", "IQ", "EG", "SD"):
    pool = sorted((r for r in pools[c] if r["id"] not in picked), key=lambda r: r["id"])
    extra += [(c, r) for r in rng.sample(pool, 1)]
for c, r in extra:
    print("extra", c, r["id"], r["date"][:10], r["source"], len(r["text"]), r["title"])
