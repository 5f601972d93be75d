"""Step 2: the layout of a document — its kind, the meeting's header, and each decision's text.

A document is one of four kinds, recognised by the words that open its parts wherever they stand on
the page (most texts reach us with every line break lost):

- `act`: a single act, "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS …", its header (attendance, counts
  box), "OBJET : …" or "Délibération n° …", the "Vu" clauses, a decision ("DÉCIDE", "APPROUVE",
  "après en avoir délibéré …"), the vote;
- `compilation`: several acts one after the other, each with its own heading and header (a
  commission permanente's register, a town's bundle of extraits);
- `minutes`: a procès-verbal or compte rendu: the meeting's attendance at the top, then items, each
  opened by its heading in whatever form — "Délibération n° 2019-01", a bare act number followed by
  its title (`DEL2021_014 Rapport d’activité…`, `20190305_004 APPROBATION…`), a numbered point
  (`1– Approbation…`, `3/ Délibération…`, `Affaire n° 2 :`, `I Tarifs`), or an unnumbered heading
  in capitals followed by the debate and its decision;
- `list`: a summary list (liste des délibérations, compte rendu sommaire, publication): each entry —
  number, title, result — is a record.

A document with an attendance block but no decision is `attendance` (one record, the meeting's
attendance); one with neither is `none`.

`segment(text)` takes the cleaned text and returns a `Layout`; items are in document order, with
offsets into that text. Numbers and titles are read here, because the heading that opens an item is
what carries them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .clean import normalize_space
from .models import Span
from .normalize import fold

_LEXICON = json.loads((Path(__file__).parent / "lexicon" / "headings.json").read_text("utf-8"))


def _any(entries: list[dict]) -> re.Pattern:
    return re.compile("|".join(f"(?:{e['pattern']})" for e in entries))


_ACT_HEADING = _any(_LEXICON["act_headings"])
_LIST_HEADING = _any(_LEXICON["list_headings"])
_RESULT = re.compile(_LEXICON["results"]["pattern"])
_NOT_RECORD = re.compile(_LEXICON["not_records"]["pattern"])
_DELEGATED = re.compile(_LEXICON["delegated_decisions"]["pattern"])
_VERBS = _LEXICON["decision_verbs"]

# a decision: a verb in capitals, "après en avoir délibéré", or the assembly deciding in lower case
_DECISION_CAPITALS = re.compile(
    r"(?<![\w'’])(?:" + "|".join(sorted((re.escape(v) for v in _VERBS["capitals"]), key=len, reverse=True)) + r")(?![\w'’])"
)
_DECISION_FOLDED = re.compile(
    r"apres\s+en\s+avoir\s+(?:valablement\s+)?delibere"
    r"|\b(?:le|la|l')\s*(?:conseil|bureau|comite|commission|assemblee)\b[^.;:]{0,60}?\b(?:"
    + "|".join(re.escape(v) for v in _VERBS["lower"])
    + r")\b"
    r"|\b(?:adopte|approuve|accepte|valide)e?s?\s+(?:a\s+l'unanimite|a\s+la\s+majorite|par\s+\d+)"
    r"|\ba\s+l'unanimite\b|\best\s+(?:adopte|approuve|valide)e?\b|\bpar\s+\d+\s+voix\b|\bvotes?\s+pour\b"
)

# an act identifier as authorities print them: DEL2021_014, DEL_20190617_3, 2019/032, 2019-CM/048,
# DLvil_2019 02 ADG 004, C 2019/03/2, 19 05_02, 190502.1, 09/12-03-19/C, DCM 20190617-03
_TIGHT = r"(?:[ ]?[_/.][ ]?|[ ]{0,2}[-–—][ ]{0,2})"
_PART = rf"(?:{_TIGHT}(?:\d+(?!\d)(?:[A-Za-z]{{1,2}}(?![A-Za-z]))?|[A-Z]{{1,4}}(?=[ _/.\-]?\d))|[ ](?:\d{{1,4}}(?!\d)|[A-Z]{{1,4}}(?=[ ]\d)))"
_NUMBER = rf"(?:[A-Z][A-Za-z]{{0,5}}(?:[ ]{{0,2}}[-–—_][ ]{{0,2}}|[ ])?)?\d+{_PART}*(?:[_/][A-Z]{{1,3}}(?![A-Za-z]))?"
_NUMBER_RE = re.compile(_NUMBER)
# "Délibération n° …", "DELIBERATION N°…", "n°d'ordre : …", "Délibération DB-2019-004" (on the folded text;
# OCR reads the D as P or O: "Pélibération n° …")
_DELIB_N = re.compile(
    r"\b[dpo]eliberation\s*(?:n\s*[°o]|no\.|numero)\s*"
    r"|\bdeliberation\s+(?:du|de\s+la|de\s+l')\s*(?:[a-z']+\s+){1,4}?n\s*[°o]\s*|\bn\s*°\s*d'ordre\s*:?\s*|\bdeliberation\s+(?=[a-z]{1,5}[-_ ]?\d|\d)"
)
_PAREN_N = re.compile(r"\(\s*n\s*°\s*")  # "(N°2019-64)", "(n°03/2019-02)" after the title
_HEADING_N = re.compile(r"(?<![\w'])n\s*°\s*")  # "N° 19 05_02 - DEBAT …", "N°2019/032"
_AFFAIRE = re.compile(r"\b(?:affaire|point|question|dossier)\s*(?:n\s*[°o]\s*)?(\d{1,3})\s*[:\-.)]")
# "Point un de l'ordre du jour : …", "Point deux de l'ordre du jour - …"
_NUMBER_WORDS = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
                 "treize", "quatorze", "quinze", "seize"]
_POINT_IN_WORDS = re.compile(
    r"\bpoint\s+(" + "|".join(_NUMBER_WORDS) + r")\s+de\s+l'ordre\s+du\s+jour\s*[:\-.]?"
)
_POINT = re.compile(r"(?<![\w/.,°'’-])(\d{1,2})\s*(?:[-–—)/.°]|\s[-–—])(?![\d/])\s*(?=[A-ZÀ-Ý]|«|\")")  # a heading starts with a capital; "1° les …" is a sub-point
_ROMAN = re.compile(r"(?<![\w'’.-])([IVX]{1,5})\s*[-.)/–]?\s+(?=[A-ZÉÈ«][\w'’])")
_OBJET = re.compile(r"\bobjet\s*:?\s*|\bo?b[ji]e?t\s*:\s*")  # "Objet :", OCR-damaged "biet :"
_DATE_LIKE = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$|^\d{4}-\d{2}-\d{2}$|^\d{1,2}[/.]\d{4}$")
# a cited text's number is not an item's: "loi n° 2020-1379", "article L.2121-29", "décret 2019-12";
# nor the year of a date ("12 MARS 2019 C 2019/03/2": the number is "C 2019/03/2"), nor the prefecture's
# stamp ("ID : 085-…-DE", read by stamp.py)
_CITED_BEFORE = re.compile(r"(?<![a-z])(?:loi|decret|ordonnance|arrete|article|articles|art\.|code|circulaire|l\.|r\.|d\.|du|le|au|en date du|n°|no|reglement|budget|compte|exercice|annee|et|id\s*:"
                           r"|janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)\s*$")
# where a title stops: the text of the act, the debate, a page's running header
_TITLE_STOP = re.compile(
    r"\s(?:Rapporteur|RAPPORTEUR|Rapport\s+de|Vu\b|VU\b|Considérant|CONSIDÉRANT|CONSIDERANT|Exposé|EXPOSÉ|EXPOSE"
    r"|Monsieur|Madame|MONSIEUR|MADAME|M\.\s+le\b|Mme\s+la\b|Mme(?=\s+[A-Z])|Le\s+Maire|LE\s+MAIRE|Le\s+Président|La\s+Présidente|Le\s+Vice|La\s+Vice"
    r"|Le\s+Conseil|LE\s+CONSEIL|Le\s+conseil|Le\s+Bureau|LE\s+BUREAU|Le\s+Comité|La\s+Commission|Après\b|APRES\b|APRÈS\b"
    r"|Sur\s+(?:le\s+)?(?:rapport|proposition)|L['’]an\b|L['’]AN\b|Nombre\s+de|NOMBRE\s+DE|Date\s+de|Membres|Le\s+point|Il\s+est"
    r"|La\s+séance|Ce\s+point|Intervention\s+de|Délibération\s+adoptée|Présents|PRESENTS|Etaient|Étaient|ETAIENT|Conformément|En\s+application"
    r"|Par\s+délibération|Par\s+courrier|En\s+raison|Lors\s+de|Il\s+convient|Dans\s+le\s+cadre|Les?\s+membres|Afin\s+de|Suite\s+à|Votants|VOTANTS|Séance\s+du|SEANCE\s+DU"
    r"|\(\s*[Nn]\s*°|N\s*°\s*\d+[/_-]\d|(?<=[a-zéèêàç)]\s)(?=(?:Le|La|Les|Ce|Cette|Il|Elle)\s+[a-zéèêàç]{2,})|Pour\s*:|POUR\s*:|\d+\s+votes?\s+(?:pour|contre)|\d+\s+[Aa]bstentions?|Accord\s+à|ACCORD\s+A)"
)
_RUBRIC = re.compile(r"(?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ'’-]{2,}\s+){3,}(?=[A-ZÉÈ][a-zéèêàç]+\s+[a-zéèêàçd'’])")
# three words in capitals and more, up to a capitalised word in lower case outside brackets ("… (PLU) Mairie de …")
_CAPITALS_THEN_WORD = re.compile(
    r"((?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ0-9'’]{2,}[\s,:–-]+){3}(?:[^\s(]+\s+|\([^)]*\)\s+)*?)(?=[A-ZÉÈ][a-zéèêàç]+\b)"
)
_CONNECTOR_END = re.compile(r"(?i)\b(?:et|de|du|des|la|le|les|à|au|aux|pour|avec|sur|en|par)$")
_CIVILITIES = {"Monsieur", "Madame", "MONSIEUR", "MADAME", "Mme", "M."}
_NAMED_IN_TITLE = re.compile(r"(?:\b(?:à|a|de|d['’]|par|avec|et|pour|entre|contre))\s*$")
_SENTENCE_END = re.compile(r"(?<![\s.][A-Z])[.!?](?=\s+(?:[A-ZÉÈÀ«]|\d+\s+[A-ZÉ]))|\s:\s*$")
_ATTENDANCE_WORD = re.compile(
    r"\b(?:presents?|excuses?|absents?|representes?|pouvoirs?|procurations?|secretaire\s+de\s+seance|en\s+exercice)\b"
)
_UPPER_HEADING = re.compile(r"(?<![\w'’])((?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ0-9][A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ0-9'’()«»°.,:&/\-]*\s+){1,40}[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ0-9][A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ0-9'’()«»°.,&/\-]*)(?=[\s\-–—]+(?:[A-ZÉÈÀ][a-zéèêàç]|[LDC]['’]\w|M\.\s|Mme\s)|\s*$)")
_TITLE_MAX = 400


@dataclass(frozen=True)
class Item:
    """One decision's text: from its heading (or its act's header) to the next item."""

    start: int  # the item's heading; for an act, its header
    body: int  # after the number and title
    end: int
    number: str | None = None
    number_span: Span | None = None
    title: str | None = None
    title_span: Span | None = None
    decision: int | None = None  # the first decision marker in the item, if any
    own_header: bool = False  # an act: text[start:decision] holds its own attendance and counts
    vote: int | None = None  # where its vote block starts, where known
    own_end: int | None = None  # end of its own text (signature included), before annexes and report
    report_number: int | None = None  # the annexed report's number ("RAPPORT N°26")
    report_start: int | None = None
    header_end: int | None = None  # an act's own header ends here (before its title, when printed first)
    lined: bool = False  # a register read by its lines: its header too is read line by line (header.py)
    heading: int | None = None  # the heading line ("EXTRAIT DU REGISTRE …"); a register's margin stands before it
    preamble_end: int | None = None  # where its Vu clauses end, when some follow its first decision marker


@dataclass
class Layout:
    kind: str  # act, compilation, minutes, list, attendance, none
    items: list[Item] = field(default_factory=list)
    why_empty: str | None = None  # when no item was found: what was missing
    first_decision: int | None = None  # an attendance excerpt may still print one decision without its heading


def segment(text: str) -> Layout:
    """The layout of a cleaned document (see the module docstring)."""
    folded = fold(text)
    registered = _register_acts(text)
    if registered:
        return Layout("compilation" if len(registered) > 1 else "act", registered)
    decisions = _decisions(text, folded)
    acts = _acts(text, folded, decisions)
    if acts:
        return Layout("compilation" if len(acts) > 1 else "act", _with_preambles(text, acts, decisions))
    head = folded[:1500]
    is_list = bool(_LIST_HEADING.search(head))
    items = _numbered_items(text, folded, decisions, is_list)
    if not is_list:
        # minutes often leave their first points unnumbered (the approval of the last minutes)
        before = [d for d in decisions if not items or d < items[0].start]
        items = _unnumbered_items(text, folded, before, items[0].start if items else len(text)) + items
    if not items and "\n" in text.strip() and is_list:
        items = _line_items(text, folded)
    items = [it for it in items if not (it.title and _NOT_RECORD.match(fold(it.title)))]
    items = _without_delegated_decisions(folded, items)
    if items:
        kind = "list" if is_list or not any(it.decision is not None for it in items) else "minutes"
        return Layout(kind, _with_preambles(text, items, decisions))
    if _ATTENDANCE_WORD.search(folded):
        why = "no decision found" if not decisions else "no item heading found"
        return Layout("attendance", [], why, decisions[0] if decisions else None)
    return Layout("none", [], "no decision and no attendance found")


def _without_delegated_decisions(folded: str, items: list[Item]) -> list[Item]:
    """The unnumbered items printed after "COMPTE RENDU DES DECISIONS DU PRESIDENT :" are the decisions he
    took under delegation, up to the next numbered item."""
    sections = [m.end() for m in _DELEGATED.finditer(folded)]
    if not sections:
        return items
    kept, inside, previous = [], False, 0
    for it in items:
        if any(previous <= sec <= it.start for sec in sections):
            inside = True
        if it.number is not None:
            inside = False
        if not inside:
            kept.append(it)
        previous = it.start
    return kept


# -- registers with line breaks ------------------------------------------------------------------
# A register printed with its line breaks (a commission permanente's compilation, a syndicat's extract)
# marks its parts by lines: a heading line, a decision line ("DECIDE :"), vote lines, signature lines,
# annexes and the annexed report ("RAPPORT N°26").

# strong headings open a deliberation; a weak one ("Délibération n° 12") only where no strong one is
_STRONG_HEADING = re.compile(
    r"^[ \t]*(?:EXTRAIT\s+DU\s+(?:REGISTRE|PROC[ÈE]S)|REGISTRE\s+DES\s+D[ÉE]LIB[ÉE]RATIONS"
    r"|D[ÉE]LIB[ÉE]RATION\s+(?:DE\s+LA|DU|DE\s+L['’]))",
    re.M,
)
_WEAK_HEADING = re.compile(r"^[ \t]*(?:D[ÉE]LIB[ÉE]RATION\s+(?:N\s*°|NO\b)|D[ée]lib[ée]ration\s+n\s*°)", re.M)
_DECISION_LINE = re.compile(
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




def _register_acts(text: str) -> list[Item]:
    """The acts of a register whose decision stands on a line of its own ("DECIDE :"), each from its
    heading to the next one, with its vote block, signature, annexes and report."""
    if text.count("\n") < 10:
        return []  # text whose line breaks were lost is read by its words (_acts)
    starts: list[tuple[int, int, int]] = []  # (header start, heading, decision line)
    pos = 0
    while True:
        decision = _DECISION_LINE.search(text, pos)
        if not decision:
            break
        headings = [m.start() for m in _STRONG_HEADING.finditer(text, pos, decision.start())]
        headings = headings or [m.start() for m in _WEAK_HEADING.finditer(text, pos, decision.start())]
        if not headings and starts:  # a second decision line inside one act
            pos = decision.end()
            continue
        heading = headings[-1] if headings else 0
        # nothing before the first act belongs to another one: a register's margin, say
        starts.append((0 if not starts else heading, heading, decision.start()))
        pos = decision.end()
    folded = fold(text)
    items = []
    for i, (start, heading, decision) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        vote = _VOTE_START.search(text, decision, end)
        annex = _ANNEX_OR_REPORT.search(text, decision, end)
        if vote and annex and annex.start() < vote.start():
            vote = None  # a vote-looking line inside an annex is not this act's vote
        own_end = _signature_end(text, vote.start(), end) if vote else (annex.start() if annex else end)
        if annex and annex.start() < own_end:
            own_end = annex.start()
        report = _REPORT.search(text, own_end, end)
        number, number_span, title, title_span, body = _act_number_and_title(text, folded, start, decision, end)
        # a title printed before its "(N°…)" closes the header's lists
        header_end = title_span.start if title_span and number_span and title_span.start < number_span.start else decision
        items.append(Item(start, body, end, number, number_span, title, title_span, decision, own_header=True,
                          header_end=header_end, lined=True, heading=heading,
                          vote=vote.start() if vote else own_end, own_end=own_end,
                          report_number=int(report.group(1)) if report else None,
                          report_start=report.start() if report else None))
    return items


def _signature_end(text: str, vote_start: int, end: int) -> int:
    """End of the vote block and of the signature lines after it.

    Lines are taken while they belong to the vote (inside its parentheses, or starting with Pour,
    Contre, Abstention…), look like a signature (`LE PRÉSIDENT …`, `Signé`, `ORMEVILLE, le 17 mai
    2019`, a name), or are short; the first long line of other prose ends the deliberation's text.
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

