"""The prefecture's ACTES acknowledgement stamp, wherever it is printed.

An act sent to the prefecture through ACTES comes back stamped with its identifier:
département (3 characters), the authority's SIREN (9 digits, Luhn-valid), the act's date (YYYYMMDD),
the act's number as the authority gave it, and the nature of the act (DE délibération, AR arrêté
réglementaire, AI arrêté individuel, CC contrat, BF budget, AU autre). Forms handled (made-up
examples of the real forms):

- labelled: `ID : 033-213399975-20210315-DEL2021_014-DE`, `ID : 030-213099971-20190204-PV17122018-DE`;
- after the acknowledgement words, no label: `Accusé de réception en préfecture 044-214499972-20191209-2-DE`;
- a visa: `Visa de la Préfecture : 026-242609998-20190312-09-12-03-19-C-DE / 14-03-2019`;
- hyphens inside the act number: `974-219799970-20190617-2019-CM-048-DE`;
- OCR damage: spaces for underscores (`091-219199973-20190128-DEL 2019 012-DE`, read as the
  `DEL_2019_012` that a cleaner copy of the same stamp prints), letters for digits
  (`118 05 _O2-AR`), the nature lost in what follows (`…-20190214-201902ADG004gËéance du Conseil`);
- repeated on every page (each copy is returned, in document order);
- the received date beside it: `Reçu en préfecture le 09/02/2023`, `Date de réception préfecture : 09/12/2022`.

Each stamp is validated (SIREN Luhn checksum, date that exists); a stamp whose SIREN fails the checksum
is kept only when a label or the acknowledgement words stand just before it.
"""

from __future__ import annotations

import re
from .dates import iso_date
from .models import Span, Stamp

# OCR reads these letters where the stamp has digits
_DIGIT_FOR = str.maketrans({"o": "0", "O": "0", "D": "0", "I": "1", "l": "1", "i": "1", "|": "1", "S": "5", "B": "8", "Z": "2"})
_D = r"[0-9OoDIl|SBZ]"
_SEP = r"[ \t]?[-–—][ \t]?"
_NATURES = r"DE|AR|AI|CC|BF|AU"


def _stamp_pattern(nature: str) -> re.Pattern:
    return re.compile(
        rf"(?<![\w-])(?P<dep>{_D}{{2}}[0-9ABab]|97[1-6])"
        rf"{_SEP}(?P<siren>{_D}(?:[ \t]?{_D}){{8}})"
        rf"{_SEP}(?P<date>{_D}{{8}})"
        rf"{_SEP}(?P<act>[\w](?:[\w. ]|[-–](?!(?:{nature})\b)){{0,40}}?)"
        rf"[ \t]?[-–][ \t]?(?P<nature>{nature})(?![a-zà-ÿ])"
    )


