"""The ACTES stamp reader on real corpus fragments (shared/corpus/dev)."""

from pathlib import Path

import pytest

from extractors.clean import clean
from extractors.stamp import luhn_ok, read_stamps

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def _text(prefix: str) -> str:
    path = next(DEV.glob(f"{prefix}_*.txt"))
    return clean(path.read_text("utf-8"))


def test_labelled_stamp_with_received_date():
    stamps = read_stamps(_text("104"))
    first = stamps[0]
    assert first.identifier == "033-213303183-20230131-DEL2023_001-DE"
    assert (first.departement, first.siren, first.date) == ("033", "213303183", "2023-01-31")
    assert (first.act_number, first.nature, first.received) == ("DEL2023_001", "DE", "2023-02-08")
    assert len(stamps) > 1  # repeated on every page, each copy returned


def test_ocr_spaces_read_as_the_clean_copy_of_the_same_stamp():
    # "ID : 091-219102860-20230130-DEL 2023 007-DE" first, "DEL_2023_007" on later pages
    first = read_stamps(_text("102"))[0]
    assert first.act_number == "DEL_2023_007"
    assert first.identifier == "091-219102860-20230130-DEL_2023_007-DE"
    assert first.received == "2023-02-09"


def test_acknowledgement_without_label_and_reception_date_after():
    first = read_stamps(_text("103"))[0]
    assert first.identifier == "044-214401721-20221207-2-DE"
    assert first.received == "2022-12-09"  # "Date de réception préfecture : 09/12/2022"


def test_hyphens_inside_the_act_number():
    first = read_stamps(_text("152"))[0]
    assert (first.departement, first.act_number, first.nature) == ("974", "2026-CM-071", "DE")


def test_visa_and_its_date():
    first = read_stamps(_text("131"))[0]
    assert first.act_number == "14-25-02-20-C"
    assert first.received == "2020-02-27"


def test_nature_lost_in_the_following_text():
    # "…-20230216-202302ADG001gËéance du Conseil Municipal"
    first = read_stamps(_text("106"))[0]
    assert (first.siren, first.date, first.act_number, first.nature) == ("213104334", "2023-02-16", "202302ADG001", None)


def test_letters_for_digits_in_the_act_number():
    # "204 03 _O1-AR" after a clean "204_03_01-AR"
    numbers = [s.act_number for s in read_stamps(_text("130"))]
    assert numbers[:2] == ["204_03_01", "204_03_01"]


def test_garbled_stamp_is_not_invented():
    assert read_stamps(_text("105")) == []  # "JET BI AT CIS 7-2002-000.DE"


def test_no_stamp_in_a_phone_number():
    assert read_stamps("Tél. : 04-75-25-43-82 14/25-02-20/C") == []


@pytest.mark.parametrize("siren,ok", [("213303183", True), ("213303184", False), ("200069953", True)])
def test_luhn(siren, ok):
    assert luhn_ok(siren) is ok
