"""Triples, IRIs, SHACL shapes and named queries, on deliberations built by hand from the samples.

The records are written here field by field from the sample documents in data/ (not produced by the
extractors), and every span is located in the real file, so the graph is checked against known text:

- 002: the Commission Permanente of 27 September 2022, deliberation 2022-372 (full attendance lists);
- 003: an excerpt of deliberation 2022-87 of 21 March 2022 (a recusal, an abstention, a finding);
- a short municipal-council text written below, for what the samples lack (a proxy, a décret, an
  unnumbered ordonnance, a printed unanimity).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from extractors.models import (
    Amount,
    Article,
    CommitteeOpinion,
    Deliberation,
    Finding,
    LegalRef,
    Person,
    Proxy,
    Recusal,
    Span,
    Vote,
)
from kg import identity
from kg.identity import (
    code_article_id,
    deliberation_iri,
    document_graph_iri,
    fold_key,
    member_iri,
    member_key,
    normalize_article,
    numbered_text_id,
    strip_civility,
)
from kg.queries import FOLDED_TYPES, parse_query_file
from kg.triples import document_graph
from kg.vocabulary import DKG, OA, ONTOLOGY, PROV, SHAPES_FILE

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
QUERIES = REPO / "queries"

ID = Namespace("https://w3id.org/deliberations-kg/id/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain namespace: pytest probes module globals
CP = "Commission Permanente du Conseil départemental du Pas-de-Calais"
CP_KEY = "commission-permanente-du-conseil-departemental-du-pas-de-calais"
FILE_002 = "002_8d5666818704f46d.txt"
FILE_003 = "003_b2bb4981e98d102e.txt"
FILE_MUNICIPAL = "conseil-municipal-exemple.txt"
D372 = ID[f"deliberation/{CP_KEY}/2022-372"]
D87 = ID[f"deliberation/{CP_KEY}/2022-87"]
DOC_002 = ID[f"document/{FILE_002}"]
DOC_003 = ID[f"document/{FILE_003}"]
GROUPS_FOR = [
    "Groupe Socialiste, Républicain et Citoyen",
    "Groupe Communiste et Républicain",
    "Groupe Union pour le Pas-de-Calais",
    "Groupe Rassemblement National",
    "Non-inscrit",
]
CGCT = ID["text/code/code-general-des-collectivites-territoriales"]


def find(text: str, printed: str, start: int = 0) -> Span:
    """The span of `printed` in the source text, whatever the spacing and line breaks in between
    (and after a hyphen that ends a line, as in "AIT-\\nCHIKHEBBIH")."""
    pattern = r"\s+".join(re.escape(word).replace(r"\-", r"-\s*") for word in printed.split())
    match = re.compile(pattern).search(text, start)
    assert match, f"{printed!r} not found after offset {start}"
    return Span(match.start(), match.end())


def people(text: str, names: list[str], after: str) -> list[Person]:
    start = find(text, after).end
    return [Person(name, find(text, name, start)) for name in names]


# -- the records -----------------------------------------------------------------------------------


def deliberation_002() -> Deliberation:
    text = (DATA_DIR / FILE_002).read_text(encoding="utf-8")
    present = [
        "M. Jean-Claude LEROY", "Mme Mireille HINGREZ-CÉRÉDA", "Mme Valérie CUVILLIER", "M. Bertrand PETIT",
        "Mme Blandine DRAIN", "Mme Maryse CAUWET", "Mme Bénédicte MESSEANNE-GROBELNY", "M. Jean-Claude DISSAUX",
        "Mme Laurence LOUCHAERT", "M. Alain MEQUIGNON", "Mme Evelyne NACHEL", "Mme Florence WOZNY",
        "M. Jean-Jacques COTTEL", "Mme Caroline MATRAT", "M. Sébastien CHOCHOIS", "Mme Sophie WAROT-LEMAIRE",
        "M. André KUCHCINSKI", "Mme Carole DUBOIS", "M. Olivier BARBARIN", "Mme Maryse DELASSUS",
        "M. Claude BACHELET", "M. Bruno COUSEIN", "Mme Stéphanie GUISELAIN", "M. Philippe FAIT",
        "Mme Emmanuelle LAPOUILLE", "Mme Sylvie MEYFROIDT", "M. Frédéric MELCHIOR", "Mme Brigitte PASSEBOSC",
        "M. Marc SARPAUX", "Mme Marie-Line PLOUVIEZ", "M. Steeve BRIOIS", "M. Ludovic PAJOT",
    ]  # fmt: skip
    excused = [
        "M. Daniel MACIEJASZ", "M. Jean-Marc TELLIER", "M. Ludovic LOQUET", "M. Laurent DUPORGE",
        "Mme Karine GAUTHIER", "M. François LEMAIRE", "Mme Fatima AIT-CHIKHEBBIH", "M. Pierre GEORGET",
        "M. Etienne PERIN", "Mme Maïté MULOT-FRISCOURT", "M. Alexandre MALFAIT",
    ]  # fmt: skip
    article1 = find(text, "D’attribuer aux collèges participant")
    article1 = Span(article1.start, find(text, "à la présente délibération.", article1.start).end)
    article2 = find(text, "La dépense versée en application")
    article2 = Span(article2.start, find(text, "150 000,00 150 000,00", article2.start).end)
    return Deliberation(
        source_file=FILE_002,
        span=Span(find(text, "DEPARTEMENT DU PAS-DE-CALAIS").start, find(text, "Maryline VINCLAIRE").end),
        number="2022-372",
        number_span=find(text, "N°2022-372"),
        body=CP,
        meeting_date="2022-09-27",
        title="FINANCEMENT D'UN ÉQUIPEMENT NUMÉRIQUE (VISIOCONFÉRENCE OU KIT STUDIO VIDÉO) DANS LES COLLÈGES PUBLICS DU PAS-DE-CALAIS",
        president=Person("MONSIEUR JEAN-CLAUDE LEROY", find(text, "MONSIEUR JEAN-CLAUDE LEROY")),
        secretary=Person("M. Philippe FAIT", find(text, "M. Philippe FAIT")),
        present=people(text, present, "Étaient présents :"),
        excused=people(text, excused, "Excusé(s) :"),
        attending_without_vote=people(text, ["Mme Emmanuelle LEVEUGLE"], "sans voix délibérative :"),
        excused_without_vote=people(
            text, ["M. Jean-Louis COTTIGNY", "M. Michel DAGBERT"], "Excusé(s) sans voix délibérative :"
        ),
        vote=Vote(
            for_=43, against=0, abstention=0, for_groups=list(GROUPS_FOR), outcome="Adopté",
            span=Span(find(text, "Pour : 43 voix").start, find(text, "(Adopté)").end),
        ),  # fmt: skip
        legal_refs=[
            LegalRef(
                kind="code_article",
                text="le Code Général des Collectivités Territoriales et notamment ses articles L.3121-14, L.3121-14-1, L.3211-1 et L.3211-2",
                span=find(text, "le Code Général des Collectivités Territoriales et notamment ses articles L.3121-14, L.3121-14-1, L.3211-1 et L.3211-2"),
                code="Code Général des Collectivités Territoriales",
                code_canonical="Code général des collectivités territoriales",
                articles=["L.3121-14", "L.3121-14-1", "L.3211-1", "L.3211-2"],
            ),
            LegalRef(
                kind="code_article",
                text="le Code Général des Collectivités Territoriales et notamment son article L.1111-4",
                span=find(text, "le Code Général des Collectivités Territoriales et notamment son article L.1111-4"),
                code="Code Général des Collectivités Territoriales",
                code_canonical="Code général des collectivités territoriales",
                articles=["L.1111-4"],
            ),
            LegalRef(
                kind="code_article",
                text="le Code de l’Education et notamment son article L.213-2",
                span=find(text, "le Code de l’Education et notamment son article L.213-2"),
                code="Code de l’Education",
                code_canonical="Code de l'éducation",
                articles=["L.213-2"],
            ),
            LegalRef(
                kind="deliberation",
                text="la délibération n°2021-257 du Conseil départemental en date du 01/07/2021 « Délégation d’attributions à la Commission Permanente »",
                span=find(text, "la délibération n°2021-257 du Conseil départemental en date du 01/07/2021 « Délégation d’attributions à la Commission Permanente »"),
                number="2021-257",
                date="2021-07-01",
                title="Délégation d’attributions à la Commission Permanente",
                issuing_body="Conseil départemental",
            ),
        ],
        committee_opinions=[
            CommitteeOpinion(
                commission="3ème commission « Education, Culture, Sport et Citoyenneté »",
                date="2022-09-05",
                span=find(text, "l’avis de la 3ème commission « Education, Culture, Sport et Citoyenneté » rendu lors de sa réunion en date du 05/09/2022"),
                number=3,
                name="Education, Culture, Sport et Citoyenneté",
            )
        ],
        articles=[
            Article(
                n=1,
                text=" ".join(text[article1.start : article1.end].split()),
                span=article1,
                amounts=[
                    Amount(1200.0, "1 200 €", find(text, "1 200 €")),
                    Amount(150000.0, "150 000 €", find(text, "150 000 €")),
                ],
            ),
            Article(
                n=2,
                text=" ".join(text[article2.start : article2.end].split()),
                span=article2,
                amounts=[Amount(150000.0, "150 000,00", find(text, "150 000,00", article2.start), in_table=True)],
            ),
        ],
        report_number=53,
        report_span=find(text, "RAPPORT N°53"),
    )


def deliberation_87() -> Deliberation:
    """An excerpt of 2022-87: a few members of each list, the recusal, the abstention, two clauses."""
    text = (DATA_DIR / FILE_003).read_text(encoding="utf-8")
    start = text.rindex("DELIBERATION DE LA COMMISSION PERMANENTE", 0, text.index("(N°2022-87)"))
    recusal = find(text, "Madame Karine GAUTHIER, intéressée à l’affaire, n’a pris part ni au débat, ni au vote.", start)
    loi = "la loi n°2020-1379 du 14 novembre 2020 modifiée autorisant la prorogation de l’état d’urgence sanitaire et portant diverses mesures de gestion de la crise sanitaire"
    rules = "le Règlement Intérieur du Conseil départemental du Pas-de-Calais et notamment ses articles 18, 20 et 29"
    article2 = find(text, "D’attribuer les subventions, pour un montant total de 14 570 €", start)
    return Deliberation(
        source_file=FILE_003,
        span=Span(start, find(text, "ARRAS, le 21 mars 2022", start).end),
        number="2022-87",
        body=CP,
        meeting_date="2022-03-21",
        title="AGRÉMENTS - DIFFUSION DE PROXIMITÉ",
        president=Person("MONSIEUR JEAN-CLAUDE LEROY", find(text, "MONSIEUR JEAN-CLAUDE LEROY", start)),
        secretary=Person("Mme Maryse DELASSUS", find(text, "Mme Maryse DELASSUS", start)),
        present=[
            Person(n, find(text, n, start))
            for n in ("M. Jean-Claude LEROY", "M. Jean-Claude DISSAUX", "Mme Karine GAUTHIER", "Mme Florence WOZNY")
        ],
        excused=[Person(n, find(text, n, start)) for n in ("Mme Blandine DRAIN", "M. Bruno COUSEIN")],
        attending_without_vote=[Person("Mme Emmanuelle LEVEUGLE", find(text, "Mme Emmanuelle LEVEUGLE", start))],
        recused=[
            Recusal(
                Person("Madame Karine GAUTHIER", find(text, "Madame Karine GAUTHIER", start)),
                "intéressée à l’affaire, n’a pris part ni au débat, ni au vote",
                recusal,
            )
        ],
        vote=Vote(
            for_=43,
            against=0,
            abstention=1,
            for_groups=list(GROUPS_FOR),
            abstention_groups=["Groupe Socialiste, Républicain et Citoyen"],
            outcome="Adopté",
            span=Span(find(text, "Pour : 43 voix", start).start, find(text, "(Adopté)", start).end),
        ),
        legal_refs=[
            LegalRef(
                kind="loi", text=loi, span=find(text, loi, start), number="2020-1379", date="2020-11-14",
                title="autorisant la prorogation de l’état d’urgence sanitaire et portant diverses mesures de gestion de la crise sanitaire",
                modified=True,
            ),
            LegalRef(
                kind="reglement", text=rules, span=find(text, rules, start),
                title="Règlement Intérieur du Conseil départemental du Pas-de-Calais", articles=["18", "20", "29"],
            ),
        ],  # fmt: skip
        articles=[
            Article(
                n=2,
                text="D’attribuer les subventions, pour un montant total de 14 570 €, …",
                span=article2,
                amounts=[Amount(14570.0, "14 570 €", find(text, "14 570 €", start))],
            )
        ],
        findings=[
            Finding(
                "recused-still-counted",
                "Madame Karine GAUTHIER took no part in the vote, yet the 44 votes counted include every member",
                recusal,
            )
        ],
    )


# What the samples lack: a proxy, a décret with its number, an unnumbered ordonnance, unanimity.
MUNICIPAL_TEXT = """CONSEIL MUNICIPAL DE SAINT-EXEMPLE
Séance du 30 novembre 2020
Présents : Mme Anne MARTIN, M. Paul DUBOIS.
Pouvoirs : M. Jacques BERNARD à Mme Anne MARTIN.
Secrétaire de séance : M. Paul DUBOIS
N°2020-45 : Adhésion au groupement de commandes
Vu le décret n°2016-360 du 25 mars 2016 relatif aux marchés publics ;
Vu l'ordonnance du 1er avril 2020 ;
Adoptée à l'unanimité. Votants : 3
"""


def deliberation_municipal() -> Deliberation:
    t = MUNICIPAL_TEXT
    return Deliberation(
        source_file=FILE_MUNICIPAL,
        span=Span(0, len(t)),
        number="2020-45",
        body="Conseil municipal de Saint-Exemple",
        meeting_date="2020-11-30",
        title="Adhésion au groupement de commandes",
        secretary=Person("M. Paul DUBOIS", find(t, "M. Paul DUBOIS", t.index("Secrétaire"))),
        present=[Person("Mme Anne MARTIN", find(t, "Mme Anne MARTIN")), Person("M. Paul DUBOIS", find(t, "M. Paul DUBOIS"))],
        proxies=[
            Proxy(
                Person("M. Jacques BERNARD", find(t, "M. Jacques BERNARD")),
                Person("Mme Anne MARTIN", find(t, "Mme Anne MARTIN", t.index("Pouvoirs"))),
                find(t, "M. Jacques BERNARD à Mme Anne MARTIN"),
            )
        ],
        legal_refs=[
            LegalRef(
                kind="decret", text="le décret n°2016-360 du 25 mars 2016 relatif aux marchés publics",
                span=find(t, "le décret n°2016-360 du 25 mars 2016 relatif aux marchés publics"),
                number="2016-360", date="2016-03-25", title="relatif aux marchés publics",
            ),
            LegalRef(kind="ordonnance", text="l'ordonnance du 1er avril 2020", span=find(t, "l'ordonnance du 1er avril 2020"), date="2020-04-01"),
        ],  # fmt: skip
        vote=Vote(voters=3, outcome="Adoptée à l'unanimité", unanimity=True, span=find(t, "Adoptée à l'unanimité. Votants : 3")),
    )


@pytest.fixture(scope="module")
def g002() -> Graph:
    return document_graph(FILE_002, [deliberation_002()])


@pytest.fixture(scope="module")
def g003() -> Graph:
    return document_graph(FILE_003, [deliberation_87()])


@pytest.fixture(scope="module")
def gmun() -> Graph:
    return document_graph(FILE_MUNICIPAL, [deliberation_municipal()])


def about(graph: Graph, subject: URIRef) -> set[tuple]:
    return {(p, o) for p, o in graph.predicate_objects(subject)}


def selector_of(graph: Graph, node: URIRef) -> tuple[int, int]:
    (resource,) = graph.objects(node, DKG.hasSpan)
    selector = graph.value(resource, OA.hasSelector)
    return graph.value(selector, OA.start).toPython(), graph.value(selector, OA.end).toPython()


# -- identity --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings, key",
    [
        (["Madame Karine GAUTHIER", "Mme Karine GAUTHIER", "MME KARINE GAUTHIER", "Mme  Karine\nGAUTHIER"], "karine-gauthier"),
        (["MONSIEUR JEAN-CLAUDE LEROY", "M. Jean-Claude LEROY", "Jean-Claude LEROY", "M. Jean Claude Leroy"], "jean-claude-leroy"),
        (["Mme Fatima AIT-CHIKHEBBIH", "Mme Fatima AIT CHIKHEBBIH"], "fatima-ait-chikhebbih"),
        (["Mme Maïté MULOT-FRISCOURT", "MADAME MAITE MULOT-FRISCOURT"], "maite-mulot-friscourt"),
        (["Mme Mireille HINGREZ-CÉRÉDA", "Mireille HINGREZ-CEREDA"], "mireille-hingrez-cereda"),
        (["M. Marc SARPAUX", "Marc SARPAUX"], "marc-sarpaux"),
        (["Laurent PARSIS"], "laurent-parsis"),
    ],
)
def test_member_key_ignores_civility_case_accents_and_separators(spellings, key):
    assert {member_key(name) for name in spellings} == {key}
    assert {member_iri(name) for name in spellings} == {ID[f"member/{key}"]}


def test_strip_civility_keeps_the_name_as_printed():
    assert strip_civility("M. Jean-Claude LEROY") == "Jean-Claude LEROY"
    assert strip_civility("MONSIEUR  JEAN-CLAUDE LEROY") == "JEAN-CLAUDE LEROY"
    assert strip_civility("Madame Karine GAUTHIER") == "Karine GAUTHIER"
    assert strip_civility("Mme Marie-Line PLOUVIEZ") == "Marie-Line PLOUVIEZ"
    assert strip_civility("Mireille HINGREZ-CÉRÉDA") == "Mireille HINGREZ-CÉRÉDA"
    assert strip_civility("Laurent PARSIS") == "Laurent PARSIS"


def test_iris_of_deliberations_meetings_groups_and_documents():
    assert deliberation_iri(CP, "2022-372") == D372
    assert deliberation_iri("Bureau du syndicat mixte", "20201130_DL_03") == ID[
        "deliberation/bureau-du-syndicat-mixte/20201130-dl-03"
    ]
    assert identity.meeting_iri(CP, "2022-09-27") == ID[f"meeting/{CP_KEY}/2022-09-27"]
    assert identity.group_iri("Groupe Union pour le Pas-de-Calais") == ID["group/groupe-union-pour-le-pas-de-calais"]
    # groups of two councils may share a name: the assembly is part of their identity
    assert identity.group_iri("Groupe Socialiste", "Conseil municipal de Lens") != identity.group_iri(
        "Groupe Socialiste", "Conseil municipal d'Arras"
    )
    assert identity.body_iri(CP) == ID[f"body/{CP_KEY}"]
    assert document_graph_iri(f"/some/folder/{FILE_002}") == ID[f"graph/{FILE_002}"]
    assert identity.document_iri(FILE_002) == DOC_002


def test_legal_text_identifiers_and_legifrance_links():
    article = code_article_id("Code général des collectivités territoriales", "L.3121-14")
    assert article.identifier == "code-general-des-collectivites-territoriales/L3121-14"
    assert article.iri == URIRef(f"{CGCT}/L3121-14")
    assert set(article.lookup_keys) == {
        "l3121-14", "code-general-des-collectivites-territoriales-l3121-14", "cgct-l3121-14",
    }  # fmt: skip
    # printed variants of one code give one IRI: codes.json canonicalises known forms
    assert code_article_id("Code Général des Collectivités Territoriales", "L 3121-14").iri == article.iri

    loi = numbered_text_id("loi", "2020-1379", "2020-11-14")
    assert (loi.identifier, loi.iri) == ("loi/2020-1379", ID["text/loi/2020-1379"])
    assert loi.legifrance == "https://www.legifrance.gouv.fr/eli/loi/2020/11/14/2020-1379/jo/texte"
    decret = numbered_text_id("decret", "2016-360", "2016-03-25")
    assert decret.legifrance == "https://www.legifrance.gouv.fr/eli/decret/2016/3/25/2016-360/jo/texte"
    ordonnance = numbered_text_id("ordonnance", None, "2020-04-01")
    assert (ordonnance.iri, ordonnance.legifrance) == (ID["text/ordonnance/du-2020-04-01"], None)
    arrete = numbered_text_id("arrete", None, "2019-01-19", nor="SSAA1921317A")
    assert arrete.legifrance == "https://www.legifrance.gouv.fr/eli/arrete/2019/1/19/SSAA1921317A/jo/texte"
    assert numbered_text_id("loi", "2020-1379", None).legifrance is None  # no date, no ELI
    cited = identity.cited_deliberation_id("Conseil départemental", "2021-257", "2021-07-01")
    assert cited.iri == ID["deliberation/conseil-departemental/2021-257"] == deliberation_iri("Conseil départemental", "2021-257")


def test_code_links_come_from_codes_json_and_fall_back_without_it(monkeypatch, tmp_path):
    code = identity.code_id("Code général des collectivités territoriales")
    assert code.legifrance == "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070633"
    monkeypatch.setattr(identity, "CODES_FILE", tmp_path / "missing.json")
    identity._known_codes.cache_clear()
    try:
        code = identity.code_id("Code général des collectivités territoriales")
        assert (code.iri, code.legifrance) == (CGCT, None)
        assert code.lookup_keys == ("code-general-des-collectivites-territoriales", "cgct")
    finally:
        identity._known_codes.cache_clear()


def test_article_numbers_are_normalised_as_on_legifrance():
    assert [normalize_article(a) for a in ("L.3121-14", "l. 1111-4", "R.216-4", "L3211-2", "1er", "6")] == [
        "L3121-14", "L1111-4", "R216-4", "L3211-2", "1", "6",
    ]  # fmt: skip
    assert fold_key("Code de l’Éducation") == fold_key("Code de l'education") == "code-de-l-education"


# -- triples ---------------------------------------------------------------------------------------


def test_the_graph_is_the_named_graph_of_its_document(g002):
    assert g002.identifier == ID[f"graph/{FILE_002}"]
    assert about(g002, DOC_002) == {
        (RDF.type, DKG.SourceDocument),
        (DKG.fileName, Literal(FILE_002)),
        (RDFS.label, Literal(FILE_002)),
    }


def test_deliberation_triples(g002):
    triples = about(g002, D372)
    single = {(p, o) for p, o in triples if p not in (DKG.hasParticipation, DKG.cites, DKG.hasLegalReference, DKG.hasArticle)}
    assert single == {
        (RDF.type, DKG.Deliberation),
        (RDFS.label, Literal("Délibération n°2022-372")),
        (DKG.deliberationNumber, Literal("2022-372")),
        (DKG.title, Literal("FINANCEMENT D'UN ÉQUIPEMENT NUMÉRIQUE (VISIOCONFÉRENCE OU KIT STUDIO VIDÉO) DANS LES COLLÈGES PUBLICS DU PAS-DE-CALAIS")),
        (DKG.reportNumber, Literal(53, datatype=XSD.integer)),
        (DKG.decidedBy, ID[f"body/{CP_KEY}"]),
        (DKG.decidedAt, ID[f"meeting/{CP_KEY}/2022-09-27"]),
        (DKG.hasVote, URIRef(f"{D372}/vote")),
        (DKG.hasCommitteeOpinion, URIRef(f"{D372}/opinion/1")),
        (PROV.wasDerivedFrom, DOC_002),
        (DKG.hasSpan, ID[f"document/{FILE_002}/span/1-3594"]),
    }
    text = (DATA_DIR / FILE_002).read_text(encoding="utf-8")
    assert text[1:20] == "DEPARTEMENT DU PAS-" and text[3568:3594] == "Signé \n\nMaryline VINCLAIRE"
    assert {o for p, o in triples if p == DKG.hasArticle} == {URIRef(f"{D372}/article/1"), URIRef(f"{D372}/article/2")}
    assert {o for p, o in triples if p == DKG.hasLegalReference} == {URIRef(f"{D372}/reference/{i}") for i in (1, 2, 3, 4)}
    assert {o for p, o in triples if p == DKG.cites} == {
        URIRef(f"{CGCT}/L3121-14"), URIRef(f"{CGCT}/L3121-14-1"), URIRef(f"{CGCT}/L3211-1"),
        URIRef(f"{CGCT}/L3211-2"), URIRef(f"{CGCT}/L1111-4"),
        ID["text/code/code-de-l-education/L213-2"], ID["deliberation/conseil-departemental/2021-257"],
    }  # fmt: skip
    # 32 present, 11 excused, 1 attending and 2 excused without vote
    statuses = [g002.value(p, DKG.status) for p in g002.objects(D372, DKG.hasParticipation)]
    assert sorted(map(str, statuses)) == sorted(
        [str(DKG.present)] * 32 + [str(DKG.excused)] * 11 + [str(DKG.attendingWithoutVote)] + [str(DKG.excusedWithoutVote)] * 2
    )


def test_the_meeting_and_the_body(g002):
    meeting = ID[f"meeting/{CP_KEY}/2022-09-27"]
    assert about(g002, meeting) == {
        (RDF.type, DKG.Meeting),
        (RDFS.label, Literal(f"{CP}, séance du 27/09/2022")),
        (DKG.heldBy, ID[f"body/{CP_KEY}"]),
        (DKG.meetingDate, Literal("2022-09-27", datatype=XSD.date)),
        (DKG.president, ID["member/jean-claude-leroy"]),
        (DKG.secretary, ID["member/philippe-fait"]),
    }
    assert about(g002, ID[f"body/{CP_KEY}"]) == {
        (RDF.type, DKG.Body),
        (RDFS.label, Literal(CP)),
        (DKG.lookupKey, Literal(CP_KEY)),
    }


def test_one_member_whatever_the_spelling(g002):
    # "PRESIDENCE DE MONSIEUR JEAN-CLAUDE LEROY" and "M. Jean-Claude LEROY" in the present list
    assert about(g002, ID["member/jean-claude-leroy"]) == {
        (RDF.type, DKG.Member),
        (RDFS.label, Literal("Jean-Claude LEROY")),
        (DKG.lookupKey, Literal("jean-claude-leroy")),
    }
    assert len(set(g002.subjects(RDF.type, DKG.Member))) == 46


def test_participation_triples_and_span(g002):
    text = (DATA_DIR / FILE_002).read_text(encoding="utf-8")
    node = URIRef(f"{D372}/participation/karine-gauthier/excused")
    start, end = selector_of(g002, node)
    assert text[start:end] == "Mme Karine  GAUTHIER"
    span = ID[f"document/{FILE_002}/span/{start}-{end}"]
    assert about(g002, node) == {
        (RDF.type, DKG.Participation),
        (DKG.participant, ID["member/karine-gauthier"]),
        (DKG.status, DKG.excused),
        (DKG.nameAsPrinted, Literal("Mme Karine GAUTHIER")),
        (PROV.wasDerivedFrom, DOC_002),
        (DKG.hasSpan, span),
    }
    selector = URIRef(f"{span}/selector")
    assert about(g002, span) == {
        (RDF.type, OA.SpecificResource),
        (OA.hasSource, DOC_002),
        (OA.hasSelector, selector),
    }
    assert about(g002, selector) == {
        (RDF.type, OA.TextPositionSelector),
        (OA.start, Literal(start, datatype=XSD.nonNegativeInteger)),
        (OA.end, Literal(end, datatype=XSD.nonNegativeInteger)),
    }
    # a name broken over two lines: the span covers the printed characters
    start, end = selector_of(g002, URIRef(f"{D372}/participation/fatima-ait-chikhebbih/excused"))
    assert text[start:end] == "Mme Fatima AIT-\nCHIKHEBBIH"


def test_vote_triples(g002):
    vote = URIRef(f"{D372}/vote")
    text = (DATA_DIR / FILE_002).read_text(encoding="utf-8")
    start, end = selector_of(g002, vote)
    assert text[start:end].startswith("Pour  :  43 voix") and text[start:end].endswith("(Adopté)")
    positions = {URIRef(f"{vote}/positionFor/{fold_key(g)}") for g in GROUPS_FOR}
    assert about(g002, vote) == {
        (RDF.type, DKG.Vote),
        (DKG.forCount, Literal(43, datatype=XSD.integer)),
        (DKG.againstCount, Literal(0, datatype=XSD.integer)),
        (DKG.abstentionCount, Literal(0, datatype=XSD.integer)),
        (DKG.outcome, Literal("Adopté")),
        (PROV.wasDerivedFrom, DOC_002),
        (DKG.hasSpan, ID[f"document/{FILE_002}/span/{start}-{end}"]),
    } | {(DKG.hasGroupPosition, p) for p in positions}
    rn = URIRef(f"{vote}/positionFor/groupe-rassemblement-national")
    assert about(g002, rn) == {
        (RDF.type, DKG.GroupVotePosition),
        (DKG.group, ID["group/commission-permanente-du-conseil-departemental-du-pas-de-calais/groupe-rassemblement-national"]),
        (DKG.position, DKG.positionFor),
    }
    assert about(g002, ID["group/commission-permanente-du-conseil-departemental-du-pas-de-calais/non-inscrit"]) == {
        (RDF.type, DKG.PoliticalGroup),
        (RDFS.label, Literal("Non-inscrit")),
        (DKG.lookupKey, Literal("non-inscrit")),
    }


def test_legal_reference_and_cited_texts(g002):
    ref = URIRef(f"{D372}/reference/1")
    start, end = selector_of(g002, ref)
    articles = [URIRef(f"{CGCT}/{a}") for a in ("L3121-14", "L3121-14-1", "L3211-1", "L3211-2")]
    assert about(g002, ref) == {
        (RDF.type, DKG.LegalReference),
        (DKG.referenceKind, DKG.codeArticleKind),
        (DKG.clauseText, Literal("le Code Général des Collectivités Territoriales et notamment ses articles L.3121-14, L.3121-14-1, L.3211-1 et L.3211-2")),
        (DKG.citedArticle, Literal("L.3121-14")),
        (DKG.citedArticle, Literal("L.3121-14-1")),
        (DKG.citedArticle, Literal("L.3211-1")),
        (DKG.citedArticle, Literal("L.3211-2")),
        (PROV.wasDerivedFrom, DOC_002),
        (DKG.hasSpan, ID[f"document/{FILE_002}/span/{start}-{end}"]),
    } | {(DKG.refersTo, a) for a in articles}
    assert about(g002, URIRef(f"{CGCT}/L3211-2")) == {
        (RDF.type, DKG.CodeArticle),
        (RDFS.label, Literal("Code général des collectivités territoriales, article L3211-2")),
        (DKG.legalIdentifier, Literal("code-general-des-collectivites-territoriales/L3211-2")),
        (DKG.codeArticleId, Literal("L3211-2")),
        (DKG.partOfCode, CGCT),
        (DKG.lookupKey, Literal("l3211-2")),
        (DKG.lookupKey, Literal("code-general-des-collectivites-territoriales-l3211-2")),
        (DKG.lookupKey, Literal("cgct-l3211-2")),
    }
    assert about(g002, CGCT) == {
        (RDF.type, DKG.Code),
        (RDFS.label, Literal("Code général des collectivités territoriales")),
        (DKG.legalIdentifier, Literal("code-general-des-collectivites-territoriales")),
        (DKG.lookupKey, Literal("code-general-des-collectivites-territoriales")),
        (DKG.lookupKey, Literal("cgct")),
        (DKG.legitextId, Literal("LEGITEXT000006070633")),
        (DKG.legifranceLink, URIRef("https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070633")),
    }
    assert about(g002, ID["deliberation/conseil-departemental/2021-257"]) == {
        (RDF.type, DKG.CitedDeliberation),
        (RDFS.label, Literal("Délibération n°2021-257 (Conseil départemental)")),
        (DKG.legalIdentifier, Literal("deliberation/conseil-departemental/2021-257")),
        (DKG.lookupKey, Literal("2021-257")),
        (DKG.lookupKey, Literal("deliberation-2021-257")),
        (DKG.textNumber, Literal("2021-257")),
        (DKG.textDate, Literal("2021-07-01", datatype=XSD.date)),
        (DKG.citedTitle, Literal("Délégation d'attributions à la Commission Permanente")),
        (DKG.issuingBody, Literal("Conseil départemental")),
    }


def test_opinion_articles_and_amounts(g002):
    text = (DATA_DIR / FILE_002).read_text(encoding="utf-8")
    opinion = URIRef(f"{D372}/opinion/1")
    start, end = selector_of(g002, opinion)
    assert text[start:end].endswith("en date du 05/09/2022")
    assert about(g002, opinion) == {
        (RDF.type, DKG.CommitteeOpinion),
        (DKG.commission, Literal("3ème commission « Education, Culture, Sport et Citoyenneté »")),
        (DKG.commissionNumber, Literal(3, datatype=XSD.integer)),
        (DKG.commissionName, Literal("Education, Culture, Sport et Citoyenneté")),
        (DKG.opinionDate, Literal("2022-09-05", datatype=XSD.date)),
        (PROV.wasDerivedFrom, DOC_002),
        (DKG.hasSpan, ID[f"document/{FILE_002}/span/{start}-{end}"]),
    }
    article = URIRef(f"{D372}/article/1")
    assert {(p, o) for p, o in about(g002, article) if p not in (DKG.articleText, DKG.hasSpan)} == {
        (RDF.type, DKG.DecisionArticle),
        (DKG.articleNumber, Literal(1, datatype=XSD.integer)),
        (DKG.hasAmount, URIRef(f"{article}/amount/1")),
        (DKG.hasAmount, URIRef(f"{article}/amount/2")),
        (PROV.wasDerivedFrom, DOC_002),
    }
    assert str(g002.value(article, DKG.articleText)).startswith("D'attribuer aux collèges participant à l'appel à projet")
    amount = URIRef(f"{article}/amount/1")
    start, end = selector_of(g002, amount)
    assert text[start:end] == "1 200 €"
    assert about(g002, amount) == {
        (RDF.type, DKG.MonetaryAmount),
        (DKG.euroValue, Literal(Decimal("1200.00"), datatype=XSD.decimal)),
        (DKG.amountText, Literal("1 200 €")),
        (DKG.inTable, Literal(False)),
        (PROV.wasDerivedFrom, DOC_002),
        (DKG.hasSpan, ID[f"document/{FILE_002}/span/{start}-{end}"]),
    }
    cell = URIRef(f"{D372}/article/2/amount/1")
    assert g002.value(cell, DKG.inTable) == Literal(True)
    assert g002.value(cell, DKG.euroValue) == Literal(Decimal("150000.00"), datatype=XSD.decimal)


def test_recusal_is_a_participation_with_its_note(g003):
    text = (DATA_DIR / FILE_003).read_text(encoding="utf-8")
    node = URIRef(f"{D87}/participation/karine-gauthier/recused")
    start, end = selector_of(g003, node)
    assert text[start:end] == "Madame Karine GAUTHIER, intéressée à l’affaire, n’a pris part ni au débat, ni au vote."
    assert about(g003, node) == {
        (RDF.type, DKG.Participation),
        (RDF.type, DKG.Recusal),
        (DKG.participant, ID["member/karine-gauthier"]),  # "Madame" here, "Mme" in the header
        (DKG.status, DKG.recused),
        (DKG.recusalNote, Literal("intéressée à l'affaire, n'a pris part ni au débat, ni au vote")),
        (DKG.nameAsPrinted, Literal("Madame Karine GAUTHIER")),
        (PROV.wasDerivedFrom, DOC_003),
        (DKG.hasSpan, ID[f"document/{FILE_003}/span/{start}-{end}"]),
    }
    assert (D87, DKG.hasParticipation, URIRef(f"{D87}/participation/karine-gauthier/present")) in g003


def test_loi_rules_and_finding(g003):
    loi = ID["text/loi/2020-1379"]
    assert about(g003, loi) == {
        (RDF.type, DKG.Loi),
        (RDFS.label, Literal("Loi n°2020-1379")),
        (DKG.legalIdentifier, Literal("loi/2020-1379")),
        (DKG.lookupKey, Literal("2020-1379")),
        (DKG.lookupKey, Literal("loi-2020-1379")),
        (DKG.textNumber, Literal("2020-1379")),
        (DKG.textDate, Literal("2020-11-14", datatype=XSD.date)),
        (DKG.citedTitle, Literal("autorisant la prorogation de l'état d'urgence sanitaire et portant diverses mesures de gestion de la crise sanitaire")),
        (DKG.legifranceLink, URIRef("https://www.legifrance.gouv.fr/eli/loi/2020/11/14/2020-1379/jo/texte")),
    }
    assert (URIRef(f"{D87}/reference/1"), DKG.citedAsAmended, Literal(True)) in g003
    rules = ID[f"text/reglement/{CP_KEY}/reglement-interieur-du-conseil-departemental-du-pas-de-calais"]
    assert (D87, DKG.cites, rules) in g003
    assert g003.value(rules, RDF.type) == DKG.Reglement
    finding = ID[f"document/{FILE_003}/finding/1"]
    recusal_span = g003.value(URIRef(f"{D87}/participation/karine-gauthier/recused"), DKG.hasSpan)
    assert about(g003, finding) == {
        (RDF.type, DKG.ConsistencyFinding),
        (DKG.findingCode, Literal("recused-still-counted")),
        (DKG.findingMessage, Literal("Madame Karine GAUTHIER took no part in the vote, yet the 44 votes counted include every member")),
        (PROV.wasDerivedFrom, DOC_003),
        (DKG.hasSpan, recusal_span),
    }
    assert (D87, DKG.hasFinding, finding) in g003


def test_proxy_unanimity_and_unnumbered_texts(gmun):
    d = ID["deliberation/conseil-municipal-de-saint-exemple/2020-45"]
    proxy = URIRef(f"{d}/proxy/jacques-bernard")
    start, end = selector_of(gmun, proxy)
    assert MUNICIPAL_TEXT[start:end] == "M. Jacques BERNARD à Mme Anne MARTIN"
    assert about(gmun, proxy) == {
        (RDF.type, DKG.Proxy),
        (DKG.proxyGiver, ID["member/jacques-bernard"]),
        (DKG.proxyHolder, ID["member/anne-martin"]),
        (PROV.wasDerivedFrom, ID[f"document/{FILE_MUNICIPAL}"]),
        (DKG.hasSpan, ID[f"document/{FILE_MUNICIPAL}/span/{start}-{end}"]),
    }
    assert (d, DKG.hasProxy, proxy) in gmun
    vote = URIRef(f"{d}/vote")
    assert {(p, o) for p, o in about(gmun, vote) if p not in (PROV.wasDerivedFrom, DKG.hasSpan)} == {
        (RDF.type, DKG.Vote),
        (DKG.voterCount, Literal(3, datatype=XSD.integer)),
        (DKG.outcome, Literal("Adoptée à l'unanimité")),
        (DKG.unanimity, Literal(True)),
    }
    decret = ID["text/decret/2016-360"]
    assert gmun.value(decret, DKG.legifranceLink) == URIRef("https://www.legifrance.gouv.fr/eli/decret/2016/3/25/2016-360/jo/texte")
    ordonnance = ID["text/ordonnance/du-2020-04-01"]
    assert about(gmun, ordonnance) == {
        (RDF.type, DKG.Ordonnance),
        (RDFS.label, Literal("Ordonnance du 01/04/2020")),
        (DKG.legalIdentifier, Literal("ordonnance/du-2020-04-01")),
        (DKG.lookupKey, Literal("ordonnance-du-2020-04-01")),
        (DKG.textDate, Literal("2020-04-01", datatype=XSD.date)),
    }


def test_two_renderings_of_one_deliberation_give_the_same_facts(g002):
    # as the PDF text and the markdown of one deliberation do: only the document and spans differ
    copy = document_graph("002_copy.md", [deliberation_002()])

    def facts(graph: Graph) -> set:
        return {
            (s, p, o)
            for s, p, o in graph
            if p not in (DKG.hasSpan, PROV.wasDerivedFrom) and "/document/" not in str(s)
        }

    assert facts(copy) == facts(g002)


# -- SHACL -----------------------------------------------------------------------------------------


SHAPES = Graph().parse(SHAPES_FILE)


def violations(graph: Graph) -> set[tuple]:
    conforms, report, _ = validate(graph, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none")
    results = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        results.add(
            (report.value(result, SH.focusNode), report.value(result, SH.resultPath), report.value(result, SH.sourceConstraintComponent))
        )
    assert conforms == (not results)
    return results


def test_the_graphs_conform_to_the_shapes(g002, g003, gmun):
    assert violations(g002) == set()
    assert violations(g003) == set()
    assert violations(gmun) == set()


def test_a_participation_without_member_is_reported(g002):
    broken = Graph() + g002
    node = URIRef(f"{D372}/participation/karine-gauthier/excused")
    broken.remove((node, DKG.participant, None))
    assert violations(broken) == {(node, DKG.participant, SH.MinCountConstraintComponent)}


def test_a_status_off_the_list_and_a_negative_count_are_reported(g002):
    broken = Graph() + g002
    node = URIRef(f"{D372}/participation/karine-gauthier/excused")
    broken.set((node, DKG.status, DKG.positionFor))
    broken.set((URIRef(f"{D372}/vote"), DKG.againstCount, Literal(-1, datatype=XSD.integer)))
    assert violations(broken) == {
        (node, DKG.status, SH.InConstraintComponent),
        (URIRef(f"{D372}/vote"), DKG.againstCount, SH.MinInclusiveConstraintComponent),
    }


def test_missing_number_kind_and_message_and_a_reversed_span_are_reported(g002, g003):
    broken = Graph() + g002 + g003
    broken.remove((D372, DKG.deliberationNumber, None))
    broken.remove((URIRef(f"{D372}/reference/2"), DKG.referenceKind, None))
    finding = ID[f"document/{FILE_003}/finding/1"]
    broken.remove((finding, DKG.findingMessage, None))
    resource = g002.value(URIRef(f"{D372}/vote"), DKG.hasSpan)
    selector = g002.value(resource, OA.hasSelector)
    broken.set((selector, OA.start, Literal(10_000, datatype=XSD.nonNegativeInteger)))
    assert violations(broken) == {
        (D372, DKG.deliberationNumber, SH.MinCountConstraintComponent),
        (URIRef(f"{D372}/reference/2"), DKG.referenceKind, SH.MinCountConstraintComponent),
        (finding, DKG.findingMessage, SH.MinCountConstraintComponent),
        (selector, OA.start, SH.LessThanOrEqualsConstraintComponent),
    }


def test_a_meeting_without_date_is_reported(g002):
    broken = Graph() + g002
    broken.remove((ID[f"meeting/{CP_KEY}/2022-09-27"], DKG.meetingDate, None))
    meeting = ID[f"meeting/{CP_KEY}/2022-09-27"]
    assert violations(broken) == {
        (D372, DKG.decidedAt, SH.NodeConstraintComponent),
        (meeting, DKG.meetingDate, SH.MinCountConstraintComponent),  # the detail of the one above
    }


# -- named queries ---------------------------------------------------------------------------------

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$")


def header(path: Path) -> dict:
    info: dict = {"title": None, "description": [], "params": {}}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match and match.group(1) == "param":
            name, type_, _description = match.group(2).split(None, 2)
            info["params"][name] = type_
        elif match and match.group(1) == "title":
            info["title"] = match.group(2)
        elif match:
            info["description"].append(match.group(2))
    return info


@pytest.fixture(scope="module")
def store(g002, g003, gmun) -> ox.Store:
    store = ox.Store()
    copy = document_graph("002_copy.md", [deliberation_002()])  # the same deliberation from a second file
    for graph in (g002, g003, gmun, copy):
        store.load(graph.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(graph.identifier)))
    return store


def run(store: ox.Store, query: str, **params: str) -> list[tuple]:
    """Rows of a named query; parameters bound as `kg query` binds them (names and citations folded
    as the stored keys are), a folded parameter's column showing the value as given."""
    named = parse_query_file(QUERIES / f"{query}.rq")
    assert set(params) == {p.name for p in named.params}
    substitutions = {ox.Variable(p.name): p.bind(params[p.name]) for p in named.params}
    solutions = store.query(named.text, use_default_graph_as_union=True, substitutions=substitutions or None)
    names = [v.value for v in solutions.variables]
    printed = {i: params[n] for i, n in enumerate(names) if n in params and named.param(n).type in FOLDED_TYPES}
    return [
        tuple(printed.get(i, None if term is None else term.value) for i, term in enumerate(solution))
        for solution in solutions
    ]


