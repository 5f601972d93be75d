"""What the extractors read about the act and its authority, carried into the graph: the prefecture's
ACTES stamp, the authority and the kind of its body, the document's kind, substitutes, presence limited
in time, proxies with a limit or without a printed holder.

On real corpus files (shared/corpus/dev), extracted and turned into triples here; the values are those
printed in the files (the stamp `033-213303183-20230131-DEL2023_001-DE` of Pessac, …).
"""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from extractors import extract_document
from extractors.models import Deliberation, Person, Proxy, Span
from kg.identity import actes_iri, authority_iri
from kg.reading import read_document
from kg.triples import _AUTHORITY_KINDS, _BODY_KINDS, _DOCUMENT_KINDS, document_graph
from kg.vocabulary import DKG, OA, ONTOLOGY, PROV, SHAPES_FILE

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
ID = Namespace("https://w3id.org/deliberations-kg/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain namespace: pytest probes module globals
IGEO = Namespace("http://rdf.insee.fr/def/geo#")
INSEE_COMMUNE = Namespace("http://id.insee.fr/geo/commune/")

PESSAC = "104_pessac-cm-extrait-2023-01-31_partial.txt"
VAL_DE_DROME = "131_val-de-drome-cc-extrait-2020-02-25_partial.txt"
PORTES_EURELIENNES = "130_portes-eureliennes-cc-extrait-2024-03-21_partial.txt"
OUTRE_FORET = "129_outre-foret-cc-pv-2024-02-21_partial.txt"
SAINTE_LUCE = "103_sainte-luce-sur-loire-cm-extrait-2022-12-07_partial.txt"
GRAND_BOURG = "125_grand-bourg-agglomeration-bureau-pv-2023-01-16_partial.txt"
NANTERRE = "101_nanterre-cm-extrait-2023-02-13_partial.txt"
CANTAL = "141_cantal-cd-cr-2020-04-24_partial.txt"
SIEML = "144_sieml-comite-pv-2019-12-17_partial.txt"
BOISMORAND = "112_boismorand-cm-cr-2023-03-17.txt"
BAGNEUX_LIST = "110_bagneux-cm-liste-2022-06-28.txt"

PESSAC_STAMP = ID["actes/033-213303183-20230131-DEL2023_001-DE"]
PESSAC_AUTHORITY = ID["authority/siren/213303183"]
PESSAC_DELIBERATION = ID["deliberation/conseil-municipal-de-pessac/del2023-001"]
PLUMBING = {DKG.hasSpan, PROV.wasDerivedFrom}

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="shared/corpus/dev is not there")


@cache
def _read(name: str) -> tuple[str, list[Deliberation], Graph]:
    text = read_document(DEV / name)
    deliberations = extract_document(text, name)
    return text, deliberations, document_graph(name, deliberations)


def facts(graph: Graph, node: URIRef) -> dict[URIRef, set]:
    """The node's properties without its provenance."""
    out: dict[URIRef, set] = {}
    for p, o in graph.predicate_objects(node):
        if p not in PLUMBING:
            out.setdefault(p, set()).add(o)
    return out


def printed(graph: Graph, text: str, node: URIRef) -> list[str]:
    """The characters of the file that each span of the node covers."""
    out = []
    for span in graph.objects(node, DKG.hasSpan):
        assert (span, OA.hasSource, ID[f"document/{_file_of(span)}"]) in graph
        selector = graph.value(span, OA.hasSelector)
        out.append(text[int(graph.value(selector, OA.start)) : int(graph.value(selector, OA.end))])
    return sorted(out)


def _file_of(span: URIRef) -> str:
    return str(span).split("/document/", 1)[1].split("/", 1)[0]


# -- the ACTES stamp -----------------------------------------------------------------------------


