"""Legal references and committee opinions read from "Vu" clauses (extractors/legal_refs.py).

The first part reads the sample documents in data/ and asserts exact values; the second part feeds
fragments in other layouts (municipal councils, syndicats, run-on text, dash lists).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from extractors.clean import clean, normalize_space
from extractors.legal_refs import CODES, extract_citations, find_cited_texts, fold, parse_date

DATA = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def _doc(prefix: str) -> str:
    path = next(DATA.glob(f"{prefix}_*.txt"))
    return clean(path.read_text(encoding="utf-8"))


def _preamble(prefix: str, number: str) -> tuple[str, int, int]:
    """The cleaned document and the bounds of deliberation `number`'s preamble: "(N°...)" to DECIDE."""
    text = _doc(prefix)
    m = re.search(rf"\(N°\s*{re.escape(number)}\)", text)
    end = re.compile(r"\n\s*(?:DECIDE|DELIBERE)").search(text, m.end()).start()
    return text, m.start(), end


def _cite(prefix: str, number: str):
    text, start, end = _preamble(prefix, number)
    return extract_citations(text, start, end)


def _fragment(s: str):
    text = clean(s)
    return extract_citations(text, 0, len(text))


def _apos(s: str | None) -> str | None:
    return None if s is None else s.replace("’", "'")


# ---------------------------------------------------------------------------------------------------
# Sample documents


def test_2024_577_pdf_text():
    refs, opinions = _cite("000", "2024-577")
    assert [r.kind for r in refs] == ["code_article", "code_article", "deliberation", "deliberation", "deliberation"]
    cgct = refs[0]
    assert cgct.text == (
        "le Code Général des Collectivités Territoriales et, notamment, ses articles L.3121-14, "
        "L.3121-14-1, L.3211-1 et L.3211-2"
    )
    assert cgct.code == "Code Général des Collectivités Territoriales"
    assert cgct.code_canonical == "Code général des collectivités territoriales"
    assert cgct.articles == ["L.3121-14", "L.3121-14-1", "L.3211-1", "L.3211-2"]
    assert refs[1].code == "Code de l’Éducation"
    assert refs[1].code_canonical == "Code de l'éducation"
    assert refs[1].articles == ["L.121-2"]
    d = refs[2]
    assert (d.number, d.issuing_body, d.date, d.title) == (
        "2021-257",
        "Conseil départemental",
        "2021-07-01",
        "Délégation d’attributions à la Commission Permanente",
    )
    assert d.text == (
        "la délibération n°2021-257 du Conseil départemental en date du 01/07/2021 « Délégation "
        "d’attributions à la Commission Permanente »"
    )
    assert refs[3].title == "Agir avec vous pour se réaliser dans le Pas-de-Calais – pacte des réussites citoyennes"
    assert (refs[4].number, refs[4].issuing_body, refs[4].date) == ("5", "Commission Permanente", "2016-07-11")
    assert refs[4].title == "Convention de mise à disposition de locaux à titre gratuit – Atelier Canopé d’Arras"
    # the report clause is skipped, the committee opinion comes after a page marker
    assert len(opinions) == 1
    op = opinions[0]
    assert op.commission == "3ème commission « Éducation, culture, sport et citoyenneté »"
    assert (op.number, op.name, op.date) == (3, "Éducation, culture, sport et citoyenneté", "2024-11-25")


def test_markdown_and_pdf_give_the_same_references():
    pdf_refs, pdf_ops = _cite("000", "2024-577")
    md_refs, md_ops = _cite("001", "2024-577")
    key = lambda r: (r.kind, _apos(r.text), _apos(r.code), r.articles, r.number, r.date, _apos(r.title), r.issuing_body)  # noqa: E731
    assert [key(r) for r in md_refs] == [key(r) for r in pdf_refs]
    # markdown superscript "3^{ème}" reads as "3ème"
    assert md_ops[0].commission == "3ème commission « Éducation, culture, sport et citoyenneté »"
    assert (md_ops[0].number, md_ops[0].date) == (pdf_ops[0].number, pdf_ops[0].date)


def test_spans_point_at_the_clause_text():
    text, start, end = _preamble("003", "2022-80")
    refs, opinions = extract_citations(text, start, end)
    for r in refs:
        assert start <= r.span.start < r.span.end <= end
        assert normalize_space(text[r.span.start : r.span.end]) == r.text
    assert text[opinions[0].span.start : opinions[0].span.start + 7] == "l’avis "
    assert [r.span.start for r in refs] == sorted(r.span.start for r in refs)


