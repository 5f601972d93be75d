"""From the text of a file to typed deliberation records.

    clean       -> same-length text with layout noise blanked (spans stay source offsets)
    layout      -> the document's kind (act, compilation, minutes, list) and its items: number, title, text
    stamp       -> the prefecture's ACTES identifiers, wherever they are printed
    authority   -> the deciding body, its authority (INSEE code, SIREN) and the meeting's date
    attendance  -> present, excused, absent, proxies, substitutes, president, secretary, counts
    legal_refs  -> the "Vu" / "Conformément à" clauses as legal references, committee opinions
    participation -> recusals, members who gave no proxy, proxies written as sentences
    decision    -> articles and their amounts
    votes       -> counts per option, groups, named dissenters, outcome, unanimity
    beneficiaries -> who receives what: colleges, communes (INSEE codes), associations…
    matiere     -> the ACTES matière (level-2 code) and the cue phrases that decided it
    checks      -> consistency findings

`extract_document(text, source_file)` runs them all; it does no I/O. `explain_empty(text)` says why a
text gave no deliberation.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .attendance import Attendance, attendance_for_item, read_attendance
from .authority import read_meeting, read_meeting_date
from .beneficiaries import find_beneficiaries
from .checks import check
from .clean import clean
from .decision import read_articles
from .header import read_header
from .layout import VU_CLAUSE, Item, segment
from .legal_refs import extract_citations, find_cited_texts
from .matiere import classify
from .models import Deliberation, Span
from .participation import find_no_delegation, find_proxies, find_recusals
from .stamp import read_stamps
from .votes import read_vote, read_voters

__all__ = ["extract_document", "explain_empty", "Deliberation"]


def explain_empty(text: str) -> str | None:
    """Why `text` gives no deliberation ("no decision found", …), or None when it gives some."""
    layout = segment(clean(text))
    return None if layout.items or layout.kind == "attendance" else layout.why_empty


def extract_document(text: str, source_file: str) -> list[Deliberation]:
    """Every deliberation in `text` (the content of `source_file`), in document order.

    A document that prints its meeting's attendance but no decision gives one record holding that
    attendance, with no number and no title (CONVENTIONS.md: `attendance_only`)."""
    cleaned = clean(text)
    layout = segment(cleaned)
    stamps = read_stamps(cleaned)
    first = layout.items[0] if layout.items else None
    if first is None:
        meeting_end = attendance_end = len(cleaned)
    elif first.own_header:  # each act prints its own header; the first one's is the meeting's
        meeting_end = first.start
        attendance_end = first.decision if first.decision is not None else first.end
    else:
        # minutes print the attendance before the first decision, even where an item's heading (a title
        # in capitals) stands before the lists; the attendance reader finds the block by its labels
        meeting_end = max(first.start, first.decision if first.decision is not None else first.body)
        attendance_end = len(cleaned)
    meeting = read_meeting(cleaned, 0, meeting_end, stamps)
    # the meeting's counts box ("Votants : 27"), for the items that print none of their own
    counts_end = attendance_end if first is not None and first.own_header else meeting_end
    # a register printed with its line breaks reads each act's header line by line (`_lined_header`)
    meeting_attendance = None if first is not None and first.lined else read_attendance(cleaned, 0, attendance_end)
    items = layout.items
    if not items and layout.kind == "attendance" and meeting_attendance is not None:
        # the meeting's record: its attendance, and the one decision printed without a heading, if any
        decided = layout.first_decision
        items = [Item(0, decided if decided is not None else len(cleaned), len(cleaned), decision=decided)]
    deliberations = []
    last_header_attendance = meeting_attendance  # an extract holding several decisions prints one header
    for item in items:
        decision = item.decision if item.decision is not None else item.end
        attendance, item_meeting = _header_of(cleaned, item, decision, meeting, last_header_attendance, stamps)
        if item.own_header:
            last_header_attendance = attendance
        if not item.lined:
            attendance = attendance_for_item(attendance, item.number) if attendance else Attendance()
        refs, opinions = extract_citations(cleaned, item.body, item.preamble_end or decision)
        if item.lined and item.heading:  # a register's margin may state the texts it relies on
            refs = find_cited_texts(cleaned, item.start, item.heading) + refs
        header_zone = (item.start, decision) if item.own_header else (0, counts_end)
        voters = attendance.counts.get("voters") or read_voters(cleaned, *header_zone)
        # the act's own text ends at its signature (a register read by its lines) or at its annexed report
        own_end = item.own_end if item.own_end is not None else (item.report_start or item.end)
        vote = _vote_of(cleaned, item, decision, own_end, voters)
        stamp = _stamp_of(stamps, item, len(items))
        deliberation = Deliberation(
            source_file=source_file,
            span=Span(item.start, own_end),
            kind=layout.kind,
            number=item.number,
            number_span=item.number_span,
            body=item_meeting.body,
            body_kind=item_meeting.body_kind,
            authority=item_meeting.authority,
            stamp=stamp,
            meeting_date=item_meeting.meeting_date,
            meeting_date_span=item_meeting.meeting_date_span,
            title=item.title,
            title_span=item.title_span,
            president=attendance.president,
            secretary=attendance.secretary,
            present=attendance.present,
            excused=attendance.excused,
            absent=attendance.absent,
            attending_without_vote=attendance.attending_without_vote,
            excused_without_vote=attendance.excused_without_vote,
            recused=find_recusals(cleaned, item.start, own_end),
            no_delegation=attendance.no_delegation + find_no_delegation(cleaned, item.start, own_end),
            proxies=attendance.proxies + find_proxies(cleaned, max(item.body, attendance.end), own_end),
            substitutes=attendance.substitutes,
            attendance_changes=attendance.changes,
            vote=vote,
            legal_refs=refs,
            committee_opinions=opinions,
            articles=read_articles(cleaned, decision, _decision_end(cleaned, item, own_end, vote)) if item.decision is not None else [],
            members_in_office=attendance.counts.get("members_in_office"),
            report_number=item.report_number,
            report_span=Span(item.report_start, item.end) if item.report_start is not None else None,
            annex_span=Span(own_end, item.report_start if item.report_start is not None else item.end),
        )
        deliberation.beneficiaries = find_beneficiaries(cleaned, deliberation)
        deliberation.matiere = classify(cleaned, deliberation)
        deliberation.findings = check(deliberation)
        deliberations.append(deliberation)
    return deliberations


def _stamp_of(stamps: list, item: Item, n_items: int):
    """The ACTES stamp printed inside an item, or the document's only stamp when it holds one act."""
    inside = [st for st in stamps if item.start <= st.span.start < item.end]
    if inside:
        return inside[0]
    return stamps[0] if stamps and n_items == 1 else None


