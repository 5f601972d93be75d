"""Remote SPARQL 1.1 servers: push the store's graphs to one, and run the named queries on it.

`push` copies every named graph of the embedded store (one per source document) to a server with
SPARQL Update: for each graph, `DROP SILENT GRAPH <g>` then `INSERT DATA { GRAPH <g> { … } }` in
batches small enough for Virtuoso (`BATCH_TRIPLES`, `BATCH_BYTES`). A graph is replaced as a whole, so
pushing twice leaves the same triples on the server; graphs of documents no longer in the store are
left alone. Each request is atomic on the server, the push of one graph is not: if it stops half-way,
push again. Terms are written in N-Triples syntax by Oxigraph, never pasted by hand. Triples sharing
a blank node are sent in the same request (a blank node label only means one node within a request).

`run_remote_query` runs a named query (or a FILE.rq) on a server and returns the same variables and
rows, as rdflib terms, as `kg.queries.run_query` does on the store, so `format_results` prints both
the same way. Parameters are checked and typed as for the store, then bound by a `VALUES` block
placed at the start of the query's outer WHERE group (`bind_values`); each value is one RDF term
written by Oxigraph, so a quote or a brace in a value cannot change the query.

Differences from the store, and what is done about them:
- Dataset. The store answers with the default graph as the union of its named graphs (a triple
  stated by two documents matches twice). Virtuoso, queried without `FROM`, answers over all its
  graphs, the same way (two copies match twice), but those include its own system graphs
  (`http://www.openlinksw.com/schemas/virtrdf#`, … about 2,500 triples on a fresh server) and
  whatever else was loaded there. The named queries match only the project's vocabulary and give
  the same rows; a FILE.rq over any triple (`?s ?p ?o`) also counts the other graphs: add `FROM`
  clauses to it or query `GRAPH ?g { … }`.
- Order. Virtuoso sorts literals by its internal representation, not by their text, so rows are
  re-sorted here by the query's `ORDER BY` when its keys are plain variables (`sort_rows`), as the
  store sorts them; with an expression as a key, the server's order is kept.
- Terms. Virtuoso answers booleans as `1`/`0` and keeps an explicit `^^xsd:string`; both are
  written as the store writes them. Numbers come back canonical (`16500.00` -> `16500`), as from
  the store.

HTTP is done by SPARQLWrapper; `user`/`password` use HTTP digest authentication (Virtuoso's
`/sparql-auth`), or basic with `auth="basic"`. Every failure is a one-line `UserError`.
"""

from __future__ import annotations

import ast
import http.client
import json
import re
import socket
import sys
import urllib.error
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import BNode, Literal, Node, URIRef
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import EndPointNotFound, SPARQLWrapperException, Unauthorized
from tqdm import tqdm

from kg.errors import UserError
from kg.queries import NamedQuery, as_given, bind_params, check_syntax, resolve_query
from kg.store import open_store

BATCH_TRIPLES = 500  # triples per INSERT DATA request: Virtuoso refuses ~2000 ("SQL text has exceeded 10000 lines")
BATCH_BYTES = 500_000  # and at most about this many bytes of N-Triples
TIMEOUT = 120  # seconds for one HTTP request
AUTH_SCHEMES = {"digest": DIGEST, "basic": BASIC}

_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass
class PushSummary:
    endpoint: str
    graphs: int = 0
    triples: int = 0
    requests: int = 0


# -- HTTP ----------------------------------------------------------------------------------------


def _client(endpoint: str, user: str | None, password: str | None, auth: str, timeout: float) -> SPARQLWrapper:
    if not re.match(r"https?://[^/\s]+", endpoint or ""):
        raise UserError(f"--endpoint {endpoint!r}: give the endpoint's http:// or https:// URL")
    if auth not in AUTH_SCHEMES:
        raise UserError(f"unknown authentication {auth!r}; use one of {', '.join(AUTH_SCHEMES)}")
    if (user is None) != (password is None):
        raise UserError("give both --user and --password, or neither")
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)  # long queries and updates go in the body, not the URL
    client.setTimeout(timeout)
    if user is not None:
        client.setHTTPAuth(AUTH_SCHEMES[auth])
        client.setCredentials(user, password)
    return client