def test_the_record_holds_the_stamp_and_the_authority():
    _, (d,), _ = _read(PESSAC)
    record = d.to_record()
    assert record["actes_id"] == {
        "id": "033-213303183-20230131-DEL2023_001-DE",
        "departement": "033",
        "siren": "213303183",
        "date": "2023-01-31",
        "act_number": "DEL2023_001",
        "nature": "DE",
        "received": "2023-02-08",
    }
    assert record["authority"] == {"name": "Pessac", "kind": "commune", "insee": "33318", "siren": "213303183"}
    assert record["body_kind"] == "conseil municipal"
    assert record["document_kind"] == "act"


def test_the_stamp_is_a_transmission_node_with_every_part_and_its_span():
    text, _, graph = _read(PESSAC)
    assert facts(graph, PESSAC_STAMP) == {
        RDF.type: {DKG.ActesTransmission},
        RDFS.label: {Literal("ACTES 033-213303183-20230131-DEL2023_001-DE")},
        DKG.actesIdentifier: {Literal("033-213303183-20230131-DEL2023_001-DE")},
        DKG.actesDepartement: {Literal("033")},
        DKG.actesSiren: {Literal("213303183")},
        DKG.actDate: {Literal("2023-01-31", datatype=XSD.date)},
        DKG.actNumber: {Literal("DEL2023_001")},
        DKG.actNature: {Literal("DE")},
        DKG.receivedDate: {Literal("2023-02-08", datatype=XSD.date)},
        DKG.transmittedBy: {PESSAC_AUTHORITY},
    }
    assert printed(graph, text, PESSAC_STAMP) == ["033-213303183-20230131-DEL2023_001-DE"]
    assert (PESSAC_STAMP, PROV.wasDerivedFrom, ID[f"document/{PESSAC}"]) in graph


def test_the_deliberation_links_its_stamp_and_carries_its_actes_identifier():
    _, _, graph = _read(PESSAC)
    assert set(graph.objects(PESSAC_DELIBERATION, DKG.hasActesTransmission)) == {PESSAC_STAMP}
    assert set(graph.objects(PESSAC_DELIBERATION, DKG.actesId)) == {
        Literal("033-213303183-20230131-DEL2023_001-DE")
    }


def test_an_act_number_with_hyphens_and_an_epci_that_sends_it():
    text, (d,), graph = _read(VAL_DE_DROME)
    stamp = ID["actes/026-242600252-20200225-14-25-02-20-C-DE"]
    assert actes_iri(d.stamp.identifier) == stamp
    got = facts(graph, stamp)
    assert got[DKG.actNumber] == {Literal("14-25-02-20-C")}
    assert got[DKG.actesDepartement] == {Literal("026")}
    assert got[DKG.receivedDate] == {Literal("2020-02-27", datatype=XSD.date)}
    assert got[DKG.transmittedBy] == {ID["authority/siren/242600252"]}
    assert printed(graph, text, stamp) == ["026-242600252-20200225-14-25-02-20-C-DE"]
    # no number is printed: the deliberation is scoped to its document, yet the stamp identifies the act
    node = URIRef(f"{ID[f'document/{VAL_DE_DROME}']}/deliberation/1")
    assert set(graph.objects(node, DKG.actesId)) == {Literal("026-242600252-20200225-14-25-02-20-C-DE")}


def test_a_regulatory_act_stamp_keeps_its_nature():
    _, _, graph = _read(PORTES_EURELIENNES)
    stamps = set(graph.subjects(RDF.type, DKG.ActesTransmission))
    assert ID["actes/028-200069953-20240321-204_03_01-AR"] in stamps
    assert graph.value(ID["actes/028-200069953-20240321-204_03_01-AR"], DKG.actNature) == Literal("AR")


# -- the authority and its body ------------------------------------------------------------------


