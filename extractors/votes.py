"""Step 3c: the vote block — counts per option, the groups named for each, outcome, unanimity.

Forms handled (real examples):
- `Pour : 44 voix (Groupe Socialiste, Républicain et Citoyen ; Groupe Communiste et Républicain ;
  Non-inscrit)` / `Contre : 0 voix` / `Abstention : 1 voix (Groupe Socialiste, Républicain et
  Citoyen)` / `Absent sans délégation de vote : 1 (Groupe …)` / `(Adopté)` — groups are separated by
  `;` because a group's name may hold commas; the block may be on one line;
- `Votants : 23 Pour : 20 Contre : 2 Abstentions : 1`, `Pour : 20, Contre : 2, Abstention(s) : 1`;
- `adopté par 20 voix pour, 3 voix contre et 2 abstentions`;
- `Adoptée à l'unanimité`, `à l'unanimité des membres présents` (unanimity is true only where printed;
  with no counts printed, the counts follow from the number of voters when it is printed:
  `Membres votants : 6`);
- outcome as printed: `Adopté`, `Adoptée à l'unanimité`, `Rejeté`.
"""

from __future__ import annotations

import re

from .clean import normalize_space
from .models import Span, Vote

_COUNT = r"(\d+)(?:\s*voix)?"
# the groups follow in parentheses on the same or the next line ("(Adopté)" after a blank line is not one)
_GROUPS = r"(?:[ \t]*(?:\n[ \t]*)?\((?!\s*(?:Adopt|Rejet|Approuv))([^()]*(?:\([^()]*\)[^()]*)*)\))?"
_OPTIONS = {
    "for_": re.compile(rf"\bPour\s*:\s*{_COUNT}{_GROUPS}", re.I),
    "against": re.compile(rf"\bContre\s*:\s*{_COUNT}{_GROUPS}", re.I),
    "abstention": re.compile(rf"\bAbstentions?(?:\s*\(s\))?\s*:\s*{_COUNT}{_GROUPS}", re.I),
    "absent_without_delegation": re.compile(
        rf"\bAbsents?(?:\(s\))?\s+sans\s+d[ée]l[ée]gation(?:\s+de\s+vote)?\s*:\s*{_COUNT}{_GROUPS}", re.I
    ),
}
_VOTERS = re.compile(r"\b(?:Nombre\s+de\s+)?(?:membres\s+)?votants\s*:\s*(\d+)", re.I)
_INLINE = re.compile(
    r"\bpar\s+(\d+)\s+voix\s+pour(?:\s*,\s*|\s+et\s+)?(?:(\d+)\s+(?:voix\s+)?contre)?(?:\s*,\s*|\s+et\s+)?"
    r"(?:(\d+)\s+abstentions?)?",
    re.I,
)
_OUTCOME = re.compile(
    r"\(?\b((?:Adopt[ée]e?s?|Rejet[ée]e?s?|Approuv[ée]e?s?)(?:\s+(?:(?:à|a)\s+l['’]unanimit[ée]|(?:à|a)\s+la\s+majorit[ée](?:\s+absolue)?)"
    r"(?:\s+des\s+(?:membres\s+pr[ée]sents(?:\s+et\s+repr[ée]sent[ée]s)?|suffrages\s+exprim[ée]s|votants))?)?)\b\)?",
    re.I,
)
_UNANIMITY = re.compile(r"\b(?:à|a)\s+l['’]unanimit[ée]", re.I)


def _groups(raw: str | None) -> list[str]:
    if not raw:
        return []
    return [g for g in (normalize_space(part) for part in raw.split(";")) if g]


def read_vote(text: str, start: int, end: int, voters_hint: int | None = None) -> Vote | None:
    """The vote printed in text[start:end], or None when nothing of a vote is printed there."""
    vote = Vote()
    found = []
    for option, pattern in _OPTIONS.items():
        m = pattern.search(text, start, end)
        if m:
            setattr(vote, option, int(m.group(1)))
            setattr(vote, option.rstrip("_") + "_groups", _groups(m.group(2)))
            found.append(m)
    inline = _INLINE.search(text, start, end) if not found else None
    if inline:
        vote.for_ = int(inline.group(1))
        vote.against = int(inline.group(2) or 0)
        vote.abstention = int(inline.group(3) or 0)
        found.append(inline)
    voters = _VOTERS.search(text, start, end)
    if voters:
        vote.voters = int(voters.group(1))
        found.append(voters)
    outcome = _OUTCOME.search(text, start, end)
    if outcome:
        vote.outcome = normalize_space(outcome.group(1))
        found.append(outcome)
        if _UNANIMITY.search(outcome.group(1)):
            vote.unanimity = True
    if not found:
        return None
    voters_count = vote.voters if vote.voters is not None else voters_hint
    if vote.unanimity and vote.for_ is None and voters_count is not None:
        # "Adoptée à l'unanimité" with "Membres votants : 6": every voter voted for
        vote.for_, vote.against, vote.abstention = voters_count, 0, 0
    if vote.for_ is not None:
        vote.against = 0 if vote.against is None else vote.against
        vote.abstention = 0 if vote.abstention is None else vote.abstention
    if vote.absent_without_delegation is None and vote.for_ is not None:
        vote.absent_without_delegation = 0
    vote.span = Span(min(m.start() for m in found), max(m.end() for m in found))
    return vote
