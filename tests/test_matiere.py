"""The ACTES matière classifier (extractors/matiere.py) on the samples and on made-up titles."""

import csv
import json
import re
from pathlib import Path

import pytest

from extractors import extract_document
from extractors.clean import clean
from extractors.matiere import LABELS, _CUES, _OTHER, Classification, accuracy, classify, evaluate_samples, fold
from extractors.models import Deliberation, Span

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LEXICON = ROOT / "extractors" / "lexicon"
EXPECTED = Path(__file__).resolve().parent / "actes_samples.json"

# Measured on the 33 deliberations of data/ against tests/actes_samples.json (labels made by reading
# the documents): 30/33 = 0.909 with the first version of the lexicon, before looking at its errors;
# 33/33 after fixing the three cues those errors exposed (a missing article in "financées par le
# Fonds social européen", a bare "vacataires" counted as an act of recruitment, "appel à projets"
# merged with another cue). 1.0 is an in-sample figure; the threshold keeps the pre-tuning level.
SAMPLE_ACCURACY_THRESHOLD = 0.90


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _title_only(title: str, body: str = "Conseil municipal de la commune") -> tuple[str, Deliberation]:
    span = Span(0, len(title))
    return title, Deliberation(source_file="made-up", span=span, title=title, title_span=span, body=body)


def _classify_title(title: str, body: str = "Conseil municipal de la commune") -> Classification | None:
    return classify(*_title_only(title, body))


@pytest.fixture(scope="module")
def meeting_2022_03_21():
    raw = _read("003_b2bb4981e98d102e.txt")
    text = clean(raw)
    return text, {d.number: d for d in extract_document(raw, "003_b2bb4981e98d102e.txt")}


# --- the lexicon ------------------------------------------------------------------------------------


def test_lexicon_has_every_code_of_the_nomenclature_with_its_labels():
    with open(LEXICON / "actes-nomenclature.csv", encoding="utf-8") as f:
        nomenclature = {row["code"]: (row["niveau1"], row["niveau2"]) for row in csv.DictReader(f)}
    entries = json.loads((LEXICON / "matieres.json").read_text(encoding="utf-8"))["matieres"]
    assert {e["code"]: (e["niveau1"], e["label"]) for e in entries} == nomenclature
    assert len(nomenclature) == 57
    assert LABELS["7.5"] == "Subventions" and LABELS["8.1"] == "Enseignement"


def test_lexicon_and_code_name_no_sample_document():
    """Rules must generalise: no names, numbers or titles of the sample documents."""
    words = ["canope", "pegase", "epdef", "pas-de-calais", "orange", "apf", "arras", "alzau", "sudoc",
             "en'vie", "eunice", "franklin", "farda", "aapit", "experience", "2022-", "2024-577"]
    for path in (LEXICON / "matieres.json", ROOT / "extractors" / "matiere.py"):
        folded = fold(path.read_text(encoding="utf-8"))
        for word in words:
            assert not re.search(r"(?<!\w)" + re.escape(word), folded), (path.name, word)


def test_folding_keeps_offsets():
    text = "DÉSIGNATION D’UN DÉLÉGUÉ – Œuvre"
    assert fold(text) == "designation d'un delegue - œuvre"
    assert len(fold(text)) == len(text)


# --- made-up titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry",
    json.loads((LEXICON / "matieres.json").read_text(encoding="utf-8"))["matieres"],
    ids=lambda e: e["code"],
)
def test_each_sample_title_of_the_lexicon_gets_its_code(entry):
    body = {"9.2": "Conseil départemental", "9.3": "Conseil régional"}.get(entry["code"], "Conseil municipal")
    result = _classify_title(entry["example_title"], body)
    assert result is not None and result.code == entry["code"], (entry["example_title"], result)
    assert result.label == entry["label"]


