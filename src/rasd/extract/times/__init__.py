"""The `times` component: Arabic temporal expressions -> ISO values anchored to the publication date.

A small grammar over word tokens (`numwords.tokenize`) reads the expressions news uses: deictic
days (اليوم، أمس، أول أمس), weekdays, dates with month names in every calendar system (Syriac,
Gregorian, Maghrebi, Hijri), ordinal days in words, numeric dates, years, parts of periods
(مطلع، منتصف، أواخر), relative periods (الشهر الماضي), durations (منذ ثلاثة أيام) and clock times.
The words are in the tables of `times.words`; this module only combines and resolves them.
Every span is a candidate; the longest non-overlapping candidates win.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from rasd.extract.base import next_id, span_item, text_of
from rasd.extract.numwords import MEMO_LIMIT, lookup_number, read_number, tokenize
from rasd.extract.spans import boilerplate
from rasd.extract.times import words as tw
from rasd.text.keys import phrase_key

YEARS = (1900, 2100)
HIJRI_YEARS = (1300, 1500)
ERA_GREGORIAN = frozenset({"م", "ميلادي", "ميلاديه", "للميلاد"})
ERA_HIJRI = frozenset({"ه", "هجري", "هجريه", "للهجره"})
YEAR_NOUNS = frozenset({"عام", "العام", "سنه", "السنه", "عامي", "سنتي", "بعام", "وعام", "والعام", "بالعام"})
# Prepositions and nouns after which a bare 4-digit number is a year.
YEAR_LEADS = frozenset(phrase_key(w) for w in ("منذ", "حتى", "خلال", "في", "بين", "وفي", "ومنذ", "وحتى", "قبل", "بعد",
                                         "بحلول", "مطلع", "نهاية", "بداية", "أواخر", "أوائل", "منتصف", "صيف",
                                         "شتاء", "ربيع", "خريف", "انتخابات", "أحداث", "ثورة", "مواليد"))
# Dual units that are also common adjectives ("مقرين عامين" = two public offices): only after منذ/خلال/قبل.
AMBIGUOUS_DUALS = frozenset({"عامين", "عامان"})
# Words before "20 عاما" that make it an age, not a duration.
AGE_WORDS = frozenset(phrase_key(w) for w in ("العمر", "عمره", "عمرها", "عمر", "البالغ", "البالغة", "يبلغ", "تبلغ",
                                             "بعمر", "سن", "بسن", "عمرهم", "أعمارهم", "أعمارها"))
# Words before an ambiguous month name (مارس، آب، رمضان) that make it a month.
MONTH_CONTEXT = frozenset(phrase_key(w) for w in ("في", "منذ", "حتى", "خلال", "من", "إلى", "مطلع", "منتصف", "أواخر",
                                           "أوائل", "نهاية", "بداية", "أواسط", "أول", "وفي", "ومنذ", "بحلول"))
RANGE_WORDS = frozenset({"الي", "حتي", "-", "–"})
PLURAL_PERIODS = {"الايام": "D", "الاسابيع": "W", "الاشهر": "M", "الشهور": "M", "السنوات": "Y", "الاعوام": "Y",
                  "السنين": "Y", "الساعات": "H", "العقود": "DEC"}
NUMERIC_DATE_RE = re.compile(
    r"(?<![\d/.\-])(?:(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})|(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?\6\s?(\d{4}))(?![\d/.\-])"
)
DAY_MONTH_RE = re.compile(r"(?<![\d/])(\d{1,2})\s?/\s?(\d{1,2})(?![\d/])")
UNIT_ISO = {"D": ("D", 1), "W": ("W", 1), "M": ("M", 1), "Y": ("Y", 1), "DEC": ("Y", 10), "CEN": ("Y", 100),
            "H": ("H", 1), "MIN": ("M", 1)}


@dataclass
class Hit:
    """One time expression: canonical span, type, ISO value and precision."""

    start: int
    end: int
    type: str
    value: str | None
    precision: str | None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Date:
    """A date at some precision; year None = to be inferred from publication."""

    year: int | None
    month: int | None = None
    day: int | None = None
    hijri: bool = False


# --- resolution -----------------------------------------------------------------------------------


def shift_month(d: dt.date, months: int) -> tuple[int, int]:
    n = d.year * 12 + d.month - 1 + months
    return n // 12, n % 12 + 1


def infer_year(pub: dt.date, month: int, day: int | None, rel: int | None) -> int:
    """Year of a month named without one: الماضي = the last before publication, المقبل = the next,
    bare = this year unless that is well after publication (news reports the past)."""
    if rel == -1:
        before = (month, day) < (pub.month, pub.day) if day else month < pub.month
        return pub.year if before else pub.year - 1
    if rel == 1:
        after = (month, day) > (pub.month, pub.day) if day else month > pub.month
        return pub.year if after else pub.year + 1
    if rel == 0:
        return pub.year
    return pub.year - 1 if month > pub.month + 1 else pub.year


def resolve(d: Date, pub: dt.date | None, rel: int | None = None) -> tuple[str | None, str]:
    """(ISO value or None, precision) of a date."""
    prec = "day" if d.day else "month" if d.month else "year"
    if d.hijri:
        return _resolve_hijri(d, pub, rel), prec
    year = d.year
    if year is None:
        if pub is None or d.month is None:
            return None, prec
        year = infer_year(pub, d.month, d.day, rel)
    return iso(year, d.month, d.day), prec


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve_hijri(d: Date, pub: dt.date | None, rel: int | None) -> str | None:
    from hijridate import Gregorian, Hijri

    year = d.year
    try:
        if year is None:
            if pub is None or d.month is None:
                return None
            today = Gregorian(pub.year, pub.month, pub.day).to_hijri()
            year = today.year if (d.month, d.day or 1) <= (today.month, today.day) else today.year - 1
            if rel == 1:
                year = today.year if d.month > today.month else today.year + 1
        if d.month is None:
            return str(Hijri(year, 1, 1).to_gregorian().year)
        g = Hijri(year, d.month, d.day or 1).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return iso(g.year, g.month, g.day if d.day else None)


def weekday_date(pub: dt.date, weekday: int, rel: int | None) -> dt.date:
    """Bare = the latest such day on or before publication; الماضي = strictly before; المقبل = after."""
    back = (pub.weekday() - weekday) % 7
    if rel == -1:
        return pub - dt.timedelta(days=back or 7)
    if rel == 1:
        return pub + dt.timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    return pub - dt.timedelta(days=back)


def period_value(pub: dt.date, unit: str, offset: int) -> tuple[str, str]:
    if unit == "M":
        y, m = shift_month(pub, offset)
        return f"{y:04d}-{m:02d}", "month"
    if unit == "W":
        y, w, _ = (pub + dt.timedelta(weeks=offset)).isocalendar()
        return f"{y:04d}-W{w:02d}", "week"
    if unit == "D":
        return (pub + dt.timedelta(days=offset)).isoformat(), "day"
    return f"{pub.year + offset:04d}", "year"


def duration_value(count: float, unit: str) -> str | None:
    code, mult = UNIT_ISO.get(unit, ("", 0))
    if not code or count <= 0:
        return None
    n = count * mult
    num = str(int(n)) if n == int(n) else f"{n:g}"
    return f"PT{num}{code}" if unit in ("H", "MIN") else f"P{num}{code}"


# --- the reader -----------------------------------------------------------------------------------


class Reader:
    """Reads the time expressions of one text; each `p_*` method tries one form at a token."""

    def __init__(self, text: str, pub: dt.date | None) -> None:
        self.text = text
        self.pub = pub
        self.toks = tokenize(text)
        self._starts: list[int] | None = None
        self.n = len(self.toks)
        self.rel = tw.relative()

    # small helpers
    def key(self, k: int) -> str:
        return self.toks[k].key if 0 <= k < self.n else ""

    def rel_at(self, k: int, kinds: tuple[str, ...], allowed: tuple[str, ...] = tw.PARTICLES):
        if k >= self.n:
            return None
        return tw.match_table(self.rel, self.toks, k, allowed, kinds)

    def end_of(self, k: int) -> int:
        return self.toks[k - 1].end

    def modifier(self, k: int) -> tuple[int, int] | None:
        """(offset, next) of الماضي/الجاري/المقبل at k."""
        m = self.rel_at(k, ("modifier",), ("",))
        return (int(m[2].value), m[1]) if m else None

    # pieces
    def day_at(self, k: int) -> tuple[int, int] | None:
        """A day of the month: 1-31 in digits, or an ordinal in words (السادس والعشرين)."""
        if k >= self.n:
            return None
        tok = self.toks[k]
        if tok.is_digit:
            if tok.key.isdecimal() and 1 <= int(tok.key) <= 31 and len(tok.key) <= 2 and self.key(k + 1) != ":":
                return int(tok.key), k + 1
            return None
        hit = lookup_number(tok, allow=("", "و", "ف", "ب", "ل", "وب", "ول", "ال", "وال", "بال"))
        if not hit:
            return None
        prefix, words = hit
        kinds = {w.kind: int(w.value) for w in words}
        if prefix.endswith("ال"):  # العشرين، الثلاثين: the 20th, the 30th
            tens = kinds.get("tens")
            return (tens, k + 1) if tens in (20, 30) else None
        if "ordinal" in kinds or "ordinal_one" in kinds:
            day = kinds.get("ordinal", kinds.get("ordinal_one"))
            nxt = k + 1
            if nxt < self.n:
                more = lookup_number(self.toks[nxt], allow=("", "وال"))
                mk = {w.kind: int(w.value) for w in more[1]} if more else {}
                if more and more[0] == "" and "teen" in mk and day <= 9:
                    return day + 10, nxt + 1
                if more and more[0] == "وال" and "tens" in mk:
                    total = day + mk["tens"]
                    return (total, nxt + 1) if total <= 31 else None
            return (day, nxt) if "ordinal" in kinds else None
        return None

    def month_at(self, k: int, particles: tuple[str, ...] = ("",)) -> tuple[tw.Month, int, int] | None:
        """(month, particle length, next) with an alternative name consumed: "تموز (يوليو)"."""
        if k >= self.n:
            return None
        hit = tw.match_table(tw.months(), self.toks, k, particles)
        if not hit:
            return None
        plen, nxt, month = hit
        alt = nxt + 1 if self.key(nxt) in ("(", "/", "-", "–") else nxt
        other = tw.match_table(tw.months(), self.toks, alt, ("",)) if alt < self.n else None
        if other and other[2].month == month.month and other[2].system != month.system:
            nxt = other[1]
            if alt != nxt and self.key(nxt) == ")":
                nxt += 1
        return month, plen, nxt

    def year_at(self, k: int, hijri: bool = False) -> tuple[int, int, bool] | None:
        """(year, next, is_hijri): a 4-digit year in range, with an era word (م، هـ) taken along."""
        if k >= self.n or not self.toks[k].key.isdecimal() or len(self.toks[k].key) != 4:
            return None
        year = int(self.toks[k].key)
        nxt = k + 1
        era_h = self.key(nxt) in ERA_HIJRI
        if era_h or self.key(nxt) in ERA_GREGORIAN:
            nxt += 1
        lo, hi = HIJRI_YEARS if (hijri or era_h) else YEARS
        if not lo <= year <= hi:
            return None
        return year, nxt, hijri or era_h

    def year_part(self, k: int, hijri: bool) -> tuple[int | None, int | None, int]:
        """After a month: (year, relative offset, next): "2019", "عام 2019", "الماضي", "من العام الماضي"."""
        j = k + 1 if self.key(k) in ("،", ",") else k
        j2 = j + 1 if self.key(j) in ("من",) else j
        if self.key(j2) in YEAR_NOUNS:
            y = self.year_at(j2 + 1, hijri)
            if y:
                return y[0], None, y[1]
            mod = self.modifier(j2 + 1)
            if mod:
                return None, mod[0] + 10, mod[1]  # +10: a year offset, not a month one
        if self.key(j2) in ("هذا", "هذه") and self.key(j2 + 1) in ("العام", "السنه"):
            return None, 10, j2 + 2
        y = self.year_at(j, hijri)
        if y:
            return y[0], None, y[1]
        mod = self.modifier(k)
        if mod:
            return None, mod[0], mod[1]
        return None, None, k

    def month_date(self, month: tw.Month, day: int | None, k: int) -> tuple[Date, int | None, int]:
        """Year or relative word after a month -> (Date, rel, next)."""
        year, rel, nxt = self.year_part(k, month.system == "hijri")
        date = Date(year, month.month, day, hijri=month.system == "hijri")
        if rel is not None and rel >= 9 and self.pub:
            date.year = self.pub.year + rel - 10
            if date.hijri:
                date = self._hijri_year_from_offset(date, rel - 10)
            rel = None
        return date, rel, nxt

    def _hijri_year_from_offset(self, date: Date, offset: int) -> Date:
        from hijridate import Gregorian

        assert self.pub is not None
        date.year = Gregorian(self.pub.year, self.pub.month, self.pub.day).to_hijri().year + offset
        return date

    # forms
    def p_daydate(self, i: int) -> list[Hit]:
        """DAY [من] [شهر] MONTH [YEAR|الماضي], DAY من الشهر الجاري, and ranges/lists of days."""
        d = self.day_at(i)
        if not d:
            return []
        day, k = d
        if self.key(k) in RANGE_WORDS or (self.key(k) == "و" and self.toks[k + 1 : k + 2]
                                          and self.toks[k + 1].is_digit):
            other = self.p_daydate(k + 1)
            if other and other[0].extra.get("_date") and self.key(k) != "و":
                o = other[0]
                first = Date(o.extra["_date"].year, o.extra["_date"].month, day, o.extra["_date"].hijri)
                v1, _ = resolve(first, self.pub, o.extra.get("_rel"))
                value = f"{v1}/{o.value}" if v1 and o.value else None
                return [Hit(self.toks[i].start, o.end, "DATE", value, "day")]
            if other and other[0].extra.get("_date"):
                o = other[0]
                first = Date(o.extra["_date"].year, o.extra["_date"].month, day, o.extra["_date"].hijri)
                v1, _ = resolve(first, self.pub, o.extra.get("_rel"))
                return [Hit(self.toks[i].start, self.toks[i].end, "DATE", v1, "day"), *other]
        start = self.toks[i].start + self._particles(i)
        j = k + 1 if self.key(k) == "من" else k
        j = j + 1 if self.key(j) in ("شهر", "الشهر") and self.month_at(j + 1) else j
        mo = self.month_at(j)
        if mo:
            month, _, nxt = mo
            date, rel, nxt = self.month_date(month, day, nxt)
            value, prec = resolve(date, self.pub, rel)
            return [Hit(start, self.end_of(nxt), "DATE", value, prec, {"_date": date, "_rel": rel})]
        if self.key(j) in ("الشهر", "شهر") and j > k:
            mod = self.modifier(j + 1)
            offset, nxt = mod if mod else (0, j + 1)
            if self.pub is None:
                return [Hit(start, self.end_of(nxt), "DATE", None, "day")]
            if not mod and day > self.pub.day:
                offset = -1
            y, m = shift_month(self.pub, offset)
            return [Hit(start, self.end_of(nxt), "DATE", iso(y, m, day), "day")]
        return []

    def _particles(self, i: int) -> int:
        """Length of و/ب/ل/ف particles before a word-number (not before digits)."""
        tok = self.toks[i]
        if tok.is_digit:
            return 0
        hit = lookup_number(tok, allow=("", "و", "ف", "ب", "ل", "وب", "ول"))
        return len(hit[0]) if hit else 0

    def p_month(self, i: int) -> list[Hit]:
        """[شهر] MONTH [YEAR|rel] without a day; ambiguous names need a calendar context."""
        k = i
        lead = self.key(i) in ("شهر", "وشهر", "بشهر", "لشهر")
        if lead:
            k = i + 1
        mo = self.month_at(k, tw.PARTICLES if not lead else ("",))
        if not mo:
            return []
        month, plen, nxt = mo
        date, rel, end = self.month_date(month, None, nxt)
        if month.ambiguous or month.system == "hijri":
            prev = self.key(i - 1)
            context = lead or end > nxt or nxt > k + 1 or prev in MONTH_CONTEXT
            if month.system == "hijri" and not (lead or end > nxt):
                return []
            if not context:
                return []
        start = self.toks[i].start + (0 if lead else plen)
        value, prec = resolve(date, self.pub, rel)
        return [Hit(start, self.end_of(end), "DATE", value, prec)]

    def p_year(self, i: int) -> list[Hit]:
        """A year with its noun or preposition (عام 2017، منذ 2011), and coordinated years (عامي 2017 و2018)."""
        k = i
        noun = self.key(i) in YEAR_NOUNS
        if noun:
            k = i + 1
        elif not (self.toks[i].is_digit and self.key(i - 1) in YEAR_LEADS):
            return []
        y = self.year_at(k)
        if not y:
            return []
        year, nxt, hijri = y
        start = self.toks[i].start + (len(self.key(i)) - len(self.key(i).lstrip("وب")) if noun and
                                      self.key(i)[:1] in "وب" and self.key(i)[1:] in YEAR_NOUNS else 0)
        hits = [self._year_hit(start, self.end_of(nxt), year, hijri)]
        # coordinated or ranged years: "2017 و2018", "2011 - 2013", "من 2011 إلى 2013"
        while self.key(nxt) in ("و", "،", "-", "–", "الي", "حتي") and nxt + 1 < self.n:
            y2 = self.year_at(nxt + 1, hijri)
            if not y2:
                break
            if self.key(nxt) in ("-", "–", "الي", "حتي"):
                h2 = self._year_hit(self.toks[nxt + 1].start, self.end_of(y2[1]), y2[0], y2[2])
                first = hits.pop()
                value = f"{first.value}/{h2.value}" if first.value and h2.value else None
                hits.append(Hit(first.start, h2.end, "DATE", value, "year"))
            else:
                hits.append(self._year_hit(self.toks[nxt + 1].start, self.end_of(y2[1]), y2[0], y2[2]))
            nxt = y2[1]
        return hits

    def _year_hit(self, start: int, end: int, year: int, hijri: bool) -> Hit:
        value = _resolve_hijri(Date(year, None, None, True), None, None) if hijri else f"{year:04d}"
        return Hit(start, end, "DATE", value, "year")

    def p_deictic(self, i: int) -> list[Hit]:
        """اليوم، أمس، أول أمس، غدا (+ a weekday or a date that restates them)."""
        m = self.rel_at(i, ("deictic",))
        if not m:
            return []
        plen, nxt, entry = m
        today = self.key(i).endswith("اليوم")
        if today and (self.key(i - 1) in tw.words_of("not_before_today")
                      or self.key(nxt) in tw.words_of("not_after_today")):
            return []
        offset = int(entry.value)
        day = self.pub + dt.timedelta(days=offset) if self.pub else None
        value = day.isoformat() if day else None
        end = nxt
        after = self._restating(nxt)
        if after:
            end, restated, weekday = after
            if day and weekday is not None:  # "اليوم الاثنين" in an article dated later: trust the weekday
                value = weekday_date(day, weekday, None).isoformat()
            value = restated or value
        return [Hit(self.toks[i].start + plen, self.end_of(end), "DATE", value, "day")]

    def _restating(self, k: int) -> tuple[int, str | None, int] | None:
        """A weekday (and/or a full date) right after a day word: "اليوم (الاثنين)", "أمس الأحد 26 نيسان"."""
        j = k + 1 if self.key(k) in ("،", ",", "(") else k
        wd = self.weekday_at(j)
        if not wd:
            return None
        nxt = wd[1]
        if self.key(nxt) == ")" and self.key(k) == "(":
            nxt += 1
        value = None
        dd = self.p_daydate(nxt + (1 if self.key(nxt) in ("،", ",") else 0))
        if dd and dd[0].precision == "day" and dd[0].value and "/" not in dd[0].value:
            value = dd[0].value
            nxt = self._tok_after(dd[0].end)
        return nxt, value, wd[0]

    def _tok_after(self, pos: int) -> int:
        """The first token starting at or after `pos` (bisection: a scan from 0 per hit is quadratic)."""
        if self._starts is None:
            self._starts = [t.start for t in self.toks]
        return bisect_left(self._starts, pos)

    def weekday_at(self, k: int) -> tuple[int, int, int] | None:
        """(weekday, next, particle length) of a weekday name (with its article) at k."""
        if k >= self.n:
            return None
        for particles, rest in tw.strip_particles(self.toks[k].key):
            wd = tw.weekdays().get(rest)
            if wd is not None:
                if wd == 6 and self.key(k + 1) in ("عشر", "عشره"):
                    return None
                return wd, k + 1, len(particles)
        return None

    def p_weekday(self, i: int) -> list[Hit]:
        """[يوم] WEEKDAY [الماضي|المقبل] [DATE]: bare = the latest such day on or before publication."""
        k = i
        lead = self.key(i) in ("يوم", "ويوم", "بيوم", "ليوم", "يومي")
        if lead:
            k = i + 1
        wd = self.weekday_at(k)
        if not wd:
            return []
        weekday, nxt, plen = wd
        if not lead and (self.key(i - 1) in tw.words_of("not_before_weekday")):
            return []
        if weekday == 0 and not lead and self.key(i - 1) in ("بين", "كلا", "هذين", "ان", "الي"):
            return []
        start = self.toks[i].start + (0 if lead else plen)
        rel = None
        mod = self.modifier(nxt)
        if mod:
            rel, nxt = mod
        elif self.key(nxt) == "من" and self.key(nxt + 1) in ("الاسبوع",):
            mod = self.modifier(nxt + 2)
            if mod:
                rel, nxt = mod[0], mod[1]
        value = weekday_date(self.pub, weekday, rel).isoformat() if self.pub else None
        j = nxt + 1 if self.key(nxt) in ("،", ",", "الموافق") else nxt
        dd = self.p_daydate(j) if rel is None else []
        if dd and dd[0].value and "/" not in dd[0].value and dd[0].precision == "day":
            return [Hit(start, dd[0].end, "DATE", dd[0].value, "day")]
        return [Hit(start, self.end_of(nxt), "DATE", value, "day")]

    def p_period(self, i: int) -> list[Hit]:
        """الشهر الماضي، العام الحالي، هذا الأسبوع، الأشهر السبعة الماضية (a duration)."""
        dem = self.key(i) in ("هذا", "هذه", "وهذا", "وهذه")
        k = i + 1 if dem else i
        if k >= self.n:
            return []
        dur = self._plural_period(i)
        if dur:
            return dur
        m = self.rel_at(k, ("period",), ("", "و", "ب", "ف", "ل", "وب", "لل", "ول"))
        if not m:
            return []
        plen, nxt, entry = m
        mod = self.modifier(nxt)
        if mod:
            offset, nxt = mod
        elif dem:
            offset = 0
        else:
            return []
        start = self.toks[i].start + (0 if dem else plen)
        if self.pub is None:
            return [Hit(start, self.end_of(nxt), "DATE", None, None)]
        value, prec = period_value(self.pub, entry.unit, offset)
        return [Hit(start, self.end_of(nxt), "DATE", value, prec)]

    def _plural_period(self, i: int) -> list[Hit]:
        """"الأشهر السبعة الماضية", "الساعات الـ24 الماضية" -> a duration."""
        for particles, rest in tw.strip_particles(self.key(i), ("", "و", "ف", "خلال")):
            unit = PLURAL_PERIODS.get(rest)
            if unit:
                k = i + 1 + (1 if self.key(i + 1) == "ال" else 0)
                if k >= self.n:
                    return []
                num = read_number(self.toks, k, approximator=False)
                if not num:
                    return []
                mod = self.modifier(num.j)
                if not mod or mod[0] != -1:
                    return []
                start = self.toks[i].start + len(particles)
                return [Hit(start, self.end_of(mod[1]), "DURATION", duration_value(num.value, unit), None)]
        return []

    def p_part(self, i: int) -> list[Hit]:
        """مطلع الشهر (الجاري)، منتصف آب، أواخر 2018، نهاية العام الماضي: the period's value."""
        m = self.rel_at(i, ("part",))
        if not m:
            return []
        plen, nxt, _ = m
        j = nxt + 1 if self.key(nxt) == "من" else nxt
        inner = (self.p_period(j) or self.p_month(j) or self.p_year(j) or self._bare_year(j) or self.p_season(j))
        if (inner and inner[0].start == self.toks[j].start) or (inner and self.key(j) in ("شهر",)):
            h = inner[0]
            if h.type != "DATE":
                return []
            return [Hit(self.toks[i].start + plen, h.end, "DATE", h.value, h.precision, {"part": True}), *inner[1:]]
        if self.key(j) in ("الشهر", "العام", "السنه", "الاسبوع") and self.pub:
            unit = {"الشهر": "M", "الاسبوع": "W"}.get(self.key(j), "Y")
            value, prec = period_value(self.pub, unit, 0)
            return [Hit(self.toks[i].start + plen, self.toks[j].end, "DATE", value, prec, {"part": True})]
        return []

    def _bare_year(self, k: int) -> list[Hit]:
        y = self.year_at(k)
        if not y:
            return []
        return [self._year_hit(self.toks[k].start, self.end_of(y[1]), y[0], y[2])]

    def p_season(self, i: int) -> list[Hit]:
        """صيف 2012، الصيف الماضي -> TIMEX season values (2012-SU)."""
        for particles, rest in tw.strip_particles(self.key(i), ("", "و", "ب", "ف", "ال", "وال", "بال", "فال")):
            rows = self.rel.get(rest.removeprefix("ال") if rest.startswith("ال") else rest, ())
            season = next((e for r, e in rows if not r and e.kind == "season"), None)
            if not season:
                continue
            definite = ((particles + rest).find("ال") >= 0 and rest.startswith("ال")) or particles.endswith("ال")
            k = i + 1
            j = k + 1 if self.key(k) in ("عام", "العام", "سنه") else k
            y = self.year_at(j)
            start = self.toks[i].start + len(particles.removesuffix("ال"))
            if y and not definite:
                return [Hit(start, self.end_of(y[1]), "DATE", f"{y[0]:04d}-{season.value}", "season")]
            mod = self.modifier(k)
            if mod and definite and self.pub:
                year = self.pub.year + mod[0]
                return [Hit(start, self.end_of(mod[1]), "DATE", f"{year:04d}-{season.value}", "season")]
            return []
        return []

    def p_decade(self, i: int) -> list[Hit]:
        """التسعينيات (من القرن الماضي) -> 199 (an ISO decade)."""
        m = self.rel_at(i, ("decade",), ("", "و", "ف", "ب", "ل", "خلال", "في"))
        if not m:
            return []
        plen, nxt, entry = m
        century = 19
        if self.key(nxt) in ("من", "في") and self.key(nxt + 1) == "القرن":
            mod = self.modifier(nxt + 2)
            ordinal = self.key(nxt + 2)
            if mod:
                century, nxt = (19 if mod[0] < 0 else 20), mod[1]
            elif ordinal in ("العشرين",):
                century, nxt = 19, nxt + 3
        value = f"{century}{int(entry.value) // 10}"
        return [Hit(self.toks[i].start + plen, self.end_of(nxt), "DATE", value, "decade")]

    def p_duration(self, i: int) -> list[Hit]:
        """NUMBER UNIT, a dual unit (يومين) or lead + singular unit (منذ عام): P3D, P9M, PT2H;
        "قبل ثلاثة أيام" is the date that long before publication."""
        lead = self._lead_before(i)
        if self.key(i - 1) in AGE_WORDS or self.key(i - 1) == "(":
            return []
        num = read_number(self.toks, i) if not self._unit_at(i) else None
        if num:
            if num.value <= 0 or num.value > 10000 or (num.words is False and self.key(i + 1) in (":",)):
                return []
            u = self._unit_at(num.j)
            if not u or (u[1] == 0 and False):
                return []
            unit, _, nxt = u
            count = num.value
            start = num.start
        else:
            u = self._unit_at(i)
            if not u:
                return []
            unit, count, nxt = u
            if count == 0 or (count == 1 and not lead) or (
                    not lead and self.key(i) in AMBIGUOUS_DUALS and self.key(nxt) != "ونصف"):
                return []
            if count == 1 and (self.year_at(nxt) or self.month_at(nxt) or self.weekday_at(nxt)
                               or self.rel_at(nxt, ("deictic",), ("",)) or self.key(nxt) in ("من", "واحد")
                               or (nxt < self.n and self.toks[nxt].is_digit)):
                return []
            start = self.toks[i].start + self._unit_particles(i)
        half = lookup_number(self.toks[nxt], allow=("و",)) if nxt < self.n else None
        if half and half[0] == "و" and any(w.kind == "fraction" for w in half[1]):
            count += next(w.value for w in half[1] if w.kind == "fraction")
            nxt += 1
        if self.modifier(nxt) and self.modifier(nxt)[0] == -1:  # "ثلاثة أيام الماضية"
            nxt = self.modifier(nxt)[1]
        end = self.end_of(nxt)
        if lead == "ago" and self.pub and unit in ("D", "W", "M", "Y") and count == int(count):
            return [self._ago(start, end, int(count), unit)]
        return [Hit(start, end, "DURATION", duration_value(count, unit), None, {"lead": lead})]

    def _ago(self, start: int, end: int, count: int, unit: str) -> Hit:
        assert self.pub is not None
        ago = {"lead": "ago"}  # the count in it is a quantity too (numbers reads it)
        if unit in ("D", "W"):
            d = self.pub - dt.timedelta(days=count * (7 if unit == "W" else 1))
            return Hit(start, end, "DATE", d.isoformat(), "day", ago)
        if unit == "M":
            y, m = shift_month(self.pub, -count)
            return Hit(start, end, "DATE", iso(y, m), "month", ago)
        return Hit(start, end, "DATE", f"{self.pub.year - count:04d}", "year", ago)

    def _lead_before(self, i: int) -> str | None:
        k = i - 1
        while k >= 0 and self.toks[k].key in ("نحو", "قرابه", "حوالي", "اكثر", "من", "زهاء", "ما", "يقارب"):
            k -= 1
        for kind, name in (("lead_since", "since"), ("lead_during", "during"), ("lead_ago", "ago")):
            for width in (1, 2):
                if k - width + 1 >= 0 and self.rel_at(k - width + 1, (kind,), ("", "و", "ف")) and \
                        self.rel_at(k - width + 1, (kind,), ("", "و", "ف"))[1] == k + 1:
                    return name
        return None

    def _unit_at(self, k: int) -> tuple[str, float, int] | None:
        """(unit, count carried by the form: 1, 2 or 0 for plurals, next) of a duration unit at k."""
        m = self.rel_at(k, ("unit",), ("", "و", "ب", "ل", "ف"))
        if not m:
            return None
        _, nxt, entry = m
        return entry.unit, float(entry.value or 0), nxt

    def _unit_particles(self, k: int) -> int:
        m = self.rel_at(k, ("unit",), ("", "و", "ب", "ل", "ف"))
        return m[0] if m else 0

    def p_clock(self, i: int) -> list[Hit]:
        """الساعة 10:30 صباحا، الساعة العاشرة والنصف مساء -> TIME (with the day when one follows)."""
        if self.key(i) not in ("الساعه", "والساعه", "بالساعه"):
            return []
        k = i + 1
        if k >= self.n:
            return []
        tok = self.toks[k]
        minute = 0
        if tok.key.isdecimal() and int(tok.key) <= 24:
            hour, k = int(tok.key), k + 1
            if self.key(k) == ":" and self.key(k + 1).isdecimal() and int(self.key(k + 1)) < 60:
                minute, k = int(self.key(k + 1)), k + 2
        else:
            hit = lookup_number(tok, allow=("", "ال"))
            words = {w.kind: int(w.value) for w in hit[1]} if hit else {}
            hour = words.get("ordinal") or (words.get("unit") if tok.key in ("الواحده",) else None)
            if not hour:
                return []
            k += 1
            if self.key(k) in ("عشر", "عشره") and hour <= 2:
                hour, k = hour + 10, k + 1
            frac = lookup_number(self.toks[k], allow=("و", "وال")) if k < self.n else None
            if frac and any(w.kind == "fraction" for w in frac[1]):
                minute = int(60 * next(w.value for w in frac[1] if w.kind == "fraction"))
                k += 1
        if self.key(k) in ("صباحا", "فجرا", "ظهرا", "مساء", "ليلا", "عصرا"):
            if self.key(k) in ("مساء", "ليلا", "عصرا") and hour < 12:
                hour += 12
            k += 1
        if self.key(k) in ("بالتوقيت", "بتوقيت") and k + 1 < self.n:
            k += 2
        if hour > 24:
            return []
        end = self.end_of(k)
        value = f"T{hour:02d}:{minute:02d}"
        return [Hit(self.toks[i].start + (len(self.key(i)) - len("الساعه")), end, "TIME", value, "time")]

    def p_daypart(self, i: int) -> list[Hit]:
        """صباح اليوم، مساء أمس، ليل الأربعاء، فجر الجمعة: the day's value, the daypart in the span."""
        m = self.rel_at(i, ("daypart",))
        if not m:
            return []
        plen, nxt, entry = m
        j = nxt + 1 if self.key(nxt) in ("يوم",) and self.weekday_at(nxt + 1) is None and \
            self.rel_at(nxt + 1, ("deictic",), ("",)) else nxt
        inner = self.p_deictic(j) or self.p_weekday(j) or self.p_daydate(j)
        if not inner or inner[0].start != self.toks[j].start:
            return []
        h = inner[0]
        return [Hit(self.toks[i].start + plen, h.end, h.type, h.value, h.precision, {"daypart": entry.value})]

    def p_set(self, i: int) -> list[Hit]:
        """يوميا، كل أسبوع: a recurring time; its period is kept in `period` (no calendar value)."""
        m = self.rel_at(i, ("set",), ("", "و"))
        if not m:
            return []
        plen, nxt, entry = m
        return [Hit(self.toks[i].start + plen, self.end_of(nxt), "SET", None, None,
                    {"period": duration_value(1, entry.unit)})]

    PARSERS = ("p_daydate", "p_month", "p_year", "p_deictic", "p_weekday", "p_period", "p_part",
               "p_season", "p_decade", "p_duration", "p_clock", "p_daypart", "p_set")

    def candidates(self) -> list[list[Hit]]:
        out: list[list[Hit]] = []
        for i, tok in enumerate(self.toks):
            if not (tok.is_digit or _is_trigger(tok.key)):
                continue
            for name in self.PARSERS:
                hits = getattr(self, name)(i)
                if hits:
                    out.append(hits)
        out.extend(self.numeric_dates())
        return out

    def numeric_dates(self) -> list[list[Hit]]:
        """19/8/2019، 2019-08-19، 19.8.2019، and a day/month after يوم/منذ/في (24/7)."""
        out = []
        for m in NUMERIC_DATE_RE.finditer(self.text):
            if m.group(1):
                y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            else:
                d, mo, y = int(m.group(5)), int(m.group(7)), int(m.group(8))
            value = iso(y, mo, d) if YEARS[0] <= y <= YEARS[1] else None
            if value:
                out.append([Hit(m.start(), m.end(), "DATE", value, "day")])
        for m in DAY_MONTH_RE.finditer(self.text):
            before = self.text[max(0, m.start() - 12) : m.start()].split()
            if not before or before[-1] not in ("يوم", "منذ", "في", "بتاريخ", "تاريخ", "ليوم"):
                continue
            d, mo = int(m.group(1)), int(m.group(2))
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                continue
            value, prec = resolve(Date(None, mo, d), self.pub) if self.pub else (None, "day")
            out.append([Hit(m.start(), m.end(), "DATE", value, prec)])
        return out