def test_every_query_has_a_header_and_runs_as_a_plain_select():
    paths = sorted(QUERIES.glob("*.rq"))
    assert {p.stem for p in paths} >= {
        "attendance-deliberation", "attendance-meeting", "excused-at-meeting", "member-attendance",
        "votes-against-or-abstention", "deliberations-citing", "most-cited-texts", "recusals", "findings",
    }  # fmt: skip
    for path in paths:
        info = header(path)
        assert info["title"] and info["description"], path.name
        text = path.read_text(encoding="utf-8")
        assert list(ox.Store().query(text)) == [], path.name  # parses and runs with nothing bound
        projection = text[text.index("SELECT") : text.index("WHERE")]
        for param in info["params"]:
            assert f"?{param}" in projection, f"{path.name}: ?{param} must be projected to be bound"


def test_excused_at_meeting(store):
    rows = run(store, "excused-at-meeting", date="2022-09-27")
    expected = [
        (n, "excused")
        for n in sorted([
            "Daniel MACIEJASZ", "Jean-Marc TELLIER", "Ludovic LOQUET", "Laurent DUPORGE", "Karine GAUTHIER",
            "François LEMAIRE", "Fatima AIT-CHIKHEBBIH", "Pierre GEORGET", "Etienne PERIN",
            "Maïté MULOT-FRISCOURT", "Alexandre MALFAIT",
        ])
    ] + [("Jean-Louis COTTIGNY", "excusedWithoutVote"), ("Michel DAGBERT", "excusedWithoutVote")]  # fmt: skip
    assert rows == [("2022-09-27", CP, member, status, "1") for member, status in expected]
    assert run(store, "excused-at-meeting", date="2022-09-28") == []


