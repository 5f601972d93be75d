"""Check the graph against the SHACL shapes of ontology/shapes.ttl and say what is wrong in plain words.

`validate_graph(graph)` runs pyshacl over an rdflib graph (the ontology as `ont_graph`, so that
subclasses count) and returns a `ValidationReport`; `validate_store(path)` first loads the whole store
into memory (a CONSTRUCT over the union of the documents' graphs: fine for a few hundred thousand
triples, ~35,000 for the samples, about 5 s in all).

Each violation is told as one line naming the thing at fault, where it was read and what is wrong:

    Deliberation 2019-15 (cm-2019-05-12.txt, characters 1200–4350): has no title
    Vote of deliberation 2019-15 (cm-2019-05-12.txt, characters 4010–4290): has more than one votes for: 12, 29
    Beneficiary "Commune de Corvelle" of deliberation 2019-16 (cm-2019-05-12.txt, characters 5120–5136): beneficiary kind present is not one of the allowed values
    Deliberation #2 of registre.txt (registre.txt, characters 0–812): lacks "decided by": A deliberation is decided by exactly one body

- the thing: the ontology's English label of its class ("Deliberation", "Participation", "Beneficiary")
  with what identifies it (a deliberation's number; else its rdfs:label), and the deliberation it
  belongs to (parts hang under the deliberation's IRI: `…/vote`, `…/article/2/amount/1`);
- where: the file names and character offsets of its `dkg:hasSpan` (several when two renderings of
  one deliberation were read), else those of its deliberation; a span's selector is told by its own
  IRI (`…/document/{file}/span/{start}-{end}/selector`);
- what: from the SHACL constraint that failed and the ontology's label of the property ("has no
  title", "has more than one title: …", "status … is not one of the allowed values"), else the
  shape's own `sh:message` (`lacks "decided by": …` where the property's label is not a noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.store import open_store
from kg.vocabulary import DKG, ONTOLOGY, SHAPES_FILE

_PREPOSITIONS = {"at", "by", "for", "from", "in", "of", "to"}
_SPAN_IRI = re.compile(r"/document/(?P<file>[^/]+)/span/(?P<start>\d+)-(?P<end>\d+)(?:/selector)?$")


@dataclass
class Violation:
    focus: URIRef
    path: URIRef | None
    component: str  # local name of the SHACL constraint component: "MinCountConstraintComponent"
    message: str  # the shape's sh:message, or pyshacl's
    values: list = field(default_factory=list)
    subject: str = ""  # "Deliberation 2019-15"
    where: str = ""  # "cm-2019-05-12.txt, characters 1200–4350"
    problem: str = ""  # "has no title"

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        return f"{self.subject}{where}: {self.problem}"


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: list[Violation]

    def lines(self) -> list[str]:
        return [str(v) for v in self.violations]


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def load_store_graph(store_path: str | Path | None = None) -> Graph:
    """Every triple of the store (the union of its documents' graphs) in an rdflib graph."""
    with open_store(store_path, read_only=True) as store:
        _, rows = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    graph = Graph()
    for triple in rows:
        graph.add(triple)
    return graph


def validate_store(store_path: str | Path | None = None) -> ValidationReport:
    """The SHACL report of the whole store."""
    return validate_graph(load_store_graph(store_path))


def validate_graph(graph: Graph) -> ValidationReport:
    """Run the shapes over `graph`; the violations in plain words, in file and offset order."""
    conforms, results, _ = shacl_validate(graph, shacl_graph=_shapes(), ont_graph=ONTOLOGY, inference="none")
    grouped: dict[tuple, Violation] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        message = str(results.value(result, SH.resultMessage) or "")
        key = (focus, path, component, message)
        violation = grouped.get(key)
        if violation is None:
            violation = grouped[key] = Violation(focus, path if isinstance(path, URIRef) else None, component, message)
        value = results.value(result, SH.value)
        if value is not None and value not in violation.values:
            violation.values.append(value)
    violations = list(grouped.values())
    for violation in violations:
        violation.subject = describe_node(graph, violation.focus)
        violation.where = _where(graph, violation.focus)
        violation.problem = _problem(graph, violation)
    violations.sort(key=lambda v: (_first_offset(graph, v.focus), v.subject, v.problem))
    return ValidationReport(bool(conforms), len(graph), violations)


# -- the thing at fault ----------------------------------------------------------------------------


def _label(term: URIRef) -> str:
    """The ontology's English label of a dkg: term, else the IRI's local name."""
    for label in ONTOLOGY.objects(term, RDFS.label):
        if getattr(label, "language", None) == "en":
            return str(label)
    return re.split(r"[#/]", str(term))[-1]


def _deliberation_of(graph: Graph, node: URIRef) -> URIRef | None:
    if (node, RDF.type, DKG.Deliberation) in graph:
        return node
    for deliberation in graph.subjects(RDF.type, DKG.Deliberation):
        if str(node).startswith(f"{deliberation}/"):
            return deliberation
    for deliberation in graph.subjects(None, node):  # findings hang under their document
        if (deliberation, RDF.type, DKG.Deliberation) in graph:
            return deliberation
    return None


def _deliberation_name(graph: Graph, deliberation: URIRef) -> str:
    number = graph.value(deliberation, DKG.deliberationNumber)
    if number is not None:
        return f"deliberation {number}"
    match = re.search(r"/document/([^/]+)/deliberation/(\d+)$", str(deliberation))
    if match:
        return f"deliberation #{match.group(2)} of {unquote(match.group(1))}"
    return f"deliberation <{deliberation}>"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def describe_node(graph: Graph, node) -> str:
    """"Deliberation 2019-15", 'Recusal "Mme Jeanne DUPONT" of deliberation 2019-15', "Span selector of vote of
    deliberation 2019-15"."""
    if not isinstance(node, URIRef):
        return f"Node {node}"
    if _SPAN_IRI.search(str(node)):
        resource = URIRef(str(node).removesuffix("/selector"))
        owners = sorted(graph.subjects(DKG.hasSpan, resource))
        kind = "Span selector" if str(node).endswith("/selector") else "Span"
        return f"{kind} of {_lower_first(describe_node(graph, owners[0]))}" if owners else kind
    types = [t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef) and str(t).startswith(str(DKG))]
    kind = _upper_first(_label(DKG.Recusal if DKG.Recusal in types else sorted(types)[0])) if types else "Resource"
    deliberation = _deliberation_of(graph, node)
    if deliberation == node:
        return _upper_first(_deliberation_name(graph, node))
    label = graph.value(node, DKG.nameAsPrinted) or graph.value(node, RDFS.label)
    name = f' "{label}"' if label is not None else ("" if deliberation is not None else f" <{node}>")
    owner = f" of {_deliberation_name(graph, deliberation)}" if deliberation is not None else ""
    return f"{kind}{name}{owner}"