def test_a_commune_by_its_siren_with_its_insee_code_and_territory():
    _, _, graph = _read(PESSAC)
    assert facts(graph, PESSAC_AUTHORITY) == {
        RDF.type: {DKG.Authority},
        RDFS.label: {Literal("Pessac")},
        DKG.authorityName: {Literal("Pessac")},
        DKG.authorityKind: {DKG.communeAuthority},
        DKG.siren: {Literal("213303183")},
        DKG.inseeCode: {Literal("33318")},
        DKG.lookupKey: {Literal("pessac")},
        DKG.territory: {INSEE_COMMUNE["33318"]},
    }
    assert facts(graph, INSEE_COMMUNE["33318"]) == {
        RDF.type: {IGEO.Commune},
        IGEO.codeINSEE: {Literal("33318")},
        RDFS.label: {Literal("Pessac")},
    }
    body = ID["body/conseil-municipal-de-pessac"]
    assert set(graph.objects(body, DKG.bodyKind)) == {DKG.conseilMunicipalBody}
    assert set(graph.objects(body, DKG.bodyOf)) == {PESSAC_AUTHORITY}
    assert set(graph.objects(PESSAC_DELIBERATION, DKG.decidedBy)) == {body}


def test_an_epci_by_its_siren_without_insee_code():
    text, _, graph = _read(OUTRE_FORET)
    authority = ID["authority/siren/200040178"]
    got = facts(graph, authority)
    assert got[DKG.authorityKind] == {DKG.epciAuthority}
    assert got[DKG.authorityName] == {Literal("Communauté de communes de l'Outre-Forêt")}
    assert DKG.inseeCode not in got and DKG.territory not in got
    assert printed(graph, text, authority) == ["Communauté de communes de l'Outre-Forêt"]
    body = ID["body/conseil-communautaire-de-la-communaute-de-communes-de-l-outre-foret"]
    assert set(graph.objects(body, DKG.bodyKind)) == {DKG.conseilCommunautaireBody}
    assert set(graph.objects(body, DKG.bodyOf)) == {authority}


def test_a_departement_by_its_insee_code_and_kind():
    _, _, graph = _read(CANTAL)
    authority = ID["authority/insee/departement/15"]
    assert authority_iri("departement", "Cantal", "15") == authority
    got = facts(graph, authority)
    assert got[DKG.authorityKind] == {DKG.departementAuthority}
    assert got[DKG.inseeCode] == {Literal("15")}
    assert got[DKG.authorityName] == {Literal("Cantal")}
    assert DKG.siren not in got and DKG.territory not in got  # a territory is an INSEE commune
    body = ID["body/conseil-departemental-du-cantal"]
    assert set(graph.objects(body, DKG.bodyKind)) == {DKG.conseilDepartementalBody}
    assert set(graph.objects(body, DKG.bodyOf)) == {authority}


def test_a_syndicat_known_by_its_name_only():
    _, _, graph = _read(SIEML)
    authority = ID["authority/name/syndicat/syndicat-intercommunal-d-energies-de-maine-et-loire"]
    got = facts(graph, authority)
    assert got[DKG.authorityKind] == {DKG.syndicatAuthority}
    assert got[DKG.authorityName] == {Literal("Syndicat intercommunal d'énergies de Maine-et-Loire")}
    body = ID["body/comite-du-syndicat-intercommunal-d-energies-de-maine-et-loire"]
    assert set(graph.objects(body, DKG.bodyKind)) == {DKG.comiteSyndicalBody}
    assert set(graph.objects(body, DKG.bodyOf)) == {authority}


def test_a_bureau_of_an_epci():
    _, _, graph = _read(GRAND_BOURG)
    body = ID["body/bureau-de-la-communaute-d-agglomeration-du-bassin-de-bourg-en-bresse"]
    assert set(graph.objects(body, DKG.bodyKind)) == {DKG.bureauBody}
    assert set(graph.objects(body, DKG.bodyOf)) == {ID["authority/siren/200071751"]}


