"""The one folding (extractors/normalize.py), on fragments of the development corpus, as the modules
that now use it rely on it: kg/identity.py (keys and IRIs), kg/evaluate.py, extractors/matiere.py
(`fold`) and extractors/beneficiaries.py (`place_key`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors import beneficiaries, matiere
from extractors.normalize import article_key, fold, fold_words, key, name_key, number_key, place_key
from kg.identity import citation_key, fold_key, member_key

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def fragment(file_name: str, pattern: str) -> str:
    """The first printed match of `pattern` in a corpus file (so the test reads the real spelling)."""
    match = re.search(pattern, (DEV / file_name).read_text(encoding="utf-8"))
    assert match, (file_name, pattern)
    return match.group(0)


def test_fold_keeps_the_length_and_unifies_apostrophes():
    printed = fragment("105_ermont-cm-extrait-2023-02-17_partial.txt", r"\w+ D’ARGENTEUIL")
    assert fold(printed) == printed.lower().replace("’", "'")
    assert len(fold(printed)) == len(printed)
    assert matiere.fold is fold  # the classifier's offsets are offsets of the printed text


def test_a_member_name_with_civility_and_hyphen():
    printed = fragment("134_pays-de-gex-ca-cr-2022-06-15_partial.txt", r"Mme Marie-Christine BARTHALAY")
    assert name_key(printed) == "marie christine barthalay"
    assert member_key(printed) == member_key("MADAME MARIE CHRISTINE BARTHALAY") == "marie-christine-barthalay"


def test_a_text_number_after_n_degree():
    printed = fragment("128_charlieu-belmont-cc-pv-2023-01-19_partial.txt", r"N° 2019-089")
    assert number_key(printed) == "2019-089"
    assert citation_key(f"loi {printed}") == "loi-2019-089"


@pytest.mark.parametrize(
    ("file_name", "pattern", "article", "with_code"),
    [
        ("104_pessac-cm-extrait-2023-01-31_partial.txt", r"article L\. 1112-24", "l1112-24", "cgct-l1112-24"),
        ("105_ermont-cm-extrait-2023-02-17_partial.txt", r"article L\.2121-29", "l2121-29", "cgct-l2121-29"),
    ],
)
def test_an_article_as_printed(file_name, pattern, article, with_code):
    printed = fragment(file_name, pattern)
    assert article_key(printed) == article
    assert citation_key(printed) == article
    assert citation_key(f"{printed} du CGCT") == citation_key(f"CGCT {printed}") == with_code


def test_a_place_name_with_hyphens_and_abbreviations():
    printed = fragment("135_tours-metropole-cm-delib-2023-02-27_partial.txt", r"Saint-Pierre-des-Corps")
    assert place_key(printed) == place_key("ST PIERRE DES CORPS") == "SAINT PIERRE DES CORPS"
    assert beneficiaries.fold is place_key


def test_key_is_the_identity_folding():
    assert fold_key is key
    assert key("Code de l’Éducation") == "code-de-l-education"
    assert fold_words("  Groupe\u00a0Socialiste ,\tRépublicain ") == "groupe socialiste , republicain"
