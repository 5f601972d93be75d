"""Step 6: pictures of the graph — named views of the store as nodes and edges for graph tools.

`open_view(store, name)` describes one view as plain data: its attribute columns and two iterators
(`nodes()`: `(id, attributes)`, `edges()`: `(id, source, target, attributes)`), read lazily from
SPARQL queries over the store (the default graph is the union of the documents' graphs) or, for the
`full` view, from the documents' graphs one after the other.
`view_graph(store, name)` builds the same view as a `networkx.MultiDiGraph` whose edge keys are
the edge ids. The views (`VIEWS`):

- `full`: every resource is a node, every object property an edge, literals are node attributes
  (one column per datatype property, named by its local name: `deliberationNumber`, `forCount`…).
  Provenance is folded into the nodes' `source`/`start`/`end`: span resources and their selectors
  are not nodes, and `dkg:hasSpan`, `oa:hasSource`, `oa:hasSelector`, `prov:wasDerivedFrom` and
  `rdf:type` (the `type` attribute) are not edges.
- `attendance`: member -> deliberation, one edge per status (`present`, `excused`, `absent`,
  `attending_without_vote`, `excused_without_vote`, `recused`, `no_delegation`).
- `co-attendance`: member — member, weight = deliberations at which both were present; undirected
  (each pair once, `directed` is False).
- `citations`: deliberation -> cited text (`cites`); a text's `weight` is its citing deliberations.
- `money`: deciding body -> beneficiary, weight = the euros granted (`dkg:grantedAmount`) over all
  its deliberations; one organisation named by several deliberations (one `dkg:Beneficiary` node
  each) is one node, the least of their IRIs: same `dkg:lookupKey` and same `dkg:inCommune` (or
  none). A deliberation naming no beneficiary gives body -> deliberation, weight = the sum of its
  decision articles' amounts outside budget tables (a table repeats the text's amounts).
- `votes`: political group -> deliberation, one edge per position (`for`, `against`, `abstention`,
  `absent_without_delegation`).

Every node has `label` and `type` (its most specific class's local name: `Member`, `CodeArticle`…),
and, where the graph gives the node a span, `source` (file name), `start` and `end` (character
offsets, end exclusive) of its first span. Deliberations also carry `number`, `title`, `date`; cited
texts `identifier`. Every edge has a unique `id` (`e` and 16 hex digits), a `label` (the relation: status,
position, property local name) and a `weight`. Attribute values are str, int, float or bool only;
an attribute without a value is left out, never None. Status and position labels are the ontology's
`skos:notation`s.

A triple stated by two documents (one deliberation in two renderings) counts once: every query
uses DISTINCT or GROUP BY.

Memory and time: the `full` view is read without SPARQL, one document's graph at a time (see
`_FullPass`): memory holds one graph's quads and the ids of the resources several documents name;
time is O(triples), about 30 µs per quad on a small machine, most of it pyoxigraph decoding the
quads. Its edges are set aside in a temporary file while the nodes are read. In the other views,
`nodes()` describes each node in one solution (its attributes packed by a per-node
aggregate, see `_describe_query`), streamed as the nodes are found; `edges()` streams the solutions
of one DISTINCT or GROUP BY query. Python holds one row at a time; Oxigraph, in its own memory, the
ids of the view's nodes and edges seen so far (to make them distinct): O(nodes + edges) of the
view as small term ids, not their attributes.
No query sorts: ORDER BY on IRIs decodes every term it compares and costs more than the rest of
the view. So rows come in Oxigraph's order, which can change from one run to the next; an edge's id
is a hash of its source, label and target, the same in every export.
`view_graph` holds the whole view: O(nodes + edges) of the view, which for `full` is O(triples).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, SH

from kg.errors import UserError
from kg.store import GraphStore
from kg.vocabulary import DKG, DKG_URI, OA, ONTOLOGY, PREFIXES, PROV, RDF, RDFS, SHAPES_FILE, SKOS, XSD

VIEWS: dict[str, str] = {
    "full": "every resource a node, every object property an edge, literals as node attributes",
    "attendance": "members -> deliberations, one edge per participation status",
    "co-attendance": "members linked by the number of deliberations both attended (undirected, weighted)",
    "citations": "deliberations -> cited legal texts; texts weighted by their citing deliberations",
    "money": "deciding bodies -> beneficiaries (else -> deliberations), weighted by euros",
    "votes": "political groups -> deliberations, one edge per vote position",
}

NodeRow = tuple[str, dict]  # (id, attributes)
EdgeRow = tuple[str, str, str, dict]  # (id, source, target, attributes)

BASE_NODE_ATTRIBUTES: dict[str, type] = {"label": str, "type": str, "source": str, "start": int, "end": int}
EDGE_ATTRIBUTES: dict[str, type] = {"id": str, "label": str, "weight": int}
_RESERVED = {"id", *BASE_NODE_ATTRIBUTES, "weight"}

_SEPARATOR = "\u001f"  # GROUP_CONCAT separator: never in the text of a literal read from a document
_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# Provenance plumbing, folded into node attributes instead of being edges.
# A node's span, as "file<TAB>start<TAB>end" in ?spanKey.
_SPAN = """?node dkg:hasSpan ?span . ?span oa:hasSource ?document ; oa:hasSelector ?selector .
    ?document dkg:fileName ?file . ?selector oa:start ?start ; oa:end ?end .
    BIND(CONCAT(?file, "\\t", STR(?start), "\\t", STR(?end)) AS ?spanKey)"""


@dataclass(frozen=True)
class View:
    """One view: attribute columns (name -> type, in order) and lazy iterators over its rows."""

    name: str
    directed: bool
    node_attributes: dict[str, type]
    edge_attributes: dict[str, type]
    nodes: Callable[[], Iterator[NodeRow]]
    edges: Callable[[], Iterator[EdgeRow]]


@dataclass(frozen=True)
class _Spec:
    core: str  # SPARQL binding ?source and ?target (and ?label when edges have several labels)
    edges: str  # SELECT ?source ?target [?label] [?weight], one solution per edge
    label: str = ""  # edge label when `edges` gives no ?label
    weight: type = int
    directed: bool = True
    roles: str = ""  # pattern binding ?node; default: every ?source and ?target of `core`
    # more node attributes: name -> (type, SPARQL aggregate of ?value, pattern binding ?value for ?node)
    extra: dict[str, tuple[type, str, str]] = field(default_factory=dict)


def _distinct_edges(core: str, label: bool = True) -> str:
    return f"SELECT DISTINCT ?source ?target {'?label' if label else ''} WHERE {{ {core} }}"


_ATTENDANCE = "?target dkg:hasParticipation ?participation . ?participation dkg:participant ?source ; dkg:status ?label ."
_VOTES = "?target dkg:hasVote/dkg:hasGroupPosition ?position . ?position dkg:group ?source ; dkg:position ?label ."
_CITATIONS = "?source a dkg:Deliberation ; dkg:cites ?target ."
_PRESENT = "SELECT DISTINCT ?d ?{0} WHERE {{ ?d dkg:hasParticipation ?p_{0} . ?p_{0} dkg:status dkg:present ; dkg:participant ?{0} }}"
# pairs of members present at one deliberation ?d, each pair once
_PRESENT_TOGETHER = f"{{ {_PRESENT.format('source')} }} {{ {_PRESENT.format('target')} }} FILTER(STR(?source) < STR(?target))"
# One organisation, whatever the deliberation naming it (each names its own dkg:Beneficiary node):
# same dkg:lookupKey and same dkg:inCommune (or none). Its node is the least IRI among its nodes.
_ORGANISATION = "?b dkg:lookupKey ?key . OPTIONAL { ?b dkg:inCommune ?commune } BIND(COALESCE(STR(?commune), \"\") AS ?place)"
_MONEY = f"""{{ ?d dkg:decidedBy ?source ; dkg:hasBeneficiary ?b . {_ORGANISATION}
      {{ SELECT ?key ?place (IRI(MIN(STR(?b))) AS ?target) WHERE {{ ?named dkg:hasBeneficiary ?b . {_ORGANISATION} }}
        GROUP BY ?key ?place }}
      OPTIONAL {{ ?b dkg:grantedAmount ?item . ?item dkg:euroValue ?amount }}
    }} UNION {{
      ?d a dkg:Deliberation ; dkg:decidedBy ?source .
      FILTER NOT EXISTS {{ ?d dkg:hasBeneficiary ?anyone }}
      BIND(?d AS ?target)
      OPTIONAL {{ ?d dkg:hasArticle/dkg:hasAmount ?item . ?item dkg:euroValue ?amount ; dkg:inTable false }}
    }}"""

_SPECS: dict[str, _Spec] = {
    "attendance": _Spec(_ATTENDANCE, _distinct_edges(_ATTENDANCE)),
    "votes": _Spec(_VOTES, _distinct_edges(_VOTES)),
    "citations": _Spec(
        _CITATIONS,
        _distinct_edges(_CITATIONS, label=False),
        label="cites",
        extra={"weight": (int, "COUNT(DISTINCT ?value)", "?value a dkg:Deliberation ; dkg:cites ?node")},
    ),
    "co-attendance": _Spec(
        _PRESENT_TOGETHER,
        f"SELECT ?source ?target (COUNT(*) AS ?weight) WHERE {{ {_PRESENT_TOGETHER} }} GROUP BY ?source ?target",
        label="co_attendance",
        directed=False,
        # members present at a deliberation where someone else was present too (cheaper than the pairs)
        roles=f"""{{ SELECT ?d WHERE {{ {_PRESENT.format('member')} }} GROUP BY ?d HAVING (COUNT(*) > 1) }}
                  {{ {_PRESENT.format('node')} }}""",
    ),
    "money": _Spec(
        _MONEY,
        f"""SELECT ?source ?target (SUM(COALESCE(?amount, 0)) AS ?weight) WHERE {{
              SELECT DISTINCT ?source ?target ?d ?b ?item ?amount WHERE {{ {_MONEY} }} }}
            GROUP BY ?source ?target""",
        label="amount",
        weight=float,
    ),
}

# what the views other than `full` tell of their nodes
_VIEW_ATTRIBUTES = "VALUES ?p { rdf:type rdfs:label dkg:fileName dkg:deliberationNumber dkg:title dkg:legalIdentifier } ?node ?p ?o"
_VIEW_NAMES = {DKG.deliberationNumber: "number", DKG.title: "title", DKG.legalIdentifier: "identifier"}
_VIEW_EXTRA = {"date": (str, "MIN(?value)", "?node dkg:decidedAt/dkg:meetingDate ?value")}
_VIEW_NODE_ATTRIBUTES = {**BASE_NODE_ATTRIBUTES, "number": str, "title": str, "identifier": str}


# -- entry points ----------------------------------------------------------------------------------


def check_view(name: str) -> str:
    if name not in VIEWS:
        raise UserError(f"unknown view {name!r}; choose one of: {', '.join(VIEWS)}")
    return name


def open_view(store: GraphStore, name: str) -> View:
    """The view `name` of the store, as lazily read rows (see the module docstring)."""
    check_view(name)
    if name == "full":
        return _full_view(store)
    spec = _SPECS[name]
    roles = spec.roles or f"{{ {spec.core} BIND(?source AS ?node) }} UNION {{ {spec.core} BIND(?target AS ?node) }}"
    extra = {**_VIEW_EXTRA, **spec.extra}
    describe = _describe_query(roles, _VIEW_ATTRIBUTES, {name: lookup for name, (_, *lookup) in extra.items()})
    node_attributes = {**_VIEW_NODE_ATTRIBUTES, **{name: kind for name, (kind, *_) in extra.items()}}
    edge_attributes = {**EDGE_ATTRIBUTES, "weight": spec.weight}
    return View(
        name,
        spec.directed,
        node_attributes,
        edge_attributes,
        lambda: _nodes(store, describe, node_attributes, _VIEW_NAMES),
        lambda: _edges(store, spec.edges, spec.label, edge_attributes),
    )


def view_graph(store: GraphStore, name: str):
    """The view as a `networkx.MultiDiGraph` (edge key = edge id). `graph.graph["directed"]` is
    False for an undirected view, whose edges are stored once, in one direction."""
    return graph_from_view(open_view(store, name))


def graph_from_view(view: View, max_nodes: int | None = None):
    """The view as a networkx graph; a `UserError` when it has more than `max_nodes` nodes (it
    stops reading there)."""
    import networkx as nx  # only the graph formats need it

    graph = nx.MultiDiGraph(view=view.name, directed=view.directed)
    for node, attributes in view.nodes():
        if graph.number_of_nodes() == max_nodes:
            raise UserError(f"the {view.name} view has more than {max_nodes:,} nodes, too many to show: choose a smaller --view")
        graph.add_node(node, **attributes)
    for edge_id, source, target, attributes in view.edges():
        graph.add_edge(source, target, key=edge_id, **attributes)
    return graph


# -- the full view ---------------------------------------------------------------------------------


def _full_view(store: GraphStore) -> View:
    db = _oxigraph(store)
    names: dict[str, str] = {}
    for predicate in sorted(_literal_predicates(db)):
        name = _local(predicate)
        names[predicate] = f"{_prefix(predicate)}_{name}" if name in _RESERVED or name in names.values() else name
    node_attributes = {**BASE_NODE_ATTRIBUTES, **{names[p]: _range_type(URIRef(p)) for p in names}}
    # nodes() sets the edges aside in a temporary file as it goes, so that edges() after it does
    # not make the pass again
    spooled: list = []

    def nodes() -> Iterator[NodeRow]:
        spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (handed to edges())
        for kind, row in _FullPass(db, names, node_attributes).rows():
            if kind == "node":
                yield row
            else:
                spool.write(json.dumps(row, ensure_ascii=False) + "\n")
        spool.seek(0)
        spooled[:] = [spool]

    def edges() -> Iterator[EdgeRow]:
        if spooled:
            with spooled.pop() as spool:
                yield from (tuple(json.loads(line)) for line in spool)
            return
        yield from (row for kind, row in _FullPass(db, names, node_attributes).rows() if kind == "edge")

    return View("full", True, node_attributes, dict(EDGE_ATTRIBUTES), nodes, edges)


_SPAN_CLASSES = {str(OA.SpecificResource), str(OA.TextPositionSelector)}
_PLUMBING = {str(DKG.hasSpan), str(OA.hasSource), str(OA.hasSelector), str(PROV.wasDerivedFrom)}
_TYPE, _LABEL, _FILE_NAME, _HAS_SPAN = str(RDF.type), str(RDFS.label), str(DKG.fileName), str(DKG.hasSpan)
_NOT_EDGES = _PLUMBING | {_TYPE}


def _literal_predicates(db: ox.Store) -> list[str]:
    """The datatype properties of the ontology, and the paths the shapes give a datatype (such as
    igeo:codeINSEE), that the store uses: an index lookup each, where a scan for every literal
    predicate would read the whole store."""
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    candidates = {str(p) for p in ONTOLOGY.subjects(RDF.type, OWL.DatatypeProperty)}
    candidates |= {str(p) for p in shapes.subjects(SH.datatype, None) for p in shapes.objects(p, SH.path) if isinstance(p, URIRef)}
    candidates -= {_LABEL}
    return [p for p in candidates if next(db.quads_for_pattern(None, ox.NamedNode(p), None, None), None) is not None]


@lru_cache(maxsize=1024)
def _property_label(predicate: str) -> str:
    return _edge_label(URIRef(predicate))


def _graph_key(graph) -> str:
    return graph.value if isinstance(graph, ox.NamedNode) else ""  # the default graph first


def _term_id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


class _FullPass:
    """The full view in one pass over the documents' graphs, in order, without SPARQL. A resource is
    written by the first graph that describes it, with its quads in every graph (looked up by
    subject, an index seek); it is remembered only if other graphs name it too (members, groups,
    cited texts, vocabulary terms), so that they skip it without looking it up again. Memory holds
    one graph's quads and the ids of those shared resources, not every node: a SPARQL DISTINCT over
    the nodes held them all, and took hours at 100,000 deliberations."""

    def __init__(self, db: ox.Store, names: dict[str, str], schema: dict[str, type]):
        self.db, self.names, self.schema = db, names, schema
        self.file_names: dict[str, str] = {}  # document -> file name (one per document of the store)
        self.shared: set[str] = set()  # resources written that other graphs name too

    def rows(self) -> Iterator[tuple[str, tuple]]:
        graphs = [ox.DefaultGraph(), *sorted(self.db.named_graphs(), key=_graph_key)]
        for graph in graphs:
            key = _graph_key(graph)
            local: dict = {}  # this graph's quads by subject
            objects: dict = {}
            for quad in self.db.quads_for_pattern(None, None, None, graph):
                local.setdefault(quad.subject, []).append(quad)
                if not isinstance(quad.object, ox.Literal) and quad.predicate.value not in _NOT_EDGES:
                    objects[quad.object] = None
            for node in [*local, *(o for o in objects if o not in local)]:
                if _term_id(node) in self.shared:
                    continue  # written by an earlier graph
                if any(q.predicate.value == _TYPE and q.object.value in _SPAN_CLASSES for q in local.get(node, ())):
                    continue  # spans and selectors are folded into their nodes (most of the subjects)
                quads = list(self.db.quads_for_pattern(node, None, None, None))
                described = [q for q in quads if q.predicate.value not in _PLUMBING]
                if described:
                    stating = {_graph_key(q.graph_name) for q in described}
                    if min(stating) != key:
                        continue  # an object here, described by a later graph: written there
                    if len(stating) > 1:
                        self.shared.add(_term_id(node))
                    yield "node", self._node(node, quads, local)
                    for predicate, target in dict.fromkeys((q.predicate, q.object) for q in described):
                        if not isinstance(target, ox.Literal) and predicate.value != _TYPE:
                            yield "edge", _edge_row(_term_id(node), _property_label(predicate.value), _term_id(target), 1)
                elif node in objects:  # only ever an object: a vocabulary term, an external IRI
                    self.shared.add(_term_id(node))
                    yield "node", (_term_id(node), self._attributes(node, {}, []))

    def _node(self, node, quads: list, local: dict) -> NodeRow:
        values: dict[str, list[str]] = {}
        spans = []
        for quad in quads:
            predicate, obj = quad.predicate.value, quad.object
            if predicate == _HAS_SPAN:
                spans.append(obj)
            elif isinstance(obj, ox.Literal) or predicate == _TYPE:
                values.setdefault(predicate, []).append(obj.value)
        return _term_id(node), self._attributes(node, values, [self._span(span, local) for span in dict.fromkeys(spans)])

    def _attributes(self, node, values: dict[str, list[str]], spans: list) -> dict:
        types, labels = values.pop(_TYPE, []), values.pop(_LABEL, [])
        iri = URIRef(node.value) if isinstance(node, ox.NamedNode) else _term_id(node)
        attributes = {
            "label": min(labels) if labels else _fallback_label(iri, values.get(_FILE_NAME)),
            "type": _most_specific(types) if types else _ontology_type(iri),
        }
        spans = [span for span in spans if span is not None]
        if spans:
            attributes.update(zip(("source", "start", "end"), min(spans), strict=True))
        for predicate, found in values.items():
            if predicate in self.names:
                attributes[self.names[predicate]] = _plain(list(dict.fromkeys(found)), self.schema[self.names[predicate]])
        return attributes

    def _objects(self, subject, local: dict) -> dict[str, object]:
        quads = local.get(subject) or self.db.quads_for_pattern(subject, None, None, None)
        return {quad.predicate.value: quad.object for quad in quads}

    def _span(self, span, local: dict) -> tuple[str, int, int] | None:
        """(file name, start, end) of a span resource."""
        described = self._objects(span, local)
        document, selector = described.get(str(OA.hasSource)), described.get(str(OA.hasSelector))
        if document is None or selector is None:
            return None
        if document.value not in self.file_names:
            self.file_names[document.value] = self._objects(document, local).get(_FILE_NAME, document).value
        offsets = self._objects(selector, local)
        if str(OA.start) not in offsets or str(OA.end) not in offsets:
            return None
        return self.file_names[document.value], int(offsets[str(OA.start)].value), int(offsets[str(OA.end)].value)


# -- queries and rows ------------------------------------------------------------------------------


def _describe_query(roles: str, attributes: str, extra: dict[str, tuple[str, str]] | None = None) -> str:
    """One solution per node of `roles` (a pattern binding ?node): ?attributes packs the
    "predicate value" pairs that `attributes` binds as ?p ?o, ?spans the node's spans, and each
    `extra` name -> (aggregate of ?value, pattern binding ?value) gives one more column.

    Each node is described on its own with LATERAL (SPARQL 1.2 proposal SEP-0006, which Oxigraph
    implements): solutions stream out as the nodes are found, and Oxigraph keeps no aggregation
    groups. Plain OPTIONALs were evaluated over the whole store before being joined (minutes for a
    view of a few thousand nodes on 7 million triples), and a GROUP BY over all the nodes held every
    node's attributes in memory until the end.
    """
    lookups = [
        f"""{{ SELECT ?node (GROUP_CONCAT(DISTINCT CONCAT(STR(?p), " ", STR(?o)); separator="\\u001f") AS ?attributes)
             WHERE {{ OPTIONAL {{ {attributes} }} }} GROUP BY ?node }}""",
        f"""{{ SELECT ?node (GROUP_CONCAT(DISTINCT ?spanKey; separator="\\u001f") AS ?spans)
             WHERE {{ OPTIONAL {{ {_SPAN} }} }} GROUP BY ?node }}""",
        *(
            f"{{ OPTIONAL {{ SELECT ?node ({aggregate} AS ?{name}) WHERE {{ {pattern} }} GROUP BY ?node }} }}"
            for name, (aggregate, pattern) in (extra or {}).items()
        ),
    ]
    laterals = "\n  ".join(f"LATERAL {lookup}" for lookup in lookups)
    return f"""SELECT * WHERE {{
  {{ SELECT DISTINCT ?node WHERE {{ {roles} }} }}
  {laterals}
}}"""


def _oxigraph(store: GraphStore) -> ox.Store:
    # GraphStore.query materialises every row as rdflib terms; views and exports stream instead
    return store._db  # noqa: SLF001


def _solutions(store: GraphStore, sparql: str) -> Iterator[dict]:
    """Each solution as a dict: IRIs as URIRef, blank nodes as "_:id", literals as their lexical
    form; unbound variables are left out."""
    try:
        results = _oxigraph(store).query(_PREFIXES + sparql, use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        for solution in results:
            row = {}
            for name in names:
                term = solution[name]
                if isinstance(term, ox.NamedNode):
                    row[name] = URIRef(term.value)
                elif isinstance(term, ox.BlankNode):
                    row[name] = f"_:{term.value}"
                elif term is not None:
                    row[name] = term.value
            yield row
    except (OSError, RuntimeError) as exc:
        raise UserError(f"{store.path}: a view query failed ({exc})") from exc


def _nodes(store: GraphStore, describe: str, schema: dict[str, type], names: dict) -> Iterator[NodeRow]:
    for row in _solutions(store, describe):
        node = row.pop("node")
        values: dict[str, list[str]] = {}
        for pair in filter(None, row.pop("attributes", "").split(_SEPARATOR)):
            predicate, _, value = pair.partition(" ")
            values.setdefault(predicate, []).append(value)
        types, labels = values.pop(str(RDF.type), []), values.pop(str(RDFS.label), [])
        attributes = {
            "label": min(labels) if labels else _fallback_label(node, values.get(str(DKG.fileName))),
            "type": _most_specific(types) if types else _ontology_type(node),
        }
        spans = [s.split("\t") for s in filter(None, row.pop("spans", "").split(_SEPARATOR))]
        if spans:
            file, start, end = min(spans, key=lambda s: (s[0], int(s[1]), int(s[2])))
            attributes.update(source=file, start=int(start), end=int(end))
        for predicate, found in values.items():
            name = names.get(URIRef(predicate))
            if name in schema:
                attributes[name] = _plain(found, schema[name])
        for name, value in row.items():  # extra columns
            attributes[name] = _plain([value], schema[name])
        yield str(node), attributes


def _edges(store: GraphStore, sparql: str, label: str, schema: dict[str, type]) -> Iterator[EdgeRow]:
    for row in _solutions(store, sparql):
        weight = _plain([row["weight"]], schema["weight"]) if "weight" in row else schema["weight"](1)
        yield _edge_row(str(row["source"]), _edge_label(row["label"]) if "label" in row else label, str(row["target"]), weight)


def _edge_row(source: str, label: str, target: str, weight) -> EdgeRow:
    # the id hashes the edge, so it is the same in every export; 64 bits: for 10 million edges, the
    # odds of two ids being equal are about 1 in 300,000
    edge_id = "e" + hashlib.blake2b(f"{source} {label} {target}".encode(), digest_size=8).hexdigest()
    return edge_id, source, target, {"id": edge_id, "label": label, "weight": weight}


# -- terms and values ------------------------------------------------------------------------------


def _local(iri: str) -> str:
    text = str(iri).rstrip("/#")
    return text[max(text.rfind("#"), text.rfind("/")) + 1 :]


def _prefix(iri: str) -> str:
    return next((p for p, ns in PREFIXES.items() if str(iri).startswith(ns)), "ext")


def _fallback_label(node, file_names: list[str] | None) -> str:
    """A document's file name; a dkg: individual's English label (`present`); else the IRI's last two
    path segments (`marc-dupont/present` for a participation, `2019-07/vote`)."""
    if file_names:
        return min(file_names)
    if isinstance(node, URIRef):
        labels = {label.language: str(label) for label in ONTOLOGY.objects(node, RDFS.label)}
        return labels.get("en") or "/".join(str(node).rstrip("/").split("/")[-2:])
    return str(node)


def _ontology_type(node) -> str:
    """A dkg: individual's class in the ontology (`ParticipationStatus`…), else "Resource"."""
    classes = sorted(_local(t) for t in ONTOLOGY.objects(node, RDF.type) if str(t).startswith(DKG_URI))
    return classes[0] if classes else "Resource"


