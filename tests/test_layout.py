"""The layout of real documents: their kind, and each item's number and title (extractors/layout.py).

Each test reads a file of the development corpus (`../shared/corpus/dev/`) as users get it — most of
them OCR text with every line break lost — and checks the forms named in its docstring.
"""

from pathlib import Path

import pytest

from extractors.clean import clean
from extractors.layout import segment

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def _layout(prefix: str):
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return segment(clean(path.read_text(encoding="utf-8")))


def test_single_act_number_before_objet_in_one_line_text():
    """An extract: "n°d'ordre : DEL2023_001 Objet : Rapport annuel …", no line break anywhere."""
    layout = _layout("104")
    assert layout.kind == "act"
    assert [(it.number, it.title) for it in layout.items] == [
        ("DEL2023_001", "Rapport annuel du Médiateur de la ville de Pessac - année 2022 - présentation")
    ]


def test_affaire_heading_in_capitals():
    """"AFFAIRE N°2026-CM/071 : DESIGNATION D'UN CORRESPONDANT DEFENSE Le Maire certifie …"."""
    (item,) = _layout("152").items
    assert (item.number, item.title) == ("2026-CM/071", "DESIGNATION D'UN CORRESPONDANT DEFENSE")


def test_one_extract_holding_several_objets_each_numbered_after_its_title():
    """"OBJET : Adoption du règlement des cimetières (n°02/2020-01) Vu …", four times in one extract."""
    layout = _layout("108")
    assert layout.kind == "compilation"
    assert [it.number for it in layout.items] == ["02/2020-01", "02/2020-02", "02/2020-03", "02/2020-04"]
    assert layout.items[0].title == "Adoption du règlement des cimetières"
    assert layout.items[0].own_header and not layout.items[1].own_header


def test_register_extracts_repeated_with_their_headers():
    """Two extracts, each "Extrait du registre … N° 24 03_01 - DEBAT …", the second cut before its decision."""
    layout = _layout("130")
    assert [it.number for it in layout.items] == ["24 03_01", "240301.1"]
    assert layout.items[1].title.startswith("DEBAT D'ORIENTATIONS BUDGETAIRES 2024 - SERVICES EAU")


def test_list_with_bare_act_numbers_and_rubrics():
    """"Administration générale DEL_20220630_1- Approbation du compte rendu …": 40 entries."""
    layout = _layout("110")
    assert layout.kind == "list"
    assert len(layout.items) == 40
    assert layout.items[0].number == "DEL_20220630_1"
    assert layout.items[1].title == (
        "Approbation du compte de gestion afférent au budget principal de la Commune au titre de l'exercice 2021."
    )


def test_list_lines_closed_by_their_result():
    """"Délibération n° 2022-12-09/02 examinée le 9 décembre 2022 — Travaux en régie — approuvée"."""
    layout = _layout("111")
    assert layout.kind == "list"
    assert [(it.number, it.title) for it in layout.items[1:3]] == [
        ("2022-12-09/02", "Travaux en régie"),
        ("2022-12-09/03", "convention retraite cdg"),
    ]


def test_list_result_in_capitals_after_a_dash():
    """"Délibération n°2022-062 - Zone d'activités de Gandière : vente du lot F - APPROUVEE"; the mayor's
    "Décisions valant délibération" that follow are not records."""
    layout = _layout("116")
    assert [it.number for it in layout.items] == [f"2022-0{n}" for n in range(61, 69)]
    assert layout.items[1].title == "Zone d’activités de Gandière : vente du lot F"


def test_flattened_table_of_several_meetings():
    """"CONSEIL COMMUNAUTAIRE DU 30 MARS 2022 Délibération OBJET VOTE 20220330_010 …": a year of
    meetings in one table whose cells lost their order."""
    numbers = [it.number for it in _layout("133").items]
    assert numbers[:2] == ["20220302_001", "20220302_002"]
    assert {"20220330_010", "20220928_070"} <= set(numbers)


def test_numbered_points_with_dashes_in_minutes():
    """"1– Approbation du compte rendu … Le point est adopté à l'unanimité. 2 – Avenant n°1 …"."""
    layout = _layout("124")
    assert layout.kind == "minutes"
    assert [it.number for it in layout.items] == [str(n) for n in range(1, 15)]
    assert layout.items[0].title == "Approbation du compte rendu de la séance du 12 octobre 2022"
    assert all(it.decision is not None for it in layout.items[:13])