def test_2022_80_lois_and_multiline_titles():
    refs, opinions = _cite("003", "2022-80")
    assert len(refs) == 9
    loi = refs[3]
    assert loi.kind == "loi"
    assert (loi.number, loi.date, loi.modified) == ("2020-1379", "2020-11-14", True)
    assert loi.title == (
        "autorisant la prorogation de l’état d’urgence sanitaire et portant diverses mesures de gestion "
        "de la crise sanitaire"
    )
    logement = refs[4]
    assert (logement.number, logement.date, logement.articles) == ("90-449", "1990-05-31", ["6.3"])
    assert logement.title == "visant la mise en œuvre du droit au logement"
    assert logement.modified is False
    assert refs[1].articles == ["L.2224-12-3-1"]
    assert refs[8].title == (
        "Plan départemental d’action pour le logement et l’hébergement des personnes défavorisées "
        "(PDALHPD) du Pas-de-Calais 2015-2020 – premier plan fusionné logement hébergement"
    )
    assert [(o.number, o.name, o.date) for o in opinions] == [(2, "Solidarités Humaines", "2022-03-07")]


def test_2022_81_range_page_marker_and_committee_date_as_printed():
    refs, opinions = _cite("003", "2022-81")
    assert refs[1].text == "le Code de l’Education et notamment ses articles R.216-4 à R.216-19"
    assert refs[1].articles == ["R.216-4", "R.216-19"]
    assert [(r.number, r.issuing_body, r.date) for r in refs[4:]] == [
        ("8", "Conseil Général", "2011-09-19"),
        ("5", "Conseil Général", "2009-06-29"),
    ]
    # "1 / 2" and "555" sit between the clauses; the printed (misprinted) year is kept
    assert opinions[0].date == "2021-03-07"


def test_2022_84_articles_et_suivants():
    refs, _ = _cite("003", "2022-84")
    assert refs[2].text == "le Code du Patrimoine et notamment ses articles L.310-1 et suivants et R.212-49 et suivants"
    assert refs[2].articles == ["L.310-1", "R.212-49"]
    assert refs[2].code_canonical == "Code du patrimoine"


def test_2022_85_loi_without_modifiee_and_straight_apostrophes():
    refs, _ = _cite("003", "2022-85")
    loi = refs[3]
    assert loi.modified is False
    assert loi.title == (
        "autorisant la prorogation de l'état d'urgence sanitaire et portant diverses mesures de gestion de "
        "la crise sanitaire"
    )
    assert refs[4].number == "2017-520"


def test_2022_88_misprinted_code_and_arrete_with_nor():
    refs, _ = _cite("003", "2022-88")
    assert refs[1].code == "Code de l’Action Sociale et de la Famille"
    assert refs[1].code_canonical == "Code de l'action sociale et des familles"
    assert refs[2].code_canonical == "Code de la santé publique"
    arrete = refs[4]
    assert arrete.kind == "arrete"
    assert (arrete.nor, arrete.number, arrete.date) == ("SSAA1921317A", None, "2019-01-19")
    assert arrete.title.startswith("relatif à l’expérimentation d’un protocole de santé standardisé")
    assert arrete.title.endswith("mesure de protection de l’enfance et son cahier des charges")


def test_2022_89_four_articles_et_suivants_and_reglement():
    refs, _ = _cite("003", "2022-89")
    assert refs[1].articles == ["L.112-1", "L.115-1", "L.121-1", "L.221-1"]
    assert refs[4].number == "38"
    reg = refs[5]
    assert reg.kind == "reglement"
    assert reg.title == "Règlement Intérieur du Conseil départemental du Pas-de-Calais"
    assert reg.articles == ["18", "20", "29"]


def test_2022_93_deliberation_without_number_across_a_page_break():
    refs, _ = _cite("003", "2022-93")
    srdeii = refs[-1]
    assert srdeii.kind == "deliberation"
    assert srdeii.number is None
    assert srdeii.issuing_body == "Conseil Régional des Hauts-de-France"
    assert srdeii.date == "2017-03-30"
    assert srdeii.title == (
        "Schéma Régional de Développement Economique, d’Innovation et d’Internationalisation des "
        "Hauts-de-France (SRDEII)"
    )
    assert srdeii.text.endswith(
        "portant adoption du « Schéma Régional de Développement Economique, d’Innovation et "
        "d’Internationalisation des Hauts-de-France (SRDEII) »"
    )


def test_2022_94_broken_and_nested_quotes_and_informed_committees():
    refs, opinions = _cite("003", "2022-94")
    by_number = {r.number: r for r in refs if r.kind == "deliberation"}
    assert by_number["2019-79"].title == "Elaboration du Plan Départemental des Espaces Sites et Itinéraires (PDESI)"
    assert by_number["2020-335"].title == (
        "Extension de la saisonnalité touristique par l’itinérance – Etude de mise en tourisme des "
        "itinéraires de randonnées dans le cadre du projet européen « Expérience »"
    )
    assert refs[2].articles == ["L.361-1"]
    # "Après en avoir informé la 1ère / 4ème commission" are not opinions
    assert [(o.number, o.name) for o in opinions] == [(5, "Solidarité territoriale et partenariats")]


