"""`kg export` and the views: every format written from the store built from the samples, then read
back by an independent reader (rdflib, networkx, json, csv).

Exact counts are asserted for the `votes` view, checked against the text of the samples: 31
deliberations list group votes (the 2024 one, printed twice as 000 and 001, counts once; 002; the 29
of 003; 004 lists no groups), each with the same 5 groups "Pour", which gives 155 `for` edges; 003
also prints 4 abstaining groups ("Abstention : 1 voix (Groupe …)" three times and "Abstentions : 2
voix (Groupe …)" once) and 4 groups absent without delegation. So 36 nodes and 163 edges.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg import export as exporting
from kg import pipeline, views
from kg.cli import main
from kg.store import open_store
from kg.vocabulary import DKG, RDF, RDFS

DATA = Path(__file__).resolve().parent.parent / "data"

VOTES_NODES = 36  # 5 political groups + 31 deliberations
VOTES_EDGES = 163
VOTES_LABELS = {"for": 155, "abstention": 4, "absent_without_delegation": 4}
PLAIN = (str, int, float, bool)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "store"
    pipeline.build([DATA], path, progress=False)
    return path


@pytest.fixture(scope="module")
def store(store_path):
    with open_store(store_path, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("out")


def _count(store, sparql: str) -> int:
    _, rows = store.query(sparql)
    return int(rows[0][0])


# -- views -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(views.VIEWS))
def test_every_view_is_consistent_and_plain(store, name):
    graph = views.view_graph(store, name)
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0
    ids = [key for _, _, key in graph.edges(keys=True)]
    assert len(ids) == len(set(ids))
    view = views.open_view(store, name)
    assert {n for n, _ in view.nodes()} == set(graph.nodes)  # no edge end is missing from the nodes
    for node, attributes in graph.nodes(data=True):
        assert isinstance(attributes.get("label"), str) and attributes["label"], node
        assert isinstance(attributes.get("type"), str) and attributes["type"], node
        for key, value in attributes.items():
            assert type(value) is view.node_attributes[key], (node, key, value)
        assert ("source" in attributes) == ("start" in attributes) == ("end" in attributes)
    for _, _, key, attributes in graph.edges(keys=True, data=True):
        assert attributes["id"] == key
        for name_, value in attributes.items():
            assert type(value) is view.edge_attributes[name_], (key, name_, value)


def test_votes_view_counts(store):
    graph = views.view_graph(store, "votes")
    assert graph.number_of_nodes() == VOTES_NODES
    assert graph.number_of_edges() == VOTES_EDGES
    assert Counter(a["type"] for _, a in graph.nodes(data=True)) == {"PoliticalGroup": 5, "Deliberation": 31}
    assert Counter(a["label"] for _, _, a in graph.edges(data=True)) == VOTES_LABELS
    # the deliberation in two renderings has one node, with the span of one of them
    spans = {a["source"] for _, a in graph.nodes(data=True) if a["type"] == "Deliberation"}
    assert len(spans) == 3


def test_views_agree_with_direct_queries(store):
    attendance = views.view_graph(store, "attendance")
    participations = _count(
        store,
        "PREFIX dkg: <https://w3id.org/deliberations-kg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { "
        "SELECT DISTINCT ?d ?m ?s WHERE { ?d dkg:hasParticipation ?p . ?p dkg:participant ?m ; dkg:status ?s } }",
    )
    assert attendance.number_of_edges() == participations
    citations = views.view_graph(store, "citations")
    cited = {n: a["weight"] for n, a in citations.nodes(data=True) if "weight" in a}
    assert sum(cited.values()) == citations.number_of_edges()
    _, rows = store.query(
        "PREFIX dkg: <https://w3id.org/deliberations-kg/ontology#> "
        "SELECT ?t (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d dkg:cites ?t } GROUP BY ?t"
    )
    assert cited == {str(t): int(n) for t, n in rows}
    assert citations.nodes["https://w3id.org/deliberations-kg/id/text/loi/2020-1379"]["type"] == "Loi"


def test_co_attendance_is_undirected_and_weighted(store):
    graph = views.view_graph(store, "co-attendance")
    assert graph.graph["directed"] is False
    pairs = [frozenset((u, v)) for u, v in graph.edges()]
    assert len(pairs) == len(set(pairs))  # each pair once
    assert all(u < v for u, v in graph.edges())
    assert max(a["weight"] for _, _, a in graph.edges(data=True)) <= 32


def test_full_view_folds_provenance(store):
    graph = views.view_graph(store, "full")
    types = Counter(a["type"] for _, a in graph.nodes(data=True))
    assert "SpecificResource" not in types and "TextPositionSelector" not in types
    assert types["Recusal"] == 5 and "Participation" in types
    labels = {a["label"] for _, _, a in graph.edges(data=True)}
    assert {"hasParticipation", "decidedBy", "cites"} <= labels
    assert not labels & {"type", "hasSpan", "hasSource", "hasSelector", "wasDerivedFrom"}
    deliberation = next(a for _, a in graph.nodes(data=True) if a.get("deliberationNumber") == "2022-372")
    assert deliberation["source"].startswith("002_") and deliberation["start"] < deliberation["end"]
    present = graph.nodes[str(DKG.present)]
    assert present["label"] == "present" and present["type"] == "ParticipationStatus"
    # a resource several documents describe is one node: the deliberation printed twice (000, 001),
    # the members named in every meeting
    for cls in ("Deliberation", "Member"):
        described = _count(store, f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{DKG[cls]}> }}")
        assert types[cls] == described, cls
    assert types["Deliberation"] == 32
    # every object property stated anywhere is one edge, the provenance plumbing aside
    links = _count(
        store,
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "PREFIX dkg: <https://w3id.org/deliberations-kg/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isLiteral(?o) && "
        "?p NOT IN (rdf:type, dkg:hasSpan, oa:hasSource, oa:hasSelector, prov:wasDerivedFrom)) } }",
    )
    assert graph.number_of_edges() == links


def test_money_goes_to_beneficiaries_or_deliberations(tmp_path):
    """Body -> beneficiary with the euros granted, one node per organisation across deliberations;
    body -> deliberation, with the sum of its amounts outside tables, where no beneficiary is named."""
    from rdflib.namespace import XSD  # imported here: pytest warns when it inspects it among the globals

    ex = "http://example.org/"
    g = Graph(identifier=URIRef(ex + "graph/doc"))
    body = URIRef(ex + "body")
    g.add((body, RDF.type, DKG.Body))
    g.add((body, RDFS.label, Literal("Conseil départemental")))

    def amount(node: URIRef, value: str, in_table: bool = False) -> URIRef:
        g.add((node, RDF.type, DKG.MonetaryAmount))
        g.add((node, DKG.euroValue, Literal(value, datatype=XSD.decimal)))
        g.add((node, DKG.inTable, Literal(in_table)))
        return node

    for name in ("d1", "d2", "d3"):
        d = URIRef(ex + name)
        g.add((d, RDF.type, DKG.Deliberation))
        g.add((d, DKG.decidedBy, body))
        g.add((d, DKG.hasArticle, URIRef(f"{d}/article/1")))
    # d1 grants 1000 to a college and 200 to an association; d2 grants 500 more to the same college
    for d, key, value in (("d1", "college-a", "1000.00"), ("d1", "association-b", "200.00"), ("d2", "college-a", "500")):
        beneficiary = URIRef(f"{ex}{d}/beneficiary/{key}")
        g.add((URIRef(ex + d), DKG.hasBeneficiary, beneficiary))
        g.add((beneficiary, RDF.type, DKG.Beneficiary))
        g.add((beneficiary, RDFS.label, Literal(key.replace("-", " ").capitalize())))
        g.add((beneficiary, DKG.lookupKey, Literal(key)))
        g.add((beneficiary, DKG.grantedAmount, amount(URIRef(f"{beneficiary}/amount"), value)))
    # d3 names no beneficiary: its amounts, the one in a budget table left out
    article = URIRef(ex + "d3/article/1")
    g.add((article, DKG.hasAmount, amount(URIRef(f"{article}/amount/1"), "300")))
    g.add((article, DKG.hasAmount, amount(URIRef(f"{article}/amount/2"), "300", in_table=True)))
    with open_store(tmp_path / "store") as store:
        store.replace_documents({g.identifier: g})
        graph = views.view_graph(store, "money")
    college, association = f"{ex}d1/beneficiary/college-a", f"{ex}d1/beneficiary/association-b"
    edges = {(u, v): a["weight"] for u, v, a in graph.edges(data=True)}
    assert edges == {(str(body), college): 1500.0, (str(body), association): 200.0, (str(body), ex + "d3"): 300.0}
    assert graph.nodes[college] == {"label": "College a", "type": "Beneficiary"}


def test_unknown_view(store):
    with pytest.raises(Exception, match="unknown view 'nope'"):
        views.open_view(store, "nope")


# -- RDF -------------------------------------------------------------------------------------------


def _distinct_triples(store) -> int:
    return _count(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")


def test_nquads_keep_one_graph_per_document(store, out):
    exporting.export(store, "nq", out=str(out / "all.nq"))
    dataset = rdflib.Dataset()
    dataset.parse(out / "all.nq", format="nquads")
    graphs = {g.identifier: len(g) for g in dataset.graphs() if len(g)}
    assert len(graphs) == 5
    assert all(str(name).endswith(".txt") for name in graphs)
    assert sum(graphs.values()) == store.triple_count()


@pytest.mark.parametrize(("fmt", "parser"), [("nt", "nt"), ("ttl", "turtle")])
def test_triples_formats_hold_the_union(store, out, fmt, parser):
    exporting.export(store, fmt, out=str(out / f"all.{fmt}"))
    graph = Graph().parse(out / f"all.{fmt}", format=parser)
    assert len(graph) == _distinct_triples(store)
    assert (None, RDF.type, DKG.Deliberation) in graph


def test_jsonld_round_trips_with_readable_keys(store, out):
    exporting.export(store, "nq", out=str(out / "ref.nq"))
    exporting.export(store, "jsonld", out=str(out / "all.jsonld"))
    expected = rdflib.Dataset().parse(out / "ref.nq", format="nquads")
    found = rdflib.Dataset().parse(out / "all.jsonld", format="json-ld")
    assert set(found.quads()) == set(expected.quads())
    assert len({g.identifier for g in found.graphs() if len(g)}) == 5
    document = json.loads((out / "all.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["Deliberation"] == "dkg:Deliberation"
    assert context["hasParticipation"] == {"@id": "dkg:hasParticipation", "@type": "@id"}
    assert context["reportNumber"] == {"@id": "dkg:reportNumber", "@type": "xsd:integer"}
    nodes = [node for graph in document["@graph"] for node in graph["@graph"]]
    deliberation = next(n for n in nodes if n.get("deliberationNumber") == "2022-372")
    assert deliberation["type"] == ["Deliberation"] and "hasParticipation" in deliberation


# -- graph tools (the `votes` view, exact counts) --------------------------------------------------


def test_graphml(store, out):
    path = out / "votes.graphml"
    exporting.export(store, "graphml", out=str(path), view="votes")
    ids = [e.get("id") for e in ET.parse(path).iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == VOTES_EDGES == len(set(ids))
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.number_of_nodes() == VOTES_NODES and graph.number_of_edges() == VOTES_EDGES
    assert Counter(a["label"] for _, _, a in graph.edges(data=True)) == VOTES_LABELS
    deliberation = next(a for _, a in graph.nodes(data=True) if a["type"] == "Deliberation")
    assert isinstance(deliberation["start"], int) and deliberation["source"].endswith(".txt")


def test_graphml_undirected_view(store, out):
    path = out / "co.graphml"
    exporting.export(store, "graphml", out=str(path), view="co-attendance")
    assert not nx.read_graphml(path).is_directed()


def test_gexf(store, out):
    path = out / "votes.gexf"
    exporting.export(store, "gexf", out=str(path), view="votes")
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == VOTES_NODES and graph.number_of_edges() == VOTES_EDGES
    ids = [a["id"] for _, _, a in graph.edges(data=True)]
    assert len(set(ids)) == VOTES_EDGES
    assert Counter(a["label"] for _, _, a in graph.edges(data=True)) == VOTES_LABELS
    deliberation = next(a for _, a in graph.nodes(data=True) if a["type"] == "Deliberation")
    assert deliberation["span_start"] < deliberation["span_end"] and "start" not in deliberation


@pytest.mark.parametrize("name", list(views.VIEWS))
def test_graphml_and_gexf_hold_the_whole_view(store, out, name):
    """The streamed files, read by networkx, give back the view: same nodes and attributes, same
    edges with their ids, labels and weights."""
    expected = views.view_graph(store, name)
    exporting.export(store, "graphml", out=str(out / f"{name}.graphml"), view=name)
    graph = nx.read_graphml(out / f"{name}.graphml", force_multigraph=True, edge_key_type=str)
    assert dict(graph.nodes(data=True)) == dict(expected.nodes(data=True))

    def by_id(g):  # an undirected reader may give an edge's ends in either order
        ends = tuple if expected.graph["directed"] else frozenset
        return {key: (ends((u, v)), a) for u, v, key, a in g.edges(keys=True, data=True)}

    assert by_id(graph) == by_id(expected)
    exporting.export(store, "gexf", out=str(out / f"{name}.gexf"), view=name)
    gexf = nx.read_gexf(out / f"{name}.gexf")
    assert gexf.number_of_nodes() == expected.number_of_nodes() and gexf.number_of_edges() == expected.number_of_edges()
    renamed = {("span_" + k if k in ("start", "end") else k): v for k, v in expected.nodes[next(iter(expected))].items()}
    assert gexf.nodes[next(iter(expected))] == renamed
    weights = {a["id"]: a["weight"] for *_, a in gexf.edges(data=True)}
    assert weights == {k: float(a["weight"]) for *_, k, a in expected.edges(keys=True, data=True)}


def test_graphml_and_gexf_escape_text(tmp_path):
    """Markup characters are escaped, line breaks kept, and characters XML cannot hold (a form feed)
    become spaces."""
    ex = "http://example.org/"
    g = Graph(identifier=URIRef(ex + "graph/doc"))
    for name in ("d1", "d2"):
        g.add((URIRef(ex + name), RDF.type, DKG.Deliberation))
        g.add((URIRef(ex + name), DKG.title, Literal(f'Tom & Jerry <"{name}">\x0cpage\nnext')))
    g.add((URIRef(ex + "d1"), DKG.cites, URIRef(ex + "d2?a=1&b=2")))
    with open_store(tmp_path / "store") as store:
        store.replace_documents({g.identifier: g})
        for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
            exporting.export(store, fmt, out=str(tmp_path / f"x.{fmt}"))
            graph = read(tmp_path / f"x.{fmt}")
            assert graph.nodes[ex + "d1"]["title"] == 'Tom & Jerry <"d1"> page\nnext'
            assert graph.has_edge(ex + "d1", ex + "d2?a=1&b=2")


def test_cytoscape_json(store, out):
    path = out / "votes.cyjs"
    exporting.export(store, "cyjs", out=str(path), view="votes")
    document = json.loads(path.read_text(encoding="utf-8"))
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert len(nodes) == VOTES_NODES and len(edges) == VOTES_EDGES
    node_ids = {n["data"]["id"] for n in nodes}
    assert len(node_ids) == VOTES_NODES
    for node in nodes:
        assert set(node) == {"data"} and {"id", "label", "type"} <= set(node["data"])
        assert all(isinstance(v, PLAIN) for v in node["data"].values())
    assert len({e["data"]["id"] for e in edges}) == VOTES_EDGES
    for edge in edges:
        data = edge["data"]
        assert {"id", "source", "target", "label", "weight"} <= set(data)
        assert data["source"] in node_ids and data["target"] in node_ids
        assert all(isinstance(v, PLAIN) for v in data.values())


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def test_gephi_csv(store, out):
    written = exporting.export(store, "csv-gephi", out=str(out / "gephi") + "/", view="votes")
    assert [p.name for p in written] == ["nodes.csv", "edges.csv"]
    node_header, nodes = _read_csv(written[0])
    edge_header, edges = _read_csv(written[1])
    assert node_header[:3] == ["Id", "Label", "type"]
    assert edge_header[:6] == ["Source", "Target", "Type", "Weight", "Id", "Label"]
    assert len(nodes) == VOTES_NODES and len(edges) == VOTES_EDGES
    assert len({e["Id"] for e in edges}) == VOTES_EDGES
    assert {e["Type"] for e in edges} == {"Directed"}
    assert Counter(e["Label"] for e in edges) == VOTES_LABELS
    assert {e["Source"] for e in edges} | {e["Target"] for e in edges} <= {n["Id"] for n in nodes}


def test_neo4j_csv_with_prefix(store, out):
    written = exporting.export(store, "csv-neo4j", out=str(out / "votes"), view="votes")
    assert [p.name for p in written] == ["votes-nodes.csv", "votes-edges.csv"]
    node_header, nodes = _read_csv(written[0])
    edge_header, edges = _read_csv(written[1])
    assert node_header[:3] == [":ID", "name", ":LABEL"] and "start:long" in node_header
    assert edge_header[:4] == [":START_ID", ":END_ID", ":TYPE", "weight:float"]
    assert len(nodes) == VOTES_NODES and len(edges) == VOTES_EDGES
    assert len({e["id"] for e in edges}) == VOTES_EDGES
    assert Counter(e[":TYPE"] for e in edges) == {"FOR": 155, "ABSTENTION": 4, "ABSENT_WITHOUT_DELEGATION": 4}
    assert Counter(n[":LABEL"] for n in nodes) == {"PoliticalGroup": 5, "Deliberation": 31}
    assert all(float(e["weight:float"]) == 1.0 for e in edges)


def test_neo4j_relationship_types():
    assert exporting.neo4j_relationship_type("hasParticipation") == "HAS_PARTICIPATION"
    assert exporting.neo4j_relationship_type("attending_without_vote") == "ATTENDING_WITHOUT_VOTE"


# -- dispatch and command line ---------------------------------------------------------------------


def test_registered_writer_is_dispatched(store, out, monkeypatch):
    monkeypatch.setattr(exporting, "WRITERS", dict(exporting.WRITERS))

    @exporting.register("lines", view=False)
    def write_lines(store_, target, view):
        with exporting.open_text_output(target) as text:
            text.write(f"{store_.triple_count()}\n")
        return [Path(target)]

    assert exporting.export(store, "lines", out=str(out / "n.txt")) == [out / "n.txt"]
    assert (out / "n.txt").read_text() == f"{store.triple_count()}\n"


def test_failed_export_leaves_no_file(out):
    target = out / "broken.nt"
    with pytest.raises(RuntimeError), exporting.open_output(target) as stream:
        stream.write(b"half")
        raise RuntimeError("interrupted")
    assert not target.exists() and not list(out.glob(".broken.nt.part"))


def test_cli_exports_to_stdout(store_path):
    result = CliRunner().invoke(main, ["export", "--format", "cyjs", "--view", "votes", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["elements"]["edges"]) == VOTES_EDGES


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown format 'pdf'; choose one of: "),
        (["--format", "cyjs", "--view", "seating"], "unknown view 'seating'; choose one of: full,"),
        (["--format", "ttl", "--view", "votes"], "--view does not apply to ttl"),
        (["--format", "nt", "--out", "/nonexistent/folder/all.nt"], "cannot be written"),
        (["--format", "csv-gephi"], "give --out DIRECTORY/ or --out PREFIX"),
    ],
)
def test_cli_user_errors_are_one_line(store_path, args, message):
    result = CliRunner().invoke(main, ["export", *args, "--store", str(store_path)])
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_html_page_of_too_large_a_view_is_refused(store_path, tmp_path, monkeypatch):
    """The votes view has 36 nodes: with a limit of 30 the page is refused in one line, nothing written."""
    from kg import html

    monkeypatch.setattr(html, "PAGE_NODE_LIMIT", 30)
    target = tmp_path / "votes.html"
    result = CliRunner().invoke(main, ["export", "--format", "html", "--view", "votes", "--out", str(target), "--store", str(store_path)])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: the votes view has more than 30 nodes, too many to show: choose a smaller --view"
    assert not target.exists() and not list(tmp_path.iterdir())
    monkeypatch.setattr(html, "PAGE_NODE_LIMIT", VOTES_NODES)
    assert CliRunner().invoke(main, ["export", "--format", "html", "--view", "votes", "--out", str(target), "--store", str(store_path)]).exit_code == 0
    page = target.read_text(encoding="utf-8")
    data = page.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    assert len(json.loads(data)["nodes"]) == VOTES_NODES