def _server_message(exc: SPARQLWrapperException) -> str:
    """The first meaningful line of what the server said, shortened."""
    text = str(exc).split("Response:", 1)[-1].strip()
    if text.startswith(("b'", 'b"')):  # SPARQLWrapper keeps the body only as the repr of its bytes
        try:
            text = ast.literal_eval(text).decode("utf-8", "replace")
        except (ValueError, SyntaxError):
            pass
    lines = [line.strip() for line in re.split(r"\\n|\n", text) if line.strip()]
    message = lines[0] if lines else type(exc).__name__
    return message if len(message) <= 200 else message[:199] + "…"


def _request(client: SPARQLWrapper, endpoint: str, what: str):
    """Send the client's request; every failure becomes a one-line UserError."""
    try:
        return client.query()
    except Unauthorized as exc:
        if client.user is None:
            raise UserError(f"{endpoint}: the server asks for a login (HTTP 401); give --user and --password") from exc
        raise UserError(f"{endpoint}: authentication failed (HTTP 401); check --user and --password") from exc
    except EndPointNotFound as exc:
        raise UserError(f"{endpoint}: not found (HTTP 404); check the endpoint's URL") from exc
    except SPARQLWrapperException as exc:
        status = {"QueryBadFormed": 400, "URITooLong": 414, "EndPointInternalError": 500}
        code = status.get(type(exc).__name__, "error")
        raise UserError(f"{endpoint}: the server refused the {what} (HTTP {code}): {_server_message(exc)}") from exc
    except urllib.error.HTTPError as exc:
        hint = "; check --user and --password" if exc.code == 403 else ""
        raise UserError(f"{endpoint}: the server refused the {what} (HTTP {exc.code} {exc.reason}){hint}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            raise UserError(f"{endpoint}: connection refused; is the SPARQL server running on that port?") from exc
        if isinstance(reason, socket.gaierror):
            raise UserError(f"{endpoint}: unknown host ({reason.strerror})") from exc
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise UserError(f"{endpoint}: no answer within {client.timeout} s") from exc
        raise UserError(f"{endpoint}: cannot connect ({reason})") from exc
    except (TimeoutError, socket.timeout) as exc:
        raise UserError(f"{endpoint}: no answer within {client.timeout} s") from exc
    except (ConnectionError, http.client.HTTPException, OSError) as exc:
        raise UserError(f"{endpoint}: the connection failed ({exc})") from exc
    except ValueError as exc:  # urllib: "unknown url type"
        raise UserError(f"--endpoint {endpoint!r}: not a usable URL ({exc})") from exc


def _read_body(result, endpoint: str) -> bytes:
    try:
        return result.response.read()
    except (OSError, http.client.HTTPException) as exc:
        raise UserError(f"{endpoint}: the connection failed while reading the answer ({exc})") from exc


# -- push ----------------------------------------------------------------------------------------


def _nt(term: Node) -> str:
    """One rdflib term in N-Triples syntax, written by Oxigraph (ValueError if invalid)."""
    if isinstance(term, URIRef):
        return str(ox.NamedNode(str(term)))
    if isinstance(term, BNode):
        return str(ox.BlankNode(str(term)))
    if isinstance(term, Literal):
        if term.language:
            return str(ox.Literal(str(term), language=term.language))
        if term.datatype:
            return str(ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))))
        return str(ox.Literal(str(term)))
    raise ValueError(f"cannot send RDF term {term!r}")