def test_2022_98_other_opinion_skipped_and_spaced_number():
    refs, opinions = _cite("003", "2022-98")
    assert refs[0].articles == ["L.3121-14", "L.3211-1"]
    assert refs[2].articles == ["L.311-1", "R.311-1"]
    assert refs[-1].number == "24"
    assert refs[-1].text.startswith("la délibération n° 24 du Conseil départemental")
    assert all(r.kind != "other" for r in refs)  # the CDESI opinion is not a legal reference
    assert [(o.number, o.date) for o in opinions] == [(3, "2022-03-07")]  # "réunion du", no "en date"


def test_2022_99_inner_straight_quotes():
    refs, _ = _cite("003", "2022-99")
    assert refs[2].kind == "loi" and refs[2].modified is False
    assert refs[4].title == "Candidature du Département au label ' Terre de jeux 2024 '"
    assert refs[-1].title == "Politique sportive départementale 2016-2020 - Une nouvelle ambition"


def test_2022_100_short_name_extra_closing_mark_and_schema():
    refs, _ = _cite("003", "2022-100")
    egalim = refs[3]
    assert egalim.number == "2018-938"
    assert egalim.title == (
        "pour l’équilibre des relations commerciales dans le secteur agricole et alimentaire et une "
        "alimentation saine, durable et accessible à tous"
    )
    ess = refs[4]
    assert (ess.number, ess.date, ess.articles, ess.title) == (
        "2014-856",
        "2014-07-31",
        ["15"],
        "relative à l’Economie Sociale et Solidaire",
    )
    assert refs[6].title == "« le meilleur produit au plus près » pour un Schéma Départemental de l’Alimentation Durable"
    assert refs[7].title == "Soutien à l’investissement dans les territoires ruraux – nouveaux critères et modalités du FARDA"
    schema = refs[8]
    assert schema.kind == "other"
    assert (schema.issuing_body, schema.date) == ("Conseil Régional des Hauts-de-France", "2017-03-30")
    assert schema.title == (
        "Schéma Régional de Développement Economique, d’innovation et d’Internalisation des Hauts-de-France (SRDEII)"
    )


def test_2022_105_aide_sociale_misprint_and_two_opinions():
    refs, opinions = _cite("003", "2022-105")
    assert refs[1].code == "Code de l’Aide Sociale et des Familles"
    assert refs[1].code_canonical == "Code de l'action sociale et des familles"
    assert refs[1].articles == ["L.115-1", "L.261-1"]
    assert refs[4].title.startswith("Avenant n°4 à la convention d’engagement")
    assert refs[4].number == "2021-250"
    assert [(o.number, o.name) for o in opinions] == [
        (2, "Solidarités Humaines"),
        (1, "Attractivité départementale et emploi"),
    ]


def test_2022_107_article_hyphenated_at_line_end():
    refs, _ = _cite("003", "2022-107")
    assert refs[1].articles == ["L.14-10-1", "L.14-10-7-2", "L.121-1"]
    assert refs[4].number == "2020-459"


def test_2022_108_no_committee_opinion():
    refs, opinions = _cite("003", "2022-108")
    assert opinions == []
    assert refs[1].articles == ["L.1111-9"]


def test_every_sample_preamble_has_its_clauses():
    counts = {}
    text = _doc("003")
    for m in re.finditer(r"\(N°\s*(2022-\d+)\)", text):
        end = re.compile(r"\n\s*DECIDE").search(text, m.end()).start()
        refs, opinions = extract_citations(text, m.start(), end)
        counts[m.group(1)] = (len(refs), len(opinions))
    assert len(counts) == 29
    assert sum(n for n, _ in counts.values()) == 175
    assert sum(n for _, n in counts.values()) == 29  # 2022-105 has two, 2022-108 none


def test_syndicat_register_vu_clauses_with_commas():
    text = _doc("004")
    end = re.compile(r"\n\s*DELIBERE").search(text).start()
    refs, opinions = extract_citations(text, 0, end)
    assert opinions == []
    assert [r.kind for r in refs] == ["other", "deliberation", "other"]
    assert refs[0].text == "les statuts du syndicat mixte"
    d = refs[1]
    assert d.text == "la délibération n°8 du Comité syndical du 5 octobre 2020 portant sur les délégations du Bureau"
    assert (d.number, d.issuing_body, d.date, d.title) == ("8", "Comité syndical", "2020-10-05", None)
    assert refs[2].text == (
        "le projet de convention définissant les conditions d’intervention du Réseau CANOPE dans le cadre "
        "du déploiement des Espaces Numériques de Travail dans les écoles élémentaires"
    )


