"""Step 4: the deliberations of one source document as RDF triples, in the terms of ontology/.

`document_graph(source_file, deliberations)` returns one rdflib `Graph` whose identifier is the
document's named graph (`identity.document_graph_iri`): the store replaces that graph as a whole when
the file is read again, so a changed file leaves nothing of its old version behind.

What goes in (IRIs from kg/identity.py, `dkg:` terms from kg/vocabulary.py only):

- the document (`dkg:SourceDocument`, file name, `dkg:documentKind`: act, compilation, minutes, list,
  attendance);
- each deliberation: number, title, body, meeting (body + date, chair, secretary), report number;
- the body's kind (`dkg:bodyKind`, a `dkg:BodyKind` concept) and its authority (`dkg:bodyOf`): a
  `dkg:Authority` named by SIREN, else INSEE code, else kind and name (`identity.authority_iri`), with
  its kind (`dkg:AuthorityKind`), name, SIREN, INSEE code and, for a commune, its INSEE commune
  (`dkg:territory`);
- the prefecture's ACTES stamp (`dkg:ActesTransmission`, one per identifier as read: département,
  SIREN, act date, number, nature, received date, the authority that sent it), and its identifier on
  the deliberation as `dkg:actesId` (an `eli:id_local`);
- one `dkg:Participation` per member and status (present, excused, absent, attending or excused
  without vote, no delegation), a `dkg:Recusal` (a participation with status recused) with its note,
  `dkg:Proxy` nodes (with their limit in time; without holder where none is printed),
  `dkg:Substitution` nodes (a member and the substitute sitting in their place), and on the meeting
  one `dkg:AttendanceChange` per presence limited in time ("jusqu'à la délibération n°18");
- the vote: counts as printed, one `dkg:GroupVotePosition` per group listed after a count, outcome,
  unanimity when printed;
- each "Vu" clause as a `dkg:LegalReference` that `dkg:refersTo` the cited texts (code articles,
  codes, lois, décrets, ordonnances, arrêtés, earlier deliberations, rules, other texts), and
  `dkg:cites` from the deliberation to the same texts;
- committee opinions, decision articles with their amounts, consistency findings;
- each beneficiary (`dkg:Beneficiary`): name, kind, commune (INSEE's IRI
  `http://id.insee.fr/geo/commune/{code}`, typed `igeo:Commune`, with its code and official name),
  the amount granted (the granting article's own `dkg:MonetaryAmount` when the article prints that
  value, else an amount of the beneficiary read in a table row, `dkg:inTable` true, with the span of
  the beneficiary's mention) and the granting article;
- the ACTES matière (`dkg:MatiereClassification`): code, label, score, basis, and one
  `dkg:ClassificationEvidence` per cue phrase (keyed by the folded phrase, one span per occurrence).

Provenance: every fact read from the text (the deliberation, participations, recusals, proxies,
substitutions, attendance changes, the ACTES stamp, the authority and the meeting's date where
printed, the vote, legal references, opinions, articles, amounts, beneficiaries, classification
evidence, findings) gets `prov:wasDerivedFrom` the
document and a `dkg:hasSpan` to an `oa:SpecificResource` on the document with an
`oa:TextPositionSelector` (`oa:start`, `oa:end`: character offsets into the file as read; for a PDF,
`dkg:page`, and `dkg:ocrEngine`, `dkg:ocrConfidence` on a page read by OCR).

Shared things (members, bodies, meetings, groups, cited texts) have document-independent IRIs, so
two renderings of one deliberation give the same triples apart from their spans; findings are about
one reading, so their IRIs are scoped to the document.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from datetime import date as Date
from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef

from extractors.models import (
    Authority,
    Beneficiary,
    Deliberation,
    LegalRef,
    Person,
    Span,
    Stamp,
    Vote,
)
from kg.identity import (
    TextId,
    actes_iri,
    authority_iri,
    body_iri,
    canonical_code_name,
    cited_deliberation_id,
    code_article_id,
    code_id,
    deliberation_iri,
    document_graph_iri,
    document_iri,
    fold_key,
    group_iri,
    legitext_id,
    meeting_iri,
    member_iri,
    member_key,
    named_text_id,
    normalize_article,
    numbered_text_id,
    span_iri,
    strip_civility,
)
from kg.vocabulary import DKG, OA, PREFIXES, PROV, RDF, RDFS, XSD, term_label

_STATUS_LISTS = (
    ("present", DKG.present),
    ("excused", DKG.excused),
    ("absent", DKG.absent),
    ("attending_without_vote", DKG.attendingWithoutVote),
    ("excused_without_vote", DKG.excusedWithoutVote),
    ("no_delegation", DKG.noDelegation),
)

_KINDS = {
    "code_article": DKG.codeArticleKind,
    "code": DKG.codeKind,
    "loi": DKG.loiKind,
    "decret": DKG.decretKind,
    "ordonnance": DKG.ordonnanceKind,
    "arrete": DKG.arreteKind,
    "deliberation": DKG.deliberationKind,
    "reglement": DKG.reglementKind,
    "other": DKG.otherKind,
}

_NUMBERED_CLASSES = {"loi": DKG.Loi, "decret": DKG.Decret, "ordonnance": DKG.Ordonnance, "arrete": DKG.Arrete}

_BENEFICIARY_KINDS = {
    "college": DKG.collegeBeneficiary,
    "commune": DKG.communeBeneficiary,
    "epci": DKG.epciBeneficiary,
    "association": DKG.associationBeneficiary,
    "epcc": DKG.epccBeneficiary,
    "public_body": DKG.publicBodyBeneficiary,
    "company": DKG.companyBeneficiary,
    "other": DKG.otherBeneficiary,
}

# the extractors' keys (extractors/lexicon/bodies.json, extractors/authority.py, extractors/layout.py),
# folded, to the ontology's closed lists; a key not listed is "other" (bodies, authorities) or dropped
_BODY_KINDS = {
    fold_key(k): v
    for k, v in (
        ("conseil municipal", DKG.conseilMunicipalBody),
        ("conseil communautaire", DKG.conseilCommunautaireBody),
        ("conseil départemental", DKG.conseilDepartementalBody),
        ("conseil régional", DKG.conseilRegionalBody),
        ("comité syndical", DKG.comiteSyndicalBody),
        ("bureau", DKG.bureauBody),
        ("commission permanente", DKG.commissionPermanenteBody),
        ("conseil d'administration", DKG.conseilAdministrationBody),
    )
}

_AUTHORITY_KINDS = {
    "commune": DKG.communeAuthority,
    "epci": DKG.epciAuthority,
    "departement": DKG.departementAuthority,
    "region": DKG.regionAuthority,
    "syndicat": DKG.syndicatAuthority,
    "ccas": DKG.ccasAuthority,
    "other": DKG.otherAuthority,
}

_DOCUMENT_KINDS = {
    "act": DKG.actDocument,
    "compilation": DKG.compilationDocument,
    "minutes": DKG.minutesDocument,
    "list": DKG.listDocument,
    "attendance": DKG.attendanceDocument,
}

# INSEE's geography: communes as http://id.insee.fr/geo/commune/{code INSEE}
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
INSEE_COMMUNE = Namespace("http://id.insee.fr/geo/commune/")

_CENT = Decimal("0.01")


def document_graph(source_file: str, deliberations: list[Deliberation], pages: list | None = None) -> Graph:
    """All triples for one source document, in document order of its deliberations.

    `pages` (`kg.pdf.Page`s, each with its start offset): each span's selector also gives its page
    (`dkg:page`), and the OCR engine and its confidence when that page was read by OCR."""
    builder = _DocumentBuilder(source_file, deliberations)
    builder.pages = pages or []
    builder.page_starts = [p.start for p in builder.pages]
    for index, deliberation in enumerate(deliberations, start=1):
        builder.add_deliberation(deliberation, index)
    return builder.graph


def _key_or(value: str | None) -> str:
    """A folded IRI segment for an optional value: "_" for none."""
    return fold_key(value) if value and fold_key(value) else "_"


def _local(term: URIRef) -> str:
    """The last segment of an IRI: "present" for dkg:present, the key of a member or group IRI."""
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


def _string(value: str) -> Literal:
    # White space folded and typographic apostrophes made straight, so that the PDF text and the
    # markdown of one deliberation give the same literals; the span keeps the printed form.
    return Literal(" ".join(value.translate(_APOSTROPHES).split()))


def _integer(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def _date(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.date)


def _valid_date(iso: str | None) -> Literal | None:
    """An xsd:date for a date that exists, else None (a stamp's date misread by OCR)."""
    try:
        return _date(Date.fromisoformat(iso).isoformat()) if iso else None
    except ValueError:
        return None


def _boolean(value: bool) -> Literal:
    return Literal(bool(value), datatype=XSD.boolean)


def _euros(value: float) -> Literal:
    # via str() so that 1200.1 stays 1200.10 and does not become 1200.0999…
    return Literal(Decimal(str(value)).quantize(_CENT), datatype=XSD.decimal)


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def _french_date(iso: str) -> str:
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


def _people(deliberation: Deliberation) -> Iterable[Person]:
    for person in (deliberation.president, deliberation.secretary):
        if person is not None:
            yield person
    for attribute, _status in _STATUS_LISTS:
        yield from getattr(deliberation, attribute)
    for recusal in deliberation.recused:
        yield recusal.person
    for proxy in deliberation.proxies:
        yield proxy.giver
        if proxy.holder is not None:
            yield proxy.holder
    for substitution in deliberation.substitutes:
        yield substitution.member
        yield substitution.substitute
    for change in deliberation.attendance_changes:
        yield change.person


def _member_labels(deliberations: list[Deliberation]) -> dict[str, str]:
    """One label per member key: the first spelling in mixed case ("Jean-Pierre DURAND" rather than
    "JEAN-PIERRE DURAND" from a header in capitals), else the first spelling, without civility."""
    spellings: dict[str, list[str]] = {}
    for deliberation in deliberations:
        for person in _people(deliberation):
            name = strip_civility(person.name)
            if member_key(name):
                spellings.setdefault(member_key(name), []).append(name)
    return {
        key: next((n for n in names if any(c.islower() for c in n)), names[0])
        for key, names in spellings.items()
    }


class _DocumentBuilder:
    def __init__(self, source_file: str, deliberations: list[Deliberation]) -> None:
        self.source_file = source_file
        self.document = document_iri(source_file)
        self.graph = Graph(identifier=document_graph_iri(source_file))
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.member_labels = _member_labels(deliberations)
        self.finding_count = 0
        self.pages: list = []  # kg.pdf.Page, when the document has pages (document_graph)
        self.page_starts: list[int] = []
        file_name = source_file.replace("\\", "/").rsplit("/", 1)[-1]
        self.add(self.document, RDF.type, DKG.SourceDocument)
        self.add(self.document, DKG.fileName, Literal(file_name))
        self.add(self.document, RDFS.label, Literal(file_name))
        # the document's kind (layout.py gives it to each of its deliberations): the first one given
        kind = next((_DOCUMENT_KINDS[d.kind] for d in deliberations if d.kind in _DOCUMENT_KINDS), None)
        if kind is not None:
            self.add(self.document, DKG.documentKind, kind)

    def add(self, subject: URIRef, predicate: URIRef, obj) -> None:
        self.graph.add((subject, predicate, obj))

    def span(self, node: URIRef, span: Span | None) -> None:
        """Provenance of an extracted fact: the document, and its characters [start, end)."""
        self.add(node, PROV.wasDerivedFrom, self.document)
        if span is None:
            return
        resource = span_iri(self.source_file, span.start, span.end)
        selector = URIRef(f"{resource}/selector")
        self.add(node, DKG.hasSpan, resource)
        self.add(resource, RDF.type, OA.SpecificResource)
        self.add(resource, OA.hasSource, self.document)
        self.add(resource, OA.hasSelector, selector)
        self.add(selector, RDF.type, OA.TextPositionSelector)
        self.add(selector, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger))
        self.add(selector, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger))
        if self.pages:
            page = self.pages[max(0, bisect.bisect_right(self.page_starts, span.start) - 1)]
            self.add(selector, DKG.page, Literal(page.number, datatype=XSD.positiveInteger))
            if page.method == "ocr":
                self.add(selector, DKG.ocrEngine, Literal(page.engine or "ocr"))
                if page.confidence is not None:
                    self.add(selector, DKG.ocrConfidence, Literal(Decimal(str(page.confidence)), datatype=XSD.decimal))

    # -- deliberation --------------------------------------------------------------------------

    def add_deliberation(self, d: Deliberation, index: int) -> None:
        if d.body and d.number:
            node = deliberation_iri(d.body, d.number)
        else:  # not identifiable across documents: scoped to this one (SHACL reports what is missing)
            node = URIRef(f"{self.document}/deliberation/{index}")
        self.add(node, RDF.type, DKG.Deliberation)
        self.span(node, d.span)
        if d.number:
            self.add(node, DKG.deliberationNumber, _string(d.number))
            self.add(node, RDFS.label, Literal(f"{term_label(DKG.Deliberation).capitalize()} n°{d.number}"))
        if d.title:
            self.add(node, DKG.title, _string(d.title))
        if d.report_number is not None:
            self.add(node, DKG.reportNumber, _integer(d.report_number))
        if d.members_in_office is not None:
            self.add(node, DKG.membersInOffice, _integer(d.members_in_office))
        if d.body:
            self.add(node, DKG.decidedBy, self.body(d))
        self.add(node, DKG.decidedAt, self.meeting(d))
        if d.stamp is not None:
            self.stamp(node, d.stamp, d.authority)

        for attribute, status in _STATUS_LISTS:
            for person in getattr(d, attribute):
                self.participation(node, person, status, person.span)
        for recusal in d.recused:
            participation = self.participation(node, recusal.person, DKG.recused, recusal.span)
            if participation is not None:
                self.add(participation, RDF.type, DKG.Recusal)
                if recusal.note:
                    self.add(participation, DKG.recusalNote, _string(recusal.note))
        for proxy in d.proxies:
            giver = self.member(proxy.giver)
            holder = self.member(proxy.holder) if proxy.holder is not None else None
            if giver is None or (holder is None and proxy.holder is not None):
                continue  # a name that folds to nothing
            proxy_node = URIRef(f"{node}/proxy/{_local(giver)}")
            self.add(node, DKG.hasProxy, proxy_node)
            self.add(proxy_node, RDF.type, DKG.Proxy)
            self.add(proxy_node, DKG.proxyGiver, giver)
            if holder is not None:  # none where the holder is not printed
                self.add(proxy_node, DKG.proxyHolder, holder)
            if proxy.note:
                self.add(proxy_node, DKG.proxyNote, _string(proxy.note))
            self.span(proxy_node, proxy.span)
        for substitution in d.substitutes:
            replaced, substitute = self.member(substitution.member), self.member(substitution.substitute)
            if replaced is None or substitute is None:
                continue
            substitution_node = URIRef(f"{node}/substitution/{_local(replaced)}")
            self.add(node, DKG.hasSubstitution, substitution_node)
            self.add(substitution_node, RDF.type, DKG.Substitution)
            self.add(substitution_node, DKG.replacedMember, replaced)
            self.add(substitution_node, DKG.substitute, substitute)
            self.span(substitution_node, substitution.span)
        if d.vote is not None:
            self.vote(node, d.vote, d.body)
        for position, ref in enumerate(d.legal_refs, start=1):
            self.legal_reference(node, URIRef(f"{node}/reference/{position}"), ref, d.body)
        for position, opinion in enumerate(d.committee_opinions, start=1):
            opinion_node = URIRef(f"{node}/opinion/{position}")
            self.add(node, DKG.hasCommitteeOpinion, opinion_node)
            self.add(opinion_node, RDF.type, DKG.CommitteeOpinion)
            self.add(opinion_node, DKG.commission, _string(opinion.commission))
            if opinion.number is not None:
                self.add(opinion_node, DKG.commissionNumber, _integer(opinion.number))
            if opinion.name:
                self.add(opinion_node, DKG.commissionName, _string(opinion.name))
            if opinion.date:
                self.add(opinion_node, DKG.opinionDate, _date(opinion.date))
            self.span(opinion_node, opinion.span)
        for article in d.articles:
            article_node = URIRef(f"{node}/article/{article.n}")
            self.add(node, DKG.hasArticle, article_node)
            self.add(article_node, RDF.type, DKG.DecisionArticle)
            self.add(article_node, DKG.articleNumber, _integer(article.n))
            self.add(article_node, DKG.articleText, _string(article.text))
            self.span(article_node, article.span)
            for position, amount in enumerate(article.amounts, start=1):
                amount_node = URIRef(f"{article_node}/amount/{position}")
                self.add(article_node, DKG.hasAmount, amount_node)
                self.add(amount_node, RDF.type, DKG.MonetaryAmount)
                self.add(amount_node, DKG.euroValue, _euros(amount.value))
                self.add(amount_node, DKG.amountText, _string(amount.text))
                self.add(amount_node, DKG.inTable, _boolean(amount.in_table))
                self.span(amount_node, amount.span)
        for beneficiary in d.beneficiaries:
            self.beneficiary(node, d, beneficiary)
        if d.matiere is not None:
            self.matiere(node, d.matiere)
        for finding in d.findings:
            self.finding_count += 1
            finding_node = URIRef(f"{self.document}/finding/{self.finding_count}")
            self.add(node, DKG.hasFinding, finding_node)
            self.add(finding_node, RDF.type, DKG.ConsistencyFinding)
            self.add(finding_node, DKG.findingCode, Literal(finding.code))
            self.add(finding_node, DKG.findingMessage, _string(finding.message))
            self.span(finding_node, finding.span)

    # -- beneficiaries and matière ---------------------------------------------------------------

    def beneficiary(self, deliberation: URIRef, d: Deliberation, b: Beneficiary) -> None:
        key = fold_key(b.name)
        if not key:
            return
        node = URIRef(f"{deliberation}/beneficiary/{key}" + (f"-{b.insee}" if b.insee else ""))
        self.add(deliberation, DKG.hasBeneficiary, node)
        self.add(node, RDF.type, DKG.Beneficiary)
        self.add(node, DKG.beneficiaryName, _string(b.name))
        self.add(node, RDFS.label, _string(b.name))
        self.add(node, DKG.lookupKey, Literal(key))
        self.add(node, DKG.beneficiaryKind, _BENEFICIARY_KINDS.get(b.kind, DKG.otherBeneficiary))
        self.span(node, b.span)
        if b.commune:
            self.add(node, DKG.communeName, _string(b.commune))
        if b.insee:
            commune = INSEE_COMMUNE[b.insee]
            self.add(node, DKG.inCommune, commune)
            self.add(commune, RDF.type, IGEO.Commune)
            self.add(commune, IGEO.codeINSEE, Literal(b.insee))
            if b.commune:
                self.add(commune, RDFS.label, _string(b.commune))
        article = next((a for a in d.articles if a.n == b.article_n), None)
        if article is not None:
            self.add(node, DKG.grantedByArticle, URIRef(f"{deliberation}/article/{article.n}"))
        if b.amount is None:
            return
        printed = [
            position
            for position, amount in enumerate(article.amounts if article else [], start=1)
            if amount.value == b.amount and not amount.in_table
        ]
        if printed:  # the article's own amount, with the span of its printed form
            self.add(node, DKG.grantedAmount, URIRef(f"{deliberation}/article/{article.n}/amount/{printed[0]}"))
            return
        amount_node = URIRef(f"{node}/amount")
        self.add(node, DKG.grantedAmount, amount_node)
        self.add(amount_node, RDF.type, DKG.MonetaryAmount)
        self.add(amount_node, DKG.euroValue, _euros(b.amount))
        self.add(amount_node, DKG.inTable, _boolean(True))
        self.span(amount_node, b.span)

    def matiere(self, deliberation: URIRef, classification) -> None:
        node = URIRef(f"{deliberation}/matiere")
        self.add(deliberation, DKG.hasMatiere, node)
        self.add(node, RDF.type, DKG.MatiereClassification)
        self.add(node, DKG.matiereCode, Literal(classification.code))
        self.add(node, DKG.matiereLabel, Literal(classification.label))
        self.add(node, DKG.classificationScore, _decimal(classification.score))
        self.add(node, DKG.classificationBasis, Literal(classification.basis))
        self.add(node, RDFS.label, Literal(f"{classification.code} {classification.label}"))
        self.add(node, PROV.wasDerivedFrom, self.document)
        for phrase, span in classification.evidence:
            key = fold_key(phrase)
            if not key:
                continue
            evidence = URIRef(f"{node}/evidence/{key}")
            self.add(node, DKG.hasEvidence, evidence)
            self.add(evidence, RDF.type, DKG.ClassificationEvidence)
            self.add(evidence, DKG.evidencePhrase, _string(phrase))
            self.span(evidence, span)

    def body(self, d: Deliberation) -> URIRef:
        node = body_iri(d.body)
        self.add(node, RDF.type, DKG.Body)
        self.add(node, RDFS.label, _string(d.body))
        self.add(node, DKG.lookupKey, Literal(fold_key(d.body)))
        if d.body_kind:
            self.add(node, DKG.bodyKind, _BODY_KINDS.get(fold_key(d.body_kind), DKG.otherBody))
        if d.authority is not None:
            authority = self.authority(d.authority)
            if authority is not None:
                self.add(node, DKG.bodyOf, authority)
        return node

    def authority(self, a: Authority) -> URIRef | None:
        """The authority a body belongs to: by SIREN, else INSEE code, else kind and folded name."""
        if not fold_key(a.name) and not a.siren and not a.insee:
            return None
        kind = a.kind if a.kind in _AUTHORITY_KINDS else "other"
        node = authority_iri(kind, a.name, a.insee, a.siren)
        self.add(node, RDF.type, DKG.Authority)
        self.add(node, DKG.authorityKind, _AUTHORITY_KINDS[kind])
        self.add(node, DKG.authorityName, _string(a.name))
        self.add(node, RDFS.label, _string(a.name))
        self.add(node, DKG.lookupKey, Literal(fold_key(a.name)))
        if a.siren:
            self.add(node, DKG.siren, Literal(a.siren))
        if a.insee:
            self.add(node, DKG.inseeCode, Literal(a.insee))
            if kind == "commune":
                commune = INSEE_COMMUNE[a.insee]
                self.add(node, DKG.territory, commune)
                self.add(commune, RDF.type, IGEO.Commune)
                self.add(commune, IGEO.codeINSEE, Literal(a.insee))
                self.add(commune, RDFS.label, _string(a.name))
        if a.span is not None:
            self.span(node, a.span)
        return node

    def stamp(self, deliberation: URIRef, s: Stamp, authority: Authority | None) -> None:
        """The prefecture's ACTES stamp: one node per identifier as read, whichever document prints it."""
        node = actes_iri(s.identifier)
        self.add(deliberation, DKG.hasActesTransmission, node)
        self.add(deliberation, DKG.actesId, Literal(s.identifier))
        self.add(node, RDF.type, DKG.ActesTransmission)
        self.add(node, RDFS.label, Literal(f"ACTES {s.identifier}"))
        self.add(node, DKG.actesIdentifier, Literal(s.identifier))
        self.add(node, DKG.actesDepartement, Literal(s.departement))
        self.add(node, DKG.actesSiren, Literal(s.siren))
        self.add(node, DKG.actNumber, _string(s.act_number))
        if s.nature:
            self.add(node, DKG.actNature, Literal(s.nature))
        for value, predicate in ((s.date, DKG.actDate), (s.received, DKG.receivedDate)):
            literal = _valid_date(value)
            if literal is not None:
                self.add(node, predicate, literal)
        # the stamp names the authority that sent the act: the deciding body's, unless its SIREN differs
        if authority is not None and authority.siren in (None, s.siren):
            sender = self.authority(authority)
            if sender is not None:
                self.add(node, DKG.transmittedBy, sender)
        self.span(node, s.span)

    def meeting(self, d: Deliberation) -> URIRef:
        if d.body and d.meeting_date:
            node = meeting_iri(d.body, d.meeting_date)
        else:
            node = URIRef(f"{self.document}/meeting/{d.meeting_date or 'undated'}")
        self.add(node, RDF.type, DKG.Meeting)
        if d.body:
            self.add(node, DKG.heldBy, self.body(d))
        if d.meeting_date:
            self.add(node, DKG.meetingDate, _date(d.meeting_date))
            meeting = term_label(DKG.Meeting)
            self.add(node, RDFS.label, Literal(f"{d.body or '?'}, {meeting} du {_french_date(d.meeting_date)}"))
        for person, role in ((d.president, DKG.president), (d.secretary, DKG.secretary)):
            member = self.member(person) if person is not None else None
            if member is not None:
                self.add(node, role, member)
        if d.meeting_date and d.meeting_date_span is not None:
            self.span(node, d.meeting_date_span)
        for change in d.attendance_changes:
            self.attendance_change(node, change)
        return node

    def attendance_change(self, meeting: URIRef, change) -> None:
        """A presence limited in time: the meeting's, printed once in its header; the participations of
        each deliberation already follow it (attendance.attendance_for_item)."""
        member = self.member(change.person)
        statuses = dict(_STATUS_LISTS)
        if member is None or change.status not in statuses:
            return
        bounds = f"{_key_or(change.from_item)}-{_key_or(change.until_item)}"
        node = URIRef(f"{meeting}/attendance-change/{_local(member)}/{_local(statuses[change.status])}/{bounds}")
        self.add(meeting, DKG.hasAttendanceChange, node)
        self.add(node, RDF.type, DKG.AttendanceChange)
        self.add(node, DKG.changedMember, member)
        self.add(node, DKG.statusDuring, statuses[change.status])
        if change.otherwise in statuses:
            self.add(node, DKG.statusOtherwise, statuses[change.otherwise])
        if change.from_item:
            self.add(node, DKG.fromItem, _string(change.from_item))
        if change.until_item:
            self.add(node, DKG.untilItem, _string(change.until_item))
        if _string(change.note or ""):
            self.add(node, DKG.changeNote, _string(change.note))
        self.span(node, change.span)

    # -- attendance ----------------------------------------------------------------------------

    def member(self, person: Person) -> URIRef | None:
        key = member_key(person.name)
        if not key:
            return None
        node = member_iri(person.name)
        self.add(node, RDF.type, DKG.Member)
        self.add(node, RDFS.label, Literal(self.member_labels.get(key, strip_civility(person.name))))
        self.add(node, DKG.lookupKey, Literal(key))
        return node

    def participation(self, deliberation: URIRef, person: Person, status: URIRef, span: Span | None) -> URIRef | None:
        member = self.member(person)
        if member is None:
            return None
        node = URIRef(f"{deliberation}/participation/{_local(member)}/{_local(status)}")
        self.add(deliberation, DKG.hasParticipation, node)
        self.add(node, RDF.type, DKG.Participation)
        self.add(node, DKG.participant, member)
        self.add(node, DKG.status, status)
        self.add(node, DKG.nameAsPrinted, _string(person.name))
        self.span(node, span)
        return node

    # -- vote ----------------------------------------------------------------------------------

    def vote(self, deliberation: URIRef, vote: Vote, body: str | None) -> None:
        node = URIRef(f"{deliberation}/vote")
        self.add(deliberation, DKG.hasVote, node)
        self.add(node, RDF.type, DKG.Vote)
        counts = (
            (vote.for_, DKG.forCount),
            (vote.against, DKG.againstCount),
            (vote.abstention, DKG.abstentionCount),
            (vote.absent_without_delegation, DKG.absentWithoutDelegationCount),
            (vote.voters, DKG.voterCount),
        )
        for count, predicate in counts:
            if count is not None:
                self.add(node, predicate, _integer(count))
        if vote.outcome:
            self.add(node, DKG.outcome, _string(vote.outcome))
        if vote.unanimity is not None:
            self.add(node, DKG.unanimity, _boolean(vote.unanimity))
        positions = (
            (vote.for_groups, DKG.positionFor),
            (vote.against_groups, DKG.positionAgainst),
            (vote.abstention_groups, DKG.positionAbstention),
            (vote.absent_without_delegation_groups, DKG.positionAbsentWithoutDelegation),
        )
        for groups, position in positions:
            for name in groups:
                if not fold_key(name):
                    continue
                group = group_iri(name, body)
                self.add(group, RDF.type, DKG.PoliticalGroup)
                self.add(group, RDFS.label, _string(name))
                self.add(group, DKG.lookupKey, Literal(fold_key(name)))
                position_node = URIRef(f"{node}/{_local(position)}/{_local(group)}")
                self.add(node, DKG.hasGroupPosition, position_node)
                self.add(position_node, RDF.type, DKG.GroupVotePosition)
                self.add(position_node, DKG.group, group)
                self.add(position_node, DKG.position, position)
        self.span(node, vote.span)

    # -- legal references ----------------------------------------------------------------------

    def legal_reference(self, deliberation: URIRef, node: URIRef, ref: LegalRef, body: str | None) -> None:
        kind = ref.kind if ref.kind in _KINDS else "other"
        self.add(deliberation, DKG.hasLegalReference, node)
        self.add(node, RDF.type, DKG.LegalReference)
        self.add(node, DKG.referenceKind, _KINDS[kind])
        self.add(node, DKG.clauseText, _string(ref.text))
        for article in ref.articles:
            self.add(node, DKG.citedArticle, _string(article))
        if ref.modified:
            self.add(node, DKG.citedAsAmended, _boolean(True))
        self.span(node, ref.span)
        for text in self.cited_texts(ref, kind, body):
            self.add(node, DKG.refersTo, text)
            self.add(deliberation, DKG.cites, text)

    def text(self, text_id: TextId, cls: URIRef, label: str) -> URIRef:
        node = text_id.iri
        self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, _string(label))
        self.add(node, DKG.legalIdentifier, Literal(text_id.identifier))
        for key in text_id.lookup_keys:
            self.add(node, DKG.lookupKey, Literal(key))
        if text_id.legifrance:
            self.add(node, DKG.legifranceLink, URIRef(text_id.legifrance))
        return node

    def cited_texts(self, ref: LegalRef, kind: str, body: str | None) -> list[URIRef]:
        code_name = ref.code_canonical or ref.code
        if kind in ("code_article", "code") and code_name:
            code = self.text(code_id(code_name), DKG.Code, canonical_code_name(code_name))
            legitext = legitext_id(code_name)
            if legitext:
                self.add(code, DKG.legitextId, Literal(legitext))
            if kind == "code" or not ref.articles:
                return [code]
            articles = []
            for printed in ref.articles:
                article = normalize_article(printed)
                label = f"{canonical_code_name(code_name)}, article {article}"
                node = self.text(code_article_id(code_name, printed), DKG.CodeArticle, label)
                self.add(node, DKG.codeArticleId, Literal(article))
                self.add(node, DKG.partOfCode, code)
                articles.append(node)
            return articles

        kind_name = term_label(_KINDS[kind]).capitalize()  # "Loi", "Décret", "Délibération"…
        text_id, cls, label = None, None, None
        if kind in _NUMBERED_CLASSES:
            text_id = numbered_text_id(kind, ref.number, ref.date, ref.nor)
            cls = _NUMBERED_CLASSES[kind]
            if ref.number:
                label = f"{kind_name} n°{ref.number}"
            elif ref.nor:
                label = f"{kind_name} NOR {ref.nor}"
            elif ref.date:
                label = f"{kind_name} du {_french_date(ref.date)}"
        elif kind == "deliberation":
            issuer = ref.issuing_body or body or ""
            text_id = cited_deliberation_id(issuer, ref.number, ref.date) if fold_key(issuer) else None
            cls = DKG.CitedDeliberation
            label = f"{kind_name} n°{ref.number}" if ref.number else f"{kind_name} du {_french_date(ref.date or '')}"
            label += f" ({issuer})"
        if text_id is None:  # rules, other texts, and texts cited without number, NOR or date
            cls = cls or (DKG.Reglement if kind == "reglement" else DKG.OtherText)
            # rules, statutes and deliberations belong to a body; a loi or a décret to none
            owner = body if kind in ("reglement", "other", "deliberation") else None
            text_id = named_text_id(kind, owner, ref.title or ref.text)
            label = ref.title or ref.text
        node = self.text(text_id, cls, label)
        if ref.number:
            self.add(node, DKG.textNumber, _string(ref.number))
        if ref.date:
            self.add(node, DKG.textDate, _date(ref.date))
        if ref.title:
            self.add(node, DKG.citedTitle, _string(ref.title))
        if ref.nor:
            self.add(node, DKG.nor, Literal(ref.nor))
        if kind == "deliberation" and ref.issuing_body:
            self.add(node, DKG.issuingBody, _string(ref.issuing_body))
        return [node]
