"""Pages per second of PDF reading (kg/pdf.py, pypdfium2) beside pypdf's, the extraction's own rate on
the same text, and the OCR extra's pages per second.

    python bench/bench_pdf.py [--repeat N]

The PDFs: the samples rendered by tests/make_test_pdfs.py (pages at their page markers; 003 is a
register of 29 deliberations) and the four published PDFs of ../shared/corpus/pdf/. Each figure is the
best of N runs. "pypdf" is `PdfReader(...).pages[i].extract_text()` (plain text, no layout reading),
the alternative measured against; "pdfium plain" is PDFium's own `get_text_range()`, the floor of
what kg/pdf.py (word boxes, columns, tables, margins) builds on. OCR: tesseract (fra) on the scanned
corpus PDF (138), pages rendered at 300 dpi.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
CORPUS_PDF = ROOT.parent / "shared" / "corpus" / "pdf"


def _best(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _measure(label: str, pdfs: list[Path], repeat: int) -> None:
    import pypdfium2 as pdfium

    from extractors import extract_document
    from kg.pdf import read_pdf

    pages = sum(len(pdfium.PdfDocument(p)) for p in pdfs)

    def ours():
        for p in pdfs:
            read_pdf(p, ocr=False)

    def plain():
        for p in pdfs:
            document = pdfium.PdfDocument(p)
            for i in range(len(document)):
                document[i].get_textpage().get_text_range()

    rows = [("kg/pdf.py (pypdfium2, layout)", _best(ours, repeat)), ("pdfium plain get_text_range", _best(plain, repeat))]
    try:
        import pypdf

        def with_pypdf():
            for p in pdfs:
                for page in pypdf.PdfReader(p).pages:
                    page.extract_text()

        rows.append(("pypdf extract_text", _best(with_pypdf, repeat)))
    except ImportError:
        print("  (pypdf is not installed: pip install pypdf, or the test extra)")
    texts = [read_pdf(p, ocr=False).text for p in pdfs]
    rows.append(("extraction of the text read", _best(lambda: [extract_document(t, "bench.pdf") for t in texts], repeat)))
    print(f"{label}: {len(pdfs)} PDFs, {pages} pages, {sum(len(t) for t in texts):,} characters")
    for name, seconds in rows:
        print(f"  {name:<36} {pages / seconds:>9,.1f} pages/s  ({seconds:.2f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-ocr", action="store_true", help="skip the OCR figure")
    args = parser.parse_args()

    import pypdfium2 as pdfium

    from kg.pdf import ocr_available, read_pdf
    from make_test_pdfs import SEEDS, pages_of, render_pdf

    tmp = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    rendered = [render_pdf(tmp / f"{s.stem}.pdf", pages_of(s.read_text(encoding="utf-8"))) for s in sorted(SEEDS.glob("00*.txt"))]
    published = [p for p in sorted(CORPUS_PDF.glob("*.pdf")) if not p.name.startswith("138_")]
    if published:
        _measure("published PDFs with a text layer (corpus 136, 137, 139)", published, args.repeat)
    _measure("the samples rendered by tests/make_test_pdfs.py (003: pages of ~27,000 characters)", rendered, args.repeat)

    scan = CORPUS_PDF / "138_flaux-cm-pv-2023-12-15.pdf"
    if args.no_ocr:
        return
    if not ocr_available():
        print("OCR: the ocr extra is not installed (pip install 'deliberations-kg[ocr]', apt-get install tesseract-ocr tesseract-ocr-fra)")
    elif scan.exists():
        n = len(pdfium.PdfDocument(scan))
        seconds = _best(lambda: read_pdf(scan, ocr=True), 1)
        print(f"OCR (tesseract fra, 300 dpi) of the scanned corpus PDF 138: {n / seconds:.2f} pages/s ({seconds:.1f} s, {n} pages)")


if __name__ == "__main__":
    main()
