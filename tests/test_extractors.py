"""The extraction steps on real fragments of the samples and on other layouts (tests/fixtures)."""

import json
from pathlib import Path

import pytest

from extractors import extract_document
from extractors.clean import clean, normalize_space
from extractors.dates import parse_date, parse_register_date
from extractors.names import person_key, read_name_list
from extractors.layout import segment

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def meeting_2022_03_21():
    """003 holds the 29 deliberations of the meeting of 21 March 2022."""
    return {d.number: d for d in extract_document(_read("003_b2bb4981e98d102e.txt"), "003_b2bb4981e98d102e.txt")}


def names(people):
    return [p.name for p in people]


# --- cleaning -------------------------------------------------------------------------------------


def test_cleaning_keeps_every_offset_and_blanks_markdown_and_page_markers():
    text = "**DECIDE**\nVu l'avis de la 3^{ème} commission\n\n1 / 3\n\nArticle 1 :"
    cleaned = clean(text)
    assert len(cleaned) == len(text)
    assert normalize_space(cleaned) == "DECIDE Vu l'avis de la 3ème commission Article 1 :"


def test_words_split_at_line_end_are_rejoined():
    assert normalize_space("Espaces Nu-\nmériques") == "Espaces Numériques"
    assert normalize_space("Mme Fatima AIT-\nCHIKHEBBIH") == "Mme Fatima AIT-CHIKHEBBIH"
    assert normalize_space("Lecture publique -\n\nStructures") == "Lecture publique - Structures"


def test_dates_in_figures_and_in_words():
    assert parse_date("REUNION DU 9 DÉCEMBRE 2024") == "2024-12-09"
    assert parse_date("en date du 01/07/2021 « Délégation") == "2021-07-01"
    assert parse_date("ordonnance du 1er avril 2020") == "2020-04-01"
    assert parse_register_date("L’an deux mille vingt, le 30 novembre à 17h30") == "2020-11-30"
    assert parse_register_date("L'an deux mille vingt et un, le douze mars") == "2021-03-12"


# --- names ----------------------------------------------------------------------------------------


def test_one_person_whatever_the_civility_or_case():
    assert person_key("Madame Karine GAUTHIER") == person_key("Mme Karine GAUTHIER")
    assert person_key("MONSIEUR JEAN-CLAUDE LEROY") == person_key("M. Jean-Claude LEROY")
    assert person_key("M. Jean-Claude LEROY") != person_key("M. Jean-Claude DISSAUX")


def test_a_name_list_stops_at_the_title():
    text = clean(_read("002_8d5666818704f46d.txt"))
    start = text.index(":", text.index("Excusé(s) sans voix")) + 1
    people, stop = read_name_list(text, start, len(text))
    assert names(people) == ["M. Jean-Louis COTTIGNY", "M. Michel DAGBERT"]
    assert text[stop:].lstrip().startswith("FINANCEMENT D'UN ÉQUIPEMENT")


# --- segmentation ---------------------------------------------------------------------------------


def test_a_meeting_file_is_cut_into_its_deliberations_with_their_reports():
    layout = segment(clean(_read("003_b2bb4981e98d102e.txt")))
    assert layout.kind == "compilation"
    segments = layout.items
    assert len(segments) == 29
    # each deliberation is followed by its report, RAPPORT N°22 to N°50
    assert [s.report_number for s in segments] == list(range(22, 51))
    assert all(s.start <= s.decision < s.vote <= s.own_end <= s.end for s in segments)


# --- header ---------------------------------------------------------------------------------------


def test_header_of_the_meeting_of_27_september_2022():
    (d,) = extract_document(_read("002_8d5666818704f46d.txt"), "002_8d5666818704f46d.txt")
    assert d.number == "2022-372"
    assert d.body == "Commission Permanente du Conseil départemental du Pas-de-Calais"
    assert d.meeting_date == "2022-09-27"
    assert d.title == (
        "FINANCEMENT D'UN ÉQUIPEMENT NUMÉRIQUE (VISIOCONFÉRENCE OU KIT STUDIO VIDÉO) DANS LES "
        "COLLÈGES PUBLICS DU PAS-DE-CALAIS"
    )
    assert d.president.name == "M. Jean-Claude LEROY"
    assert d.secretary.name == "M. Philippe FAIT"
    assert len(d.present) == 32
    assert names(d.excused) == [
        "M. Daniel MACIEJASZ", "M. Jean-Marc TELLIER", "M. Ludovic LOQUET", "M. Laurent DUPORGE",
        "Mme Karine GAUTHIER", "M. François LEMAIRE", "Mme Fatima AIT-CHIKHEBBIH", "M. Pierre GEORGET",
        "M. Etienne PERIN", "Mme Maïté MULOT-FRISCOURT", "M. Alexandre MALFAIT",
    ]
    assert names(d.attending_without_vote) == ["Mme Emmanuelle LEVEUGLE"]
    assert names(d.excused_without_vote) == ["M. Jean-Louis COTTIGNY", "M. Michel DAGBERT"]
    assert d.report_number == 53


