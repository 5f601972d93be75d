"""Named queries: header parsing, typed and safe parameter binding, result formats."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from kg import queries
from kg.errors import UserError
from kg.queries import (
    bind_params,
    check_query,
    format_results,
    load_named_queries,
    parse_param_options,
    parse_query_file,
    resolve_query,
    run_query,
)
from kg.store import open_store

EX = Namespace("http://example.org/")
XSD = "http://www.w3.org/2001/XMLSchema#"

ATTENDANCE = """\
# title: Deliberations of a meeting
# description: The deliberations adopted on one date,
# description: with their vote count.
# param: date xsd:date Meeting date, e.g. 2022-03-21
# param: min_for xsd:integer Smallest number of votes for

PREFIX ex: <http://example.org/>
SELECT ?date ?min_for ?number ?for WHERE {
  ?d ex:number ?number ; ex:date ?date ; ex:for ?for .
  FILTER(?for >= ?min_for)
}
ORDER BY ?number
"""


@pytest.fixture
def query_dir(tmp_path):
    directory = tmp_path / "queries"
    directory.mkdir()
    (directory / "meeting.rq").write_text(ATTENDANCE, encoding="utf-8")
    (directory / "count.rq").write_text("# title: Triples\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n")
    return directory


@pytest.fixture
def store_path(tmp_path):
    g = Graph()
    for number, date, votes in [("2022-80", "2022-03-21", 44), ("2022-87", "2022-03-21", 43), ("2022-372", "2022-09-26", 43)]:
        d = EX[number]
        g.add((d, EX.number, Literal(number)))
        g.add((d, EX.date, Literal(date, datatype=URIRef(XSD + "date"))))
        g.add((d, EX["for"], Literal(votes)))
    with open_store(tmp_path / "store") as store:
        store.replace_documents({URIRef("http://example.org/graph/doc"): g})
    return tmp_path / "store"


def test_header_comments_give_title_description_and_typed_params(query_dir):
    q = parse_query_file(query_dir / "meeting.rq")
    assert q.name == "meeting"
    assert q.title == "Deliberations of a meeting"
    assert q.description == "The deliberations adopted on one date, with their vote count."
    assert [(p.name, p.type, p.description) for p in q.params] == [
        ("date", "xsd:date", "Meeting date, e.g. 2022-03-21"),
        ("min_for", "xsd:integer", "Smallest number of votes for"),
    ]
    assert list(load_named_queries(query_dir)) == ["count", "meeting"]
    assert load_named_queries(query_dir)["count"].params == []


def test_values_become_typed_terms(tmp_path):
    (tmp_path / "q.rq").write_text(
        "# param: d xsd:date D\n# param: n xsd:integer N\n# param: s xsd:string S\n"
        "# param: u iri U\n# param: b xsd:boolean B\nSELECT ?d ?n ?s ?u ?b {}"
    )
    q = parse_query_file(tmp_path / "q.rq")
    terms = bind_params(q, {"d": "2022-03-21", "n": "44", "s": "Mme X", "u": "http://example.org/a", "b": "1"})
    assert terms == {
        "d": ox.Literal("2022-03-21", datatype=ox.NamedNode(XSD + "date")),
        "n": ox.Literal("44", datatype=ox.NamedNode(XSD + "integer")),
        "s": ox.Literal("Mme X"),
        "u": ox.NamedNode("http://example.org/a"),
        "b": ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("date", "21/03/2022", "--param date=21/03/2022: not a valid xsd:date (expected YYYY-MM-DD)"),
        ("date", "2022-02-30", "--param date=2022-02-30: not a valid xsd:date (day is out of range for month)"),
        ("min_for", "forty", "--param min_for=forty: not a valid xsd:integer (expected an integer)"),
    ],
)
def test_a_value_that_does_not_fit_its_type(query_dir, name, value, message):
    q = parse_query_file(query_dir / "meeting.rq")
    values = {"date": "2022-03-21", "min_for": "1", name: value}
    with pytest.raises(UserError) as info:
        bind_params(q, values)
    assert info.value.message == message


def test_unknown_and_missing_parameters(query_dir):
    q = parse_query_file(query_dir / "meeting.rq")
    with pytest.raises(UserError) as info:
        bind_params(q, {"date": "2022-03-21", "min_for": "1", "year": "2022"})
    assert info.value.message == "query 'meeting' has no parameter 'year'; its parameters: date (xsd:date), min_for (xsd:integer)"
    with pytest.raises(UserError) as info:
        bind_params(q, {"date": "2022-03-21"})
    assert info.value.message == "query 'meeting' needs --param min_for=VALUE (xsd:integer: Smallest number of votes for)"


def test_param_options():
    assert parse_param_options(("date=2022-03-21", "name=Mme A=B")) == {"date": "2022-03-21", "name": "Mme A=B"}
    with pytest.raises(UserError, match="write --param NAME=VALUE"):
        parse_param_options(("date",))
    with pytest.raises(UserError, match="given twice"):
        parse_param_options(("date=1", "date=2"))


def test_bad_headers(tmp_path):
    (tmp_path / "a.rq").write_text("# param: date xsd:datum Meeting date\nSELECT ?date {}")
    with pytest.raises(UserError, match="parameter 'date' has unknown type 'xsd:datum'; use one of xsd:string"):
        parse_query_file(tmp_path / "a.rq")
    (tmp_path / "b.rq").write_text("# param: \nSELECT * {}")
    with pytest.raises(UserError, match="write `# param: NAME TYPE Description`"):
        parse_query_file(tmp_path / "b.rq")


def test_unknown_query_name_lists_the_known_ones(query_dir):
    with pytest.raises(UserError) as info:
        resolve_query("meetings", query_dir)
    assert info.value.message == "unknown query 'meetings'; known queries: count, meeting (or give a FILE.rq)"


def test_run_query_binds_parameters(query_dir, store_path):
    q, variables, rows = run_query("meeting", {"date": "2022-03-21", "min_for": "44"}, store_path, query_dir)
    assert variables == ["date", "min_for", "number", "for"]
    assert [(str(r[2]), int(r[3])) for r in rows] == [("2022-80", 44)]
    _, _, rows = run_query("meeting", {"date": "2022-03-21", "min_for": "0"}, store_path, query_dir)
    assert [str(r[2]) for r in rows] == ["2022-80", "2022-87"]


def test_a_hostile_string_value_stays_a_value(tmp_path, store_path):
    (tmp_path / "n.rq").write_text("# param: number xsd:string N\nSELECT ?number ?d WHERE { ?d <http://example.org/number> ?number }")
    hostile = '2022-80" } UNION { ?d ?p ?number } #'
    _, _, rows = run_query(str(tmp_path / "n.rq"), {"number": hostile}, store_path)
    assert rows == []
    _, _, rows = run_query(str(tmp_path / "n.rq"), {"number": "2022-80"}, store_path)
    assert rows == [(Literal("2022-80"), EX["2022-80"])]


def test_a_malformed_query_fails_before_the_store_is_opened(tmp_path):
    (tmp_path / "bad.rq").write_text("# title: Bad\nSELECT ?x WHERE { ?x ?p }\n")
    with pytest.raises(UserError, match=r"bad.rq: SPARQL syntax error: "):
        run_query(str(tmp_path / "bad.rq"), {}, tmp_path / "no-store")


def test_a_parameter_missing_from_select_is_reported(tmp_path):
    (tmp_path / "p.rq").write_text("# param: n xsd:integer N\nSELECT ?d WHERE { ?d ?p ?n }\n")
    with pytest.raises(UserError, match="list each parameter in the SELECT clause"):
        check_query(parse_query_file(tmp_path / "p.rq"))


def test_every_named_query_of_the_repository_parses_and_binds():
    named = load_named_queries()
    assert len(named) >= 12
    for query in named.values():
        assert query.title, query.path
        check_query(query)


ROWS = [
    (EX["2022-80"], Literal("Groupe Socialiste, Républicain et Citoyen"), Literal(44)),
    (EX["2022-87"], None, Literal(1)),
]


def test_table_format_aligns_columns_and_shortens_iris():
    text = format_results(["d", "group", "n"], ROWS, "table", {"ex": str(EX)})
    assert text.splitlines() == [
        "d           group                                       n",
        "----------  -----------------------------------------  --",
        "ex:2022-80  Groupe Socialiste, Républicain et Citoyen  44",
        "ex:2022-87                                              1",
    ]


def test_csv_and_json_formats():
    assert format_results(["d", "group", "n"], ROWS, "csv").splitlines() == [
        "d,group,n",
        'http://example.org/2022-80,"Groupe Socialiste, Républicain et Citoyen",44',
        "http://example.org/2022-87,,1",
    ]
    assert json.loads(format_results(["d", "group", "n"], ROWS, "json")) == [
        {"d": "http://example.org/2022-80", "group": "Groupe Socialiste, Républicain et Citoyen", "n": 44},
        {"d": "http://example.org/2022-87", "group": None, "n": 1},
    ]


def test_query_dir_is_the_repository_queries_folder():
    assert queries.QUERY_DIR.name == "queries"
    assert (queries.QUERY_DIR.parent / "kg" / "queries.py").is_file()


def test_a_query_calling_an_unknown_function_is_a_one_line_error(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    rq = tmp_path / "unknown-function.rq"
    rq.write_text("# title: bad\nSELECT ?x WHERE { BIND(<http://example.org/nofn>(1) AS ?x) }\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(rq), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "the query cannot run" in result.output and "Traceback" not in result.output


# -- parameters folded as the stored keys are ------------------------------------------------------


def test_folded_parameter_types_bind_the_key():
    assert queries.Param("text", "citation", "").bind("article L.3211-2 du CGCT") == ox.Literal("cgct-l3211-2")
    assert queries.Param("text", "citation", "").bind("loi n° 2020-1379") == ox.Literal("loi-2020-1379")
    assert queries.Param("name", "member", "").bind("MADAME Karine GAUTHIER") == ox.Literal("karine-gauthier")
    assert queries.Param("group", "key", "").bind("Groupe Socialiste, Républicain") == ox.Literal("groupe-socialiste-republicain")


def test_the_repository_queries_fold_their_name_and_text_parameters():
    named = load_named_queries()
    assert named["deliberations-citing"].param("text").type == "citation"
    assert named["recusals"].param("name").type == named["member-attendance"].param("name").type == "member"
    assert named["group-votes"].param("group").type == "key"
    for query in named.values():
        assert "REPLACE(" not in query.text, query.path  # no value is refolded in SPARQL


def cited_numbers(store, text: str) -> list[str]:
    _, variables, rows = run_query("deliberations-citing", {"text": text}, store)
    assert all(str(row[0]) == text for row in rows)  # the column shows the value as given
    return sorted(str(row[variables.index("number")]) for row in rows)


DKG = "https://w3id.org/deliberations-kg/ontology#"


def citing(store, pattern: str) -> list[str]:
    """The numbers of the deliberations citing the stored text matching `pattern` (no parameter, no folding)."""
    with open_store(store, read_only=True) as opened:
        _, rows = opened.query(
            f"SELECT DISTINCT ?number WHERE {{ {pattern} ?d <{DKG}cites> ?t ; <{DKG}deliberationNumber> ?number }}"
        )
    return sorted(str(r[0]) for r in rows)


ARTICLE = f"?t <{DKG}codeArticleId> 'L3211-2' ."
LOI = f"?t <{DKG}legalIdentifier> 'loi/2020-1379' ."


def test_the_stored_citations_of_the_samples(sample_store):
    # article L3211-2 of the CGCT: every deliberation of 21 March 2022 but 2022-98, then 2022-372 and 2024-577
    assert citing(sample_store, ARTICLE) == sorted([f"2022-{n}" for n in range(80, 109) if n != 98] + ["2022-372", "2024-577"])
    assert citing(sample_store, LOI) == sorted([f"2022-{n}" for n in range(80, 109)] + ["20201130_DL_03"])


@pytest.mark.parametrize(
    "text", ["L. 3211-2", "L3211-2", "L.3211-2", "article L.3211-2 du CGCT", "L3211-2 CGCT", "CGCT L3211-2",
             "Code général des collectivités territoriales, article L. 3211-2"],
)  # fmt: skip
def test_every_way_of_writing_an_article_finds_its_citations(sample_store, text):
    assert cited_numbers(sample_store, text) == citing(sample_store, ARTICLE) != []


@pytest.mark.parametrize("text", ["loi n° 2020-1379", "2020-1379", "Loi n°2020-1379 du 14 novembre 2020", "loi 2020-1379"])
def test_every_way_of_writing_a_loi_finds_its_citations(sample_store, text):
    assert cited_numbers(sample_store, text) == citing(sample_store, LOI) != []


def test_the_stored_keys_are_the_folded_citations(sample_store):
    from kg.identity import citation_key

    with open_store(sample_store, read_only=True) as store:
        _, rows = store.query(
            "SELECT DISTINCT ?key WHERE { ?t <https://w3id.org/deliberations-kg/ontology#codeArticleId> 'L3211-2' ;"
            " <https://w3id.org/deliberations-kg/ontology#lookupKey> ?key }"
        )
    assert sorted(str(r[0]) for r in rows) == [
        "cgct-l3211-2", "code-general-des-collectivites-territoriales-l3211-2", "l3211-2",
    ]  # fmt: skip
    assert citation_key("CGCT, article L. 3211-2") == "cgct-l3211-2"


@pytest.mark.parametrize("name", ["Mme Karine GAUTHIER", "MADAME KARINE GAUTHIER", "karine gauthier", "Gauthier", "Karine  GAUTHIER."])
def test_member_names_are_folded_as_the_stored_keys(sample_store, name):
    _, _, rows = run_query("recusals", {"name": name}, sample_store)
    assert sorted((str(r[1]), str(r[2]), str(r[3])) for r in rows) == [
        ("Karine GAUTHIER", "2022-03-21", "2022-106"), ("Karine GAUTHIER", "2022-03-21", "2022-87"),
    ]  # fmt: skip
    assert {str(r[0]) for r in rows} == {name}


def test_a_member_name_with_civility_and_hyphen(sample_store):
    _, _, rows = run_query("member-attendance", {"name": "Monsieur Bruno COUSEIN"}, sample_store)
    assert [(str(r[2]), int(r[3]), int(r[4])) for r in rows] == [
        ("present", 2, 2), ("excused", 1, 28), ("absent", 1, 1), ("noDelegation", 1, 1),
    ]  # fmt: skip
    _, _, rows = run_query("excused-at-meeting", {"date": "2022-09-27"}, sample_store)
    hyphenated = next(str(r[i]) for r in rows for i in range(len(r)) if "AIT-CHIKHEBBIH" in str(r[i]))
    _, _, rows = run_query("member-attendance", {"name": "Mme Fatima AIT CHIKHEBBIH"}, sample_store)
    assert {str(r[1]) for r in rows} == {hyphenated}
