"""From the text of a file to typed deliberation records.

    clean      -> same-length text with layout noise blanked (spans stay source offsets)
    segment    -> one Segment per deliberation: header, decision, vote, own text, annexes, report
    header     -> body, date, number, title, president, secretary, attendance lists, proxies
    legal_refs -> the "Vu" clauses as legal references, committee opinions
    participation -> recusals, members who gave no proxy, proxies written as sentences
    decision   -> articles and their amounts
    votes      -> counts per option, groups, outcome, unanimity
    beneficiaries -> who receives what: colleges, communes (INSEE codes), associations…
    matiere    -> the ACTES matière (level-2 code) and the cue phrases that decided it
    checks     -> consistency findings

`extract_document(text, source_file)` runs them all; it does no I/O.
"""

from __future__ import annotations

from .beneficiaries import find_beneficiaries
from .checks import check
from .clean import clean
from .decision import read_articles
from .header import read_header
from .legal_refs import extract_citations, find_cited_texts
from .matiere import classify
from .models import Deliberation, Span
from .participation import find_no_delegation, find_proxies, find_recusals
from .segment import segment
from .votes import read_vote

__all__ = ["extract_document", "Deliberation"]


def extract_document(text: str, source_file: str) -> list[Deliberation]:
    """Every deliberation in `text` (the content of `source_file`), in document order."""
    cleaned = clean(text)
    deliberations = []
    for seg in segment(cleaned):
        header = read_header(cleaned, seg.start, seg.decision)
        preamble_start = header.number_span.end if header.number_span else header.end
        refs, opinions = extract_citations(cleaned, min(preamble_start, seg.decision), seg.decision)
        # a register's margin may state the texts it relies on ("selon ordonnance du 1er avril 2020")
        margin_refs = find_cited_texts(cleaned, seg.start, seg.heading)
        vote = read_vote(cleaned, seg.vote, seg.own_end)
        if vote is None:  # a register prints "Adoptée à l'unanimité" in its margin
            vote = read_vote(cleaned, seg.start, seg.decision, voters_hint=header.counts.get("voters"))
        elif vote.voters is None and "voters" in header.counts:
            vote.voters = header.counts["voters"]
        no_delegation = find_no_delegation(cleaned, seg.start, seg.own_end)
        deliberation = Deliberation(
            source_file=source_file,
            span=Span(seg.start, seg.own_end),
            number=header.number,
            number_span=header.number_span,
            body=header.body,
            meeting_date=header.meeting_date,
            title=header.title,
            title_span=header.title_span,
            president=header.president,
            secretary=header.secretary,
            present=header.lists["present"],
            excused=header.lists["excused"],
            absent=header.lists["absent"],
            attending_without_vote=header.lists["attending_without_vote"],
            excused_without_vote=header.lists["excused_without_vote"],
            recused=find_recusals(cleaned, seg.start, seg.own_end),
            no_delegation=no_delegation,
            proxies=header.proxies + find_proxies(cleaned, header.end, seg.own_end),
            vote=vote,
            legal_refs=margin_refs + refs,
            committee_opinions=opinions,
            articles=read_articles(cleaned, seg.decision, seg.vote),
            members_in_office=header.counts.get("members_in_office"),
            report_number=seg.report_number,
            report_span=Span(seg.report_start, seg.end) if seg.report_start is not None else None,
            annex_span=Span(seg.own_end, seg.report_start if seg.report_start is not None else seg.end),
        )
        deliberation.beneficiaries = find_beneficiaries(cleaned, deliberation)
        deliberation.matiere = classify(cleaned, deliberation)
        deliberation.findings = check(deliberation)
        deliberations.append(deliberation)
    return deliberations

