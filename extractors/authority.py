"""The deciding body, its authority and the date of the meeting that took the decision.

`read_meeting(text, start, end, stamps)` reads the zone text[start:end] of one deliberation (the
whole file will do) and returns a `Meeting`.

Meeting date — every printed date is weighed by what stands before it (`lexicon/bodies.json`,
`date_cues`); the date with the most weight is the meeting's:
- the meeting's heading: `Séance du Lundi 30 janvier 2023`, `SÉANCE DU CONSEIL MUNICIPAL EN DATE DU
  28 JUIN 2022`, `CONSEIL MUNICIPAL DU 20 FÉVRIER 2023.`, `BUREAU du lundi 16 janvier 2023`,
  `Date de séance : 30 novembre 2020`, `Objet : Procès-verbal du comité syndical du mardi 17 décembre 2019`;
- the register's opening: `L'an deux mille vingt-trois, le dix-sept du mois de février`, `L’an 2023, le 29
  mars à 19h05`, `Le lundi treize février deux-mille-vingt-trois à dix-neuf heures`;
- the meeting verb: `Le Conseil Municipal s’est réuni le 17 mars 2023`, `se sont réunis le lundi 16 juin 2014`;
- a list of acts: `Délibération n° 2019-05-17/03 examinée le 17 mai 2019`, `LISTE DES DELIBERATIONS
  EXAMINEES PAR LE CONSEIL MUNICIPAL LE 3 OCTOBRE 2022`;
- a date and an hour at the top: `Vendredi 29 janvier 2021, 18:30.`, `Mercredi 21 Février à 19h30`
  (no year printed: the year of the document's other dates).
Never the meeting's date: a convocation (`convoqué le sept février`), a posting (`Affichée le : 07/02/2023`),
a transmission (`Reçu en préfecture le 09/02/2023`), minutes approved (`Approbation du compte rendu de la
séance du 12 octobre 2022`), a cited act (`Vu la délibération du Conseil municipal du 26 janvier 2021`).
Where the heading and the register disagree on the year only (`Séance du Lundi 30 janvier 2023` but
`L’An deux mille vingt-deux, le Lundi trente janvier`) the register's year is a template's leftover;
the stamp's act date (`…-20230130-…-DE`) and a weekday that fits the date decide between equals.
In a list of several meetings (`CONSEIL COMMUNAUTAIRE DU 2 MARS 2022 … CONSEIL COMMUNAUTAIRE DU 30
MARS 2022 …`) a zone without its own heading belongs to the last heading before it.

Body and authority — the kind from the words that name the body where it meets (`lexicon/bodies.json`,
`kinds`), not where it names a role or a room (`Président du Conseil régional`, `Salle du Conseil
d'Administration du Crédit Agricole`); the authority from the stamp's SIREN (Etalab data,
`lexicon/authorities.json`, `lexicon/communes.json`), else from the text:
- a commune: `VILLE DE VALBOURG`, `Commune de MARVILLE-EN-BOCAGE`, `le Conseil Municipal de la commune de
  CORVELLE`, `C O M M U N E D' A R V E L` (letter-spaced), official spelling and INSEE code from Etalab;
- an EPCI: `Communauté de communes de l'Entre-Deux-Vals`, `Communauté d’agglomération du Pays de Sorne`,
  `GRAND VALBOURG AGGLOMÉRATION`, `Montbrésil Communauté`, `Brécourt Métropole Val d’Avelle`;
- a syndicat: `le Comité du Syndicat Mixte pour l’Aménagement Hydraulique des Vallées du Varlon et du
  Petit Rissel, légalement convoqué`, `le Comité Syndical du S.I.V.O.M. Entente Val-Nord s’est réuni`;
- a CCAS: `Conseil d’Administration` and `CCAS`;
- a département or a région: `CONSEIL DÉPARTEMENTAL DU CANTAL`, `DEPARTEMENT DU PAS-DE-CALAIS`.
The body is the kind's label and its authority: `Conseil municipal de Valbourg`, `Comité syndical du
Syndicat Mixte …`, `Commission Permanente du Conseil départemental du Pas-de-Calais`, `Bureau du
syndicat mixte`; a bare `Conseil municipal` where no commune is named.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .dates import DateMention, find_dates
from .models import Authority, Span, Stamp
from .normalize import fold, place_key

_LEXICON_DIR = Path(__file__).parent / "lexicon"
_BODIES = json.loads((_LEXICON_DIR / "bodies.json").read_text("utf-8"))
_CUES = _BODIES["date_cues"]
_EXCLUDE = [
    (re.compile(rf"(?:{c['pattern']})[\w']*\s*(?:[:(]\s*)?(?P<rest>[^.;!?]{{0,{c['reach']}}})$"), c["rescued"])
    for c in _CUES["exclude"]
]
_RESCUE = re.compile(r"(?<![a-z])(?:seance|reunion|session)(?![a-z])")
_CITATION = re.compile(_CUES["citation"]["pattern"])
_CITATION_UNLESS = re.compile(_CUES["citation"]["unless"])
_CITATION_RESCUE = re.compile(_CUES["citation"]["rescue"])
_WEIGHTED = [
    (name, _CUES[name]["weight"], re.compile(_CUES[name]["pattern"]))
    for name in ("minutes_heading", "heading", "body_du", "met", "list", "body")
]
_TIME_AFTER = re.compile(_CUES["time_after"]["pattern"])
_TIME_BONUS = _CUES["time_after"]["bonus"]
_REGISTER_WEIGHT = 2.5  # "L'an deux mille vingt, le trente novembre" and dates whose year is in words
_TOP_WEIGHT = 1.0  # a date in the first lines of the zone, nothing before it that says otherwise
_HEAD = 4000  # dates beyond the zone's first characters weigh less: the body of the act cites dates
_FAR = 0.3
_NEAR, _MID = 1500, 0.6
_TAIL = 200  # a heading in the last characters of a zone opens the next meeting
_BEFORE = 1.1  # the last heading before the zone, against a date inside it
_HEADINGS = ("heading", "minutes_heading", "body_du", "list")


@dataclass
class Meeting:
    body: str | None
    body_kind: str | None  # conseil municipal, conseil communautaire, conseil départemental, ...
    authority: Authority | None
    meeting_date: str | None
    meeting_date_span: Span | None


@dataclass
class _Candidate:
    mention: DateMention
    weight: float
    cue: str


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=4)
def _candidates(text: str) -> tuple[_Candidate, ...]:
    """Every date of `text` with the weight of what stands before it (0: not a meeting's date)."""
    folded = _folded(text)
    mentions = find_dates(text, folded=folded)
    out = []
    previous_end = 0
    for m in mentions:
        before = folded[max(previous_end, m.start - 100) : m.start]
        previous_end = m.end
        weight, cue = _weigh(before, m)
        if weight > 0 and _TIME_AFTER.match(folded, m.end, m.end + 40):
            weight += _TIME_BONUS
        if weight > 0 and m.weekday_agrees():
            weight += 0.2
        out.append(_Candidate(m, weight, cue))
    return tuple(out)


def _weigh(before: str, m: DateMention) -> tuple[float, str]:
    if m.form != "register":
        for pattern, rescued in _EXCLUDE:
            x = pattern.search(before)
            if x and not (rescued and _RESCUE.search(x.group("rest"))):
                return 0.0, "excluded"
    cited = _CITATION.search(before)
    if cited and not _CITATION_UNLESS.search(before) and not (
        _CITATION_RESCUE.search(cited.group(0)) and not re.search(r"\bsa\s+(?:seance|reunion|session)", cited.group(0))
    ):
        return 0.0, "citation"
    for name, weight, pattern in _WEIGHTED:
        if pattern.search(before):
            return weight, name
    if m.form == "register" or m.words_year:
        return _REGISTER_WEIGHT, "register"
    return _TOP_WEIGHT, "top"  # kept only near the top of a zone (see _choose)


def _choose(cands: list[tuple[_Candidate, float]], stamp_dates: set[str], year_hint: int | None):
    """The meeting's date among weighted candidates: (iso, mention) or None."""
    groups: dict[tuple[int, int], list[tuple[_Candidate, float]]] = {}
    for c, w in cands:
        if w > 0:
            groups.setdefault((c.mention.day, c.mention.month), []).append((c, w))
    best = None
    for (day, month), members in groups.items():
        years = Counter()
        for c, w in members:
            if c.mention.year:
                years[c.mention.year] += w + (1.0 if c.cue in _HEADINGS else 0.0)
        for y in list(years):
            if f"{y:04d}-{month:02d}-{day:02d}" in stamp_dates:
                years[y] += 2.0
        year = years.most_common(1)[0][0] if years else year_hint
        if year is None:
            continue
        weights = sorted((w for _, w in members), reverse=True)
        score = weights[0] + 0.25 * sum(weights[1:])
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        if iso in stamp_dates:
            score += 1.0
        lead = max(members, key=lambda cw: (cw[1], cw[0].mention.year == year))[0].mention
        if best is None or score > best[0]:
            best = (score, iso, lead)
    return None if best is None else (best[1], best[2])


def _meeting_date(text: str, start: int, end: int, stamps) -> tuple[str | None, Span | None]:
    all_cands = _candidates(text)
    stamp_dates = {s.date for s in stamps if s.date and (s.nature in (None, "DE") or True)}
    in_zone = [c for c in all_cands if start <= c.mention.start < end]
    before = None
    if start > 0:
        # the meeting a zone without its own heading belongs to: the last heading before it, else
        # the register's opening
        earlier = [c for c in all_cands if c.mention.end <= start and c.weight > _TOP_WEIGHT]
        before = next((c for c in reversed(earlier) if c.cue in _HEADINGS), None)
        if before is None and earlier:
            before = max(earlier, key=lambda c: (c.weight, -c.mention.start))
    weighted = []
    for c in in_zone:
        w = c.weight
        offset = c.mention.start - start
        if c.cue == "top" and offset > 250:
            continue
        if offset > _HEAD:
            w *= _FAR
        elif offset > _NEAR:  # the heading opens the zone; what follows it tells of other meetings
            w *= _MID
        if before is not None and c.cue in _HEADINGS and end - c.mention.end < _TAIL:
            continue
        weighted.append((c, w))
    if before is not None:
        weighted.append((before, before.weight * _BEFORE))
    years = Counter(c.mention.year for c, _ in weighted if c.mention.year)
    year_hint = years.most_common(1)[0][0] if years else None
    if year_hint is None:
        years = Counter(int(d[:4]) for d in stamp_dates)
        year_hint = years.most_common(1)[0][0] if years else None
    chosen = _choose(weighted, stamp_dates, year_hint)
    if chosen is None:
        # nothing printed says it: the date of a deliberation's stamp
        dated = [s for s in stamps if s.date and s.nature == "DE"]
        if dated:
            return Counter(s.date for s in dated).most_common(1)[0][0], None
        return None, None
    iso, mention = chosen
    return iso, Span(mention.start, mention.end)


def read_meeting_date(text: str, start: int, end: int, stamps: list[Stamp] = ()) -> tuple[str | None, Span | None]:
    """The date (ISO) of the meeting that decided in text[start:end], and where it is printed."""
    return _meeting_date(text, start, end, stamps)


def read_meeting(text: str, start: int, end: int, stamps: list[Stamp] = ()) -> Meeting:
    """The body, authority and meeting date of the deliberation in text[start:end]."""
    meeting_date, span = _meeting_date(text, start, end, stamps)
    body, kind, authority = _read_body(text, start, end, stamps, span)
    return Meeting(body, kind, authority, meeting_date, span)


# ---------------------------------------------------------------- body and authority

_KINDS = [(k["kind"], k["label"], re.compile(k["pattern"])) for k in _BODIES["kinds"]]
_SIREN_PREFIX = _BODIES["siren_prefix"]
# a body named as a role, a room or an election is not the body that meets
_ROLE_BEFORE = re.compile(
    r"(?:president|presidente|vice-presidente?|maire|membres?|salle|conseillers?|conseilleres?|delegues?|representants?|"
    r"elections?|designation|nouveau|nouvelle|composition|au\s+sein|siege)\s*(?:\(?e?\)?s?\s*)?(?:du|de\s+la|de\s+l'|des|au)?\s*$"
)
_MEETS_AFTER = re.compile(
    r"^[^.;]{0,160}?(?:s'?\s?est\s+(?:reuni|assemble)|se\s+sont\s+reuni|convoque|peut\s+valablement)"
)
_HEADING_BEFORE = re.compile(
    r"(?:registre\s+des\s+deliberations|extrait|proces[\s-]*verbal|compte[\s-]*rendu|seance|reunion|deliberations?|"
    r"liste\s+des\s+deliberations[^.;:]{0,40}|publication[^.;:]{0,40})\s*(?:du|de\s+la|de\s+l'|des|par\s+le|par\s+la)?\s*$"
)
_WORD = r"[A-ZÀ-Ý][\w'’]*(?:-[\w'’]+)*"
_CONNECT = r"(?:de|du|des|la|le|les|sur|en|sous|et|lès|lez|aux?|[dl]['’]\s?)"
# linear: words joined by one space, connectors only before a word ("Portes Valbourgeoises d'Île-de-Sorne")
_NAME = rf"{_WORD}(?:\s(?:{_CONNECT}\s?)*{_WORD}|\s[–-]\s{_WORD})*"
_COMMUNE_NAMED = re.compile(
    rf"(?:\b(?:COMMUNE|Commune|commune|VILLE|Ville|ville|MAIRIE|Mairie)\s+(?:nouvelle\s+)?(?:DE\s+|de\s+|D['’]\s?|d['’]\s?|du\s+|DU\s+)?"
    rf"|\b(?:CCAS|C\.C\.A\.S\.)\s+(?:de\s+|d['’]\s?|DE\s+))({_NAME})"
)
_EPCI_NAMED = re.compile(
    rf"\b((?:Communaut[ée]|COMMUNAUT[ÉE])\s+(?:de\s+|DE\s+)?(?:[Cc]ommunes|COMMUNES|[Dd]['’]\s?[Aa]gglom[ée]ration|D['’]AGGLOM[ÉE]RATION|[Uu]rbaine|URBAINE)"
    rf"(?:\s+(?:du|de\s+la|de\s+l['’]|des|de|DU|DE\s+LA|DES|DE|d['’]))?\s*{_NAME}"
    rf"|{_NAME}\s+(?:Agglom[ée]ration|AGGLOM[ÉE]RATION|Communaut[ée]|COMMUNAUT[ÉE]|Agglo)(?![\w])"
    rf"|(?:[A-ZÀ-Ý][\w'’-]+\s+)?M[ée]tropole\s+{_NAME})"
)
_SYNDICAT_NAMED = re.compile(
    rf"\b((?:Syndicat|SYNDICAT)\s+(?:[\w'’-]+\s+){{0,12}}?[\w'’-]*[A-ZÀ-Ý][\w'’-]*(?:\s+(?:du|de|des|et|la|le|d['’]\s?|l['’]\s?)\s*[A-ZÀ-Ý][\w'’-]*)*"
    rf"|S\.I\.V\.O\.M\.\s+{_NAME}|S\.I\.V\.U\.\s+{_NAME})"
)
_SYNDICAT_GENERIC = re.compile(r"\bsyndicat\s+(mixte|intercommunal)\b", re.I)
_DEPARTEMENT_NAMED = re.compile(r"\b(?:D[ÉE]PARTEMENT|D[ée]partement|CONSEIL\s+D[ÉE]PARTEMENTAL|Conseil\s+[Dd][ée]partemental)\s+(?:du|de\s+la|de\s+l['’]|des|de|DU|DE\s+LA|DE\s+L['’]|DES|DE|d['’])?\s*([A-ZÀ-Ý][\w'’-]*(?:[ -](?:et|[A-ZÀ-Ý][\w'’-]*))*)")
_REGION_NAMED = re.compile(r"\b(?:R[ÉE]GION|R[ée]gion|Conseil\s+r[ée]gional)\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’])?\s*([A-ZÀ-Ý][\w'’-]*(?:[ -](?:de|et|[A-ZÀ-Ý][\w'’-]*))*)")
_LETTER_SPACED = re.compile(r"(?<![\w'’])(?:[A-Za-zÀ-ÿ]['’]? ){3,}[A-Za-zÀ-ÿ](?![\w'’])")
_STOP_WORDS = re.compile(r"[ -](?:(?:[Ll]undi|[Mm]ardi|[Mm]ercredi|[Jj]eudi|[Vv]endredi|[Ss]amedi|[Dd]imanche|LUNDI|MARDI|MERCREDI|JEUDI|VENDREDI|SAMEDI|DIMANCHE|REUNION|RÉUNION|PRESENTS|PRÉSENTS|Présents|Etaient|ETAIENT|Sont|SONT|Page)|EXTRAIT|REGISTRE|SEANCE|SÉANCE|PROCES|PROCÈS|COMPTE|CONSEIL|Conseil|DEPARTEMENT|DÉPARTEMENT|Département|Arrondissement|ARRONDISSEMENT|REPUBLIQUE|RÉPUBLIQUE|République|Délibération|DELIBERATION|DÉLIBÉRATION|LISTE|Liste|BUREAU|Bureau|Séance|Date|Objet|OBJET|Nombre|Présents|PRESENTS|L['’]an|Le|La|Les|LE|LA|LES)\b.*$")


@lru_cache(maxsize=1)
def _reference() -> dict:
    communes = json.loads((_LEXICON_DIR / "communes.json").read_text("utf-8"))
    authorities = json.loads((_LEXICON_DIR / "authorities.json").read_text("utf-8"))
    by_insee = {insee: (name, dep) for name, insee, dep in communes["communes"]}
    by_key: dict[str, list[str]] = {}
    for name, insee, _dep in communes["communes"]:
        by_key.setdefault(place_key(name), []).append(insee)
    siren_of = {insee: siren for siren, insee in authorities["commune_siren"].items()}
    epci = {row[0]: row for row in authorities["epci"]}
    epci_by_key: dict[str, list[str]] = {}
    for siren, name, _type, _dep in authorities["epci"]:
        epci_by_key.setdefault(_epci_key(name), []).append(siren)
    departements = communes["departements"]
    dep_by_key = {place_key(n): code for code, n in departements.items()}
    regions = authorities["regions"]
    region_by_key = {place_key(n): code for code, n in regions.items()}
    return {
        "by_insee": by_insee, "by_key": by_key, "commune_siren": authorities["commune_siren"], "siren_of": siren_of,
        "epci": epci, "epci_by_key": epci_by_key, "epci_types": authorities["epci_types"],
        "departements": departements, "dep_by_key": dep_by_key, "regions": regions, "region_by_key": region_by_key,
    }


def _epci_key(name: str) -> str:
    """`CC du Val de Lérine en Bocage`, `Communauté de Communes du Val de Lérine en Bocage` -> `VAL LERINE BOCAGE`."""
    words = place_key(name).split()
    drop = {"CC", "CA", "CU", "COMMUNAUTE", "DE", "DES", "DU", "LA", "L", "D", "COMMUNES", "AGGLOMERATION", "URBAINE", "EN", "ET", "LE", "LES"}
    return " ".join(w for w in words if w not in drop)


def _unspace(fragment: str) -> str:
    """`C O M M U N E D' A R V E L` -> `COMMUNE D'ARVEL` (one word per run of spaced letters is lost; a
    run is split again where a known word starts)."""
    def join(m: re.Match) -> str:
        word = m.group(0).replace(" ", "")
        return re.sub(r"^(COMMUNE|VILLE|MAIRIE)(D['’]|DE)?", lambda x: x.group(1) + " " + (x.group(2) or ""), word, flags=re.I)
    return _LETTER_SPACED.sub(join, fragment)


def _trim(name: str) -> str:
    name = _STOP_WORDS.sub("", " " + name).strip(" -,.")  # also a name that starts with a stop word: "REUNION DU …"
    return re.sub(r"(?:[ -]+(?:de|du|des|la|le|les|sur|en|sous|et|aux?|l['’]|d['’]))+$", "", name)


def _commune(name: str, dep_hint: str | None):
    """(official name, INSEE) of a printed commune name, trying its longest start that is a commune."""
    ref = _reference()
    words = place_key(name).split()
    for n in range(min(len(words), 8), 0, -1):
        insees = ref["by_key"].get(" ".join(words[:n]))
        if not insees:
            continue
        if len(insees) > 1 and dep_hint:
            insees = [i for i in insees if ref["by_insee"][i][1] == dep_hint] or insees
        if len(insees) == 1:
            return ref["by_insee"][insees[0]][0], insees[0]
        return ref["by_insee"][insees[0]][0], None
    return None


def _kind(folded: str, start: int, end: int, date_span: Span | None):
    """(kind, label, position) of the body that meets, named in folded[start:end]."""
    best = None
    for rank, (kind, label, pattern) in enumerate(_KINDS):
        for m in pattern.finditer(folded, start, end):
            before = folded[max(start, m.start() - 60) : m.start()]
            if _ROLE_BEFORE.search(before):
                continue
            near_date = date_span is not None and 0 <= date_span.start - m.end() <= 80
            strong = near_date or _MEETS_AFTER.match(folded, m.end(), min(end, m.end() + 200)) or _HEADING_BEFORE.search(before)
            score = (2 if strong else 1, -rank if strong else -m.start())
            if best is None or score > best[0]:
                best = (score, kind, label, m)
            break  # the first mention of each kind is enough
    if best is None:
        return None
    return best[1], best[2], best[3]


def _read_body(text: str, start: int, end: int, stamps, date_span: Span | None = None):
    folded = _folded(text)
    head_end = min(end, start + 3000)
    found = _kind(folded, start, head_end, date_span)
    region = (start, head_end)
    if found is None and start > 0:
        region = (0, min(len(text), 3000))
        found = _kind(folded, *region, None)
    if found is None:
        return None, None, None
    kind, label, m = found
    printed = text[region[0] : region[1]]
    authority = _authority(printed, region[0], kind, stamps)
    if authority is None and region[0] > 0:
        printed = text[: min(len(text), 3000)]
        authority = _authority(printed, 0, kind, stamps)
    return _compose(kind, label, authority, printed), kind, authority


def _authority(printed: str, offset: int, kind: str, stamps) -> Authority | None:
    ref = _reference()
    unspaced = _unspace(printed)
    dep_hint = next((s.departement.lstrip("0") if s.departement.startswith("0") and len(s.departement) == 3 and not s.departement.startswith("97") else s.departement[:2] for s in stamps if s.departement), None)
    dep_m = _DEPARTEMENT_NAMED.search(printed)
    dep_code = None
    if dep_m:
        words = place_key(dep_m.group(1)).split()
        for n in range(min(4, len(words)), 0, -1):
            dep_code = ref["dep_by_key"].get(" ".join(words[:n]))
            if dep_code:
                break
    dep_hint = dep_code or (dep_hint.zfill(2) if dep_hint else None)
    # the stamp's SIREN names the authority even where the text does not
    for s in stamps:
        insee = ref["commune_siren"].get(s.siren)
        if insee and kind in ("conseil municipal", "conseil d'administration"):
            return Authority(ref["by_insee"][insee][0], "commune", insee, s.siren, s.span)
        row = ref["epci"].get(s.siren)
        if row and kind in ("conseil communautaire", "bureau"):
            return Authority(row[1], "epci", None, s.siren, s.span)
    if kind in ("conseil municipal", "conseil d'administration"):
        for m in _COMMUNE_NAMED.finditer(unspaced):
            name = _trim(m.group(1))
            hit = _commune(name, dep_hint)
            if hit:
                official, insee = hit
                span = Span(offset + m.start(1), offset + m.end(1)) if unspaced is printed else None
                return Authority(official, "commune", insee, ref["siren_of"].get(insee) if insee else None, span)
        return None
    if kind in ("conseil communautaire", "bureau"):
        named = []
        for m in _EPCI_NAMED.finditer(printed):
            name = _trim(m.group(1))
            if not _epci_key(name):
                continue  # "COMMUNAUTÉ DE COMMUNES" without its name
            sirens = ref["epci_by_key"].get(_epci_key(name), [])
            named.append((len(sirens) == 1, m.start(1), name, sirens))
        if named:
            # the first that the Etalab data knows, else the first printed
            linked, pos, name, sirens = max(named, key=lambda x: (x[0], -x[1]))
            return Authority(name, "epci", None, sirens[0] if linked else None, Span(offset + pos, offset + pos + len(name)))
    if kind in ("comité syndical", "bureau"):
        named = sorted(_SYNDICAT_NAMED.finditer(printed), key=lambda x: (x.group(1).isupper(), -len(x.group(1))))
        m = named[0] if named else None
        if m:
            name = re.split(r"\s+(?:s['’]est|l[ée]galement|d[ûu]ment|r[ée]guli[èe]rement|PROC[ÈE]S|COMPTE|Rue|R[ÉE]UNION|\|)", m.group(1))[0].strip(" -,.")
            return Authority(name, "syndicat", None, None, Span(offset + m.start(1), offset + m.start(1) + len(name)))
        g = _SYNDICAT_GENERIC.search(printed)
        if g:
            return Authority(f"syndicat {g.group(1).lower()}", "syndicat", None, None, None)
    if kind in ("conseil départemental", "commission permanente") and dep_m and dep_code:
        return Authority(ref["departements"][dep_code], "departement", dep_code, None, Span(offset + dep_m.start(1), offset + dep_m.end(1)))
    if kind in ("conseil régional", "commission permanente"):
        m = _REGION_NAMED.search(printed)
        if m:
            words = place_key(m.group(1)).split()
            for n in range(min(5, len(words)), 0, -1):
                code = ref["region_by_key"].get(" ".join(words[:n]))
                if code:
                    return Authority(ref["regions"][code], "region", code, None, Span(offset + m.start(1), offset + m.end(1)))
    return None


def _of(name: str) -> str:
    """`de Valbourg`, `d’Arvel`, `du syndicat mixte`, `de la Communauté de communes …`."""
    low = fold(name)
    if re.match(r"[aeiouyh]", low) and not low.startswith("h"):
        return f"d’{name}"
    if low.startswith(("communaute", "metropole")):
        return f"de la {name}"
    if low.startswith(("syndicat", "s.i.")):
        return f"du {name}"
    return f"de {name}"


_DEP_ARTICLE = {"du": "du", "de la": "de la", "de l'": "de l’", "des": "des"}


def _compose(kind: str, label: str, authority: Authority | None, printed: str) -> str:
    folded_printed = fold(printed)
    if kind == "commission permanente":
        if authority is not None and authority.kind == "departement":
            return f"{label} du Conseil départemental {_dep_of(authority.name)}"
        parent = "Conseil régional" if "conseil regional" in folded_printed or "region" in folded_printed else (
            "Conseil départemental" if "departement" in folded_printed else None)
        return f"{label} du {parent}" if parent else label
    if kind == "conseil départemental":
        return f"{label} {_dep_of(authority.name)}" if authority is not None else label
    if kind == "conseil régional":
        return f"{label} {_of(authority.name)}" if authority is not None else label
    if kind == "conseil d'administration":
        if re.search(r"\bccas\b|c\.c\.a\.s|centre\s+communal\s+d'action\s+sociale", folded_printed):
            return f"{label} du CCAS {_of(authority.name)}" if authority is not None else f"{label} du CCAS"
        return label
    if authority is None:
        return label
    if authority.kind == "epci" and authority.siren and authority.name.startswith(("CC ", "CA ", "CU ")):
        ref = _reference()
        long_type = ref["epci_types"][authority.name[:2]]
        return f"{label} de la {long_type} {authority.name[3:]}"
    return f"{label} {_of(authority.name)}"


def _dep_of(name: str) -> str:
    low = fold(name)
    if re.match(r"[aeiouy]", low):
        return f"de l’{name}"
    if low.startswith(("hautes-", "hauts-", "yvelines", "landes", "ardennes", "vosges", "bouches-", "pyrenees", "alpes", "deux-", "cotes")):
        return f"des {name}"
    if low.startswith(("haute-", "charente", "correze", "creuse", "dordogne", "drome", "gironde", "loire", "manche", "marne", "mayenne", "meuse", "moselle", "nievre", "sarthe", "savoie", "seine", "somme", "vendee", "vienne", "meurthe", "guadeloupe", "martinique", "guyane", "reunion", "corse", "cote")):
        return f"de la {name}"
    return f"du {name}"
