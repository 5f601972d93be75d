"""`kg validate`: the SHACL shapes over the store's graph, each violation told in plain words with the
characters of the source file it concerns (kg/validate.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, Namespace, URIRef

from extractors import extract_document
from extractors.models import Deliberation, Span
from kg.cli import main
from kg.store import open_store
from kg.triples import document_graph
from kg.validate import validate_graph
from kg.vocabulary import DKG, OA

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain namespace: pytest probes module globals
DATA = Path(__file__).resolve().parent.parent / "data"
FILE_003 = "003_b2bb4981e98d102e.txt"
CP_KEY = "commission-permanente-du-conseil-departemental-du-pas-de-calais"
D80 = URIRef(f"https://w3id.org/deliberations-kg/id/deliberation/{CP_KEY}/2022-80")


@pytest.fixture(scope="module")
def deliberations_003():
    return extract_document((DATA / FILE_003).read_text(encoding="utf-8"), FILE_003)


@pytest.fixture()
def graph_003(deliberations_003):
    return document_graph(FILE_003, deliberations_003)


def span_of(deliberations, number: str) -> Span:
    return next(d.span for d in deliberations if d.number == number)


def test_the_sample_store_conforms(sample_store):
    # the span offsets come back from Oxigraph as xsd:integer (it stores integer subtypes so): the
    # shapes accept them as well as xsd:nonNegativeInteger
    result = CliRunner().invoke(main, ["validate", "--store", str(sample_store)])
    assert result.exit_code == 0, result.output
    [line] = result.output.splitlines()
    assert line.startswith(f"{sample_store}: ") and line.endswith(" triples, conforms to the shapes")
    assert int(line.split(": ")[1].split()[0]) > 30_000


def test_a_missing_title_is_told_with_the_deliberation_and_its_characters(graph_003, deliberations_003):
    graph_003.remove((D80, DKG.title, None))
    report = validate_graph(graph_003)
    span = span_of(deliberations_003, "2022-80")
    assert not report.conforms
    assert report.lines() == [f"Deliberation 2022-80 ({FILE_003}, characters {span.start}–{span.end}): has no title"]


def test_a_broken_store_is_reported_by_the_command_with_exit_status_1(tmp_path, graph_003, deliberations_003):
    graph_003.remove((D80, DKG.title, None))
    graph_003.remove((D80, DKG.decidedBy, None))
    with open_store(tmp_path / "store") as store:
        store.replace_documents({graph_003.identifier: graph_003})
    result = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    span = span_of(deliberations_003, "2022-80")
    where = f"({FILE_003}, characters {span.start}–{span.end})"
    assert result.output.splitlines() == [
        f"Deliberation 2022-80 {where}: has no title",
        f'Deliberation 2022-80 {where}: lacks "decided by": A deliberation is decided by exactly one body',
        f"{tmp_path / 'store'}: {len(graph_003)} triples, 2 violations",
    ]


def test_wrong_values_are_told_in_plain_words(graph_003, deliberations_003):
    vote = URIRef(f"{D80}/vote")
    graph_003.add((vote, DKG.forCount, Literal(12, datatype=XSD.integer)))
    beneficiary = next(graph_003.objects(D80, DKG.hasBeneficiary))
    graph_003.set((beneficiary, DKG.beneficiaryKind, DKG.present))
    matiere = URIRef(f"{D80}/matiere")
    graph_003.set((matiere, DKG.matiereCode, Literal("85")))
    span = span_of(deliberations_003, "2022-80")
    selector = URIRef(f"https://w3id.org/deliberations-kg/id/document/{FILE_003}/span/{span.start}-{span.end}/selector")
    graph_003.set((selector, OA.start, Literal(span.end + 1, datatype=XSD.nonNegativeInteger)))
    d80 = next(d for d in deliberations_003 if d.number == "2022-80")
    b, v = d80.beneficiaries[0], d80.vote
    lines = validate_graph(graph_003).lines()
    assert sorted(lines) == sorted([
        f"Span selector of deliberation 2022-80 ({FILE_003}, characters {span.start}–{span.end}): "
        f"start {span.end + 1} comes after the end",
        f'Beneficiary "Orange" of deliberation 2022-80 ({FILE_003}, characters {b.span.start}–{b.span.end}): '
        "beneficiary kind present is not one of the allowed values",
        f"Vote of deliberation 2022-80 ({FILE_003}, characters {v.span.start}–{v.span.end}): "
        "has more than one votes for: 12, 44",
        f'ACTES subject classification "8.5 Politique de la ville-habitat-logement" of deliberation 2022-80 '
        f'({FILE_003}, characters {span.start}–{span.end}): matière code "85" is malformed '
        "(An ACTES matière has exactly one level-2 code such as 7.5)",
    ])


def test_a_deliberation_without_number_is_named_by_its_file():
    text = "Une délibération sans numéro ni organe."
    d = Deliberation(source_file="registre.txt", span=Span(0, len(text)), title="Sans numéro")
    report = validate_graph(document_graph("registre.txt", [d]))
    assert "Deliberation #1 of registre.txt (registre.txt, characters 0–39): has no deliberation number" in report.lines()
    assert 'Deliberation #1 of registre.txt (registre.txt, characters 0–39): lacks "decided by": ' \
        "A deliberation is decided by exactly one body" in report.lines()


def test_a_missing_store_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