# -- decisions ---------------------------------------------------------------------------------------


_SECRETARY_BEFORE = re.compile(r"secretaire[^.;]*$")
_VU_FOLLOWS = re.compile(r"[^.;]{0,40}?[,:]?\s*vu\s")


def _decisions(text: str, folded: str) -> list[int]:
    """Where decisions open, in document order. "Après en avoir délibéré, Vu le Code …, DÉSIGNE …" puts
    the Vu clauses after the formula: the decision opens at the verb that follows them."""
    marks = [m.start() for m in _DECISION_CAPITALS.finditer(text) if _decision_capital(text, m)]
    marks += [m.start() for m in _DECISION_FOLDED.finditer(folded) if not _VU_FOLLOWS.match(folded, m.end())]
    # "M. X a été désigné secrétaire de séance à l'unanimité" is no decision of the agenda
    return sorted(m for m in set(marks) if not _SECRETARY_BEFORE.search(folded, max(0, m - 120), m))


def _decision_capital(text: str, m: re.Match) -> bool:
    """A capitalised verb decides when it is not part of a title in capitals ("ADOPTE LE BUDGET" in a list
    of subjects is rare, but "DIT" alone in a heading is common): it must be followed by lower case, a
    colon, "QUE", or the end."""
    after = text[m.end() : m.end() + 12]
    return bool(re.match(r"\s*(?::|[-–]|$|\s*(?:QUE|QU['’]|DE\s|D['’]|LE\s|LA\s|LES\s|ARTICLE|Article|[a-zàâçéèêëîïôûù«(]))", after))


