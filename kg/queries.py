"""Step 5: named SPARQL queries, their parameters, and their results as text.

A named query is a file `queries/NAME.rq` that begins with header comments:

    # title: Attendance of one member
    # description: Deliberations where a member was present, excused or absent,
    # description: one row per deliberation.
    # param: name xsd:string Member's name as printed, e.g. "Mme Sophie RENARD"
    # param: since xsd:date First meeting date to include
    SELECT ?name ?since ?deliberation ... WHERE { ... FILTER(?date >= ?since) } GROUP BY ?name ?since ...

Repeated `description:` lines are joined. A parameter is `# param: NAME TYPE Description`; TYPE is one
of `PARAM_TYPES`. Values given on the command line (`--param since=2019-01-01`) are checked against
their type, turned into typed RDF terms and handed to Oxigraph as substitutions: they are never
pasted into the query text, so no value can change the query. Oxigraph binds only variables that the
SELECT clause projects, so a named query lists its parameters in SELECT (and in GROUP BY when it
aggregates); `check_query` tells when it does not.

Three types are strings folded in Python, before binding, by the very function that made the stored
`dkg:lookupKey` values (so a query never refolds a value with REPLACE chains):

- `citation` (`kg.identity.citation_key`): `article L.3211-2 du CGCT`, `CGCT L3211-2` -> `cgct-l3211-2`;
  `loi n° 2020-1379` -> `loi-2020-1379`;
- `member` (`kg.identity.member_key`): `Mme Anne-Marie COLIN` -> `anne-marie-colin`;
- `key` (`extractors.normalize.key`): `Groupe Écologiste` -> `groupe-ecologiste`.

`run_query` shows the value as given in the parameter's column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import BNode, Literal, Node, URIRef

from extractors.normalize import key
from kg.errors import UserError
from kg.identity import citation_key, member_key
from kg.store import open_store

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
FORMATS = ("table", "csv", "json")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*?)\s*$", re.I)
_PARAM = re.compile(r"^[?$]?([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s*(.*)$")
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I)


def _check_date(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected YYYY-MM-DD")
    date.fromisoformat(value)  # rejects 2019-02-30
    return value


def _check_datetime(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?", value):
        raise ValueError("expected YYYY-MM-DDThh:mm:ss")
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def _check_pattern(pattern: str, expected: str):
    def check(value: str) -> str:
        if not re.fullmatch(pattern, value):
            raise ValueError(f"expected {expected}")
        return value

    return check


def _check_boolean(value: str) -> str:
    if value.lower() not in ("true", "false", "1", "0"):
        raise ValueError("expected true or false")
    return {"1": "true", "0": "false"}.get(value.lower(), value.lower())


def _check_iri(value: str) -> str:
    ox.NamedNode(value)  # ValueError if not an absolute IRI
    return value


# type name -> (check returning the lexical form, or raising ValueError)
PARAM_TYPES = {
    "xsd:string": lambda v: v,
    "xsd:date": _check_date,
    "xsd:dateTime": _check_datetime,
    "xsd:gYear": _check_pattern(r"\d{4}", "a year such as 2022"),
    "xsd:integer": _check_pattern(r"[+-]?\d+", "an integer"),
    "xsd:decimal": _check_pattern(r"[+-]?(\d+(\.\d*)?|\.\d+)", "a number such as 1500.50"),
    "xsd:boolean": _check_boolean,
    "xsd:anyURI": _check_iri,
    "iri": _check_iri,  # bound as an IRI (a NamedNode), not as a literal
    # strings bound as the stored lookup keys are folded
    "citation": citation_key,
    "member": member_key,
    "key": key,
}
FOLDED_TYPES = ("citation", "member", "key")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str

    def bind(self, value: str) -> ox.NamedNode | ox.Literal:
        """The typed RDF term for a command-line value; a UserError if it does not fit the type."""
        try:
            lexical = PARAM_TYPES[self.type](value)
        except ValueError as exc:
            raise UserError(f"--param {self.name}={value}: not a valid {self.type} ({exc})") from exc
        if self.type == "iri":
            return ox.NamedNode(lexical)
        if self.type == "xsd:string" or self.type in FOLDED_TYPES:
            return ox.Literal(lexical)
        return ox.Literal(lexical, datatype=ox.NamedNode(_XSD + self.type.split(":", 1)[1]))


@dataclass
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str
    description: str = ""
    params: list[Param] = field(default_factory=list)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(path: str | Path) -> NamedQuery:
    """Read a .rq file and its header comments."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise UserError(f"{path}: no such query file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    title, descriptions, params = "", [], []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header ends at the first line of SPARQL
        match = _HEADER.match(stripped)
        if not match:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "title":
            title = value
        elif key == "description":
            descriptions.append(value)
        else:
            param = _PARAM.match(value)
            if not param:
                raise UserError(f"{path}: bad header line {stripped!r}; write `# param: NAME TYPE Description`")
            name, type_, description = param.groups()
            if type_ not in PARAM_TYPES:
                raise UserError(
                    f"{path}: parameter {name!r} has unknown type {type_!r}; use one of {', '.join(PARAM_TYPES)}"
                )
            if any(p.name == name for p in params):
                raise UserError(f"{path}: parameter {name!r} is declared twice")
            params.append(Param(name, type_, description))
    return NamedQuery(path.stem, path, text, title or path.stem, " ".join(descriptions), params)


