"""Step 7: write the store, or one view of it, in a format other tools read.

`export(store, format_name, out=None, view=None)` writes to the file `out` (standard output when
None; CSV formats need `out`: a directory, or a prefix for the two files) and returns the paths
written. A file is written beside its final name and renamed when complete, so a failed export
leaves no half-written file.

Formats are a registry, `WRITERS` (format name -> writer): a module adds its own with

    from kg.export import register

    @register("scdl-subventions", view=False)
    def write_subsidies(store: GraphStore, out: str | None, view: str | None) -> list[Path]: ...

and is listed in `PLUGIN_MODULES` so that `kg export` imports it. `view=False` marks a format that
takes no `--view`.

RDF formats hold the whole dataset; graph formats hold one view of `kg.views` (`full` by default):

- `nq`: N-Quads, one named graph per source document, streamed by Oxigraph (`Store.dump`).
- `nt`, `ttl`: N-Triples, Turtle: the graphs one after the other, each streamed by Oxigraph. A
  triple stated by several documents (a member's name, a shared deliberation) is written once per
  document; readers merge them (RDF graphs are sets). Removing the repeats would need every triple
  in memory.
- `jsonld`: JSON-LD with a context that gives each ontology term its local name as key
  (`"type": "Deliberation"`, `"deliberationNumber"`, `"hasParticipation"`), one `@graph` per
  document; written node by node (quads come grouped by subject), so memory holds one node.
- `graphml`, `gexf`: GraphML, GEXF 1.2 (as networkx writes and reads them). Edge ids are the view's
  unique ids. GEXF reserves node `start`/`end` for time intervals, so the span offsets are written
  there as `span_start`/`span_end`. An undirected view (`co-attendance`) is written as an
  undirected graph.
- `cyjs`: Cytoscape.js JSON (`{"elements": {"nodes": [{"data": {...}}], "edges": [...]}}`),
  `csv-gephi` (nodes `Id`, `Label`…; edges `Source`, `Target`, `Type`, `Weight`, `Id`, `Label`…),
  `csv-neo4j` (`neo4j-admin database import` headers: nodes `:ID`, `name`, `:LABEL`…;
  relationships `:START_ID`, `:END_ID`, `:TYPE`, `weight:float`…).

Every graph format is streamed row by row from the view's queries, never built as a graph in Python.
"""

from __future__ import annotations

import csv
import importlib
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, TextIO
from xml.sax.saxutils import escape

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL

from kg.errors import UserError
from kg.store import GraphStore, open_store
from kg.vocabulary import DKG_URI, OA, ONTOLOGY, PREFIXES, PROV, RDF, RDFS, XSD, defined_terms
from kg.views import View, _oxigraph, check_view, open_view

Writer = Callable[[GraphStore, "str | None", "str | None"], list[Path]]
WRITERS: dict[str, Writer] = {}
_WITHOUT_VIEW: set[str] = set()

# Modules that register more formats when imported (missing ones are skipped).
PLUGIN_MODULES: tuple[str, ...] = ("kg.scdl", "kg.html")

DEFAULT_VIEW = "full"


def register(format_name: str, *, view: bool = True) -> Callable[[Writer], Writer]:
    """Decorator: make `format_name` write with the decorated function."""

    def decorate(function: Writer) -> Writer:
        WRITERS[format_name] = function
        if not view:
            _WITHOUT_VIEW.add(format_name)
        return function

    return decorate


def formats() -> list[str]:
    """Every format name, those of `PLUGIN_MODULES` included."""
    for name in PLUGIN_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return list(WRITERS)


def export(
    store: GraphStore | str | Path | None, format_name: str, *, out: str | None = None, view: str | None = None
) -> list[Path]:
    """Write the store (a `GraphStore` or a store directory) in `format_name`; the paths written."""
    if format_name not in formats():
        raise UserError(f"unknown format {format_name!r}; choose one of: {', '.join(WRITERS)}")
    if view is not None:
        if format_name in _WITHOUT_VIEW:
            raise UserError(f"--view does not apply to {format_name}, which holds the whole graph; leave it out")
        check_view(view)
    if isinstance(store, GraphStore):
        return WRITERS[format_name](store, out, view)
    with open_store(store, read_only=True) as opened:
        return WRITERS[format_name](opened, out, view)