def test_syndicat_register_margin_note():
    text = _doc("004")
    end = re.compile(r"\n\s*DELIBERE").search(text).start()
    refs = find_cited_texts(text, 0, end)
    assert [(r.kind, r.number, r.date, r.articles, r.text) for r in refs] == [
        ("ordonnance", None, "2020-04-01", [], "ordonnance du 1er avril 2020"),
        ("loi", "2020-1379", "2020-11-14", ["6"], "article 6 de la loi n°2020-1379 du 14 novembre 2020"),
    ]
    for r in refs:
        assert normalize_space(text[r.span.start : r.span.end]) == r.text


def test_free_text_leaves_vu_clauses_out():
    text, start, end = _preamble("003", "2022-80")
    assert find_cited_texts(text, start, end) == []


# ---------------------------------------------------------------------------------------------------
# Other layouts


def test_municipal_council_commas_and_considerant():
    refs, opinions = _fragment(
        "LE CONSEIL MUNICIPAL,\n\n"
        "Vu le Code général des collectivités territoriales, notamment son article L 2121-29,\n"
        "Vu la loi n° 82-213 du 2 mars 1982 relative aux droits et libertés des communes, des départements "
        "et des régions, modifiée,\n"
        "Vu le décret n°2016-360 du 25 mars 2016 relatif aux marchés publics,\n"
        "Vu la délibération du conseil municipal en date du 12 mars 2020 approuvant le budget primitif,\n"
        "Vu l'avis favorable de la commission des finances réunie le 23 novembre 2020,\n"
        "Considérant que la commune souhaite adhérer au groupement,\n\n"
        "Après en avoir délibéré, le Conseil municipal DECIDE :"
    )
    assert [r.kind for r in refs] == ["code_article", "loi", "decret", "deliberation"]
    assert refs[0].text == "le Code général des collectivités territoriales, notamment son article L 2121-29"
    assert refs[0].articles == ["L 2121-29"]
    assert refs[0].code_canonical == "Code général des collectivités territoriales"
    loi = refs[1]
    assert (loi.number, loi.date, loi.modified) == ("82-213", "1982-03-02", True)
    assert loi.title == "relative aux droits et libertés des communes, des départements et des régions"
    assert (refs[2].number, refs[2].date, refs[2].title) == ("2016-360", "2016-03-25", "relatif aux marchés publics")
    assert (refs[3].number, refs[3].issuing_body, refs[3].date) == (None, "conseil municipal", "2020-03-12")
    assert [(o.commission, o.number, o.name, o.date) for o in opinions] == [
        ("commission des finances", None, "finances", "2020-11-23")
    ]


def test_run_on_clauses_on_one_line():
    refs, opinions = _fragment(
        "Le Conseil communautaire, Vu le CGCT ; Vu la loi n° 82-213 du 2 mars 1982 relative aux droits et "
        "libertés des communes ; Vu le rapport de Monsieur le Président ; Vu l'avis de la 2e commission "
        "« Finances » du 3 mars 2021 ; DELIBERE"
    )
    assert [(r.kind, r.text) for r in refs] == [
        ("code", "le CGCT"),
        ("loi", "la loi n° 82-213 du 2 mars 1982 relative aux droits et libertés des communes"),
    ]
    assert refs[0].code == "CGCT" and refs[0].code_canonical == "Code général des collectivités territoriales"
    assert [(o.commission, o.number, o.name, o.date) for o in opinions] == [
        ("2e commission « Finances »", 2, "Finances", "2021-03-03")
    ]


def test_vu_colon_with_a_dash_list():
    refs, _ = _fragment(
        "VU :\n"
        "- le Code général des collectivités territoriales, et notamment ses articles L.5211-1 et suivants, "
        "L.5711-1 à L.5711-4 ;\n"
        "- la loi organique n°2021-467 du 19 avril 2021 ;\n"
        "- l'ordonnance n°2020-391 du 1er avril 2020 visant à assurer la continuité du fonctionnement des\n"
        "  institutions locales ;\n"
        "- l'arrêté préfectoral n°2019-123 du 3 mai 2019 portant création du syndicat ;\n"
        "- les statuts du syndicat ;\n\n"
        "Considérant l'intérêt du projet,"
    )
    assert [r.kind for r in refs] == ["code_article", "loi", "ordonnance", "arrete", "other"]
    assert refs[0].articles == ["L.5211-1", "L.5711-1", "L.5711-4"]
    assert (refs[1].number, refs[1].date) == ("2021-467", "2021-04-19")
    assert (refs[2].number, refs[2].date) == ("2020-391", "2020-04-01")
    assert refs[2].title == "visant à assurer la continuité du fonctionnement des institutions locales"
    assert (refs[3].number, refs[3].date, refs[3].title) == ("2019-123", "2019-05-03", "portant création du syndicat")
    assert refs[4].text == "les statuts du syndicat"