def test_agenda_in_roman_numerals_then_the_items():
    """"Ordre du jour : I Convention … II PADD … V Questions diverses." then the items again with their
    votes: the items are the run that decides, not the agenda."""
    layout = _layout("136")
    assert [it.number for it in layout.items][:3] == ["I", "II", "III"]
    assert layout.items[0].decision is not None
    assert layout.items[0].start > _text("136").index("Informations")


def test_numbered_points_on_their_own_lines():
    """"1/ Délibération reversement taxe d'aménagement à la CCPH :" then "10 votes pour"."""
    layout = _layout("137")
    assert len(layout.items) == 12
    assert layout.items[0].title == "Délibération reversement taxe d’aménagement à la CCPH"


def test_affaire_items_after_an_agenda_of_points():
    """"Ordre du jour 1) … ; 2) … ;" is an agenda; "Affaire n° 2 : Détermination du nombre de saisonniers :"
    opens the items; before them, the unnumbered approval of the last minutes ("COMPTE RENDU Le PV du
    dernier Bureau est adopté à l'unanimité des présents")."""
    layout = _layout("126")
    assert [it.number for it in layout.items] == [None, "2", "3", "4", "5"]
    assert layout.items[0].title == "COMPTE RENDU"
    assert layout.items[1].title == "Détermination du nombre de saisonniers"


@pytest.mark.parametrize("prefix", ["120", "140", "143", "150"])
def test_attendance_without_decision(prefix):
    """An excerpt that prints the meeting's attendance and no decision."""
    layout = _layout(prefix)
    assert (layout.kind, layout.items, layout.why_empty) == ("attendance", [], "no decision found")


def test_summary_list_in_a_table_with_one_entry():
    """"N° DCM TITRE DÉCISION DCM 20260727-01 Institution d'un droit de préemption urbain renforcé ADOPTÉE"."""
    (item,) = _layout("153").items
    assert (item.number, item.title) == ("DCM 20260727-01", "Institution d’un droit de préemption urbain renforcé")


def _text(prefix: str) -> str:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return clean(path.read_text(encoding="utf-8"))


def test_unnumbered_first_point_then_numbered_items():
    """"APPROBATION DU PROCÈS-VERBAL … " (no number, approved "À la majorité") then
    "DEL20230329_1 : Présentation du rapport social unique 2021", cut before its vote."""
    layout = _layout("122")
    assert [(it.number, it.title) for it in layout.items] == [
        (None, "APPROBATION DU PROCÈS-VERBAL DU CONSEIL MUNICIPAL DU 8 FÉVRIER 2023"),
        ("DEL20230329_1", "Présentation du rapport social unique 2021"),
    ]


def test_title_about_a_person_goes_on_past_the_civility():
    """"DEL_20220630_8- Provision semi-budgétaire … opposant la Commune à Madame … ." — the civility after
    "à" is part of the title; "Madame la Vice-Présidente expose" after a title is not."""
    items = {it.number: it.title for it in _layout("110").items}
    assert items["DEL_20220630_8"].startswith("Provision semi-budgétaire pour risque de contentieux")
    assert "opposant la Commune à Madame" in items["DEL_20220630_8"]
    assert _layout("124").items[2].title == (
        "Convention régissant les relations entre le service de soins infirmiers à domicile et un(e) "
        "infirmier(e) libéral(e) ou une société civile professionnelle."
    )


def test_a_title_in_capitals_keeps_its_own_stop_words():
    """"C 2023/02/4- INSTITUTIONS - COMPTE RENDU DES DECISIONS ADOPTEES PAR LE BUREAU DANS SA SEANCE …":
    "LE BUREAU" inside a title in capitals; the date's year before the number is not part of it."""
    layout = _layout("135")
    assert [it.number for it in layout.items] == ["C 2023/02/1", "C 2023/02/2", "C 2023/02/3", "C 2023/02/4"]
    assert "ADOPTEES PAR LE BUREAU DANS SA SEANCE" in layout.items[3].title


