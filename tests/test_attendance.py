"""Attendance read from real documents of the development corpus, one test per printed form."""

from pathlib import Path

import pytest

from extractors.attendance import attendance_for_item, read_attendance
from extractors.clean import clean

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def _attendance(prefix: str):
    files = sorted(CORPUS.glob(prefix + "*.txt"))
    if not files:
        pytest.skip(f"corpus file {prefix} not available")
    text = clean(files[0].read_text(encoding="utf-8"))
    return read_attendance(text, 0, len(text))


def names(people):
    return [p.name for p in people]


def pairs(att):
    return [(p.giver.name, p.holder.name if p.holder else None) for p in att.proxies]


def test_roles_between_names_are_skipped_and_the_presidency_is_as_printed():
    # "Etaient présents : M. JARRY, Maire Mme BOUDJEMAÏ, … M. SAGE, Maires Adjoints. M. JATHIERES …"
    att = _attendance("101_")
    assert names(att.present)[:3] == ["M. JARRY", "Mme BOUDJEMAÏ", "M. AZZOUZ"]
    assert "M. SAGE" in names(att.present) and "M. JATHIERES" in names(att.present)
    assert len(att.present) == 45
    assert not any("Adjoint" in n or "conseillers" in n for n in names(att.present))
    assert att.president.name == "Monsieur Patrick JARRY"
    assert att.secretary.name == "M. PINTO MARTINS"


def test_an_excused_label_keeps_the_givers_of_the_proxy_clause_that_follows():
    # "Excusés : Conformément aux dispositions … ont donné pouvoir écrit de voter en leur nom : Mme CORTES à M. MARTIN M.TAYEB à M. DEBORD"
    att = _attendance("101_")
    assert names(att.excused)[:2] == ["Mme CORTES", "M.TAYEB"]
    assert pairs(att)[:2] == [("Mme CORTES", "M. MARTIN"), ("M.TAYEB", "M. DEBORD")]
    assert att.proxies[2].note == "jusqu’à la délibération n°2"


def test_presence_bounded_by_deliberation_numbers_is_resolved_per_item():
    att = _attendance("101_")
    first = attendance_for_item(att, "DEL2023-01")
    assert len(first.present) == 40
    assert "Mme NGIMBOUS BATJÔM" not in names(first.present)  # "(à compter de la délibération n°3)"
    assert names(first.absent) == ["M.DENOIS"]  # COULTER absent "(à partir de la délibération n°19)"
    later = attendance_for_item(att, "DEL2023-19")
    assert "Mme COULTER" in names(later.absent) and "Mme COULTER" not in names(later.present)


def test_initials_dash_separators_and_represented_by_in_an_excused_list():
    # "Présents : P. RIO — Y. LE BRIAND - L. CAMARA …", "Excusés Représentés : P. LOUISON représenté par G. DJEARAMIN -— …"
    att = _attendance("102_")
    assert names(att.present)[:3] == ["P. RIO", "Y. LE BRIAND", "L. CAMARA"]
    assert len(att.present) == 25
    assert "S.L. DIARRA" in names(att.excused)
    assert ("P. LOUISON", "G. DJEARAMIN") in pairs(att)
    assert att.counts["present"] == 25 and att.counts["voters"] == 33


def test_proxy_sentences_without_separators_and_a_secretary_in_prose():
    # "Marie GRENAPIN a donné pouvoir à Véronique CADIEU Lionel SALVAYRE a donné pouvoir à …"
    att = _attendance("103_")
    assert pairs(att) == [
        ("Marie GRENAPIN", "Véronique CADIEU"),
        ("Lionel SALVAYRE", "Julien FOUSSARD"),
        ("Patrick COTREL", "Henri SAMOYEAU"),
    ]
    assert "Marianne BESSE-MOULIN" in names(att.present)  # "BESSE- MOULIN" re-joined
    assert att.secretary.name == "Mme Magali COUSIN"  # "… a été désignée pour remplir cette fonction"


def test_absence_for_some_points_only():
    # "Étaient absents: Meriem ABKOUI (aux points 3, 4, 5,6) …"
    att = _attendance("103_")
    assert names(attendance_for_item(att, "2").absent) == []
    assert "Meriem ABKOUI" in names(attendance_for_item(att, "4").absent)
    assert "Meriem ABKOUI" not in names(attendance_for_item(att, "4").present)


def test_missing_separators_between_given_name_surname_pairs():
    # "Marc GATTI - Fatima BIZINE Sabine JACOB-NEUVILLE - Annie LADIRAY"
    att = _attendance("104_")
    assert {"Fatima BIZINE", "Sabine JACOB-NEUVILLE", "Valérie WASTIAUX GIUDICELLI", "Christian CHAREYRE"} <= set(names(att.present))
    assert len(att.present) == 39
    # "Absents ayant donné procuration : Stéphane MARI procuration à Jérémie LANDREAU …": absent alone
    assert names(att.absent)[0] == "Stéphane MARI" and len(att.absent) == 10
    assert pairs(att)[0] == ("Stéphane MARI", "Jérémie LANDREAU")
    assert att.president is None  # "sous la présidence de Monsieur le Maire": a role, not a name
    assert att.secretary.name == "Sylvie VIEU"


