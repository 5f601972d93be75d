"""The namespaces of the graph: our own terms, read from the ontology file, and the external ones.

`DKG` is built from `ontology/deliberations.ttl`, the single source of every `dkg:` term: it is an
rdflib `ClosedNamespace`, so `DKG.Deliberation` works while a misspelt term, or any term the ontology
does not define, raises `AttributeError` (`KeyError` when looked up with brackets) instead of minting a
new IRI.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "deliberations.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

DKG_URI = "https://w3id.org/deliberations-kg/ontology#"
# Data IRIs (members, deliberations, documents…) are minted under this base by kg/identity.py.
DATA = Namespace("https://w3id.org/deliberations-kg/id/")

BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
MANDAAT = Namespace("http://data.vlaanderen.be/ns/mandaat#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ELI_DL = Namespace("http://data.europa.eu/eli/eli-draft-legislation-ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {
    "dkg": DKG_URI,
    "besluit": str(BESLUIT),
    "mandaat": str(MANDAAT),
    "eli": str(ELI),
    "eli-dl": str(ELI_DL),
    "oa": str(OA),
    "prov": str(PROV),
    "foaf": str(FOAF),
    "org": str(ORG),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def load_ontology() -> Graph:
    """The ontology as an rdflib graph."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def defined_terms(ontology: Graph) -> list[str]:
    """Local names of the `dkg:` terms the ontology describes (every subject in our namespace)."""
    return sorted(
        {
            str(s)[len(DKG_URI) :]
            for s in ontology.subjects()
            if isinstance(s, URIRef) and str(s).startswith(DKG_URI) and len(str(s)) > len(DKG_URI)
        }
    )


ONTOLOGY = load_ontology()
DKG = ClosedNamespace(DKG_URI, defined_terms(ONTOLOGY))


def term_label(term: URIRef, lang: str = "fr") -> str:
    """The ontology's rdfs:label of a term in a language ("loi", "décret"), for building data labels."""
    for label in ONTOLOGY.objects(term, RDFS.label):
        if getattr(label, "language", None) == lang:
            return str(label)
    raise KeyError(f"{term} has no rdfs:label in {lang!r}")

__all__ = [
    "BESLUIT",
    "DATA",
    "DKG",
    "ELI",
    "ELI_DL",
    "FOAF",
    "MANDAAT",
    "OA",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SKOS",
    "XSD",
    "ONTOLOGY",
    "defined_terms",
    "load_ontology",
    "term_label",
]
