"""Scoring against gold records: folding, matching, per-field counts."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kg.evaluate import evaluate, fold_article, fold_name, fold_number, fold_text, format_report

SEEDS = Path("/work/shared/gold/seeds.json")

GOLD = {
    "source_file": "003_b2bb4981e98d102e.txt",
    "number": "2022-104",
    "body": "Commission Permanente du Conseil départemental du Pas-de-Calais",
    "meeting_date": "2022-03-21",
    "title": "CONVENTION « Terre de jeux 2024 »",
    "president": "M. Jean-Claude LEROY",
    "secretary": "Mme Marie-Line PLOUVIEZ",
    "present": ["M. Jean-Claude LEROY", "Mme Fatima AIT-CHIKHEBBIH", "M. Daniel MACIEJASZ"],
    "excused": ["Mme Blandine DRAIN"],
    "absent": ["M. Bruno COUSEIN"],
    "attending_without_vote": [],
    "excused_without_vote": ["M. Jean-Louis COTTIGNY"],
    "recused": [{"name": "Monsieur Daniel MACIEJASZ", "canonical_name": "M. Daniel MACIEJASZ", "note": "intéressé"}],
    "no_delegation": ["Monsieur Bruno COUSEIN"],
    "vote": {
        "for": 42, "against": 0, "abstention": 1,
        "for_groups": ["Groupe Socialiste, Républicain et Citoyen", "Non-inscrit"],
        "against_groups": [], "abstention_groups": ["Groupe Socialiste, Républicain et Citoyen"],
        "absent_without_delegation": 1, "absent_without_delegation_groups": ["Groupe Union pour le Pas-de-Calais"],
        "outcome": "Adopté", "unanimity": None,
    },
    "legal_refs": [
        {"kind": "code_article", "text": "le Code…", "code": "Code Général des Collectivités Territoriales",
         "code_canonical": "Code général des collectivités territoriales", "articles": ["L.3121-14", "L.3211-2"]},
        {"kind": "loi", "text": "la loi n°2020-1379 du 14 novembre 2020", "number": "2020-1379", "date": "2020-11-14"},
        {"kind": "deliberation", "text": "la délibération n°2021-257 …", "number": "2021-257", "date": "2021-07-01"},
        {"kind": "other", "kind_alternatives": ["deliberation"], "text": "le Schéma Régional (SRDEII) adopté …",
         "number": None, "date": "2017-03-30"},
        {"kind": "other", "text": "le projet de convention", "optional": True},
    ],
    "committee_opinion": {"commission": "3ème commission « Éducation, culture »", "date": "2021-03-07",
                          "date_in_report": "2022-03-07"},
    "articles": [
        {"n": 1, "text": "D’attribuer 16 500 €.", "amounts_eur": [16500.0], "table_amounts_eur": [],
         "refs": [{"kind": "reglement", "text": "Règlement Départemental d’Aide Sociale (RDAS)", "optional": True}]},
        {"n": 2, "text": "La dépense …", "amounts_eur": [], "table_amounts_eur": [53500.0, 16500.0]},
    ],
    "report_number": 46,
}  # fmt: skip


def test_folding():
    assert fold_name("Mme Marie-Line PLOUVIEZ") == "marie line plouviez"
    assert fold_name("MADAME MARIE LINE PLOUVIEZ.") == "marie line plouviez"
    assert fold_name("Monsieur Daniel MACIEJASZ") == fold_name("M. Daniel MACIEJASZ") == "daniel maciejasz"
    assert fold_name("Mme Mireille HINGREZ-CÉRÉDA") == "mireille hingrez cereda"
    assert fold_name("Laurent PARSIS") == "laurent parsis"
    assert fold_name("Mathilde MARTIN") == "mathilde martin"  # a first name starting with "M" stays
    assert fold_text("Code de l’Éducation") == fold_text("code de l'education") == "code de l'education"
    assert fold_text("« Délégation  d’attributions »") == fold_text('"Délégation d\'attributions"')
    assert fold_number("N° 2022-80") == "2022-80"
    assert fold_article("L. 3121-14") == fold_article("L.3121-14") == "l3121-14"


def test_gold_against_itself_is_perfect():
    report = evaluate([copy.deepcopy(GOLD)], [GOLD])
    assert (report.overall.fp, report.overall.fn) == (0, 0)
    # header 7, names 3+1+1+1+1, recused 1, vote 3+1+2+1+1+1, refs 2+1+1+1+1 (the optional one, predicted),
    # opinion 2, articles 2+2+1+2
    assert report.overall.tp == 7 + 7 + 1 + 9 + 6 + 2 + 7
    assert report.fields["legal_refs"].tp == 6
    assert report.fields["vote.unanimity"].tp == 0  # not printed: not scored
    assert report.matched == 1


def test_variants_that_must_still_match():
    pred = copy.deepcopy(GOLD)
    pred["source_file"] = "some/dir/003_b2bb4981e98d102e.txt"
    pred["number"] = "N° 2022-104"
    pred["title"] = 'Convention "Terre de Jeux 2024"'
    pred["present"] = ["MONSIEUR JEAN-CLAUDE LEROY", "Mme Fatima AIT CHIKHEBBIH", "M. Daniel MACIEJASZ"]
    pred["recused"] = [{"name": "M. Daniel MACIEJASZ", "note": ""}]
    pred["legal_refs"] = [
        {"kind": "code_article", "code": "Code Général des Collectivités Territoriales", "articles": ["L 3121-14", "L.3211-2"]},
        {"kind": "loi", "date": "2020-11-14", "text": "la loi du 14 novembre 2020"},  # no number: by date
        {"kind": "deliberation", "number": "2021-257", "date": "2021-07-01", "text": "…"},
        {"kind": "deliberation", "number": None, "date": "2017-03-30", "text": "…"},  # the gold's alternative kind
    ]
    pred["committee_opinion"] = {"commission": "3ème Commission « Education, Culture »", "date": "2022-03-07"}
    for article in pred["articles"]:
        article.pop("refs", None)
    report = evaluate([pred], [GOLD])
    assert (report.overall.fp, report.overall.fn) == (0, 0)
    assert report.fields["legal_refs"].tp == 5  # the optional gold reference is not predicted: not counted


def test_mistakes_are_counted_per_field():
    pred = copy.deepcopy(GOLD)
    pred["secretary"] = "M. Philippe FAIT"  # wrong: one FP and one FN
    pred["excused"] = []  # missed
    pred["absent"] = ["M. Bruno COUSEIN", "M. Bruno COUSEIN"]  # one extra
    pred["recused"] = []
    pred["vote"]["abstention"] = None
    pred["vote"]["for_groups"] = ["Groupe Socialiste, Républicain et Citoyen", "Groupe Communiste"]
    pred["vote"]["unanimity"] = True  # not printed in the gold: a wrong claim
    pred["legal_refs"] = pred["legal_refs"][1:]  # two code articles missed
    pred["articles"][1]["table_amounts_eur"] = [53500.0]
    pred["report_number"] = None
    report = evaluate([pred], [GOLD])
    f = report.fields
    assert (f["secretary"].tp, f["secretary"].fp, f["secretary"].fn) == (0, 1, 1)
    assert (f["excused"].tp, f["excused"].fp, f["excused"].fn) == (0, 0, 1)
    assert (f["absent"].tp, f["absent"].fp, f["absent"].fn) == (1, 1, 0)
    assert (f["recused"].tp, f["recused"].fn) == (0, 1)
    assert (f["vote.abstention"].tp, f["vote.abstention"].fn) == (0, 1)
    assert (f["vote.for_groups"].tp, f["vote.for_groups"].fp, f["vote.for_groups"].fn) == (1, 1, 1)
    assert (f["vote.unanimity"].tp, f["vote.unanimity"].fp) == (0, 1)
    assert (f["legal_refs"].tp, f["legal_refs"].fp, f["legal_refs"].fn) == (4, 0, 2)
    assert (f["articles.table_amounts_eur"].tp, f["articles.table_amounts_eur"].fn) == (1, 1)
    assert (f["report_number"].tp, f["report_number"].fn) == (0, 1)
    g = report.groups
    assert (g["attendance"].tp, g["attendance"].fp, g["attendance"].fn) == (6, 1, 1)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (30, 4, 9)
    assert report.overall.precision == pytest.approx(30 / 34)
    assert report.overall.recall == pytest.approx(30 / 39)
    assert {(m.field, m.kind) for m in report.mistakes} >= {("secretary", "extra"), ("secretary", "missed")}


def test_unmatched_records_count_in_full():
    other = copy.deepcopy(GOLD)
    other["number"] = "2022-999"
    report = evaluate([other], [GOLD])
    assert report.matched == 0
    assert report.unmatched_predicted == [("003_b2bb4981e98d102e.txt", "2022-999")]
    assert report.unmatched_gold == [("003_b2bb4981e98d102e.txt", "2022-104")]
    assert report.overall.tp == 0
    assert report.overall.fn == 38  # everything in the gold but the optional references
    assert report.overall.fp == 39  # everything predicted (the optional reference included)


def test_report_table():
    text = format_report(evaluate([copy.deepcopy(GOLD)], [GOLD]))
    lines = text.splitlines()
    assert lines[0] == "records: 1 matched, 0 predicted without gold, 0 gold not predicted"
    assert lines[2].split() == ["field", "TP", "FP", "FN", "P", "R", "F1"]
    assert "overall (micro)" in text and "articles.amounts_eur and articles.table_amounts_eur are scored separately." in text
    assert any(line.split()[:2] == ["proxies", "0"] and line.split()[-3:] == ["-", "-", "-"] for line in lines)
    assert [line.split()[0] for line in lines if line.split() and line.split()[0] in ("header", "attendance", "recusals", "vote")] == [
        "header", "attendance", "recusals", "vote"
    ]


def test_the_seed_gold_scores_perfectly_against_itself():
    gold = json.loads(SEEDS.read_text(encoding="utf-8"))
    report = evaluate(copy.deepcopy(gold), gold)
    assert report.matched == 33
    assert (report.overall.fp, report.overall.fn) == (0, 0)
    assert report.fields["present"].tp == 1156
