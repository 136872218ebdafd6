"""Date expressions: found by spaCy (DATE entities) and by our own patterns, normalised.

Each expression becomes a :class:`DateExpr` whose ``value`` is an ISO prefix at
its precision (``2024-07-03`` day, ``2015-11`` month, ``2018`` year, ``1990s``
decade). Expressions that need an anchor ("last July", "in June", "early this
year", "Thursday", "two weeks ago") are resolved against the article's
publication date when it is known and flagged ``relative``; without it they are
kept with ``resolved=False``. Expressions anchored to the story rather than to
the publication ("months later", "the following year") stay unresolved.
Durations and numbers that are not points in time ("for years", "two-year-old",
"29155") are dropped.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc

from newsgraph.model import DateExpr

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9
WEEKDAYS: dict[str, int] = {calendar.day_name[i].lower(): i for i in range(7)}

_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR_RE = r"(?:1[6-9]\d\d|20\d\d)"
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

_ISO = re.compile(rf"\b({_YEAR_RE})-(\d\d)-(\d\d)\b")
_MDY = re.compile(rf"\b({_MONTH_RE})\s+({_DAY_RE}),?\s+({_YEAR_RE})\b", re.I)
_DMY = re.compile(rf"\b({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE}),?\s+({_YEAR_RE})\b", re.I)
_MY = re.compile(rf"\b({_MONTH_RE})(?:\s+of)?,?\s+({_YEAR_RE})\b", re.I)
_MD = re.compile(rf"\b({_MONTH_RE})\s+({_DAY_RE})\b(?!\s*,?\s*\d)", re.I)
_DM = re.compile(rf"\b({_DAY_RE})\s+(?:of\s+)?({_MONTH_RE})\b", re.I)
_DECADE = re.compile(r"\b(1[6-9]\d|20\d)0s\b|'(\d)0s\b", re.I)
_YEAR = re.compile(rf"(?<![\d,.$-])\b({_YEAR_RE})\b(?![\d,.%]\d?)")
_MONTH = re.compile(rf"\b({_MONTH_RE})(?![\w])", re.I)
_WEEKDAY = re.compile(rf"\b{_WEEKDAY_RE}\b", re.I)
_UNIT = r"(?:day|week|month|year)s?"
_NUMBER = (
    r"(?:\d{1,4}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several)"
)
_AGO = re.compile(rf"\b({_NUMBER})\s+({_UNIT})\s+ago\b", re.I)
_THIS_UNIT = re.compile(r"\b(this|last|next|past|coming|earlier this|later this)\s+(week|month|year)\b", re.I)
_DEICTIC = re.compile(r"\b(today|yesterday|tomorrow|tonight)\b", re.I)
_NARRATIVE = re.compile(
    rf"\b(?:(?:{_NUMBER}\s+)?{_UNIT}\s+(?:later|earlier|afterwards?|before)"
    r"|(?:later|earlier)\s+that\s+(?:day|week|month|year)"
    r"|that\s+(?:day|week|month|year)"
    r"|the\s+(?:following|next|previous|same)\s+(?:day|week|month|year))\b",
    re.I,
)
_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "several": 3,
}

# Free-text patterns run over the whole body, for what the NER misses.
_SCAN = (_ISO, _MDY, _DMY, _MY, _DECADE, _AGO, _THIS_UNIT, _DEICTIC, _NARRATIVE)
_IN_YEAR = re.compile(rf"\b(?:in|since|by|until|of|from|before|after)\s+({_YEAR_RE})\b", re.I)
_IN_MONTH = re.compile(
    rf"\b(?:in|since|by|until|last|next|this|early|late|mid|mid-)\s*(?:-\s*)?({_MONTH_RE})(?!\w)(?!\s+\d)",
    re.I,
)
_ON_WEEKDAY = re.compile(rf"\b(?:on|last|next|this|since|until|by)\s+({_WEEKDAY_RE})\b", re.I)
_LEADING_PREP = re.compile(r"^(?:in|on|since|by|until|from|of|before|after)\s+", re.I)


@dataclass(slots=True)
class _Norm:
    value: str | None
    precision: str | None
    relative: bool
    resolved: bool


def extract_dates(doc: Doc, published: str | None) -> list[DateExpr]:
    """Date expressions of ``doc`` normalised, relative ones resolved against ``published``.

    ``published`` is an ISO date (``2024-12-20``, a longer ISO timestamp is cut to
    its date); when it is None or unreadable, relative expressions are returned
    with ``resolved=False`` and no value.
    """
    anchor = _parse_anchor(published)
    text = doc.text
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "DATE":
            spans.extend(_split_ent(text, ent.start_char, ent.end_char))
    for pattern in _SCAN:
        spans.extend(m.span() for m in pattern.finditer(text))
    spans.extend(m.span(1) for m in _IN_YEAR.finditer(text))
    for pattern in (_IN_MONTH, _ON_WEEKDAY):
        for m in pattern.finditer(text):
            lead = _LEADING_PREP.match(m[0])
            spans.append((m.start() + (lead.end() if lead else 0), m.end()))
    out: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    # Longest first so that "July 3, 2024" wins over "2024"; ties by position.
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if any(start < e and s < end for s, e in taken):
            continue
        start, end = _trim(text, start, end)
        if start >= end:
            continue
        norm = normalize_date(text[start:end], anchor)
        if norm is None:
            continue
        taken.append((start, end))
        out.append(DateExpr(start, end, text[start:end], norm.value, norm.precision,
                            norm.relative, norm.resolved))
    out.sort(key=lambda d: d.start)
    return out


def _split_ent(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A DATE entity cut at commas that do not belong to a date ("December, months after"
    is two expressions; "July 3, 2024" is one)."""
    parts: list[tuple[int, int]] = []
    cut = start
    for m in re.finditer(",", text[start:end]):
        comma = start + m.start()
        if re.match(r",\s*\d{4}\b", text[comma:end]):
            continue
        parts.append((cut, comma))
        cut = comma + 1
    parts.append((cut, end))
    return parts


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum() and text[start] != "'":
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _parse_anchor(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def normalize_date(expr: str, anchor: date | None = None) -> _Norm | None:
    """Normalise one date expression; None when it is not a point in time.

    >>> normalize_date("November 2015").value
    '2015-11'
    """
    if "may" in expr.split() and not _YEAR.search(expr):
        return None  # lower-case "may" is the modal verb
    s = " ".join(expr.lower().split())
    if m := _ISO.search(s):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return _Norm(d.isoformat(), "day", False, True) if d else None
    if m := _MDY.search(s):
        d = _safe_date(int(m[3]), _month(m[1]), _day(m[2]))
        return _Norm(d.isoformat(), "day", False, True) if d else None
    if m := _DMY.search(s):
        d = _safe_date(int(m[3]), _month(m[2]), _day(m[1]))
        return _Norm(d.isoformat(), "day", False, True) if d else None
    if m := _MY.search(s):
        return _Norm(f"{m[2]}-{_month(m[1]):02d}", "month", False, True)
    if m := _DECADE.search(s):
        if m[1]:
            return _Norm(f"{m[1]}0s", "decade", False, True)
        return _Norm(f"19{m[2]}0s", "decade", False, True)
    if _NARRATIVE.search(s):
        return _Norm(None, None, True, False)
    if m := _YEAR.search(s):
        if re.search(r"\b(old|long|years? of)\b", s):
            return None
        return _Norm(m[1], "year", False, True)
    return _relative(s, anchor)


def _relative(s: str, anchor: date | None) -> _Norm | None:
    """Expressions that need the publication date as an anchor."""
    kind = _relative_kind(s)
    if kind is None:
        return None
    if anchor is None:
        return _Norm(None, None, True, False)
    try:
        value, precision = kind(anchor)
    except (OverflowError, ValueError):  # "3000000 days ago", or an anchor near year 1 or 9999
        return _Norm(None, None, True, False)
    if not value[:4].isdigit() or not 0 < int(value[:4]) <= 9999:
        return _Norm(None, None, True, False)
    return _Norm(value, precision, True, True)


def _relative_kind(s: str) -> Callable[[date], tuple[str, str]] | None:
    if m := _DEICTIC.search(s):
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m[1]]
        return lambda a: ((a + timedelta(days=shift)).isoformat(), "day")
    if m := _AGO.search(s):
        n = int(m[1]) if m[1].isdigit() else _WORD_NUMBERS[m[1]]
        unit = m[2].rstrip("s")
        return lambda a: _shift(a, unit, -n)
    if m := _MD.search(s):
        month, day = _month(m[1]), _day(m[2])
        return lambda a: _month_day(a, month, day)
    if m := _DM.search(s):
        month, day = _month(m[2]), _day(m[1])
        return lambda a: _month_day(a, month, day)
    if m := _THIS_UNIT.search(s):
        which, unit = m[1], m[2]
        step = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
        return lambda a: _shift(a, unit, step)
    if m := _WEEKDAY.search(s):
        wd = WEEKDAYS[m[0]]
        forward = bool(re.search(r"\b(next|coming|this coming)\b", s))
        return lambda a: (_weekday(a, wd, forward).isoformat(), "day")
    if m := _MONTH.search(s):
        month = _month(m[1])
        if re.search(r"\bnext\b", s):
            return lambda a: (_month_after(a, month), "month")
        strict = bool(re.search(r"\blast\b", s))
        return lambda a: (_month_before(a, month, strict), "month")
    return None