def test_civilities_without_separator_and_proxies_in_brackets():
    # "Mme DE CARLI Mme LAMBERT", "Mme MAKUNDA TUNGILA (pouvoir à Mme CASTRO FERNANDES)"
    att = _attendance("105_")
    assert ["Mme DE CARLI", "Mme LAMBERT"] == names(att.present)[24:26]
    assert names(att.excused) == ["Mme MAKUNDA TUNGILA", "M. GODARD", "Mme CAUZARD", "M. MELO DELGADO"]
    assert pairs(att)[0] == ("Mme MAKUNDA TUNGILA", "Mme CASTRO FERNANDES")
    assert att.secretary.name == "M. KEBABTCHIEFF"  # "… ayant obtenu la majorité des suffrages, a été désigné"


def test_labels_without_colon_and_excused_without_proxy():
    # "Présent(e)s Madame Laetitia BASTIEN, …", "Excusé(e})s sans procuration Madame GUTIERREZ Maripa, …"
    att = _attendance("106_")
    assert len(att.present) == 21 and "Monsieur NITOUMBI Dominique" in names(att.present)
    assert names(att.no_delegation) == ["Madame GUTIERREZ Maripa", "Madame MOKHTARI Sabrina"]
    assert len(att.excused) == 7 and len(att.proxies) == 5
    assert att.secretary.name == "Madame Nathalie PAULY"


def test_surname_first_lists_after_a_count_and_a_group_civility():
    # "Conseillers municipaux présents : 51 Mmes et MM. ASCHARD Caroline, ASSERAY Denis, …"
    att = _attendance("108_")
    assert names(att.present)[:2] == ["ASCHARD Caroline", "ASSERAY Denis"]
    assert len(att.present) == 51 and len(att.absent) == 23
    assert "LE JOLIS DE VILLIERS DE SAINTIGNON Anne-Aymone" in names(att.present)
    assert pairs(att) == [("ENGUEHARD Elisabeth", "FULNEAU Jean-Yves"), ("SIRE Michel", "LUCAS Nadège")]
    assert att.secretary.name == "KASPRZACK Christiane"  # "Secrétaires de séance : X et Y": the first


def test_proxies_written_twice_are_kept_once():
    # "M. KROL Alfred (Procuration de MME MALAQUIN Hélène)" and "MME MALAQUIN Hélène (Procuration à M. KROL Alfred)"
    att = _attendance("113_")
    assert len(att.proxies) == 5
    assert ("MME MALAQUIN Hélène", "M. KROL Alfred") in pairs(att)


def test_represented_members_and_absents_not_represented():
    # "MEMBRES REPRÉSENTÉS : Mme BOUIZEM Rabia par Mme PRÉVOT Vannina …",
    # "MEMBRES ABSENTS NON REPRÉSENTÉS : CO Mme GRELLIER Isabelle, Mme BAETA Yolande."
    att = _attendance("118_")
    assert pairs(att)[0] == ("Mme BOUIZEM Rabia", "Mme PRÉVOT Vannina")
    assert "Mme BOUIZEM Rabia" not in names(att.excused) + names(att.absent)
    assert names(att.absent) == ["Mme GRELLIER Isabelle", "Mme BAETA Yolande"]
    assert names(att.no_delegation) == names(att.absent)
    assert att.secretary.name == "Monsieur Philippe DO AMARAL"


def test_holder_printed_first_with_pour():
    # "Pierre PERRET pour Muriel RICHARD."
    att = _attendance("121_")
    assert pairs(att)[0] == ("Muriel RICHARD", "Pierre PERRET")
    assert names(att.absent)[:2] == ["Pascal GENTIL", "Safia El-BAKKALI"]


def test_substitute_in_brackets_and_attending_without_vote():
    # "M. Alain WURSTER (représenté par M. Laurent BATT)", "Assiste : M. Olivier THOMASSIN"
    att = _attendance("129_")
    assert [(s.member.name, s.substitute.name) for s in att.substitutes] == [("M. Alain WURSTER", "M. Laurent BATT")]
    assert "M. Alain WURSTER" in names(att.excused)
    assert ("M. Adrien WEISS", "M. Jean-Claude KOEBEL") in pairs(att)  # "(donne procuration à …)"
    assert names(att.attending_without_vote) == ["M. Olivier THOMASSIN"]
    assert att.president.name == "M. Paul HEINTZ"