def _lined_header(text: str, item: Item, meeting):
    """The attendance, body and date of a register printed with its line breaks, read by its labels at
    the start of lines (`header.py`), the reading the samples' registers were checked with."""
    header = read_header(text, item.start, item.decision)
    attendance = Attendance(
        present=header.lists["present"], excused=header.lists["excused"], absent=header.lists["absent"],
        attending_without_vote=header.lists["attending_without_vote"],
        excused_without_vote=header.lists["excused_without_vote"], proxies=header.proxies,
        president=header.president, secretary=header.secretary, counts=header.counts,
        start=item.start, end=header.end,
    )
    return attendance, replace(meeting, body=header.body or meeting.body, meeting_date=header.meeting_date or meeting.meeting_date)


_SENTENCE_END = re.compile(r"[.;](?=\s+[A-ZÉÈÀ])")


def _decision_end(text: str, item: Item, own_end: int, vote) -> int:
    """Where an item's decision text ends: an act's at its vote block (where the vote read after its
    decision starts, when no line gives it); in minutes, where the sentence that decides ends ("Le Conseil
    approuve à l'unanimité cette convention …."), the debate going on after it."""
    if item.own_header:
        if item.vote is None and vote is not None and vote.span is not None and vote.span.start > (item.decision or 0):
            return vote.span.start
        return item.vote or own_end
    m = _SENTENCE_END.search(text, item.decision, own_end)
    return m.end() if m else own_end


def _header_of(text: str, item: Item, decision: int, meeting, last_attendance: Attendance | None, stamps):
    """The attendance and meeting of an item: an act's own header (attendance, counts, date), else the
    meeting's attendance and the date its own zone gives (one document may hold several meetings)."""
    if not item.own_header:
        date, date_span = read_meeting_date(text, item.start, item.end, stamps)
        if date is not None:
            meeting = replace(meeting, meeting_date=date, meeting_date_span=date_span)
        return last_attendance, meeting
    # the meeting's date is printed before the "Vu" clauses, which cite other dates
    vu = VU_CLAUSE.search(text, item.start, decision)
    own = read_meeting(text, item.start, vu.start() if vu else decision, stamps)
    if own.meeting_date is None:
        own.meeting_date = meeting.meeting_date
    if item.lined:
        return _lined_header(text, item, own)
    attendance = read_attendance(text, item.start, item.header_end if item.header_end is not None else decision)
    if attendance is None or not (attendance.present or attendance.excused or attendance.absent):
        attendance = last_attendance  # a repeated heading without its lists
    return attendance, own


def _vote_of(text: str, item: Item, decision: int, own_end: int, voters: int | None):
    """An act's vote follows its decision; an item of minutes or a list line may print its counts before
    the words that decide ("10 votes pour", "Le point est adopté à l'unanimité"); a register may print
    "Adoptée à l'unanimité" or its counts box ("Votes pour : … 41 0 0") in its margin."""
    if item.vote is not None:
        vote_start = item.vote
    elif item.own_header and item.decision is not None:
        vote_start = decision
    else:
        vote_start = item.body
    vote = read_vote(text, vote_start, own_end, voters_hint=voters)
    no_counts = vote is None or (not item.lined and (vote.for_, vote.against, vote.abstention) == (None, None, None))
    if item.own_header and no_counts:
        boxed = read_vote(text, item.start, decision if item.lined else item.body, voters_hint=voters)
        if boxed is not None and (vote is None or boxed.for_ is not None):
            vote = boxed
    if vote is not None and vote.voters is None:
        vote.voters = voters  # "Votants : 10" printed in the header
    return vote