@pytest.mark.parametrize(
    "title, code",
    [
        ("Tarifs de la cantine scolaire 2023", "7.10"),  # fixing a price is a financial act, not 8.1
        ("Désignation d'un délégué au syndicat d'énergie", "5.3"),
        ("Création d'un poste d'adjoint technique", "4.1"),
        ("Vente d'une parcelle communale", "3.2"),
        ("Budget primitif 2023", "7.1"),
        ("Marché de travaux de voirie", "1.1"),
        ("Subvention à l'association sportive du collège", "7.5"),
        ("Décision modificative n°1 du budget principal", "7.1"),
        ("Compte administratif 2022 du budget de l'eau", "7.1"),
        ("Attribution de subventions aux associations communales pour l'année 2023", "7.5"),
        ("Demande de subvention au titre de la DETR pour la rénovation de l'école", "7.5"),
        ("Acquisition d'un terrain cadastré section AB n°123", "3.1"),
        ("Cession de la licence IV communale", "3.2"),
        ("Convention de mise à disposition d'un local à une association", "3.3"),
        ("Recrutement d'un agent contractuel pour un accroissement temporaire d'activité", "4.2"),
        ("Création d'un emploi non permanent pour accroissement saisonnier d'activité", "4.2"),
        ("Modification du tableau des effectifs", "4.1"),
        ("Organisation du temps de travail des agents : passage aux 1607 heures", "4.1"),
        ("Élection des adjoints au maire", "5.1"),
        ("Règlement intérieur du conseil communautaire", "5.2"),
        ("Indemnités de fonction des élus", "5.6"),
        ("Transfert de la compétence eau et assainissement à la communauté de communes", "5.7"),
        ("Autorisation d'ester en justice", "5.8"),
        ("Mise en place de la vidéoprotection sur la voie publique", "6.1"),
        ("Rapport d'orientation budgétaire 2024", "7.1"),
        ("Vote des taux de fiscalité directe locale", "7.2"),
        ("Instauration de la taxe de séjour", "7.2"),
        ("Contrat de prêt de 500 000 euros auprès de la Caisse des dépôts", "7.3"),
        ("Garantie d'emprunt à l'office public de l'habitat", "7.3"),
        ("Fonds de concours de la communauté de communes pour la voirie", "7.8"),
        ("Cotisation 2023 au conseil d'architecture, d'urbanisme et de l'environnement", "7.6"),
        ("Régie de recettes de la piscine municipale : modification", "7.10"),
        ("Approbation du plan local d'urbanisme intercommunal", "2.1"),
        ("Choix du mode de gestion du service public de l'assainissement : délégation de service public", "1.2"),
        ("Avenant n°2 au marché de maîtrise d'œuvre pour la construction de la médiathèque", "1.6"),
        ("Attribution d'une aide exceptionnelle aux sinistrés de la tempête", "8.2"),  # aid to persons
        ("Achat de mobilier pour l'école élémentaire", "8.1"),
        ("Convention territoriale globale avec la caisse d'allocations familiales", "8.2"),
        ("Travaux de réfection de la route départementale 12", "8.3"),
        ("Convention d'adhésion au programme Petites villes de demain", "8.4"),
        ("Convention avec la mission locale pour l'insertion professionnelle des jeunes", "8.6"),
        ("Organisation des transports scolaires", "8.7"),
        ("Adoption du plan climat-air-énergie territorial", "8.8"),
        ("Rapport annuel sur le prix et la qualité du service public de l'eau potable", "8.8"),
        ("Convention avec la médiathèque départementale pour le prêt de livres", "8.9"),
        ("Programme d'animations estivales pour les jeunes de la commune", "9.1"),
        ("Motion de soutien aux agriculteurs", "9.4"),
        ("Vœu relatif au maintien de la trésorerie de proximité", "9.4"),
    ],
)
def test_made_up_municipal_titles(title, code):
    result = _classify_title(title)
    assert result is not None and result.code == code, (title, result)


def test_other_fields_take_their_code_from_the_body():
    title = "Schéma de développement du tourisme et des sports de nature"
    assert _classify_title(title, "Conseil départemental du Nord").code == "9.2"
    assert _classify_title(title, "Conseil régional des Hauts-de-France").code == "9.3"
    assert _classify_title(title, "Conseil municipal de Lille").code == "9.1"
    assert _classify_title(title, "Conseil communautaire de la Communauté de communes").code == "9.1"


def test_no_cue_gives_none():
    assert _classify_title("Questions diverses") is None


def test_nature_of_the_act_outranks_the_field():
    """A subsidy to a school is 7.5; a designation to school boards 5.3; the school itself 8.1."""
    assert _classify_title("Subvention de fonctionnement au collège pour l'année scolaire").code == "7.5"
    assert _classify_title("Désignation des représentants au conseil d'administration du lycée").code == "5.3"
    assert _classify_title("Renouvellement du mobilier scolaire des écoles").code == "8.1"


