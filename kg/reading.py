"""Step 0: find the input files and read each one as text.

`expand_paths(paths, glob=None)` turns the command-line paths into a list of files: a directory gives
its `.pdf`, `.txt` and `.md` files, in its sub-directories too, sorted by path (`glob`, e.g. `*.pdf` or
`2023/**/*.txt`, chooses others); a file is kept as given; duplicates are dropped.

`read_source(path)` gives a `Source`: the text the extractors see and its pages (a PDF's text layer,
`kg/pdf.py`, with the offset where each page starts and a report for each page without text; a text
file is one page).

`read_document(path)` returns the file's text *exactly* as stored, newlines included (no universal
newline translation), so the character offsets the extractors record are offsets into the file's
characters. Encodings tried, in order: UTF-16 when the file starts with its byte-order mark, UTF-8
(a leading BOM is dropped), then Windows-1252 (PDF-to-text tools and office exports on Windows).
Refused, each with a one-line `UserError`: a missing path, an empty (or blank) file, a binary file
(NUL bytes, bytes that decode in neither encoding, or mostly control characters).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UserError
from kg.pdf import Page

TEXT_SUFFIXES = (".txt", ".md")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = PDF_SUFFIXES + TEXT_SUFFIXES

# control characters that do not occur in text exports (tab, newlines and form feed do)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.01


@dataclass(frozen=True)
class Source:
    """What was read from one file: its text (what the extractors see) and its pages."""

    path: Path
    text: str
    pages: list[Page]
    reports: list[str] = field(default_factory=list)  # pages without a text layer, one line each
    pdf: bool = False  # read from a PDF: its spans have pages


def read_source(path: str | Path) -> Source:
    """The text and pages of a .pdf, .txt or .md file; a `UserError` if it cannot be read."""
    path = Path(path)
    if path.suffix.lower() in PDF_SUFFIXES and path.is_file() or _starts_as_pdf(path):
        from kg.pdf import read_pdf

        pdf = read_pdf(path)
        return Source(path, pdf.text, pdf.pages, pdf.reports, pdf=True)
    text = read_document(path)
    return Source(path, text, [Page(1, 0, len(text))])


def _starts_as_pdf(path: Path) -> bool:
    """A PDF whatever its name (a scan saved as .txt): its first bytes say so."""
    try:
        with path.open("rb") as file:
            return file.read(5) == b"%PDF-"
    except OSError:
        return False


def expand_paths(paths: Iterable[str | Path], glob: str | None = None) -> list[Path]:
    """The files to read: directories give their .pdf/.txt/.md files (recursively, or those matching
    `glob`), sorted; order kept, duplicates dropped."""
    files: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UserError(f"{path}: no such file or directory")
        if path.is_dir():
            candidates = path.glob(glob) if glob else path.rglob("*")
            found = sorted(
                (p for p in candidates if p.is_file() and (glob or p.suffix.lower() in SUFFIXES)),
                key=lambda p: p.relative_to(path).parts,
            )
            if not found:
                wanted = f"file matching {glob!r}" if glob else ".pdf, .txt or .md file"
                raise UserError(f"{path}: no {wanted} in this directory or below; give the files or another directory")
        else:
            found = [path]
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def read_document(path: str | Path) -> str:
    """The text of one file, decoded; a `UserError` if it is missing, empty or binary."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file or directory")
    if path.is_dir():
        raise UserError(f"{path}: is a directory; give a .pdf, .txt or .md file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UserError(f"{path}: the file is empty; give the text of a deliberation")
    text = _decode(data)
    if text is None or len(_CONTROL.findall(text)) > _MAX_CONTROL_RATIO * len(text):
        raise UserError(f"{path}: looks like a binary file, not text; convert it to .txt (e.g. pdftotext) first")
    return text


def _decode(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