def load_named_queries(directory: str | Path | None = None) -> dict[str, NamedQuery]:
    """All `*.rq` files of `directory` (default: the repository's `queries/`), by name, sorted."""
    directory = Path(directory) if directory is not None else QUERY_DIR
    if not directory.is_dir():
        return {}
    return {p.stem: parse_query_file(p) for p in sorted(directory.glob("*.rq"))}


def resolve_query(ref: str, directory: str | Path | None = None) -> NamedQuery:
    """A query by name (`attendance`) or by file (`my/query.rq`)."""
    if ref.endswith(".rq") or Path(ref).is_file():
        return parse_query_file(ref)
    queries = load_named_queries(directory)
    if ref not in queries:
        known = ", ".join(queries) or "none"
        raise UserError(f"unknown query {ref!r}; known queries: {known} (or give a FILE.rq)")
    return queries[ref]


def check_syntax(query: NamedQuery) -> None:
    """A UserError naming the file if the SPARQL does not parse (checked on an empty store)."""
    try:
        result = ox.Store().query(query.text)
        if isinstance(result, ox.QuerySolutions):
            list(result)
    except SyntaxError as exc:
        raise UserError(f"{query.path}: SPARQL syntax error: {exc}") from exc
    except (RuntimeError, ValueError) as exc:  # e.g. an unknown function: parses, cannot run
        raise UserError(f"{query.path}: the query cannot run: {exc}") from exc


def check_query(query: NamedQuery) -> None:
    """Parse the query and bind a sample value to each parameter, on an empty store."""
    check_syntax(query)
    samples = {
        "xsd:string": "x", "xsd:date": "2000-01-01", "xsd:dateTime": "2000-01-01T00:00:00", "xsd:gYear": "2000",
        "xsd:integer": "1", "xsd:decimal": "1.5", "xsd:boolean": "true", "xsd:anyURI": "urn:x", "iri": "urn:x",
        "citation": "L. 1111-1", "member": "M. X", "key": "x",
    }  # fmt: skip
    try:
        substitutions = {ox.Variable(p.name): p.bind(samples[p.type]) for p in query.params}
        ox.Store().query(query.text, substitutions=substitutions or None)
    except RuntimeError as exc:
        raise UserError(f"{query.path}: {exc}; list each parameter in the SELECT clause") from exc