def _shift(a: date, unit: str, n: int) -> tuple[str, str]:
    if unit == "day":
        return (a + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        return (a + timedelta(weeks=n)).strftime("%Y-%m"), "month"
    if unit == "month":
        y, m = divmod(a.year * 12 + a.month - 1 + n, 12)
        return f"{y}-{m + 1:02d}", "month"
    return str(a.year + n), "year"


def _month_before(a: date, month: int, strict: bool) -> str:
    """The latest ``month`` at or before the anchor's month (strictly before for "last")."""
    year = a.year if (month < a.month or (month == a.month and not strict)) else a.year - 1
    return f"{year}-{month:02d}"


def _month_after(a: date, month: int) -> str:
    year = a.year if month > a.month else a.year + 1
    return f"{year}-{month:02d}"


def _month_day(a: date, month: int, day: int) -> tuple[str, str]:
    # News mostly reports the past: take this year's date unless it lies well ahead.
    year = a.year
    d = _safe_date(year, month, day)
    if d is not None and d - a > timedelta(days=60):
        year -= 1
    d = _safe_date(year, month, day)
    return (d.isoformat(), "day") if d else (f"{year}-{month:02d}", "month")


def _weekday(a: date, wd: int, forward: bool) -> date:
    if forward:
        return a + timedelta(days=(wd - a.weekday()) % 7 or 7)
    return a - timedelta(days=(a.weekday() - wd) % 7)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(re.match(r"\d+", text)[0])  # type: ignore[index]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None