# -- output ----------------------------------------------------------------------------------------


@contextmanager
def open_output(out: str | Path | None) -> Iterator[BinaryIO]:
    """A binary stream to `out`, or to standard output when None. The file is written as
    `.NAME.part` beside `out` and renamed to `out` once complete."""
    if out is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(out)
    if path.is_dir():
        raise UserError(f"{path}: is a directory; give a file name to --out")
    part = path.with_name(f".{path.name}.part")
    try:
        stream = open(part, "wb")  # noqa: SIM115 (closed below, before the rename)
    except OSError as exc:
        raise UserError(f"{path}: cannot be written ({exc.strerror or exc}); give another --out") from exc
    try:
        with stream:
            yield stream
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


@contextmanager
def open_text_output(out: str | Path | None) -> Iterator[TextIO]:
    """`open_output` as UTF-8 text, newlines untranslated (as the csv module wants)."""
    with open_output(out) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
        try:
            yield text
        finally:
            text.flush()
            text.detach()  # the binary stream is closed by open_output (never standard output)


def csv_paths(out: str | Path | None) -> tuple[Path, Path]:
    """nodes.csv and edges.csv in the directory `out` (an existing one, or one ending with "/"),
    else named `{out}-nodes.csv`, `{out}-edges.csv` (no hyphen after a prefix ending in - _ or .)."""
    if out is None:
        raise UserError("a CSV export writes two files (nodes, edges): give --out DIRECTORY/ or --out PREFIX")
    path = Path(out)
    if path.is_dir() or str(out).endswith(("/", os.sep)):
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{path}: the directory cannot be created ({exc.strerror or exc}); give another --out") from exc
        return path / "nodes.csv", path / "edges.csv"
    joiner = "" if path.name.endswith(("-", "_", ".")) else "-"
    return path.with_name(f"{path.name}{joiner}nodes.csv"), path.with_name(f"{path.name}{joiner}edges.csv")


def _written(out: str | Path | None) -> list[Path]:
    return [] if out is None else [Path(out)]


# -- RDF -------------------------------------------------------------------------------------------


def _graphs(store: GraphStore) -> list:
    """The default graph, then each document's named graph in IRI order."""
    return [ox.DefaultGraph(), *sorted(_oxigraph(store).named_graphs(), key=lambda g: g.value)]