def test_attendance_of_a_deliberation(store):
    assert run(store, "attendance-deliberation", number="2022-87") == [
        ("2022-87", CP, "2022-03-21", "Florence WOZNY", "present", None),
        ("2022-87", CP, "2022-03-21", "Jean-Claude DISSAUX", "present", None),
        ("2022-87", CP, "2022-03-21", "Jean-Claude LEROY", "present", None),
        ("2022-87", CP, "2022-03-21", "Karine GAUTHIER", "present", None),
        ("2022-87", CP, "2022-03-21", "Blandine DRAIN", "excused", None),
        ("2022-87", CP, "2022-03-21", "Bruno COUSEIN", "excused", None),
        ("2022-87", CP, "2022-03-21", "Emmanuelle LEVEUGLE", "attendingWithoutVote", None),
        ("2022-87", CP, "2022-03-21", "Karine GAUTHIER", "recused", "intéressée à l'affaire, n'a pris part ni au débat, ni au vote"),
    ]
    rows = run(store, "attendance-deliberation", number="2022-372")
    assert len(rows) == 46  # the second file repeating 2022-372 adds no row
    assert ("2022-372", CP, "2022-09-27", "Emmanuelle LEVEUGLE", "attendingWithoutVote", None) in rows


def test_attendance_of_a_meeting(store):
    rows = run(store, "attendance-meeting", date="2022-03-21")
    assert rows == [
        ("2022-03-21", CP, "Florence WOZNY", "present", "1"),
        ("2022-03-21", CP, "Jean-Claude DISSAUX", "present", "1"),
        ("2022-03-21", CP, "Jean-Claude LEROY", "present", "1"),
        ("2022-03-21", CP, "Karine GAUTHIER", "present", "1"),
        ("2022-03-21", CP, "Blandine DRAIN", "excused", "1"),
        ("2022-03-21", CP, "Bruno COUSEIN", "excused", "1"),
        ("2022-03-21", CP, "Emmanuelle LEVEUGLE", "attendingWithoutVote", "1"),
        ("2022-03-21", CP, "Karine GAUTHIER", "recused", "1"),
    ]


