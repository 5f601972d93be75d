"""Scoring against gold records: `kg eval` gives the reference scorer's figures (shared/gold/score.py)."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import (
    code_score_key,
    evaluate,
    evaluate_paths,
    format_report,
    name_score_key,
    number_score_key,
    pair_records,
    ref_keys,
    score_rows,
    text_score_key,
)
from kg.pipeline import extract_records

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "gold" / "score.py"
SEEDS_GOLD = SHARED / "gold" / "seeds.json"
SEEDS = SHARED / "seeds"
DEV_GOLD = SHARED / "corpus" / "dev-gold.json"
DEV = SHARED / "corpus" / "dev"


def reference_scorer():
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLD = {
    "source_file": "003_b2bb4981e98d102e.txt",
    "number": "2022-104",
    "meeting_date": "2022-03-21",
    "title": "CONVENTION « Terre de jeux 2024 »",
    "president": "M. Jean-Claude LEROY",
    "president_alternatives": ["Jean-Claude LEROY, Président du Conseil départemental"],
    "secretary": "Mme Marie-Line PLOUVIEZ",
    "present": ["M. Jean-Claude LEROY", "Mme Fatima AIT-CHIKHEBBIH", "M. Daniel MACIEJASZ"],
    "excused": ["Mme Blandine DRAIN"],
    "absent": ["M. Bruno COUSEIN"],
    "recused": ["Monsieur Daniel MACIEJASZ"],
    "no_delegation": ["Monsieur Bruno COUSEIN"],
    "proxies": [{"from": "Mme Blandine DRAIN", "to": "M. Daniel MACIEJASZ"}],
    "vote": {
        "for": 42, "against": 0, "abstention": 1,
        "for_groups": ["Groupe Socialiste, Républicain et Citoyen", "Non-inscrit"],
        "abstention_groups": ["Groupe Socialiste, Républicain et Citoyen"], "outcome": "Adopté",
    },
    "legal_refs": [
        {"kind": "code_article", "code": "Code Général des Collectivités Territoriales", "articles": ["L.3121-14", "L.3211-2"]},
        {"kind": "loi", "text": "la loi n°2020-1379 du 14 novembre 2020", "number": "2020-1379", "date": "2020-11-14"},
        {"kind": "deliberation", "text": "la délibération n°2021-257", "number": "2021-257", "date": "2021-07-01"},
        {"kind": "decret", "text": "le décret du 5 mai 2021", "date": "2021-05-05", "optional": True},
    ],
    "committee_opinion": {"commission": "3ème commission", "date": "2022-03-07"},
    "articles": [{"n": 1, "amounts_eur": [16500.0]}, {"n": 2, "amounts_eur": [53500, 16500.004]}],
    "report_number": 46,
}  # fmt: skip

# deliberations 1, number, date, title, president, secretary, report_number 6, vote counts 3, outcome 1,
# opinion date 1, names 3+1+1+1, recused 1, groups 2+1, proxies 1, refs 2+1+1, amounts 3
GOLD_ITEMS = 1 + 6 + 3 + 1 + 1 + 6 + 1 + 3 + 1 + 4 + 3


def test_keys():
    assert name_score_key("Mme Marie-Line PLOUVIEZ") == name_score_key("marie line plouviez") == "marie line plouviez"
    assert name_score_key("Monsieur Daniel MACIEJASZ") == name_score_key("M. Daniel MACIEJASZ") == "daniel maciejasz"
    assert name_score_key("Mme Mireille HINGREZ-CÉRÉDA") == "mireille hingrez cereda"
    assert name_score_key("Mathilde MARTIN") == "mathilde martin"  # a first name starting with "M" stays
    assert name_score_key("J.-P. D’HONDT") == "j p d hondt"
    assert name_score_key({"name": "Mme Anne COLIN"}) == "anne colin"
    assert text_score_key("CONVENTION « Terre de jeux 2024 »") == "convention terre de jeux 2024"
    assert text_score_key("Adopté à l’unanimité") == "adopte a l unanimite"
    assert number_score_key("N° 2022-80") == number_score_key("n°2022 - 80") == "2022-80"
    assert number_score_key("DEL — 2023 — 007") == "del-2023-007"
    assert code_score_key("Code général des collectivités territoriales") == "CGCT"
    assert code_score_key("code de l’éducation") == "CEDUC"
    assert code_score_key("Code minier") == "code minier"
    assert ref_keys({"kind": "code_article", "code": "CGCT", "articles": ["L. 2121-29"]}) == [
        ("code_article", "cgct", "l2121-29")  # the scorer knows codes by their words, not their acronym
    ]
    assert ref_keys({"kind": "loi", "number": "n° 2020-1379", "date": "2020-11-14"}) == [("loi", "2020-1379")]
    assert ref_keys({"kind": "arrete", "date": "2021-05-05"}) == [("arrete", "2021-05-05")]
    assert ref_keys({"kind": "other", "text": "le projet"}) == []


def test_gold_against_itself_is_perfect():
    report = evaluate([copy.deepcopy(GOLD)], [GOLD])
    assert (report.overall.fp, report.overall.fn) == (0, 0)
    assert report.overall.tp == GOLD_ITEMS
    assert report.fields["legal_refs"].tp == 4  # the optional reference, not predicted, costs nothing
    assert report.fields["amounts"].tp == 3
    assert report.matched == 1


def test_variants_that_must_still_match():
    pred = copy.deepcopy(GOLD)
    pred["source_file"] = "some/dir/003_b2bb4981e98d102e.txt"
    pred["number"] = "N° 2022-104"
    pred["title"] = 'Convention "Terre de Jeux 2024"'
    pred["president"] = "Jean-Claude LEROY, Président du Conseil départemental"  # a gold alternative
    pred["present"] = ["MONSIEUR JEAN-CLAUDE LEROY", "Mme Fatima AIT CHIKHEBBIH", "M. Daniel MACIEJASZ"]
    pred["vote"]["outcome"] = "adopté à l'unanimité"  # holds the gold's phrase
    pred["legal_refs"] = [
        {"kind": "code_article", "code": "code général des collectivités territoriales", "articles": ["L 3121-14", "L.3211-2"]},
        {"kind": "loi", "number": "2020-1379", "text": "…"},
        {"kind": "deliberation", "number": "n°2021-257", "text": "…"},
    ]  # the optional décret is not predicted: it costs nothing
    report = evaluate([pred], [GOLD])
    assert (report.overall.fp, report.overall.fn) == (0, 0)
    assert report.fields["legal_refs"].tp == 4


def test_a_found_optional_reference_counts_as_the_reference_scorer_counts_it():
    pred = copy.deepcopy(GOLD)
    pred["legal_refs"][3].pop("optional")
    expected = reference_scorer().score([GOLD], [pred])["legal_refs"]
    rows = score_rows([GOLD], [pred])
    assert [rows["legal_refs"].tp, rows["legal_refs"].fp, rows["legal_refs"].fn] == expected
    assert rows["legal_refs"].tp == 4  # the score.py of today also counts it as one FN: [4, 0, 1]


def test_mistakes_are_counted_per_field():
    pred = copy.deepcopy(GOLD)
    pred["secretary"] = "M. Philippe FAIT"  # wrong: one FP and one FN
    pred["excused"] = []  # missed
    pred["absent"] = ["M. Bruno COUSEIN", "M. Bruno COUSEIN"]  # one extra
    pred["recused"] = []
    pred["vote"]["abstention"] = None
    pred["vote"]["outcome"] = "Rejeté"
    pred["vote"]["for_groups"] = ["Groupe Socialiste, Républicain et Citoyen", "Groupe Communiste"]
    pred["legal_refs"] = pred["legal_refs"][1:]  # two code articles missed
    pred["articles"][1]["amounts_eur"] = [53500.0]
    pred["report_number"] = None
    report = evaluate([pred], [GOLD])
    f = report.fields
    assert (f["secretary"].tp, f["secretary"].fp, f["secretary"].fn) == (0, 1, 1)
    assert (f["excused"].tp, f["excused"].fp, f["excused"].fn) == (0, 0, 1)
    assert (f["absent"].tp, f["absent"].fp, f["absent"].fn) == (1, 1, 0)
    assert (f["recused"].tp, f["recused"].fn) == (0, 1)
    assert (f["vote.abstention"].tp, f["vote.abstention"].fn) == (0, 1)
    assert (f["vote.outcome"].tp, f["vote.outcome"].fp, f["vote.outcome"].fn) == (0, 1, 1)
    assert (f["vote.for_groups"].tp, f["vote.for_groups"].fp, f["vote.for_groups"].fn) == (1, 1, 1)
    assert (f["legal_refs"].tp, f["legal_refs"].fp, f["legal_refs"].fn) == (2, 0, 2)
    assert (f["amounts"].tp, f["amounts"].fn) == (2, 1)
    assert (f["report_number"].tp, f["report_number"].fn) == (0, 1)
    assert (report.groups["attendance"].tp, report.groups["attendance"].fp, report.groups["attendance"].fn) == (6, 1, 1)
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (GOLD_ITEMS - 10, 4, 10)
    assert report.overall.precision == pytest.approx((GOLD_ITEMS - 10) / (GOLD_ITEMS - 6))
    assert {(m.field, m.kind, m.item) for m in report.mistakes} >= {
        ("secretary", "extra", "philippe fait"), ("secretary", "missed", "marie line plouviez"),
        ("absent", "extra", "bruno cousein"), ("amounts", "missed", 16500.0),
    }  # fmt: skip


def test_pairing_by_title_then_by_order():
    titled = {"source_file": "a.txt", "number": "12", "title": "Budget primitif 2022 : budget annexe des zones"}
    second = {"source_file": "a.txt", "number": "13", "title": "Tarifs de la cantine"}
    # no number printed: paired by a close title; the second by order
    pred = [{"source_file": "a.txt", "title": "BUDGET PRIMITIF 2022 - BUDGET ANNEXE ZONES"},
            {"source_file": "a.txt", "title": "Questions diverses"}]  # fmt: skip
    rows = score_rows([titled, second], pred)
    assert (rows["deliberations"].tp, rows["deliberations"].fp, rows["deliberations"].fn) == (2, 0, 0)
    assert (rows["number"].fn, rows["title"].tp, rows["title"].fp) == (2, 0, 2)  # close is not equal
    pairs, extra = pair_records([titled, second], list(reversed(pred)))
    assert [p["title"] for _, p in pairs] == [pred[0]["title"], pred[1]["title"]] and extra == []


def test_optional_records_and_partial_files():
    optional = {"source_file": "b_partial.txt", "number": "3", "optional_record": True}
    kept = {"source_file": "b_partial.txt", "number": "4", "partial_file": True}
    report = evaluate([{"source_file": "b_partial.txt", "number": "4"}], [optional, kept])
    assert (report.records.tp, report.records.fp, report.records.fn) == (1, 0, 0)  # optional: costs nothing
    assert report.unmatched_gold == []
    # an attendance-only record takes no record by order; an extra record of a partial file costs nothing
    attendance = {"source_file": "b_partial.txt", "attendance_only": True, "present": ["Mme Anne COLIN"]}
    pred = [{"source_file": "b_partial.txt", "number": "4"}, {"source_file": "b_partial.txt", "number": "99"}]
    report = evaluate(pred, [attendance, kept])
    assert (report.records.tp, report.records.fp, report.records.fn) == (1, 0, 0)
    assert report.fields["present"].fn == 0 and report.unmatched_predicted == []
    kept.pop("partial_file")
    assert evaluate(pred, [attendance, kept]).unmatched_predicted == [("b_partial.txt", "99")]


def test_unmatched_records_count_in_full():
    other = copy.deepcopy(GOLD)
    other["source_file"] = "elsewhere.txt"
    report = evaluate([other], [GOLD])
    assert report.matched == 0
    assert report.unmatched_predicted == [("elsewhere.txt", "2022-104")]
    assert report.unmatched_gold == [("003_b2bb4981e98d102e.txt", "2022-104")]
    assert (report.overall.tp, report.overall.fn) == (0, GOLD_ITEMS)
    assert report.overall.fp == 1  # the predicted record; its fields are not scored against nothing


def test_report_lines():
    gold = [GOLD, {"source_file": "other.txt", "number": "1", "title": "Tarifs"}]
    text = format_report(evaluate([copy.deepcopy(GOLD)], gold))
    lines = text.splitlines()
    assert lines[0] == "records: 1 matched, 0 predicted without gold, 1 gold not predicted"
    assert lines[2].split() == ["003_b2bb4981e98d102e.txt", "gold", "1", "found", "1", "matched", "1", "F1", "1.000"]
    assert lines[3].split() == ["other.txt", "gold", "1", "found", "0", "matched", "0", "F1", "0.000"]
    assert lines[5].split() == ["field", "TP", "FP", "FN", "P", "R", "F1"]
    assert any(line.split() == ["vote.against_groups", "0", "0", "0", "-", "-", "-"] for line in lines)
    assert lines[-2] == "record recall 0.500 (1 of 2 gold records paired, 0 extra)"
    tp = GOLD_ITEMS
    assert lines[-1] == f"micro P=1.000 R={tp / (tp + 3):.3f} F1={2 * tp / (2 * tp + 3):.3f}"  # record, number, title


def _perturbed(gold: list[dict]) -> list[dict]:
    """Predictions with the mistakes extractors make: records lost, numbers lost (pairing by title or
    order), names re-spelled or missed, outcomes re-bounded, references lost or added."""
    out = []
    for i, g in enumerate(copy.deepcopy(gold)):
        if i % 11 == 3:
            continue
        if i % 7 == 1:
            g.pop("number", None)
        if i % 5 == 2:
            g["present"] = [f"M. {n}".upper().replace("-", " ") for n in (g.get("present") or [])][1:]
        if i % 4 == 0 and (g.get("vote") or {}).get("outcome"):
            g["vote"]["outcome"] = g["vote"]["outcome"] + " à l'unanimité"
        if i % 6 == 5:
            g["legal_refs"] = (g.get("legal_refs") or [])[1:] + [{"kind": "loi", "number": f"2099-{i}"}]
        if i % 9 == 4:
            g["title"] = (g.get("title") or "")[:-3]
        out.append(g)
    out.append({"source_file": gold[0]["source_file"], "number": "999-extra", "title": "Une autre"})
    return out


@pytest.mark.parametrize("gold_path", [SEEDS_GOLD, DEV_GOLD], ids=["samples", "corpus"])
def test_every_field_counts_as_the_reference_scorer_on_perturbed_gold(gold_path):
    reference = reference_scorer()
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pred = _perturbed(gold)
    expected = reference.score(gold, pred)
    rows = score_rows(gold, pred)
    # the reference scorer has no row for a field never seen
    assert {k: [s.tp, s.fp, s.fn] for k, s in rows.items() if not s.empty} == {
        k: v for k, v in expected.items() if any(v)
    }
    assert rows["deliberations"].fn > 0 and rows["present"].fn > 0  # the perturbations did cost


@pytest.mark.parametrize(("gold_path", "texts"), [(SEEDS_GOLD, SEEDS), (DEV_GOLD, DEV)], ids=["samples", "corpus"])
def test_kg_eval_prints_the_figures_of_score_py(gold_path, texts, tmp_path):
    """Both run on the same extraction: the micro totals and the per-file lines are the same."""
    predicted = tmp_path / "predicted.json"
    predicted.write_text(json.dumps(extract_records([texts]), ensure_ascii=False), encoding="utf-8")
    run = [sys.executable, str(SCORER), str(gold_path), str(predicted)]
    micro = json.loads(subprocess.run([*run, "--json"], capture_output=True, text=True, check=True).stdout)["_micro"]
    files = subprocess.run([*run, "--files"], capture_output=True, text=True, check=True).stdout.splitlines()
    report = evaluate_paths([texts], gold_path)  # kg eval on the text files
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (micro["tp"], micro["fp"], micro["fn"])
    assert report.overall.f1 == pytest.approx(micro["f1"])
    expected = [line.split()[1:] for line in files if " gold " in line and " F1 " in line]
    lines = [line.split()[1:] for line in format_report(report).splitlines() if " gold " in line and " F1 " in line]
    assert lines == expected
    assert len(lines) == len({g["source_file"] for g in json.loads(gold_path.read_text(encoding="utf-8"))})
