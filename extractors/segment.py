"""Step 2: cut a cleaned document into deliberations, and each deliberation into its parts.

A file holds one deliberation or a whole meeting. Each deliberation is laid out as:

    header      body, meeting date, president, secretary, attendance lists, title, number
    preamble    "La Commission Permanente …," / "LE BUREAU", the "Vu …" clauses, recusals
    decision    "DECIDE :" / "DÉLIBÈRE" / "Après en avoir délibéré, … décide", the articles
    vote        "Pour : 44 voix (…)" … "(Adopté)", or "Adoptée à l'unanimité"
    signature   "LE PRÉSIDENT …", "Signé", "Fait à …, le …"
    annexes     tables, letters, and the annexed report ("RAPPORT N°26"), up to the next deliberation

A deliberation starts at a heading such as `DÉLIBÉRATION DE LA COMMISSION PERMANENTE`,
`EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS`, `DÉLIBÉRATION N° 2019-12`, provided a decision marker follows;
the first one starts at the top of the file (the margin of a register page comes before its heading).
Segments are returned in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# strong headings open a deliberation; a weak one ("Délibération n° 12") only where no strong one is
_STRONG_HEADING = re.compile(
    r"^[ \t]*(?:EXTRAIT\s+DU\s+(?:REGISTRE|PROC[ÈE]S)|REGISTRE\s+DES\s+D[ÉE]LIB[ÉE]RATIONS"
    r"|D[ÉE]LIB[ÉE]RATION\s+(?:DE\s+LA|DU|DE\s+L['’]))",
    re.M,
)
_WEAK_HEADING = re.compile(r"^[ \t]*(?:D[ÉE]LIB[ÉE]RATION\s+(?:N\s*°|NO\b)|D[ée]lib[ée]ration\s+n\s*°)", re.M)
DECISION = re.compile(
    r"^[ \t]*(?:(?:le\s+conseil[^\n]{0,60},\s*)?(?:apr[èe]s\s+en\s+avoir\s+d[ée]lib[ée]r[ée],?\s*)?"
    r"(?:D[ÉE]CIDE|D[ÉE]LIB[ÈE]RE|ARR[ÊE]TE|DECIDE)\b[^\n]{0,3}$)"
    r"|apr[èe]s\s+en\s+avoir\s+d[ée]lib[ée]r[ée][^\n]{0,80}?\b(?:d[ée]cide|DECIDE|D[ÉE]CIDE)\b",
    re.M | re.I,
)
_VOTE_START = re.compile(
    r"(?:^[ \t]*(?:Vote\s*:|\(?Adopt[ée]e?s?\)?[ \t]*$)"
    r"|\b(?:Dans\s+les\s+conditions\s+de\s+vote|Pour\s*:\s*\d|Votants?\s*:\s*\d"
    r"|Adopt[ée]e?s?\s+(?:à|a)\s+(?:l['’]unanimit[ée]|la\s+majorit[ée])|\(Adopt[ée]e?s?\)))",
    re.M,
)
_SIGNATURE_LINE = re.compile(
    r"^[ \t]*(?:[.…\-_ ]{3,}|\(?Adopt|LE\s+PR[ÉE]SIDENT|LA\s+PR[ÉE]SIDENTE|LE\s+MAIRE|Pour\s+le\s+Pr[ée]sident"
    r"|Pour\s+extrait|Pour\s+copie|Fait\s+(?:et\s+d[ée]lib[ée]r[ée]\s+)?[àa]|Sign[ée]|[A-ZÉ][\w'’ -]+,\s+le\s+\d"
    r"|L[ae]\s+(?:Directeur|Directrice)|Le\s+secr[ée]taire|[A-ZÉ][\w'’-]+(?:\s+[A-ZÉ][\w'’-]+){0,3}\s*$|\s*$)",
    re.M,
)
_VOTE_LINE = re.compile(
    r"(?:Dans\s+les\s+conditions|Pour|Contre|Abstentions?|Absents?|Votants?|Vote|Adopt|\()", re.I
)
_ANNEX_OR_REPORT = re.compile(r"^[ \t]*(?:ANNEXE|Annexe|RAPPORT\s+N\s*°)", re.M)
_REPORT = re.compile(r"^[ \t]*RAPPORT\s+N\s*°\s*(\d+)\b", re.M)


@dataclass(frozen=True)
class Segment:
    """Offsets of one deliberation's parts in the cleaned document text."""

    start: int  # the header (with the margin of a register page, if any)
    heading: int  # the heading line ("EXTRAIT DU REGISTRE …"); start when there is none
    decision: int  # the decision marker ("DECIDE :")
    vote: int  # the vote block (== own_end when none is printed)
    own_end: int  # end of the deliberation's own text (signature included)
    end: int  # end of its annexes and report
    report_number: int | None
    report_start: int | None


def segment(text: str) -> list[Segment]:
    """The deliberations of a cleaned document, in document order (empty if it holds none)."""
    starts: list[tuple[int, int, int]] = []  # (header start, heading, decision marker)
    pos = 0
    while True:
        decision = DECISION.search(text, pos)
        if not decision:
            break
        headings = [m.start() for m in _STRONG_HEADING.finditer(text, pos, decision.start())]
        headings = headings or [m.start() for m in _WEAK_HEADING.finditer(text, pos, decision.start())]
        if not headings and starts:  # a second decision marker inside one deliberation
            pos = decision.end()
            continue
        heading = headings[-1] if headings else 0
        # nothing before the first deliberation belongs to another one: a register's margin, say
        start = 0 if not starts else heading
        starts.append((start, heading, decision.start()))
        pos = decision.end()
    segments = []
    for i, (start, heading, decision) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        vote = _VOTE_START.search(text, decision, end)
        annex = _ANNEX_OR_REPORT.search(text, decision, end)
        if vote and annex and annex.start() < vote.start():
            vote = None  # a vote-looking line inside an annex is not this deliberation's vote
        own_end = _signature_end(text, vote.start(), end) if vote else (annex.start() if annex else end)
        if annex and annex.start() < own_end:
            own_end = annex.start()
        report = _REPORT.search(text, own_end, end)
        segments.append(
            Segment(
                start=start,
                heading=heading,
                decision=decision,
                vote=vote.start() if vote else own_end,
                own_end=own_end,
                end=end,
                report_number=int(report.group(1)) if report else None,
                report_start=report.start() if report else None,
            )
        )
    return segments


def _signature_end(text: str, vote_start: int, end: int) -> int:
    """End of the vote block and of the signature lines after it.

    Lines are taken while they belong to the vote (inside its parentheses, or starting with Pour,
    Contre, Abstention…), look like a signature (`LE PRÉSIDENT …`, `Signé`, `ARRAS, le 9 décembre
    2024`, a name), or are short; the first long line of other prose ends the deliberation's text.
    """
    pos, depth = vote_start, 0
    for line in re.finditer(r"[^\n]*(?:\n|$)", text[vote_start:end]):
        raw = line.group(0)
        if not raw:
            break
        stripped = raw.strip()
        inside = depth > 0
        depth = max(0, depth + raw.count("(") - raw.count(")"))
        if not (inside or _VOTE_LINE.match(stripped) or _SIGNATURE_LINE.match(raw) or len(stripped) <= 60):
            break
        pos = vote_start + line.end()
    return min(pos, end)