def test_vu_colon_inline_and_clauses_without_punctuation():
    refs, _ = _fragment(
        "Vu : le code général des collectivités territoriales,\n\n"
        "Vu : l’article L2122-22 du code général des collectivités territoriales\n\n\n"
        "Il a été convenu ce qui suit :\n"
    )
    assert [(r.kind, r.text, r.articles) for r in refs] == [
        ("code", "le code général des collectivités territoriales", []),
        ("code_article", "l’article L2122-22 du code général des collectivités territoriales", ["L2122-22"]),
    ]


def test_article_first_and_transparent_heads():
    refs, _ = _fragment(
        "Vu l'article L.2131-11 du Code général des collectivités territoriales ;\n"
        "Vu les articles R.3211-1 et D.1617-19 du CGCT ;\n"
        "Vu les dispositions du Code de l'urbanisme, notamment l'article L.153-21 ;\n"
        "Vu l'article 6 de la loi n°2015-991 du 7 août 2015 ;\n"
    )
    assert [(r.kind, r.code_canonical, r.articles) for r in refs] == [
        ("code_article", "Code général des collectivités territoriales", ["L.2131-11"]),
        ("code_article", "Code général des collectivités territoriales", ["R.3211-1", "D.1617-19"]),
        ("code_article", "Code de l'urbanisme", ["L.153-21"]),
        ("loi", None, ["6"]),
    ]
    assert (refs[3].number, refs[3].date) == ("2015-991", "2015-08-07")


def test_number_signs_dates_and_unknown_code():
    refs, _ = _fragment(
        "Vu la loi du 2 mars 1982 ;\n"
        "Vu la délibération no 45 du Conseil municipal de Saint-Martin-lès-Tatinghem du 1er juillet 2020 « Tarifs » ;\n"
        "Vu la délibération N° 2019-12 de la Commission permanente en date du 04.02.2019 ;\n"
        "Vu la délibération nº13 du Bureau communautaire du 12/04/19 « Appel à projets « Territoires engagés » » ;\n"
        "Vu le Code de la Santé et de la Forêt et notamment son article 12 ;\n"
        "Vu le règlement (UE) n° 1407/2013 de la Commission du 18 décembre 2013 relatif aux aides de minimis ;\n"
    )
    assert (refs[0].kind, refs[0].number, refs[0].date) == ("loi", None, "1982-03-02")
    assert (refs[1].number, refs[1].issuing_body, refs[1].date, refs[1].title) == (
        "45",
        "Conseil municipal de Saint-Martin-lès-Tatinghem",
        "2020-07-01",
        "Tarifs",
    )
    assert (refs[2].number, refs[2].issuing_body, refs[2].date) == ("2019-12", "Commission permanente", "2019-02-04")
    assert (refs[3].number, refs[3].issuing_body, refs[3].date) == ("13", "Bureau communautaire", "2019-04-12")
    assert refs[3].title == "Appel à projets « Territoires engagés »"
    assert (refs[4].kind, refs[4].code, refs[4].code_canonical, refs[4].articles) == (
        "code_article",
        "Code de la Santé et de la Forêt",
        None,
        ["12"],
    )
    assert (refs[5].kind, refs[5].number, refs[5].date, refs[5].title) == (
        "reglement",
        "1407/2013",
        "2013-12-18",
        "relatif aux aides de minimis",
    )


def test_missing_and_extra_quotation_marks():
    refs, _ = _fragment(
        "Vu la délibération n°12 du Conseil départemental en date du 04/02/2019 « Plan local de l'habitat 2020-2025 ;\n"
        "Vu la délibération n°14 du Conseil Général en date du 5 mai 2010 « bien vieillir chez soi » pour un "
        "schéma gérontologique » ;\n"
    )
    assert refs[0].title == "Plan local de l'habitat 2020-2025"
    assert refs[1].title == "« bien vieillir chez soi » pour un schéma gérontologique"


def test_adopted_plan_is_other_with_its_body_and_date():
    refs, _ = _fragment(
        "Vu le Plan climat-air-énergie territorial adopté par délibération du Conseil communautaire le "
        "5 juillet 2021 ;\nDECIDE"
    )
    assert [(r.kind, r.title, r.issuing_body, r.date) for r in refs] == [
        ("other", "Plan climat-air-énergie territorial", "Conseil communautaire", "2021-07-05")
    ]


def test_short_name_and_article_cut_the_loi_title():
    refs, _ = _fragment(
        "Vu la loi n°2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la République "
        "(dite loi NOTRe) ;\n"
        "Vu la loi n°2014-58 du 27 janvier 2014 de modernisation de l'action publique territoriale et "
        "d'affirmation des métropoles et notamment son article 4 ;\n"
    )
    assert refs[0].title == "portant nouvelle organisation territoriale de la République"
    assert refs[1].title == "de modernisation de l'action publique territoriale et d'affirmation des métropoles"
    assert refs[1].articles == ["4"]


