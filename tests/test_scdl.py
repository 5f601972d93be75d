"""SCDL "Délibérations" and "Subventions" files written from the graph of the samples (kg/scdl.py),
checked field by field and with a table-schema validator (frictionless) against kg/schemas/.

Also the graph they are read from: beneficiaries and the ACTES matière (kg/triples.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from frictionless import Resource, Schema
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from extractors import extract_document
from kg.cli import main
from kg.errors import UserError
from kg.identity import member_key
from kg.scdl import (
    DELIBERATION_FIELDS,
    DELIBERATION_REQUIRED,
    SUBSIDY_FIELDS,
    actes_nomenclature,
    deliberation_table,
    load_publisher,
    luhn_valid,
    matiere_name,
    subsidy_table,
    write_table,
)
from kg.store import open_store
from kg.triples import IGEO, document_graph
from kg.vocabulary import DKG, OA

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PROFILE = Path(__file__).resolve().parent / "publisher-departement.json"
SCHEMAS = ROOT / "kg" / "schemas"
CP = "Commission Permanente du Conseil départemental du Pas-de-Calais"
NUMBERS = [f"2022-{n}" for n in range(80, 109)] + ["2022-372", "2024-577"]


@pytest.fixture(scope="module")
def store(sample_store):
    return sample_store


@pytest.fixture(scope="module")
def publisher():
    return load_publisher(PROFILE)


@pytest.fixture(scope="module")
def deliberations(store, publisher):
    with open_store(store, read_only=True) as opened:
        return deliberation_table(opened, publisher)


@pytest.fixture(scope="module")
def subsidies(store, publisher):
    with open_store(store, read_only=True) as opened:
        return subsidy_table(opened, publisher)


@pytest.fixture(scope="module")
def extracted():
    """(source file, number) -> Deliberation, read by the extractors from the documents."""
    found = {}
    for path in sorted(DATA.glob("*.txt")):
        for d in extract_document(path.read_text(encoding="utf-8"), path.name):
            found[(path.name, d.number)] = d
    return found


def validate_csv(tmp_path: Path, table, schema_name: str):
    path = tmp_path / f"{schema_name}.csv"
    write_table(table, path)
    schema = Schema.from_descriptor(json.loads((SCHEMAS / f"{schema_name}.json").read_text(encoding="utf-8")))
    return Resource(path=path.name, basepath=str(tmp_path), schema=schema).validate()


# -- publisher profile -------------------------------------------------------------------------------


def test_the_profile_siret_is_the_one_the_documents_print(publisher):
    text = (DATA / "003_b2bb4981e98d102e.txt").read_text(encoding="utf-8")
    assert "SIRET n° 22620001200012" in text
    assert "identifié au répertoire SIREN sous le N° 226 200 012" in text
    assert publisher.siret == "22620001200012" and publisher.siret.startswith("226200012")
    assert luhn_valid("226200012") and luhn_valid(publisher.siret)
    assert publisher.name == "Département du Pas-de-Calais" and publisher.pref_id == "PREF062"


def test_a_profile_with_an_invalid_siret_is_refused(tmp_path):
    # 22620001600016 has 14 digits but fails the Luhn key (as does 226200016 as a SIREN)
    for siret in ("22620001600016", "2262000120001", "ABCDEFGHIJKLMN"):
        path = tmp_path / "profile.json"
        path.write_text(json.dumps({"COLL_NOM": "Département du Pas-de-Calais", "COLL_SIRET": siret}), encoding="utf-8")
        with pytest.raises(UserError, match="not a valid SIRET"):
            load_publisher(path)


@pytest.mark.parametrize(
    "profile, message",
    [
        ({"COLL_SIRET": "22620001200012"}, "COLL_NOM is missing"),
        ({"COLL_NOM": "X", "COLL_SIRET": "22620001200012", "PREF_ID": "62"}, "PREF_ID"),
        ({"COLL_NOM": "X", "COLL_SIRET": "22620001200012", "DELIB_URL": "https://x.fr/{number}"}, "DELIB_URL"),
        ({"COLL_NOM": "X", "COLL_SIRET": "22620001200012", "bodies": "Conseil"}, "bodies"),
    ],
)
def test_profile_errors_are_one_line(tmp_path, profile, message):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    with pytest.raises(UserError, match=message) as caught:
        load_publisher(path)
    assert "\n" not in caught.value.message


# -- Délibérations ---------------------------------------------------------------------------------


def test_one_row_per_deliberation_of_the_publisher(deliberations):
    ids = [row["DELIB_ID"] for row in deliberations.rows]
    # 000 and 001 are one deliberation (PDF text and markdown): one row; 004 is another body's
    assert sorted(ids) == sorted(NUMBERS) and len(ids) == len(set(ids)) == 31
    assert deliberations.left_out == {"Bureau du syndicat mixte": 1}
    assert deliberations.problems == []
    assert list(deliberations.rows[0]) == DELIBERATION_FIELDS


def test_required_fields_are_filled_and_valid(deliberations):
    level1 = {labels[0].lower() for labels in actes_nomenclature().values()}
    for row in deliberations.rows:
        assert all(row[name] for name in DELIBERATION_REQUIRED), row
        assert row["COLL_NOM"] == "Département du Pas-de-Calais"
        assert re.fullmatch(r"\d{14}", row["COLL_SIRET"]) and luhn_valid(row["COLL_SIRET"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["DELIB_DATE"])
        assert re.fullmatch(r"\d\.\d{1,2}", row["DELIB_MATIERE_CODE"]) and row["DELIB_MATIERE_CODE"] in actes_nomenclature()
        # the SCDL check nomenclature-actes-value: level-1 label, "/", level-2 label, no space around "/"
        first, second = row["DELIB_MATIERE_NOM"].split("/")
        assert first in level1 and first == first.strip() and second == second.strip()
        assert row["DELIB_MATIERE_NOM"] == row["DELIB_MATIERE_NOM"].lower() and not re.search(r"[,()]", row["DELIB_MATIERE_NOM"])
        assert row["PREF_ID"] == "PREF062"
        assert row["BUDGET_ANNEE"] == row["BUDGET_NOM"] == row["PREF_DATE"] == row["DELIB_URL"] == ""


def test_exact_rows_of_known_deliberations(deliberations):
    by_id = {row["DELIB_ID"]: row for row in deliberations.rows}
    assert by_id["2024-577"] == {
        "COLL_NOM": "Département du Pas-de-Calais", "COLL_SIRET": "22620001200012", "DELIB_ID": "2024-577",
        "DELIB_DATE": "2024-12-09", "DELIB_MATIERE_CODE": "7.5", "DELIB_MATIERE_NOM": "finances locales/subventions",
        "DELIB_OBJET": "SUBVENTION DE FONCTIONNEMENT - ATELIER CANOPE D'ARRAS - ANNÉE SCOLAIRE 2024/2025",
        "BUDGET_ANNEE": "", "BUDGET_NOM": "", "PREF_ID": "PREF062", "PREF_DATE": "",
        "VOTE_EFFECTIF": "44", "VOTE_REEL": "44", "VOTE_POUR": "44", "VOTE_CONTRE": "0", "VOTE_ABSTENTION": "0",
        "DELIB_URL": "",
    }  # fmt: skip
    assert by_id["2022-81"]["DELIB_MATIERE_NOM"] == "domaine et patrimoine/actes de gestion du domaine public"
    assert by_id["2022-82"]["DELIB_MATIERE_CODE"] == "5.3"
    # 2022-99: one member absent without a proxy: 44 could vote, 43 voted
    assert (by_id["2022-99"]["VOTE_EFFECTIF"], by_id["2022-99"]["VOTE_REEL"], by_id["2022-99"]["VOTE_POUR"]) == ("44", "43", "43")
    # 2022-104: 42 for, 1 abstention, one absent without a proxy
    votes = [by_id["2022-104"][k] for k in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")]
    assert votes == ["44", "43", "42", "0", "1"]
    # 2022-372 (27 September 2022): 32 present and 11 excused, who voted by proxy
    assert [by_id["2022-372"][k] for k in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR")] == ["43", "43", "43"]


def test_vote_counts_equal_the_extracted_ones(deliberations, extracted):
    by_number = {number: d for (_, number), d in extracted.items() if d.body == CP}
    for row in deliberations.rows:
        vote = by_number[row["DELIB_ID"]].vote
        assert row["VOTE_POUR"] == str(vote.for_)
        assert row["VOTE_CONTRE"] == str(vote.against)
        assert row["VOTE_ABSTENTION"] == str(vote.abstention)
        cast = vote.voters if vote.voters is not None else vote.for_ + vote.against + vote.abstention
        assert row["VOTE_REEL"] == str(cast)
        # members with a deliberative vote, counted once, the chair and the secretary included
        d = by_number[row["DELIB_ID"]]
        people = d.present + d.excused + d.absent + d.no_delegation + [r.person for r in d.recused]
        with_vote = {member_key(p.name) for p in [*people, d.president, d.secretary] if p is not None}
        assert row["VOTE_EFFECTIF"] == str(len(with_vote))
        assert int(row["VOTE_EFFECTIF"]) >= int(row["VOTE_REEL"])


def test_the_csv_is_valid_against_the_scdl_table_schema(tmp_path, deliberations):
    report = validate_csv(tmp_path, deliberations, "scdl-deliberations")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["errors"] == 0


def test_a_row_with_bad_fields_is_caught_by_the_validator(tmp_path, deliberations):
    bad = type(deliberations)(deliberations.header, [dict(row) for row in deliberations.rows[:3]])
    bad.rows[0]["COLL_SIRET"] = "2262000120001"  # 13 digits
    bad.rows[1]["DELIB_MATIERE_CODE"] = "7-5"
    bad.rows[1]["DELIB_DATE"] = "21/03/2022"
    bad.rows[2]["BUDGET_ANNEE"] = "22"
    bad.rows[2]["VOTE_POUR"] = "quarante"
    bad.rows[2]["DELIB_OBJET"] = ""
    report = validate_csv(tmp_path, bad, "scdl-deliberations")
    assert not report.valid
    errors = {(row, field, kind) for row, field, kind in report.flatten(["rowNumber", "fieldName", "type"])}
    assert errors == {
        (2, "COLL_SIRET", "constraint-error"),
        (3, "DELIB_MATIERE_CODE", "constraint-error"),
        (3, "DELIB_DATE", "type-error"),
        (4, "BUDGET_ANNEE", "constraint-error"),
        (4, "VOTE_POUR", "type-error"),
        (4, "DELIB_OBJET", "constraint-error"),
    }


def test_the_schema_mirrors_scdl_2_1_5():
    schema = json.loads((SCHEMAS / "scdl-deliberations.json").read_text(encoding="utf-8"))
    assert schema["version"] == "2.1.5"
    assert [f["name"] for f in schema["fields"]] == DELIBERATION_FIELDS
    required = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")]
    assert required == DELIBERATION_REQUIRED
    patterns = {f["name"]: f["constraints"]["pattern"] for f in schema["fields"] if "pattern" in f.get("constraints", {})}
    assert patterns == {
        "COLL_SIRET": r"^\d{14}$",
        "DELIB_MATIERE_CODE": r"^\d\.\d{1,2}$",
        "BUDGET_ANNEE": r"^[0-9]{4}(\/[0-9]{4})?$",
    }


def test_matiere_names_follow_the_scdl_rule():
    assert matiere_name("7.5") == "finances locales/subventions"
    assert matiere_name("1.5") == "commande publique/transactions protocole d'accord transactionnel"
    assert matiere_name("7.9") == "finances locales/prise de participation sem etc."
    assert matiere_name("9.9") is None


def test_a_profile_without_bodies_covers_every_deliberation(tmp_path, store):
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"COLL_NOM": "Syndicat", "COLL_SIRET": "22620001200012"}), encoding="utf-8")
    with open_store(store, read_only=True) as opened:
        table = deliberation_table(opened, load_publisher(path))
    assert len(table.rows) == 32 and table.left_out == {}


def test_a_required_field_the_graph_lacks_is_reported_not_filled(tmp_path):
    text = (DATA / "002_8d5666818704f46d.txt").read_text(encoding="utf-8")
    [d] = extract_document(text, "002_8d5666818704f46d.txt")
    d.title, d.title_span, d.matiere = None, None, None
    graph = document_graph(d.source_file, [d])
    with open_store(tmp_path / "store") as opened:
        opened.replace_documents({graph.identifier: graph})
    runner = CliRunner()
    out = tmp_path / "deliberations.csv"
    args = ["export", "--format", "scdl-deliberations", "--publisher", str(PROFILE), "--store", str(tmp_path / "store")]
    result = runner.invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("scdl-deliberations")]
    assert lines == [
        "scdl-deliberations: deliberation 2022-372: DELIB_MATIERE_CODE, DELIB_MATIERE_NOM, DELIB_OBJET required, "
        "left empty: the deliberation has no ACTES matière and no title in the graph"
    ]
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert row["DELIB_ID"] == "2022-372" and row["DELIB_OBJET"] == row["DELIB_MATIERE_CODE"] == ""
    # --strict: nothing written, exit status 1
    strict_out = tmp_path / "strict.csv"
    result = runner.invoke(main, [*args, "--out", str(strict_out), "--strict"])
    assert result.exit_code == 1 and not strict_out.exists()
    assert "DELIB_OBJET" in result.stderr


def test_cli_export_writes_the_file(tmp_path, store):
    out = tmp_path / "deliberations.csv"
    result = CliRunner().invoke(
        main, ["export", "--format", "scdl-deliberations", "--publisher", str(PROFILE), "--out", str(out), "--store", str(store), "--strict"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "left out: 1 row(s) of Bureau du syndicat mixte, not among the profile's bodies",
        f"wrote {out}",
    ]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 31 and list(rows[0]) == DELIBERATION_FIELDS


@pytest.mark.parametrize(
    "args, message",
    [
        (["--format", "scdl-deliberations"], "needs the publisher's profile: give --publisher FILE"),
        (["--format", "ttl", "--strict"], "apply to scdl-deliberations and scdl-subventions only"),
        (["--format", "scdl-subventions", "--publisher", "no-such.json"], "no-such.json: cannot be read"),
    ],
)
def test_cli_export_errors_are_one_line(store, args, message):
    result = CliRunner().invoke(main, ["export", *args, "--store", str(store)])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.strip().splitlines()) == 1


# -- Subventions -----------------------------------------------------------------------------------


def test_one_subsidy_row_per_beneficiary_granted_an_amount(subsidies, extracted):
    granted = {
        (d.number, " ".join(b.name.split()).replace("’", "'"), b.commune)
        for (_, _), d in extracted.items()
        if d.body == CP
        for b in d.beneficiaries
        if b.amount is not None
    }
    assert len(subsidies.rows) == len(granted) == 145
    assert list(subsidies.rows[0]) == SUBSIDY_FIELDS
    assert Counter(row["referenceDecision"] for row in subsidies.rows)["2024-577"] == 1  # 000 and 001: one
    assert subsidies.left_out == {}


def test_exact_subsidy_rows(subsidies):
    rows = {(row["referenceDecision"], row["nomBeneficiaire"]): row for row in subsidies.rows}
    canope = rows[("2024-577", "atelier CANOPÉ d'Arras")]
    assert canope == {
        "nomAttribuant": "Département du Pas-de-Calais", "idAttribuant": "22620001200012", "dateConvention": "",
        "referenceDecision": "2024-577", "nomBeneficiaire": "atelier CANOPÉ d'Arras", "idBeneficiaire": "",
        "rnaBeneficiaire": "", "objet": "SUBVENTION DE FONCTIONNEMENT - ATELIER CANOPE D'ARRAS - ANNÉE SCOLAIRE 2024/2025",
        "montant": "16500.00", "nature": "aide en numéraire", "conditionsVersement": "", "datesPeriodeVersement": "",
        "idRAE": "", "notificationUE": "", "pourcentageSubvention": "1.00", "dispositifAide": "",
    }  # fmt: skip
    # a commune by its official name; collèges that share a name, told apart by their commune
    assert rows[("2022-96", "Saint-Pol-sur-Ternoise")]["montant"] == "6680.00"
    assert rows[("2022-99", "Hénin-Beaumont")]["montant"] == "500000.00"
    assert rows[("2022-101", "Collège Jean Jaurès (Lens)")]["montant"] == "11401.00"
    assert rows[("2022-101", "Collège Jean Jaurès (Calais)")]["montant"] == "10780.00"
    assert rows[("2022-106", "APF France Handicap")]["montant"] == "14920.00"


def test_unknown_required_subsidy_fields_are_reported_and_are_exactly_what_the_validator_finds(tmp_path, subsidies):
    report = validate_csv(tmp_path, subsidies, "scdl-subventions")
    found = Counter(field for field, kind in report.flatten(["fieldName", "type"]) if kind == "constraint-error")
    assert {kind for _, kind in report.flatten(["fieldName", "type"])} == {"constraint-error"}
    assert found == {name: 145 for name in ("dateConvention", "conditionsVersement", "datesPeriodeVersement", "notificationUE")}
    assert len(subsidies.problems) == 145
    assert str(subsidies.problems[0]) == (
        "scdl-subventions: deliberation 2022-89, Espace Socioculturel de la Lys: dateConvention, "
        "conditionsVersement, datesPeriodeVersement, notificationUE, idBeneficiaire or rnaBeneficiaire "
        "required, left empty: not in the graph"
    )


# -- the graph the files are read from -------------------------------------------------------------


def test_beneficiary_triples_with_commune_amount_article_and_span():
    name = "000_31979806140e0f38.txt"
    text = (DATA / name).read_text(encoding="utf-8")
    [d] = extract_document(text, name)
    graph = document_graph(name, [d])
    [node] = graph.subjects(RDF.type, DKG.Beneficiary)
    deliberation = URIRef("https://w3id.org/deliberations-kg/id/deliberation/"
                          "commission-permanente-du-conseil-departemental-du-pas-de-calais/2024-577")
    assert (deliberation, DKG.hasBeneficiary, node) in graph
    assert graph.value(node, DKG.beneficiaryKind) == DKG.otherBeneficiary
    commune = URIRef("http://id.insee.fr/geo/commune/62041")
    assert graph.value(node, DKG.inCommune) == commune
    assert (commune, RDF.type, IGEO.Commune) in graph and graph.value(commune, IGEO.codeINSEE) == Literal("62041")
    assert graph.value(node, DKG.communeName) == Literal("Arras")
    assert graph.value(node, DKG.grantedByArticle) == URIRef(f"{deliberation}/article/1")
    amount = graph.value(node, DKG.grantedAmount)
    assert amount == URIRef(f"{deliberation}/article/1/amount/1")  # the article's own amount
    assert graph.value(amount, DKG.euroValue).toPython() == Decimal("16500.00")
    for thing, printed in ((node, "atelier CANOPÉ d’Arras"), (amount, "16 500 €")):
        selector = graph.value(graph.value(thing, DKG.hasSpan), OA.hasSelector)
        start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        assert text[start:end] == printed


def test_matiere_triples_keep_code_score_and_evidence_spans():
    name = "000_31979806140e0f38.txt"
    text = (DATA / name).read_text(encoding="utf-8")
    [d] = extract_document(text, name)
    graph = document_graph(name, [d])
    [node] = graph.subjects(RDF.type, DKG.MatiereClassification)
    assert (graph.value(node, DKG.matiereCode), graph.value(node, DKG.matiereLabel)) == (Literal("7.5"), Literal("Subventions"))
    assert graph.value(node, DKG.classificationBasis) == Literal("act")
    assert graph.value(node, DKG.classificationScore).toPython() == Decimal("12.0")
    printed = set()
    for evidence in graph.objects(node, DKG.hasEvidence):
        for span in graph.objects(evidence, DKG.hasSpan):
            selector = graph.value(span, OA.hasSelector)
            printed.add(text[int(graph.value(selector, OA.start)) : int(graph.value(selector, OA.end))])
    # "SUBVENTION" (title) and "subvention" (article 1) are one phrase, printed twice: one node, two spans
    assert printed == {"SUBVENTION", "attribuer à l’atelier CANOPÉ d’Arras une subvention", "subvention"}
    assert len(set(graph.objects(node, DKG.hasEvidence))) == 2


# -- kg classify --check ---------------------------------------------------------------------------


def test_classify_check_prints_the_accuracy_and_one_row_per_label():
    expected = Path(__file__).resolve().parent / "actes_samples.json"
    result = CliRunner().invoke(main, ["classify", "--check", "--data", str(DATA), "--expected", str(expected)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    labels = json.loads(expected.read_text(encoding="utf-8"))["deliberations"]
    assert lines[0] == f"accuracy {len(labels)}/{len(labels)} = 1.000"
    assert len(lines) == 1 + len(labels)
    assert lines[4] == (
        "ok\t003_b2bb4981e98d102e.txt 2022-80\texpected 8.5\tpredicted 8.5\t"
        "FONDS SOLIDARITÉ LOGEMENT; LOGEMENT; Fonds Solidarité Logement; Logement"
    )


def test_classify_without_check_is_a_usage_error():
    result = CliRunner().invoke(main, ["classify"])
    assert result.exit_code == 2 and "give --check" in result.output