_STAMP = _stamp_pattern(_NATURES)
# a nature OCR made unknown ("-DR" for "-DE"): kept as read
_STAMP_ANY_NATURE = _stamp_pattern(r"[A-Z]{2}")
# the nature lost: "…-20190214-201902ADG004gËéance" — the act number is the run of letters and digits
_STAMP_NO_NATURE = re.compile(
    rf"(?<![\w-])(?P<dep>{_D}{{2}}[0-9AB]|97[1-6])"
    rf"{_SEP}(?P<siren>{_D}{{9}}){_SEP}(?P<date>{_D}{{8}}){_SEP}(?P<act>[A-Z0-9][A-Z0-9_]{{0,30}}[0-9])"
)
_CUE = re.compile(r"(?:\bid\s*:|pr[ée]fecture|visa|r[ée]ception)[^\n]{0,40}$", re.I)
_RECEIVED = re.compile(
    r"(?:re[çc]u\s+en\s+pr[ée]fecture\s+le|date\s+de\s+r[ée]ception\s+(?:en\s+)?pr[ée]fecture\s*:?)\s*"
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})",
    re.I,
)
_VISA_DATE = re.compile(r"\s*/\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def luhn_ok(digits: str) -> bool:
    """The SIREN checksum: `213399975` is valid, `213399976` is not."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _compact_date(digits: str) -> str | None:
    """`20190315` -> `2019-03-15`; None if no such day."""
    if not digits.isdigit():
        return None
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1990 <= year <= 2100:
        return None
    return iso_date(year, month, day)


def _act_key(act: str) -> str:
    return re.sub(r"[^0-9a-z]", "", act.translate(_DIGIT_FOR).lower())


def read_stamps(text: str) -> list[Stamp]:
    """Every ACTES identifier in `text`, in document order."""
    found: list[Stamp] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_STAMP, _STAMP_ANY_NATURE, _STAMP_NO_NATURE):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            stamp = _stamp(text, m, pattern is not _STAMP_NO_NATURE)
            if stamp is not None:
                found.append(stamp)
                taken.append((m.start(), m.end()))
    found.sort(key=lambda s: s.span.start)
    # the same stamp printed cleanly elsewhere gives the act number its underscores back
    clean_forms: dict[tuple, str] = {}
    for s in found:
        if " " not in s.act_number and s.act_number.translate(_DIGIT_FOR) == s.act_number or "_" in s.act_number:
            clean_forms.setdefault((s.departement, s.siren, s.date, _act_key(s.act_number)), s.act_number)
    for s in found:
        best = clean_forms.get((s.departement, s.siren, s.date, _act_key(s.act_number)))
        if best and best != s.act_number:
            s.act_number = best
        s.identifier = "-".join(x for x in (s.departement, s.siren, (s.date or "").replace("-", ""), s.act_number, s.nature) if x)
    return found


def _stamp(text: str, m: re.Match, with_nature: bool) -> Stamp | None:
    siren = re.sub(r"[ \t]", "", m.group("siren")).translate(_DIGIT_FOR)
    dep = m.group("dep").translate(_DIGIT_FOR).upper()
    act_date = _compact_date(m.group("date").translate(_DIGIT_FOR))
    cued = bool(_CUE.search(text, max(0, m.start() - 60), m.start()))
    if not luhn_ok(siren) and not cued:
        return None
    if act_date is None and not cued:
        return None
    if not with_nature and not cued:
        return None
    act = m.group("act").strip()
    # OCR spaces inside the number stand for underscores ("DEL 2019 012"); letters for digits only
    # where the number is otherwise digits ("_O2")
    act = re.sub(r"[ \t]+", "_", act)
    act = re.sub(r"(?<=[_\d])[Oo](?=[\d_]|$)|(?<=[_\d])[Il](?=[\d_]|$)", lambda x: x.group(0).translate(_DIGIT_FOR), act)
    act = re.sub(r"_+", "_", act).strip("_")
    nature = m.group("nature") if with_nature else None
    received = None
    window = text[max(0, m.start() - 200) : min(len(text), m.end() + 120)]
    best = None
    for r in _RECEIVED.finditer(window):
        distance = abs((max(0, m.start() - 200) + r.start()) - m.start())
        if best is None or distance < best[0]:
            best = (distance, r)
    if best is not None:
        d, mo, y = (int(g) for g in best[1].groups())
        received = iso_date(y, mo, d)
    else:
        visa = _VISA_DATE.match(text, m.end())
        if visa and re.search(r"visa", text[max(0, m.start() - 40) : m.start()], re.I):
            d, mo, y = (int(g) for g in visa.groups())
            received = iso_date(y, mo, d)
    identifier = "-".join(x for x in (dep, siren, m.group("date").translate(_DIGIT_FOR), act, nature) if x)
    return Stamp(
        identifier=identifier,
        departement=dep,
        siren=siren,
        date=act_date,
        act_number=act,
        nature=nature,
        span=Span(m.start(), m.end()),
        received=received,
    )
