"""Decision articles and amounts (extractors/decision.py), on real corpus fragments (shared/corpus/dev)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extractors.clean import clean
from extractors.decision import find_amounts, read_articles

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


@lru_cache(maxsize=None)
def _corpus(prefix: str) -> str:
    return clean(next(CORPUS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


def _articles(prefix: str, first: str, last: str | None):
    """The articles of the corpus file's stretch from the printed `first` to `last` (None: the file's end)."""
    text = _corpus(prefix)
    start = text.index(first)
    return read_articles(text, start, text.index(last, start) if last else len(text))


def test_numbered_articles_inside_a_line():
    # "... Le rapporteur entendu, DELIBERE Article 1 : Installe ... Article 2 : Conformément à ..."
    arts = _articles("101", "DELIBERE Article 1", "Le Maire Patrick")
    assert [a.n for a in arts] == [1, 2]
    assert arts[0].text == "Installe Monsieur Faysal MENECEUR et Madame Hélène MATOUK en tant que conseillers municipaux."
    assert arts[1].text.startswith("Conformément à la délibération n°DEL2020-06-1 en date du 25 mai 2020")


def test_article_unique():
    arts = _articles("101", "DELIBERE Article unique", "Le Maire Patrick")
    assert [a.n for a in arts] == [1]
    assert arts[0].text.startswith("Désigne")


def test_single_decision_paragraph_is_article_one():
    arts = _articles("127", "Après en avoir délibéré et à l’unanimité, le bureau", None)  # the excerpt ends there
    assert len(arts) == 1 and arts[0].n == 1
    assert arts[0].text.startswith("Après en avoir délibéré et à l’unanimité, le bureau communautaire approuve")
    assert [a.value for a in arts[0].amounts] == [4400.0]


def test_amount_per_year_glued_to_the_sign():
    arts = _articles("136", "SHAARL", "ADOPTÉ")
    assert [(a.value, a.text) for a in arts[0].amounts] == [(20.0, "20€")]


def test_amounts_decimal_point_after_spaced_groups():
    # "Résultat de fonctionnement reporté compte 002 = 569 468.67 € ... = 100 433.64 €", then
    # "Section de fonctionnement 1 143 714.67 euros Section d'investissement 946 200.00 euros"
    text = _corpus("112")
    start = text.index("Affectation du résultat global")
    amounts = find_amounts(text, start, text.index("Travaux :", start))
    assert [a.value for a in amounts] == [569468.67, 100433.64, 1143714.67, 946200.0]
    assert amounts[2].text == "1 143 714.67 euros"


def test_amount_in_words_is_not_read_and_euros_any_case():
    text = _corpus("105")
    start = text.index("LE CONSEIL MUNICIPAL DECIDE")
    amounts = find_amounts(text, start, len(text))
    assert amounts and amounts[0].value == 330000.0


@pytest.mark.parametrize(
    "printed, value",
    [
        ("une subvention de 4 400 € à la SARL", 4400.0),
        ("au prix de 1.234 euros", 1234.0),
        ("soit 1 234,56 € TTC", 1234.56),
        ("un montant de 10 000 € HT", 10000.0),
        ("un tarif de 4.16 € par repas", 4.16),
        ("pour 8.024€ au total", 8024.0),
        ("un total de 3342199,28 euros", 3342199.28),
        ("soit 330 000 EUROS", 330000.0),
    ],
)
def test_amount_forms(printed, value):
    # forms printed in the corpus: "4 400 €" (127), "42 810,00 €", "4.16 €" (116), "8.024€", "3342199,28 euros" (129)
    assert [a.value for a in find_amounts(printed, 0, len(printed))] == [value]


def test_citation_of_an_article_is_not_a_heading():
    text = "DECIDE de retenir l'article 1 : du règlement, Article 1 : Approuve la convention. Article 2 : Autorise le Maire."
    arts = read_articles(text, 0, len(text))
    assert [(a.n, a.text) for a in arts] == [(1, "Approuve la convention."), (2, "Autorise le Maire.")]


def test_single_paragraph_stops_at_a_sentence_end_past_its_length():
    # a decision zone that runs into the next items of minutes: the paragraph stops at a sentence end
    text = "DÉCIDE d'approuver la convention. " + "Le point suivant porte sur la voirie communale. " * 60 + "Coût 5 000 €."
    arts = read_articles(text, 0, len(text))
    assert len(arts) == 1 and len(arts[0].text) < 2100 and arts[0].text.endswith(".")
    assert arts[0].amounts == []
