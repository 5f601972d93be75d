"""`kg push` and `kg query --endpoint` against a real Virtuoso Open Source 7 on 127.0.0.1.

The server is started once for the session (tests/virtuoso.py) while the sample store is built, the
store is pushed, and the named queries must give the same output remotely as on the store. Without
`virtuoso-t` these tests fail (they do not skip): `apt-get install virtuoso-opensource`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal
from rdflib.plugins.sparql import prepareQuery
from virtuoso import PASSWORD, USER, VirtuosoServer, free_port

from kg import pipeline, queries, remote
from kg.cli import main
from kg.errors import UserError
from kg.identity import citation_key
from kg.store import open_store

DATA = Path(__file__).resolve().parent.parent / "data"
INJECTION = '"} ; DROP ALL ; {"'
XSD = "http://www.w3.org/2001/XMLSchema#"

# a value for every parameter of every named query, chosen to give rows on the sample data
SAMPLE_PARAMS = {
    "attendance-deliberation": {"number": "2022-87"},
    "attendance-meeting": {"date": "2022-09-27"},
    "deliberations-citing": {"text": "2020-1379"},
    "excused-at-meeting": {"date": "2022-09-27"},
    "group-votes": {"group": "Socialiste"},
    "member-attendance": {"name": "GAUTHIER"},
    "recusals": {"name": "GAUTHIER"},
}


# -- binding parameters: no server needed --------------------------------------------------------


def _values_of(text: str) -> list[dict]:
    """The rows of the query's VALUES blocks, as rdflib parses them: [{variable name: term}]."""
    found: list[dict] = []

    def walk(node) -> None:
        if getattr(node, "name", None) == "values":
            found.extend({str(k): v for k, v in row.items()} for row in node["res"])
        children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple)) else ()
        for child in children:
            walk(child)

    walk(prepareQuery(text).algebra)
    return found


def test_bind_values_keeps_a_hostile_value_as_one_string():
    query = queries.resolve_query("deliberations-citing")
    text = remote.bind_values(query.text, queries.bind_params(query, {"text": INJECTION}))
    assert text.count("VALUES (?text)") == 1
    # one string (folded as the stored citation keys are), and still one valid query
    assert _values_of(text) == [{"text": Literal(citation_key(INJECTION))}]


@pytest.mark.parametrize(
    "value",
    [INJECTION, "a\nb", "x' } ; CLEAR ALL #", 'tab\there "and" \\ backslash', "é ü 😀", "}}}{{{", "<urn:x>"],
)
def test_bind_values_round_trips_any_string(value):
    text = remote.bind_values("SELECT ?v WHERE { ?s ?p ?v }", {"v": queries.Param("v", "xsd:string", "").bind(value)})
    assert text.startswith("SELECT ?v WHERE { VALUES (?v) { (")
    assert _values_of(text) == [{"v": Literal(value)}]


def test_bind_values_finds_the_outer_where_group():
    date = queries.Param("d", "xsd:date", "").bind("2022-09-27")
    typed = '"2022-09-27"^^<http://www.w3.org/2001/XMLSchema#date>'
    # braces in comments, strings and IRIs before WHERE are not the group
    text = '# { not this\nPREFIX ex: <http://ex/a#>\nSELECT ?d ("{" AS ?b) WHERE { ?s ex:p ?d }'
    assert remote.bind_values(text, {"d": date}).endswith(f"WHERE {{ VALUES (?d) {{ ({typed}) }}\n ?s ex:p ?d }}")
    # CONSTRUCT: the template is not the WHERE group
    text = "CONSTRUCT { ?s ?p ?d } WHERE { ?s ?p ?d }"
    assert remote.bind_values(text, {"d": date}) == f"CONSTRUCT {{ ?s ?p ?d }} WHERE {{ VALUES (?d) {{ ({typed}) }}\n ?s ?p ?d }}"
    # no WHERE keyword
    assert remote.bind_values("ASK { ?s ?p ?d }", {"d": date}) == f"ASK {{ VALUES (?d) {{ ({typed}) }}\n ?s ?p ?d }}"
    # a sub-SELECT as the whole group is nested, not preceded
    nested = remote.bind_values("SELECT * WHERE { SELECT ?d WHERE { ?s ?p ?d } }", {"d": date})
    prepareQuery(nested)
    assert nested.startswith(f"SELECT * WHERE {{ VALUES (?d) {{ ({typed}) }} {{ SELECT ?d")
    # a ?where variable or a prefixed name ending in where is not the keyword
    assert "VALUES" in remote.bind_values("SELECT ?where { ?s ex:where ?d }", {"d": date}).split("{", 1)[1]
    with pytest.raises(UserError):
        remote.bind_values("SELECT ?d", {"d": date})