def test_attendance_record_of_a_member(store):
    expected = [
        ("GAUTHIER", "Karine GAUTHIER", "present", "1", "1"),
        ("GAUTHIER", "Karine GAUTHIER", "excused", "1", "1"),
        ("GAUTHIER", "Karine GAUTHIER", "recused", "1", "1"),
    ]
    assert run(store, "member-attendance", name="GAUTHIER") == expected
    # civility, case and accents do not matter
    assert [r[1:] for r in run(store, "member-attendance", name="Madame karine Gauthier")] == [r[1:] for r in expected]
    assert run(store, "member-attendance", name="Maite mulot") == [("Maite mulot", "Maïté MULOT-FRISCOURT", "excused", "1", "1")]


def test_recusals_by_member(store):
    assert run(store, "recusals", name="gauthier") == [
        ("gauthier", "Karine GAUTHIER", "2022-03-21", "2022-87", "AGRÉMENTS - DIFFUSION DE PROXIMITÉ",
         "intéressée à l'affaire, n'a pris part ni au débat, ni au vote"),
    ]  # fmt: skip
    assert run(store, "recusals", name="LEROY") == []


def test_votes_against_or_abstention(store):
    assert run(store, "votes-against-or-abstention") == [
        ("2022-03-21", "2022-87", "AGRÉMENTS - DIFFUSION DE PROXIMITÉ", "abstention", "1", "Groupe Socialiste, Républicain et Citoyen"),
    ]


