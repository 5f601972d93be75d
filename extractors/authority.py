"""The deciding body, its authority and the date of the meeting that took the decision.

`read_meeting(text, start, end, stamps)` reads the zone text[start:end] of one deliberation (the
whole file will do) and returns a `Meeting`.

Meeting date — every printed date is weighed by what stands before it (`lexicon/bodies.json`,
`date_cues`); the date with the most weight is the meeting's:
- the meeting's heading: `Séance du Lundi 30 janvier 2023`, `SÉANCE DU CONSEIL MUNICIPAL EN DATE DU
  28 JUIN 2022`, `CONSEIL MUNICIPAL DU 20 FÉVRIER 2023.`, `BUREAU du lundi 16 janvier 2023`,
  `Date de séance : 30 novembre 2020`, `Objet : Procès-verbal du comité syndical du mardi 17 décembre 2019`;
- the register's opening: `L'an deux mille vingt-trois, le dix-sept du mois de février`, `L’an 2023, le 29
  mars à 19h05`, `Le lundi treize février deux-mille-vingt-trois à dix-neuf heures`;
- the meeting verb: `Le Conseil Municipal s’est réuni le 17 mars 2023`, `se sont réunis le lundi 16 juin 2014`;
- a list of acts: `Délibération n° 2022-12-09/01 examinée le 9 décembre 2022`, `LISTE DES DELIBERATIONS
  EXAMINEES PAR LE CONSEIL MUNICIPAL LE 3 OCTOBRE 2022`;
- a date and an hour at the top: `Vendredi 29 janvier 2021, 18:30.`, `Mercredi 21 Février à 19h30`
  (no year printed: the year of the document's other dates).
Never the meeting's date: a convocation (`convoqué le sept février`), a posting (`Affichée le : 07/02/2023`),
a transmission (`Reçu en préfecture le 09/02/2023`), minutes approved (`Approbation du compte rendu de la
séance du 12 octobre 2022`), a cited act (`Vu la délibération du Conseil municipal du 26 janvier 2021`).
Where the heading and the register disagree on the year only (`Séance du Lundi 30 janvier 2023` but
`L’An deux mille vingt-deux, le Lundi trente janvier`) the register's year is a template's leftover;
the stamp's act date (`…-20230130-…-DE`) and a weekday that fits the date decide between equals.
In a list of several meetings (`CONSEIL COMMUNAUTAIRE DU 2 MARS 2022 … CONSEIL COMMUNAUTAIRE DU 30
MARS 2022 …`) a zone without its own heading belongs to the last heading before it.

Body and authority — see `_read_body`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .dates import DateMention, find_dates
from .models import Authority, Span, Stamp
from .normalize import fold, place_key

_LEXICON_DIR = Path(__file__).parent / "lexicon"
_BODIES = json.loads((_LEXICON_DIR / "bodies.json").read_text("utf-8"))
_CUES = _BODIES["date_cues"]
_EXCLUDE = [
    (re.compile(rf"(?:{c['pattern']})[\w']*\s*(?:[:(]\s*)?(?P<rest>[^.;!?]{{0,{c['reach']}}})$"), c["rescued"])
    for c in _CUES["exclude"]
]
_RESCUE = re.compile(r"(?<![a-z])(?:seance|reunion|session)(?![a-z])")
_CITATION = re.compile(_CUES["citation"]["pattern"])
_CITATION_UNLESS = re.compile(_CUES["citation"]["unless"])
_WEIGHTED = [
    (name, _CUES[name]["weight"], re.compile(_CUES[name]["pattern"]))
    for name in ("minutes_heading", "heading", "met", "list", "body")
]
_TIME_AFTER = re.compile(_CUES["time_after"]["pattern"])
_TIME_BONUS = _CUES["time_after"]["bonus"]
_REGISTER_WEIGHT = 2.5  # "L'an deux mille vingt, le trente novembre" and dates whose year is in words
_TOP_WEIGHT = 1.0  # a date in the first lines of the zone, nothing before it that says otherwise
_HEAD = 4000  # dates beyond the zone's first characters weigh less: the body of the act cites dates
_FAR = 0.3
_TAIL = 200  # a heading in the last characters of a zone opens the next meeting
_BEFORE = 1.1  # the last heading before the zone, against a date inside it
_HEADINGS = ("heading", "minutes_heading", "list")


@dataclass
class Meeting:
    body: str | None
    body_kind: str | None  # conseil municipal, conseil communautaire, conseil départemental, ...
    authority: Authority | None
    meeting_date: str | None
    meeting_date_span: Span | None


@dataclass
class _Candidate:
    mention: DateMention
    weight: float
    cue: str


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=4)
def _candidates(text: str) -> tuple[_Candidate, ...]:
    """Every date of `text` with the weight of what stands before it (0: not a meeting's date)."""
    folded = _folded(text)
    mentions = find_dates(text, folded=folded)
    out = []
    previous_end = 0
    for m in mentions:
        before = folded[max(previous_end, m.start - 100) : m.start]
        previous_end = m.end
        weight, cue = _weigh(before, m)
        if weight > 0 and _TIME_AFTER.match(folded, m.end, m.end + 40):
            weight += _TIME_BONUS
        if weight > 0 and m.weekday_agrees():
            weight += 0.2
        out.append(_Candidate(m, weight, cue))
    return tuple(out)


def _weigh(before: str, m: DateMention) -> tuple[float, str]:
    if m.form != "register":
        for pattern, rescued in _EXCLUDE:
            x = pattern.search(before)
            if x and not (rescued and _RESCUE.search(x.group("rest"))):
                return 0.0, "excluded"
    if _CITATION.search(before) and not _CITATION_UNLESS.search(before):
        return 0.0, "citation"
    for name, weight, pattern in _WEIGHTED:
        if pattern.search(before):
            return weight, name
    if m.form == "register" or m.words_year:
        return _REGISTER_WEIGHT, "register"
    return _TOP_WEIGHT, "top"  # kept only near the top of a zone (see _choose)


def _choose(cands: list[tuple[_Candidate, float]], stamp_dates: set[str], year_hint: int | None):
    """The meeting's date among weighted candidates: (iso, mention) or None."""
    groups: dict[tuple[int, int], list[tuple[_Candidate, float]]] = {}
    for c, w in cands:
        if w > 0:
            groups.setdefault((c.mention.day, c.mention.month), []).append((c, w))
    best = None
    for (day, month), members in groups.items():
        years = Counter()
        for c, w in members:
            if c.mention.year:
                years[c.mention.year] += w + (1.0 if c.cue in ("heading", "minutes_heading") else 0.0)
        for y in list(years):
            if f"{y:04d}-{month:02d}-{day:02d}" in stamp_dates:
                years[y] += 2.0
        year = years.most_common(1)[0][0] if years else year_hint
        if year is None:
            continue
        weights = sorted((w for _, w in members), reverse=True)
        score = weights[0] + 0.25 * sum(weights[1:])
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        if iso in stamp_dates:
            score += 1.0
        lead = max(members, key=lambda cw: (cw[1], cw[0].mention.year == year))[0].mention
        if best is None or score > best[0]:
            best = (score, iso, lead)
    return None if best is None else (best[1], best[2])


def _meeting_date(text: str, start: int, end: int, stamps) -> tuple[str | None, Span | None]:
    all_cands = _candidates(text)
    stamp_dates = {s.date for s in stamps if s.date and (s.nature in (None, "DE") or True)}
    in_zone = [c for c in all_cands if start <= c.mention.start < end]
    before = None
    if start > 0:
        # the meeting a zone without its own heading belongs to: the last heading before it, else
        # the register's opening
        earlier = [c for c in all_cands if c.mention.end <= start and c.weight > _TOP_WEIGHT]
        before = next((c for c in reversed(earlier) if c.cue in _HEADINGS), None)
        if before is None and earlier:
            before = max(earlier, key=lambda c: (c.weight, -c.mention.start))
    weighted = []
    for c in in_zone:
        w = c.weight
        offset = c.mention.start - start
        if c.cue == "top" and offset > 250:
            continue
        if offset > _HEAD:
            w *= _FAR
        if before is not None and c.cue in _HEADINGS and end - c.mention.end < _TAIL:
            continue
        weighted.append((c, w))
    if before is not None:
        weighted.append((before, before.weight * _BEFORE))
    years = Counter(c.mention.year for c, _ in weighted if c.mention.year)
    year_hint = years.most_common(1)[0][0] if years else None
    if year_hint is None:
        years = Counter(int(d[:4]) for d in stamp_dates)
        year_hint = years.most_common(1)[0][0] if years else None
    chosen = _choose(weighted, stamp_dates, year_hint)
    if chosen is None:
        # nothing printed says it: the date of a deliberation's stamp
        dated = [s for s in stamps if s.date and s.nature == "DE"]
        if dated:
            return Counter(s.date for s in dated).most_common(1)[0][0], None
        return None, None
    iso, mention = chosen
    return iso, Span(mention.start, mention.end)


def read_meeting(text: str, start: int, end: int, stamps: list[Stamp] = ()) -> Meeting:
    """The body, authority and meeting date of the deliberation in text[start:end]."""
    meeting_date, span = _meeting_date(text, start, end, stamps)
    body, kind, authority = _read_body(text, start, end, stamps)
    return Meeting(body, kind, authority, meeting_date, span)


def _read_body(text: str, start: int, end: int, stamps) -> tuple[str | None, str | None, Authority | None]:
    return None, None, None
