"""extractors.votes.read_vote on real fragments of the development corpus: one test per printed form.

Each fragment is cut from the corpus file by searching a phrase of it; the zone given to read_vote is
the text around that phrase (as the caller gives one deliberation's text, or one line of a list).
"""

from pathlib import Path

import pytest

from extractors.clean import clean
from extractors.normalize import fold
from extractors.votes import read_vote, read_voters

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not available")


def _zone(name: str, phrase: str, before: int = 0, after: int = 300, folder: Path = CORPUS, nth: int = 0):
    """The cleaned text of a corpus file and a zone around the nth occurrence of `phrase`."""
    text = clean((folder / name).read_text(encoding="utf-8"))
    folded, key = fold(text), fold(phrase)
    at = -1
    for _ in range(nth + 1):
        at = folded.index(key, at + 1)
    return text, max(0, at - before), min(len(text), at + len(phrase) + after)


def _read(name, phrase, before=0, after=300, voters_hint=None, folder=CORPUS, nth=0):
    text, start, end = _zone(name, phrase, before, after, folder, nth)
    return read_vote(text, start, end, voters_hint=voters_hint)


def _counts(vote):
    return (vote.for_, vote.against, vote.abstention)


# --- counts ---------------------------------------------------------------------------------------


def test_adopted_by_counts_with_members_not_voting():
    vote = _read("101_nanterre-cm-extrait-2023-02-13_partial.txt", "Article unique : Désigne", after=400)
    assert _counts(vote) == (46, None, 1)  # "contre" is not printed: it stays null
    assert vote.not_voting == 5
    assert vote.outcome == "adoptée" and vote.unanimity is None


def test_absolute_majority_with_named_abstainers():
    vote = _read("108_gennes-val-de-loire-cm-extrait-2020-02-10_partial.txt", "à la majorité absolue (49", before=80)
    assert _counts(vote) == (49, None, 4)
    assert vote.outcome == "à la majorité absolue"
    assert vote.abstention_names == ["Gilbert BOISBOUVIER", "Nadège LUCAS", "Daniel QUEYROI", "Michel SIRE"]


def test_one_named_abstainer_in_parentheses():
    vote = _read("108_gennes-val-de-loire-cm-extrait-2020-02-10_partial.txt", "à la majorité absolue (52", before=80)
    assert _counts(vote) == (52, None, 1)
    assert vote.abstention_names == ["Catherine BRAUER"]


def test_counts_after_their_number_in_any_order():
    vote = _read("137_couthenans-cm-cr-2023-02-24.txt", "4/ Délibération emploi non permanent", after=140)
    assert _counts(vote) == (9, 2, 1)  # "2 votes contre 1 abstention 9 votes pour"
    assert vote.outcome is None  # only counts are printed


def test_only_the_for_count_printed():
    vote = _read("137_couthenans-cm-cr-2023-02-24.txt", "5/ Délibération modification d’heures", after=200)
    assert _counts(vote) == (12, None, None)


def test_outcome_word_then_counts():
    vote = _read("136_couthenans-cm-cr-2021-01-29.txt", "ADOPTÉ 9 voix pour", before=200, after=60)
    assert _counts(vote) == (9, None, 5)
    assert vote.outcome == "ADOPTÉ"


def test_labelled_counts_split_by_a_page_header():
    vote = _read("127_ecueille-valencay-cc-bureau-pv-2024-02-26_partial.txt", "Pour : 15", after=400)
    assert _counts(vote) == (15, 0, 0)
    assert vote.outcome == "à l’unanimité des membres votants" and vote.unanimity is True


def test_labelled_counts_opposition_and_approbation():
    vote = _read("144_sieml-comite-pv-2019-12-17_partial.txt", "Les membres du comité syndical décident", after=400)
    assert _counts(vote) == (30, 0, 0)  # "Abstention : 0 Opposition : 0 Approbation : 30"
    assert vote.voters == 30
    assert vote.outcome == "décident à l’unanimité" and vote.unanimity is True


def test_counts_in_capitals_in_a_list_line():
    vote = _read("133_sud-retz-atlantique-cc-liste-2022-12-14_partial.txt", "SUBVENTIONS CULTURELLES ET JUMELAGE", after=80)
    assert _counts(vote) == (28, None, 2)  # "28 VOIX POUR et 2 ABSTENTIONS"
    assert vote.outcome is None


def test_accord_with_a_for_count():
    vote = _read("133_sud-retz-atlantique-cc-liste-2022-12-14_partial.txt", "APPROBATION DU PROCES-VERBAL DU 02 MARS 2022", after=25)
    assert _counts(vote) == (29, None, None)
    assert vote.outcome == "Accord"