def test_reports_and_outside_bodies_opinions_are_skipped():
    refs, opinions = _fragment(
        "Vu le rapport de Monsieur le Maire ;\n"
        "Vu l’exposé des motifs ;\n"
        "Vu l’avis de la Commission départementale de la nature, des paysages et des sites en date du 12 mai 2021 ;\n"
        "Vu l’avis de la 2^{ème} commission « Aménagement du territoire » rendu lors de sa réunion en date du "
        "14/03/2023 ;\n"
        "Monsieur Jean DUPONT, intéressé à l'affaire, n'a pris part ni au débat, ni au vote.\n"
        "DECIDE"
    )
    assert refs == []
    assert [(o.commission, o.number, o.name, o.date) for o in opinions] == [
        ("2ème commission « Aménagement du territoire »", 2, "Aménagement du territoire", "2023-03-14")
    ]


def test_municipal_council_without_line_breaks():
    from extractors import extract_document

    fixtures = Path(__file__).resolve().parent / "fixtures"
    expected = [
        {
            "kind": "code_article",
            "text": "le Code général des collectivités territoriales, notamment son article L 2121-29",
            "code": "Code général des collectivités territoriales",
            "code_canonical": "Code général des collectivités territoriales",
            "articles": ["L 2121-29"],
        },
        {
            "kind": "deliberation",
            "text": "la délibération n° 2020-045 du Conseil municipal du 15 décembre 2020 approuvant le budget primitif",
            "number": "2020-045",
            "date": "2020-12-15",
            "issuing_body": "Conseil municipal",
        },
    ]
    for name in ("municipal_council_one_line.txt", "municipal_council.txt"):
        docs = extract_document((fixtures / name).read_text(encoding="utf-8"), name)
        assert [d.to_record()["legal_refs"] for d in docs] == [expected], name


def test_title_run_into_capitalised_vu_and_inline_stops():
    refs, _ = _fragment(
        "OBJET : ADHÉSION AU GROUPEMENT DE COMMANDES VU le Code général des collectivités territoriales "
        "VU la loi n° 2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la République "
        "Après en avoir délibéré, LE CONSEIL DÉCIDE : d'adhérer au groupement."
    )
    assert [(r.kind, r.text) for r in refs] == [
        ("code", "le Code général des collectivités territoriales"),
        (
            "loi",
            "la loi n° 2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la République",
        ),
    ]
    assert refs[1].title == "portant nouvelle organisation territoriale de la République"


def test_run_together_sentence_end_and_member_not_voting():
    refs, _ = _fragment(
        "Délibération n° 12 : Budget Vu la loi n° 82-213 du 2 mars 1982 relative aux droits et libertés des "
        "communes. Le projet de budget est présenté par le Maire. Vu le budget primitif 2021, Mme Claire "
        "MARTIN, intéressée à l’affaire, n’a pris part ni au débat, ni au vote. DÉCIDE : d'approuver"
    )
    assert [(r.kind, r.text) for r in refs] == [
        ("loi", "la loi n° 82-213 du 2 mars 1982 relative aux droits et libertés des communes"),
        ("other", "le budget primitif 2021"),
    ]
    assert refs[0].title == "relative aux droits et libertés des communes"


def test_run_together_stops_skip_quotes_and_connectors():
    refs, _ = _fragment(
        "Subvention au Comité des fêtes Vu la délibération n° 5 adoptée par Le Conseil municipal le "
        "3 mars 2021 adoptant la « Charte de la vie associative. Le Conseil des sages » Considérant "
        "l'intérêt local, La Commission des finances entendue, Note Vu les statuts du syndicat mixte "
        "Le Comité syndical, après en avoir délibéré, DECIDE"
    )
    assert [(r.kind, r.text) for r in refs] == [
        (
            "deliberation",
            "la délibération n° 5 adoptée par Le Conseil municipal le 3 mars 2021 adoptant la « Charte de la "
            "vie associative. Le Conseil des sages »",
        ),
        ("other", "les statuts du syndicat mixte"),
    ]
    assert (refs[0].number, refs[0].date) == ("5", "2021-03-03")
    assert refs[0].title == "Charte de la vie associative. Le Conseil des sages"


def test_capitalised_vu_after_a_word_needs_a_legal_text():
    refs, _ = _fragment(
        "Rapport Vu la situation sanitaire, le Conseil Vu par le Président, Vu le rapport de M. DUPONT qui "
        "ne prend pas part au vote sur ce point, Vu le Code de l'éducation, DÉLIBÈRE"
    )
    assert [(r.kind, r.text) for r in refs] == [("code", "le Code de l'éducation")]


def test_lowercase_vu_inside_a_sentence_is_not_a_clause():
    refs, _ = _fragment("Au vu de la loi n°2015-991 du 7 août 2015, le Conseil décide.\n")
    assert refs == []