def test_group_votes(store):
    assert run(store, "group-votes", group="socialiste") == [
        ("socialiste", "Groupe Socialiste, Républicain et Citoyen", "for", "2"),
        ("socialiste", "Groupe Socialiste, Républicain et Citoyen", "abstention", "1"),
    ]


@pytest.mark.parametrize(
    "text, cited",
    [
        ("2020-1379", [("2022-03-21", "2022-87", "Loi n°2020-1379")]),
        ("loi n°2020-1379", [("2022-03-21", "2022-87", "Loi n°2020-1379")]),
        ("L.3211-2", [("2022-09-27", "2022-372", "Code général des collectivités territoriales, article L3211-2")]),
        ("CGCT L3211-2", [("2022-09-27", "2022-372", "Code général des collectivités territoriales, article L3211-2")]),
        ("Code de l'éducation article L.213-2", [("2022-09-27", "2022-372", "Code de l'éducation, article L213-2")]),
        ("2021-257", [("2022-09-27", "2022-372", "Délibération n°2021-257 (Conseil départemental)")]),
        ("L.3211-21", []),
        ("2016-360", [("2020-11-30", "2020-45", "Décret n°2016-360")]),
    ],
)
def test_deliberations_citing_a_text(store, text, cited):
    rows = run(store, "deliberations-citing", text=text)
    assert [(r[1], r[2], r[4]) for r in rows] == cited
    assert all(r[0] == text for r in rows)