def test_verb_with_a_for_count():
    vote = _read("129_outre-foret-cc-pv-2024-02-21_partial.txt", "Le Conseil communautaire approuve par", after=120)
    assert _counts(vote) == (25, None, None)
    assert vote.outcome == "approuve"


def test_majority_by_the_body_then_counts():
    vote = _read("122_montreuil-cm-pv-2023-03-29_partial.txt", "LE CONSEIL MUNICIPAL A la majorité", after=120)
    assert vote.for_ == 53 and vote.against is None
    assert vote.outcome == "A la majorité"


def test_abstainer_named_in_a_sentence():
    vote = _read("114_niherne-cm-pv-2023-01-16_partial.txt", "LECTURE DU PROCES-VERBAL DE LA SEANCE", after=110)
    assert vote.abstention == 1 and vote.abstention_names == ["Monsieur Serge LACOT"]
    assert vote.outcome == "approuvé"


# --- flattened grids ------------------------------------------------------------------------------


def test_flattened_grid_labels_then_counts():
    vote = _read("109_bagneux-cm-delib-2022-06-28_partial.txt", "Votes pour : Votes contre", after=60)
    assert _counts(vote) == (41, 0, 0)


def test_flattened_grid_with_an_unanimity_cell():
    vote = _read("115_saint-jean-de-vedas-cm-pv-2020-01-30_partial.txt", "Pour Contre Abstention UNANIMITE Le Conseil", before=60)
    assert vote.outcome == "UNANIMITE" and vote.unanimity is True
    assert _counts(vote) == (None, None, None)


def test_flattened_grid_with_the_cell_between_labels():
    vote = _read("115_saint-jean-de-vedas-cm-pv-2020-01-30_partial.txt", "Pour UNANIMITE Contre Abstention", before=60)
    assert vote.outcome == "UNANIMITE" and vote.unanimity is True


def test_flattened_grid_with_one_count_and_a_majority():
    vote = _read("115_saint-jean-de-vedas-cm-pv-2020-01-30_partial.txt", "d’adopter le procès-verbal", after=200)
    assert vote.for_ == 24
    assert vote.outcome == "adopté à LA MAJORITE" and vote.unanimity is None


# --- unanimity ------------------------------------------------------------------------------------


def test_unanimity_after_deliberation_with_voters_hint():
    vote = _read("108_gennes-val-de-loire-cm-extrait-2020-02-10_partial.txt", "Le Conseil Municipal, après en avoir délibéré et à l'unanimité", after=60, voters_hint=53)
    assert vote.outcome == "à l'unanimité" and vote.unanimity is True
    assert _counts(vote) == (53, 0, 0)  # "Ayant pris part au vote : 53" in the header


def test_unanimity_without_a_voters_count_leaves_counts_null():
    vote = _read("124_rosny-sous-bois-ccas-ca-cr-2022-12-19_partial.txt", "Le point est adopté", after=40)
    assert vote.outcome == "adopté à l’unanimité" and vote.unanimity is True
    assert _counts(vote) == (None, None, None)


def test_unanimity_of_those_present_in_capitals():
    vote = _read("126_sud-roussillon-cc-bureau-cr-2023-02-15_partial.txt", "EN CONSEQUENCE LE BUREAU", after=120)
    assert vote.outcome == "A L'UNANIMITE DES PRESENTS" and vote.unanimity is True


def test_unanimity_with_the_participle_before_it():
    vote = _read("146_sie-ouveze-payre-comite-cr-2019-12-10_partial.txt", "Aucune observation n’étant faite", after=60)
    assert vote.outcome == "approuvé à l’unanimité des présents"


def test_the_council_approves_unanimously():
    vote = _read("114_niherne-cm-pv-2023-01-16_partial.txt", "Le Conseil approuve à l’unanimité cette convention", after=20)
    assert vote.outcome == "approuve à l’unanimité" and vote.unanimity is True


def test_accord_unanimously_in_a_table():
    vote = _read("133_sud-retz-atlantique-cc-liste-2022-12-14_partial.txt", "APPROBATION DU PROCES-VERBAL DU 15 DECEMBRE 2021", after=25)
    assert vote.outcome == "Accord à l’unanimité" and vote.unanimity is True


def test_unanimity_in_the_votes_table_with_the_counted_votes():
    text, start, end = _zone("128_charlieu-belmont-cc-pv-2023-01-19_partial.txt", "Vote pour l'adoption du PV", after=100)
    assert read_voters(text, 0, start) == 39  # "Votes comptabilisés 39"
    vote = read_vote(text, start, end, voters_hint=read_voters(text, 0, start))
    assert vote.outcome == "Approbation à l’unanimité" and _counts(vote) == (39, 0, 0)


