"""The one folding of the project: case, accents, apostrophes, quotes, dashes and spaces.

Every comparison of printed text goes through here — the extractors matching their lexicons, the
identities of members, texts and places (`kg/identity.py`), the scorer (`kg/evaluate.py`) and the
query parameters (`kg/queries.py`) — so that what a user copies from a document is folded exactly
as the stored keys were.

- `fold(text)`: same length as `text` (one character for one), so that an offset found in the folded
  text is an offset in the printed text: `« Éducation » – L’État` -> `" education " - l'etat`.
- `fold_words(text)`: `fold` with white space collapsed and trimmed, for comparing phrases.
- `key(text)`: an identifier-safe key, non-alphanumerics as one hyphen, dots dropped:
  `Dupont-Hérault` -> `dupont-herault`, `L.3121-14` -> `l3121-14`.
- `name_key(name)`: a person's name without civility, hyphens and apostrophes as spaces:
  `Mme Anne-Marie COLIN` -> `anne marie colin`.
- `number_key(number)`: a deliberation or text number without `N°` and spaces: `N° 2019 - 80` -> `2019-80`.
- `article_key(article)`: a code article without `article`, dots and spaces: `Art. L. 3211-2` -> `l3211-2`.
- `place_key(name)`: a place name in upper case, `St`/`Ste` spelled out: `Écourt-St-Quentin` ->
  `ECOURT SAINT QUENTIN`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# one character for one: anything that prints as an apostrophe, a quote, a dash or a space
_SPECIAL = {
    **dict.fromkeys("’‘‛′`´ʼ", "'"),
    **dict.fromkeys("«»“”„‟″", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    **dict.fromkeys("\u00a0\u202f\u2009\u2007\u2002\u2003\t", " "),
}


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch.lower()[:1] or ch


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character (translation stays in C)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case, no accents, one apostrophe, one quote, one dash; same length as `text`."""
    if text.isascii():
        return text.lower()
    return text.translate(_TABLE)


def fold_words(text: str) -> str:
    """`fold` with every run of white space one space, trimmed."""
    return " ".join(fold(text).split())


def key(text: str) -> str:
    """Identifier-safe: folded, ligatures spelled out, dots dropped, other runs of non-alphanumerics `-`."""
    text = fold(text).replace("œ", "oe").replace("æ", "ae").replace(".", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_CIVILITY = re.compile(
    r"^(?:monsieur|madame|mademoiselle|messieurs|mesdames|mme|mlle|mmes|mr|mm|m|dr|docteur|me|maitre)(?:\.|\s|$)\s*"
)


def name_key(name: str) -> str:
    """`Mme Anne-Marie COLIN`, `MADAME ANNE MARIE COLIN.` -> `anne marie colin`."""
    text = fold_words(name).replace("-", " ").replace("'", " ")
    text = re.sub(r"[.,;:]+$", "", text.strip())
    while True:  # "M. et Mme" is rare, but a civility can be doubled by OCR: strip repeatedly
        stripped = _CIVILITY.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return " ".join(text.split())


def number_key(number: str) -> str:
    """`N° 2019 - 80`, `n°2019-80` -> `2019-80`."""
    text = fold_words(number).replace(" ", "")
    return re.sub(r"^(?:n[°o]\.?|numero)", "", text)


def article_key(article: str) -> str:
    """`Art. L. 3211-2`, `article L3211-2` -> `l3211-2`."""
    text = re.sub(r"^(?:articles?|art\.?)\s*", "", fold_words(article))
    return re.sub(r"[.\s]", "", text)


_PLACE_ABBREVIATIONS = {"ST": "SAINT", "STE": "SAINTE", "LEZ": "LES"}


def place_key(name: str) -> str:
    """`Écourt-Saint-Quentin`, `ECOURT ST QUENTIN` -> `ECOURT SAINT QUENTIN`."""
    text = fold(name).replace("œ", "oe").replace("æ", "ae").upper()
    words = re.sub(r"['\-_./\"]", " ", text).split()
    return " ".join(_PLACE_ABBREVIATIONS.get(w, w) for w in words)