def _batches(triples: Iterable[tuple[Node, Node, Node]], max_triples: int, max_bytes: int) -> Iterator[list[str]]:
    """N-Triples lines in batches; the triples that share blank nodes stay in one batch."""
    plain: list[str] = []
    groups: dict[str, list[str]] = {}  # blank node label -> the lines of its connected group
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for s, p, o in triples:
        line = f"{_nt(s)} {_nt(p)} {_nt(o)} ."
        blanks = [str(t) for t in (s, o) if isinstance(t, BNode)]
        if not blanks:
            plain.append(line)
            continue
        roots = {find(b) for b in blanks}
        root = roots.pop()
        for other in roots:  # this triple links two groups: merge them
            parent[other] = root
            groups.setdefault(root, []).extend(groups.pop(other, []))
        groups.setdefault(root, []).append(line)
    units = [[line] for line in plain] + list(groups.values())
    batch: list[str] = []
    size = 0
    for unit in units:
        unit_size = sum(len(line) + 1 for line in unit)
        if batch and (len(batch) + len(unit) > max_triples or size + unit_size > max_bytes):
            yield batch
            batch, size = [], 0
        batch.extend(unit)
        size += unit_size
    if batch:
        yield batch


def push(
    store_path: str | Path | None,
    endpoint: str,
    user: str | None = None,
    password: str | None = None,
    *,
    auth: str = "digest",
    progress: bool = True,
    batch_triples: int = BATCH_TRIPLES,
    batch_bytes: int = BATCH_BYTES,
    timeout: float = TIMEOUT,
) -> PushSummary:
    """Replace, on the server's update `endpoint`, each named graph of the store by the store's triples."""
    client = _client(endpoint, user, password, auth, timeout)
    summary = PushSummary(endpoint)
    with open_store(store_path, read_only=True) as store:
        graphs = store.document_graphs()
        total = store.triple_count()
        with tqdm(
            total=total, unit="triple", unit_scale=True, desc="pushing", leave=False,
            disable=None if progress else True, file=sys.stderr,
        ) as bar:  # fmt: skip
            for number, graph in enumerate(graphs, 1):
                bar.set_postfix_str(f"graph {number}/{len(graphs)}", refresh=True)
                _, rows = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_nt(URIRef(graph))} {{ ?s ?p ?o }} }}")
                name = _nt(URIRef(graph))
                first = True
                for batch in _batches(rows, batch_triples, batch_bytes) if rows else [[]]:
                    update = f"DROP SILENT GRAPH {name} ;\n" if first else ""
                    if batch:
                        update += "INSERT DATA { GRAPH " + name + " {\n" + "\n".join(batch) + "\n} }"
                    client.setQuery(update)
                    _read_body(_request(client, endpoint, "update"), endpoint)
                    summary.requests += 1
                    summary.triples += len(batch)
                    bar.update(len(batch))
                    first = False
                summary.graphs += 1
    return summary


# -- queries -------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<pname>[A-Za-z_][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<other>.)
    """,
    re.X | re.S,
)


def _tokens(text: str, pos: int = 0) -> Iterator[re.Match]:
    """The query's tokens from `pos`, without comments and white space."""
    for match in _TOKEN.finditer(text, pos):
        if match.lastgroup != "comment" and not match.group().isspace():
            yield match


def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets of the outer WHERE group's `{` and `}`, and whether that group is a sub-SELECT."""
    depth, form, seen_where, top_groups = 0, None, False, 0
    start, subselect, previous = None, False, None
    for match in _tokens(text):
        kind, value = match.lastgroup, match.group()
        if start is not None and previous is not None and previous.start() == start:  # first token inside
            subselect = kind == "word" and value.upper() == "SELECT"
        previous = match
        if kind == "word" and depth == 0:
            upper = value.upper()
            if form is None and upper in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
                form = upper
            seen_where = seen_where or upper == "WHERE"
        elif kind == "open":
            if depth == 0:
                top_groups += 1
                template = form == "CONSTRUCT" and not seen_where and top_groups == 1
                if start is None and not template:
                    start = match.start()
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and start is not None:
                return start, match.start(), subselect
            if depth < 0:
                break
    raise UserError("cannot find the query's WHERE { … } group to bind the parameters in")