_TRIGGER_PREFIXES = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ال", "وال", "بال", "لل", "خلال")
_TRIGGERS: dict[str, bool] = {}


def _is_trigger(word_key: str) -> bool:
    """Whether a token may start a time expression (memoised per key)."""
    hit = _TRIGGERS.get(word_key)
    if hit is None:
        if len(_TRIGGERS) > MEMO_LIMIT:
            _TRIGGERS.clear()
        triggers = tw.trigger_keys()
        hit = _TRIGGERS[word_key] = any(rest in triggers for _, rest in tw.strip_particles(word_key,
                                                                                              _TRIGGER_PREFIXES))
    return hit


def select(cands: list[list[Hit]]) -> list[Hit]:
    """Longest non-overlapping candidate groups, in text order.

    The chosen spans are disjoint, so kept sorted by start they are sorted by end too: a new span
    overlaps one of them only if it overlaps the last chosen span starting before its end."""
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[list[Hit]] = []
    for group in sorted(cands, key=lambda g: (-(g[-1].end - g[0].start), g[0].start)):
        s, e = min(h.start for h in group), max(h.end for h in group)
        k = bisect_left(starts, e)
        if e <= s or (k and ends[k - 1] > s):
            continue
        starts.insert(k, s)
        ends.insert(k, e)
        chosen.insert(k, group)
    return [h for g in chosen for h in g]


def find_times(text: str, pub: dt.date | None) -> list[Hit]:
    """The time expressions of a canonical text, resolved against the publication date."""
    reader = Reader(text, pub)
    return select(reader.candidates())


def to_item(doc: Doc, hit: Hit, items: list[dict[str, Any]]) -> dict[str, Any]:
    item = span_item(doc, hit.start, hit.end, id=next_id(items, "t"), type=hit.type, value=hit.value,
                     anchored=hit.value is not None and hit.type in ("DATE", "TIME") and not
                     hit.value.startswith("T"), precision=hit.precision)
    item.update({k: v for k, v in hit.extra.items() if not k.startswith("_") and v is not None})
    return item


@Language.component("rasd_times")
def times(doc: Doc) -> Doc:
    """Fill `doc._.times` (spec `times[]`), skipping boilerplate lines."""
    items: list[dict[str, Any]] = []
    hits = find_times(text_of(doc), doc._.published)  # doc.text rebuilds the string per access
    skip = boilerplate(doc)
    for hit in hits:
        if skip.overlaps(hit.start, hit.end):
            continue
        items.append(to_item(doc, hit, items))
    doc._.times = items
    return doc