def test_authority_iris_prefer_the_siren_then_the_insee_code_then_the_name():
    assert authority_iri("commune", "Pessac", "33318", "213303183") == ID["authority/siren/213303183"]
    assert authority_iri("commune", "Pessac", "33318") == ID["authority/insee/commune/33318"]
    # a département's and a région's codes may be equal
    assert authority_iri("region", "Provence-Alpes-Côte d'Azur", "93") == ID["authority/insee/region/93"]
    assert authority_iri("departement", "Seine-Saint-Denis", "93") == ID["authority/insee/departement/93"]
    assert authority_iri("syndicat", "Syndicat Mixte", None, "12345") == ID["authority/name/syndicat/syndicat-mixte"]


# -- the document's kind ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        (PESSAC, DKG.actDocument),
        (PORTES_EURELIENNES, DKG.compilationDocument),
        (CANTAL, DKG.minutesDocument),
        (BAGNEUX_LIST, DKG.listDocument),
        (BOISMORAND, DKG.attendanceDocument),
    ],
)
def test_the_document_kind_is_on_the_document(name, kind):
    _, _, graph = _read(name)
    assert set(graph.objects(ID[f"document/{name}"], DKG.documentKind)) == {kind}


# -- substitutes, presence limited in time, proxies ----------------------------------------------


def test_a_substitute_sits_for_a_member():
    text, deliberations, graph = _read(PORTES_EURELIENNES)
    substitutions = sorted(graph.subjects(RDF.type, DKG.Substitution))
    assert len(substitutions) == len(deliberations) == 2
    for node in substitutions:
        assert facts(graph, node) == {
            RDF.type: {DKG.Substitution},
            DKG.replacedMember: {ID["member/pierre-goudin"]},
            DKG.substitute: {ID["member/eric-mauny"]},
        }
        assert printed(graph, text, node) == ["Eric MAUNY, (suppléant de Pierre GOUDIN"]
        assert str(node).endswith("/substitution/pierre-goudin")
    assert {str(d) for d in graph.subjects(DKG.hasSubstitution, None)} == {
        str(s).rsplit("/substitution/", 1)[0] for s in substitutions
    }


def test_a_member_represented_by_another():
    text, _, graph = _read(OUTRE_FORET)
    body = "conseil-communautaire-de-la-communaute-de-communes-de-l-outre-foret"
    nodes = set(graph.subjects(RDF.type, DKG.Substitution))
    assert nodes == {ID[f"deliberation/{body}/{n}/substitution/alain-wurster"] for n in ("1", "2")}
    for node in nodes:
        assert facts(graph, node)[DKG.replacedMember] == {ID["member/alain-wurster"]}
        assert facts(graph, node)[DKG.substitute] == {ID["member/laurent-batt"]}
        assert printed(graph, text, node) == ["M. Alain WURSTER (représenté par M. Laurent BATT"]


def test_presence_limited_to_some_items_hangs_on_the_meeting():
    text, _, graph = _read(SAINTE_LUCE)
    meeting = ID["meeting/conseil-municipal-de-sainte-luce-sur-loire/2022-12-07"]
    changes = {}
    for node in graph.objects(meeting, DKG.hasAttendanceChange):
        got = facts(graph, node)
        (member,) = got[DKG.changedMember]
        changes[str(member).rsplit("/", 1)[1]] = (
            got[DKG.statusDuring], got.get(DKG.statusOtherwise), got[DKG.fromItem], got[DKG.untilItem],
            got[DKG.changeNote], [p.strip() for p in printed(graph, text, node)],
        )  # fmt: skip
    absent, present = {DKG.absent}, {DKG.present}
    assert changes == {
        "meriem-abkoui": (absent, present, {Literal("3")}, {Literal("6")}, {Literal("aux points 3, 4, 5,6")}, ["aux points 3, 4, 5,6"]),
        "delphine-rosssard": (absent, present, {Literal("5")}, {Literal("8")}, {Literal("aux points 5, 6, 7, 8")}, ["aux points 5, 6, 7, 8"]),
        "franck-steinmetz": (absent, present, {Literal("9")}, {Literal("10")}, {Literal("aux points 9 , 10")}, ["aux points 9 , 10"]),
        "magali-cousin": (absent, present, {Literal("13")}, {Literal("13")}, {Literal("au point 13")}, ["au point 13"]),
    }  # fmt: skip
    assert str(next(iter(graph.objects(meeting, DKG.hasAttendanceChange)))).startswith(f"{meeting}/attendance-change/")