def test_suppleant_de_and_a_preamble_after_the_label():
    # "Etaient présents Mesdames et Messieurs les conseillers communautaires : Robert DARIEN, …
    #  Eric MAUNY, (suppléant de Pierre GOUDIN), …"
    att = _attendance("130_")
    assert names(att.present)[0] == "Robert DARIEN" and len(att.present) == 45
    assert [(s.member.name, s.substitute.name) for s in att.substitutes] == [("Pierre GOUDIN", "Eric MAUNY")]


def test_represented_by_inside_a_present_list_is_a_substitute():
    # "Présents titulaires : … M. Jean-Pierre FOUILLOUX représenté par Mme Annick GROSROYAT …"
    att = _attendance("134_")
    assert ("M. Jean-Pierre FOUILLOUX", "Mme Annick GROSROYAT") in [(s.member.name, s.substitute.name) for s in att.substitutes]
    assert "Mme Annick GROSROYAT" in names(att.present)
    assert "M. Jean-Pierre FOUILLOUX" not in names(att.present)


def test_two_secretaries_after_a_group_civility():
    # "Secrétaires de séance : Messieurs François LALOT et Claude ABLITZER"
    assert _attendance("132_").secretary.name == "François LALOT et Claude ABLITZER"


def test_president_role_printed_in_the_list_and_a_flattened_proxy_column():
    # "Etaient présents : David Ros, Maire, Président, …"
    att = _attendance("119_")
    assert names(att.present)[0] == "David Ros"
    assert att.secretary.name == "Alexis Midol-Monnet"  # "… est désigné, à l'unanimité des présents, pour remplir les fonctions"


def test_a_presidency_printed_at_the_head_of_the_list_is_not_a_name():
    # "Etaient présents : Sous la présidence de Monsieur le Maire Emmanuel DENIS, Alice WANNEROY, …"
    att = _attendance("123_")
    assert names(att.present)[:2] == ["Emmanuel DENIS", "Alice WANNEROY"]
    assert att.president.name == "Emmanuel DENIS"  # "sous la présidence d’Emmanuel DENIS, Maire"


def test_delegates_grouped_under_their_commune_lose_the_heading():
    # "Délégués présents ou représentés (ceux ayant donné pouvoir sont soulignés) : Arrondissement
    # Châtellerault : ANGLIERS : Alain RIGAUD ARCHIGNY : Frédéric COGNE AULNAY : Francky PAUBY - …"
    att = _attendance("143_")
    assert names(att.present)[:4] == ["Alain RIGAUD", "Frédéric COGNE", "Francky PAUBY", "Jean-Pierre LARDEAU"]
    assert "Raymond PAJOT" in names(att.present)  # "MAIRE : Raymond PAJOT": the commune, not a role
    assert not any(n.isupper() for n in names(att.present))
    assert len(att.present) == 41


def test_a_counted_lower_case_label_and_body_headings_before_names_with_their_commune():
    # "Dont (48) présent(e)s avec droit de vote formant le quorum CAPV : Philippe FEUGERE (Andilly), Joëlle
    # POTIER et Pascal TESSÉ (Bouffémont), … CARPF : Tony FIDAN et Joël DELCAMBRE (Arnouville), …"
    att = _attendance("145_")
    assert names(att.present)[:3] == ["Philippe FEUGERE", "Joëlle POTIER", "Pascal TESSÉ"]
    assert "Tony FIDAN" in names(att.present) and "CARPF" not in " ".join(names(att.present))
    # the text is cut inside a parenthesis: "Didier GUEVEL et Marcel HINIEU (Le Ples"
    assert names(att.present)[-1] == "Marcel HINIEU"
    assert len(att.present) == 26
    assert att.president.name == "Didier GUEVEL" and att.secretary.name == "Christian CHOCHOIS"


def test_commune_headings_opened_by_their_noun():
    # "Commune d’ : Messieurs Leynaud, Chabal Commune de : Monsieur Boyer Commune de Chomérac : Monsieur
    # Martin … Commune de Julien en St Alban : Messieurs Fougeirol, Bernay …"
    att = _attendance("146_")
    assert names(att.present)[:4] == ["Leynaud", "Chabal", "Monsieur Boyer", "Monsieur Martin"]
    assert "Fougeirol" in names(att.present) and names(att.present)[-1] == "Monsieur Jourdan"
    assert len(att.present) == 18
    # "Assistaient également à la réunion : … Technique : Messieurs Vergnaud, Chazot Administratif : Madame Noharet."
    assert "Madame Noharet" in names(att.attending_without_vote)


