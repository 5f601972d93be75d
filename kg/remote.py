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

The dataset differs. The store answers with the default graph as the union of its named graphs. A
server such as Virtuoso answers a query without `FROM` over *all* its graphs, which also holds its
own system graphs (`http://www.openlinksw.com/schemas/virtrdf#`, …) and whatever else was loaded
there. The named queries only match the project's vocabulary, so they give the same rows; a FILE.rq
that matches any triple (`?s ?p ?o`) counts the server's other graphs too: add `FROM <graph>` clauses
to it, or query `GRAPH ?g { … }`.

HTTP is done by SPARQLWrapper; `user`/`password` use HTTP digest authentication (Virtuoso's
`/sparql-auth`), or basic with `auth="basic"`. Every failure is a one-line `UserError`.
"""

from __future__ import annotations

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
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException, Unauthorized
from tqdm import tqdm

from kg.errors import UserError
from kg.queries import NamedQuery, bind_params, check_syntax, resolve_query
from kg.store import open_store

BATCH_TRIPLES = 2000  # triples per INSERT DATA request
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
    if text.startswith(("b'", 'b"')):
        try:
            text = eval(text, {"__builtins__": {}}).decode("utf-8", "replace")  # noqa: S307 - a bytes repr
        except Exception:  # pragma: no cover - an unexpected repr: keep it as it is
            pass
    lines = [line.strip() for line in re.split(r"\\n|\n", text) if line.strip()]
    message = lines[0] if lines else type(exc).__name__
    return message if len(message) <= 200 else message[:199] + "…"


def _request(client: SPARQLWrapper, endpoint: str, what: str):
    """Send the client's request; every failure becomes a one-line UserError."""
    try:
        return client.query()
    except Unauthorized as exc:
        raise UserError(f"{endpoint}: authentication failed (HTTP 401); check --user and --password") from exc
    except SPARQLWrapperException as exc:
        status = {"QueryBadFormed": 400, "EndPointNotFound": 404, "URITooLong": 414, "EndPointInternalError": 500}
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


def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets of the outer WHERE group's `{` and `}`, and whether it holds a sub-SELECT."""
    depth = 0
    form = None
    seen_where = False
    opens = 0  # depth-0 groups met so far
    start = None
    first_inside = None
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind in ("comment", "string", "iri", "var", "pname", "other"):
            if start is not None and first_inside is None and kind not in ("comment", "other"):
                first_inside = value
            if kind == "other" and not value.isspace() and start is not None and first_inside is None:
                first_inside = value
            continue
        if kind == "word":
            upper = value.upper()
            if depth == 0 and form is None and upper in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
                form = upper
            elif depth == 0 and upper == "WHERE":
                seen_where = True
            if start is not None and first_inside is None:
                first_inside = upper
            continue
        if kind == "open":
            if start is not None and first_inside is None:
                first_inside = "{"
            if depth == 0:
                opens += 1
                is_template = form == "CONSTRUCT" and not seen_where and opens == 1
                if start is None and not is_template:
                    start = match.start()
            depth += 1
        else:  # close
            depth -= 1
            if depth == 0 and start is not None:
                return start, match.start(), first_inside == "SELECT"
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
    return variables, rows


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
    return query, variables, rows


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