def test_ocr_damaged_deliberation_heading():
    """"Pélibération n° 182/2022 : Mise en place …": the D read as a P."""
    assert "182/2022" in [it.number for it in _layout("117").items]


def test_vu_clauses_after_the_formula_belong_before_the_decision():
    """"après en avoir délibéré, Vu le Code général des collectivités territoriales, … - DESIGNE …": the
    decision opens at the verb, not at the formula the Vu clauses follow."""
    from extractors.layout import _decisions
    from extractors.normalize import fold

    text = _text("135")
    formula = fold(text).index("apres en avoir delibere, vu le code")
    verb = text.index("DESIGNE", formula)
    marks = _decisions(text, fold(text))
    assert verb in marks and formula not in marks


def test_one_line_act_heading_is_not_read_as_a_register_with_line_breaks():
    """A one-line extract with "Après en avoir délibéré, LE CONSEIL MUNICIPAL … DECIDE" is read by its
    words (its attendance is then read by attendance.py, not line by line)."""
    (item,) = _layout("105").items
    assert item.number == "2023/020" and not item.lined


def test_minutes_items_headed_by_objet_without_number():
    """"***** DELIBERATION OBJET : Modification du tableau des effectifs Madame le Maire propose …"."""
    titles = [it.title for it in _layout("115").items]
    assert "Modification du tableau des effectifs" in titles
    assert "Convention d’adhésion au pôle médecine préventive du CDG34" in titles


def test_points_numbered_in_words():
    """"Point un de l'ordre du jour : approbation du compte rendu …", "Point deux de l'ordre du jour - finances …";
    the "2024 3" of a table of contents is no act number."""
    layout = _layout("129")
    assert [(it.number, it.title) for it in layout.items] == [
        ("1", "approbation du compte rendu de la séance du conseil communautaire du 24 janvier 2024"),
        ("2", "finances : débat d'orientation budgétaire 2024"),
    ]


def test_running_header_repeating_the_act_number():
    """"Délibération du Conseil municipal n° DEL_20220628_1" at the top of each page does not open a new act."""
    layout = _layout("109")
    assert [it.number for it in layout.items] == ["DEL_20220628_1", "DEL_20220628_2"]
    assert layout.items[0].title == "Approbation du compte rendu de la séance du Conseil municipal en date du mardi 24 mai 2022."


def test_decisions_of_the_president_under_delegation_are_not_records():
    """"COMPTE RENDU DES DECISIONS DU PRESIDENT : > CAR BONUS ENERGETIQUE Vu la délibération …": the
    decisions reported after it give no item; the document keeps its attendance record."""
    layout = _layout("128")
    assert (layout.kind, layout.items) == ("attendance", [])


def test_title_printed_before_the_act_number():
    """"Dossier n°2 : Attribution d'une aide à l'immobilier d'entreprise (boucherie d'Ecueillé) DB2024_002 Par
    courrier …"."""
    items = {it.number: it.title for it in _layout("127").items}
    assert items["DB2024_002"] == "Attribution d’une aide à l’immobilier d’entreprise (boucherie d’Ecueillé)"


def test_act_number_at_the_head_of_a_numbered_point():
    """"INSTITUTIONS 2. N° DEL2023-01 : Création de l'entente intercommunale …"."""
    item = _layout("113").items[-1]
    assert item.number == "DEL2023-01"
    assert item.title.startswith("Création de l’entente intercommunale pour la production et le portage de repas")


def test_rubric_in_capitals_before_the_title_and_exposé_openers():
    """"OBJET : ATTRACTIVITE DU TERRITOIRE ET CADRE DE VIE Cession d'un bien communal …" (the rubric is not the
    title); "… (CCAS) En raison de la démission …" (the exposé starts)."""
    assert _layout("105").items[0].title.startswith("Cession d’un bien communal à usage d’habitation")
    assert _layout("101").items[1].title == "Désignations dans divers organismes : Centre communal d’action sociale (CCAS)"


def test_act_numbered_by_its_date_and_title_in_capitals_before_the_rapporteur():
    """"Délibération 07/12/2022— 2 TRANSITION ÉCOLOGIQUE -— PLAN … EN EAU Mme CORBES EXPOSE : …"."""
    (item,) = _layout("103").items
    assert item.number == "07/12/2022— 2"
    assert item.title == "TRANSITION ÉCOLOGIQUE -— PLAN D'ÉCONOMIE DES RESSOURCES EN ÉNERGIE ET EN EAU"


