"""Step 0 for PDF files: the text layer of a published deliberation, page by page.

`read_pdf(path)` returns a `PdfText`: one string (what the extractors see, so every span they record is
an offset into it), the `Page`s with the offset where each starts, and one report per page that has no
text layer. The text layer is read with pypdfium2 (PDFium's bindings, Apache-2.0/BSD-3-Clause), word
boxes and all, so that the layout is read as a reader reads it:

- lines are rebuilt from the word boxes, top to bottom, left to right;
- two columns (a two-column header, a side box of counts beside the header's text) are read column by
  column: a run of lines split by the same gutter whose left part is running text that fills its column;
- tables (attendance, amounts) are read row by row, cells apart;
- headers and footers printed on every page are dropped (a page number, the authority's letterhead),
  but the prefecture's stamp ("Reçu en préfecture le …", its ACTES "ID : …") is kept once, where it is
  first printed, so it reaches the graph;
- a page with no text layer (a scan; its only text may be the stamp) is reported, and read by OCR when
  the `ocr` extra (pytesseract with Debian's tesseract-ocr and tesseract-ocr-fra) is installed; its
  `Page` says so, with tesseract's mean word confidence.

Encrypted, damaged or truncated files give one `UserError` naming the file.
"""

from __future__ import annotations

import bisect
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UserError

OCR_HINT = "install the OCR extra to read it: pip install 'deliberations-kg[ocr]' and apt-get install tesseract-ocr tesseract-ocr-fra"
_MIN_PAGE_CHARS = 30  # fewer letters than this, besides headers and the stamp: the page is an image
_IMAGE_OBJECT = 3  # FPDF_PAGEOBJ_IMAGE
_STAMP = re.compile(r"pr[ée]fecture|^\s*ID\s*:|^\s*Publi[ée] le|^\s*Affich[ée] le", re.I)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    start: int  # offset of its first character in the document's text
    end: int
    method: str = "text"  # "text" (the PDF's text layer), "ocr", or "none" (no text layer, not read)
    confidence: float | None = None  # OCR: the engine's mean word confidence, 0-100
    engine: str | None = None  # OCR: e.g. "tesseract 5.3.0"


@dataclass
class PdfText:
    text: str
    pages: list[Page]
    reports: list[str] = field(default_factory=list)  # one line per page without a text layer

    @property
    def page_starts(self) -> list[int]:
        return [p.start for p in self.pages]

    def page_at(self, offset: int) -> Page:
        """The page holding the character at `offset`."""
        return self.pages[max(0, bisect.bisect_right(self.page_starts, offset) - 1)]


# --- lines from word boxes ---------------------------------------------------------------------------


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[tuple[float, float, str]]  # (left, right, text)

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def _segments(textpage) -> list[tuple[float, float, float, float, str]]:
    """Runs of characters printed one after the other on one line: (left, bottom, right, top, text)."""
    import ctypes

    import pypdfium2.raw as raw

    handle, get_unicode, get_box = textpage.raw, raw.FPDFText_GetUnicode, raw.FPDFText_GetCharBox
    box = [ctypes.c_double() for _ in range(4)]
    refs = [ctypes.byref(b) for b in box]
    segments: list[list] = []
    current: list | None = None
    for i in range(textpage.count_chars()):
        char = chr(get_unicode(handle, i))
        if char == "\x02":  # PDFium's mark for a hyphen at the end of a line: the hyphen as printed
            char = "-"
        if char in "\r\n\ufffe":
            current = None
            continue
        if char.isspace():
            if current is not None and not current[4].endswith(" "):
                current[4] += " "
            continue
        get_box(handle, i, *refs)  # left, right, bottom, top
        left, right, bottom, top = box[0].value, box[1].value, box[2].value, box[3].value
        height = max(top - bottom, 4.0)
        if current is not None:
            middle = (bottom + top) / 2
            same_line = current[1] - 2 <= middle <= current[3] + 2 or abs(bottom - current[1]) < height / 2
            if not same_line or left < current[2] - height or left - current[2] > max(12.0, 1.5 * height):
                current = None
        if current is None:
            current = [left, bottom, right, top, ""]
            segments.append(current)
        current[4] += char
        current[2] = max(current[2], right)
        if top - bottom > 2:  # a lone punctuation mark does not stretch the line
            current[1], current[3] = min(current[1], bottom), max(current[3], top)
    return [tuple(s) for s in segments]


def _lines(textpage) -> list[_Line]:
    boxes = _segments(textpage)
    boxes.sort(key=lambda b: -(b[1] + b[3]) / 2)
    lines: list[_Line] = []
    for left, bottom, right, top, text in boxes:
        middle = (bottom + top) / 2
        for line in reversed(lines[-3:]):
            if line.bottom - 1 <= middle <= line.top + 1:
                line.words.append((left, right, text))
                line.top, line.bottom = max(line.top, top), min(line.bottom, bottom)
                break
        else:
            lines.append(_Line(top, bottom, [(left, right, text)]))
    for line in lines:
        line.words.sort()
    return lines