def test_deliberations_citing_a_code_include_its_articles(store):
    rows = run(store, "deliberations-citing", text="CGCT")
    assert sorted({r[2] for r in rows}) == ["2022-372"]
    assert sorted(r[4] for r in rows) == [
        f"Code général des collectivités territoriales, article {a}"
        for a in ("L1111-4", "L3121-14", "L3121-14-1", "L3211-1", "L3211-2")
    ]


def test_most_cited_texts(store):
    assert run(store, "most-cited-texts") == [
        ("Code de l'éducation", "code", "code-de-l-education", "1"),
        ("Code général des collectivités territoriales", "code", "code-general-des-collectivites-territoriales", "1"),
        ("Décret n°2016-360", "decret", "decret/2016-360", "1"),
        ("Délibération n°2021-257 (Conseil départemental)", "deliberation", "deliberation/conseil-departemental/2021-257", "1"),
        ("Loi n°2020-1379", "loi", "loi/2020-1379", "1"),
        ("Ordonnance du 01/04/2020", "ordonnance", "ordonnance/du-2020-04-01", "1"),
        ("Règlement Intérieur du Conseil départemental du Pas-de-Calais", "reglement",
         f"reglement/{CP_KEY}/reglement-interieur-du-conseil-departemental-du-pas-de-calais", "1"),
    ]  # fmt: skip


def test_most_cited_articles(store):
    rows = run(store, "most-cited-articles")
    assert ("Code général des collectivités territoriales", "L3121-14", "1") in rows
    assert len(rows) == 6


def test_proxies(store):
    assert run(store, "proxies") == [("2020-11-30", "2020-45", "Jacques BERNARD", "Anne MARTIN")]


def test_findings(store):
    text = (DATA_DIR / FILE_003).read_text(encoding="utf-8")
    rows = run(store, "findings")
    assert [r[:4] for r in rows] == [
        (FILE_003, "2022-87", "recused-still-counted",
         "Madame Karine GAUTHIER took no part in the vote, yet the 44 votes counted include every member"),
    ]  # fmt: skip
    start, end = int(rows[0][4]), int(rows[0][5])
    assert text[start:end].startswith("Madame Karine GAUTHIER, intéressée")