def bind_values(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal | Node]) -> str:
    """The query with a `VALUES (?a ?b) { (term term) }` block at the start of its outer WHERE group.

    Each value is one RDF term written by Oxigraph (N-Triples syntax, quotes and line breaks escaped),
    so no value can end the term and add query text.
    """
    if not bindings:
        return text
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(_term_text(term) for term in bindings.values())
    block = f"VALUES ({names}) {{ ({values}) }}"
    start, end, subselect = _where_group(text)
    if subselect:  # `{ SELECT … }` cannot be preceded by anything inside its braces: nest it
        return f"{text[: start + 1]} {block} {{{text[start + 1 : end]}}} {text[end:]}"
    return f"{text[: start + 1]} {block}\n{text[start + 1 :]}"


def _term_text(term: ox.NamedNode | ox.Literal | Node) -> str:
    """A pyoxigraph or rdflib term in N-Triples syntax."""
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    if isinstance(term, (URIRef, Literal)):
        return _nt(term)
    raise TypeError(f"not an IRI or a literal: {term!r}")


def order_keys(text: str) -> list[tuple[str, bool]] | None:
    """The outer query's `ORDER BY` as (variable, descending) pairs; None if there is none, or if a
    key is an expression rather than a plain variable."""
    try:
        _, end, _ = _where_group(text)
    except UserError:
        return None
    tokens = [(m.lastgroup, m.group()) for m in _tokens(text, end + 1)]
    words = [value.upper() if kind == "word" else value for kind, value in tokens]
    for i in range(len(words) - 1):
        if words[i] == "ORDER" and words[i + 1] == "BY":
            break
    else:
        return None
    keys, i = [], i + 2
    while i < len(tokens) and words[i] not in ("LIMIT", "OFFSET", "VALUES"):
        if tokens[i][0] == "var":
            keys.append((tokens[i][1][1:], False))
            i += 1
        elif words[i] in ("ASC", "DESC") and words[i + 1 : i + 2] == ["("] and words[i + 3 : i + 4] == [")"] and tokens[i + 2][0] == "var":
            keys.append((tokens[i + 2][1][1:], words[i] == "DESC"))
            i += 4
        else:
            return None  # an expression: keep the server's order
    return keys or None


