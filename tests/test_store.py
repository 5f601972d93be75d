"""The on-disk store: named graph per document, atomic replacement, union-graph queries."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from kg.errors import UserError
from kg.store import GraphStore, default_store_path, open_store

EX = Namespace("http://example.org/")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
G1 = URIRef("http://example.org/graph/doc-1")
G2 = URIRef("http://example.org/graph/doc-2")


def graph(*numbers: str, extra: int = 0) -> Graph:
    g = Graph()
    for n in numbers:
        d = EX[f"delib/{n}"]
        g.add((d, EX.number, Literal(n)))
        g.add((d, EX.date, Literal("2022-03-21", datatype=XSD_DATE)))
        vote = BNode()
        g.add((d, EX.vote, vote))
        g.add((vote, EX.for_, Literal(44)))
        g.add((vote, EX.note, Literal('a "quoted"\nline with \\ and } ;', lang="fr")))
    for i in range(extra):
        g.add((EX.extra, EX.value, Literal(i)))
    return g


def quads(store: GraphStore) -> set[str]:
    return {str(q) for q in store._db}


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "store") as s:
        yield s


def test_replace_documents_writes_one_named_graph_per_document(store):
    store.replace_documents({G1: graph("2022-80", "2022-81"), G2: graph("2022-372")})
    assert store.triple_count() == 15
    assert store.document_graphs() == [str(G1), str(G2)]
    assert store.graph_size(G1) == 10
    assert store.graph_size(G2) == 5


def test_same_graphs_twice_give_the_same_triples(store):
    assert store.replace_documents({G1: graph("2022-80")}) == [str(G1)]
    first = store.triple_count()
    assert store.replace_documents({G1: graph("2022-80")}) == [str(G1)]  # blank nodes: always rewritten
    assert first == store.triple_count() == 5


def test_an_unchanged_graph_is_not_rewritten(store):
    no_blank = Graph()
    no_blank.add((EX.d, EX.number, Literal("2022-80")))
    no_blank.add((EX.d, EX.date, Literal("2022-03-21", datatype=XSD_DATE)))
    assert store.replace_documents({G1: no_blank, G2: graph("2022-372")}) == [str(G1), str(G2)]
    before = quads(store)
    assert store.replace_documents({G1: no_blank}) == []
    assert quads(store) == before


def test_a_changed_document_replaces_its_old_triples(store):
    store.replace_documents({G1: graph("2022-80", "2022-81"), G2: graph("2022-372")})
    store.replace_documents({G1: graph("2022-82")})
    assert store.triple_count() == 10
    _, rows = store.query("SELECT ?n WHERE { GRAPH <%s> { ?d <http://example.org/number> ?n } }" % G1)
    assert rows == [(Literal("2022-82"),)]
    assert store.graph_size(G2) == 5  # other documents untouched


def test_a_write_failing_midway_leaves_the_store_unchanged(store, monkeypatch):
    store.replace_documents({G1: graph("2022-80"), G2: graph("2022-372")})
    before = quads(store)
    original = GraphStore._replace_update

    def failing_update(self, graphs):
        # the DROP and INSERT of both graphs run, then the last operation fails inside the same transaction
        return original(self, graphs) + " ;\nDROP GRAPH <http://example.org/graph/does-not-exist>"

    monkeypatch.setattr(GraphStore, "_replace_update", failing_update)
    with pytest.raises(UserError, match="nothing changed"):
        store.replace_documents({G1: graph("2022-90"), G2: graph("2022-91", "2022-92")})
    assert quads(store) == before


def test_an_invalid_term_in_a_later_graph_writes_nothing(store):
    store.replace_documents({G1: graph("2022-80")})
    before = quads(store)
    bad = graph("2022-372")
    bad.add((URIRef("not an iri"), EX.p, Literal(1)))
    with pytest.raises(UserError, match="invalid RDF term"):
        store.replace_documents({G1: graph("2022-81"), G2: bad})
    assert quads(store) == before


def test_the_store_persists_and_opens_read_only(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as s:
        s.replace_documents({G1: graph("2022-80")})
    with open_store(path, read_only=True) as s:
        assert s.triple_count() == 5
        assert s.document_graphs() == [str(G1)]
        with pytest.raises(RuntimeError):
            s.replace_documents({G1: graph("2022-81")})


def test_query_sees_the_union_of_named_graphs_and_binds_typed_values(store):
    store.replace_documents({G1: graph("2022-80"), G2: graph("2022-372")})
    variables, rows = store.query(
        "SELECT ?n ?d WHERE { ?x <http://example.org/number> ?n ; <http://example.org/date> ?d } ORDER BY ?n",
        {"d": Literal("2022-03-21", datatype=XSD_DATE)},
    )
    assert variables == ["n", "d"]
    assert rows == [
        (Literal("2022-372"), Literal("2022-03-21", datatype=XSD_DATE)),
        (Literal("2022-80"), Literal("2022-03-21", datatype=XSD_DATE)),
    ]
    _, rows = store.query(
        "SELECT ?n ?d WHERE { ?x <http://example.org/number> ?n ; <http://example.org/date> ?d }",
        {"d": Literal("2022-03-22", datatype=XSD_DATE)},
    )
    assert rows == []


def test_ask_and_construct_results(store):
    store.replace_documents({G1: graph("2022-80")})
    assert store.query("ASK { ?d <http://example.org/number> '2022-80' }") == (["ask"], [(Literal(True),)])
    variables, rows = store.query("CONSTRUCT { ?d <http://example.org/n> ?n } WHERE { ?d <http://example.org/number> ?n }")
    assert variables == ["subject", "predicate", "object"]
    assert rows == [(EX["delib/2022-80"], EX.n, Literal("2022-80"))]


def test_query_errors_are_user_errors(store):
    with pytest.raises(UserError, match="SPARQL syntax error"):
        store.query("SELEC ?x WHERE { ?x ?p ?o }")
    with pytest.raises(UserError, match="SELECT clause"):
        store.query("SELECT ?s WHERE { ?s ?p ?x }", {"x": Literal(1)})


def test_missing_store_for_reading(tmp_path):
    with pytest.raises(UserError) as info:
        open_store(tmp_path / "nowhere", read_only=True)
    assert str(info.value.message) == f"{tmp_path / 'nowhere'}: no store; run `kg build PATH... --store {tmp_path / 'nowhere'}` first"


def test_a_directory_that_is_not_a_store(tmp_path):
    (tmp_path / "notes").mkdir()
    with pytest.raises(UserError, match="not an Oxigraph store"):
        open_store(tmp_path / "notes", read_only=True)
    (tmp_path / "file").write_text("x")
    with pytest.raises(UserError, match="is a file"):
        open_store(tmp_path / "file")


def test_a_locked_store_is_a_clear_error(tmp_path):
    with open_store(tmp_path / "store"):
        with pytest.raises(UserError, match="in use by another process"):
            open_store(tmp_path / "store")
    with open_store(tmp_path / "store") as again:  # released on close
        assert again.triple_count() == 0


def test_default_store_path(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert str(default_store_path()) == "store"
    monkeypatch.setenv("KG_STORE", str(tmp_path / "elsewhere"))
    assert default_store_path() == tmp_path / "elsewhere"