def test_free_text_forms():
    text = clean(
        "Par délibération n°2019-45 du Conseil départemental en date du 24/06/2019, l'assemblée a délégué "
        "ses attributions. Conformément à l'article L.2131-11 du CGCT et au décret n°2020-1257 du 14 octobre "
        "2020, la séance se tient à huis clos.\nVu la loi n°2015-991 du 7 août 2015 ;\n"
    )
    refs = find_cited_texts(text, 0, len(text))
    assert [(r.kind, r.number, r.date, r.issuing_body, r.code_canonical, r.articles) for r in refs] == [
        ("deliberation", "2019-45", "2019-06-24", "Conseil départemental", None, []),
        ("code_article", None, None, None, "Code général des collectivités territoriales", ["L.2131-11"]),
        ("decret", "2020-1257", "2020-10-14", None, None, []),
    ]
    assert refs[0].text == "délibération n°2019-45 du Conseil départemental en date du 24/06/2019"


@pytest.mark.parametrize(
    "printed, iso",
    [
        ("en date du 01/07/2021", "2021-07-01"),
        ("du 14 novembre 2020", "2020-11-14"),
        ("du 1er avril 2020", "2020-04-01"),
        ("le 30 mars 2017", "2017-03-30"),
        ("du 7 août 2015", "2015-08-07"),
        ("du 12/04/19", "2019-04-12"),
        ("du 31/02/2020", None),
    ],
)
def test_dates(printed, iso):
    assert parse_date(fold(printed)) == iso


def test_fold_keeps_offsets():
    s = "Code de l’Éducation – « Délégation » Œuvre"
    assert len(fold(s)) == len(s)
    assert fold("Code de l’Éducation") == "code de l'education"


def test_lexicon_codes():
    assert CODES["Code général des collectivités territoriales"]["legitext"] == "LEGITEXT000006070633"
    assert CODES["Code de l'action sociale et des familles"]["legitext"] == "LEGITEXT000006074069"
    assert CODES["Code de la commande publique"]["legitext"] == "LEGITEXT000037701019"
    assert all(c["examples"] for c in CODES.values())


# ---------------------------------------------------------------------------------------------------
# Real corpus fragments (shared/corpus/dev): one-line OCR text, Considérant clauses, cue phrases

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


@lru_cache(maxsize=None)
def _corpus(prefix: str) -> str:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    return clean(path.read_text(encoding="utf-8"))


def _corpus_cite(prefix: str, first: str, last: str):
    """Citations of the corpus file's stretch from the printed `first` to the printed `last` (excluded)."""
    text = _corpus(prefix)
    start = text.index(first)
    return extract_citations(text, start, text.index(last, start))


def _keys(refs):
    return [(r.kind, r.number, r.date, tuple(r.articles)) for r in refs]


def test_corpus_lost_apostrophe_and_bare_number():
    # "Vu larrêté ministériel ..." after a stamp, "la délibération 2017-0014 du Conseil Municipal" (no n°)
    refs, _ = _corpus_cite("102", "Le Conseil Municipal, Vu", "Considérant que la zone")
    keys = _keys(refs)
    assert ("arrete", None, "1969-05-12", ()) in keys
    assert ("deliberation", "2017-0014", "2017-02-27", ()) in keys
    assert ("deliberation", "2022-003", "2022-01-31", ()) in keys
    arrete = next(r for r in refs if r.kind == "arrete")
    assert arrete.text.startswith("larrêté ministériel en date du 12 mai 1969 portant création")


def test_corpus_embedded_texts_one_entry_each():
    # "le règlement ... approuvé par délibération DCC n° 2020_ 147 ..., modifié par délibérations n°A du ...,
    # n°B du ... et n°C du ..." gives the règlement and four deliberations
    refs, _ = _corpus_cite("127", "Vu le Code Général des Collectivités Territoriales, Vu la loi", "Après en avoir")
    assert [(r.kind, r.number, r.date) for r in refs] == [
        ("code", None, None),
        ("loi", "2015-991", "2015-08-07"),
        ("reglement", "2020_ 147", "2020-12-17"),
        ("deliberation", "2020_ 147", "2020-12-17"),
        ("deliberation", "DCC2021_66", "2021-06-22"),
        ("deliberation", "DCC2021_117", "2021-11-10"),
        ("deliberation", "DCC2023_066", "2023-05-15"),
        ("other", None, None),
    ]


def test_corpus_statuts_modified_by_arrete_and_period_is_no_date():
    refs, _ = _corpus_cite("107", "Vu la loi n° 2014-366", "qui s’articulent autour")
    keys = _keys(refs)
    assert ("arrete", "2021-DRCTAJ-643", "2021-12-16", ()) in keys
    assert ("deliberation", "12-21", "2021-04-21", ()) in keys
    # "approuvées sur la période du 20 janvier 2020 au 13 février 2020, ... les 13, 17, 18 et 19 décembre 2019"
    plural = next(r for r in refs if r.text.startswith("les délibérations des dix-huit Communes"))
    assert (plural.kind, plural.number, plural.date) == ("deliberation", None, None)