_FORMULA_BEFORE = re.compile(r"apres\s+en\s+avoir\s+(?:valablement\s+)?delibere[\s,]*$")
VU_CLAUSE = re.compile(r"(?<![\w'’])(?:Vu|VU)\s")


def _with_preambles(text: str, items: list[Item], decisions: list[int]) -> list[Item]:
    """"… le Conseil peut décider à l'unanimité de … Vu le Code …, DÉSIGNE …": where Vu clauses follow an
    item's first decision marker, its preamble runs to the decision after the last of them."""
    out = []
    for it in items:
        vus = []  # the Vu clauses that follow the formula closely, one after the other
        if it.decision is not None:
            for m in VU_CLAUSE.finditer(text, it.decision, it.end):
                after_formula = _FORMULA_BEFORE.search(fold(text[max(0, m.start() - 60) : m.start()]))
                if vus and m.start() - vus[-1] > 1500:
                    break
                if not vus and not after_formula and m.start() - it.decision > 200:
                    continue  # a Vu clause of an annexed report, not of this act's preamble
                vus.append(m.start())
        if vus:
            after = _first_after(decisions, vus[-1], it.end)
            it = replace(it, preamble_end=after if after is not None else it.end)
        out.append(it)
    return out


def _first_after(marks: list[int], start: int, end: int) -> int | None:
    return next((m for m in marks if start <= m < end), None)