def _chunks(line: _Line) -> list[tuple[float, float, str]]:
    """The line's runs of words, split where the gap is that of a column or a table's cells."""
    gap = max(18.0, 2.2 * line.height)
    chunks: list[list] = []
    for left, right, text in line.words:
        if chunks and left - chunks[-1][1] < gap:
            last = chunks[-1]
            if left - last[1] > 0.2 * line.height and not last[2].endswith(" "):
                last[2] += " "
            last[1], last[2] = max(last[1], right), last[2] + text
        else:
            chunks.append([left, right, text])
    return [(a, b, c.strip()) for a, b, c in chunks]


def _page_lines(lines: list[_Line], height: float) -> tuple[list[str], set[int]]:
    """The page's text lines in reading order (two-column runs column by column, tables row by row),
    and the indexes of those printed in its top or bottom margin, where headers and footers stand."""
    split = [_chunks(line) for line in lines]
    out: list[str] = []
    margins: set[int] = set()

    def put(text: str, line: _Line | None) -> None:
        if line is not None and (line.bottom > height * (1 - _TOP_MARGIN) or line.top < height * _BOTTOM_MARGIN):
            margins.add(len(out))
        out.append(text)

    # a paragraph's spacing (a gap of more than one line) is kept as blank lines
    steps = sorted(a.bottom - b.bottom for a, b in zip(lines, lines[1:]) if a.bottom - b.bottom > 0)
    leading = steps[len(steps) // 10] if steps else 0.0  # the usual step from one line to the next
    blanks = [0] + [
        min(int(round((a.bottom - b.bottom) / leading)) - 1, 3) if leading and a.bottom - b.bottom > 1.6 * leading else 0
        for a, b in zip(lines, lines[1:])
    ]
    i = 0
    while i < len(split):
        for _ in range(blanks[i]):
            put("", None)
        run_end, gutter = _column_run(split, i)
        if gutter is None:
            put("  ".join(c[2] for c in split[i]), lines[i])
            i += 1
            continue
        right = []
        for k, chunks in enumerate(split[i:run_end]):
            for _ in range(blanks[i + k] if k else 0):
                put("", None)
            for c in chunks:
                if c[1] <= gutter:
                    put(c[2], lines[i + k])
                elif c[0] >= gutter:
                    right.append((c[2], lines[i + k]))
        for text, line in right:
            put(text, line)
        i = run_end
    return out, margins


def _column_run(split: list[list], i: int) -> tuple[int, float | None]:
    """Where a run of two-column lines starting at line i ends, and its gutter; (i, None) if none."""
    if len(split[i]) != 2:
        return i, None
    gutter_lo, gutter_hi = split[i][0][1], split[i][1][0]
    j = i + 1
    while j < len(split):
        chunks = split[j]
        if len(chunks) == 2 and chunks[0][1] < gutter_hi and chunks[1][0] > gutter_lo:
            gutter_lo, gutter_hi = max(gutter_lo, chunks[0][1]), min(gutter_hi, chunks[1][0])
        elif len(chunks) == 1 and chunks[0][1] < gutter_hi - 4:  # a line of the left column only
            gutter_lo = max(gutter_lo, chunks[0][1])
        elif len(chunks) == 1 and chunks[0][0] > gutter_lo + 4:  # of the right column only
            gutter_hi = min(gutter_hi, chunks[0][0])
        else:
            break
        j += 1
    # the run ends with the right column: the left one's lines below it are read after it
    while j > i and not any(c[0] > gutter_lo for c in split[j - 1]):
        j -= 1
    rows = [c for c in split[i:j] if len(c) == 2]
    if j - i < 2 or gutter_hi <= gutter_lo:
        return i, None
    # running text fills its column: its lines are long and end near the gutter; a table's cells do not
    lefts = [c[0] for c in rows]
    prose = sum(1 for c in lefts if len(c[2]) >= 25 and gutter_lo - c[1] < 40)
    rights = [c[-1][2] for c in split[i:j] if c[-1][0] >= gutter_hi - 2]
    labelled = sum(1 for text in rights if re.search(r"\w\s*:\s*\S", text))  # a side box: "Votants : 25"
    if prose * 2 < len(lefts) and labelled * 2 < len(rights):
        return i, None  # short cells, not running text: a table, read row by row
    return j, (gutter_lo + gutter_hi) / 2


# --- repeated headers and footers ----------------------------------------------------------------------


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


_TOP_MARGIN, _BOTTOM_MARGIN = 0.10, 0.08  # of the page's height: where headers, footers and stamps stand


# --- OCR -------------------------------------------------------------------------------------------------


def ocr_available() -> bool:
    """True when the `ocr` extra is installed: pytesseract and tesseract with its French data."""
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return False
    if shutil.which("tesseract") is None:
        return False
    try:
        return "fra" in pytesseract.get_languages(config="")
    except Exception:
        return False


def _ocr(page) -> tuple[list[str], float, str]:
    """The page's lines read by tesseract (French), its mean word confidence and the engine's name."""
    import pytesseract

    # tesseract's OpenMP threads fight over a page: one thread is 5x faster on 2 cores (bench/bench_pdf.py)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    image = page.render(scale=300 / 72).to_pil()
    data = pytesseract.image_to_data(image, lang="fra", output_type=pytesseract.Output.DICT)
    lines: dict[tuple, list[str]] = {}
    confidences = []
    for word, conf, *key in zip(data["text"], data["conf"], data["block_num"], data["par_num"], data["line_num"]):
        if word.strip() and float(conf) >= 0:
            lines.setdefault(tuple(key), []).append(word)
            confidences.append(float(conf))
    mean = round(sum(confidences) / len(confidences), 1) if confidences else 0.0
    return [" ".join(words) for words in lines.values()], mean, f"tesseract {pytesseract.get_tesseract_version()}"


# --- the entry point -------------------------------------------------------------------------------------


def read_pdf(path: str | Path, ocr: bool | None = None) -> PdfText:
    """The text of a PDF with its pages; `ocr`: None reads scanned pages by OCR when the extra is there."""
    import pypdfium2 as pdfium

    path = Path(path)
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UserError(f"{path}: the PDF is encrypted (password-protected); give a decrypted copy") from exc
        raise UserError(f"{path}: not a readable PDF (damaged or truncated: {_why(exc)})") from exc
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        pages_lines, has_image = [], []
        for index in range(len(document)):
            page = document[index]
            pages_lines.append(_page_lines(_lines(page.get_textpage()), page.get_height()))
            has_image.append(any(o.type == _IMAGE_OBJECT for o in page.get_objects()))
        if not pages_lines:
            raise UserError(f"{path}: the PDF has no page")
        repeated = _repeated(pages_lines)
        if ocr is None:  # KG_OCR=off reads no page by OCR, even with the extra installed
            ocr = os.environ.get("KG_OCR", "").lower() not in ("0", "off", "no", "false") and ocr_available()
        use_ocr = ocr
        texts, pages, reports, seen_stamps = [], [], [], set()
        start, total = 0, len(pages_lines)
        for number, (lines, margins) in enumerate(pages_lines, 1):
            kept = []
            for at, line in enumerate(lines):
                key = _key(line)
                if key in repeated and at in margins:
                    if not _STAMP.search(line) or key in seen_stamps:
                        continue
                    seen_stamps.add(key)
                kept.append(line)
            while kept and not kept[0].strip():  # the blank lines left by a dropped header or footer
                kept.pop(0)
            while kept and not kept[-1].strip():
                kept.pop()
            method, confidence, engine = "text", None, None
            body = [line for line in kept if not _STAMP.search(line)]
            if sum(ch.isalnum() for line in body for ch in line) < _MIN_PAGE_CHARS and (has_image[number - 1] or not body):
                if use_ocr:
                    ocr_lines, confidence, engine = _ocr(document[number - 1])
                    # the stamp printed over the scan is read from the text layer, not once more by OCR
                    kept += [line for line in ocr_lines if _key(line) not in repeated and _key(line) not in seen_stamps]
                    method = "ocr"
                    reports.append(f"{path}: page {number} of {total} has no text layer; read by OCR ({engine}, mean confidence {confidence:.0f})")
                else:
                    method = "none"
                    only = " (only the prefecture's stamp)" if any(_STAMP.search(line) for line in lines) else ""
                    reports.append(f"{path}: page {number} of {total} has no text layer{only}, it is a scanned image; {OCR_HINT}")
            page_text = "".join(line + "\n" for line in kept)
            texts.append(page_text)
            pages.append(Page(number, start, start + len(page_text), method, confidence, engine))
            start += len(page_text)
    except pdfium.PdfiumError as exc:
        raise UserError(f"{path}: not a readable PDF (damaged: {_why(exc)})") from exc
    finally:
        document.close()
    return PdfText("".join(texts), pages, reports)


def _repeated(pages_lines: list[tuple[list[str], set[int]]]) -> set[str]:
    """Lines printed in the margins of most pages (at least two): headers, footers, page numbers, stamps."""
    if len(pages_lines) < 2:
        return set()
    counts: dict[str, int] = {}
    for lines, margins in pages_lines:
        for key in {_key(lines[i]) for i in margins}:
            counts[key] = counts.get(key, 0) + 1
    least = max(2, (len(pages_lines) + 1) // 2)
    return {key for key, n in counts.items() if n >= least and key.strip()}


def _why(exc: Exception) -> str:
    m = re.search(r"PDFium: ([^)]*)", str(exc))
    return m.group(1).strip().rstrip(".").lower() if m else str(exc)