def test_presence_until_an_item_has_no_start():
    _, _, graph = _read(GRAND_BOURG)
    changes = {
        graph.value(node, DKG.changedMember): facts(graph, node) for node in graph.subjects(RDF.type, DKG.AttendanceChange)
    }
    virginie = changes[ID["member/virginie-grignola-bernard"]]
    assert virginie[DKG.statusDuring] == {DKG.present}
    assert virginie[DKG.untilItem] == {Literal("18")}
    assert DKG.fromItem not in virginie and DKG.statusOtherwise not in virginie
    assert virginie[DKG.changeNote] == {Literal("jusqu'à la DB-2023-018")}
    debat = changes[ID["member/jean-francois-debat"]]
    assert debat[DKG.statusDuring] == {DKG.excused}
    assert debat[DKG.changeNote] == {Literal("jusqu'à la DB-2023-018")}  # the apostrophe made straight


def test_a_proxy_keeps_its_limit_in_time():
    _, _, graph = _read(NANTERRE)
    first = ID["deliberation/conseil-municipal-de-nanterre/del2023-01"]
    notes = {
        graph.value(proxy, DKG.proxyGiver): (graph.value(proxy, DKG.proxyHolder), graph.value(proxy, DKG.proxyNote))
        for proxy in graph.objects(first, DKG.hasProxy)
        if graph.value(proxy, DKG.proxyNote) is not None
    }
    assert notes[ID["member/ali"]] == (ID["member/adam"], Literal("jusqu'à la délibération n°4"))
    assert notes[ID["member/saidj"]] == (ID["member/nonga"], Literal("jusqu'à la délibération n°2"))


def _unprinted_holder() -> tuple[str, Deliberation]:
    text = "ABSENTS EXCUSES AVEC POUVOIR : Mme Claire VIDAL ; Pouvoir de M. Paul ROUX à Mme Anne PIC."
    giver = Person("Mme Claire VIDAL", Span(31, 47))
    roux, pic = Person("M. Paul ROUX", Span(61, 73)), Person("Mme Anne PIC", Span(76, 88))
    d = Deliberation(
        source_file="pouvoir-sans-mandataire.txt",
        span=Span(0, len(text)),
        number="2023-01",
        body="Conseil municipal de Valbourg",
        meeting_date="2023-01-31",
        title="Budget primitif",
        excused=[giver],
        proxies=[Proxy(giver, None, Span(0, 47)), Proxy(roux, pic, Span(50, 88))],
    )
    return text, d


def test_a_proxy_whose_holder_is_not_printed():
    text, d = _unprinted_holder()
    assert text[31:47] == "Mme Claire VIDAL" and text[61:73] == "M. Paul ROUX" and text[76:88] == "Mme Anne PIC"
    assert d.to_record()["proxies"] == [
        {"from": "Mme Claire VIDAL", "to": None},
        {"from": "M. Paul ROUX", "to": "Mme Anne PIC"},
    ]
    graph = document_graph(d.source_file, [d])
    node = ID["deliberation/conseil-municipal-de-valbourg/2023-01"]
    proxies = {graph.value(p, DKG.proxyGiver): graph.value(p, DKG.proxyHolder) for p in graph.objects(node, DKG.hasProxy)}
    assert proxies == {ID["member/claire-vidal"]: None, ID["member/paul-roux"]: ID["member/anne-pic"]}
    conforms, _, report = validate(graph, shacl_graph=_shapes(), ont_graph=ONTOLOGY, inference="none")
    assert conforms, report