# -- acts --------------------------------------------------------------------------------------------


def _acts(text: str, folded: str, decisions: list[int]) -> list[Item]:
    """Acts opened by their heading ("EXTRAIT DU REGISTRE …"): a heading opens a new act only once the
    current act has had its decision (a heading repeated at the top of each page does not)."""
    # "par délibération du conseil municipal du …" cites an act; it does not head one
    headings = [m.start() for m in _ACT_HEADING.finditer(folded) if not _preceded_by_citation(folded, m.start())]
    if not headings:
        return []
    starts: list[int] = []
    current = None  # the number the current act's heading prints
    for h in headings:
        number = _heading_number(text, folded, h)
        if number and number == current:
            continue  # the act's number in a running header on each page
        if not starts or _first_after(decisions, starts[-1], h) is not None:
            starts.append(h)
            current = number or current
    acts = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        decision = _first_after(decisions, start, end)
        # the first act's header may stand before its heading (a register's margin, a counts box)
        header_start = 0 if not acts else start
        # an act without a decision is kept where the text is cut inside it
        zone_end = decision if decision is not None else end
        number, number_span, title, title_span, body = _act_number_and_title(text, folded, header_start, zone_end, end)
        # a vote box in the header ("Votes pour : … 41 0 0") is not the decision of the act's text
        decision = _first_after(decisions, body, end) if _first_after(decisions, body, end) is not None else decision
        body = min(body, decision) if decision is not None else body
        # a title printed before its "(N°…)" closes the header's lists
        header_end = title_span.start if title_span and number_span and title_span.start < number_span.start else None
        # the annexed report ("RAPPORT N°26"), after the decision
        report = _REPORT_ANYWHERE.search(text, decision, end) if decision is not None else None
        act = Item(header_start, body, end, number, number_span, title, title_span, decision, own_header=True,
                   header_end=header_end, report_number=int(report.group(1)) if report else None,
                   report_start=report.start() if report else None)
        acts.extend(_split_objets(text, folded, decisions, act))
    return acts


_REPORT_ANYWHERE = re.compile(r"\bRAPPORT\s+N\s*°\s*(\d+)\b")


def _heading_number(text: str, folded: str, heading: int) -> str | None:
    """The number printed in an act heading ("Délibération du Conseil municipal n° DEL_20190617_3")."""
    m = _DELIB_N.search(folded, heading, heading + 80)
    return _number_at(text, m.end()) if m and m.start() - heading < 10 else None


_CAPITAL_TITLE = re.compile(r"\s*[-–—:]?\s*(?:[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ'’]{2,}[\s,–-]+){3}")
_OBJET_HEADING = re.compile(r"\b(?:OBJET|Objet)\s*:")


def _split_objets(text: str, folded: str, decisions: list[int], act: Item) -> list[Item]:
    """One register extract holding several decisions, each opened by "OBJET : … (n°…)" and closed by its
    decision, gives one item each; the first keeps the extract's header."""
    heads = [m.start() for m in _OBJET_HEADING.finditer(text, act.start, act.end)]
    if len(heads) < 2:
        return [act]
    items = []
    for i, h in enumerate(heads):
        end = heads[i + 1] if i + 1 < len(heads) else act.end
        decision = _first_after(decisions, h, end)
        if decision is None and i + 1 < len(heads):
            return [act]
        zone_end = decision if decision is not None else end
        number, number_span, title, title_span, body = _act_number_and_title(text, folded, h, zone_end, end)
        start = act.start if i == 0 else h
        items.append(Item(start, body, end, number, number_span, title, title_span, decision, own_header=i == 0))
    return items


