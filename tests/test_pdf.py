"""PDF input (kg/pdf.py): the same records as the text, the right pages in the provenance, the layout
read as printed (two columns, a side box of counts, tables, repeated headers, the prefecture's stamp),
scanned pages reported (and read by OCR with the extra), bad PDFs refused in one line.

The PDFs are rendered from the sample texts by tests/make_test_pdfs.py (reportlab), page breaks where
the samples print their page markers; the corpus PDFs are four real published ones."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_test_pdfs import SEEDS, pages_of, pdf_page_lines, render_pdf, two_column_sample  # noqa: E402

from extractors import extract_document  # noqa: E402
from kg.cli import main  # noqa: E402
from kg.errors import UserError  # noqa: E402
from kg.identity import span_iri  # noqa: E402
from kg.pdf import ocr_available, read_pdf  # noqa: E402
from kg.pipeline import extract_records  # noqa: E402
from kg.reading import read_source  # noqa: E402
from kg.triples import document_graph  # noqa: E402
from kg.vocabulary import DKG  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS_PDF = SHARED / "corpus" / "pdf"
CORPUS_TXT = SHARED / "corpus" / "dev"
STAMP = ["Envoyé en préfecture le 12/02/2024", "Reçu en préfecture le 12/02/2024", "Publié le",
         "ID : 030-213001100-20240202-PV15122023-DE"]  # fmt: skip
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="the ocr extra (pytesseract, tesseract-ocr-fra) is not installed")


@pytest.fixture(autouse=True)
def no_ocr_by_default(monkeypatch):
    monkeypatch.setenv("KG_OCR", "off")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    for stem in ("000_31979806140e0f38", "001_79c01a26491281e1", "002_8d5666818704f46d", "003_b2bb4981e98d102e", "004_5a523bc9ac06f3c2"):
        render_pdf(out / f"{stem}.pdf", pages_of((SEEDS / f"{stem}.txt").read_text(encoding="utf-8")))
    _, left, box, rest = two_column_sample()
    render_pdf(out / "two_columns.pdf", [rest], header_columns=(left, box))
    return out


def _without_source(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "source_file"} for r in records]


@pytest.mark.parametrize("stem", ["000_31979806140e0f38", "001_79c01a26491281e1", "002_8d5666818704f46d", "003_b2bb4981e98d102e", "004_5a523bc9ac06f3c2"])
def test_a_rendered_sample_gives_the_records_of_its_text(rendered, stem):
    from_pdf = extract_records([rendered / f"{stem}.pdf"])
    from_text = extract_records([SEEDS / f"{stem}.txt"])
    assert from_pdf and len(from_pdf) == len(from_text)
    assert _without_source(from_pdf) == _without_source(from_text)


def test_each_span_gives_its_page(rendered):
    text = (SEEDS / "003_b2bb4981e98d102e.txt").read_text(encoding="utf-8")
    source = read_source(rendered / "003_b2bb4981e98d102e.pdf")
    per_page = pdf_page_lines(pages_of(text))  # the sample's pages, at its 23 page markers (long ones split)
    assert len(source.pages) == len(per_page) > 23
    first_lines = [sum(per_page[:i]) for i in range(len(per_page))]

    def page_in_text(offset: int) -> int:
        line = text.count("\n", 0, offset)
        return max(n for n, first in enumerate(first_lines, 1) if first <= line)

    from_pdf = extract_document(source.text, "003.pdf")
    from_text = extract_document(text, "003.txt")
    expected = [page_in_text(d.span.start) for d in from_text]
    assert len(set(expected)) > 5  # the register's acts lie on many pages
    pdf = read_pdf(rendered / "003_b2bb4981e98d102e.pdf")
    assert [pdf.page_at(d.span.start).number for d in from_pdf] == expected
    graph = document_graph("003.pdf", from_pdf, pages=source.pages)
    for d, page in zip(from_pdf, expected):
        selector = URIRef(f"{span_iri('003.pdf', d.span.start, d.span.end)}/selector")
        assert graph.value(selector, DKG.page) == Literal(page, datatype=XSD.positiveInteger)


def test_a_two_column_header_is_read_column_by_column(rendered):
    text, left, box, _ = two_column_sample()
    read = read_pdf(rendered / "two_columns.pdf").text
    lines = read.split("\n")
    # the header's own lines, then the side box of counts: never a line of each on one line
    assert "avec CANOPE" in lines and "Membres en exercice : 9" in lines
    assert lines.index("avec CANOPE") < lines.index("Membres en exercice : 9") < lines.index("Membres votants : 6")
    assert not any("CANOPE" in line and "Membres" in line for line in lines)
    records = extract_records([rendered / "two_columns.pdf"])
    assert _without_source(records) == _without_source(extract_records([SEEDS / "004_5a523bc9ac06f3c2.txt"]))
    assert records[0]["title"] == "Renouvellement de la convention de partenariat avec CANOPE"
    assert records[0]["vote"]["for"] == 6


def _canvas_pdf(path: Path, draw) -> Path:
    from reportlab.pdfgen import canvas

    from make_test_pdfs import FONT, _font

    _font()
    c = canvas.Canvas(str(path))
    draw(c, FONT)
    c.save()
    return path


def test_a_table_is_read_row_by_row(tmp_path):
    rows = [("Nom", "Présence", "Pouvoir à"), ("Jean DUPONT", "présent", ""), ("Marie DURAND", "excusée", "Jean DUPONT"),
            ("Paul MARTIN", "absent", "")]  # fmt: skip

    def draw(c, font):
        c.setFont(font, 10)
        c.drawString(50, 780, "Séance du conseil municipal du 3 mars 2023")
        for i, row in enumerate(rows):
            for x, cell in zip((50, 220, 360), row):
                c.drawString(x, 740 - 16 * i, cell)

    lines = read_pdf(_canvas_pdf(tmp_path / "table.pdf", draw)).text.split("\n")
    assert "Marie DURAND  excusée  Jean DUPONT" in lines
    assert "Jean DUPONT  présent" in lines


def test_headers_and_footers_are_dropped_and_the_stamp_kept_once(tmp_path):
    def draw(c, font):
        for page in (1, 2, 3):
            c.setFont(font, 7)
            for i, line in enumerate(STAMP):
                c.drawString(400, 820 - 8 * i, line)
            c.setFont(font, 10)
            c.drawString(50, 790, "Mairie de Flaux - Conseil municipal")
            c.drawString(280, 30, f"Page {page} / 3")
            c.drawString(50, 740, f"Texte de la page {page} : Jean DUPONT, Marie DURAND.")
            c.showPage()

    pdf = read_pdf(_canvas_pdf(tmp_path / "headers.pdf", draw))
    assert "Mairie de Flaux" not in pdf.text and "Page 2 / 3" not in pdf.text
    assert pdf.text.count("ID : 030-213001100-20240202-PV15122023-DE") == 1
    assert pdf.text.count("Reçu en préfecture le 12/02/2024") == 1
    assert [p.number for p in pdf.pages] == [1, 2, 3]
    assert pdf.text[pdf.pages[1].start :].startswith("Texte de la page 2")
    assert pdf.reports == []


def test_the_prefecture_stamp_of_a_pdf_reaches_the_record(rendered, tmp_path):
    text = (SEEDS / "004_5a523bc9ac06f3c2.txt").read_text(encoding="utf-8")
    pdf = render_pdf(tmp_path / "stamped.pdf", pages_of(text), stamp=STAMP)
    record = extract_records([pdf])[0]
    assert record["actes_id"]["id"] == "030-213001100-20240202-PV15122023-DE"


def _scan(tmp_path: Path) -> Path:
    text = (SEEDS / "004_5a523bc9ac06f3c2.txt").read_text(encoding="utf-8").split("\n")
    typed = render_pdf(tmp_path / "typed.pdf", [text[:40]])
    scanned = render_pdf(tmp_path / "scanned.pdf", [text[40:80]], stamp=STAMP, scanned=True)
    import pypdf

    writer = pypdf.PdfWriter()
    for part in (typed, scanned):
        writer.append(str(part))
    out = tmp_path / "mixed.pdf"
    with out.open("wb") as f:
        writer.write(f)
    return out


def test_a_page_without_text_layer_is_reported_and_the_others_read(tmp_path):
    pdf = read_pdf(_scan(tmp_path), ocr=False)
    assert [p.method for p in pdf.pages] == ["text", "none"]
    assert len(pdf.reports) == 1
    assert re.fullmatch(r".*mixed\.pdf: page 2 of 2 has no text layer \(only the prefecture's stamp\), it is a scanned image; install the OCR extra.*", pdf.reports[0])
    assert "OBJET : Renouvellement de" in pdf.text  # page 1
    assert "ID : 030-213001100-20240202-PV15122023-DE" in pdf.text  # the stamp of the scanned page


@needs_ocr
def test_a_scanned_page_is_read_by_ocr_and_marked_so(tmp_path):
    pdf = read_pdf(_scan(tmp_path), ocr=True)
    page = pdf.pages[1]
    assert page.method == "ocr" and page.engine.startswith("tesseract") and 50 < page.confidence <= 100
    assert "read by OCR" in pdf.reports[0]
    assert re.search(r"Adopt[ée]e [àa] l.unanimit[ée]", pdf.text[page.start : page.end])


def test_encrypted_damaged_and_truncated_pdfs_give_one_line(tmp_path):
    import pypdf

    good = render_pdf(tmp_path / "good.pdf", [["N°2022-80 Subvention", "Le conseil DÉCIDE"]])
    writer = pypdf.PdfWriter(clone_from=str(good))
    writer.encrypt("secret")
    with (tmp_path / "locked.pdf").open("wb") as f:
        writer.write(f)
    (tmp_path / "cut.pdf").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\n\x00\x01 not a pdf")
    for name, why in (("locked.pdf", "encrypted"), ("cut.pdf", "damaged or truncated"), ("junk.pdf", "damaged or truncated")):
        with pytest.raises(UserError) as error:
            read_pdf(tmp_path / name)
        assert str(error.value).startswith(f"{tmp_path / name}: ") and why in str(error.value)
        assert "\n" not in str(error.value)


def test_a_folder_of_pdf_and_text_with_keep_going(rendered, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.pdf").write_bytes((rendered / "004_5a523bc9ac06f3c2.pdf").read_bytes())
    (folder / "b.txt").write_text((SEEDS / "002_8d5666818704f46d.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "sub" / "broken.pdf").write_bytes(b"%PDF-1.4\n\x00\x01")
    store = tmp_path / "store"
    runner = CliRunner()
    failed = runner.invoke(main, ["build", str(folder), "--store", str(store), "--no-progress"])
    assert failed.exit_code == 1 and "Traceback" not in failed.output
    assert failed.stderr.strip().splitlines() == [f"Error: {folder / 'sub' / 'broken.pdf'}: not a readable PDF (damaged or truncated: data format error)"]
    assert not store.exists()
    kept = runner.invoke(main, ["build", str(folder), "--store", str(store), "--no-progress", "--keep-going"])
    assert kept.exit_code == 1
    assert f"Error: {folder / 'sub' / 'broken.pdf'}: not a readable PDF" in kept.stderr
    assert kept.stdout.splitlines()[-1].startswith("2 documents (2 changed), 2 deliberations")
    only_pdf = runner.invoke(main, ["extract", str(folder), "--glob", "**/a.pdf"])
    assert only_pdf.exit_code == 0, only_pdf.output
    assert [r["number"] for r in json.loads(only_pdf.stdout)] == ["20201130_DL_03"]


CORPUS = ["136_couthenans-cm-cr-2021-01-29", "137_couthenans-cm-cr-2023-02-24", "138_flaux-cm-pv-2023-12-15", "139_flaux-cm-liste-2025-05-16"]


@pytest.mark.skipif(not CORPUS_PDF.is_dir(), reason="no ../shared/corpus/pdf")
@pytest.mark.parametrize("stem", CORPUS)
def test_a_published_pdf_gives_the_records_of_its_text(stem):
    from_pdf = extract_records([CORPUS_PDF / f"{stem}.pdf"])
    from_text = extract_records([CORPUS_TXT / f"{stem}.txt"])
    assert len(from_pdf) == len(from_text)
    assert [r["number"] for r in from_pdf] == [r["number"] for r in from_text]


@pytest.mark.skipif(not CORPUS_PDF.is_dir(), reason="no ../shared/corpus/pdf")
def test_the_published_scan_is_reported_page_by_page():
    pdf = read_pdf(CORPUS_PDF / "138_flaux-cm-pv-2023-12-15.pdf", ocr=False)
    assert len(pdf.reports) == 5
    assert all(f"page {n} of 5 has no text layer (only the prefecture's stamp)" in r for n, r in enumerate(pdf.reports, 1))
    assert pdf.text.count("ID : 030-213001100-20240202-PV15122023-DE") == 1


@needs_ocr
@pytest.mark.skipif(not CORPUS_PDF.is_dir(), reason="no ../shared/corpus/pdf")
def test_the_published_scan_is_read_by_ocr():
    pdf = read_pdf(CORPUS_PDF / "138_flaux-cm-pv-2023-12-15.pdf", ocr=True)
    assert [p.method for p in pdf.pages] == ["ocr"] * 5
    assert all(p.confidence > 70 for p in pdf.pages)
    assert "15 décembre 2023" in pdf.text


@pytest.mark.skipif(not CORPUS_PDF.is_dir(), reason="no ../shared/corpus/pdf")
def test_kg_eval_scores_a_pdf_against_the_gold_of_its_text():
    gold = str(SHARED / "corpus" / "dev-gold.json")
    names = [f"{stem}.pdf" for stem in CORPUS if not stem.startswith("138_")]
    result = CliRunner().invoke(main, ["eval", "--gold", gold, "--json", *(str(CORPUS_PDF / n) for n in names)])
    assert result.exit_code == 0, result.output
    from_text = CliRunner().invoke(main, ["eval", "--gold", gold, "--json", *(str(CORPUS_TXT / n.replace(".pdf", ".txt")) for n in names)])
    assert json.loads(result.stdout)["records"] == json.loads(from_text.stdout)["records"]


def test_a_one_page_pdf_gives_page_1_in_the_graph(rendered, tmp_path):
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", str(rendered / "004_5a523bc9ac06f3c2.pdf"), "--store", str(store), "--no-progress"])
    assert result.exit_code == 0, result.output
    from kg.store import open_store

    with open_store(store) as opened:
        _, rows = opened.query("PREFIX dkg: <https://w3id.org/deliberations-kg/ontology#> SELECT DISTINCT ?page WHERE { ?s dkg:page ?page }")
    assert [int(row[0]) for row in rows] == [1]
