"""Step 3d: the decision's articles and the amounts they carry.

`read_articles(text, start, end)` reads text[start:end], from the decision marker ("DECIDE",
"DELIBERE", "Après en avoir délibéré") to the vote, in any layout (one article per line, or the whole
text on one line when line breaks were lost). Forms handled (real examples):

- article headings, at a line start, after a punctuation or inside a line after a space:
  `Article 1 :`, `Article   2   :`, `ARTICLE 1 – Le projet de convention …`, `Article 1er :`,
  `ARTICLE 1er –`, `Article unique :`, `Art. 3 -`, "… DELIBERE Article 1 : Installe Madame …"; a
  heading is the word, a number and a separator (":", ".", "-", "–", "—" or a line end); "l'article 1 :"
  (a citation) is not a heading, and the headings kept are the run numbered 1, 2, 3 …;
- no heading: the single decision paragraph is article 1 ("LE CONSEIL MUNICIPAL DECIDE la cession du
  bien …", "Après en avoir délibéré et à l’unanimité, le bureau communautaire approuve l’attribution
  d’une subvention de 4 400 € …"), at most about 2 000 characters (up to a sentence end);
- amounts written with a currency: `16 500 €`, `60 000€`, `3.500 €`, `4 000 euros`, `1 200 € par
  collège`, `20 € par collégien`, `20€/an`, `2 594 980 €`, `10 000 € HT`, `42 810,00 €`, `4.16 €`,
  `569 468.67 euros`, `946 200.00 euros`, `3342199,28 euros`, `330 000 EUROS` (grouping by spaces or
  dots, decimals after a comma, or after a dot when one or two digits follow);
- budget-table cells, where `€` is only in a column header (`CP €`, `AP €`, `Dépense €`,
  `Recette €`, `Montant (€)`): `53 500,00 16 500,00`, `8 800` — kept apart, as `in_table` amounts.
"""

from __future__ import annotations

import re

from .clean import normalize_space
from .models import Amount, Article, Span

_HEADING = re.compile(
    r"(?:^|(?<=[\s.;:]))(?:ARTICLE|Article|Art\.)[ \t]*(\d+|unique|UNIQUE|premier|PREMIER)[ \t]*(?:er|ER)?"
    r"[ \t]*(?:[:.\-–—](?!\d)|\n)",
    re.M,
)
# justified PDF text may put two spaces between digit groups: "6  999  947,56  €"; decimals after a comma,
# or after a dot when one or two digits follow ("569 468.67 euros", "4.16 €"; "8.024€" is 8 024)
_NUMBER = (
    r"\d{1,3}(?:(?:[.\u202f]| {1,2})\d{3})+(?:[,.]\d{1,2})?(?!\d)"
    r"|\d+(?:[,.]\d{1,2})?(?!\d)"
)
_CURRENCY_AMOUNT = re.compile(rf"(?<![\d,.])({_NUMBER})[ \t]*\n?[ \t]*(?:€|(?i:euros?)\b|EUR\b)")
_TABLE_HEADER = re.compile(r"[A-Za-zÀ-ÿ][ \t]*\(?[ \t]*€")
_TABLE_CELL = re.compile(r"(?<![\w,./-])(\d{1,3}(?: \d{3})+(?:,\d{2})?|\d+,\d{2})(?![\d,]|[ \t]*\n?[ \t]*€)")
_PARAGRAPH_MAX = 2000  # the longest single decision paragraph of the corpus gold is 1 867 characters
_SENTENCE_END = re.compile(r"[.;](?=\s)")
_DECIMALS = re.compile(r"[,.](\d{1,2})$")
_GROUPING = re.compile(r"[ .\u202f]")


def _value(printed: str) -> float:
    """"16 500" -> 16500.0, "42 810,00" -> 42810.0, "569 468.67" -> 569468.67, "8.024" -> 8024.0."""
    m = _DECIMALS.search(printed)
    whole, decimals = (printed[: m.start()], m.group(1)) if m else (printed, "0")
    digits = _GROUPING.sub("", whole)
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


def _numbered_run(headings: list[re.Match]) -> list[tuple[int, re.Match]]:
    """The headings numbered 1, 2, 3 … in order ("unique" and "premier" are 1); others are citations."""
    run: list[tuple[int, re.Match]] = []
    for h in headings:
        label = h.group(1).lower()
        n = int(label) if label.isdigit() else 1
        if n == len(run) + 1:
            run.append((n, h))
    return run


def _span(text: str, a: int, b: int) -> Span:
    raw = text[a:b]
    lead = len(raw) - len(raw.lstrip())
    return Span(a + lead, a + len(raw.rstrip()))


def read_articles(text: str, start: int, end: int) -> list[Article]:
    """The articles of the decision in text[start:end] (`start` is the decision marker): the numbered
    articles, or the single decision paragraph as article 1."""
    run = _numbered_run(list(_HEADING.finditer(text, start, end)))
    articles = []
    for i, (n, heading) in enumerate(run):
        body_end = run[i + 1][1].start() if i + 1 < len(run) else end
        span = _span(text, heading.end(), body_end)
        body = normalize_space(text[span.start : span.end])
        articles.append(Article(n, body, span, find_amounts(text, span.start, span.end)))
    if not articles:
        # one paragraph, not pages: past _PARAGRAPH_MAX characters the stretch runs into what follows the
        # decision (an exposé, the next item of minutes); it stops at the next sentence end
        if end - start > _PARAGRAPH_MAX:
            stop = _SENTENCE_END.search(text, start + _PARAGRAPH_MAX, end)
            end = stop.start() + 1 if stop else end
        span = _span(text, start, end)
        if span.end > span.start:
            body = normalize_space(text[span.start : span.end])
            articles.append(Article(1, body, span, find_amounts(text, span.start, span.end)))
    return articles