# --- evidence ---------------------------------------------------------------------------------------


def _assert_evidence_is_cue(text: str, deliberation: Deliberation, result: Classification):
    assert result.evidence, result
    zones = [deliberation.title_span] + [a.span for a in deliberation.articles]
    code = _OTHER if result.code in ("9.1", "9.2", "9.3") else result.code
    patterns = [cue.pattern for cue in _CUES if cue.code == code]
    previous = -1
    for phrase, span in result.evidence:
        assert text[span.start : span.end] == phrase
        assert any(z is not None and z.start <= span.start and span.end <= z.end for z in zones)
        assert any(p.fullmatch(fold(phrase)) for p in patterns), phrase
        assert span.start >= previous  # document order
        previous = span.start


def test_evidence_of_a_made_up_title():
    text, deliberation = _title_only("Désignation d'un délégué au syndicat d'énergie")
    result = classify(text, deliberation)
    assert [(phrase, span) for phrase, span in result.evidence] == [
        ("Désignation", Span(0, 11)),
        ("délégué au", Span(17, 27)),
    ]
    _assert_evidence_is_cue(text, deliberation, result)


def test_designation_to_college_boards(meeting_2022_03_21):
    text, by_number = meeting_2022_03_21
    deliberation = by_number["2022-82"]
    result = classify(text, deliberation)
    assert (result.code, result.label, result.basis) == ("5.3", "Désignation de représentants", "act")
    assert [p for p, _ in result.evidence][:2] == ["DÉSIGNATION", "PERSONNALITÉS QUALIFIÉES"]
    _assert_evidence_is_cue(text, deliberation, result)


def test_every_sample_evidence_points_at_its_cue():
    for name in sorted(p.name for p in DATA.glob("*.txt")):
        raw = _read(name)
        text = clean(raw)
        for deliberation in extract_document(raw, name):
            result = classify(text, deliberation)
            assert result is not None, (name, deliberation.number)
            _assert_evidence_is_cue(text, deliberation, result)


def test_pdf_and_markdown_versions_agree():
    results = []
    for name in ("000_31979806140e0f38.txt", "001_79c01a26491281e1.txt"):
        raw = _read(name)
        (deliberation,) = extract_document(raw, name)
        results.append(classify(clean(raw), deliberation))
    assert results[0].code == results[1].code == "7.5"
    assert results[0].score == results[1].score
    assert [fold(p) for p, _ in results[0].evidence] == [fold(p) for p, _ in results[1].evidence]


def test_budget_charge_article_is_not_read():
    raw = (ROOT / "tests" / "fixtures" / "municipal_council.txt").read_text(encoding="utf-8")
    text = clean(raw)
    (deliberation,) = extract_document(raw, "municipal_council.txt")
    result = classify(text, deliberation)
    assert result.code == "7.5"
    charge = deliberation.articles[1]  # "Les crédits sont inscrits au budget 2021, article 6574."
    assert all(not (charge.span.start <= span.start < charge.span.end) for _, span in result.evidence)


# --- accuracy on the samples ------------------------------------------------------------------------


def test_accuracy_of_pairs():
    assert accuracy([("7.5", "7.5"), ("8.1", "7.5")]) == 0.5
    assert accuracy([]) == 0.0


def test_hand_labels_cover_every_sample_deliberation():
    labels = json.loads(EXPECTED.read_text(encoding="utf-8"))["deliberations"]
    keys = {(label["source_file"], label["number"]) for label in labels}
    found = {(p.name, d.number) for p in DATA.glob("*.txt") for d in extract_document(_read(p.name), p.name)}
    assert keys == found and len(labels) == 33
    assert all(LABELS[label["code"]] == label["label"] and label["why"] for label in labels)


def test_accuracy_on_the_samples():
    score, rows = evaluate_samples(DATA, EXPECTED)
    print(f"\nACTES matière accuracy on the samples: {score:.3f} ({sum(r['ok'] for r in rows)}/{len(rows)})")
    for row in rows:
        if not row["ok"]:
            print(f"  {row['source_file']} {row['number']}: expected {row['expected']}, got {row['predicted']}")
    assert len(rows) == 33
    assert score >= SAMPLE_ACCURACY_THRESHOLD