def bind_params(query: NamedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed terms for the given values; UserError for an unknown, missing or ill-typed parameter."""
    declared = ", ".join(f"{p.name} ({p.type})" for p in query.params) or "none"
    for name in values:
        if query.param(name) is None:
            raise UserError(f"query {query.name!r} has no parameter {name!r}; its parameters: {declared}")
    missing = [p for p in query.params if p.name not in values]
    if missing:
        p = missing[0]
        raise UserError(f"query {query.name!r} needs --param {p.name}=VALUE ({p.type}: {p.description})")
    return {p.name: p.bind(values[p.name]) for p in query.params}


def parse_param_options(options: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`("since=2019-01-01", "name=Mme X")` -> dict; a UserError for a malformed or repeated one."""
    values: dict[str, str] = {}
    for option in options:
        name, sep, value = option.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise UserError(f"--param {option!r}: write --param NAME=VALUE")
        if name in values:
            raise UserError(f"--param {name} is given twice")
        values[name] = value
    return values


def run_query(
    ref: str, params: dict[str, str], store_path: str | Path | None = None, directory: str | Path | None = None
) -> tuple[NamedQuery, list[str], list[tuple]]:
    """Resolve a named query (or .rq file), check it and its parameters, then run it on the store.

    Everything that can fail without the store (unknown name, syntax, parameters) fails before the
    store is opened; the store is opened read-only. Returns the query, its variables and its rows.
    """
    query = resolve_query(ref, directory)
    check_syntax(query)
    bindings = bind_params(query, params)
    with open_store(store_path, read_only=True) as store:
        variables, rows = store.query(query.text, bindings)
    return query, variables, as_given(query, params, variables, rows)


def as_given(query: NamedQuery, params: dict[str, str], variables: list[str], rows: list[tuple]) -> list[tuple]:
    """A folded parameter is bound to its key; its column shows the value as the user gave it."""
    printed = {i: Literal(params[v]) for i, v in enumerate(variables) if (p := query.param(v)) and p.type in FOLDED_TYPES}
    if not printed:
        return rows
    return [tuple(printed.get(i, term) for i, term in enumerate(row)) for row in rows]


# -- output --------------------------------------------------------------------------------------


def _plain(term: Node | None, prefixes: dict[str, str] | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef) and prefixes:
        for prefix, ns in prefixes.items():
            if ns and term.startswith(ns) and re.fullmatch(r"[\w.-]*", term[len(ns):]):
                return f"{prefix}:{term[len(ns):]}"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _json_value(term: Node | None):
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None:
        python = term.toPython()
        if isinstance(python, bool) or isinstance(python, int):
            return python
        if isinstance(python, (float, Decimal)):
            return float(python)
    return _plain(term)


def query_prefixes(text: str) -> dict[str, str]:
    """The PREFIX declarations of a query, used to shorten IRIs in table output."""
    return {prefix or "": ns for prefix, ns in _PREFIX.findall(text)}


TABLE_CELL_WIDTH = 60


def _shorten(value: str) -> str:
    return value if len(value) <= TABLE_CELL_WIDTH else value[: TABLE_CELL_WIDTH - 1] + "…"


def format_results(
    variables: list[str], rows: list[tuple], fmt: str = "table", prefixes: dict[str, str] | None = None
) -> str:
    """Rows as an aligned text table, CSV (full IRIs) or a JSON list of objects."""
    if fmt == "json":
        return json.dumps([dict(zip(variables, map(_json_value, row))) for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(variables)
        writer.writerows([_plain(t) for t in row] for row in rows)
        return out.getvalue().rstrip("\n")
    if fmt != "table":
        raise UserError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    # a table is for reading in a terminal: long cells are cut (csv and json keep them whole)
    cells = [[_shorten(_plain(t, prefixes)) for t in row] for row in rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(variables)]
    # numbers right-aligned, text left-aligned
    numeric = [
        bool(cells) and all(re.fullmatch(r"-?\d+(\.\d+)?", r[i] or "0") for r in cells) for i in range(len(variables))
    ]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    lines = [line(variables), "  ".join("-" * w for w in widths)]
    lines += [line(r) for r in cells]
    return "\n".join(lines)
