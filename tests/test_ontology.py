"""The ontology is the single source of every dkg: term, and describes each one in French and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.vocabulary import DKG, DKG_URI, ONTOLOGY, ONTOLOGY_FILE, SHAPES_FILE, defined_terms

REPO = Path(__file__).resolve().parent.parent
TERMS = set(defined_terms(ONTOLOGY))


def _used_in_python() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in sorted((REPO / "kg").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        names = set(re.findall(r"\bDKG\.([A-Za-z_]\w*)", text))
        names |= set(re.findall(r"\bDKG\[\s*['\"]([^'\"]+)['\"]\s*\]", text))
        used[path.name] = names
    return used


def _used_in_sparql_and_shapes() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in sorted((REPO / "queries").glob("*.rq")) + [SHAPES_FILE]:
        text = re.sub(r"(?m)#.*$", "", path.read_text(encoding="utf-8"))  # comments are prose
        names = set(re.findall(r"\bdkg:([A-Za-z_][\w-]*)", text))
        names |= {iri[len(DKG_URI) :] for iri in re.findall(r"<(" + re.escape(DKG_URI) + r"[^>]*)>", text)}
        used[path.name] = names
    return used


def test_the_vocabulary_holds_exactly_the_terms_of_the_ontology():
    assert TERMS
    for term in TERMS:
        assert DKG[term] == URIRef(DKG_URI + term)
    assert {"Deliberation", "Participation", "present", "Recusal", "GroupVotePosition", "hasSpan"} <= TERMS


def test_the_vocabulary_raises_on_an_undefined_term():
    with pytest.raises(AttributeError):
        DKG.Deliberaton  # noqa: B018 - a misspelling must not mint a new IRI
    with pytest.raises(KeyError):
        DKG["notInTheOntology"]


def test_every_dkg_term_used_by_the_code_is_defined():
    used = _used_in_python()
    assert used["triples.py"], "kg/triples.py should use dkg: terms through DKG"
    undefined = {name: sorted(terms - TERMS) for name, terms in used.items() if terms - TERMS}
    assert undefined == {}


def test_every_dkg_term_used_by_the_queries_and_shapes_is_defined():
    used = _used_in_sparql_and_shapes()
    assert len(used) > 8 and all(used.values())
    undefined = {name: sorted(terms - TERMS) for name, terms in used.items() if terms - TERMS}
    assert undefined == {}


def test_no_other_file_spells_our_namespace_out():
    # the Python code goes through kg/vocabulary.py, which reads the ontology, never the raw IRI
    offenders = [
        p.name
        for p in (REPO / "kg").glob("*.py")
        if p.name != "vocabulary.py" and DKG_URI in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment])
def test_every_term_is_described_in_french_and_english(predicate):
    missing = []
    for term in sorted(TERMS):
        languages = {getattr(o, "language", None) for o in ONTOLOGY.objects(DKG[term], predicate)}
        for lang in ("fr", "en"):
            if lang not in languages:
                missing.append(f"{term} {lang}")
    assert missing == []


def test_every_term_is_declared_with_a_kind():
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    undeclared = [t for t in sorted(TERMS) if not set(ONTOLOGY.objects(DKG[t], RDF.type)) & kinds]
    assert undeclared == []


def test_every_property_has_a_domain_and_a_range():
    properties = set(ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert len(properties) > 40
    incomplete = [
        str(p)
        for p in properties
        if ONTOLOGY.value(p, RDFS.domain) is None or ONTOLOGY.value(p, RDFS.range) is None
    ]
    assert incomplete == []


def test_alignments_with_lblod_eli_and_provenance():
    besluit = "http://data.vlaanderen.be/ns/besluit#"
    eli = "http://data.europa.eu/eli/ontology#"
    eli_dl = "http://data.europa.eu/eli/eli-draft-legislation-ontology#"
    expected_classes = {
        (DKG.Meeting, besluit + "Zitting"),
        (DKG.Deliberation, besluit + "Besluit"),
        (DKG.DecisionArticle, besluit + "Artikel"),
        (DKG.Vote, besluit + "Stemming"),
        (DKG.Vote, eli_dl + "Vote"),
        (DKG.Participation, eli_dl + "Participation"),
        (DKG.Member, "http://data.vlaanderen.be/ns/mandaat#Mandataris"),
        (DKG.PoliticalGroup, "http://data.vlaanderen.be/ns/mandaat#Fractie"),
        (DKG.LegalText, eli + "LegalResource"),
        (DKG.SourceDocument, "http://www.w3.org/ns/prov#Entity"),
    }
    expected_properties = {
        (DKG.forCount, besluit + "aantalVoorstanders"),
        (DKG.forCount, eli_dl + "number_of_votes_favor"),
        (DKG.againstCount, besluit + "aantalTegenstanders"),
        (DKG.againstCount, eli_dl + "number_of_votes_against"),
        (DKG.abstentionCount, besluit + "aantalOnthouders"),
        (DKG.abstentionCount, eli_dl + "number_of_votes_abstention"),
        (DKG.president, besluit + "heeftVoorzitter"),
        (DKG.secretary, besluit + "heeftSecretaris"),
        (DKG.cites, eli + "cites"),
        (DKG.legalIdentifier, eli + "id_local"),
    }
    for term, parent in expected_classes:
        assert (term, RDFS.subClassOf, URIRef(parent)) in ONTOLOGY
    for term, parent in expected_properties:
        assert (term, RDFS.subPropertyOf, URIRef(parent)) in ONTOLOGY


def test_closed_lists_match_the_shapes():
    shapes = Graph().parse(SHAPES_FILE)
    statuses = set(ONTOLOGY.subjects(RDF.type, DKG.ParticipationStatus))
    assert statuses == {
        DKG.present, DKG.excused, DKG.absent, DKG.attendingWithoutVote,
        DKG.excusedWithoutVote, DKG.recused, DKG.noDelegation,
    }  # fmt: skip
    sh_in = URIRef("http://www.w3.org/ns/shacl#in")
    lists = [set(shapes.collection(node)) for node in shapes.objects(None, sh_in)]
    assert statuses in lists
    assert set(ONTOLOGY.subjects(RDF.type, DKG.VotePosition)) in lists
    assert set(ONTOLOGY.subjects(RDF.type, DKG.LegalTextKind)) in lists


def test_the_ontology_file_parses_on_its_own():
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert (URIRef("https://w3id.org/deliberations-kg/ontology"), RDF.type, OWL.Ontology) in graph
