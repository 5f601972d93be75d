"""Typed records produced by the extractors.

Every record carries the `Span` of the text it was read from. Spans are character offsets into the
*source document as read from disk* (not into the cleaned text), so that anything in the graph can be
traced back to the exact characters of the file. `clean.CleanText.source_span` does the mapping.

`Deliberation.to_record()` gives the JSON extraction record of `shared/gold/SCHEMA.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .matiere import Classification


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Person:
    """A name as printed (`M. Jean-Pierre MARCHAL`, `Madame Sophie RENARD`, `Julien ROUX`)."""

    name: str
    span: Span


@dataclass
class Recusal:
    person: Person
    note: str  # "intéressée à l'affaire, n'a pris part ni au débat, ni au vote"
    span: Span  # the whole sentence


@dataclass
class Proxy:
    giver: Person
    holder: Person | None  # None where the holder is not printed ("ABSENTS EXCUSES AVEC POUVOIR : Mme X")
    span: Span
    note: str | None = None  # a limit in time as printed: "jusqu'à la délibération n°18"


@dataclass
class Substitute:
    """A member replaced by a substitute ("M. X, suppléant de M. Y"): the substitute is present."""

    member: Person
    substitute: Person
    span: Span


@dataclass
class AttendanceChange:
    """Presence that changes during a meeting: "(à compter de la délibération n°3)", "arrivée au point 4".

    `status` is what the person is from `from_item` (inclusive) or up to `until_item` (inclusive), items
    as printed ("3", "18"); outside that range the person has `otherwise` (absent, excused, ...).
    """

    person: Person
    status: str
    otherwise: str | None
    from_item: str | None
    until_item: str | None
    note: str
    span: Span


@dataclass
class Vote:
    for_: int | None = None
    against: int | None = None
    abstention: int | None = None
    for_groups: list[str] = field(default_factory=list)
    against_groups: list[str] = field(default_factory=list)
    abstention_groups: list[str] = field(default_factory=list)
    absent_without_delegation: int | None = None
    absent_without_delegation_groups: list[str] = field(default_factory=list)
    voters: int | None = None  # "Votants : 23", "Membres votants : 6"
    not_voting: int | None = None  # "5 ne prenant pas part au vote"
    against_names: list[str] = field(default_factory=list)  # named dissenters, as printed
    abstention_names: list[str] = field(default_factory=list)
    not_voting_names: list[str] = field(default_factory=list)
    ballot: str | None = None  # a secret ballot or an election ("à bulletin secret")
    outcome: str | None = None  # as printed: "Adopté", "Adoptée à l'unanimité"
    unanimity: bool | None = None  # True only where printed
    span: Span | None = None


@dataclass
class LegalRef:
    """One cited text, usually one "Vu ..." clause.

    kind: code_article, code, loi, decret, ordonnance, arrete, deliberation, reglement, other.
    """

    kind: str
    text: str  # the clause, without the leading "Vu" and the trailing ";"
    span: Span
    code: str | None = None  # as printed: "Code Général des Collectivités Territoriales"
    code_canonical: str | None = None  # "Code général des collectivités territoriales"
    articles: list[str] = field(default_factory=list)  # as printed: "L.3121-14"
    number: str | None = None  # "2014-58", "2019-12"
    date: str | None = None  # ISO
    title: str | None = None
    issuing_body: str | None = None  # for deliberations: "Conseil départemental"
    nor: str | None = None
    modified: bool = False  # "modifiée"


@dataclass
class CommitteeOpinion:
    commission: str  # as printed: "3ème commission « Solidarités, santé et vie locale »"
    date: str | None  # ISO
    span: Span
    number: int | None = None
    name: str | None = None


@dataclass
class Amount:
    value: float  # euros
    text: str  # as printed: "16 500 €"
    span: Span
    in_table: bool = False  # a budget-table cell whose € is in the column header


@dataclass
class Article:
    n: int
    text: str
    span: Span
    amounts: list[Amount] = field(default_factory=list)


@dataclass
class Beneficiary:
    """Who receives money or is party to a decision: a college, a commune, an association…"""

    name: str  # as printed: "Collège Paul Vasseur", "commune d'HAUTVAL-BRESSON", "ASH Solidarité Handicap"
    kind: str  # college, commune, epci, association, epcc, public_body, company, other
    span: Span
    amount: float | None = None  # euros granted to it, where the text says
    commune: str | None = None  # the commune it is in, official spelling
    insee: str | None = None  # the commune's INSEE code (Etalab reference data)
    article_n: int | None = None  # the decision article that grants it, if any


@dataclass
class Finding:
    """A consistency problem noticed in the text; recorded, never silently fixed."""

    code: str  # vote-total-mismatch, recused-still-counted, present-and-excused, no-vote, ...
    message: str
    span: Span | None = None


@dataclass
class Stamp:
    """The prefecture's ACTES acknowledgement: "ID : 033-213399975-20210315-DEL2021_014-DE".

    département (3 characters), the authority's SIREN (9 digits), the act's date (ISO), the act's
    identifier as the authority gave it, and the nature of the act (DE: délibération, AR: arrêté, ...).
    """

    identifier: str  # as read, OCR spaces removed
    departement: str
    siren: str
    date: str | None
    act_number: str
    nature: str
    span: Span
    received: str | None = None  # "Reçu en préfecture le 03/02/2023" (ISO), where printed


@dataclass
class Authority:
    """The authority whose body decides: a commune, an EPCI, a département, a région, a syndicat…"""

    name: str  # official name where linked (Etalab), else as printed
    kind: str  # commune, epci, departement, region, syndicat, ccas, other
    insee: str | None = None  # a commune's INSEE code, a département's or région's code
    siren: str | None = None
    span: Span | None = None


@dataclass
class Deliberation:
    source_file: str
    span: Span  # the deliberation's own text (without its annexes and report)
    number: str | None = None
    number_span: Span | None = None
    body: str | None = None
    body_kind: str | None = None  # conseil municipal, conseil communautaire, comité syndical, bureau, ...
    authority: Authority | None = None
    stamp: Stamp | None = None
    kind: str | None = None  # the document's kind: act, minutes, list, compilation
    meeting_date: str | None = None
    meeting_date_span: Span | None = None
    title: str | None = None
    title_span: Span | None = None
    president: Person | None = None
    secretary: Person | None = None
    present: list[Person] = field(default_factory=list)
    excused: list[Person] = field(default_factory=list)
    absent: list[Person] = field(default_factory=list)
    attending_without_vote: list[Person] = field(default_factory=list)
    excused_without_vote: list[Person] = field(default_factory=list)
    recused: list[Recusal] = field(default_factory=list)
    no_delegation: list[Person] = field(default_factory=list)
    proxies: list[Proxy] = field(default_factory=list)
    substitutes: list[Substitute] = field(default_factory=list)
    attendance_changes: list[AttendanceChange] = field(default_factory=list)
    vote: Vote | None = None
    legal_refs: list[LegalRef] = field(default_factory=list)
    committee_opinions: list[CommitteeOpinion] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    members_in_office: int | None = None  # "Membres en exercice : 9", where printed
    report_number: int | None = None
    report_span: Span | None = None
    annex_span: Span | None = None  # annexes between the signature and the report
    beneficiaries: list[Beneficiary] = field(default_factory=list)
    matiere: Classification | None = None  # ACTES level-2 matière (matiere.classify), None when no cue
    findings: list[Finding] = field(default_factory=list)

    def to_record(self) -> dict:
        """The JSON extraction record of SCHEMA.md."""
        names = lambda people: [p.name for p in people]  # noqa: E731
        vote = self.vote
        opinion = self.committee_opinions[0] if self.committee_opinions else None
        return {
            "source_file": self.source_file,
            "number": self.number,
            "body": self.body,
            "body_kind": self.body_kind,
            "document_kind": self.kind,
            "authority": None
            if self.authority is None
            else {k: v for k, v in (("name", self.authority.name), ("kind", self.authority.kind),
                                    ("insee", self.authority.insee), ("siren", self.authority.siren)) if v is not None},
            "actes_id": None
            if self.stamp is None
            else {"id": self.stamp.identifier, "departement": self.stamp.departement, "siren": self.stamp.siren,
                  "date": self.stamp.date, "act_number": self.stamp.act_number, "nature": self.stamp.nature,
                  "received": self.stamp.received},
            "meeting_date": self.meeting_date,
            "title": self.title,
            "president": self.president.name if self.president else None,
            "secretary": self.secretary.name if self.secretary else None,
            "present": names(self.present),
            "excused": names(self.excused),
            "absent": names(self.absent),
            "attending_without_vote": names(self.attending_without_vote),
            "excused_without_vote": names(self.excused_without_vote),
            "recused": [{"name": r.person.name, "note": r.note} for r in self.recused],
            "no_delegation": names(self.no_delegation),
            "proxies": [
                {"from": p.giver.name, "to": p.holder.name if p.holder is not None else None, **({"note": p.note} if p.note else {})}
                for p in self.proxies
            ],
            "substitutes": [{"member": s.member.name, "substitute": s.substitute.name} for s in self.substitutes],
            "vote": None
            if vote is None
            else {
                "for": vote.for_,
                "against": vote.against,
                "abstention": vote.abstention,
                "for_groups": vote.for_groups,
                "against_groups": vote.against_groups,
                "abstention_groups": vote.abstention_groups,
                "absent_without_delegation": vote.absent_without_delegation,
                "absent_without_delegation_groups": vote.absent_without_delegation_groups,
                "voters": vote.voters,
                "not_voting": vote.not_voting,
                "against_names": vote.against_names,
                "abstention_names": vote.abstention_names,
                "not_voting_names": vote.not_voting_names,
                "ballot": vote.ballot,
                "outcome": vote.outcome,
                "unanimity": vote.unanimity,
            },
            "legal_refs": [_legal_ref_record(r) for r in self.legal_refs],
            "committee_opinion": _opinion_record(opinion) if opinion else None,
            "committee_opinions": [_opinion_record(o) for o in self.committee_opinions],
            "articles": [
                {
                    "n": a.n,
                    "text": a.text,
                    "amounts_eur": _distinct(x.value for x in a.amounts if not x.in_table),
                    "table_amounts_eur": _distinct(x.value for x in a.amounts if x.in_table),
                }
                for a in self.articles
            ],
            "report_number": self.report_number,
            "members_in_office": self.members_in_office,
            "beneficiaries": [
                {k: v for k, v in (("name", b.name), ("kind", b.kind), ("amount_eur", b.amount), ("commune", b.commune),
                                   ("insee", b.insee), ("article", b.article_n)) if v is not None}
                for b in self.beneficiaries
            ],
            "findings": [{"code": f.code, "message": f.message} for f in self.findings],
        }


def _distinct(values) -> list[float]:
    seen: list[float] = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


def _legal_ref_record(ref: LegalRef) -> dict:
    record = {"kind": ref.kind, "text": ref.text}
    for key in ("code", "code_canonical", "number", "date", "title", "issuing_body", "nor"):
        value = getattr(ref, key)
        if value is not None:
            record[key] = value
    if ref.articles:
        record["articles"] = ref.articles
    if ref.modified:
        record["modified"] = True
    return record


def _opinion_record(opinion: CommitteeOpinion) -> dict:
    return {
        "commission": opinion.commission,
        "commission_number": opinion.number,
        "commission_name": opinion.name,
        "date": opinion.date,
    }
