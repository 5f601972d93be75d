"""Step 3d: the decision's articles and the amounts they carry.

Forms handled (real examples):
- article headings: `Article 1 :`, `Article   2   :`, `ARTICLE 1 – Le projet de convention …`,
  `Article 1er :`, `Article unique :`, `Art. 3 -`;
- amounts written with a currency: `16 500 €`, `60 000€`, `3.500 €`, `4 000 euros`, `1 200 € par
  collège`, `20 € par collégien`, `2 594 980 €` (grouping by spaces or dots, decimals after a comma);
- budget-table cells, where `€` is only in a column header (`CP €`, `AP €`, `Dépense €`,
  `Recette €`, `Montant (€)`): `53 500,00 16 500,00`, `8 800` — kept apart, as `in_table` amounts.
"""

from __future__ import annotations

import re

from .clean import normalize_space
from .models import Amount, Article, Span

_HEADING = re.compile(
    r"(?:^[ \t]*|(?<=[.;:])[ \t]+)(?:ARTICLE|Article|Art\.)\s*(\d+|unique|UNIQUE|premier|PREMIER)\s*(?:er|ER)?\s*(?:[:.\-–—]|\n)",
    re.M,
)
# justified PDF text may put two spaces between digit groups: "6  999  947,56  €"
_NUMBER = r"\d{1,3}(?:(?:[.\u202f]| {1,2})\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"
_CURRENCY_AMOUNT = re.compile(rf"(?<![\d,.])({_NUMBER})[ \t]*\n?[ \t]*(?:€|euros?\b|EUR\b)")
_TABLE_HEADER = re.compile(r"[A-Za-zÀ-ÿ][ \t]*\(?[ \t]*€")
_TABLE_CELL = re.compile(r"(?<![\w,./-])(\d{1,3}(?: \d{3})+(?:,\d{2})?|\d+,\d{2})(?![\d,]|[ \t]*\n?[ \t]*€)")


def _value(printed: str) -> float:
    digits = re.sub(r"[ .\u202f]", "", printed.split(",")[0])
    decimals = printed.split(",")[1] if "," in printed else "0"
    return float(f"{digits}.{decimals}")


def find_amounts(text: str, start: int, end: int) -> list[Amount]:
    """Amounts in text[start:end], in document order: currency amounts, then table cells."""
    amounts = [
        Amount(_value(m.group(1)), normalize_space(m.group(0)), Span(m.start(1), m.end()))
        for m in _CURRENCY_AMOUNT.finditer(text, start, end)
    ]
    header = _TABLE_HEADER.search(text, start, end)
    if header:
        line_end = text.find("\n", header.end(), end)
        for m in _TABLE_CELL.finditer(text, line_end if line_end != -1 else end, end):
            amounts.append(Amount(_value(m.group(1)), m.group(1), Span(m.start(1), m.end(1)), in_table=True))
    return amounts


def read_articles(text: str, start: int, end: int) -> list[Article]:
    """The numbered articles of the decision in text[start:end] (`start` is the decision marker)."""
    headings = list(_HEADING.finditer(text, start, end))
    articles = []
    for i, heading in enumerate(headings):
        body_start = heading.end()
        body_end = headings[i + 1].start() if i + 1 < len(headings) else end
        raw = text[body_start:body_end]
        lead = len(raw) - len(raw.lstrip())
        span = Span(body_start + lead, body_start + len(raw.rstrip()))
        label = heading.group(1).lower()
        n = int(label) if label.isdigit() else 1
        articles.append(Article(n, normalize_space(raw), span, find_amounts(text, span.start, span.end)))
    return articles