# -- where it was read -----------------------------------------------------------------------------


def _spans(graph: Graph, node) -> list[tuple[str, int, int]]:
    found = []
    candidates = [node] if _SPAN_IRI.search(str(node)) else list(graph.objects(node, DKG.hasSpan))
    for span in candidates:
        match = _SPAN_IRI.search(str(span))
        if match:
            found.append((unquote(match["file"]), int(match["start"]), int(match["end"])))
    return sorted(set(found))


def _where(graph: Graph, node) -> str:
    spans = _spans(graph, node)
    if not spans:
        deliberation = _deliberation_of(graph, node) if isinstance(node, URIRef) else None
        spans = _spans(graph, deliberation) if deliberation is not None else []
    return "; ".join(f"{file}, characters {start}–{end}" for file, start, end in spans)


def _type_of(value: Literal) -> str:
    return _label(value.datatype) if value.datatype is not None else "string"


def _first_offset(graph: Graph, node) -> tuple[str, int]:
    spans = _spans(graph, node)
    return (spans[0][0], spans[0][1]) if spans else ("~", 0)


# -- what is wrong ---------------------------------------------------------------------------------


def _value(graph: Graph, value) -> str:
    if isinstance(value, Literal):
        if value.datatype is None or value.datatype == XSD.string:
            return f'"{value}"'
        return str(value)
    if isinstance(value, URIRef):
        if str(value).startswith(str(DKG)):
            return _label(value)
        return describe_node(graph, value)
    return str(value)


def _problem(graph: Graph, v: Violation) -> str:
    what = _label(v.path).removeprefix("has ") if v.path is not None else None
    values = ", ".join(_value(graph, x) for x in v.values)
    if what is None:  # node-level constraints and inverse paths: the shape says it best
        detail = f" ({values})" if values else ""
        return (v.message or v.component).rstrip(".") + detail
    if v.component == "MinCountConstraintComponent":
        if what.rsplit(" ", 1)[-1] in _PREPOSITIONS:  # "decided by": not a noun, the shape says it better
            return f'lacks "{what}": {v.message.rstrip(".")}' if v.message else f'lacks "{what}"'
        return f"has no {what}"
    if v.component == "MaxCountConstraintComponent":
        present = ", ".join(_value(graph, x) for x in sorted(graph.objects(v.focus, v.path)))
        return f"has more than one {what}: {present}"
    if v.component in ("DatatypeConstraintComponent", "OrConstraintComponent"):
        types = ", ".join(sorted({_type_of(x) for x in v.values if isinstance(x, Literal)}))
        return f"{what} {values} is a {types or 'value'} of the wrong type ({v.message.rstrip('.')})"
    if v.component == "ClassConstraintComponent":
        return f"{what} {values} is not of the expected class ({v.message.rstrip('.') or 'see shapes.ttl'})"
    if v.component == "InConstraintComponent":
        return f"{what} {values} is not one of the allowed values"
    if v.component == "PatternConstraintComponent":
        return f"{what} {values} is malformed ({v.message.rstrip('.')})"
    if v.component in ("MinInclusiveConstraintComponent", "MinExclusiveConstraintComponent"):
        return f"{what} {values} is too small"
    if v.component == "LessThanOrEqualsConstraintComponent":
        return f"{what} {values} comes after the end"
    if v.component == "MinLengthConstraintComponent":
        return f"{what} is empty"
    return f"{what} {values}: {v.message.rstrip('.') or v.component}".replace("  ", " ")


__all__ = ["ValidationReport", "Violation", "describe_node", "load_store_graph", "validate_graph", "validate_store"]
