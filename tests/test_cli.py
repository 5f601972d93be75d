"""The `kg` command line: build, extract, eval, query, queries — and its one-line errors.

Most tests replace the extractor and the triple builder by tiny fakes (a line `N° X` is one
deliberation), so that they test the pipeline and the store, not the extraction. The tests at the end
run the real extractor on the sample documents.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from extractors.models import Deliberation, Finding, Span
from kg import pipeline, queries
from kg.cli import main
from kg.store import open_store

DATA = Path(__file__).resolve().parent.parent / "data"
EX = "http://example.org/"


def fake_extract(text: str, source_file: str) -> list[Deliberation]:
    if "CRASH" in text:
        raise ValueError("unexpected layout")
    found = []
    for m in re.finditer(r"^N°\s*(\S+)(.*)$", text, re.M):
        d = Deliberation(source_file=source_file, span=Span(m.start(), m.end()), number=m.group(1))
        d.title = m.group(2).strip() or None
        if "MISMATCH" in m.group(2):
            d.findings.append(Finding("vote-total-mismatch", "Pour 43 + Contre 0 + Abstention 0 != 44"))
        found.append(d)
    return found


def fake_graph(source_file: str, deliberations: list[Deliberation]) -> Graph:
    g = Graph()
    for d in deliberations:
        node = URIRef(f"{EX}deliberation/{d.number}")
        g.add((node, URIRef(EX + "number"), Literal(d.number)))
        g.add((node, URIRef(EX + "sourceFile"), Literal(source_file)))
    return g


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(pipeline, "extract_document", fake_extract)
    monkeypatch.setattr(pipeline, "document_graph", fake_graph)
    monkeypatch.setattr(pipeline, "document_graph_iri", lambda name: URIRef(f"{EX}graph/{name}"))


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("N°2022-80 Subvention\nblah\nN°2022-81 Convention MISMATCH\n", encoding="utf-8")
    (folder / "b.md").write_text("**N°2022-372**\nN°2022-372 Collèges\n", encoding="cp1252")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04\x00\x01")  # ignored: not .pdf/.txt/.md
    return folder


@pytest.fixture
def store(tmp_path):
    return str(tmp_path / "store")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def assert_one_line_error(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [f"Error: {message}"]


def store_quads(path: str) -> set[str]:
    if not Path(path).exists():
        return set()
    with open_store(path, read_only=True) as s:
        return {str(q) for q in s._db}


# -- build ---------------------------------------------------------------------------------------


def test_build_writes_documents_and_prints_a_summary(fake_pipeline, docs, store):
    result = run("build", str(docs), "--store", store, "--no-progress")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "finding\ta.txt\t2022-81\tvote-total-mismatch\tPour 43 + Contre 0 + Abstention 0 != 44",
        f"2 documents (2 changed), 3 deliberations, 6 triples; {store}: 6 triples (+6)",
    ]
    with open_store(store, read_only=True) as s:
        assert s.document_graphs() == [f"{EX}graph/a.txt", f"{EX}graph/b.md"]


def test_no_progress_bar_when_stderr_is_not_a_terminal(fake_pipeline, docs, store):
    result = run("build", str(docs), "--store", store)
    assert result.exit_code == 0
    assert result.stderr == ""


def test_progress_bar_on_a_terminal_counts_bytes_and_names_the_file(fake_pipeline, docs, store, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(pipeline.sys, "stderr", terminal)
    summary = pipeline.build([docs], store, progress=True)
    assert summary.documents_changed == 2
    shown = terminal.getvalue()
    size = (docs / "a.txt").stat().st_size + (docs / "b.md").stat().st_size
    assert f"extracting:   0%|          | 0.00/{size}.0 [00:00<?, ?B/s, a.txt]" in shown  # weighted by bytes
    assert "b.md]" in shown
    assert "writing 6 triples of 2 documents" in shown


def test_building_twice_gives_the_same_triples(fake_pipeline, docs, store):
    run("build", str(docs), "--store", store, "--no-progress")
    first = store_quads(store)
    result = run("build", str(docs), "--store", store, "--no-progress")
    assert result.stdout.splitlines()[-1] == f"2 documents (0 changed), 3 deliberations, 6 triples; {store}: 6 triples (+0)"
    assert store_quads(store) == first


def test_a_changed_file_replaces_its_triples(fake_pipeline, docs, store, tmp_path):
    run("build", str(docs), "--store", store, "--no-progress")
    (docs / "a.txt").write_text("N°2022-90 Autre\n", encoding="utf-8")
    result = run("build", str(docs / "a.txt"), "--store", store, "--no-progress")
    assert result.stdout.splitlines() == [f"1 documents (1 changed), 1 deliberations, 2 triples; {store}: 4 triples (-2)"]
    (tmp_path / "numbers.rq").write_text(
        "# title: Numbers\nSELECT ?n WHERE { ?d <http://example.org/number> ?n } ORDER BY ?n\n"
    )
    result = run("query", str(tmp_path / "numbers.rq"), "--store", store, "--format", "csv")
    assert result.stdout.splitlines() == ["n", "2022-372", "2022-90"]


def test_a_file_without_deliberation_is_a_warning_and_writes_nothing(fake_pipeline, docs, store):
    run("build", str(docs), "--store", store, "--no-progress")
    before = store_quads(store)
    (docs / "a.txt").write_text("Procès-verbal sans délibération\n", encoding="utf-8")
    result = run("build", str(docs / "a.txt"), "--store", store, "--no-progress")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"Warning: {docs / 'a.txt'}: no deliberation found (no decision and no attendance found); nothing written for this file"
    ]
    assert result.stdout.splitlines() == [f"0 documents (0 changed), 0 deliberations, 0 triples; {store}: 6 triples (+0)"]
    assert store_quads(store) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file, not text; convert it to .txt (e.g. pdftotext) first"),
        (b"", "the file is empty; give the text of a deliberation"),
        (b"N\xb02022-99 CRASH\n", "extraction failed (ValueError: unexpected layout); nothing was written"),
    ],
)
def test_a_failed_build_leaves_the_store_as_it_was(fake_pipeline, docs, store, content, message):
    run("build", str(docs), "--store", store, "--no-progress")
    before = store_quads(store)
    (docs / "a.txt").write_text("N°2022-80 changed\n", encoding="utf-8")  # would be replaced...
    (docs / "c.txt").write_bytes(content)  # ...but this file fails
    result = run("build", str(docs), "--store", store, "--no-progress")
    assert_one_line_error(result, f"{docs / 'c.txt'}: {message}")
    assert store_quads(store) == before


def test_a_failed_first_build_does_not_create_the_store(fake_pipeline, docs, store):
    (docs / "c.txt").write_bytes(b"")
    result = run("build", str(docs), "--store", store, "--no-progress")
    assert result.exit_code == 1
    assert not Path(store).exists()


def test_two_files_with_the_same_name_are_refused(fake_pipeline, docs, store, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("N°2022-99\n", encoding="utf-8")
    result = run("build", str(docs), str(other), "--store", store, "--no-progress")
    assert_one_line_error(
        result, f"{docs / 'a.txt'} and {other / 'a.txt'} have the same file name; rename one (a file name names its graph)"
    )
    assert not Path(store).exists()


def test_store_from_environment(fake_pipeline, docs, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    result = run("build", str(docs / "a.txt"), "--no-progress")
    assert result.stdout.splitlines()[-1].endswith(f"; {tmp_path / 'env-store'}: 4 triples (+4)")


def test_missing_path(store, tmp_path):
    result = run("build", str(tmp_path / "nope.txt"), "--store", store)
    assert_one_line_error(result, f"{tmp_path / 'nope.txt'}: no such file or directory")


def test_directory_without_text_files(store, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("build", str(tmp_path / "empty"), "--store", store)
    assert_one_line_error(result, f"{tmp_path / 'empty'}: no .pdf, .txt or .md file in this directory or below; give the files or another directory")


def test_empty_file(fake_pipeline, store, tmp_path):
    (tmp_path / "e.txt").write_text("  \n\n")
    assert_one_line_error(run("extract", str(tmp_path / "e.txt")), f"{tmp_path / 'e.txt'}: the file is empty; give the text of a deliberation")


def test_binary_file(store, tmp_path):
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00")
    result = run("build", str(tmp_path / "scan.txt"), "--store", store)
    # a PDF is read as one whatever its name; this one is cut short
    assert_one_line_error(result, f"{tmp_path / 'scan.txt'}: not a readable PDF (damaged or truncated: data format error)")


def test_encodings(tmp_path):
    from kg.reading import read_document

    (tmp_path / "bom.txt").write_bytes("\ufeffN°2022-80 Éducation\r\n".encode("utf-8"))
    (tmp_path / "win.txt").write_bytes("N°2022-80 Éducation – “x”\n".encode("cp1252"))
    (tmp_path / "u16.txt").write_bytes("N°2022-80 Éducation\n".encode("utf-16"))
    assert read_document(tmp_path / "bom.txt") == "N°2022-80 Éducation\r\n"  # newlines kept as stored
    assert read_document(tmp_path / "win.txt") == "N°2022-80 Éducation – “x”\n"
    assert read_document(tmp_path / "u16.txt") == "N°2022-80 Éducation\n"


# -- extract and eval ----------------------------------------------------------------------------


def test_extract_prints_json_records(fake_pipeline, docs):
    result = run("extract", str(docs / "a.txt"), "--format", "json")
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [(r["source_file"], r["number"], r["title"]) for r in records] == [
        ("a.txt", "2022-80", "Subvention"),
        ("a.txt", "2022-81", "Convention MISMATCH"),
    ]
    assert records[1]["findings"] == [{"code": "vote-total-mismatch", "message": "Pour 43 + Contre 0 + Abstention 0 != 44"}]


def test_eval_scores_the_given_files_only(fake_pipeline, docs, tmp_path):
    gold = [
        {"source_file": "a.txt", "number": "2022-80", "title": "Subvention"},
        {"source_file": "a.txt", "number": "2022-81", "title": "Convention"},
        {"source_file": "zzz.txt", "number": "1", "title": "not evaluated: file not given"},
    ]
    (tmp_path / "gold.json").write_text(json.dumps(gold))
    result = run("eval", "--gold", str(tmp_path / "gold.json"), str(docs / "a.txt"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["matched"] == 2
    assert report["fields"]["title"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert report["fields"]["number"]["tp"] == 2
    # as the reference scorer counts: 2 records paired, 2 numbers, 1 title
    assert report["overall"]["tp"] == 5
    result = run("eval", "--gold", str(tmp_path / "gold.json"), str(docs / "a.txt"))
    assert result.stdout.splitlines()[0] == "records: 2 matched, 0 predicted without gold, 0 gold not predicted"


def test_eval_with_a_missing_gold_file(tmp_path, docs):
    result = run("eval", "--gold", str(tmp_path / "gold.json"), str(docs / "a.txt"))
    assert_one_line_error(result, f"{tmp_path / 'gold.json'}: no such file")


# -- query and queries ---------------------------------------------------------------------------


@pytest.fixture
def query_dir(tmp_path, monkeypatch):
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "deliberation.rq").write_text(
        "# title: One deliberation\n"
        "# description: The source file of a deliberation.\n"
        "# param: number xsd:string The deliberation's number, e.g. 2022-80\n"
        "SELECT ?number ?file WHERE { ?d <http://example.org/number> ?number ; <http://example.org/sourceFile> ?file }\n",
        encoding="utf-8",
    )
    (folder / "count.rq").write_text("# title: Triples\n# description: How many triples.\nSELECT (COUNT(*) AS ?n) { ?s ?p ?o }\n")
    monkeypatch.setattr(queries, "QUERY_DIR", folder)
    return folder


def test_queries_lists_titles_descriptions_and_parameters(query_dir):
    result = run("queries")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "count: Triples",
        "    How many triples.",
        "deliberation: One deliberation",
        "    The source file of a deliberation.",
        "    --param number=<xsd:string>  The deliberation's number, e.g. 2022-80",
    ]


def test_query_by_name_with_a_parameter(fake_pipeline, docs, store, query_dir):
    run("build", str(docs), "--store", store, "--no-progress")
    result = run("query", "deliberation", "--param", "number=2022-81", "--store", store)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["number   file", "-------  -----", "2022-81  a.txt"]
    result = run("query", "count", "--store", store, "--format", "json")
    assert json.loads(result.stdout) == [{"n": 6}]


def test_query_errors_are_one_line(fake_pipeline, docs, store, query_dir, tmp_path):
    run("build", str(docs), "--store", store, "--no-progress")
    assert_one_line_error(
        run("query", "deliberations", "--store", store),
        "unknown query 'deliberations'; known queries: count, deliberation (or give a FILE.rq)",
    )
    assert_one_line_error(
        run("query", "deliberation", "--param", "num=2022-81", "--store", store),
        "query 'deliberation' has no parameter 'num'; its parameters: number (xsd:string)",
    )
    assert_one_line_error(
        run("query", "deliberation", "--store", store),
        "query 'deliberation' needs --param number=VALUE (xsd:string: The deliberation's number, e.g. 2022-80)",
    )
    (tmp_path / "bad.rq").write_text("# title: Broken\nSELECT ?x WHERE { ?x ?p }\n")
    result = run("query", str(tmp_path / "bad.rq"), "--store", store)
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {tmp_path / 'bad.rq'}: SPARQL syntax error: ")
    (tmp_path / "typed.rq").write_text("# param: since xsd:date Since\nSELECT ?since {}\n")
    assert_one_line_error(
        run("query", str(tmp_path / "typed.rq"), "--param", "since=March 2022", "--store", store),
        "--param since=March 2022: not a valid xsd:date (expected YYYY-MM-DD)",
    )


def test_query_without_a_store(query_dir, tmp_path):
    missing = tmp_path / "nostore"
    assert_one_line_error(run("query", "count", "--store", str(missing)), f"{missing}: no store; run `kg build PATH... --store {missing}` first")


# -- real runs on the sample documents ------------------------------------------------------------


def test_real_extract_of_the_municipal_sample():
    result = run("extract", str(DATA / "004_5a523bc9ac06f3c2.txt"))
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [(r["source_file"], r["number"]) for r in records] == [("004_5a523bc9ac06f3c2.txt", "20201130_DL_03")]


def test_real_build_is_idempotent_and_keeps_one_graph_per_file(store):
    files = [str(DATA / "000_31979806140e0f38.txt"), str(DATA / "002_8d5666818704f46d.txt")]
    first = run("build", *files, "--store", store, "--no-progress")
    assert first.exit_code == 0, first.output
    before = store_quads(store)
    second = run("build", *files, "--store", store, "--no-progress")
    assert second.exit_code == 0
    assert store_quads(store) == before
    with open_store(store, read_only=True) as s:
        assert len(s.document_graphs()) == 2
    assert re.search(r"^2 documents \(0 changed\), 2 deliberations, \d+ triples; .*: \d+ triples \(\+0\)$", second.stdout, re.M)


def test_extract_says_why_a_file_gives_nothing(tmp_path):
    """A minutes page that lists who attended but records no decision gives one attendance record; a
    page with neither gives a warning naming the file and what was missing."""
    (tmp_path / "notice.txt").write_text("Avis de convocation. La réunion aura lieu en mairie.\n", encoding="utf-8")
    result = run("extract", str(tmp_path / "notice.txt"))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert result.stderr.splitlines() == [
        f"Warning: {tmp_path / 'notice.txt'}: no deliberation found (no decision and no attendance found); nothing extracted from this file"
    ]
