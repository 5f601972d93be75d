"""French dates as printed in deliberations, to ISO 8601.

Forms handled:
- numeric: `01/07/2021`, `1.7.2021`, `01-07-2021`;
- words: `9 DÉCEMBRE 2024`, `1er avril 2020`, `lundi 30 novembre 2020`;
- all in words, as in municipal registers: `L'an deux mille vingt, le trente novembre`
  (`parse_register_date`).
"""

from __future__ import annotations

import re
import unicodedata

MONTHS = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
_UNITS = {
    "un": 1, "premier": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50,
    "soixante": 60, "mille": 1000, "mil": 1000, "cent": 100, "cents": 100,
}

_MONTH_WORD = r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre)"
NUMERIC_DATE = r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"
WORD_DATE = rf"\b(\d{{1,2}})(?:er)?\s+({_MONTH_WORD})\s+(\d{{4}})\b"
DATE = rf"(?:{NUMERIC_DATE}|{WORD_DATE})"
_NUMERIC_RE = re.compile(NUMERIC_DATE)
_WORD_RE = re.compile(WORD_DATE, re.I)


def fold(text: str) -> str:
    """Lower case without accents: `DÉCEMBRE` -> `decembre`."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1800 <= year <= 2200):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str) -> str | None:
    """The first date in `text`, as ISO, or None."""
    numeric = _NUMERIC_RE.search(text)
    words = _WORD_RE.search(text)
    first = min((m for m in (numeric, words) if m), key=lambda m: m.start(), default=None)
    if first is None:
        return None
    if first is numeric:
        day, month, year = (int(g) for g in first.groups())
        return _iso(year, month, day)
    day, month, year = first.groups()
    return _iso(int(year), MONTHS[fold(month)], int(day))


def parse_number_words(words: str) -> int | None:
    """`deux mille vingt-deux` -> 2022, `trente et un` -> 31, `premier` -> 1."""
    total, current = 0, 0
    tokens = re.split(r"[\s-]+", fold(words).strip())
    tokens = [t for t in tokens if t and t != "et"]
    if not tokens:
        return None
    for token in tokens:
        if token not in _UNITS:
            return None
        value = _UNITS[token]
        if value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value == 100:
            current = max(current, 1) * 100
        elif token == "vingt" and current == 4:  # quatre-vingt
            current = 80
        else:
            current += value
    return total + current


_WORDS_DATE = re.compile(
    rf"l['’]an\s+(?P<year>\d{{4}}|[a-zé\s-]+?)\s*,?\s+le\s+(?P<day>\d{{1,2}}|[a-zé\s-]+?)(?:er)?\s+(?P<month>{_MONTH_WORD})",
    re.I,
)


def parse_register_date(text: str) -> str | None:
    """`L'an deux mille dix-neuf, le 30 novembre` -> 2019-11-30 (municipal register opening)."""
    m = _WORDS_DATE.search(text)
    if not m:
        return None
    year_text = m.group("year")
    year = int(year_text) if year_text.isdigit() else parse_number_words(year_text)
    day_text = m.group("day")
    day = int(day_text) if day_text.isdigit() else parse_number_words(day_text)
    if year is None or day is None:
        return None
    return _iso(year, MONTHS[fold(m.group("month"))], day)