def test_spans_point_at_the_source_text():
    text = _read("002_8d5666818704f46d.txt")
    (d,) = extract_document(text, "002")
    assert text[d.number_span.start : d.number_span.end] == "2022-372"
    first_excused = d.excused[0]
    assert text[first_excused.span.start : first_excused.span.end] == "M.  Daniel  MACIEJASZ"


def test_attendance_changes_between_deliberations_of_one_meeting(meeting_2022_03_21):
    assert "M. Jean-Louis COTTIGNY" in names(meeting_2022_03_21["2022-100"].attending_without_vote)
    assert names(meeting_2022_03_21["2022-101"].excused_without_vote) == ["M. Jean-Louis COTTIGNY"]
    assert names(meeting_2022_03_21["2022-99"].absent) == ["M. Laurent DUPORGE"]
    assert names(meeting_2022_03_21["2022-104"].absent) == ["M. Bruno COUSEIN"]


def test_register_with_margin_and_no_civility():
    (d,) = extract_document(_read("004_5a523bc9ac06f3c2.txt"), "004_5a523bc9ac06f3c2.txt")
    assert d.number == "20201130_DL_03"
    assert d.body == "Bureau du syndicat mixte"
    assert d.meeting_date == "2020-11-30"
    assert d.title == "Renouvellement de la convention de partenariat avec CANOPE"
    assert d.president.name == "M. Philippe VARLET"
    assert d.secretary.name == "Laurent PARSIS"
    assert names(d.present) == [
        "Jean-Marie BLONDELLE", "Margaux DELETRE", "Bernard DAVERGNE", "Laurent PARSIS", "Jean-Pierre DELFOSSE",
    ]
    assert (d.vote.for_, d.vote.against, d.vote.abstention, d.vote.voters) == (6, 0, 0, 6)
    assert d.members_in_office == 9
    assert d.vote.outcome == "Adoptée à l’unanimité" and d.vote.unanimity is True
    assert [a.n for a in d.articles] == [1, 2, 3]
    assert [x.value for x in d.articles[0].amounts] == [60000.0]


# --- recusals and votes ---------------------------------------------------------------------------


def test_two_members_recused_in_one_sentence(meeting_2022_03_21):
    d = meeting_2022_03_21["2022-89"]
    assert [r.person.name for r in d.recused] == ["Madame Florence WOZNY", "M. Jean-Claude DISSAUX"]
    assert d.recused[0].note == "intéressés à l’affaire, n’ont pris part ni au débat, ni au vote"


def test_excused_member_without_delegation_is_not_recused(meeting_2022_03_21):
    d = meeting_2022_03_21["2022-104"]
    assert [r.person.name for r in d.recused] == ["Monsieur Daniel MACIEJASZ"]
    assert names(d.no_delegation) == ["Monsieur Bruno COUSEIN"]
    assert d.vote.absent_without_delegation == 1
    assert d.vote.absent_without_delegation_groups == ["Groupe Union pour le Pas-de-Calais"]


def test_vote_with_an_abstaining_group(meeting_2022_03_21):
    vote = meeting_2022_03_21["2022-87"].vote
    assert (vote.for_, vote.against, vote.abstention) == (43, 0, 1)
    assert vote.for_groups[0] == "Groupe Socialiste, Républicain et Citoyen"
    assert vote.for_groups[-1] == "Non-inscrit" and len(vote.for_groups) == 5
    assert vote.abstention_groups == ["Groupe Socialiste, Républicain et Citoyen"]
    assert vote.outcome == "Adopté" and vote.unanimity is None


def test_findings_are_reported_not_fixed(meeting_2022_03_21):
    codes = lambda d: [f.code for f in d.findings]  # noqa: E731
    assert codes(meeting_2022_03_21["2022-87"]) == ["recused-still-counted"]
    assert "no-delegation-not-excused" in codes(meeting_2022_03_21["2022-104"])
    assert "committee-long-before-meeting" in codes(meeting_2022_03_21["2022-81"])
    assert meeting_2022_03_21["2022-81"].committee_opinions[0].date == "2021-03-07"  # as printed
    assert codes(meeting_2022_03_21["2022-90"]) == []


# --- articles and amounts -------------------------------------------------------------------------


def test_amounts_with_dots_as_thousands_and_per_unit(meeting_2022_03_21):
    amounts = [a.value for a in meeting_2022_03_21["2022-101"].articles[0].amounts]
    assert amounts == [20.0, 3500.0, 7.0, 2000.0, 3000.0]


def test_budget_table_cells_are_kept_apart():
    (d,) = extract_document(_read("000_31979806140e0f38.txt"), "000")
    article_2 = d.articles[1]
    assert [(a.value, a.in_table) for a in article_2.amounts] == [(53500.0, True), (16500.0, True)]
    assert [(a.value, a.in_table) for a in d.articles[0].amounts] == [(16500.0, False)]