def _act_number_and_title(text: str, folded: str, start: int, decision: int, end: int):
    zone_end = max(decision, min(end, start + 4000))
    number = number_span = None
    number_match = None
    for pattern in (_DELIB_N, _PAREN_N, _HEADING_N):
        for m in pattern.finditer(folded, start, zone_end):
            if pattern is not _PAREN_N and _preceded_by_citation(folded, m.start()):
                continue  # "(jusqu'à la délibération n°18)" in the attendance, "Vu la délibération n°…"
            if pattern is _HEADING_N and re.search(r"[a-zà-ÿ]\s*$", text[max(0, m.start() - 3) : m.start()]):
                continue  # "… délibération n°3" in prose; a heading's "N°" follows capitals or digits
            number = _number_at(text, m.end())
            if number and pattern is _HEADING_N and re.fullmatch(r"\d{1,3}", number):
                number = None  # "N° 1" of a table's row, an amendment, a page
            if number:
                number_span, number_match = Span(m.end(), m.end() + len(number)), (pattern, m)
                if pattern is _DELIB_N:  # the act's own heading is the last to print its number
                    for later in pattern.finditer(folded, m.end(), zone_end):
                        if _number_at(text, later.end()) == number and not _preceded_by_citation(folded, later.start()):
                            number_span, number_match = Span(later.end(), later.end() + len(number)), (pattern, later)
                break
        if number:
            break
    # "OBJET" in capitals, or "Objet :" with its colon; not "l'objet de …" in prose
    objet = next((m for m in _OBJET.finditer(folded, start, zone_end)
                  if text[m.start() : m.start() + 5].isupper() or folded[m.start() : m.end()].rstrip().endswith(":")), None)
    if number is None:
        # a register identifier alone on the first line ("20190527_DL_05"), or just before "Objet :"
        m = re.match(rf"\s*({_NUMBER})[ \t]*\n", text[start:zone_end])
        if m and _code_like(m.group(1)):
            number, number_span = m.group(1), Span(start + m.start(1), start + m.end(1))
        elif objet:
            m = re.search(rf"(?<![\w/.-])({_NUMBER})[\s\-–:]*$", text[max(start, objet.start() - 40) : objet.start()])
            if m and _code_like(m.group(1).strip()):
                s0 = max(start, objet.start() - 40) + m.start(1)
                number = m.group(1).strip()
                number_span = Span(s0, s0 + len(number))
    if number is None and objet is None:
        # a bare act number followed by its title in capitals: "D2019-03-007 VOIRIE – RÉFECTION …"
        for m in _NUMBER_RE.finditer(text, start, zone_end):
            candidate = m.group(0).rstrip(" ._-/")
            if re.match(r"[A-Z]", candidate) and _code_like(candidate) and _CAPITAL_TITLE.match(text, m.start() + len(candidate)):
                number, number_span = candidate, Span(m.start(), m.start() + len(candidate))
                number_match = (_HEADING_N, m)
                break
    if objet and number_span is not None and objet.start() > number_span.end + 200:
        objet = None  # an "objet" deep in the act's text is not its title
    title = title_span = None
    if objet:
        title, title_span = _title(text, objet.end(), zone_end)
    elif number_match is not None:
        pattern, m = number_match
        if pattern is _PAREN_N:
            # the title stands before "(N°…)": back to the end of the header's last sentence
            title, title_span = _title_before(text, start, m.start())
        else:
            title, title_span = _title(text, number_span.end, zone_end)
    # the act's own text starts after its title, and after its number where the number closes the title
    # ("… (n°03/2019-02)"); a number printed further on (after the Vu clauses) does not move it
    if title_span is not None:
        body = title_span.end
        if number_span is not None and title_span.end <= number_span.start <= title_span.end + 20:
            body = number_span.end
    else:
        body = number_span.end if number_span is not None else start
    return number, number_span, title, title_span, body


def _title_before(text: str, start: int, end: int):
    zone = text[start:end].rstrip()
    # the lines just before "(N°…)", back to a blank line (one-line text: to the last sentence's end)
    if "\n" in zone:
        # back over blank lines while the paragraphs are in capitals: a title split by a blank line
        blanks = [m.end() for m in re.finditer(r"\n[ \t]*\n", zone)]
        lead = blanks.pop() if blanks else 0
        while blanks and _in_capitals(zone[blanks[-1] : lead]):
            lead = blanks.pop()
    else:
        ends = [m.end() for m in re.finditer(r"(?<![\s.][A-Z])\.\s", zone)]  # not the "." of "M. Jean"
        lead = ends[-1] if ends else 0
        # a title in capitals just before "(N°…)", after the last name of the attendance lists: "…, M. Jean
        # DUPONT ACHAT DE MOBILIER SCOLAIRE (N°2019-64)" -> "ACHAT DE MOBILIER SCOLAIRE"
        capitals = _CAPITALS_BEFORE.search(zone, lead)
        if capitals:
            lead = capitals.start(1)
    raw = zone[lead:]
    stripped = raw.strip()
    if not stripped:
        return None, None
    s = start + lead + (len(raw) - len(raw.lstrip()))
    return normalize_space(stripped), Span(s, s + len(stripped))


_CAPITALS_BEFORE = re.compile(
    r"(?:(?:M\.|Mme|Monsieur|Madame)\s+[A-ZÀ-Ý][a-zà-ÿ'’]+(?:-[A-ZÀ-Ý][a-zà-ÿ'’]+)?\s+[A-ZÀ-Ý][A-ZÀ-Ý'’-]+\s+|(?<=[a-zà-ÿ,;:.])\s+)"
    r"((?:[A-ZÀ-Ý0-9(«\"][A-ZÀ-Ý0-9'’(),:«»\".–-]*\s+){2,}[A-ZÀ-Ý0-9(«\"][A-ZÀ-Ý0-9'’(),:«»\".–-]*)\s*$"
)