def test_every_named_query_takes_its_parameters_as_values():
    for name, query in queries.load_named_queries().items():
        params = SAMPLE_PARAMS.get(name, {})
        assert {p.name for p in query.params} == set(params), name
        _, text = remote.prepare_query(name, params)
        prepareQuery(text)
        ours = [row for row in _values_of(text) if set(row) == set(params)] if params else []
        # a value is bound as given, typed; a citation, member name or key folded as the stored keys are
        expected = {
            k: (query.param(k).bind(v).value, XSD + "string") if query.param(k).type in queries.FOLDED_TYPES
            else (v, query.param(k).type.replace("xsd:", XSD))
            for k, v in params.items()
        }  # fmt: skip
        assert [{k: (str(t), str(t.datatype or XSD + "string")) for k, t in row.items()} for row in ours] == (
            [expected] if params else []
        ), name


def test_order_keys():
    assert remote.order_keys("SELECT * { ?s ?p ?o } ORDER BY DESC(?n) ?label LIMIT 3") == [("n", True), ("label", False)]
    assert remote.order_keys("SELECT * { ?s ?p ?o } ORDER BY ASC(?n) # c\n ?x") == [("n", False), ("x", False)]
    assert remote.order_keys("SELECT * { ?s ?p ?o } ORDER BY STR(?n)") is None
    assert remote.order_keys("SELECT * { ?s ?p ?o ORDER BY ?x }") is None


# -- a real server -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    virtuoso = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    try:
        virtuoso.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield virtuoso
    virtuoso.stop()


@pytest.fixture(scope="session")
def pushed(server, tmp_path_factory):
    """The sample store, built while Virtuoso starts, then pushed to it."""
    store = tmp_path_factory.mktemp("remote") / "store"
    pipeline.build([DATA], store, progress=False)
    try:
        server.wait()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    summary = remote.push(store, server.update_endpoint, USER, PASSWORD, progress=False)
    with open_store(store, read_only=True) as opened:
        graphs, triples = opened.document_graphs(), opened.triple_count()
    assert (summary.graphs, summary.triples) == (len(graphs), triples)
    return store, graphs, triples


def _both(pushed, server, name, params, fmt="csv"):
    store = pushed[0]
    named, variables, rows = queries.run_query(name, params, store)
    _, remote_variables, remote_rows = remote.run_remote_query(name, params, server.query_endpoint)
    prefixes = queries.query_prefixes(named.text)
    local = queries.format_results(variables, rows, fmt, prefixes)
    return rows, remote_rows, local, queries.format_results(remote_variables, remote_rows, fmt, prefixes)


def test_excused_at_meeting_same_13_rows(pushed, server):
    rows, remote_rows, local, there = _both(pushed, server, "excused-at-meeting", {"date": "2022-09-27"})
    assert len(rows) == len(remote_rows) == 13
    assert there == local


def test_deliberations_citing_same_30(pushed, server):
    rows, remote_rows, local, there = _both(pushed, server, "deliberations-citing", {"text": "2020-1379"})
    assert len({r[2] for r in rows}) == 30
    assert remote_rows == rows
    assert there == local


