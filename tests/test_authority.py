"""Meeting date, body and authority on real corpus fragments (shared/corpus/dev)."""

from pathlib import Path

from extractors.authority import read_meeting
from extractors.clean import clean
from extractors.dates import find_dates
from extractors.stamp import read_stamps

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def _text(prefix: str) -> str:
    path = next(DEV.glob(f"{prefix}_*.txt"))
    return clean(path.read_text("utf-8"))


def _meeting(prefix: str, start: int = 0, end: int | None = None):
    text = _text(prefix)
    return read_meeting(text, start, len(text) if end is None else end, read_stamps(text))


# --------------------------------------------------------------------------- dates as printed


def test_dates_in_words():
    [d] = find_dates("le Conseil Municipal régulièrement convoqué le quinze février deux mille vingt-trois")
    assert d.iso == "2023-02-15"


def test_year_spelled_mil_vingt_et_deux():
    [d] = find_dates("L'an deux mil vingt et deux, le mercredi 07 décembre à 18 h 30")
    assert (d.iso, d.form, d.weekday_agrees()) == ("2022-12-07", "register", True)


def test_day_of_the_month_form_and_no_year():
    [d] = find_dates("L’an deux mille vingt-trois, le 13 du mois de janvier, à 20 heures")
    assert d.iso == "2023-01-13"
    [d] = find_dates("Mercredi 21 Février à 19h30")
    assert (d.day, d.month, d.year) == (21, 2, None)


# --------------------------------------------------------------------------- meeting date


def test_heading_beats_a_template_year():
    # "Séance du Lundi 30 janvier 2023" but "L’An deux mille vingt-deux, le Lundi trente janvier"
    m = _meeting("102")
    assert m.meeting_date == "2023-01-30"


def test_minutes_title_beats_a_template_date_and_the_publishing_meeting():
    # "CONSEIL MUNICIPAL JEUDI 04 JUIN 2020 PROCES – VERBAL DU CONSEIL MUNICIPAL DU 30 JANVIER 2020 …
    # LE DIX-SEPT DECEMBRE DEUX-MILLE DIX-NEUF"
    assert _meeting("115").meeting_date == "2020-01-30"


def test_minutes_approved_are_not_the_meeting():
    # "1– Approbation du compte rendu de la séance du 12 octobre 2022" after "Du 19 décembre 2022"
    assert _meeting("124").meeting_date == "2022-12-19"
    # "Objet : Procès-verbal du comité syndical du mardi 17 décembre 2019 1- Approbation du procès-verbal
    # du comité syndical du mardi 15 octobre 2019", under a running header "Mardi 4 février 2020"
    assert _meeting("144").meeting_date == "2019-12-17"


def test_register_opening_in_words():
    # "Le lundi treize février deux-mille-vingt-trois à dix-neuf heures, le Conseil municipal, convoqué le
    # sept février deux-mille-vingttrois"
    assert _meeting("101").meeting_date == "2023-02-13"


def test_flattened_form_header():
    # "L’an et le à … Séance du 10 février 2020 DEUX MIL VINGT 10 février 20 heures 00"
    assert _meeting("108").meeting_date == "2020-02-10"


def test_list_examined_on_a_day():
    assert _meeting("111").meeting_date == "2022-12-09"  # "examinée le 9 décembre 2022"
    assert _meeting("116").meeting_date == "2022-10-03"  # "EXAMINEES PAR LE CONSEIL MUNICIPAL LE 3 OCTOBRE 2022"


def test_date_and_hour_at_the_top():
    assert _meeting("136").meeting_date == "2021-01-29"  # "Vendredi 29 janvier 2021, 18:30."


def test_heading_without_year():
    # "Mercredi 21 Février à 19h30": the year of the document's other dates
    assert _meeting("129").meeting_date == "2024-02-21"


def test_a_zone_belongs_to_the_last_heading_before_it():
    text = _text("133")
    start = text.index("20220330_012")
    m = read_meeting(text, start, text.index("20220330_013"), read_stamps(text))
    assert m.meeting_date == "2022-03-30"
    assert text[m.meeting_date_span.start : m.meeting_date_span.end] == "30 MARS 2022"


def test_a_heading_at_the_end_of_a_zone_opens_the_next_meeting():
    text = _text("133")
    heading = text.index("CONSEIL COMMUNAUTAIRE DU 30 MARS 2022")
    m = read_meeting(text, text.rindex("20220302_", 0, heading), heading + 60, read_stamps(text))
    assert m.meeting_date == "2022-03-02"


def test_meeting_cited_in_passing_is_not_the_meeting():
    # "les questions orales envoyées en amont du conseil municipal du 8 février 2023"
    text = _text("122")
    start = text.index("DEL20230329_1")
    assert read_meeting(text, start, start + 2000).meeting_date == "2023-03-29"


# --------------------------------------------------------------------------- body and authority


def test_commune_from_the_stamp_siren():
    # the text says only "Sainte-Luce"; the SIREN 214401721 is Sainte-Luce-sur-Loire's
    m = _meeting("103")
    assert m.body == "Conseil municipal de Sainte-Luce-sur-Loire"
    assert (m.authority.kind, m.authority.insee, m.authority.siren) == ("commune", "44172", "214401721")


def test_commune_named_in_the_heading():
    m = _meeting("154")  # "COMMUNE DE LONGUYON"
    assert m.body == "Conseil municipal de Longuyon"
    assert m.body_kind == "conseil municipal"


def test_letter_spaced_commune():
    assert _meeting("119").body == "Conseil municipal d’Orsay"  # "C O M M U N E D' O R S A Y"


def test_epci_from_the_stamp():
    m = _meeting("131")
    assert m.authority.siren == "242600252"
    assert m.body == "Conseil communautaire de la Communauté de communes du Val de Drôme en Biovallée"


def test_commission_permanente_not_the_president_s_council():
    # "La Commission permanente s’est réunie …, sous la présidence de …, Président du Conseil régional"
    m = _meeting("140")
    assert (m.body_kind, m.body) == ("commission permanente", "Commission permanente du Conseil régional")


def test_departement():
    m = _meeting("141")  # "CONSEIL DÉPARTEMENTAL DU CANTAL"
    assert (m.body, m.authority.insee) == ("Conseil départemental du Cantal", "15")


def test_syndicat_as_printed():
    m = _meeting("143")  # "le Comité du Syndicat ENERGIES VIENNE s’est réuni"
    assert m.body_kind == "comité syndical"
    assert m.authority.kind == "syndicat"
