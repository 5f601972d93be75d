"""Seconds and peak memory of each `kg export` format, on a store of N synthetic deliberations.

    python bench/bench_export.py [--n 100000] [--work DIR] [--formats nt,cyjs,...] [--views votes,...]
                                 [--html-view co-attendance] [--tracemalloc] [--rebuild]

1. `bench/synthesize.py` writes N deliberations (40 per file) under WORK/texts (kept for the next run).
2. The store (WORK/store, kept too; `--rebuild` starts again) is built file by file, as `kg build`
   would (extractor, then `kg.triples`), two files at a time in worker processes, each document's
   triples bulk-loaded into its named graph: `kg build` holds every graph in memory before its one
   atomic write, which does not fit 100,000 deliberations. An interrupted build resumes: the files
   whose graph is in the store are skipped (one `bulk_load` per file, so a graph is whole or absent).
3. Each format (graph formats once per view of `--views`) is exported in a fresh process, so that
   its peak resident memory (ru_maxrss, read with os.wait4) and its CPU seconds (user + system: the
   same when other runs share the cores, where wall seconds grow) are its own; `--tracemalloc` also reports
   the peak of Python's allocations (slower). The output goes to WORK/out and is deleted once
   measured. The SCDL tables are written for a made-up publisher covering every body; the HTML page,
   meant to be looked at, for one view (`--html-view`, default `co-attendance`: the members).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RDF_FORMATS = ("nq", "nt", "ttl", "jsonld")
GRAPH_FORMATS = ("graphml", "gexf", "cyjs", "csv-gephi", "csv-neo4j")
SCDL_FORMATS = ("scdl-deliberations", "scdl-subventions")
# a made-up publisher (not a real SIRET: the bench writes the table, it does not check it), for every body
PUBLISHER = {"COLL_NOM": "Collectivité de test", "COLL_SIRET": "12345678900017"}
VIEWS = ("attendance", "co-attendance", "citations", "money", "votes")


def _document(path: Path) -> tuple[str, str, bytes, int]:
    """(file name, graph IRI, N-Triples, deliberations) of one file: what `kg build` would store."""
    from extractors import extract_document
    from kg.identity import document_graph_iri
    from kg.reading import read_document
    from kg.triples import document_graph

    deliberations = extract_document(read_document(path), path.name)
    graph = document_graph(path.name, deliberations)
    return path.name, str(document_graph_iri(path.name)), graph.serialize(format="nt", encoding="utf-8"), len(deliberations)


def build(texts: Path, store_dir: Path) -> tuple[int, int, float]:
    """Deliberations and triples loaded, and seconds taken."""
    import pyoxigraph as ox

    from kg.identity import document_graph_iri

    start = time.perf_counter()
    store = ox.Store(str(store_dir))
    loaded = {graph.value for graph in store.named_graphs()}
    files = [f for f in sorted(texts.glob("*.txt")) if str(document_graph_iri(f.name)) not in loaded]
    if loaded:
        print(f"  resuming: {len(loaded)} files already in the store, {len(files)} to go", flush=True)
    deliberations = 0
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for index, (name, iri, data, count) in enumerate(pool.map(_document, files, chunksize=1), start=1):
            store.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
            deliberations += count
            if index % 50 == 0 or index == len(files):
                print(f"  {index}/{len(files)} files, {deliberations} deliberations, {time.perf_counter() - start:.0f} s", flush=True)
    store.optimize()
    triples = len(store)
    del store
    (store_dir / "COMPLETE").touch()
    return deliberations, triples, time.perf_counter() - start


def _size(paths: list[Path]) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


def child(args: argparse.Namespace) -> None:
    """Run one export and print {"seconds", "bytes", "python_peak"} as JSON."""
    import tracemalloc

    from kg.export import export, formats
    from kg.store import open_store

    formats()  # imports every writer's module before the clock starts
    if args.tracemalloc:
        tracemalloc.start()
    start = time.perf_counter()
    with open_store(args.store, read_only=True) as store:
        if args.child in SCDL_FORMATS:
            from kg.scdl import Publisher, export_scdl

            written, _ = export_scdl(store, args.child, Publisher(PUBLISHER["COLL_NOM"], PUBLISHER["COLL_SIRET"]), out=args.child_out)
        else:
            written = export(store, args.child, out=args.child_out, view=args.child_view or None)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    print(json.dumps({"seconds": seconds, "bytes": _size(written), "python_peak": peak}))


def _run(store: Path, fmt: str, view: str, out_dir: Path, trace: bool) -> dict:
    out = out_dir / (f"{fmt}-{view}/" if fmt.startswith("csv") else f"{view or 'all'}.{fmt}")
    command = [sys.executable, __file__, "--store", str(store), "--child", fmt, "--child-view", view, "--child-out", str(out)]
    if trace:
        command.append("--tracemalloc")
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True)
        stdout = process.stdout.read()
        process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)  # the rusage of this child alone
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        messages = errors.read().strip().splitlines()
    if out.is_dir():
        shutil.rmtree(out)
    else:
        out.unlink(missing_ok=True)
    if process.returncode:
        return {"error": messages[-1] if messages else f"exit status {process.returncode}"}
    cpu = usage.ru_utime + usage.ru_stime  # unlike seconds, the same when other runs share the cores
    return {**json.loads(stdout.strip().splitlines()[-1]), "max_rss": usage.ru_maxrss * 1024, "cpu": cpu}


def _baseline(store: Path) -> int:
    """ru_maxrss of a process that imports the exporter and opens the store, and exports nothing."""
    code = "from kg.export import formats; from kg.store import open_store; formats(); open_store(%r, read_only=True)"
    process = subprocess.Popen([sys.executable, "-c", code % str(store)], cwd=ROOT)
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic deliberations (default 100000)")
    parser.add_argument("--work", type=Path, help="working directory (default /tmp/kg-bench-N)")
    parser.add_argument("--formats", default=",".join(RDF_FORMATS + GRAPH_FORMATS + SCDL_FORMATS + ("html",)))
    parser.add_argument("--views", default=",".join(("full",) + VIEWS), help="views of the graph formats")
    parser.add_argument("--html-view", default="co-attendance", help="view of the html page")
    parser.add_argument("--tracemalloc", action="store_true", help="also report the peak of Python allocations")
    parser.add_argument("--rebuild", action="store_true", help="synthesize and build again")
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-view", default="", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return

    from bench.synthesize import synthesize

    work = args.work or Path(f"/tmp/kg-bench-{args.n}")
    texts, store, out_dir = work / "texts", work / "store", work / "out"
    if args.rebuild:
        shutil.rmtree(work, ignore_errors=True)
    if not texts.is_dir():
        start = time.perf_counter()
        files = synthesize(args.n, texts)
        print(f"synthesized {args.n} deliberations in {len(files)} files: {time.perf_counter() - start:.0f} s")
    if not (store / "COMPLETE").is_file():
        print("building the store")
        deliberations, triples, seconds = build(texts, store)
        print(f"store: {deliberations} deliberations loaded, {triples:,} triples, built in {seconds:.0f} s")
    out_dir.mkdir(parents=True, exist_ok=True)

    import pyoxigraph as ox

    opened = ox.Store.read_only(str(store))
    deliberations = next(iter(opened.query("PREFIX dkg: <https://w3id.org/deliberations-kg/ontology#> "
                                           "SELECT (COUNT(DISTINCT ?d) AS ?n) { GRAPH ?g { ?d a dkg:Deliberation } }")))[0].value  # fmt: skip
    print(f"\nN = {args.n}, store {store}: {int(deliberations):,} deliberations, {len(opened):,} quads in "
          f"{sum(1 for _ in opened.named_graphs()):,} graphs; baseline RSS (imports + open store) {_baseline(store) / 2**20:.0f} MB")  # fmt: skip
    del opened
    formats = [f for f in args.formats.split(",") if f]
    views = [v for v in args.views.split(",") if v]
    runs = [(f, "") for f in formats if f in RDF_FORMATS + SCDL_FORMATS]
    runs += [(f, view) for f in formats if f in GRAPH_FORMATS for view in views]
    runs += [("html", args.html_view)] if "html" in formats else []
    header = f"{'format':<18} {'view':<14} {'seconds':>8} {'CPU s':>8} {'output MB':>10} {'max RSS MB':>11}"
    print(header + (f" {'Python peak MB':>15}" if args.tracemalloc else ""))
    for fmt, view in runs:
        result = _run(store, fmt, view, out_dir, args.tracemalloc)
        if "error" in result:
            print(f"{fmt:<18} {view or '-':<14} failed: {result['error']}", flush=True)
            continue
        line = (f"{fmt:<18} {view or '-':<14} {result['seconds']:>8.1f} {result['cpu']:>8.1f} {result['bytes'] / 2**20:>10.1f} "
                f"{result['max_rss'] / 2**20:>11.0f}")  # fmt: skip
        if args.tracemalloc:
            line += f" {result['python_peak'] / 2**20:>15.1f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
