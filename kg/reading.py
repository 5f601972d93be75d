"""Step 0: find the input files and read each one as text.

`expand_paths(paths)` turns the command-line paths into a list of files: a directory gives its `.txt`
and `.md` files (not recursive), sorted by name; a file is kept as given; duplicates are dropped.

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
from pathlib import Path

from kg.errors import UserError

TEXT_SUFFIXES = (".txt", ".md")

# control characters that do not occur in text exports (tab, newlines and form feed do)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.01


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files to read: directories give their .txt/.md files, sorted; order kept, duplicates dropped."""
    files: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UserError(f"{path}: no such file or directory")
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES),
                key=lambda p: p.name,
            )
            if not found:
                raise UserError(f"{path}: no .txt or .md file in this directory; give the files or another directory")
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
        raise UserError(f"{path}: is a directory; give a .txt or .md file")
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
