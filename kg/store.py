"""Step 4: keep the graph on disk, one named graph per source document, and answer SPARQL.

The store is an embedded Oxigraph database (RocksDB files in one directory, `./store` unless
`KG_STORE` or `--store DIR` says otherwise). Each source document owns one named graph; rebuilding a
document replaces its graph as a whole, so building the same files twice gives the same triples and a
changed file leaves nothing of its old version behind.

Atomicity: `replace_documents` first turns every rdflib graph into one SPARQL UPDATE text in memory
(`DROP SILENT GRAPH <g>` for each document, then one `INSERT DATA` holding all their triples), then
runs it as a single `Store.update` call. Oxigraph applies an update request in one transaction, so
either every document is replaced or the store is left exactly as it was. The terms are written by
Oxigraph's own N-Triples serialisation of each term, never by string pasting. A document whose
triples are already stored as they are is skipped (writes to disk cost ~30,000 triples/s here).

Queries see the default graph as the union of all named graphs, so a query need not say `GRAPH ?g`.
Beware: Oxigraph's union keeps one copy of a triple *per graph*, so a triple stated by two documents
(the same deliberation exported as PDF text and as markdown) matches twice; queries that count use
`SELECT DISTINCT` / `COUNT(DISTINCT ?x)`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from kg.errors import UserError

DEFAULT_STORE = "store"
STORE_ENV = "KG_STORE"

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def default_store_path() -> Path:
    """`$KG_STORE` if set, else `./store`."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