def _in_capitals(paragraph: str) -> bool:
    letters = [ch for ch in paragraph if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


# -- numbered items ----------------------------------------------------------------------------------


def _number_at(text: str, pos: int) -> str | None:
    """The act identifier at `pos`."""
    m = _NUMBER_RE.match(text, pos)
    return (m.group(0).rstrip(" ._-/") or None) if m else None


def _code_like(number: str) -> bool:
    """An identifier, not a count or a year: letters and digits, or two parts or more."""
    if _DATE_LIKE.match(number) or re.fullmatch(r"\d{1,3}(?: \d{3})+", number):
        return False  # a date, an amount in thousands ("150 000 habitants")
    if re.match(r"(?i)(?:du|de|le|la|les|des|au|aux|en|et|par|pour|sur|a|vote|voix|an|page)\b", number):
        return False  # a word of the text before a count or a date: "DU 12 MARS", "POUR 2021"
    parts = re.split(r"[ _/.\-]+", number)
    has_letters = bool(re.match(r"[A-Za-z]", number))
    if re.fullmatch(r"[\d ]+", number) or re.fullmatch(r"[A-Za-z]+ \d+", number):
        # "2024 3", "021 1068 2184": a year and a count, the cells of a budget table; "MUTUELLE 12345": a postcode
        return False
    if re.search(r"\d{9}\D{1,3}\d{8}", number):
        return False  # "213001100- 20240202": a SIREN and a date, a piece of the prefecture's stamp
    if has_letters and len(parts) == 1 and not re.search(r"\d{3}", number):
        return False  # "M57", "M14": a budget nomenclature, not an act
    return (has_letters and bool(re.search(r"\d{2}", number))) or (len(parts) >= 2 and bool(re.search(r"\d{3}|_", number)))


def _shape(number: str) -> str:
    s = re.sub(r"\s+", "", number)
    s = re.sub(r"\d+", "9", s)
    return re.sub(r"[A-Za-z]+", "A", s)


@dataclass
class _Candidate:
    start: int  # the heading
    number: str | None
    number_span: Span | None
    after: int  # where the title starts
    family: str
    value: int | None = None  # for numbered points: 1, 2, 3…


def _candidates(text: str, folded: str) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = {"delib": [], "code": [], "affaire": [], "point": [], "roman": [], "objet": []}
    # minutes whose items are headed "DELIBERATION OBJET : …" with no number
    out["objet"] = [_Candidate(m.start(), None, None, m.end(), "objet") for m in _OBJET_HEADING.finditer(text)]
    for m in _DELIB_N.finditer(folded):
        if re.fullmatch(r"deliberation\s+", folded[m.start() : m.end()]) and not text[m.start()].isupper():
            continue  # "Délibération 07/12/2019-2" heads an item; "the deliberation 2019-064" in prose does not
        number = _number_at(text, m.end())
        if number and not _CITED_BEFORE.search(folded[max(0, m.start() - 12) : m.start()]) and not _preceded_by_citation(folded, m.start()):
            out["delib"].append(_Candidate(m.start(), number, Span(m.end(), m.end() + len(number)), m.end() + len(number), "delib"))
    for m in _bare_numbers(text):
        number = m.group(0).rstrip(" ._-/")
        if not number or not _code_like(number) or not re.match(r"[A-Za-z]|\d{2}", number):
            continue
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "°/.-_"):
            continue
        before = folded[max(0, m.start() - 14) : m.start()]
        if _CITED_BEFORE.search(before) or re.search(r"[a-z]\s+(?:n|n\s*°|no)\s*$", before):
            continue  # "loi n° …", "délibération n° …"; a heading's "2. N° DEL2019-01 : …" stays
        # a title follows, or the next number of a flattened table
        after = text[m.start() + len(number) : m.start() + len(number) + 6]
        if not re.match(r"\s*[-–—:]?\s*[«\"(]?[A-Za-zÀ-ÿ0-9]", after):
            continue
        out["code"].append(_Candidate(m.start(), number, Span(m.start(), m.start() + len(number)), m.start() + len(number), "code"))
    for m in _AFFAIRE.finditer(folded):
        out["affaire"].append(_Candidate(m.start(), m.group(1), Span(m.start(1), m.end(1)), m.end(), "affaire", int(m.group(1))))
    for m in _POINT_IN_WORDS.finditer(folded):
        value = _NUMBER_WORDS.index(m.group(1)) + 1
        out["affaire"].append(_Candidate(m.start(), str(value), Span(m.start(1), m.end(1)), m.end(), "affaire", value))
    out["affaire"].sort(key=lambda c: c.start)
    for m in _POINT.finditer(text):
        if _CITED_BEFORE.search(folded[max(0, m.start() - 12) : m.start()]):
            continue
        out["point"].append(_Candidate(m.start(), m.group(1), Span(m.start(1), m.end(1)), m.end(), "point", int(m.group(1))))
    for m in _ROMAN.finditer(text):
        value = _roman(m.group(1))
        if value:
            out["roman"].append(_Candidate(m.start(), m.group(1), Span(m.start(1), m.end(1)), m.end(), "roman", value))
    return out


def _heads_text(text: str, folded: str, c: _Candidate) -> bool:
    """A number at the head of a text: after digits, punctuation or capitals, outside an agenda."""
    before = text[max(0, c.start - 40) : c.start].split()
    if before and re.search(r"[a-zà-ÿ]", before[-1]):
        return False
    return "ordre du jour" not in folded[max(0, c.start - 200) : c.start]


def _bare_numbers(text: str):
    """Every identifier-like token, and where words stand before it in the same match ("VOTE 20190305_004",
    the last heading of a flattened table; "2019 C 2019/03/2", a date's year), the token after each of
    its first spaces as well."""
    for m in _NUMBER_RE.finditer(text):
        yield m
        printed = m.group(0)
        for space in [i for i, ch in enumerate(printed) if ch == " "][:3]:
            inner = _NUMBER_RE.match(text, m.start() + space + 1)
            if inner:
                yield inner


def _preceded_by_citation(folded: str, pos: int) -> bool:
    """"Vu la délibération n° …", "par délibération n° …", "modification de la délibération n° …"."""
    before = folded[max(0, pos - 40) : pos]
    return bool(re.search(r"(?:\bvu|\bpar|\bde|\bla|\bune|\bsa|\bcette|\bnotre|\bdu|\bl'|\bdes)\s*$", before))