_NUMERIC = {_XSD + t for t in ("integer", "decimal", "float", "double", "int", "long", "short", "byte",
                               "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                               "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}  # fmt: skip


def _sort_key(term: Node | None) -> tuple:
    """SPARQL's ORDER BY order: unbound, blank nodes, IRIs, then literals (numbers by value, text by code point)."""
    if term is None:
        return (0,)
    if isinstance(term, BNode):
        return (1, str(term))
    if isinstance(term, URIRef):
        return (2, str(term))
    datatype = str(term.datatype) if isinstance(term, Literal) and term.datatype else ""
    if datatype in _NUMERIC:
        try:
            return (3, 0, float(term), str(term))
        except ValueError:
            pass
    if not datatype:
        return (3, 1, str(term), getattr(term, "language", None) or "")
    return (3, 2, datatype, str(term))


def sort_rows(text: str, variables: list[str], rows: list[tuple]) -> list[tuple]:
    """Rows re-sorted by the query's ORDER BY variables, as the embedded store orders them.

    Virtuoso orders literals by its internal representation rather than by their text, so the
    server's order is not the store's; rows equal on every key keep the server's order.
    """
    keys = order_keys(text)
    if not keys or any(name not in variables for name, _ in keys):
        return rows
    rows = list(rows)
    for name, descending in reversed(keys):  # stable sorts, last key first
        index = variables.index(name)
        rows.sort(key=lambda row: _sort_key(row[index]), reverse=descending)
    return rows


def _from_json(value: dict | None) -> Node | None:
    """A SPARQL JSON results term as an rdflib term, written as the store writes it."""
    if value is None:
        return None
    kind, lexical = value.get("type"), value.get("value", "")
    if kind == "uri":
        return URIRef(lexical)
    if kind == "bnode":
        return BNode(lexical)
    lang = value.get("xml:lang")
    if lang:
        return Literal(lexical, lang=lang)
    datatype = value.get("datatype")
    if not datatype or datatype == _XSD + "string":
        return Literal(lexical)
    if datatype == _XSD + "boolean" and lexical in ("0", "1"):  # Virtuoso answers 1 and 0
        lexical = "true" if lexical == "1" else "false"
    return Literal(lexical, datatype=URIRef(datatype))


def remote_query(
    endpoint: str,
    sparql: str,
    user: str | None = None,
    password: str | None = None,
    *,
    auth: str = "digest",
    timeout: float = TIMEOUT,
) -> tuple[list[str], list[tuple]]:
    """Run a SPARQL query on the server: variable names and rows of rdflib terms, as `GraphStore.query`."""
    client = _client(endpoint, user, password, auth, timeout)
    client.setQuery(sparql)
    graph_result = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(TURTLE if graph_result else JSON)
    body = _read_body(_request(client, endpoint, "query"), endpoint)
    if graph_result:
        graph = Graph()
        try:
            graph.parse(data=body, format="turtle")
        except Exception as exc:  # rdflib raises several kinds of parse errors
            raise UserError(f"{endpoint}: the answer is not Turtle ({' '.join(str(exc).split())[:200]})") from exc
        return ["subject", "predicate", "object"], sorted(graph.triples((None, None, None)))
    try:
        answer = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{endpoint}: the answer is not SPARQL JSON results; is this a SPARQL endpoint?") from exc
    if "boolean" in answer:
        return ["ask"], [(Literal(bool(answer["boolean"])),)]
    try:
        variables = list(answer["head"]["vars"])
        rows = [tuple(_from_json(b.get(v)) for v in variables) for b in answer["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{endpoint}: the answer is not SPARQL JSON results; is this a SPARQL endpoint?") from exc
    return variables, sort_rows(sparql, variables, rows)


def prepare_query(ref: str, params: dict[str, str], directory: str | Path | None = None) -> tuple[NamedQuery, str]:
    """The named query (or FILE.rq) and its text with the parameters bound by VALUES."""
    query = resolve_query(ref, directory)
    check_syntax(query)
    bindings = bind_params(query, params)
    return query, bind_values(query.text, bindings)


def run_remote_query(
    ref: str,
    params: dict[str, str],
    endpoint: str,
    user: str | None = None,
    password: str | None = None,
    directory: str | Path | None = None,
    *,
    auth: str = "digest",
    timeout: float = TIMEOUT,
) -> tuple[NamedQuery, list[str], list[tuple]]:
    """As `kg.queries.run_query`, on a remote SPARQL endpoint instead of the store."""
    query, text = prepare_query(ref, params, directory)
    variables, rows = remote_query(endpoint, text, user, password, auth=auth, timeout=timeout)
    return query, variables, as_given(query, params, variables, rows)


def remote_triple_count(
    endpoint: str, graphs: Iterable[str] | None = None, user: str | None = None, password: str | None = None,
    *, auth: str = "digest",
) -> int:  # fmt: skip
    """Triples in the given named graphs of the server (all its graphs if None)."""
    graphs = list(graphs) if graphs is not None else None
    if graphs is None:
        sparql = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    elif not graphs:
        return 0
    else:
        values = " ".join(_nt(URIRef(g)) for g in graphs)
        sparql = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    _, rows = remote_query(endpoint, sparql, user, password, auth=auth)
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0