def _superclasses(cls: URIRef) -> set[URIRef]:
    found, todo = set(), [cls]
    while todo:
        for parent in ONTOLOGY.objects(todo.pop(), RDFS.subClassOf):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _most_specific(types: Iterable[str]) -> str:
    """The local name of the most specific class: Recusal rather than Participation. A deliberation
    that another one cites (so also a CitedDeliberation) stays a Deliberation."""
    return _most_specific_of(frozenset(types))


@lru_cache(maxsize=1024)  # a few combinations of classes, met millions of times in a large store
def _most_specific_of(types: frozenset[str]) -> str:
    classes = {URIRef(t) for t in types}
    if DKG.Deliberation in classes:
        return "Deliberation"
    inherited = set().union(*(_superclasses(c) for c in classes))
    return min(_local(c) for c in (classes - inherited or classes))


def _range_type(predicate: URIRef) -> type:
    datatype = ONTOLOGY.value(predicate, RDFS.range)
    if datatype in (XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long):
        return int
    if datatype in (XSD.decimal, XSD.double, XSD.float):
        return float
    if datatype == XSD.boolean:
        return bool
    return str


def _plain(values: list[str], kind: type):
    """One plain value of the distinct lexical forms found: strings are joined with " | " in sorted
    order; numbers and booleans keep the least (false before true)."""
    if kind is str:
        return " | ".join(sorted(values))
    if kind is bool:
        return min(v in ("true", "1") for v in values)
    return min(int(Decimal(v)) if kind is int else float(v) for v in values)


_NOTATIONS = {s: str(o) for s, o in ONTOLOGY.subject_objects(SKOS.notation)}


def _edge_label(term) -> str:
    """A status or position by its skos:notation (`present`, `against`), a property by its local name."""
    if isinstance(term, URIRef):
        return _NOTATIONS.get(term) or _local(term)
    return str(term)