def test_corpus_article_glued_to_et_suivants():
    refs, _ = _corpus_cite("108", "Vu le Code général des Collectivités Territoriales, notamment", "Le Conseil Municipal, après")
    assert refs[0].articles == ["L2213-7", "L.2223-1"]
    assert refs[1].kind == "loi" and refs[1].number == "2008-1350"


def test_corpus_number_split_after_dash():
    refs, _ = _corpus_cite("131", "Vu le Code général des collectivités territoriales ;", "CONSIDERANT, les")
    assert ("loi", "2015- 991", "2015-08-07", ()) in _keys(refs)


def test_corpus_considerant_clauses():
    # "CONSIDÉRANT |’ obligation, issue de l’article L.229-26 du code de l'environnement, ..." and
    # "CONSIDERANT la délibération en conseil communautaire du 11 juillet 2018, concernant ..."
    refs, _ = _corpus_cite("131", "Vu le Code général des collectivités territoriales ;", "CONSIDERANT, les")
    prose = [r for r in refs if r.span.start > _corpus("131").index("CONSIDÉRANT |")]
    assert [(r.kind, r.code_canonical, r.articles, r.date) for r in prose] == [
        ("code_article", "Code de l'environnement", ["L.229-26"], None),
        ("deliberation", None, [], "2018-07-11"),
    ]
    assert prose[1].issuing_body == "conseil communautaire"


def test_corpus_considerant_deliberation_by_number():
    refs, _ = _corpus_cite("105", "VU le Code Général", "Délibération N° 2023/020")
    delib = [r for r in refs if r.kind == "deliberation"]
    assert [(r.number, r.date, r.issuing_body) for r in delib] == [("2023/019", "2023-02-17", "Conseil municipal")]
    assert delib[0].text == "délibération n° 2023/019 du Conseil municipal du 17 février 2023"


def test_corpus_considerant_date_printed_before_the_name():
    # "le 16 avril 1975, l'Etat décide du rétablissement ... par arrêté préfectoral et le 9 mai 1977, la ville
    # prend un arrêté municipal"; "la ville de Grigny par voie de délibération en date du 21 mars 1969"
    refs, _ = _corpus_cite("102", "Considérant que la zone", "Considérant qu’entre 1975")
    assert [(r.kind, r.date) for r in refs] == [
        ("deliberation", "1969-03-21"), ("arrete", "1975-04-16"), ("arrete", "1977-05-09"),
    ]


def test_corpus_cue_phrases():
    # "Conformément aux règles édictées à l’article L. 270 du Code électoral" (and again "Conformément à
    # l’article L.270 du Code Electoral": one entry)
    refs, _ = _corpus_cite("115", "le Maire informe le Conseil", "Après examen")
    assert [(r.kind, r.code_canonical, r.articles) for r in refs] == [("code_article", "Code électoral", ["L. 270"])]


def test_corpus_code_precite_is_the_code_named_before():
    text = _corpus("109")
    start = text.index("en application de l'article L. 2121-17")
    refs, _ = extract_citations(text, start, text.index("Envoyé en préfecture", start))
    assert [(r.code_canonical, r.articles) for r in refs] == [
        ("Code général des collectivités territoriales", ["L. 2121-17"]),
        ("Code général des collectivités territoriales", ["L. 2121-15"]),
    ]
    assert refs[1].text == "article L. 2121-15 du code précité"


def test_corpus_running_header_is_not_a_citation():
    # "... des travaux d'isolation, Délibération N° 2023/020 Après en avoir délibéré": the act's own heading
    text = _corpus("105")
    start = text.index("CONSIDÉRANT ledit")
    refs, _ = extract_citations(text, start, text.index("Après en avoir délibéré", start))
    assert refs == []


def test_corpus_named_committee_and_other_bodies_opinion():
    refs, opinions = _corpus_cite("105", "VU l'avis de la Direction", "CONSIDÉRANT que la ville")
    assert refs == []  # the Direction immobilière de l'Etat is another body
    assert [(o.commission, o.date) for o in opinions] == [
        ("Commission Attractivité du territoire et Cadre de vie", "2023-02-07"),
    ]


def test_corpus_bureau_in_committee():
    refs, opinions = _corpus_cite("135", "Le Conseil métropolitain, après en avoir délibéré, Vu", "- DESIGNE")
    assert [r.kind for r in refs] == ["code"]
    assert [(o.commission, o.date) for o in opinions] == [("Bureau réuni en commission préalable", "2023-02-13")]
