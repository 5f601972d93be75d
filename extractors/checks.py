"""Step 4: consistency findings — what the text says that does not add up. Reported, never fixed.

- `vote-total-mismatch`: the votes counted (for + against + abstention + absent without delegation)
  differ from the members who could vote (present + excused voting by proxy, or the printed number
  of voters);
- `recused-still-counted`: members recused themselves, yet the counts still add up to every member;
- `present-and-excused`: one member in two attendance lists;
- `no-vote`: a deliberation with no vote printed; `no-vote-counts`: an outcome but no counts;
- `committee-after-meeting`: a committee opinion dated after the meeting;
  `committee-long-before-meeting`: dated more than six months before it (a misprinted year, often);
- `no-delegation-not-excused`: a member said to be excused in the body but listed otherwise.
"""

from __future__ import annotations

from datetime import date

from .models import Deliberation, Finding
from .names import person_key

_LISTS = ("present", "excused", "absent", "attending_without_vote", "excused_without_vote")


def check(deliberation: Deliberation) -> list[Finding]:
    findings: list[Finding] = []
    d = deliberation
    vote = d.vote
    if vote is None:
        findings.append(Finding("no-vote", "no vote is printed for this deliberation", d.span))
    elif vote.for_ is None:
        findings.append(Finding("no-vote-counts", f"the outcome is printed ({vote.outcome}), but no vote counts", vote.span))
    else:
        counted = (vote.for_ or 0) + (vote.against or 0) + (vote.abstention or 0)
        # excused members vote through a proxy: the proxies when they are listed, else every excused one
        by_proxy, proxy_word = (len(d.proxies), "proxies") if d.proxies else (len(d.excused), "excused")
        expected = len(d.present) + by_proxy
        if d.present and counted != expected and counted != (vote.voters or expected):
            findings.append(
                Finding(
                    "vote-total-mismatch",
                    f"{counted} votes counted, but {len(d.present)} present + {by_proxy} {proxy_word}"
                    f" = {expected} members could vote",
                    vote.span,
                )
            )
        if d.recused and counted >= expected and expected:
            names = ", ".join(r.person.name for r in d.recused)
            findings.append(
                Finding(
                    "recused-still-counted",
                    f"{names} took no part in the vote, yet the {counted} votes counted include every member",
                    vote.span,
                )
            )
    seen: dict[str, str] = {}
    for status in _LISTS:
        for person in getattr(d, status):
            key = person_key(person.name)
            if key in seen and seen[key] != status:
                findings.append(
                    Finding("present-and-excused", f"{person.name} is listed both as {seen[key]} and as {status}", person.span)
                )
            seen.setdefault(key, status)
    for person in d.no_delegation:
        status = seen.get(person_key(person.name))
        if status not in (None, "excused"):
            findings.append(
                Finding(
                    "no-delegation-not-excused",
                    f"{person.name} is said to be excused without giving a proxy, but the header lists them as {status}",
                    person.span,
                )
            )
    for opinion in d.committee_opinions:
        if opinion.date and d.meeting_date and opinion.date > d.meeting_date:
            findings.append(
                Finding(
                    "committee-after-meeting",
                    f"the {opinion.commission} opinion is dated {opinion.date}, after the meeting of {d.meeting_date}",
                    opinion.span,
                )
            )
        elif opinion.date and d.meeting_date:
            days = (date.fromisoformat(d.meeting_date) - date.fromisoformat(opinion.date)).days
            if days > 183:
                findings.append(
                    Finding(
                        "committee-long-before-meeting",
                        f"the {opinion.commission} opinion is dated {opinion.date}, {days} days before the meeting of {d.meeting_date}",
                        opinion.span,
                    )
                )
    return findings
