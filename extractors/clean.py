"""Step 1: clean the text read from a file, keeping every character where it was.

`clean(text)` returns a string of exactly the same length as its input: what is noise is overwritten
with spaces, never removed, so a character offset in the cleaned text is also an offset in the source
file and every span the later steps find is a span of the source. What is cleaned:

- markdown: bold/italic markers (`**DECIDE**`), superscripts (`3^{ème}` -> `3ème`), setext underlines
  (a line of `--` or `==`), heading hashes (`## Titre`), table pipes (`| a | b |`), link targets
  (`[texte](https://...)` -> `texte`);
- PDF extraction: page markers on their own line (`1 / 3`, `- 2 -`, `Page 2 sur 5`), bare page numbers
  on their own line (`555`), private-use bullet glyphs (U+F0B7), non-breaking and odd spaces, tabs.

`normalize_space(fragment)` turns a span of cleaned text into a value: words split at a line end are
re-joined (`Nu-\\nmériques` -> `Numériques`, but `BEN-\\nAMARA` -> `BEN-AMARA`), runs of white
space become one space.
"""

from __future__ import annotations

import re

_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\t\f\v]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_SUPERSCRIPT = re.compile(r"\^\{([^}\n]{1,6})\}")
# emphasis may wrap over lines, but not over a blank line
_MD_EMPHASIS = re.compile(
    r"(?<![\w*])(\*{1,3}|_{2,3})(?=[^\s*_])((?:(?!\n[ \t]*\n)[\s\S]){1,400}?)(?<=\S)\1(?![\w*])"
)
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|mailto:|#)[^)\s]*\)")
_SETEXT = re.compile(r"^[ \t]*(?:-{2,}|={2,})[ \t]*$", re.M)
_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]", re.M)
_TABLE_PIPE = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_PAGE_MARKER = re.compile(
    r"^[ \t]*(?:\d{1,4}[ \t]*/[ \t]*\d{1,4}|-[ \t]*\d{1,4}[ \t]*-|(?:page|p\.)[ \t]*\d{1,4}(?:[ \t]*(?:/|sur)[ \t]*\d{1,4})?|\d{1,4})[ \t]*$",
    re.M | re.I,
)
_LINE_END_HYPHEN = re.compile(r"(\w)-[ \t]*\n[ \t]*(?=[a-zà-öø-ÿ])")
_WHITESPACE = re.compile(r"\s+")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def clean(text: str) -> str:
    """Overwrite layout noise with spaces; the result has the same length as `text`."""
    text = _SPACES.sub(" ", text)
    text = _PRIVATE_USE.sub(" ", text)
    text = _SUPERSCRIPT.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
    text = _MD_LINK.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)
    text = _MD_EMPHASIS.sub(
        lambda m: " " * len(m.group(1)) + m.group(2) + " " * len(m.group(1)), text
    )
    text = _SETEXT.sub(_blank, text)
    text = _HEADING.sub(lambda m: " " * len(m.group(0)), text)
    text = _TABLE_PIPE.sub(lambda m: m.group(0).replace("|", " "), text)
    text = _PAGE_MARKER.sub(_blank, text)
    return text


def normalize_space(fragment: str) -> str:
    """A value from a stretch of cleaned text: line-end hyphenation undone, white space folded."""
    fragment = re.sub(r"(?<=\s)-[ \t]*\n", "- ", fragment)  # a dash, not a hyphen: "E.P.L.E -\nPROGRAMMATION"
    fragment = _LINE_END_HYPHEN.sub(r"\1", fragment)
    fragment = re.sub(r"(?<=\S)-[ \t]*\n[ \t]*", "-", fragment)
    return _WHITESPACE.sub(" ", fragment).strip()