def test_every_named_query_gives_the_same_output(pushed, server):
    for name in queries.load_named_queries():
        named, variables, rows = queries.run_query(name, SAMPLE_PARAMS.get(name, {}), pushed[0])
        _, remote_variables, remote_rows = remote.run_remote_query(name, SAMPLE_PARAMS.get(name, {}), server.query_endpoint)
        assert remote_rows == rows, name
        for fmt in queries.FORMATS:
            prefixes = queries.query_prefixes(named.text)
            local = queries.format_results(variables, rows, fmt, prefixes)
            assert queries.format_results(remote_variables, remote_rows, fmt, prefixes) == local, (name, fmt)


def test_pushing_twice_keeps_the_remote_triples(pushed, server):
    store, graphs, triples = pushed
    assert remote.remote_triple_count(server.query_endpoint, graphs) == triples
    result = CliRunner().invoke(
        main, ["push", "--endpoint", server.update_endpoint, "--user", USER, "--password", PASSWORD, "--store", str(store), "--no-progress"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{len(graphs)} graphs, {triples} triples" in result.output
    assert remote.remote_triple_count(server.query_endpoint, graphs) == triples
    # the whole server: our graphs plus Virtuoso's own, unchanged by the second push
    everything = remote.remote_triple_count(server.query_endpoint)
    assert everything >= triples


def test_a_hostile_value_is_a_plain_string(pushed, server):
    _, graphs, triples = pushed
    before = remote.remote_triple_count(server.query_endpoint)
    # sent to the authenticated endpoint, where Virtuoso would run an update hidden in a query
    _, variables, rows = remote.run_remote_query(
        "deliberations-citing", {"text": INJECTION}, server.update_endpoint, USER, PASSWORD
    )
    assert rows == []
    assert variables == ["text", "date", "number", "title", "cited"]
    assert remote.remote_triple_count(server.query_endpoint) == before
    assert remote.remote_triple_count(server.query_endpoint, graphs) == triples
    # and it matches a literal holding exactly that text: bound as a typed string, not as syntax
    variables, rows = remote.remote_query(
        server.query_endpoint,
        remote.bind_values("SELECT ?v (STRLEN(?v) AS ?n) WHERE { }", {"v": queries.Param("v", "xsd:string", "").bind(INJECTION)}),
    )
    assert [(str(v), int(n)) for v, n in rows] == [(INJECTION, len(INJECTION))]


def test_cli_query_on_the_endpoint_prints_what_the_store_prints(pushed, server):
    runner = CliRunner()
    args = ["query", "excused-at-meeting", "--param", "date=2022-09-27", "--format", "json"]
    local = runner.invoke(main, [*args, "--store", str(pushed[0])])
    there = runner.invoke(main, [*args, "--endpoint", server.query_endpoint])
    assert there.exit_code == 0, there.output
    assert there.output == local.output
    assert len(json.loads(there.output)) == 13


def _one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_cli_errors_are_one_line(pushed, server):
    runner = CliRunner(env={"KG_SPARQL_USER": None, "KG_SPARQL_PASSWORD": None})
    store = str(pushed[0])
    refused = f"http://127.0.0.1:{free_port()}/sparql"
    assert "connection refused" in _one_line_error(runner.invoke(main, ["push", "--endpoint", refused, "--store", store]))
    assert "connection refused" in _one_line_error(runner.invoke(main, ["query", "findings", "--endpoint", refused]))
    wrong = ["push", "--endpoint", server.update_endpoint, "--user", USER, "--password", "wrong", "--store", store, "--no-progress"]
    assert "authentication failed" in _one_line_error(runner.invoke(main, wrong))
    anonymous = ["push", "--endpoint", server.update_endpoint, "--store", store, "--no-progress"]
    assert "give --user and --password" in _one_line_error(runner.invoke(main, anonymous))
    missing = ["query", "findings", "--endpoint", server.url + "/no-such-endpoint"]
    assert "HTTP 404" in _one_line_error(runner.invoke(main, missing))
    with pytest.raises(UserError, match=r"refused the query \(HTTP 400\): Virtuoso 37000 Error") as error:
        remote.remote_query(server.query_endpoint, "SELECT ?x WHERE { ?x ?p }")
    assert "\n" not in str(error.value.message)
