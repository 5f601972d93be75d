"""Step 3a: read a deliberation's header — body, date, number, title, president, secretary, attendance.

Forms handled (real examples):
- body: `La Commission Permanente du Conseil départemental du Pas-de-Calais,` (opening of the
  preamble); `le Conseil Municipal de la commune de Tinqueux, légalement convoqué, s'est réuni`;
  `le Bureau légalement convoqué, s'est réuni` + `syndicat mixte` elsewhere -> `Bureau du syndicat mixte`;
- meeting date: `REUNION DU 9 DÉCEMBRE 2024`, `Séance du 12 mars 2021`, `Date de séance : 30 novembre
  2020`, `L'an deux mille vingt, le 30 novembre`;
- number: `(N°2019-415)`, `DÉLIBÉRATION N° 2019-045`, `Délibération n°12/2021`, or a register
  identifier alone on the first line (`20190527_DL_05`);
- title: the lines just before `(N°…)`, or `OBJET : Approbation du règlement intérieur …`;
- president: `PRESIDENCE DE MONSIEUR JEAN-PIERRE MARCHAL`, `sous la présidence de M. Olivier DUMONT`,
  `Président de séance : M. Jean DUPONT`; given in the form of the attendance list when it is there;
- secretary: `Secrétaire : Mme Anne-Marie COLIN`, `Secrétaire de séance : Julien ROUX`,
  `Mme Anne MARTIN a été désignée secrétaire de séance`;
- attendance lists: see `lexicon/attendance.json`; proxies `Pouvoirs : M. X à M. Y` and
  `Mme X (pouvoir à M. Y)` inside an excused list;
- counts: `Membres en exercice : 9`, `Membres présents : 6`, `Membres votants : 6`, `Votants : 23`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .clean import normalize_space
from .dates import DATE, parse_date, parse_register_date
from .models import Person, Proxy, Span
from .names import CIVILITY, NAME, is_name, person_key, read_name_list

_LEXICON = json.loads((Path(__file__).parent / "lexicon" / "attendance.json").read_text("utf-8"))
_LABELS = [(entry["status"], entry["pattern"]) for entry in _LEXICON["labels"]]
# a label opens a line and ends with ':'; where line breaks were lost it may stand mid-line, but
# then it must start with a capital ("… Votants : 14 Présents : M. Jean DUPONT, …")
_LABEL = re.compile(
    r"(?:^|(?<=[\s.;]))[ \t]*(?:"
    + "|".join(f"(?P<{status}>{pattern})" for status, pattern in _LABELS)
    + r")[ \t]*(?:\(s\))?[ \t]*[:\-–][ \t]*",
    re.M | re.I,
)
ATTENDANCE = ("present", "excused", "absent", "attending_without_vote", "excused_without_vote")

_NUMBER_PATTERNS = [
    # (N°2019-415)
    re.compile(r"\(\s*N\s*°\s*([\w./-]*\d[\w./-]*)\s*\)"),
    # DÉLIBÉRATION N° 2019-045 – titre / Délibération n°12/2021
    re.compile(r"(?:^|(?<=\s))(?:D[ÉE]LIB[ÉE]RATION|D[ée]lib[ée]ration)\s+[Nn]\s*[°o]\s*([\w./-]*\d[\w./-]*)", re.M),
    # N° de délibération : 2019-045
    re.compile(r"N\s*°\s*(?:de\s+(?:la\s+)?d[ée]lib[ée]ration)\s*:?\s*([\w./-]*\d[\w./-]*)", re.I),
    # N° 2019-58 – Attribution du marché … (a number opening a line, then the title)
    re.compile(r"^[ \t]*N\s*°\s*([\w./-]*\d[\w./-]*)(?=[ \t]*[-–:])", re.M),
]
# a register identifier alone on the first line: 20190527_DL_05, DEL-2019-045
_FIRST_LINE_ID = re.compile(r"\A\s*([A-Z0-9][\w./-]*\d[\w./-]*)[ \t]*\n")
_OBJET = re.compile(r"\bOBJET\s*:\s*((?:(?!\n[ \t]*\n)[\s\S]){1,600})", re.I)
_MEETING_DATE = [
    re.compile(rf"(?:R[ÉE]UNION|S[ÉE]ANCE)\b[^\n:]{{0,60}}?\bDU\s+(?:\w+\s+)?({DATE})", re.I),
    re.compile(rf"Date\s+de\s+(?:la\s+)?s[ée]ance\s*:?\s*(?:\w+\s+)?({DATE})", re.I),
    re.compile(rf"\bs['’]est\s+r[ée]uni[^\n]{{0,80}}?\ble\s+({DATE})", re.I),
    re.compile(rf"^[ \t]*(?:Le\s+)?({DATE})\s*,", re.I | re.M),
    re.compile(rf"\b(?:CONSEIL|COMIT[ÉE]|BUREAU|ASSEMBL[ÉE]E)\b[^\n]{{0,50}}?\bDU\s+(?:\w+\s+)?({DATE})", re.I),
]
_PRESIDENCY = re.compile(
    rf"(?:PR[ÉE]SIDENCE\s+DE\s+|pr[ée]sidence\s+de\s+|pr[ée]sid[ée]e?\s+par\s+)({CIVILITY}\s+(?:(?!\n[ \t]*\n)[^,;\n(])+)",
    re.I,
)
_SECRETARY_AFTER = re.compile(
    rf"({NAME})\s*,?\s+(?:a\s+[ée]t[ée]|est)\s+(?:d[ée]sign[ée]e?|[ée]lue?|nomm[ée]e?)\s+(?:comme\s+|en\s+qualit[ée]\s+de\s+|pour\s+remplir\s+les\s+fonctions\s+de\s+)?secr[ée]taire",
)
_BODY_OPENING = re.compile(
    r"^[ \t]*(?:La|Le|LA|LE)\s+((?:Commission\s+Permanente|Conseil|Bureau|Comit[ée]|COMMISSION\s+PERMANENTE|CONSEIL|BUREAU|COMIT[ÉE])"
    r"[^,;\n]{0,120}?)[ \t]*(?:[,;]|$)",
    re.M,
)
_BODY_CONVENED = re.compile(
    r"\ble\s+((?:Conseil|Bureau|Comit[ée])(?:\s+(?:municipal|communautaire|syndical|d['’]administration|de\s+communaut[ée]))?"
    r"(?:\s+(?:de\s+la|du|de\s+l['’]|des)\s+[^,;.]{3,80}?)?)\s*,?\s+(?:l[ée]galement\s+|d[ûu]ment\s+|r[ée]guli[èe]rement\s+)?convoqu[ée]",
    re.I,
)
_ORGANISATION = re.compile(
    r"\b(syndicat\s+(?:mixte|intercommunal)(?:\s+(?!et\b|s['’])[A-ZÉ][\w'’-]*(?:\s+[A-ZÉ][\w'’-]*)*)?"
    r"|communaut[ée]\s+(?:de\s+communes|d['’]agglom[ée]ration|urbaine)(?:\s+(?:du|de\s+la|des|de)\s+[A-ZÉ][\w'’ -]+?(?=[,.\n]))?)",
    re.I,
)
_COUNTS = {
    "members_in_office": re.compile(r"(?:membres|conseillers)\s+en\s+exercice\s*:?\s*(\d+)", re.I),
    "members_present": re.compile(r"(?:membres|conseillers)\s+pr[ée]sents\s*:?\s*(\d+)", re.I),
    "voters": re.compile(r"(?:membres\s+)?votants\s*:?\s*(\d+)", re.I),
}
_PROXY_ITEM = re.compile(
    rf"({NAME})\s*(?:,\s*)?(?:\(\s*)?(?:a\s+donn[ée]\s+|donne\s+)?(?:pouvoir|procuration|d[ée]l[ée]gation)?\s*(?:de\s+vote\s+)?[àa]\s+({NAME})\s*\)?"
)


@dataclass
class Header:
    body: str | None = None
    meeting_date: str | None = None
    number: str | None = None
    number_span: Span | None = None
    title: str | None = None
    title_span: Span | None = None
    president: Person | None = None
    secretary: Person | None = None
    lists: dict[str, list[Person]] = field(default_factory=lambda: {k: [] for k in ATTENDANCE})
    proxies: list[Proxy] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    end: int = 0  # where the header's last list or label ends


def read_header(text: str, start: int, end: int) -> Header:
    """The header of the deliberation whose header zone is text[start:end] (up to its decision)."""
    header = Header(end=start)
    _read_labels(text, start, end, header)
    _read_number_and_title(text, start, end, header)
    # the date and counts are read before the "Vu" clauses, which cite other dates
    vu = re.compile(r"^[ \t]*(?:Vu|VU)\b", re.M).search(text, start, end)
    zone = text[start : vu.start() if vu else end]
    header.meeting_date = _meeting_date(zone)
    header.body = _body(text, start, end, header)
    header.president = _president(text, start, end, header)
    if header.secretary is None:
        m = _SECRETARY_AFTER.search(text, start, end)
        if m and is_name(m.group(1)):
            header.secretary = Person(normalize_space(m.group(1)), Span(m.start(1), m.end(1)))
    for key, pattern in _COUNTS.items():
        m = pattern.search(zone)
        if m:
            header.counts[key] = int(m.group(1))
    return header


def _read_labels(text: str, start: int, end: int, header: Header) -> None:
    labels = [m for m in _LABEL.finditer(text, start, end) if _opens_line(text, m) or text[m.start() : m.end()].lstrip()[:1].isupper()]
    for i, label in enumerate(labels):
        status = label.lastgroup
        list_end = labels[i + 1].start() if i + 1 < len(labels) else end
        if status == "proxies":
            header.proxies.extend(_read_proxies(text, label.end(), list_end))
            continue
        people, stop = read_name_list(text, label.end(), list_end)
        if status in ("secretary", "president"):
            if people and status == "secretary" and header.secretary is None:
                header.secretary = people[0]
            elif people and status == "president" and header.president is None:
                header.president = people[0]
        else:
            header.lists[status].extend(people)
            # "Mme X (pouvoir à M. Y)" inside an excused or absent list
            header.proxies.extend(_read_proxies(text, label.end(), _paragraph_end(text, stop, list_end)))
        if people:
            header.end = max(header.end, stop)
    # a member who gave a proxy is excused, even where only the proxy list names them
    listed = {person_key(p.name) for people in header.lists.values() for p in people}
    for proxy in header.proxies:
        if person_key(proxy.giver.name) not in listed:
            header.lists["excused"].append(proxy.giver)
            listed.add(person_key(proxy.giver.name))


def _opens_line(text: str, match: re.Match) -> bool:
    line_start = text.rfind("\n", 0, match.start()) + 1
    return not text[line_start : match.start()].strip() or text[match.start() - 1 : match.start()] in ".;"


def _paragraph_end(text: str, pos: int, end: int) -> int:
    m = re.compile(r"\n[ \t]*\n").search(text, pos, end)
    return m.start() if m else end


def _read_proxies(text: str, start: int, end: int) -> list[Proxy]:
    stop = _paragraph_end(text, start, end)
    proxies = []
    for m in _PROXY_ITEM.finditer(text, start, stop):
        giver, holder = normalize_space(m.group(1)), normalize_space(m.group(2))
        if is_name(giver) and is_name(holder):
            proxies.append(
                Proxy(
                    Person(giver, Span(m.start(1), m.end(1))),
                    Person(holder, Span(m.start(2), m.end(2))),
                    Span(m.start(), m.end()),
                )
            )
    return proxies


def _read_number_and_title(text: str, start: int, end: int, header: Header) -> None:
    for pattern in _NUMBER_PATTERNS:
        m = pattern.search(text, start, end)
        if m:
            header.number = m.group(1).rstrip(".")
            header.number_span = Span(m.start(1), m.start(1) + len(header.number))
            number_match = m
            break
    else:
        number_match = None
        m = _FIRST_LINE_ID.match(text[start:end])
        if m:
            header.number = m.group(1)
            header.number_span = Span(start + m.start(1), start + m.end(1))
    objet = _OBJET.search(text, start, end)
    if objet:
        stop = re.search(r"\s+(?:Date\s+d|Membres\s|Nombre\s)", objet.group(1))
        raw = objet.group(1)[: stop.start()] if stop else objet.group(1)
        header.title = normalize_space(raw)
        header.title_span = Span(objet.start(1), objet.start(1) + len(raw.rstrip()))
    elif number_match is not None:
        tail = re.match(r"[ \t]*[-–:][ \t]*([^\n]+?)(?=\s+(?:Vu|VU|Considérant|CONSIDÉRANT|L[ea]\s+[A-Z])\b|\s*\n|$)", text[number_match.end() : end])
        if number_match.re is _NUMBER_PATTERNS[0]:
            # the title is printed between the header lists and "(N°…)"
            title_start = max(header.end, start)
            raw = text[title_start : number_match.start()]
            lead = len(raw) - len(raw.lstrip())
            header.title = normalize_space(raw) or None
            header.title_span = Span(title_start + lead, title_start + len(raw.rstrip()))
        elif tail and number_match.re is not _NUMBER_PATTERNS[2]:
            header.title = normalize_space(tail.group(1))
            header.title_span = Span(number_match.end() + tail.start(1), number_match.end() + tail.end(1))


def _meeting_date(zone: str) -> str | None:
    for pattern in _MEETING_DATE:
        m = pattern.search(zone)
        if m:
            return parse_date(m.group(1))
    return parse_register_date(zone)


def _body(text: str, start: int, end: int, header: Header) -> str | None:
    after_number = header.number_span.end if header.number_span else start
    opening = _BODY_OPENING.search(text, after_number, end)
    convened = _BODY_CONVENED.search(text, start, end)
    if opening and not (convened and convened.start() < opening.start()):
        body = normalize_space(opening.group(1))
    elif convened:
        body = normalize_space(convened.group(1))
    else:
        return None
    body = body[0].upper() + body[1:]
    if body.isupper():
        body = body.capitalize()
    # a bare "Bureau" / "Comité syndical" is named after its organisation when the text says which
    if re.fullmatch(r"(?i)bureau|comit[ée](?:\s+syndical)?|conseil\s+syndical|conseil\s+communautaire", body):
        org = _ORGANISATION.search(text, start, end)
        if org:
            name = normalize_space(org.group(1))
            body = f"{body} du {name[0].lower() + name[1:]}" if not name.lower().startswith("communaut") else f"{body} de la {name[0].lower() + name[1:]}"
    body = re.sub(r"(?i)^conseil municipal de la (?:commune|ville) d[e'’]\s*", "Conseil municipal de ", body)
    return body


def _president(text: str, start: int, end: int, header: Header) -> Person | None:
    if header.president is not None:
        return _as_listed(header.president, header)
    m = _PRESIDENCY.search(text, start, end)
    if not m:
        return None
    printed = normalize_space(m.group(1))
    # "M. Olivier DUMONT" then ", Maire" or a line break; keep the name part only
    name = re.match(NAME, printed)
    person = Person(name.group(0) if name else printed, Span(m.start(1), m.start(1) + len(name.group(0) if name else printed)))
    return _as_listed(person, header)


def _as_listed(person: Person, header: Header) -> Person:
    """The president as printed in the attendance lists (`M. Jean-Pierre MARCHAL`), if listed there."""
    key = person_key(person.name)
    for people in header.lists.values():
        for listed in people:
            if person_key(listed.name) == key:
                return Person(listed.name, person.span)
    name = re.sub(r"^(?:MONSIEUR|Monsieur)\s+", "M. ", person.name)
    name = re.sub(r"^(?:MADAME|Madame)\s+", "Mme ", name)
    return Person(name, person.span)
