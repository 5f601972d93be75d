"""Step 3b: who took no part in a deliberation, and who voted for whom.

Forms handled (real examples):
- recusal, one or several names, civility spelt out or abbreviated:
  `Madame Sophie RENARD, intéressée à l'affaire, n'a pris part ni au débat, ni au vote.`
  `Madame Nadia BERTIN et M. Jacques LAMBERT, intéressés à l'affaire, n'ont pris part ni au
  débat, ni au vote.`
  `M. Jean DUPONT ne prend pas part au vote.` / `M. Jean DUPONT, conseiller intéressé, s'est retiré
  et n'a pas pris part au vote.` / `Mme Anne MARTIN ne participe pas au vote.`
- no delegation: `Monsieur Éric MASSON, intéressé à l'affaire et excusé, n'a pas donné de délégation
  de vote pour ce rapport.` (such a member is not counted as recused);
- proxies in the body: `M. Jean DUPONT a donné pouvoir à Mme Anne MARTIN`, `procuration de M. X à M. Y`.
"""

from __future__ import annotations

import re

from .clean import normalize_space
from .models import Person, Proxy, Recusal, Span
from .names import BARE_NAME, CIVILITY, NAME, is_name, read_name_list

# The phrases are searched first (cheap); the names are then read back from the sentence's start.
_RECUSAL = re.compile(
    r"n['’]\s*(?:a|ont)\s+pris\s+part\s+ni\s+au\s+d[ée]bat\s*,?\s+ni\s+au\s+vote"
    r"|n['’]\s*(?:a|ont)\s+pas\s+pris\s+part\s+(?:au\s+d[ée]bat\s+(?:et|ni)\s+)?au\s+vote"
    r"|ne\s+(?:prend|prennent|participe|participent)\s+pas\s+(?:part\s+)?(?:au\s+d[ée]bat\s+(?:et|ni)\s+)?au\s+vote",
    re.I,
)
_NO_DELEGATION = re.compile(
    r"n['’]\s*(?:a|ont)\s+pas\s+donn[ée]\s+de\s+(?:d[ée]l[ée]gation(?:\s+de\s+vote)?|pouvoir|procuration)", re.I
)
_PROXY = re.compile(
    r"(?:a|ont)\s+donn[ée]\s+(?:pouvoir|procuration|d[ée]l[ée]gation\s+de\s+vote)\s+[àa]\s+", re.I
)
# a sentence ends with ".", ";" or ":" (not the period of "M." or "Mme.") or at a blank line
_SENTENCE_END = re.compile(r"(?<!\bM)(?<!\bMM)[.;:](?=\s)|\n[ \t]*\n")
_NAME_AT = re.compile(rf"\s*({NAME})")
_CIVIL_NAME = re.compile(rf"{CIVILITY}\s+{BARE_NAME}")


def _sentence_start(text: str, pos: int, floor: int) -> int:
    window_start = max(floor, pos - 400)
    last = None
    for m in _SENTENCE_END.finditer(text, window_start, pos):
        last = m
    return last.end() if last else window_start


def _subjects(text: str, start: int, end: int) -> list[Person]:
    """The people a clause is about: the names that open it, or else those with a civility in it."""
    people, _ = read_name_list(text, start, end)
    if people:
        return people
    found = []
    for m in _CIVIL_NAME.finditer(text, start, end):
        if is_name(m.group(0)):
            found.append(Person(normalize_space(m.group(0)), Span(m.start(), m.end())))
    return found


# the same, written as a label: "Ne prend pas part au vote : M. Jean DUPONT"
_RECUSAL_LABEL = re.compile(
    r"(?:ne\s+(?:prend|prennent|participe|participent)\s+pas\s+(?:part\s+)?au\s+vote"
    r"|n['’]\s*(?:a|ont)\s+pas\s+pris\s+part\s+au\s+vote|non[- ]participation\s+au\s+vote)\s*(?:\(\s*\d+\s*\))?\s*:\s*",
    re.I,
)


def find_recusals(text: str, start: int, end: int) -> list[Recusal]:
    """Members who took no part in the debate and vote, in document order."""
    recusals = []
    for m in _RECUSAL_LABEL.finditer(text, start, end):
        people, stop = read_name_list(text, m.end(), min(end, m.end() + 2000))
        note = normalize_space(text[m.start() : m.end()]).rstrip(" :")
        recusals.extend(Recusal(person, note, Span(m.start(), stop)) for person in people)
    for m in _RECUSAL.finditer(text, start, end):
        if _RECUSAL_LABEL.match(text, m.start()):
            continue
        sentence = _sentence_start(text, m.start(), start)
        people = _subjects(text, sentence, m.start())
        if not people:
            continue
        note = normalize_space(text[people[-1].span.end : m.end()]).lstrip(",; ")
        closing = _SENTENCE_END.search(text, m.end(), min(end, m.end() + 3))
        span = Span(people[0].span.start, closing.start() + 1 if closing else m.end())
        recusals.extend(Recusal(person, note, span) for person in people)
    return recusals


def find_no_delegation(text: str, start: int, end: int) -> list[Person]:
    """Excused or absent members who gave no proxy for this item."""
    people = []
    for m in _NO_DELEGATION.finditer(text, start, end):
        people.extend(_subjects(text, _sentence_start(text, m.start(), start), m.start()))
    return people


def find_proxies(text: str, start: int, end: int) -> list[Proxy]:
    """Proxies written as sentences in the body (`M. X a donné pouvoir à Mme Y`)."""
    proxies = []
    for m in _PROXY.finditer(text, start, end):
        givers = _subjects(text, _sentence_start(text, m.start(), start), m.start())
        holder = _NAME_AT.match(text, m.end())
        if not givers or not holder or not is_name(holder.group(1)):
            continue
        holder_person = Person(normalize_space(holder.group(1)), Span(holder.start(1), holder.end(1)))
        for giver in givers:
            proxies.append(Proxy(giver, holder_person, Span(giver.span.start, holder.end(1))))
    return proxies