class GraphStore:
    """An Oxigraph store opened for writing (`open_store`) or for reading only (`open_store(read_only=True)`)."""

    def __init__(self, path: Path, store: ox.Store, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self._store: ox.Store | None = store

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the database (and its lock): pyoxigraph closes it when the last reference goes."""
        if self._store is not None and not self.read_only:
            self._store.flush()
        self._store = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def _db(self) -> ox.Store:
        if self._store is None:
            raise RuntimeError("the store is closed")
        return self._store

    # -- writing ---------------------------------------------------------------------------------

    def replace_documents(self, graphs: Mapping[str | URIRef, rdflib.Graph]) -> list[str]:
        """Replace the named graph of each document by the given triples, all or nothing.

        Returns the IRIs of the graphs actually written: a graph whose triples are already stored
        (and that has no blank node, whose labels change from run to run) is left as it is, so that
        rebuilding unchanged files costs a read, not a write.
        """
        if self.read_only:
            raise RuntimeError("the store was opened read-only")
        plan: dict[ox.NamedNode, list[str]] = {}
        for iri, graph in graphs.items():
            name = _named_node(iri)
            lines = _ntriples(iri, graph)  # every conversion error is raised here, before writing
            if not any(isinstance(t, BNode) for triple in graph for t in triple) and self._unchanged(name, lines):
                continue
            plan[name] = lines
        if plan:
            self._run_update(self._replace_update(plan))
        return [name.value for name in plan]

    def _unchanged(self, name: ox.NamedNode, lines: list[str]) -> bool:
        stored = {f"{q.subject} {q.predicate} {q.object} ." for q in self._db.quads_for_pattern(None, None, None, name)}
        if len(stored) != len(set(lines)):
            return False
        # Oxigraph stores literals in canonical form ("16500.00" -> "16500"): compare like with like
        canonical = ox.Store()
        canonical.load("\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
        return stored == {f"{t.subject} {t.predicate} {t.object} ." for t in canonical}

    def _replace_update(self, plan: Mapping[ox.NamedNode, list[str]]) -> str:
        """One SPARQL UPDATE request: drop every graph of the plan, then insert all their triples."""
        lines = [f"DROP SILENT GRAPH {name} ;" for name in plan]
        inserts = [part for name, triples in plan.items() if triples for part in (f"GRAPH {name} {{", *triples, "}")]
        if inserts:
            # one INSERT DATA for all documents: blank node labels are scoped to the whole request
            lines += ["INSERT DATA {", *inserts, "}"]
        return "\n".join(lines)

    def _run_update(self, update: str) -> None:
        try:
            self._db.update(update)
        except SyntaxError as exc:  # an invalid IRI or literal slipped through: nothing was written
            raise UserError(f"{self.path}: the graph could not be written, nothing changed ({exc})") from exc
        except (OSError, RuntimeError) as exc:
            raise UserError(f"{self.path}: writing failed, nothing changed ({exc})") from exc

    # -- reading ---------------------------------------------------------------------------------

    def triple_count(self) -> int:
        """All triples in all graphs."""
        return len(self._db)

    def document_graphs(self) -> list[str]:
        """The IRIs of the named graphs (one per source document), sorted."""
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_size(self, iri: str | URIRef) -> int:
        return sum(1 for _ in self._db.quads_for_pattern(None, None, None, _named_node(iri)))

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> tuple[list[str], list[tuple]]:
        """Run a SPARQL query; `bindings` maps variable names to terms (rdflib or pyoxigraph).

        Returns the variable names and the rows as tuples of rdflib terms (None where unbound). ASK
        gives one column `ask`; CONSTRUCT/DESCRIBE give `subject predicate object`.
        Values are bound with Oxigraph's `substitutions`, which only accepts variables of the SELECT
        projection: a named query lists its parameters in its SELECT clause (and GROUP BY).
        """
        substitutions = {ox.Variable(name.lstrip("?$")): _ox_term(term) for name, term in (bindings or {}).items()}
        try:
            result = self._db.query(sparql, use_default_graph_as_union=True, substitutions=substitutions or None)
            if isinstance(result, ox.QueryBoolean):
                return ["ask"], [(Literal(bool(result)),)]
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                rows = [tuple(_from_ox(solution[name]) for name in names) for solution in result]
                return names, rows
            rows = [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in result]
            return ["subject", "predicate", "object"], rows
        except SyntaxError as exc:
            raise UserError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:
            if "projection" in str(exc):
                raise UserError(f"{exc}: list each parameter in the query's SELECT clause") from exc
            raise UserError(f"the query failed: {exc}") from exc
        except OSError as exc:
            raise UserError(f"{self.path}: the store could not be read ({exc})") from exc


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> GraphStore:
    """Open the store at `path` (default: `default_store_path()`).

    For writing, the directory is created if needed; only one process may write at a time. For
    reading, the store must exist; it is opened read-only so that queries never take the write lock.
    """
    path = Path(path) if path is not None else default_store_path()
    if read_only:
        if not (path / "CURRENT").is_file():
            what = "no store" if not path.exists() else "not an Oxigraph store"
            raise UserError(f"{path}: {what}; run `kg build PATH... --store {path}` first")
        try:
            return GraphStore(path, ox.Store.read_only(str(path)), read_only=True)
        except OSError as exc:
            raise UserError(f"{path}: the store could not be opened ({exc})") from exc
    if path.exists() and not path.is_dir():
        raise UserError(f"{path}: is a file, not a store directory; give another --store DIR")
    try:
        return GraphStore(path, ox.Store(str(path)), read_only=False)
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise UserError(
                f"{path}: the store is in use by another process (a `kg build` running?); wait for it to end and retry"
            ) from exc
        raise UserError(f"{path}: the store could not be opened ({exc}); give another --store DIR") from exc


# -- term conversion -----------------------------------------------------------------------------


def _named_node(iri: str | URIRef) -> ox.NamedNode:
    try:
        return ox.NamedNode(str(iri))
    except ValueError as exc:
        raise UserError(f"invalid graph IRI {str(iri)!r}: {exc}") from exc


def _ntriples(iri: str | URIRef, graph: rdflib.Graph) -> list[str]:
    """The graph's triples in N-Triples syntax, each term written by Oxigraph."""
    try:
        return [f"{_to_ox(s)} {_to_ox(p)} {_to_ox(o)} ." for s, p, o in graph.triples((None, None, None))]
    except ValueError as exc:
        raise UserError(f"the graph of {iri} holds an invalid RDF term, nothing written ({exc})") from exc


def _to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term; ValueError (raised before any write) for an invalid one."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"cannot store RDF term {term!r}")


def _ox_term(term: object):
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, Node):
        return _to_ox(term)
    raise TypeError(f"not an RDF term: {term!r}")


def _from_ox(term) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return Literal(str(term))  # RDF-star triple terms: shown as text
