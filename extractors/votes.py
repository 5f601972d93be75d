"""Step 3c: the vote — counts per option, the groups and members named for each, outcome, unanimity.

`read_vote(text, start, end, voters_hint=None)` reads the vote printed in `text[start:end]`: one
deliberation's text from its decision (or its title, for a line of a summary list) to its end. The
patterns live in `lexicon/votes.json` and match the folded text (`normalize.fold`, same length), so
every offset is an offset in `text`; values are read from the printed text.

Forms handled (real examples):
- labelled counts, on one line or several: `Pour : 44 voix (Groupe Socialiste, Républicain et
  Citoyen ; Groupe Communiste et Républicain ; Non-inscrit)` / `Contre : 0 voix` / `Abstention : 0 voix`
  / `Absent sans délégation de vote : 1 (Groupe …)` — groups are separated by `;` because a group's
  name may hold commas; `POUR : 27 CONTRE : 0 ABSTENTION : 0`; `Pour : 15 Contre : 0 [page header]
  Abstention : 0`; `Nombre de votants : 30 Abstention : 0 Opposition : 0 Approbation : 30`
  (opposition = contre, approbation = pour); `/` or `néant` as a count is 0;
- counts after their number: `Délibération adoptée par : 46 voix Pour, 1 abstention et 5 ne prenant
  pas part au vote`, `ADOPTÉ 9 voix pour, 5 abstentions.`, `2 votes contre 1 abstention 9 votes pour`,
  `28 VOIX POUR et 2 ABSTENTIONS`, `par 20 voix pour, 3 voix contre et 2 abstentions`; counts in
  words (`une abstention`, `deux abstentions`) next to another count;
- named dissenters: `à la majorité absolue (49 voix Pour et 4 abstentions : Gilbert FOUCAULT,
  Nadège CHARRIER, Daniel BOISSIÈRE et Michel VIGNAUD)` -> `abstention_names`; `Le procès-verbal est
  approuvé, Monsieur Serge DORVAL s’abstient de voter.` -> abstention 1 and the name;
- flattened vote grids: `Votes pour : Votes contre : Abstentions : 41 0 0` (counts in the order of
  the labels), `Pour Contre Abstention 24 …`, `Pour Contre Abstention UNANIMITE`, `Pour UNANIMITE
  Contre Abstention` (outcome `UNANIMITE`), table rows `Pour 27 Contre 0 Abstention 0`;
- unanimity: `à l'unanimité`, `à l’unanimité des présents`, `à l'unanimité des membres présents et
  représentés`, `ADOPTEE A L'UNANIMITE`, `Le Conseil approuve à l’unanimité …`, `Accord à
  l’unanimité` — the outcome is the printed phrase with the word of the result just before it
  (`adopté à l’unanimité`, `décident à l’unanimité`);
- majority: `adopté à la majorité`, `à la majorité absolue (…)`, `LE CONSEIL MUNICIPAL A la majorité
  par 53 voix pour` — read only next to a word of the result, of the deliberation or of the body;
- outcome words alone: `(Adopté)`, `ADOPTÉE`, `APPROUVEE`, `Le procès-verbal est validé.`,
  `approuve par 25 voix pour`, `Accord à 29 VOIX POUR`; in a summary list's line `… — approuvée`,
  `SIAEP Modification des statuts validée`; `Il est pris acte du présent rapport`, `PREND ACTE`;
- a secret ballot or an election (`au scrutin secret`, `à bulletin secret`) -> `ballot`;
- the number of voters: `Votants : 27`, `Ayant pris part au vote : 53`, `Votes comptabilisés 39`.

`outcome` is the printed wording, null where only counts are printed. `unanimity` is True only where
printed. Unprinted counts stay null; where only unanimity is printed, `for` is the number of voters
when one is printed (in the zone, else `voters_hint`), against and abstention 0.

A vote quoted from elsewhere is not the deliberation's vote: the secretary's designation (`désignée
secrétaire de séance à l’unanimité`), a "Vu" clause (a commission's opinion `(pour : 12 ; contre : 0
; abstentions : 1)`), a text adopted by another body or at another date (`approuvé par délibération
…`, `adopté à l'unanimité par le conseil communautaire`), a rule stated with a modal (`peut décider à
l’unanimité de ne pas procéder au scrutin secret`), or words inside « quotation marks ».
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .clean import normalize_space
from .models import Span, Vote
from .normalize import fold

_LEX = json.loads((Path(__file__).parent / "lexicon" / "votes.json").read_text(encoding="utf-8"))


def _alt(entries: list[dict], label_only: bool | None = None) -> str:
    return "|".join(
        f"(?:{e['pattern']})" for e in entries if label_only is None or bool(e.get("label_only")) == label_only
    )


_OPTIONS = ("for_", "against", "abstention", "not_voting", "absent_without_delegation")
_WORDS = _LEX["count_words"]["words"]
_WORD_RE = "|".join(sorted(_WORDS, key=len, reverse=True))
_NONE = "|".join(re.escape(m) for m in _LEX["count_words"]["none_marks"] if m != "-")
_VALUE = rf"(\d+|{_NONE})"

# "Pour : 44 voix (groups)": a label, ':', a count, 'voix', the groups in parentheses (one pattern, one scan)
_LABELLED = re.compile(
    r"(?<![\w'])(?:" + "|".join(f"(?P<{opt}>{_alt(_LEX['options'][opt])})" for opt in _OPTIONS) + ")"
    # not a date, an hour, an amount or a thousands group ("Pour : 1 500 €")
    rf"\s*:\s*(?P<v>\d+(?!\d)|{_NONE})(?!\s*[/h]\s*\d)(?![ .]\d{{3}}\b)(?!\s*(?:€|euros?\b|%|[.,]\d))(?:\s*voix\b)?"
)
# "46 voix Pour", "2 abstentions", "une abstention", "5 ne prenant pas part au vote"
_INLINE_OPTIONS = ("for_", "against", "abstention", "not_voting")
_INLINE = re.compile(
    rf"(?<![\w,.])(?P<v>\d+|{_WORD_RE})\s+(?P<unit>voix\s+|votes?\s+)?(?:"
    + "|".join(f"(?P<{opt}>{_alt(_LEX['options'][opt], False)})" for opt in _INLINE_OPTIONS)
    + r")\b(?!\s*:\s*\d)"
)
# a table row "Pour 27 Contre 0 Abstention 0"
_ROW = re.compile(r"\bpour\s+(\d+)\s+contre\s+(\d+)(?:\s+abstentions?\s+(\d+))?\b")
# a flattened grid: the labels, then their counts in the same order, or an UNANIMITE cell
_CELL = r"(?:votes?\s+)?pour|(?:votes?\s+)?contre|abstentions?|unanimite"
_GRID = re.compile(rf"\b(?:{_CELL})(?:\s*:?\s+(?:{_CELL})){{1,4}}\b(?:\s*:)?(?P<nums>(?:\s+(?:\d+|{_NONE})(?!\s*[,.]\d)){{0,3}})")
_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
# "Nombre de votants 7 FEVRIER 2020 40 26 3 29" is a flattened table header, not a count
_VOTERS = re.compile(rf"(?<![\w'])(?:{_alt(_LEX['voters']['patterns'])})\s*:?\s*(\d+)(?!\s*(?:{_MONTHS})\b)(?!\d)")

_PART = _alt(_LEX["outcome_words"]["participles"])
_VERB = _alt(_LEX["outcome_words"]["verbs"])
_NOUN = _alt(_LEX["outcome_words"]["nouns"])
_UNANIMITY = re.compile(_LEX["unanimity"]["pattern"])
_GRID_CELL = re.compile(rf"(?<![\w']){_LEX['unanimity']['grid_cell']}\b")  # on the printed text: upper case
_MAJORITY = re.compile(_LEX["majority"]["pattern"])
_MAJORITY_ANCHOR = re.compile(_LEX["majority"]["anchor_before"])
# the word of the result just before "à l'unanimité" / "à la majorité": "ADOPTÉ à l’unanimité"
_RESULT_BEFORE = re.compile(rf"(?<![\w'])(?:{_PART}|{_VERB}|{_NOUN})\s*,?\s*$")
_COUNT_AHEAD = re.compile(rf"^\s*[(:]?\s*(?:par\s*:?\s*)?(?:\d+|{_WORD_RE})\s+(?:voix|votes?)\b")
_PAREN = re.compile(rf"\(\s*((?:{_PART})(?:\s+(?:{_UNANIMITY.pattern}|{_MAJORITY.pattern}))?)\s*\)")
_SENTENCE = re.compile(rf"\b(?:est|sont)\s+((?:{_PART}))(?=\s*(?:[.,;:)]|$))")
_BY_COUNT = re.compile(rf"(?<![\w'])((?:{_PART}|{_VERB}|{_NOUN}))(?:\s+(?:a|par)\s*:?)?\s+(?=(?:\d+|{_WORD_RE})\s+(?:voix|votes?)\b)")
# a verb with its object ("ADOPTE les modifications", "PREND ACTE de"), not an outcome
_OBJECT_AFTER = re.compile(
    r"\s+(?:le|la|les|l['’]|un|une|des|du|de|d['’]|ce|cette|ces|son|sa|ses|leur|leurs|que|qu['’]|à|au|aux|en|par|pour|sur|dans|lors|avec|selon)\b"
)
_BARE = re.compile(rf"(?<![\w'])({_PART})(?![\w'])")
_NOTE = [
    re.compile(e["pattern"]) if not e.get("case_sensitive") else re.compile(e["pattern"])
    for e in _LEX["outcome_words"]["taking_note"]
]
_NOTE_CASE = [bool(e.get("case_sensitive")) for e in _LEX["outcome_words"]["taking_note"]]
_BALLOT = re.compile(_LEX["ballot"]["pattern"])
_ABSTAINS = re.compile(_LEX["abstaining"]["pattern"])

_Q = _LEX["quoted"]
_SECRETARY = re.compile(_Q["secretary"]["pattern"])
_MODAL = re.compile(_Q["modal"]["pattern"])
_CLAUSE = re.compile(_Q["clause"]["pattern"] + r"|\bavis\s+(?:favorable\s+|defavorable\s+)?(?:de\s+la|du|des)\s+(?:commission|comite|bureau|conseil)")
_CLAUSE_END = re.compile(_Q["clause_end"]["pattern"])
_OTHER_BODY_AFTER = re.compile(_Q["other_body_after"]["pattern"])
_CITING = re.compile(_Q["citing"]["pattern"])

# the groups follow in parentheses on the same or the next line ("(Adopté)" after a blank line is not one)
_GROUPS = re.compile(
    r"[ \t]*(?:\n[ \t]*)?\((?!\s*(?:Adopt|Rejet|Approuv))([^()]*(?:\([^()]*\)[^()]*)*)\)", re.I
)
# named dissenters after a count: "4 abstentions : Gilbert FOUCAULT, Nadège CHARRIER … et Michel VIGNAUD)"
_NAMES_AFTER = re.compile(r"\s*:\s*([^():;]{3,300}?)\s*(?=\)|;|$)")
_NAME = re.compile(
    r"(?:(?:M\.|Mme|MM\.|Mmes|Monsieur|Madame)\s+)?[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-.]*){0,3}\s*$"
)
_SENTENCE_BREAK = re.compile(r"[.;]\s|[.;]$")


def _value(raw: str) -> int:
    raw = raw.strip()
    if raw.isdigit():
        return int(raw)
    return _WORDS.get(raw, 0)  # a word ("une"), or a mark printed for none ("/", "néant")


def _groups(raw: str | None) -> list[str]:
    if not raw:
        return []
    return [g for g in (normalize_space(part) for part in raw.split(";")) if g]


def _names(raw: str) -> list[str]:
    parts = [normalize_space(p) for p in re.split(r",|\bet\b|–|—|\s-\s", raw)]
    if not parts or not all(p and _NAME.fullmatch(p) for p in parts):
        return []
    return parts


def _quoted(text: str, z: str, i: int, j: int, lo: int) -> bool:
    """True when the vote words at z[i:j] are quoted from elsewhere (see the module docstring)."""
    # the secretary's designation in the same sentence, before or after
    before = z[max(lo, i - 160) : i]
    sec = None
    for sec in _SECRETARY.finditer(before):
        pass
    if sec is not None and not _SENTENCE_BREAK.search(before, sec.end()):
        return True
    after = z[j : j + 80]
    m = _SECRETARY.search(after)
    if m and not _SENTENCE_BREAK.search(after, 0, m.start()):
        return True
    # a rule, not a vote: "peut décider à l'unanimité", "il convient de désigner, au scrutin secret"
    near = z[max(lo, i - 50) : i]
    last_break = max(near.rfind("."), near.rfind(";"), near.rfind(":"))
    if _MODAL.search(near, last_break + 1):
        return True
    if _OTHER_BODY_AFTER.match(z, j):
        return True
    back = z[max(lo, i - 400) : i]
    clause = None
    for clause in _CLAUSE.finditer(back):
        pass
    if clause is not None and not _CLAUSE_END.search(back, clause.end()):
        return True
    # inside « … » opened after a citation of a text ("l'article L.2121-21 dispose : « … »")
    window = text[max(lo, i - 600) : i]
    opened = window.rfind("«")
    if opened > window.rfind("»") and _CITING.search(fold(window[max(0, opened - 120) : opened])):
        return True
    return False


def read_voters(text: str, start: int, end: int) -> int | None:
    """The first number of voters printed in text[start:end] ("Votants : 27", "Ayant pris part au vote : 53")."""
    m = _VOTERS.search(fold(text[start:end]))
    return int(m.group(1)) if m else None


def _counts(text: str, z: str, lo: int, hi: int, vote: Vote, used: list[tuple[int, int]]) -> None:
    """The first cluster of counts in the zone: labelled, inline, table rows and grids."""
    found: list[tuple[int, int, str, int, bool, int]] = []  # start, end, option, value, strong, groups at
    for m in _LABELLED.finditer(z, lo, hi):
        opt = next(o for o in _OPTIONS if m.group(o) is not None)
        g = _GROUPS.match(text, m.end(), hi)  # the groups belong to the count: the cluster goes on after them
        found.append((m.start(), g.end() if g else m.end(), opt, _value(m.group("v")), True, m.end()))
    for m in _INLINE.finditer(z, lo, hi):
        opt = next(o for o in _INLINE_OPTIONS if m.group(o) is not None)
        digits = m.group("v").isdigit()
        strong = digits and (bool(m.group("unit")) or opt in ("abstention", "not_voting"))
        found.append((m.start(), m.end(), opt, _value(m.group("v")), strong, -1))
    for m in _ROW.finditer(z, lo, hi):
        for k, opt in enumerate(("for_", "against", "abstention")):
            if m.group(k + 1) is not None:
                found.append((m.start(k + 1), m.end(k + 1), opt, int(m.group(k + 1)), True, -1))
    grid_unanimity = None
    for m in _GRID.finditer(z, lo, hi):
        cells = re.findall(_CELL, z[m.start() : m.start("nums")])
        options = [c for c in cells if c != "unanimite"]
        if len(set(o.split()[-1] for o in options)) < 2:
            continue
        nums = m.group("nums").split()
        if "unanimite" in cells:
            cell = _GRID_CELL.search(text, m.start(), m.start("nums"))
            if cell and not _quoted(text, z, m.start(), m.end(), lo):
                grid_unanimity = grid_unanimity or cell
        for cell, num in zip(options, nums):
            opt = "for_" if cell.endswith("pour") else "against" if cell.endswith("contre") else "abstention"
            found.append((m.start(), m.end(), opt, _value(num), True, -1))
    found = [f for f in found if not _quoted(text, z, f[0], f[1], lo)]
    found.sort(key=lambda f: (f[0], -f[1]))
    # drop a match inside another (the "pour" of "46 voix Pour" inside a labelled form, …)
    kept: list[tuple[int, int, str, int, bool, int]] = []
    for f in found:
        if kept and f[0] < kept[-1][1] and f[2] == kept[-1][2]:
            continue
        kept.append(f)
    clusters: list[list[tuple[int, int, str, int, bool, int]]] = []
    for f in kept:
        if clusters and f[0] - clusters[-1][-1][1] <= 150:
            clusters[-1].append(f)
        else:
            clusters.append([f])
    for cluster in clusters:
        strong = [f for f in cluster if f[4]]
        if not strong:
            continue
        if len(cluster) == 1 and cluster[0][2] in ("not_voting", "absent_without_delegation"):
            continue
        for s, e, opt, value, _, groups_at in cluster:
            if getattr(vote, opt) is not None:
                continue
            setattr(vote, opt, value)
            used.append((s, e))
            if groups_at >= 0:
                g = _GROUPS.match(text, groups_at, hi)
                if g:
                    setattr(vote, opt.rstrip("_") + "_groups", _groups(g.group(1)))
                    continue
            names = _NAMES_AFTER.match(text, e) if opt in ("against", "abstention", "not_voting") else None
            if names:
                listed = _names(names.group(1))
                if listed:
                    setattr(vote, f"{opt}_names", listed)
        break
    if grid_unanimity is not None:
        vote.unanimity = True
        if vote.outcome is None:
            vote.outcome = grid_unanimity.group(0)
        used.append((grid_unanimity.start(), grid_unanimity.end()))


def _with_result_word(text: str, z: str, m: re.Match, lo: int) -> tuple[int, int]:
    """Extend "à l'unanimité" back over the word of the result just before it ("ADOPTÉ à l’unanimité")."""
    r = _RESULT_BEFORE.search(z, max(lo, m.start() - 30), m.start())
    return (r.start() if r else m.start()), m.end()


def _outcome(text: str, z: str, lo: int, hi: int, vote: Vote, used: list[tuple[int, int]]) -> None:
    strong: list[tuple[int, int, bool]] = []  # start, end, unanimity
    for m in _UNANIMITY.finditer(z, lo, hi):
        s, e = _with_result_word(text, z, m, lo)
        if not _quoted(text, z, s, e, lo):
            strong.append((s, e, True))
    for m in _MAJORITY.finditer(z, lo, hi):
        s, e = _with_result_word(text, z, m, lo)
        anchored = s < m.start() or _MAJORITY_ANCHOR.search(z, max(lo, m.start() - 40), m.start())
        if not (anchored or _COUNT_AHEAD.match(z, m.end())):
            continue
        if not _quoted(text, z, s, e, lo):
            strong.append((s, e, False))
    if strong:
        s, e, unanimous = min(strong)
        vote.outcome = normalize_space(text[s:e])
        if unanimous:
            vote.unanimity = True
        used.append((s, e))
        return
    if vote.outcome is not None:  # an UNANIMITE cell of a grid
        return
    weak: list[tuple[int, int]] = []
    for pattern in (_PAREN, _SENTENCE, _BY_COUNT):
        for m in pattern.finditer(z, lo, hi):
            if not _quoted(text, z, m.start(1), m.end(1), lo):
                weak.append((m.start(1), m.end(1)))
    short = hi - lo <= 400  # a line of a summary list
    for m in _BARE.finditer(z, lo, hi):
        word = text[m.start() : m.end()]
        if _quoted(text, z, m.start(), m.end(), lo) or _OBJECT_AFTER.match(text, m.end()):
            continue
        if word.isupper() and len(word) > 3:
            prev = text[max(lo, m.start() - 60) : m.start()].split()[-2:]
            caps = [w for w in prev if w.isupper() and len(w) > 1 and w.isalpha()]
            if len(prev) == 2 and len(caps) == 2:  # a word of an upper-case title: "DES DECISIONS ADOPTEES"
                continue
            weak.append((m.start(), m.end()))
            continue
        dash = re.search(r"-\s*$", z[max(lo, m.start() - 3) : m.start()])
        rest = text[m.end() : hi]
        ends = not rest.strip(" \t\n.;,") or re.match(r"\s*[.;]", rest)
        next_capital = re.match(r"\s+[A-ZÀ-Ý]", rest)
        if (dash and (ends or next_capital)) or (short and (ends or next_capital)):
            weak.append((m.start(), m.end()))
    if weak:
        s, e = min(weak)
        vote.outcome = normalize_space(text[s:e])
        used.append((s, e))
        return
    for pattern, case in zip(_NOTE, _NOTE_CASE):
        m = pattern.search(text if case else z, lo, hi)
        if m and not _quoted(text, z, m.start(), m.end(), lo):
            vote.outcome = normalize_space(text[m.start() : m.end()])
            used.append((m.start(), m.end()))
            return


def read_vote(text: str, start: int, end: int, voters_hint: int | None = None) -> Vote | None:
    """The vote printed in text[start:end], or None when nothing of a vote is printed there."""
    end = min(end, len(text))
    zone = text[start:end]
    vote = _read_zone(zone, fold(zone), voters_hint)
    if vote is not None and vote.span is not None:  # zone offsets -> text offsets
        vote.span = Span(vote.span.start + start, vote.span.end + start)
    return vote


def _read_zone(text: str, z: str, voters_hint: int | None) -> Vote | None:
    start, end = 0, len(text)
    vote = Vote()
    used: list[tuple[int, int]] = []
    _counts(text, z, start, end, vote, used)
    _outcome(text, z, start, end, vote, used)
    for m in _ABSTAINS.finditer(z, start, end):
        name = _NAME.search(text, max(start, m.start() - 60), m.start())
        if name and not vote.abstention_names:
            listed = _names(text[name.start() : m.start()])
            if listed:
                vote.abstention_names = listed
                if vote.abstention is None:
                    vote.abstention = len(listed)
                used.append((name.start(), m.end()))
    for ballot in _BALLOT.finditer(z, start, end):
        if not _quoted(text, z, ballot.start(), ballot.end(), start):
            vote.ballot = normalize_space(text[ballot.start() : ballot.end()])
            used.append((ballot.start(), ballot.end()))
            break
    voters = _VOTERS.search(z, start, end)
    if voters:
        vote.voters = int(voters.group(1))
        used.append((voters.start(), voters.end()))
    if not used:
        return None
    voters_count = vote.voters if vote.voters is not None else voters_hint
    if vote.unanimity and vote.for_ is None and vote.against is None and voters_count is not None:
        # "Adoptée à l'unanimité" with "Membres votants : 6": every voter voted for
        vote.for_, vote.against, vote.abstention = voters_count, 0, 0
        if vote.absent_without_delegation is None:
            vote.absent_without_delegation = 0
    vote.span = Span(min(s for s, _ in used), max(e for _, e in used))
    return vote
