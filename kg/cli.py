"""The `kg` command: a thin skin over the library, one library call per command.

Errors the user can fix are `UserError`s: one line on stderr, exit status 1, no traceback.
"""

from __future__ import annotations

import json

import click

from kg import evaluate as evaluation
from kg import pipeline, queries
from kg.store import DEFAULT_STORE, STORE_ENV

_store_option = click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False),
    envvar=STORE_ENV,
    default=DEFAULT_STORE,
    show_default=True,
    help=f"Store directory (or set {STORE_ENV}).",
)


@click.group()
@click.version_option(package_name="deliberations-kg")
def main() -> None:
    """Turn French local-government deliberations into a knowledge graph and query it with SPARQL."""


_glob_option = click.option(
    "--glob", "glob", default=None, metavar="PATTERN",
    help="In directories, read the files matching PATTERN (e.g. '*.pdf', '2023/**/*.txt'); default: every .pdf, .txt and .md file, recursively.",
)  # fmt: skip


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_store_option
@_glob_option
@click.option("--keep-going", is_flag=True, help="Build the files that can be read; report the others (exit status 1).")
@click.option("--progress/--no-progress", default=True, help="Show a progress bar on stderr.")
def build(paths: tuple[str, ...], store: str, glob: str | None, keep_going: bool, progress: bool) -> None:
    """Extract PATHS (.pdf/.txt/.md files or directories) and replace their graphs in the store."""
    summary = pipeline.build(paths, store, progress=progress, glob=glob, keep_going=keep_going)
    for error in summary.errors:
        click.echo(f"Error: {error}", err=True)
    for warning in summary.warnings:
        click.echo(f"Warning: {warning}", err=True)
    for finding in summary.findings:
        click.echo(f"finding\t{finding}")
    click.echo(
        f"{summary.documents} documents ({summary.documents_changed} changed), {summary.deliberations} deliberations, "
        f"{summary.triples_written} triples; {store}: {summary.triples_total} triples ({summary.triples_added:+d})"
        + (f"; {len(summary.errors)} file(s) left out" if summary.errors else "")
    )
    if summary.errors:
        raise SystemExit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@_glob_option
def extract(paths: tuple[str, ...], fmt: str, glob: str | None) -> None:
    """Print the extraction records of PATHS (.pdf/.txt/.md files or directories) as a JSON list."""
    warnings: list[str] = []
    records = pipeline.extract_records(paths, warnings=warnings, glob=glob)
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(json.dumps(records, ensure_ascii=False, indent=2))


