"""French dates as printed in deliberations, to ISO 8601.

Forms handled:
- numeric: `01/07/2021`, `1.7.2021`, `01-07-2021`, a two-digit year `27/03/23`;
- words: `9 DÉCEMBRE 2024`, `1er avril 2020`, `lundi 30 novembre 2020`;
- all in words, as in municipal registers: `L'an deux mille vingt, le trente novembre`
  (`parse_register_date`);
- `find_dates` reads every date of a stretch of text, with where it is: the forms above and
  `le quinze février deux mille vingt-trois`, `le 13 du mois de janvier`, `LE DIX-SEPT DECEMBRE
  DEUX-MILLE DIX-NEUF`, `deux mil vingt et deux` (2022), `L'an 2023, le 29 mars`, `L'an deux mille
  vingt-trois et le vingt février`, and dates without a year (`Mercredi 21 Février à 19h30`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date

from .normalize import fold

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


def parse_number_words(words: str) -> int | None:  # noqa: C901 - one small state machine
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


# ---------------------------------------------------------------- every date of a text, with its span


_NUM = r"(?:premier|une|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente)(?![a-z])"
_DAY_WORDS = rf"{_NUM}(?:[\s-]+(?:et[\s-]+)?{_NUM}){{0,2}}"
# "deux mille vingt-trois", "deux-mille-vingt-trois", "DEUX MIL VINGT", "deux mil vingt et deux"
_YEAR_WORDS = rf"deux[\s-]*mil(?:le)?s?(?![a-z])(?:[\s-]+(?:et[\s-]+)?(?:{_NUM}|cents?(?![a-z]))){{0,4}}"
_MONTHS_FOLDED = r"(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
_DAY = rf"(?:\d{{1,2}}|{_DAY_WORDS})(?:er|eme|e)?"
_MONTH_OF = r"(?:du\s+mois\s+d(?:e\s+|'\s*))?"
# on folded text (lower case, no accents): one pass finds the three forms
_ANY_DATE = re.compile(
    # L'an deux mille vingt, le trente novembre / L'an 2023, le 29 mars / L'an ... et le vingt février
    rf"(?P<reg>l'\s?an\s+(?P<ry>\d{{4}}|{_YEAR_WORDS})\s*,?\s*(?:et\s+)?le\s+(?:(?P<rwd>{_WEEKDAY})\s+)?"
    rf"(?P<rd>{_DAY})\s+{_MONTH_OF}(?P<rm>{_MONTHS_FOLDED})(?![a-z]))"
    # 16/02/2023, 16.02.2023, 27/03/23
    rf"|(?P<num>(?<![\d/.-])(?P<nd>\d{{1,2}})\s?(?P<sep>[/.-])\s?(?P<nm>\d{{1,2}})\s?(?P=sep)\s?(?P<ny>\d{{4}}|\d{{2}})(?![\d/-]|\.\d))"
    # [lundi] 30 janvier 2023, le quinze février deux mille vingt-trois, 21 février (no year)
    rf"|(?P<word>(?:(?P<wwd>{_WEEKDAY})[\s,]+)?(?<![a-z0-9])(?P<wd>{_DAY})\s+{_MONTH_OF}(?P<wm>{_MONTHS_FOLDED})(?![a-z])"
    rf"(?:[\s,]+(?P<wy>\d{{4}}(?!\d)|{_YEAR_WORDS}))?)"
)


@dataclass(frozen=True)
class DateMention:
    """One printed date: where it is, what it says; `year` None where none is printed."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    form: str  # register, numeric, words
    weekday: str | None = None  # as printed, folded
    words_year: bool = False  # the year in words ("deux mille vingt-trois")

    @property
    def iso(self) -> str | None:
        return iso_date(self.year, self.month, self.day) if self.year else None

    def weekday_agrees(self) -> bool | None:
        if not self.weekday or not self.year:
            return None
        try:
            return _WEEKDAYS[_date(self.year, self.month, self.day).weekday()] == self.weekday
        except ValueError:
            return None


def iso_date(year: int, month: int, day: int) -> str | None:
    """ISO 8601 for a day that exists, else None: (2024, 2, 30) -> None."""
    try:
        return _date(year, month, day).isoformat()
    except ValueError:
        return None


def _number(text: str) -> int | None:
    """`13`, `1er`, `trente et un`, `deux mil vingt et deux` -> an integer."""
    digits = re.sub(r"(?<=\d)(?:er|eme|e)$", "", text)
    return int(digits) if digits.isdigit() else parse_number_words(text)


def find_dates(text: str, start: int = 0, end: int | None = None, folded: str | None = None) -> list[DateMention]:
    """Every date printed in text[start:end], in order (`folded` is `normalize.fold(text)` if known)."""
    folded = folded if folded is not None else fold(text)
    out: list[DateMention] = []
    for m in _ANY_DATE.finditer(folded, start, len(folded) if end is None else end):
        if m.group("reg"):
            year, day, month = _number(m.group("ry")), _number(m.group("rd")), MONTHS[m.group("rm")]
            weekday, form, words_year = m.group("rwd"), "register", not m.group("ry").isdigit()
        elif m.group("num"):
            day, month, year = int(m.group("nd")), int(m.group("nm")), int(m.group("ny"))
            year = 2000 + year if year < 100 else year
            weekday, form, words_year = None, "numeric", False
        else:
            day, month = _number(re.sub(r"(?<=\d)(?:er|eme|e)$", "", m.group("wd"))), MONTHS[m.group("wm")]
            year_text = m.group("wy")
            year = _number(year_text) if year_text else None
            weekday, form, words_year = m.group("wwd"), "words", bool(year_text and not year_text.isdigit())
        if day is None or not 1 <= day <= 31 or not 1 <= month <= 12:
            continue
        if year is not None and not 1800 <= year <= 2200:
            year = None if form != "numeric" else year
            if year is not None:
                continue
        if year is not None and iso_date(year, month, day) is None:
            continue
        out.append(DateMention(m.start(), m.end(), day, month, year, form, weekday, words_year))
    return out