def test_text_and_markdown_give_the_same_records():
    (text_record,) = [d.to_record() for d in extract_document(_read("000_31979806140e0f38.txt"), "x")]
    (md_record,) = [d.to_record() for d in extract_document(_read("001_79c01a26491281e1.txt"), "x")]
    # 001 prints straight apostrophes where 000 prints ’: the records are the same once folded
    fold_quotes = lambda record: json.loads(json.dumps(record, ensure_ascii=False).replace("’", "'"))  # noqa: E731
    assert fold_quotes(text_record) == fold_quotes(md_record)


# --- other layouts --------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["municipal_council.txt", "municipal_council_one_line.txt"])
def test_municipal_council_with_proxies_and_a_member_not_voting(fixture):
    (d,) = extract_document((FIXTURES / fixture).read_text(encoding="utf-8"), fixture)
    assert d.number == "2021-015"
    assert d.body == "Conseil municipal de Saint-Martin-des-Champs"
    assert d.meeting_date == "2021-03-12"
    assert d.title == "Attribution d'une subvention à l'association Les Amis de l'École"
    assert d.president.name == "M. Jean DUPONT"
    assert d.secretary.name == "Mme Sophie LEFEBVRE"
    assert len(d.present) == 12
    assert names(d.excused) == ["Mme Chantal ROBIN", "M. Thierry GAUTIER"]
    assert names(d.absent) == ["M. Olivier MERCIER"]
    assert [(p.giver.name, p.holder.name) for p in d.proxies] == [
        ("Mme Chantal ROBIN", "M. Jean DUPONT"),
        ("M. Thierry GAUTIER", "Mme Claire MARTIN"),
    ]
    assert [r.person.name for r in d.recused] == ["M. Paul DURAND"]
    assert (d.vote.voters, d.vote.for_, d.vote.against, d.vote.abstention) == (14, 12, 1, 1)
    assert d.vote.outcome == "Adopté à la majorité"
    assert [a.n for a in d.articles] == [1, 2]
    assert [x.value for x in d.articles[0].amounts] == [1500.0]
    assert [f.code for f in d.findings] == ["recused-still-counted"]


def test_municipal_register_with_object_line_and_proxy_list():
    (d,) = extract_document((FIXTURES / "municipal_unanimity.txt").read_text(encoding="utf-8"), "m")
    assert d.number == "45/2022"
    assert d.body == "Conseil municipal de Léognan"
    assert d.meeting_date == "2022-06-09"
    assert d.title == "Convention de mise à disposition d'un local à l'association Les Petits Pas"
    assert d.president.name == "Mme Hélène BERTRAND"
    assert d.secretary.name == "Mme Béatrice LAMBERT"
    assert names(d.present)[-2:] == ["Mme Odile CARON", "M. Yves CHEVALIER"]
    assert [(p.giver.name, p.holder.name) for p in d.proxies] == [
        ("M. Patrick MARCHAND", "Mme Hélène BERTRAND"),
        ("Mme Inès DUMAS", "M. Alain ROUX"),
    ]
    assert d.vote.unanimity is True and d.vote.for_ is None
    assert [f.code for f in d.findings] == ["no-vote-counts"]
    assert [a.n for a in d.articles] == [1, 2]


def test_a_file_without_deliberation_gives_nothing():
    assert extract_document("Compte rendu de la réunion de quartier.\nPas de décision.", "x") == []


def test_community_council_with_plural_civilities_roles_and_a_recusal_label():
    (d,) = extract_document((FIXTURES / "community_council.txt").read_text(encoding="utf-8"), "c")
    assert d.number == "2021-58"
    assert d.title == "Attribution du marché de collecte des déchets ménagers"
    assert d.body == "Conseil communautaire de la Communauté de communes du Val de Loire"
    assert d.meeting_date == "2021-10-14"
    assert names(d.present) == [
        "M. Bernard LEMOINE", "ARNAUD", "BERTIN", "CLÉMENT", "DELMAS", "M. Gérard FOURNIER",
        "Mme Sylvie GUÉRIN", "M. Henri HAMEL",
    ]
    # givers of proxies are excused even where only the proxy list names them
    assert names(d.excused) == ["M. Jacques IMBERT", "Mme Karine JOLY"]
    assert names(d.absent) == ["M. Louis KLEIN", "Mme Marie LAURENT"]
    assert [r.person.name for r in d.recused] == ["M. Gérard FOURNIER"]
    assert (d.vote.voters, d.vote.for_, d.vote.against, d.vote.abstention) == (10, 8, 1, 0)
    # 8 + 1 + 0 = 9 votes for 10 voters: reported
    assert [f.code for f in d.findings] == ["vote-total-mismatch"]
    assert [x.value for x in d.articles[0].amounts] == [245800.0]


def test_a_dash_at_a_line_end_is_not_a_hyphen(meeting_2022_03_21):
    assert meeting_2022_03_21["2022-102"].title == (
        "DOTATIONS SPÉCIFIQUES POUR L'ACHAT DE MATÉRIAUX AUX E.P.L.E - PROGRAMMATION 2022"
    )