def _roman(s: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        total += -v if i + 1 < len(s) and values[s[i + 1]] > v else v
    return total if 0 < total < 40 else None


def _chains(cands: list[_Candidate]) -> list[list[_Candidate]]:
    """The runs of candidates numbered k, k+1, k+2… in document order, longest first: an agenda
    ("I … II … III …") and the items that follow it are two runs."""
    best: dict[int, list[_Candidate]] = {}
    ends: list[list[_Candidate]] = []
    for c in cands:
        prev = best.get(c.value - 1) if c.value is not None else None
        chain = (prev + [c]) if prev else [c]
        if len(chain) >= len(best.get(c.value, [])):
            best[c.value] = chain
        ends.append(chain)
    maximal = [ch for ch in ends if not any(len(o) > len(ch) and o[: len(ch)] == ch for o in ends)]
    return sorted((ch for ch in maximal if len(ch) >= 2), key=len, reverse=True)[:4]


def _numbered_items(text: str, folded: str, decisions: list[int], is_list: bool) -> list[Item]:
    cands = _candidates(text, folded)
    families: list[list[_Candidate]] = []
    explicit = _dedupe(cands["delib"])  # headed "Délibération n° …": items even where the text is cut before their decision
    if explicit:
        families.append(explicit)
    if cands["code"]:
        by_shape: dict[str, list[_Candidate]] = {}
        for c in cands["code"]:
            by_shape.setdefault(_shape(c.number), []).append(c)
        group = max(by_shape.values(), key=len)
        # one number alone opens an item, even where the text is cut before its decision, where its title
        # follows after a colon ("DEL20190612_3 : Rapport …") or in capitals at the head of the text
        # ("… 7 3 0 0 D2019-03-007 VOIRIE – RÉFECTION …"), not inside a sentence or an agenda
        colon = [c for c in cands["code"] if re.match(r"\s*[:\-–—]\s*[A-ZÉ]", text[c.after : c.after + 6])][:1]
        capitals = [c for c in cands["code"] if _CAPITAL_TITLE.match(text, c.after) and _heads_text(text, folded, c)][:1]
        if len(group) >= 2 or is_list:
            families.append(_dedupe(group))
        for headed in (colon, capitals):
            if headed and not (len(group) >= 2 and headed[0] in group):
                families.append(headed)
        lone = colon or capitals
        if lone and not (len(group) >= 2 and lone[0] in group):
            explicit = explicit or lone
    for name in ("affaire", "point", "roman"):
        families.extend(_chains(cands[name]))
    if len(cands["objet"]) >= 2:
        families.append(cands["objet"])
    best, best_score = None, (0, 0)
    for fam in families:
        items = _items_of(text, folded, fam, decisions, is_list)
        with_result = sum(1 for c, it in zip(fam, items) if _RESULT.search(folded, c.after, it.end))
        if not is_list and with_result * 2 >= len(items) and not any(it.decision is not None for it in items):
            items = _items_of(text, folded, fam, decisions, True)  # a list that does not say it is one
        decided = sum(1 for c, it in zip(fam, items) if it.decision is not None or _RESULT.search(folded, c.after, it.end))
        if not is_list and fam is not explicit and decided * 2 < len(items):
            continue  # numbered lines without decisions: an agenda, a table, a list of names
        score = (decided, len(items))
        if score > best_score:
            best, best_score = items, score
    return best or []


def _dedupe(cands: list[_Candidate]) -> list[_Candidate]:
    """A number printed twice in a row (a table's two columns) opens one item."""
    out: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: c.start):
        if out and out[-1].number == c.number and c.start - out[-1].start < 120:
            continue
        out.append(c)
    return out


_INNER_NUMBER = re.compile(rf"N\s*°\s*({_NUMBER})\s*:\s*")
_DOSSIER_BEFORE = re.compile(r"\b(?:affaire|point|question|dossier)\s*n\s*°\s*[\d.\-]+\s*:\s*(?=[^:]*$)")


def _items_of(text: str, folded: str, cands: list[_Candidate], decisions: list[int], is_list: bool) -> list[Item]:
    items = []
    has_lines = text.count("\n") >= 10  # headings on lines of their own, where the text kept its lines
    for i, c in enumerate(cands):
        end = cands[i + 1].start if i + 1 < len(cands) else len(text)
        heading = _DOSSIER_BEFORE.search(folded, max(items[-1].body if items else 0, c.start - 400), c.start) if c.family == "code" else None
        if heading:  # "Dossier n°2 : Vente d'un terrain … DB2019_002 Par courrier …": the title before the number
            raw = text[heading.end() : c.start].rstrip()
            title, title_span = normalize_space(raw), Span(heading.end(), heading.end() + len(raw))
            body = c.after
        else:
            title, title_span = _title(text, c.after, end, is_list, one_line=has_lines and c.family in ("point", "roman", "affaire"))
            body = title_span.end if title_span else c.after
        decision = _first_after(decisions, c.start, end)
        number, number_span = c.number, c.number_span
        inner = _INNER_NUMBER.match(text, title_span.start) if title_span else None
        if inner and _code_like(inner.group(1)):  # "2. N° DEL2019-01 : Adhésion …": the act's own number
            number, number_span = inner.group(1), Span(inner.start(1), inner.end(1))
            title, title_span = normalize_space(text[inner.end() : title_span.end]), Span(inner.end(), title_span.end)
        items.append(Item(c.start, body, end, number, number_span, title, title_span, decision))
    return items


# -- titles ------------------------------------------------------------------------------------------