@main.command(name="eval")
@click.option("--gold", "gold", required=True, type=click.Path(dir_okay=False), help="Gold records (JSON list).")
@click.option("--mistakes", is_flag=True, help="Also list every missed and extra item.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_glob_option
@click.argument("paths", nargs=-1, required=True)
def eval_command(gold: str, mistakes: bool, as_json: bool, glob: str | None, paths: tuple[str, ...]) -> None:
    """Score the extraction of PATHS (or of .json record files) against the gold records of those files."""
    report = evaluation.evaluate_paths(paths, gold, glob=glob)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(evaluation.format_report(report, mistakes=mistakes))


def _remote_options(command):
    """--user, --password and --auth of the commands that talk to a SPARQL server (kg/remote.py)."""
    command = click.option("--auth", type=click.Choice(["digest", "basic"]), default="digest", show_default=True, help="HTTP authentication scheme.")(command)
    command = click.option("--password", envvar="KG_SPARQL_PASSWORD", default=None, help="Password (or set KG_SPARQL_PASSWORD).")(command)
    return click.option("--user", envvar="KG_SPARQL_USER", default=None, help="User name for HTTP authentication (or set KG_SPARQL_USER).")(command)


@main.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(queries.FORMATS), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Print at most this many rows.")
@_store_option
@click.option("--endpoint", default=None, metavar="URL", help="Query this SPARQL endpoint instead of the store.")
@_remote_options
def query(query: str, params: tuple[str, ...], fmt: str, limit: int | None, store: str, endpoint: str | None, user: str | None, password: str | None, auth: str) -> None:
    """Run a named QUERY (see `kg queries`) or a FILE.rq on the store, or on a SPARQL --endpoint."""
    if endpoint:
        from kg.remote import run_remote_query

        named, variables, rows = run_remote_query(query, queries.parse_param_options(params), endpoint, user, password, auth=auth)
    else:
        named, variables, rows = queries.run_query(query, queries.parse_param_options(params), store)
    click.echo(queries.format_results(variables, rows[:limit], fmt, queries.query_prefixes(named.text)))


@main.command(name="queries")
def list_queries() -> None:
    """List the named queries with their parameters."""
    named = queries.load_named_queries()
    if not named:
        click.echo(f"no named query in {queries.QUERY_DIR}")
    for q in named.values():
        click.echo(f"{q.name}: {q.title}")
        if q.description:
            click.echo(f"    {q.description}")
        for p in q.params:
            click.echo(f"    --param {p.name}=<{p.type}>  {p.description}")


@main.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The HTML page to write.")
@_store_option
def report(out: str, store: str) -> None:
    """Write a self-contained HTML page of charts: attendance, group votes, cited texts, amounts."""
    from kg.report import write_report

    charts = write_report(store, out)
    click.echo(f"{out}: {len(charts)} charts")


@main.command(name="export")
@click.option("--format", "fmt", required=True, metavar="FORMAT", help="ttl, nt, nq, jsonld, graphml, gexf, cyjs, csv-gephi, csv-neo4j (and formats other modules register).")
@click.option("--view", default=None, metavar="VIEW", help="For graph formats (default: full): full, attendance, co-attendance, citations, money, votes.")
@click.option("--out", default=None, metavar="FILE", help="Output file (default: standard output); for CSV, a DIRECTORY/ or a file-name PREFIX.")
@click.option("--publisher", default=None, type=click.Path(dir_okay=False), help="For scdl-deliberations and scdl-subventions: the publisher's profile (JSON).")
@click.option("--strict", is_flag=True, help="For SCDL formats: write nothing and exit 1 when a row has a problem.")
@_store_option
def export_command(fmt: str, view: str | None, out: str | None, publisher: str | None, strict: bool, store: str) -> None:
    """Write the graph, or one VIEW of it, in FORMAT (RDF, or a graph for Gephi, Cytoscape, Neo4j…)."""
    from kg import export

    if publisher is not None or strict:  # the SCDL files (kg/scdl.py): rows checked, problems on stderr
        from kg.scdl import export_scdl

        paths, table = export_scdl(store, fmt, publisher, out=out, strict=strict)
        for line in table.notes():
            click.echo(line, err=True)
        if strict and table.problems:
            raise SystemExit(1)
    else:
        paths = export.export(store, fmt, out=out, view=view)
    for path in paths:
        click.echo(f"wrote {path}", err=True)


@main.command()
@click.option("--check", is_flag=True, help="Measure the ACTES classification against hand-made labels.")
@click.option("--data", "data_dir", default="data", show_default=True, type=click.Path(exists=True, file_okay=False), help="Directory of .txt documents.")
@click.option("--expected", default="tests/actes_samples.json", show_default=True, type=click.Path(exists=True, dir_okay=False), help="The labels (JSON).")
def classify(check: bool, data_dir: str, expected: str) -> None:
    """With --check: the accuracy of the ACTES matière classification on labelled deliberations."""
    from extractors.matiere import evaluate_samples

    if not check:
        raise click.UsageError("give --check: kg classify measures the classifier against labels")
    accuracy, rows = evaluate_samples(data_dir, expected)
    click.echo(f"accuracy {sum(r['ok'] for r in rows)}/{len(rows)} = {accuracy:.3f}")
    for r in rows:
        evidence = "; ".join(" ".join(phrase.split()) for phrase in r["evidence"])
        click.echo(f"{'ok' if r['ok'] else 'WRONG'}\t{r['source_file']} {r['number']}\texpected {r['expected']}\tpredicted {r['predicted']}\t{evidence}")


@main.command()
@_store_option
def validate(store: str) -> None:
    """Check the store's graph against the SHACL shapes; each violation in plain words (exit 1 if any)."""
    from kg.validate import validate_store

    result = validate_store(store)
    for line in result.lines():
        click.echo(line)
    click.echo(f"{store}: {result.triples} triples, " + ("conforms to the shapes" if result.conforms else f"{len(result.violations)} violations"))
    if not result.conforms:
        raise SystemExit(1)


@main.command()
@click.option("--endpoint", required=True, metavar="URL", help="The server's SPARQL Update endpoint, e.g. http://localhost:8890/sparql-auth.")
@_remote_options
@_store_option
@click.option("--progress/--no-progress", default=True, help="Show a progress bar on stderr.")
def push(endpoint: str, user: str | None, password: str | None, auth: str, store: str, progress: bool) -> None:
    """Copy the store's graphs to a SPARQL server, replacing each document's graph there."""
    from kg.remote import push as push_graphs

    summary = push_graphs(store, endpoint, user, password, auth=auth, progress=progress)
    click.echo(f"{endpoint}: {summary.graphs} graphs, {summary.triples} triples pushed in {summary.requests} requests")