def test_bare_act_number_then_title_in_capitals_then_page_footer():
    """"… 7 3 0 0 D2023-01-003 URBANISME – ÉLABORATION … (PADD) Mairie de … – Tél : …": the signature table's
    counts, the number, the title in capitals, the town hall's footer."""
    (item,) = _layout("107").items
    assert item.number == "D2023-01-003"
    assert item.title.endswith("DU PROJET D’AMENAGEMENT ET DE DEVELOPPEMENT DURABLE (PADD)")


def test_ocr_damaged_objet_label():
    """"… sous la présidence de Monsieur …, Président biet : Arrêt du Plan Climat Air Energie territorial …"."""
    (item,) = _layout("131").items
    assert item.title.startswith("Arrêt du Plan Climat Air Energie territorial (PCAET)")


def test_a_cited_deliberation_does_not_head_an_act():
    """"… par délibération du conseil Municipal du 17 …" in a compte rendu cites an act: the document is read
    as minutes, and its attendance gives its record."""
    assert _layout("118").kind != "act"


def test_a_lone_number_heads_an_item_only_at_the_head_of_a_text():
    """"-3/84- DEL01-2020 PAYS LOIRE TOURAINE : MODIFICATION …" heads an item (cut before its vote); "ORDRE
    DU JOUR FINANCES M. … 22_12_14_001 RAPPORT SUR …" is an agenda; "SMACL 79031 Niort" is an address."""
    assert [it.number for it in _layout("132").items] == [None, "DEL01-2020"]
    assert _layout("123").items == []


def test_attendance_excerpt_with_one_decision_without_heading():
    """An excerpt that prints the meeting's attendance and one decision without an item heading (the
    approval of the last minutes) gives one record: the attendance, and the vote of that decision."""
    from extractors import extract_document

    (path,) = CORPUS.glob("155_*.txt")
    (record,) = [d.to_record() for d in extract_document(path.read_text(encoding="utf-8"), path.name)]
    assert (record["number"], record["title"], record["vote"]["outcome"]) == (None, None, "approuvé à l'unanimité")
    assert len(record["present"]) == 22


@pytest.mark.parametrize(
    "printed, is_number",
    [("DEL2023_001", True), ("2026-CM/071", True), ("DCM 20260727-01", True), ("C 2023/02/1", True),
     ("M57", False), ("2024 3", False), ("SMACL 79031", False), ("213001100- 20240202", False), ("220 000", False)],
)  # fmt: skip
def test_what_an_act_number_looks_like(printed, is_number):
    """Forms printed in the corpus: act numbers, and what only looks like one (a budget nomenclature, a
    year and a count, a company and its postcode, a piece of the prefecture's stamp read by OCR, an amount)."""
    from extractors.layout import _code_like

    assert _code_like(printed) is is_number


def test_register_whose_line_breaks_were_lost():
    """A sample register as OCR gives it, all white space collapsed to one line: "… M. Michel DAGBERT
    FINANCEMENT D'UN ÉQUIPEMENT NUMÉRIQUE … DU PAS-DE-CALAIS (N°2022-372) …" — the title in capitals
    between the last listed name and the number; "PRESIDENCE DE MONSIEUR …" in capitals."""
    from extractors import extract_document

    path = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "002_8d5666818704f46d.txt"
    one_line = " ".join(path.read_text(encoding="utf-8").split())
    (record,) = [d.to_record() for d in extract_document(one_line, path.name)]
    assert record["number"] == "2022-372"
    assert record["title"] == (
        "FINANCEMENT D'UN ÉQUIPEMENT NUMÉRIQUE (VISIOCONFÉRENCE OU KIT STUDIO VIDÉO) DANS LES COLLÈGES "
        "PUBLICS DU PAS-DE-CALAIS"
    )
    assert record["president"] == "M. Jean-Claude LEROY"
    assert record["vote"]["outcome"] == "Adopté"
    assert record["report_number"] == 53  # "RAPPORT N°53" after the act
    # the last list stops where the title starts
    assert record["excused_without_vote"] == ["M. Jean-Louis COTTIGNY", "M. Michel DAGBERT"]