def _title(text: str, start: int, end: int, is_list: bool = False, one_line: bool = False) -> tuple[str | None, Span | None]:
    """The title that starts at `start`: up to the text of the act, the result of a list line, or the
    next item; separators ("–", ":") before it are skipped."""
    m = re.compile(r"[\s\-–—:.)]*(?:examinee?\s+le\s+\S+\s+\S+\s+\S+\s*[\-–—]*\s*)?").match(fold(text[start : min(end, start + 80)]))
    s = start + (m.end() if m else 0)
    # a rubric in capitals before a title in lower case: "AMÉNAGEMENT ET CADRE DE VIE Vente d'un terrain …"
    rubric = None if is_list else _RUBRIC.match(text, s, min(end, s + _TITLE_MAX))
    if rubric:
        s = rubric.end()
    limit = min(end, s + _TITLE_MAX)
    stop = limit
    for st in _TITLE_STOP.finditer(text, s, limit):
        word = st.group(0).strip()
        if word.isupper() and _in_capitals(text[s : st.start()]):
            continue  # "… DECISIONS ADOPTEES PAR LE BUREAU …": a title in capitals goes on
        if word.split()[:1] and word.split()[0] in _CIVILITIES and (one_line or _NAMED_IN_TITLE.search(text, max(s, st.start() - 12), st.start())):
            continue  # "… le litige opposant la Commune à Madame …": a person the title is about
        stop = st.start()
        break
    if is_list:
        r = _RESULT.search(fold(text[s:stop]))
        if r:
            stop = s + r.start()
    capitals = _CAPITALS_THEN_WORD.match(text, s, stop)
    if capitals:  # a title in capitals ends where a word in lower case starts a page footer or the text
        stop = capitals.end(1)
    if one_line:  # a numbered heading on a line of its own, unless the line ends on a connector
        nl = text.find("\n", s + 2, stop)
        while nl > 0 and _CONNECTOR_END.search(text[s:nl].rstrip()):
            nl = text.find("\n", nl + 1, stop)
        if nl > 0:
            stop = nl
    se = _SENTENCE_END.search(text, s, stop)
    if se and se.start() - s > 3:
        stop = se.start() + 1
    raw = text[s:stop]
    # a page number or an OCR-read bullet left at the end: "… de la commune. 5", "… de l'exercice 2022 e"
    raw = re.sub(r"(?:(?<=[.)»])\s+\w|\s+[a-z])\s*$", "", raw)
    raw = re.sub(r"[\s\-–—:;,(]+$", "", raw)
    title = normalize_space(raw)
    if len(title) < 2:
        return None, None
    return title, Span(s, s + len(raw))


# -- unnumbered items --------------------------------------------------------------------------------


def _unnumbered_items(text: str, folded: str, decisions: list[int], end: int) -> list[Item]:
    """Minutes whose items have no number: each decision closes an item whose heading is the last run
    of capitals before the debate (`CESSION D'UNE PARCELLE … Le terrain …`)."""
    if not decisions:
        return []
    # the items follow the attendance: the last attendance label before the first decision
    labels = [m.end() for m in _ATTENDANCE_WORD.finditer(folded, 0, decisions[0])]
    after_attendance = labels[-1] if labels else 0
    headings = []
    for m in _UPPER_HEADING.finditer(text, after_attendance):
        letters = sum(ch.isalpha() for ch in m.group(1))
        if letters < 6 and not (letters >= 4 and len(m.group(1).split()) >= 2):  # "DM RAR 2021"
            continue
        if _ATTENDANCE_WORD.match(fold(m.group(1))) or re.match(r"(?:M|MM|MME|MMES|MR)\b", m.group(1)):
            continue
        if re.search(r"(?:\bM\.|\bMme|\bMM\.)\s*$", text[max(0, m.start() - 5) : m.start()]):
            continue  # a name in capitals after its civility: "Mme SALOMON ML."
            continue
        headings.append(m)
    closed: list[tuple[re.Match, int]] = []  # (heading, decision)
    prev_end = 0
    for d in decisions:
        if d < prev_end:
            continue
        head = next((h for h in headings if prev_end <= h.start() < d), None)
        if head is not None:
            closed.append((head, d))
            prev_end = _sentence_stop(folded, d)
    items = []
    for i, (h, d) in enumerate(closed):  # each item runs to the next one's heading
        item_end = closed[i + 1][0].start() if i + 1 < len(closed) else end
        # a count closing the attendance, page numbers ("2/7", "1/84-")
        lead = re.match(r"(?:\d{1,4}(?:/\d{1,4})?\s*-?\s+)+(?=\D)", h.group(1))
        t0 = h.start(1) + (lead.end() if lead else 0)
        raw = re.sub(r"(?<=\d)\s+[A-Z]$", "", text[t0 : h.end(1)].rstrip(" :.-"))  # "… DU 15/12/2019 M" (M. le …)
        items.append(Item(h.start(), h.end(), item_end, None, None, normalize_space(raw), Span(t0, t0 + len(raw)), d))
    return items


def _sentence_stop(folded: str, pos: int) -> int:
    m = re.compile(r"[.;](?=\s|$)").search(folded, pos)
    return m.end() if m else len(folded)


def _line_items(text: str, folded: str) -> list[Item]:
    """A list printed one title a line, without numbers, after its heading."""
    heading = _LIST_HEADING.search(folded)
    if not heading:
        return []
    items = []
    pos = text.find("\n", heading.end())
    lines = list(re.finditer(r"[^\n]+", text[pos:])) if pos >= 0 else []
    for m in lines:
        raw = m.group(0)
        s = pos + m.start() + (len(raw) - len(raw.lstrip()))
        stripped = raw.strip()
        if len(stripped) < 8 or re.match(r"(?i)le\s+\d|\d{1,2}\s+\w+\s+\d{4}$", stripped):
            continue
        runs_on = stripped[0].islower() or stripped[0].isdigit() or (items and _CONNECTOR_END.search(items[-1].title))
        if runs_on and items:  # a title running on to the next line
            prev = items[-1]
            e = s + len(stripped)
            items[-1] = Item(prev.start, e, e, None, None, normalize_space(text[prev.title_span.start : e]), Span(prev.title_span.start, e))
            continue
        e = s + len(stripped)
        items.append(Item(s, e, e, None, None, normalize_space(stripped), Span(s, e)))
    return [Item(it.start, it.body, items[i + 1].start if i + 1 < len(items) else len(text), None, None, it.title, it.title_span)
            for i, it in enumerate(items)]