# -- the ontology's closed lists and the shapes --------------------------------------------------


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE)


@pytest.mark.parametrize(
    ("cls", "mapping"),
    [(DKG.BodyKind, _BODY_KINDS), (DKG.AuthorityKind, _AUTHORITY_KINDS), (DKG.DocumentKind, _DOCUMENT_KINDS)],
)
def test_each_closed_list_is_checked_by_the_shapes_and_covers_the_extractors_keys(cls, mapping):
    members = set(ONTOLOGY.subjects(RDF.type, cls))
    lists = [set(_shapes().collection(n)) for n in _shapes().objects(None, SH["in"])]
    assert members in lists
    assert set(ONTOLOGY.collection(ONTOLOGY.value(cls, URIRef("http://www.w3.org/2002/07/owl#oneOf")))) == members
    # every key the triples map is one concept's skos:notation, and every concept but "other" is mapped
    notations = {str(ONTOLOGY.value(m, SKOS.notation)): m for m in members}
    assert set(mapping.values()) | {m for n, m in notations.items() if n == "other"} == members
    for concept in mapping.values():
        assert ONTOLOGY.value(concept, SKOS.notation) is not None


def test_every_body_kind_of_the_lexicon_has_its_concept():
    from kg.identity import fold_key

    lexicon = json.loads((ROOT / "extractors" / "lexicon" / "bodies.json").read_text(encoding="utf-8"))
    for entry in lexicon["kinds"]:
        assert fold_key(entry["kind"]) in _BODY_KINDS, entry["kind"]
        concept = _BODY_KINDS[fold_key(entry["kind"])]
        assert fold_key(str(ONTOLOGY.value(concept, SKOS.notation))) == fold_key(entry["kind"])


def test_the_new_facts_pass_the_shapes():
    """No violation about a stamp, an authority, a body kind, a substitution or an attendance change
    (the graphs may have others, about what the extractors miss in these fragments)."""
    graph = Graph()
    for name in (PESSAC, VAL_DE_DROME, PORTES_EURELIENNES, OUTRE_FORET, SAINTE_LUCE, GRAND_BOURG, NANTERRE, CANTAL, SIEML):
        graph += _read(name)[2]
    _, results, _ = validate(graph, shacl_graph=_shapes(), ont_graph=ONTOLOGY, inference="none")
    new_classes = {DKG.ActesTransmission, DKG.Authority, DKG.Substitution, DKG.AttendanceChange, DKG.Body, DKG.Proxy}
    new_paths = {
        DKG.documentKind, DKG.bodyKind, DKG.bodyOf, DKG.hasActesTransmission, DKG.actesId, DKG.hasSubstitution,
        DKG.hasAttendanceChange, DKG.territory,
    }  # fmt: skip
    offending = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus, path = results.value(result, SH.focusNode), results.value(result, SH.resultPath)
        if set(graph.objects(focus, RDF.type)) & new_classes or path in new_paths:
            offending.append((focus, path, results.value(result, SH.resultMessage)))
    assert offending == []
    assert len(set(graph.subjects(RDF.type, DKG.ActesTransmission))) >= 3
    assert set(graph.subjects(RDF.type, DKG.Authority)) == {
        ID["authority/siren/213303183"],  # Pessac
        ID["authority/siren/242600252"],  # CC du Val de Drôme en Biovallée
        ID["authority/siren/200069953"],  # CC des Portes Euréliennes d'Ile de France
        ID["authority/siren/200040178"],  # Communauté de communes de l'Outre-Forêt
        ID["authority/siren/214401721"],  # Sainte-Luce-sur-Loire
        ID["authority/siren/200071751"],  # Communauté d'Agglomération du Bassin de Bourg-en-Bresse
        ID["authority/siren/219200508"],  # Nanterre
        ID["authority/insee/departement/15"],  # Cantal
        ID["authority/name/syndicat/syndicat-intercommunal-d-energies-de-maine-et-loire"],
    }
