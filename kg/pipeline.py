"""The whole journey for a set of files: read -> extract -> triples -> store.

`build(paths, store)` reads every file, extracts its deliberations, turns them into one rdflib graph
per file and only then writes all the graphs in one atomic `replace_documents` call. So an error in
any file (unreadable, binary, extractor failure) leaves the store exactly as it was, and a file in
which no deliberation is found is reported as a warning and leaves its old graph (if any) untouched.

`extract_records(paths)` stops after extraction and gives the SCHEMA.md records (`kg extract`,
`kg eval`).

Files are read by `kg.reading.read_source`: a PDF's text layer with its pages, whose start offsets go
with the deliberations to the triples (each span's page). A page without a text layer is reported as a
warning. With `keep_going`, a file that cannot be read or extracted is reported in `errors` and left
out, and the other files are built.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from extractors import explain_empty, extract_document
from kg.errors import UserError
from kg.identity import document_graph_iri
from kg.reading import Source, expand_paths, read_source
from kg.store import GraphStore, default_store_path, open_store
from kg.triples import document_graph


@dataclass(frozen=True)
class FindingLine:
    file: str
    number: str | None
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}\t{self.number or '-'}\t{self.code}\t{self.message}"


@dataclass
class BuildSummary:
    files: int = 0  # files read
    documents: int = 0  # files with deliberations, whose graph replaces their old one
    documents_changed: int = 0  # of those, the ones whose triples were not already stored as they are
    deliberations: int = 0
    triples_written: int = 0  # triples in the documents' graphs
    triples_before: int = 0  # in the store, before
    triples_total: int = 0  # in the store, after
    findings: list[FindingLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # with keep_going: the files left out, and why

    @property
    def triples_added(self) -> int:
        """Net change of the store's size (negative when a changed file gives fewer triples)."""
        return self.triples_total - self.triples_before


def _progress(files: list[Path], enabled: bool) -> tqdm:
    # weighted by size, so that one large file among small ones shows as most of the work
    # shown only on a terminal (not in logs or pipes), and erased when done so that errors stay one line
    total = sum(f.stat().st_size for f in files)
    return tqdm(
        total=total, unit="B", unit_scale=True, desc="extracting", leave=False,
        disable=None if enabled else True, file=sys.stderr,
    )  # fmt: skip


def _extracted(
    paths: Iterable[str | Path], progress: bool, glob: str | None = None, errors: list[str] | None = None
) -> Iterator[tuple[Source, list]]:
    """(source, deliberations) for each file; a UserError naming the file for any failure, or, when
    `errors` is given, the error's line added to it and the file skipped."""
    files = expand_paths(paths, glob)
    with _progress(files, progress) as bar:
        for path in files:
            bar.set_postfix_str(path.name, refresh=True)
            try:
                source = read_source(path)
                try:
                    deliberations = extract_document(source.text, path.name)
                except UserError:
                    raise
                except Exception as exc:  # a bug or an unforeseen text: stop before anything is written
                    consequence = "file left out" if errors is not None else "nothing was written"
                    raise UserError(f"{path}: extraction failed ({type(exc).__name__}: {exc}); {consequence}") from exc
            except UserError as exc:
                if errors is None:
                    raise
                errors.append(str(exc))
                bar.update(path.stat().st_size)
                continue
            yield source, deliberations
            bar.update(path.stat().st_size)


def no_deliberation_warning(source: Source | Path, consequence: str = "nothing extracted from this file") -> str:
    """What to tell the user about a file in which nothing was found, and why."""
    if not isinstance(source, Source):
        source = read_source(source)
    why = explain_empty(source.text) or "no decision found"
    return f"{source.path}: no deliberation found ({why}); {consequence}"


def extract_records(
    paths: Iterable[str | Path], progress: bool = False, warnings: list[str] | None = None, glob: str | None = None
) -> list[dict]:
    """The SCHEMA.md record of every deliberation found in the files, in file then document order.

    A file that gives no record, and a page without a text layer, add a line to `warnings`, when given."""
    records = []
    for source, deliberations in _extracted(paths, progress, glob):
        if warnings is not None:
            warnings += source.reports
            if not deliberations:
                warnings.append(no_deliberation_warning(source))
        records += [d.to_record() for d in deliberations]
    return records


def build(
    paths: Iterable[str | Path],
    store: GraphStore | str | Path | None = None,
    progress: bool = True,
    glob: str | None = None,
    keep_going: bool = False,
) -> BuildSummary:
    """Extract every file and replace their graphs in the store, all or nothing (with `keep_going`, all
    the files that could be read: the others are in `summary.errors`).

    `store` is an open `GraphStore`, or a directory (None: the default store) opened for writing once
    everything has been extracted, so a failed extraction does not even create the store.
    """
    summary = BuildSummary()
    graphs: dict = {}
    owners: dict = {}
    for source, deliberations in _extracted(paths, progress, glob, summary.errors if keep_going else None):
        path = source.path
        summary.files += 1
        summary.warnings += source.reports
        if not deliberations:
            summary.warnings.append(no_deliberation_warning(source, "nothing written for this file"))
            continue
        try:
            graph = _document_graph(source, deliberations)
            iri = document_graph_iri(path.name)
        except UserError:
            raise
        except Exception as exc:
            message = f"{path}: building its triples failed ({type(exc).__name__}: {exc})"
            if keep_going:
                summary.errors.append(f"{message}; file left out")
                continue
            raise UserError(f"{message}; nothing was written") from exc
        if iri in owners:
            raise UserError(
                f"{owners[iri]} and {path} have the same file name; rename one (a file name names its graph)"
            )
        owners[iri] = path
        graphs[iri] = graph
        summary.documents += 1
        summary.deliberations += len(deliberations)
        summary.triples_written += len(graph)
        summary.findings += [
            FindingLine(path.name, d.number, f.code, f.message) for d in deliberations for f in d.findings
        ]

    if isinstance(store, GraphStore):
        _write(store, graphs, summary, progress)
    elif not graphs and not Path(store if store is not None else default_store_path()).exists():
        pass  # nothing to write: do not create an empty store
    else:
        with open_store(store) as opened:
            _write(opened, graphs, summary, progress)
    return summary


def _document_graph(source: Source, deliberations: list):
    """The document's graph; the spans of a PDF are given their pages."""
    if source.pdf:
        return document_graph(source.path.name, deliberations, pages=source.pages)
    return document_graph(source.path.name, deliberations)  # a text file: one page, none given


def _write(store: GraphStore, graphs: dict, summary: BuildSummary, progress: bool) -> None:
    summary.triples_before = store.triple_count()
    if graphs:
        if progress and sys.stderr.isatty():
            message = f"writing {summary.triples_written} triples of {len(graphs)} documents to {store.path}"
            tqdm.write(message, file=sys.stderr)
        summary.documents_changed = len(store.replace_documents(graphs))
    summary.triples_total = store.triple_count()