def test_a_role_inside_the_list_is_no_president_label_and_a_flattened_proxy_table():
    # "M. Hervé RONCIERE, Président Mme Claude ALLAIRE ; …", "Mme Marie- REYMOND ;", and
    # "Absents/Excusés ayant donné procuration : Absents/excusés Pouvoir à Martine CRINIERE Pascal MARIE …"
    att = _attendance("150_")
    assert len(att.present) == 36 and "Mme Marie-REYMOND" in names(att.present)
    assert names(att.excused) == ["Martine CRINIERE", "Michelle BOUSSARD", "Sabrina RAPPART"]
    assert pairs(att) == [("Martine CRINIERE", "Pascal MARIE"), ("Michelle BOUSSARD", "Claude ALLAIRE"),
                          ("Sabrina RAPPART", "Gilles GANGLOFF")]
    assert att.president.name == "M. Hervé RONCIERE"


def test_surnames_with_initials_and_group_civilities_not_distributed():
    # "PRESENTS : MINES BESSON C., CASTONJ., … BOUVIER M., BOYRON C., … MRS CHAGNON JM. CARRERES B., …
    # SERRET }., MOREL L., …"; "4 ABSENTS EXCUSES : MME PARET M. MRS MAGNON B., FARNIER R., …"
    att = _attendance("131_")
    assert names(att.present)[:3] == ["BESSON C.", "CASTONJ", "MATHIEU C."]
    assert "BOUVIER M." in names(att.present) and "CHAGNON JM." in names(att.present)
    assert "MOREL L." in names(att.present)  # read on after the OCR noise "}."
    assert len(att.present) == 43
    assert names(att.excused)[:3] == ["MME PARET M.", "MAGNON B.", "FARNIER R."]
    # "A été élu secrétaire de séance : Monsieur Robert Arnaud Vu le Code général …"
    assert att.secretary.name == "Monsieur Robert Arnaud"


def test_a_glued_group_civility_and_surnames_with_bare_initials():
    # "Etaient présents : MM.JACQUE JP, PERCHERON C, LAHURE E, … BORASO M, …"; the count box
    # "Présents LONGUYON De Votants" is no list
    att = _attendance("154_")
    assert names(att.present)[:3] == ["JACQUE JP", "PERCHERON C", "LAHURE E"]
    assert "BORASO M" in names(att.present) and "DEL PINO V" in names(att.present)
    assert len(att.present) == 29
    assert att.secretary.name == "Mme KOSOWSKI Dominique"


def test_a_status_printed_after_the_name_and_a_proxy_without_its_preposition():
    # "Excusés : Anne-Marie (pouvoir donné à Yves) / Marielle (pouvoir donné à Agnès) / Marc (pouvoir donné
    # Patrick) / Mathieu (pouvoir donné à Nelly) Maryline : absente non excusée"
    att = _attendance("137_")
    assert names(att.excused) == ["Anne-Marie", "Marielle", "Marc", "Mathieu"]
    assert names(att.absent) == ["Maryline"]
    assert ("Marc", "Patrick") in pairs(att) and len(att.proxies) == 4


def test_proxies_coded_by_asterisks_pair_an_excused_giver_with_a_present_holder():
    # "Présents : Jean-Pierre (Pr*), Anne-Marie, Nelly, Agnès (Pr**), … Absents excusés : Marielle (Pr**),
    # Adeline (Pr***), Hélène (Pr****), Marc, David (Pr*)."
    att = _attendance("136_")
    assert pairs(att) == [("David", "Jean-Pierre"), ("Marielle", "Agnès"), ("Adeline", "Maryline"), ("Hélène", "Jacques")]


def test_the_secretary_of_side_by_side_signatures():
    # "Le secrétaire de séance Le Maire, Michaël DUMAS Jean-Claude GARDE"
    att = _attendance("111_")
    assert att.secretary.name == "Michaël DUMAS"


def test_presence_table_marked_with_x():
    """"NOM Prénom Représentant Présent(e) ou suppléé(e) Suppléé(e) par, Pouvoir donné à" then one row a
    member: "LOUCHE Alain CA Privas Centre Ardèche X" present, "BUGAUD Michel CDC du Vinobre X SARTRE
    Jacques" replaced by the substitute, a row without mark absent, the row cut at the end left out."""
    from extractors.attendance import read_attendance

    (path,) = (Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev").glob("147_*.txt")
    text = clean(path.read_text(encoding="utf-8"))
    att = read_attendance(text, 0, len(text))
    assert len(att.present) == 25 and att.present[0].name == "LOUCHE Alain"
    assert "SARTRE Jacques" in [p.name for p in att.present] and "BUGAUD Michel" not in [p.name for p in att.present]
    assert [p.name for p in att.absent] == ["PAQUELET M. Claire", "VERMOREL André", "GRIBET Jacky", "VALLON Raphaël", "CAUSSE René"]
    assert [(s.member.name, s.substitute.name) for s in att.substitutes] == [
        ("BUGAUD Michel", "SARTRE Jacques"), ("FRANCOIS Jacques", "MAICHERAK Catherine"),
    ]
