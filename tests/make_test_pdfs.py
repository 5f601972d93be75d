"""Render test PDFs from the sample texts, with reportlab: each line of the text as a line of the page.

    python tests/make_test_pdfs.py OUT_DIR        # every sample of ../shared/seeds, and the two-column one

A page ends where the sample prints a page marker (`1 / 3`, `- 2 -`, `Page 2 sur 5` on its own line,
the marker being the page's last line), so the PDF's pages are the pages the text was extracted from;
a page too long for the largest PDF page (14,400 pt) goes on over several (`pdf_page_lines`).
The font is reportlab's own Bitstream Vera; glyphs it lacks (private-use bullets, which `clean`
blanks anyway, arrows) are printed as spaces. `render_pdf(..., header_columns=(left, right))` prints
two blocks of lines side by side at the top of the first page (a header and its side box of counts),
`stamp=` prints the prefecture's stamp at the top right of every page, `scanned=True` prints the text
as an image only (a scan: no text layer but the stamp).
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
PAGE_MARKER = re.compile(
    r"^[ \t]*(?:\d{1,4}[ \t]*/[ \t]*\d{1,4}|-[ \t]*\d{1,4}[ \t]*-|(?:page|p\.)[ \t]*\d{1,4}(?:[ \t]*(?:/|sur)[ \t]*\d{1,4})?)[ \t]*$",
    re.I,
)
FONT, SIZE, LEADING, MARGIN = "Vera", 8, 10, 36
MAX_HEIGHT = 14000  # reportlab's largest page is 14400 pt


def _font():
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(FONT, os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"))
        pdfmetrics.registerFont(font)
    font = pdfmetrics.getFont(FONT)
    return font, set(font.face.charToGlyph)


def pages_of(text: str) -> list[list[str]]:
    """The text's lines, page by page: a page marker line ends its page."""
    pages, current = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        current.append(line)
        if PAGE_MARKER.match(line):
            pages.append(current)
            current = []
    if any(line.strip() for line in current) or not pages:
        pages.append(current)
    return pages


def _blocks(lines: list[str]) -> list[list[str]]:
    """A sample's page as PDF pages: one, or several when it is too long for the largest page."""
    size = (MAX_HEIGHT - 200) // LEADING
    return [lines[i : i + size] for i in range(0, max(len(lines), 1), size)]


def pdf_page_lines(pages: list[list[str]]) -> list[int]:
    """The number of the sample's lines on each page of the PDF `render_pdf` makes of `pages`."""
    return [len(block) for lines in pages for block in _blocks(lines)]


def render_pdf(
    path: str | Path,
    pages: list[list[str]],
    header_columns: tuple[list[str], list[str]] | None = None,
    stamp: list[str] | None = None,
    scanned: bool = False,
) -> Path:
    from reportlab.pdfgen import canvas

    font, glyphs = _font()

    def printable(line: str) -> str:
        return "".join(ch if ord(ch) in glyphs or ch == " " else " " for ch in line.replace("\t", "    ").rstrip())

    widths = [font.stringWidth(printable(line), SIZE) for page in pages for line in page] + [400]
    width = max(widths) + 2 * MARGIN + (240 if header_columns else 0)
    path = Path(path)
    c = canvas.Canvas(str(path), pageCompression=1)
    for number, lines in enumerate(pages, 1):
        for block in _blocks(lines):
            top_rows = max(len(header_columns[0]), len(header_columns[1])) if header_columns and number == 1 else 0
            height = max(842, (len(block) + top_rows + 8) * LEADING + 2 * MARGIN)
            c.setPageSize((width, height))
            y = height - MARGIN - 3 * LEADING
            if stamp:
                c.setFont(FONT, 6)
                for i, line in enumerate(stamp):
                    c.drawString(width - 200, height - 14 - 7 * i, line)
            if scanned:
                _draw_as_image(c, [printable(line) for line in block], width, height, y)
            else:
                c.setFont(FONT, SIZE)
                if top_rows:
                    left, right = header_columns
                    for i, line in enumerate(left):
                        c.drawString(MARGIN, y - i * LEADING, printable(line))
                    for i, line in enumerate(right):  # the side box, its lines not on the left's baselines
                        c.drawString(MARGIN + max(widths) * 0 + 330, y - 3 - i * (LEADING + 2), printable(line))
                    y -= (top_rows + 2) * (LEADING + 2)
                    header_columns = None
                for i, line in enumerate(block):
                    c.drawString(MARGIN, y - i * LEADING, printable(line))
            c.showPage()
    c.save()
    return path


def _draw_as_image(c, lines: list[str], width: float, height: float, y: float) -> None:
    """The lines drawn into a bitmap at 200 dpi, and only the bitmap put on the page."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    import reportlab

    scale = 200 / 72
    image = Image.new("L", (int(width * scale), int(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"), int(11 * scale))
    for i, line in enumerate(lines):
        draw.text((MARGIN * scale, (height - y + i * 14) * scale), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    c.drawImage(ImageReader(buffer), 0, 0, width, height)


def two_column_sample() -> tuple[str, list[str], list[str], list[str]]:
    """Sample 004 (a syndicat's act) as printed: its header beside a side box of counts, then its text.

    Gives the text (as the .txt prints it), the left column, the side box and the lines below."""
    text = (SEEDS / "004_5a523bc9ac06f3c2.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    box_start = next(i for i, line in enumerate(lines) if line.startswith("Membres en exercice"))
    box_end = next(i for i, line in enumerate(lines) if line.startswith("Membres votants")) + 1
    return text, lines[:box_start], lines[box_start:box_end], lines[box_end:]


def main(out: str) -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for sample in sorted(SEEDS.glob("00*.txt")):
        render_pdf(out_dir / f"{sample.stem}.pdf", pages_of(sample.read_text(encoding="utf-8")))
    _, left, box, rest = two_column_sample()
    render_pdf(out_dir / "004_two_columns.pdf", [rest], header_columns=(left, box))
    print(f"wrote the test PDFs in {out_dir}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/output/pdf")