@register("nq", view=False)
def write_nquads(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    with open_output(out) as stream:
        _oxigraph(store).dump(stream, ox.RdfFormat.N_QUADS)
    return _written(out)


@register("nt", view=False)
def write_ntriples(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    with open_output(out) as stream:
        for graph in _graphs(store):
            _oxigraph(store).dump(stream, ox.RdfFormat.N_TRIPLES, from_graph=graph)
    return _written(out)


@register("ttl", view=False)
def write_turtle(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    with open_output(out) as stream:
        for graph in _graphs(store):
            if next(iter(_oxigraph(store).quads_for_pattern(None, None, None, graph)), None) is not None:
                _oxigraph(store).dump(stream, ox.RdfFormat.TURTLE, from_graph=graph, prefixes=PREFIXES)
    return _written(out)


@dataclass(frozen=True)
class _JsonLd:
    context: dict
    keys: dict[str, str]  # predicate IRI -> key
    coercions: dict[str, str]  # predicate IRI -> "@id" or the datatype IRI its key implies
    terms: dict[str, str]  # class or individual IRI -> term


# the terms of kg/triples.py's provenance (spans), under readable keys too
_PROVENANCE_TERMS = {
    "wasDerivedFrom": (str(PROV.wasDerivedFrom), "@id"),
    "hasSource": (str(OA.hasSource), "@id"),
    "hasSelector": (str(OA.hasSelector), "@id"),
    "start": (str(OA.start), None),
    "end": (str(OA.end), None),
}


@lru_cache(maxsize=1)
def _jsonld() -> _JsonLd:
    context: dict = {"id": "@id", "type": "@type", **PREFIXES, "label": "rdfs:label"}
    keys, coercions, terms = {str(RDFS.label): "label"}, {}, {}
    for local, (iri, coercion) in _PROVENANCE_TERMS.items():
        context[local] = {"@id": _compact(iri), **({"@type": coercion} if coercion else {})}
        keys[iri] = local
        if coercion:
            coercions[iri] = coercion
    for local in ("SpecificResource", "TextPositionSelector"):
        context[local] = f"oa:{local}"
        terms[str(OA[local])] = local
    for local in defined_terms(ONTOLOGY):
        if local in context:
            continue  # a prefix or alias keeps its meaning; the term stays reachable as dkg:local
        iri = DKG_URI + local
        kinds = set(ONTOLOGY.objects(URIRef(iri), RDF.type))
        if OWL.ObjectProperty in kinds:
            context[local] = {"@id": f"dkg:{local}", "@type": "@id"}
            keys[iri], coercions[iri] = local, "@id"
        elif OWL.DatatypeProperty in kinds:
            context[local] = {"@id": f"dkg:{local}"}
            keys[iri] = local
            datatype = ONTOLOGY.value(URIRef(iri), RDFS.range)
            if datatype is not None and datatype.startswith(str(XSD)) and datatype != XSD.string:
                context[local]["@type"] = f"xsd:{datatype[len(str(XSD)):]}"
                coercions[iri] = str(datatype)
        else:
            context[local] = f"dkg:{local}"
            terms[iri] = local
    return _JsonLd(context, keys, coercions, terms)


def jsonld_context() -> dict:
    """Prefixes; `id`, `type`, `label` for `@id`, `@type`, rdfs:label; each dkg: term under its local
    name (object properties take IRIs, datatype properties imply their range's datatype)."""
    return _jsonld().context


_COMPACTABLE = re.compile(r"[A-Za-z_][\w-]*")
_CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def _compact(iri: str) -> str:
    """prefix:local when a prefix of the context covers the IRI with a simple local name."""
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace) and _COMPACTABLE.fullmatch(iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _reference(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else _compact(term.value)


def _jsonld_value(term, coercion: str | None):
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return _reference(term) if coercion == "@id" else {"@id": _reference(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == coercion:
        return term.value
    if datatype == str(XSD.string):
        return term.value if coercion is None else {"@value": term.value}
    if coercion is None and datatype == str(XSD.integer) and _CANONICAL_INTEGER.fullmatch(term.value):
        return int(term.value)  # a JSON number reads back as the same xsd:integer
    if coercion is None and datatype == str(XSD.boolean) and term.value in ("true", "false"):
        return term.value == "true"
    return {"@value": term.value, "@type": _compact(datatype)}


def _jsonld_nodes(store: GraphStore, graph) -> Iterator[dict]:
    """One node object per subject: Oxigraph gives a graph's quads grouped by subject (were a subject
    split in two, the two node objects would be merged by any JSON-LD reader)."""
    jsonld = _jsonld()
    quads = _oxigraph(store).quads_for_pattern(None, None, None, graph)
    for subject, group in itertools.groupby(quads, key=lambda quad: quad.subject):
        node: dict[str, list] = {}
        for quad in group:
            predicate, obj = quad.predicate.value, quad.object
            if predicate == str(RDF.type) and isinstance(obj, ox.NamedNode):
                node.setdefault("type", []).append(jsonld.terms.get(obj.value) or _compact(obj.value))
            else:
                key = jsonld.keys.get(predicate) or _compact(predicate)
                node.setdefault(key, []).append(_jsonld_value(obj, jsonld.coercions.get(predicate)))
        yield {"id": _reference(subject), **{k: v[0] if len(v) == 1 and k != "type" else v for k, v in node.items()}}


@register("jsonld", view=False)
def write_jsonld(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    with open_text_output(out) as text:
        text.write('{"@context": ' + json.dumps(jsonld_context(), ensure_ascii=False, indent=1) + ',\n"@graph": [')
        separator = "\n"
        for graph in _graphs(store):
            if isinstance(graph, ox.DefaultGraph):
                for node in _jsonld_nodes(store, graph):
                    text.write(separator + json.dumps(node, ensure_ascii=False))
                    separator = ",\n"
                continue
            text.write(separator + json.dumps({"id": graph.value})[:-1] + ', "@graph": [')
            inner = "\n"
            for node in _jsonld_nodes(store, graph):
                text.write(inner + json.dumps(node, ensure_ascii=False))
                inner = ",\n"
            text.write("\n]}")
            separator = ",\n"
        text.write("\n]}\n")
    return _written(out)


# -- graph tools -----------------------------------------------------------------------------------


def _view(store: GraphStore, view: str | None) -> View:
    return open_view(store, view or DEFAULT_VIEW)


# GraphML and GEXF are written element by element from the view's rows, as the other graph formats
# are: networkx's writers need the whole view as a graph in memory (8 GB for the full view of 10,000
# deliberations). networkx reads them back in the tests.

_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # not allowed in XML 1.0


# quotes end an attribute value; a parser turns line breaks and tabs in one into spaces
_XML_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _xml(value) -> str:
    """A value as XML text or attribute value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(_NOT_XML.sub(" ", str(value)), _XML_ENTITIES)


@register("graphml")
def write_graphml(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    """GraphML: a key per attribute (ids `node_NAME`, `edge_NAME`), the edge's id as its `id`."""
    selected = _view(store, view)
    keys = {"node": selected.node_attributes, "edge": selected.edge_attributes}
    with open_text_output(out) as text:
        text.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
                   ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
                   ' http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')  # fmt: skip
        for domain, attributes in keys.items():
            for name, kind in attributes.items():
                text.write(f'  <key id="{domain}_{name}" for="{domain}" attr.name="{name}" attr.type="{_XML_TYPES[kind]}"/>\n')
        text.write(f'  <graph id="{_xml(selected.name)}" edgedefault="{"directed" if selected.directed else "undirected"}">\n')
        for node_id, attributes in selected.nodes():
            data = "".join(f'<data key="node_{k}">{_xml(v)}</data>' for k, v in attributes.items())
            text.write(f'    <node id="{_xml(node_id)}">{data}</node>\n')
        for edge_id, source, target, attributes in selected.edges():
            data = "".join(f'<data key="edge_{k}">{_xml(v)}</data>' for k, v in attributes.items())
            text.write(f'    <edge id="{_xml(edge_id)}" source="{_xml(source)}" target="{_xml(target)}">{data}</edge>\n')
        text.write("  </graph>\n</graphml>\n")
    return _written(out)


@register("gexf")
def write_gexf(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    """GEXF 1.2: label and weight in their own XML attributes, the others as attvalues. GEXF reserves
    node `start`/`end` for time intervals, so the span offsets are `span_start`/`span_end`."""
    selected = _view(store, view)

    def gexf_name(name: str) -> str:
        return f"span_{name}" if name in ("start", "end") else name

    node_columns = {gexf_name(n): k for n, k in selected.node_attributes.items() if n != "label"}
    edge_columns = {n: k for n, k in selected.edge_attributes.items() if n not in ("id", "label", "weight")}

    def declare(domain: str, columns: dict[str, type]) -> str:
        lines = "".join(f'      <attribute id="{n}" title="{n}" type="{_XML_TYPES[k]}"/>\n' for n, k in columns.items())
        return f'    <attributes class="{domain}" mode="static">\n{lines}    </attributes>\n'

    def attvalues(attributes: dict) -> str:
        values = "".join(f'<attvalue for="{n}" value="{_xml(v)}"/>' for n, v in attributes.items())
        return f"<attvalues>{values}</attvalues>" if values else ""

    with open_text_output(out) as text:
        text.write('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
                   '  <meta><creator>deliberations-kg</creator></meta>\n'
                   f'  <graph defaultedgetype="{"directed" if selected.directed else "undirected"}" mode="static">\n')  # fmt: skip
        text.write(declare("node", node_columns) + declare("edge", edge_columns) + "    <nodes>\n")
        for node_id, attributes in selected.nodes():
            label = attributes.pop("label", node_id)
            values = {gexf_name(n): v for n, v in attributes.items()}
            text.write(f'      <node id="{_xml(node_id)}" label="{_xml(label)}">{attvalues(values)}</node>\n')
        text.write("    </nodes>\n    <edges>\n")
        for edge_id, source, target, attributes in selected.edges():
            values = {n: v for n, v in attributes.items() if n in edge_columns}
            text.write(f'      <edge id="{_xml(edge_id)}" source="{_xml(source)}" target="{_xml(target)}" label="{_xml(attributes["label"])}"'
                       f' weight="{float(attributes["weight"])}">{attvalues(values)}</edge>\n')  # fmt: skip
        text.write("    </edges>\n  </graph>\n</gexf>\n")
    return _written(out)


@register("cyjs")
def write_cytoscape(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    selected = _view(store, view)
    with open_text_output(out) as text:
        text.write(json.dumps({"data": {"view": selected.name, "directed": selected.directed}})[:-1])
        text.write(', "elements": {"nodes": [')
        separator = "\n"
        for node_id, attributes in selected.nodes():
            text.write(separator + json.dumps({"data": {"id": node_id, **attributes}}, ensure_ascii=False))
            separator = ",\n"
        text.write('\n], "edges": [')
        separator = "\n"
        for edge_id, source, target, attributes in selected.edges():
            data = {**attributes, "id": edge_id, "source": source, "target": target}
            text.write(separator + json.dumps({"data": data}, ensure_ascii=False))
            separator = ",\n"
        text.write("\n]}}\n")
    return _written(out)


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_csv(out: Path, header: list[str], rows) -> None:
    with open_text_output(out) as text:
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)


@register("csv-gephi")
def write_gephi_csv(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    nodes_path, edges_path = csv_paths(out)
    selected = _view(store, view)
    node_columns = [name for name in selected.node_attributes if name != "label"]
    edge_columns = [name for name in selected.edge_attributes if name not in ("id", "label", "weight")]
    kind = "Directed" if selected.directed else "Undirected"

    def node_rows():
        for node_id, a in selected.nodes():
            yield [node_id, a.get("label", ""), *(_cell(a[c]) if c in a else "" for c in node_columns)]

    def edge_rows():
        for edge_id, source, target, a in selected.edges():
            yield [source, target, kind, _cell(a["weight"]), edge_id, a.get("label", ""), *(_cell(a.get(c, "")) for c in edge_columns)]

    _write_csv(nodes_path, ["Id", "Label", *node_columns], node_rows())
    _write_csv(edges_path, ["Source", "Target", "Type", "Weight", "Id", "Label", *edge_columns], edge_rows())
    return [nodes_path, edges_path]


_NEO4J_TYPES = {int: "long", float: "double", bool: "boolean", str: ""}


def neo4j_relationship_type(label: str) -> str:
    """UPPER_SNAKE_CASE, as Neo4j names relationship types: hasParticipation -> HAS_PARTICIPATION."""
    return re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", label)).strip("_").upper() or "RELATED"


@register("csv-neo4j")
def write_neo4j_csv(store: GraphStore, out: str | None, view: str | None) -> list[Path]:
    nodes_path, edges_path = csv_paths(out)
    selected = _view(store, view)
    node_columns = [name for name in selected.node_attributes if name not in ("label", "type")]
    edge_columns = [name for name in selected.edge_attributes if name not in ("label", "weight")]

    def typed(name: str, kind: type) -> str:
        return f"{name}:{_NEO4J_TYPES[kind]}" if _NEO4J_TYPES[kind] else name

    def node_rows():
        for node_id, a in selected.nodes():
            yield [node_id, a.get("label", ""), a.get("type", ""), *(_cell(a[c]) if c in a else "" for c in node_columns)]

    def edge_rows():
        for _, source, target, a in selected.edges():
            yield [source, target, neo4j_relationship_type(a["label"]), _cell(float(a["weight"])), *(_cell(a.get(c, "")) for c in edge_columns)]

    node_header = [":ID", "name", ":LABEL", *(typed(c, selected.node_attributes[c]) for c in node_columns)]
    edge_header = [":START_ID", ":END_ID", ":TYPE", "weight:float", *(typed(c, selected.edge_attributes[c]) for c in edge_columns)]
    _write_csv(nodes_path, node_header, node_rows())
    _write_csv(edges_path, edge_header, edge_rows())
    return [nodes_path, edges_path]