def test_voters_count_in_the_zone_gives_for_on_unanimity():
    vote = _read("106_portet-sur-garonne-cm-delib-2023-02-16_partial.txt", "Votants : 27", after=4400)
    assert vote.voters == 27 and vote.outcome == "à l'unanimité"
    assert _counts(vote) == (27, 0, 0)


# --- outcome words alone (summary lists) ----------------------------------------------------------


def test_list_line_with_a_dash_and_a_participle():
    vote = _read("111_arthun-cm-liste-2022-12-09.txt", "Travaux en régie", after=15)
    assert vote.outcome == "approuvée" and _counts(vote) == (None, None, None)


def test_list_line_participle_in_capitals():
    vote = _read("116_la-saulce-cm-liste-2022-10-03.txt", "Eau potable – Plan d’actions", after=15)
    assert vote.outcome == "APPROUVEE"


def test_list_line_with_an_accented_capital_participle():
    vote = _read("153_seloncourt-cm-liste-2026-07-27.txt", "Institution d’un droit de préemption", after=40)
    assert vote.outcome == "ADOPTÉE"


def test_list_line_with_a_lower_case_participle_at_the_end():
    vote = _read("112_boismorand-cm-cr-2023-03-17.txt", "CDCG Modification des statuts", after=10)
    assert vote.outcome == "validée"


def test_sentence_with_a_participle():
    vote = _read("132_touraine-est-vallees-cc-pv-2020-02-13_partial.txt", "Nous allons passer au vote", after=80)
    assert vote.outcome == "validé"


def test_taking_note():
    vote = _read("104_pessac-cm-extrait-2023-01-31_partial.txt", "de prendre acte de la présentation", after=110)
    assert vote.outcome == "Il est pris acte du présent rapport"


def test_taking_note_as_the_decision_verb():
    vote = _read("130_portes-eureliennes-cc-extrait-2024-03-21_partial.txt", "Après avoir entendu l'exposé, PREND ACTE", after=60)
    assert vote.outcome == "PREND ACTE"


def test_seed_labelled_counts_with_groups():
    text, start, end = _zone("003_b2bb4981e98d102e.txt", "Abstention : 1 voix", before=700, after=200, folder=SEEDS)
    vote = read_vote(text, start, end)
    assert _counts(vote) == (43, 0, 1)
    assert vote.for_groups[0] == "Groupe Socialiste, Républicain et Citoyen" and len(vote.for_groups) == 5
    assert vote.abstention_groups == ["Groupe Socialiste, Républicain et Citoyen"]
    assert vote.outcome == "Adopté"


# --- votes quoted from elsewhere ------------------------------------------------------------------


def test_the_secretary_designation_is_not_the_vote():
    assert _read("130_portes-eureliennes-cc-extrait-2024-03-21_partial.txt", "Madame Catherine DEBRAY est désignée", after=60) is None


def test_the_secretary_designation_after_the_vote_is_not_the_vote():
    text, start, end = _zone("119_orsay-cm-pv-2023-03-13_partial.txt", "Alexis Midol-Monnet est désigné", after=260)
    vote = read_vote(text, start, end)
    assert vote.outcome == "approuvé à l’unanimité"  # the procès-verbal's, not the secretary's
    assert vote.span.start > text.index("APPROBATION DU PROC")


def test_a_rule_stated_with_a_modal_is_not_a_vote():
    vote = _read("135_tours-metropole-cm-delib-2023-02-27_partial.txt", "peut décider à l’unanimité", before=80, after=40)
    assert vote is None or (vote.unanimity is None and vote.outcome is None)


def test_a_text_approved_by_an_earlier_deliberation_is_not_an_outcome():
    vote = _read("127_ecueille-valencay-cc-bureau-pv-2024-02-26_partial.txt", "Vu le règlement des aides", after=120)
    assert vote is None


def test_a_title_in_capitals_with_a_participle_is_not_an_outcome():
    assert _read("135_tours-metropole-cm-delib-2023-02-27_partial.txt", "COMPTE RENDU DES DECISIONS ADOPTEES", after=10) is None


def test_a_verb_with_its_object_is_not_an_outcome():
    vote = _read("115_saint-jean-de-vedas-cm-pv-2020-01-30_partial.txt", "ADOPTE les modifications du tableau", after=40)
    assert vote is None


def test_a_secret_ballot_is_recorded_without_counts():
    vote = _read("135_tours-metropole-cm-delib-2023-02-27_partial.txt", "il convient de désigner, au scrutin secret", after=40)
    # stated as a rule of the exposé ("il convient de"): not this deliberation's ballot
    assert vote is None


def test_nothing_printed_gives_none():
    assert _read("105_ermont-cm-extrait-2023-02-17_partial.txt", "LE CONSEIL MUNICIPAL", after=300) is None
