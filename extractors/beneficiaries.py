"""Step 3e: who receives the money, and who is party to a decision.

`find_beneficiaries(text, deliberation)` reads the decision articles and the annex tables of one
deliberation (`text` is the cleaned document text every span indexes into) and returns `Beneficiary`
records in document order, one per beneficiary (the same college repeated in several blocks of a table
is one record, with the span of its first mention). Communes are matched against the Etalab list of
French communes (`lexicon/communes.json`) for their official name and INSEE code.

Forms handled in the articles (made-up examples of the forms of the corpus):
- a grant to one beneficiary, with the amount the sentence gives it (the first amount of the clause that
  is not per unit): `D’attribuer à l’atelier CANOPÉ d’Ormeville une subvention de fonctionnement, … d'un
  montant de 16 500 €`; `D’attribuer, à la structure ASH Solidarité Handicap, la participation financière
  de 14 920 €` (the kind comes from `à l’association ASH Solidarité Handicap` elsewhere in the
  deliberation); `D’attribuer, à l’Espace Socioculturel de la Sorne D’AUVILLE-SUR-LA-SORNE, une
  participation financière d’un montant 4 000 euros` (a commune in capitals after the name is its place);
- communes: `D’attribuer, à la ville de VAUBRECOURT, une participation financière d’un montant total de
  4 155 euros soit 1 155 euros …` (4 155 €), `D’attribuer à la commune d’HAUTVAL-BRESSON, une subvention
  d’un montant de 500 000 €`; several, one record each: `aux communes d’ORMEVILLE, de VERNELLE et de
  LISSEVAL`;
- an association, quoted or not, with its commune: `D’attribuer, à l’association « La Maison des
  Artisans » de COURVALLE, une participation financière d’un montant total de 2 800 euros`;
- a list of EPCC, without amounts (the total is shared): `D’attribuer 6 subventions aux Etablissements
  Publics de Coopération Culturelle (E.P.C.C.) le Musée Vernelle, la Verrerie d’Estrelles, le 4/6 Bis
  Harmonie, la Cité des Tisserands et Spectacle vivant Ormevillois - La Passerelle, pour les sommes …`;
- convention parties: `avec le Réseau CANOPE de l’Académie de Valbourg`, `avec Télénord la convention
  2022-2024`, `avec la Caisse Nationale de Solidarité pour l’Autonomie (CNSA) et le Groupement d’Intérêt
  Public (GIP) Maison Départementale des Personnes Handicapées (MDPH)` (two parties);
- colleges with their commune in capitals, alone or listed: `pour les 2 collèges Des Rives de l’Avelle
  de RIVEMONT et Paul Vasseur de VERNELLE`, `du collège Marcel Tisserand d’HAUTBOIS`;
- a table inside an article whose first column is the beneficiary (see the annex forms): `Maitre
  d'Ouvrage … Subvention accordée … Commune de\\nPIERRELAINE\\n\\nSalle de sports Rénovation 60 840 €
  18 252 €`.
Generic recipients are not beneficiaries: `aux bénéficiaires repris au tableau`, `aux 48 collèges`,
`avec les bénéficiaires visés à l’article 1`, `avec la collectivité susvisée`.

Forms handled in the annexes (PDF tables come scrambled, so only rows that parse whole are kept):
- `Collège` + name + commune in capitals: `Collège Robert de La Marche BRÉCOURT 2 595 € 4 697 € 2 000 €
  3 000 € 12 292 €`, `COLLEGE PAUL VASSEUR VERNELLE`;
- tables with adjacent COMMUNE and COLLÈGE columns (`TERRITOIRE CANTON DISTRICT EPCI COMMUNE COLLÈGE
  P1`): `ORMEVILLOIS ORMEVILLE 3 ORMEVILLE CU d'Ormeville ORMEVILLE Cédex GEORGES DELMAS Pose de
  rideaux …`, `VERNELLE-LISSEVAL CA Vernelle-Lisseval VERNELLE VERNELLE Paul Vasseur` (the commune is the
  last commune cell followed by a college cell; `CEDEX` is dropped; `MARVILLERS SUR MER Cédex` is
  Marvillers, the longest commune the cell begins with); tables whose title or header says `Rejet` are
  skipped;
- tables whose first column is the beneficiary (`Maitre d'Ouvrage`, `Bénéficiaire`, `Commune`,
  `Collectivité`, `Porteur de projet`): `Ecoville St Martin Terrain multisports Construction 121 510,00 €
  24 302 €` (Écoville-Saint-Martin); only rows that begin with a commune are kept.
A row's amount is its last amount, and the amounts of a table are kept only when the rows add up to a
total the deliberation prints (`TOTAL 562 692 €`, or an article's amount). Annex beneficiaries get the
number of the one article that grants "au tableau" / "en annexe", when there is exactly one.

Communes are matched folded (accents, case, hyphens and apostrophes, `ST`/`SAINT`, `STE`/`SAINTE`,
`LEZ`/`LES`). When a name is ambiguous, the commune of the document's département wins: the département
is the one the header names (`Conseil départemental du Pas-de-Calais`), else the most frequent among
unambiguous commune names in capitals, else None (then an ambiguous name keeps its official spelling but
no INSEE code). Table cells must be communes of that département when it is known. A commune merged since
the document was written is still found under its own name and INSEE code (`Collège des 3 Rivières
HAUTMESNIL`: Hautmesnil, now in Hautmesnil-la-Vallée); a usual short name that begins exactly one commune
of the département is that commune (`LE VALDOUX`: Le Valdoux-les-Dunes).

The statistical NER of spaCy is not used: on the article sentences it tagged the name of a socio-cultural
centre (`Espace Socioculturel de …`) as a person and a museum's name and `Spectacle` as places, and found
nothing the rules miss, for a model load of several seconds.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from .clean import normalize_space
from .models import Amount, Beneficiary, Deliberation, Span
from .normalize import place_key

KINDS = ("college", "commune", "epci", "association", "epcc", "public_body", "company", "other")

# ---------------------------------------------------------------------------------------------------
# Communes (Etalab reference list)

_CEDEX = re.compile(r"c[ée]dex$", re.I)


# the matching key of a place name (`normalize.place_key`): `Écourt-Saint-Quentin`, `ECOURT ST QUENTIN`
# -> `ECOURT SAINT QUENTIN`
fold = place_key


class Place(NamedTuple):
    name: str  # official spelling
    insee: str | None
    departement: str | None
    former: bool = False  # merged into a commune nouvelle since; keeps its own (then valid) INSEE code


@cache
def _lexicon() -> tuple[dict[str, list[Place]], dict[str, str], int]:
    """Folded commune name -> communes; folded département name -> code; longest name in words.
    Former communes (merged since: `Hautmesnil`, in Hautmesnil-la-Vallée) are known too, after the
    current ones."""
    path = Path(__file__).parent / "lexicon" / "communes.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    communes: dict[str, list[Place]] = {}
    for name, insee, dep in data["communes"]:
        communes.setdefault(fold(name), []).append(Place(name, insee, dep))
    for name, insee, dep, _now in data.get("former_communes", []):
        communes.setdefault(fold(name), []).append(Place(name, insee, dep, former=True))
    departements = {fold(name): code for code, name in data["departements"].items()}
    longest = max(len(key.split()) for key in communes)
    return communes, departements, longest


def _candidates(words: list[str]) -> list[Place]:
    return _candidates_of(tuple(words))


@lru_cache(maxsize=1 << 16)
def _candidates_of(words: tuple[str, ...]) -> list[Place]:
    return _lexicon()[0].get(fold(" ".join(words)), [])


def _pick(places: list[Place], dep: str | None, strict: bool) -> Place | None:
    """The commune meant by a name. `strict` (a bare table cell): only one of the document's
    département, or the only commune of that name when the département is unknown."""
    if not places:
        return None
    current = [p for p in places if not p.former] or places  # a current commune wins over a former one
    if dep is not None:
        here = [p for p in places if p.departement == dep]
        here = [p for p in here if not p.former] or here
        if len(here) == 1:
            return here[0]
        if here or strict:
            return Place(here[0].name, None, dep) if here else None
    if len(current) == 1:
        return current[0]
    if strict:
        return None
    names = {p.name for p in current}
    return Place(current[0].name, None, None) if len(names) == 1 else None


def _longest_commune(words: list[str], dep: str | None, strict: bool) -> tuple[int, Place | None]:
    """How many of `words` (from the first) name a commune, and which; (0, None) if none."""
    longest = _lexicon()[2]
    for k in range(min(len(words), longest), 0, -1):
        if any(not _is_place_word(w) for w in words[:k]):
            continue
        place = _pick(_candidates(words[:k]), dep, strict)
        if place:
            return k, place
    return 0, None


def _commune_by_start(words: list[str], dep: str | None) -> tuple[int, Place | None]:
    """A usual short name that begins one commune only of the département: `LE VALDOUX`
    (Le Valdoux-les-Dunes), `FONTREUIL` (Fontreuil-sur-Mer). Needs the département."""
    if dep is None:
        return 0, None
    for k in range(min(len(words), 4), 0, -1):
        key = fold(" ".join(words[:k]))
        if len(key) < 5 or not all(_is_place_word(w) for w in words[:k]):
            continue
        found = _starting_with(key, dep)
        if len(found) == 1:
            return k, found[0]
    return 0, None


@cache
def _starting_with(key: str, dep: str) -> tuple[Place, ...]:
    return tuple(p for name, places in _lexicon()[0].items() if name.startswith(key + " ")
                 for p in places if p.departement == dep)


def _is_place_word(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ][A-Za-zÀ-ÖØ-öø-ÿŒœ’'\-.]*", word))


_DEPARTEMENT_PHRASE = re.compile(
    r"(?:d[ée]partement|conseil\s+d[ée]partemental|conseil\s+g[ée]n[ée]ral)\s+"
    r"(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*",
    re.I,
)


def guess_departement(text: str, deliberation: Deliberation) -> str | None:
    """The département code a deliberation is about: named in its header, else the most frequent
    département of the unambiguous commune names in capitals of its articles and annexes."""
    _, departements, _ = _lexicon()
    start = deliberation.span.start
    votes: Counter[str] = Counter()
    for m in _DEPARTEMENT_PHRASE.finditer(text, start, min(deliberation.span.end, start + 6000)):
        words = text[m.end() : m.end() + 60].split()[:5]
        for k in range(len(words), 0, -1):
            code = departements.get(fold(" ".join(words[:k]).rstrip(",;.:")))
            if code:
                votes[code] += 1
                break
    if votes:
        return votes.most_common(1)[0][0]
    for lo, hi in _regions(deliberation):
        for m in _CAPS_RUN.finditer(text, lo, hi):
            places = _candidates(m.group(0).split())
            if len(places) == 1:
                votes[places[0].departement] += 1
    ranked = votes.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


_CAPS_RUN = re.compile(r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ’'\-]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ’'\-]+)*")


def _regions(deliberation: Deliberation) -> list[tuple[int, int]]:
    regions = [(a.span.start, a.span.end) for a in deliberation.articles]
    if deliberation.annex_span and deliberation.annex_span.end > deliberation.annex_span.start:
        regions.append((deliberation.annex_span.start, deliberation.annex_span.end))
    return regions


# ---------------------------------------------------------------------------------------------------
# Words

_TOKEN = re.compile(r"«[^«»]{1,150}»|\([^()\n]{1,60}\)|[,;:]|[^\s,;:()«»]+")
_PARTICLES = {"de", "du", "des", "d’", "d'", "la", "le", "les", "l’", "l'", "et", "en", "sur", "sous", "aux", "au",
              "lès", "lez", "à", "&", "-", "–", "pour"}
_DETERMINERS = {"la", "le", "les", "un", "une"}
_STOP_WORDS = {
    "afin", "dans", "selon", "relative", "relatives", "relatif", "relatifs", "portant", "concernant", "ayant",
    "précisant", "définissant", "qui", "dont", "au", "aux", "à", "sa", "son", "ses", "leur", "leurs", "jusqu’au",
    "jusqu'au", "prolongeant", "conclue", "conclues", "conclu", "signée", "signé", "est", "sont", "sera", "seront",
    "a", "ont", "pour", "par", "ci-dessous", "ci-après", "susvisée", "susvisé", "visés", "visées", "tel", "telle",
}
# heads that say nothing about who it is: dropped from the name
_GENERIC_HEADS = {"structure", "organisme", "partenaire", "bénéficiaire", "porteur", "opérateur"}


@dataclass
class Tok:
    text: str
    start: int
    end: int


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    return [Tok(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _elided(word: str) -> str:
    """`d’Ormeville` -> `Ormeville`, `l’Université` -> `Université`."""
    m = re.match(r"[dlDL]['’](.+)", word)
    return m.group(1) if m else word


def _is_cap(word: str) -> bool:
    """Begins with a capital letter or a digit (`4/6 Bis`), after an elision."""
    w = _elided(word)
    return bool(w) and (w[0].isupper() or w[0].isdigit())


def _is_caps(word: str) -> bool:
    """A word in capitals: `VAUBRECOURT`, `D’AUVILLE-SUR-LA-SORNE`, `J.J.`, `L'AVELLE`."""
    return word.isupper()


def _is_particle(word: str) -> bool:
    return word.lower() in _PARTICLES or word.lower() in ("d’", "d'", "l’", "l'")


# ---------------------------------------------------------------------------------------------------
# Kinds

_KIND_RULES = [
    ("college", re.compile(r"^coll[eè]ge\b", re.I)),
    ("commune", re.compile(r"^(?:ville|commune|mairie)\s+(?:de|d['’]|du)", re.I)),
    ("epcc", re.compile(r"\bE\.?P\.?C\.?C\b|[ée]tablissements?\s+publics?\s+de\s+coop[ée]ration\s+culturelle", re.I)),
    ("epci", re.compile(r"\bcommunaut[ée]\s+(?:de\s+communes|d['’]\s*agglom[ée]ration|urbaine)|\bm[ée]tropole\b"
                        r"|^C[ACU]\s|\bsyndicat\s+intercommunal|\bSIVU\b|\bSIVOM\b", re.I)),
    ("company", re.compile(r"\b(?:SA|SAS|SASU|SARL|EURL|SCI|SEM|SEML|SPL|S\.A\.)\b|(?i:\bsoci[ée]t[ée]\b|\bentreprise\b)")),
    ("public_body", re.compile(r"\buniversit[ée]|\bacad[ée]mie\b|\bchambre\s+(?:des|de|d['’])|\bcaisse\b|\bagence\b"
                               r"|[ée]tablissement\s+public|\bGIP\b|groupement\s+d['’]\s*int[ée]r[êe]t\s+public"
                               r"|\boffice\s+(?:public|national)|\bcentre\s+hospitalier|\bCHU\b|\bpr[ée]fecture\b"
                               r"|\bminist[èe]re\b|\blyc[ée]e\b|\b[ée]cole\b|\bCCAS\b|\bSDIS\b|\bd[ée]partement\b"
                               r"|\br[ée]gion\b|\bconseil\s+(?:r[ée]gional|d[ée]partemental)", re.I)),
    ("association", re.compile(r"^association\b|\bcollectif\b|\bamicale\b|\bf[ée]d[ée]ration\b|\bclub\b|\bligue\b", re.I)),
]


def kind_of(name: str, context: str = "") -> str:
    """The kind of a named beneficiary, from its head word and name (`Université de Valbourg` ->
    public_body), else `association` when the deliberation calls it so (`à l’association ASH Solidarité
    Handicap`), else `other`."""
    for kind, rule in _KIND_RULES:
        if rule.search(name):
            return kind
    first = re.escape(" ".join(name.split()[:3])).replace(r"\ ", r"\s+")
    if context and re.search(rf"\bassociations?\s+(?:«\s*)?{first}", context, re.I):
        return "association"
    return "other"


# ---------------------------------------------------------------------------------------------------
# Reading names in article sentences

_GRANT = re.compile(r"\b(?:attribuer|accorder|allouer|octroyer|verser)\b", re.I)
_CLAUSE_END = re.compile(r";|\.(?=\s+[A-ZÀ-Ý])|\n[ \t]*\n(?=[ \t]*[-–•A-ZÀ-Ý])")
_RECIPIENT = re.compile(r"(?<![\w’'])(?:(?:en\s+faveur|au\s+profit)\s+(?:de\s+|du\s+|des\s+|d['’]\s*)|(?:aux|au|à)\s+)")
_NOT_RECIPIENT = re.compile(r"nom\s+et\s+pour\s+le\s+compte|titre\s|hauteur\s", re.I)
_PARTY = re.compile(r"(?<![\w’'])avec\s+")
_AGREEMENT = re.compile(r"\b(?:sign(?:er|ature)|convention|avenant|contrat|partenariat|accord)\b", re.I)
_COMMUNE_HEAD = re.compile(r"(?:la\s+|les\s+)?((?:ville|commune|mairie)(s?)\s+(?:de\s+|d['’]\s*|du\s+))", re.I)
_NEXT_COMMUNE = re.compile(r"\s*(?:,|et)\s*(?:de\s+|d['’]\s*)?")
_ASSOCIATION_HEAD = re.compile(r"(?:l['’]\s*)?association\s+", re.I)
_COLLEGE_HEAD = re.compile(r"(?<![\w’'])coll[èe]ges?\s+(?=[A-ZÀ-Ý])")
_EPCC_HEAD = re.compile(
    r"(?:les\s+)?(?:[ÉE]tablissements?\s+[Pp]ublics?\s+de\s+[Cc]oop[ée]ration\s+[Cc]ulturelle|E\.?P\.?C\.?C\.?)"
    r"(?:\s*\(\s*E\.?P\.?C\.?C\.?\s*\))?\s*"
)
_PER_UNIT = re.compile(r"\s*(?:par|/)\s", re.I)
_LEAD = re.compile(r"(?:les\s+|le\s+|l['’]\s*)?(?:\d+\s+)?")
_PLACE_AFTER = re.compile(r"[ \t\n»”\"]*(?:de\s+|d['’]\s*)(?=[A-ZÀ-Ý]{2})")
# the deliberating body itself is never the recipient: "à la connaissance du Département"
_SELF = re.compile(
    r"^(?:[a-zà-ÿ]+\s+)*(?:(?:du|de\s+la|de\s+l['’]|des)\s+)?(?:Département|Président|Conseil\s+départemental)\b"
)


@dataclass
class _Name:
    text: str
    span: Span
    place: Place | None = None


def _read_name(text: str, start: int, end: int, dep: str | None, in_list: bool = False) -> list[_Name]:
    """The names that begin at `start` (one, or several when `in_list`): `l’Université de Valbourg, …`,
    `l’Agence régionale du livre et de la lecture Val-de-Sorne et le centre du réseau …`."""
    toks = _tokens(text, start, end)
    names: list[_Name] = []
    i = 0
    while i < len(toks):
        words, i = _name_words(toks, i, in_list)
        name = _finish(text, words, dep)
        if name:
            names.append(name)
        if i >= len(toks) or toks[i].text.lower() != "et" and toks[i].text != ",":
            break
        # the list goes on after "et" / "," only with a determiner or a capital
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        opens_name = _is_cap(nxt) or nxt.lower() in _DETERMINERS or nxt[:2].lower() in ("l’", "l'")
        if toks[i].text == "," and not (in_list and opens_name):
            break
        i += 1
    return names


def _name_words(toks: list[Tok], i: int, in_list: bool) -> tuple[list[Tok], int]:
    words: list[Tok] = []
    while i < len(toks):
        w = toks[i].text
        low = w.lower()
        prev = words[-1].text.lower() if words else ""
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        if w in (",", ";", ":"):
            break
        # a determiner in small letters is not part of the name ("la Verrerie d’Estrelles"); one with a
        # capital is ("l’association Les Amis de l’École")
        if not words and (w in _DETERMINERS or w in ("l’", "l'")):
            i += 1
            continue
        if not words and w[:2] in ("l’", "l'") and len(w) > 2:
            words.append(Tok(w[2:], toks[i].start + 2, toks[i].end))
            i += 1
            continue
        if low == "et":
            if nxt.lower() in _DETERMINERS or nxt[:2].lower() in ("l’", "l'") and len(nxt) > 2:
                break
            if in_list and _is_cap(nxt):
                break
        if words and (low in _DETERMINERS or (low[:2] in ("l’", "l'") and len(w) > 2)):
            if prev not in ("de", "du", "des", "et", "pour", "sur", "sous", "à", "en", "-", "–"):
                break
        if low == "pour" and not _is_cap(nxt) and not (nxt.lower() in _DETERMINERS or nxt[:2].lower() in ("l’", "l'")):
            break
        if low in _STOP_WORDS and low != "pour":
            break
        if w[0].isdigit() and words:
            break
        if w.startswith("«"):
            if words:
                break
            words.append(toks[i])
            i += 1
            break
        words.append(toks[i])
        if w.endswith(".") and "." not in w[:-1] and len(w) > 3:
            words[-1] = Tok(w[:-1], toks[i].start, toks[i].end - 1)
            i += 1
            break
        if len(words) >= 18:
            break
        i += 1
    return words, i


def _finish(text: str, words: list[Tok], dep: str | None) -> _Name | None:
    """Trim a run of words to a name; split off a commune printed after it."""
    while words and words[0].text.lower() in _GENERIC_HEADS:
        words = words[1:]
    # a name ends on a capital, a figure, a parenthesis or a quotation
    while words and not (_is_cap(words[-1].text) or words[-1].text[0] in "(«"):
        words = words[:-1]
    if not words or not any((_is_cap(w.text) and not w.text[0].isdigit()) or w.text[0] in "«" for w in words):
        return None
    if words[0].text.startswith("«"):
        inner = words[0].text[1:-1]
        lead = len(inner) - len(inner.lstrip())
        words[0] = Tok(inner.strip(), words[0].start + 1 + lead, words[0].start + 1 + lead + len(inner.strip()))
    place = None
    # "… de la Sorne D’AUVILLE-SUR-LA-SORNE": a commune in capitals closes the name
    for k in range(min(len(words) - 1, _lexicon()[2]), 0, -1):
        tail, head = words[-k:], words[:-k]
        elided = tail[0].text[:2] in ("D’", "D'")
        after_de = head[-1].text.lower() in ("de", "d’", "d'")
        if not all(_is_caps(w.text) for w in tail) or not (elided or after_de):
            continue
        found = _pick(_candidates([_elided(tail[0].text)] + [w.text for w in tail[1:]]), dep, strict=False)
        if found:
            place, words = found, head[:-1] if after_de else head
            break
    if not words:
        return None
    if place is None:
        # "atelier CANOPÉ d’Ormeville", "Université de Valbourg": a place closing the name, if known
        last, before = words[-1].text, (words[-2].text.lower() if len(words) > 1 else "")
        if last[:2].lower() in ("d’", "d'") or (before in ("de", "d’", "d'") and last[:2].lower() not in ("l’", "l'")):
            place = _pick(_candidates([_elided(last)]), dep, strict=True)
    if place is None:
        # "association « La Maison des Artisans » de COURVALLE"
        m = _PLACE_AFTER.match(text, words[-1].end)
        if m:
            place = _read_commune(text, m.end(), m.end() + 80, dep, caps_only=True)[1]
    span = Span(words[0].start, words[-1].end)
    value = normalize_space(text[span.start : span.end])
    if _SELF.match(value):
        return None
    return _Name(value, span, place)


def _read_commune(text: str, start: int, end: int, dep: str | None, caps_only: bool = False) -> tuple[int, Place | None]:
    """A commune name at `start`: `VAUBRECOURT`, `HAUTVAL-BRESSON`, `ST ELOI SUR SORNE`; its end."""
    toks = _tokens(text, start, end)[: _lexicon()[2]]
    words = []
    for t in toks:
        if not _is_place_word(t.text) or not (_is_cap(t.text) or _is_particle(t.text) or t.text.islower()):
            break
        if caps_only and not _is_caps(t.text):
            break
        words.append(t)
    k, place = _longest_commune([w.text for w in words], dep, strict=False)
    return (words[k - 1].end if k else start), place


def _read_colleges(text: str, start: int, end: int, dep: str | None) -> list[tuple[_Name, Place]]:
    """`Des Rives de l’Avelle de RIVEMONT et Paul Vasseur de VERNELLE`: names, each with its commune."""
    toks = _tokens(text, start, end)
    found = []
    i = 0
    while i < len(toks):
        hit = _college_item(toks, i, dep)
        if hit is None:
            break
        name_end, after, place = hit
        span = Span(toks[i].start, toks[name_end - 1].end)
        found.append((_Name(normalize_space(text[span.start : span.end]), span, place), place))
        # the list goes on after "," or "et" with another name
        if after + 1 < len(toks) and toks[after].text.lower() in (",", "et"):
            nxt = toks[after + 1].text
            if _is_cap(nxt) and nxt.lower() not in _DETERMINERS:
                i = after + 1
                continue
        break
    return found


def _college_item(toks: list[Tok], i: int, dep: str | None) -> tuple[int, int, Place] | None:
    """`Des Rives de l’Avelle de RIVEMONT`: (end of the name, index after the commune, the commune).
    The commune is in capitals, or is a commune of the document's département."""
    for j in range(i + 1, min(len(toks), i + 12)):
        w = toks[j].text
        low = w.lower()
        if low in ("de", "d’", "d'") or low[:2] in ("d’", "d'"):
            first = j + 1 if low in ("de", "d’", "d'") else j
            if first < len(toks):
                words = [_elided(toks[first].text)] + [t.text for t in toks[first + 1 : first + _lexicon()[2]]]
                n, place = _commune_at(words, dep)
                if n:
                    return j, first + n, place
        if not (_is_cap(w) or _is_particle(w)):
            return None
    return None


def _commune_at(words: list[str], dep: str | None) -> tuple[int, Place | None]:
    k = 0
    while k < len(words) and _is_place_word(words[k]) and (_is_caps(words[k]) or (k and _is_particle(words[k]))):
        k += 1
    if k and _is_caps(words[0]):
        return _longest_commune(words[:k], dep, strict=False)
    if _is_cap(words[0]):
        return _longest_commune(words[:1], dep, strict=True)
    return 0, None


def _clause_end(text: str, pos: int, end: int) -> int:
    m = _CLAUSE_END.search(text, pos, end)
    return m.start() if m else end


def _first_amount(amounts: list[Amount], text: str, lo: int, hi: int) -> float | None:
    for a in amounts:
        if a.in_table or not (lo <= a.span.start < hi):
            continue
        if _PER_UNIT.match(text, a.span.end):
            continue
        return a.value
    return None


def _article_beneficiaries(text: str, deliberation: Deliberation, dep: str | None, context: str) -> list[Beneficiary]:
    out: list[Beneficiary] = []
    for article in deliberation.articles:
        lo, hi = article.span.start, article.span.end
        taken: list[Span] = []

        def add(b: Beneficiary) -> None:
            out.append(b)
            taken.append(b.span)

        # grants: the first recipient after the verb, in the verb's clause
        for verb in _GRANT.finditer(text, lo, hi):
            clause_end = _clause_end(text, verb.end(), hi)
            found: list[Beneficiary] = []
            for marker in _RECIPIENT.finditer(text, verb.end(), clause_end):
                if _NOT_RECIPIENT.match(text, marker.end()):
                    continue
                found = _recipients(text, marker.end(), clause_end, dep, context, article.n)
                if found:
                    break
            if len(found) == 1:
                found[0].amount = _first_amount(article.amounts, text, verb.start(), clause_end)
            for b in found:
                add(b)
        # convention parties: "avec" shortly after the agreement ("la convention avec l’Université de
        # Valbourg, définissant les conditions de coopération avec le réseau …": only the first)
        if _AGREEMENT.search(text, lo, hi):
            for marker in _PARTY.finditer(text, lo, hi):
                if not _AGREEMENT.search(text, max(lo, marker.start() - 60), marker.start()):
                    continue
                clause_end = _clause_end(text, marker.end(), hi)
                for b in _recipients(text, marker.end(), clause_end, dep, context, article.n):
                    if not any(b.span.start < s.end and s.start < b.span.end for s in taken):
                        add(b)
        # colleges named anywhere in the article
        for head in _COLLEGE_HEAD.finditer(text, lo, hi):
            for name, place in _read_colleges(text, head.end(), _clause_end(text, head.end(), hi), dep):
                if not any(name.span.start < s.end and s.start < name.span.end for s in taken):
                    add(_college(name, place, article.n))
        # a table of beneficiaries inside the article
        for b in _first_column_table(text, lo, hi, dep, deliberation):
            b.article_n = article.n
            if not any(b.span.start < s.end and s.start < b.span.end for s in taken):
                add(b)
    return out


def _college(name: _Name, place: Place | None, article_n: int | None) -> Beneficiary:
    return Beneficiary(
        name=f"Collège {name.text}",
        kind="college",
        span=name.span,
        commune=place.name if place else None,
        insee=place.insee if place else None,
        article_n=article_n,
    )


def _recipients(text: str, pos: int, end: int, dep: str | None, context: str, article_n: int) -> list[Beneficiary]:
    """The beneficiaries named at `pos` (just after `à`, `aux`, `avec`)."""
    m = _COMMUNE_HEAD.match(text, pos, end)
    if m:
        stop, place = _read_commune(text, m.end(), end, dep)
        if not place:
            return []
        pos = m.start(1)  # "commune d’HAUTVAL-BRESSON", without "la"
        found = [Beneficiary(normalize_space(text[pos:stop]), "commune", Span(pos, stop),
                             commune=place.name, insee=place.insee, article_n=article_n)]
        while m.group(2):  # "aux communes de ORMEVILLE et de VERNELLE": one record each, named by the commune
            more = _NEXT_COMMUNE.match(text, stop, end)
            if not more:
                break
            start = more.end()
            stop, place = _read_commune(text, start, end, dep)
            if not place:
                break
            found.append(Beneficiary(normalize_space(text[start:stop]), "commune", Span(start, stop),
                                     commune=place.name, insee=place.insee, article_n=article_n))
        if m.group(2):
            found[0] = Beneficiary(normalize_space(text[m.end():found[0].span.end]), "commune",
                                   Span(m.end(), found[0].span.end), commune=found[0].commune,
                                   insee=found[0].insee, article_n=article_n)
        return found
    m = _EPCC_HEAD.match(text, pos, end)
    if m:
        return [Beneficiary(n.text, "epcc", n.span, commune=n.place.name if n.place else None,
                            insee=n.place.insee if n.place else None, article_n=article_n)
                for n in _read_name(text, m.end(), end, dep, in_list=True)]
    head = _COLLEGE_HEAD.match(text, _LEAD.match(text, pos, end).end(), end)
    if head:
        return [_college(n, p, article_n) for n, p in _read_colleges(text, head.end(), end, dep)]
    m = _ASSOCIATION_HEAD.match(text, pos, end)
    names = _read_name(text, m.end() if m else pos, end, dep)
    out = []
    for n in names:
        kind = "association" if m else kind_of(n.text, context=context)
        if kind == "commune":
            continue
        out.append(Beneficiary(n.text, kind, n.span, commune=n.place.name if n.place else None,
                               insee=n.place.insee if n.place else None, article_n=article_n))
    return out


# ---------------------------------------------------------------------------------------------------
# Annex tables

_LINE = re.compile(r"[^\n]+")
_COLLEGE_WORD = re.compile(r"(?<![\w«])(?:Coll[èe]ge|COLL[ÈE]GE)[ \t]+")
_COLUMNS_HEADER = re.compile(r"\bCOMMUNE[ \t]+COLL[ÈE]GE\b")
# a table ends at its grand total or at the header of another table
_TABLE_END = re.compile(
    r"^[ \t]*(?:TOTAL[ \t]+G[ÉE]N[ÉE]RAL|Total[ \t]+g[ée]n[ée]ral)\b|^[^\n]*\bCOLL[ÈE]GE\b", re.M
)
_REJECTED = re.compile(r"\brejet|\brefus|non[ \t]+retenu|ajourn|irrecevable", re.I)
_FIRST_COLUMN_HEADER = re.compile(
    r"^[ \t]*(?:Ma[iî]tres?[ \t\n]+d['’][ \t]*[Oo]uvrage|MA[IÎ]TRES?[ \t\n]+D['’][ \t]*OUVRAGE"
    r"|B[ée]n[ée]ficiaires?|BENEFICIAIRES?"
    r"|(?:Communes?|COMMUNES?)(?=[ \t]+(?!de\b|DE\b|d['’]|D['’])[A-ZÉ])|Collectivit[ée]s?|COLLECTIVIT[ÉE]S?"
    r"|Porteurs?[ \t]+de[ \t]+projets?)\b",
    re.M,
)
_MONEY = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ .\u202f]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?)[ \t]*(?:€|euros?\b)")
_TOTAL = re.compile(r"^[ \t]*(?:TOTAL|Total)\b[^\n]*?(\d{1,3}(?:[ .]\d{3})*(?:,\d{1,2})?)[ \t]*€", re.M)
_AMOUNT_LINE = re.compile(r"[^\n]*€[ \t]*$", re.M)
_COMMUNE_PREFIX = re.compile(
    r"(?:Commune|COMMUNE|Ville|VILLE|Mairie|MAIRIE)\s+(?:de\s+|DE\s+|d['’]\s*|D['’]\s*|du\s+|DU\s+)"
)


def _money(printed: str) -> float:
    digits = re.sub(r"[ .\u202f]", "", printed.split(",")[0])
    return float(digits + "." + (printed.split(",")[1] if "," in printed else "0"))


def _row_words(line: str, offset: int) -> list[Tok]:
    return [Tok(m.group(0), offset + m.start(), offset + m.end()) for m in re.finditer(r"\S+", line)]


def _college_cell(words: list[Tok], i: int) -> int:
    """End (exclusive word index) of a college cell starting at word i: a run in capitals
    (`DES RIVES DE L'AVELLE`, `J. P. VIDAL`, `GISELE MONNIER - COURTELANDE`) ending on a word that is
    not in capitals or at the line end; or a name in small letters that ends the line (`Paul Vasseur`)."""
    j = i
    while j < len(words) and not words[j].text[0].isdigit() and (_is_caps(words[j].text) or words[j].text in "-–"):
        j += 1
    while j > i and words[j - 1].text in ("-", "–"):
        j -= 1
    if j > i:
        if j < len(words) and _title_run_to_end(words, j):
            return 0  # another cell in small letters follows: this run was not the college
        if j < len(words) and words[j].text[0].islower():
            return 0  # "CA de Vernelle - Lisseval": an EPCI cell, not a college
        return j
    return len(words) if _title_run_to_end(words, i) and _is_cap(words[i].text) else 0


def _title_run_to_end(words: list[Tok], i: int) -> bool:
    return i < len(words) and all(
        (_is_cap(w.text) and not w.text[0].isdigit() and not _is_caps(w.text)) or _is_particle(w.text)
        for w in words[i:]
    )


def _commune_then_college(words: list[Tok], i: int, dep: str | None) -> tuple[Place, int, int, int] | None:
    """At word i: COMMUNE [CEDEX [n]] COLLEGE -> (place, commune end, college start, college end)."""
    run = []
    for w in words[i:]:
        if not (_is_caps(w.text) or _CEDEX.match(w.text)) or w.text[0].isdigit():
            break
        run.append(w)
    cedex = next((k for k, w in enumerate(run) if _CEDEX.match(w.text)), None)
    if cedex is not None:  # the cedex closes the commune cell: its longest known beginning
        n, place = _longest_commune([w.text for w in run[:cedex]], dep, strict=True)
        if not n:
            return None
        k = cedex + 1
        if i + k < len(words) and words[i + k].text.isdigit():
            k += 1
        commune_end = cedex
    else:
        n, place = _longest_commune([w.text for w in run], dep, strict=True)
        if not n:
            return None
        k = commune_end = n
    start = i + k
    stop = _college_cell(words, start)
    if not stop or stop <= start:
        return None
    # "VERNELLE VERNELLE", "ST MARTIN LEZ ORMEVILLE": a cell that is a commune (or ends one) is not a college
    cell = [w.text for w in words[start:stop]]
    if fold(cell[0]) in ("LES", "SUR", "SOUS", "EN", "AU", "AUX") and len(cell) > 1:
        cell = cell[1:]
    if _pick(_candidates(cell), dep, strict=True):
        return None
    return place, i + commune_end, start, stop


def _column_tables(text: str, lo: int, hi: int, dep: str | None) -> list[tuple[Tok, Place]]:
    """Rows of the tables with adjacent COMMUNE and COLLÈGE columns: (college cell, commune)."""
    found = []
    headers = list(_COLUMNS_HEADER.finditer(text, lo, hi))
    for h, header in enumerate(headers):
        line_start = text.rfind("\n", lo, header.start()) + 1
        line_end = text.find("\n", header.end(), hi)
        if _REJECTED.search(text, max(lo, line_start - 200), hi if line_end == -1 else line_end):
            continue
        stop = headers[h + 1].start() if h + 1 < len(headers) else hi
        end_mark = _TABLE_END.search(text, header.end(), stop)
        stop = end_mark.start() if end_mark else stop
        first_line = text.find("\n", header.end(), stop)
        if first_line == -1:
            continue
        for line in _LINE.finditer(text, first_line, stop):
            words = _row_words(line.group(0), line.start())
            # the last commune cell followed by a college cell; one that opens a run in capitals
            # (after the EPCI cell "CU d'Ormeville") is preferred to one inside a run ("VERNELLE VERNELLE")
            best = at_boundary = None
            for i in range(len(words)):
                if not words[i].text.isupper():
                    continue
                parsed = _commune_then_college(words, i, dep)
                if parsed:
                    best = parsed
                    if i == 0 or not _is_caps(words[i - 1].text):
                        at_boundary = parsed
            best = at_boundary or best
            if best:
                place, _, c0, c1 = best
                cell = Tok(" ".join(w.text for w in words[c0:c1]), words[c0].start, words[c1 - 1].end)
                found.append((cell, place))
    return found


def _college_rows(text: str, lo: int, hi: int, dep: str | None) -> list[tuple[Tok, Place, float | None]]:
    """`Collège Robert de La Marche BRÉCOURT 2 595 € … 12 292 €`: (name, commune, last amount of the row)."""
    found = []
    for m in _COLLEGE_WORD.finditer(text, lo, hi):
        line_end = text.find("\n", m.end(), hi)
        line_end = hi if line_end == -1 else line_end
        words = _row_words(text[m.end() : line_end], m.end())
        if not words or not words[0].text[0].isalpha():
            continue
        for j in range(1, len(words)):
            if not _is_caps(words[j].text):
                if not (_is_cap(words[j].text) or _is_particle(words[j].text)):
                    break
                continue
            run = []
            for w in words[j:]:
                if not (_is_caps(w.text) or _CEDEX.match(w.text)) or w.text[0].isdigit():
                    break
                run.append(w.text)
            n, place = _longest_commune(run, dep, strict=True)
            if not n:
                n, place = _commune_by_start(run, dep)
            if not n:
                continue
            after = j + n
            if after < len(words) and _CEDEX.match(words[after].text):
                after += 1
            if after < len(words) and _is_caps(words[after].text) and not words[after].text[0].isdigit():
                continue  # the commune must close the name
            name_words = words[:j]
            if not any(w.text[0].isalpha() and _is_cap(w.text) and not _is_particle(w.text) for w in name_words):
                break
            cell = Tok(" ".join(w.text for w in name_words), name_words[0].start, name_words[-1].end)
            amounts = _MONEY.findall(text, words[after - 1].end, line_end)
            found.append((cell, place, _money(amounts[-1]) if amounts else None))
            break
    return found


def _first_column_table(text: str, lo: int, hi: int, dep: str | None, deliberation: Deliberation) -> list[Beneficiary]:
    """Rows of tables whose first column is the beneficiary, amount in the last column:
    `Vauxmont City stade Construction 63 728,50 € 19 119 €`, `Commune de\\nPIERRELAINE\\n\\nSalle de sports
    Rénovation 60 840 € 18 252 €`. Only rows beginning with a commune are kept."""
    out: list[Beneficiary] = []
    done = lo
    for header in _FIRST_COLUMN_HEADER.finditer(text, lo, hi):
        if header.start() < done:
            continue
        rows: list[tuple[int, int, float]] = []  # row start, row end, last amount
        pos = header.end()
        first = True
        while True:
            m = _AMOUNT_LINE.search(text, pos, min(hi, pos + 1500))
            if not m or re.match(r"\s*(?:TOTAL|Total)\b", text[m.start() : m.end()]):
                break
            chunk_start = pos
            if first:  # the header's last paragraph ends where the first row begins
                blank = list(re.finditer(r"\n[ \t]*\n", text[pos : m.start()]))
                line_start = text.rfind("\n", pos, m.start()) + 1
                chunk_start = pos + blank[-1].end() if blank else max(line_start, pos)
                first = False
            amounts = _MONEY.findall(text, m.start(), m.end())
            if not amounts:
                break
            rows.append((chunk_start, m.end(), _money(amounts[-1])))
            pos = m.end()
        done = pos
        if not rows:
            continue
        totals = {_money(t) for t in _TOTAL.findall(text, pos, min(hi, pos + 400))}
        totals |= {a.value for art in deliberation.articles for a in art.amounts}
        summed = round(sum(r[2] for r in rows), 2)
        trusted = summed in totals
        for start, end, amount in rows:
            while start < end and text[start].isspace():
                start += 1
            prefix = _COMMUNE_PREFIX.match(text, start, end)
            cell_start = prefix.end() if prefix else start
            words = [w for w in _tokens(text, cell_start, end)][: _lexicon()[2]]
            run = []
            for w in words:
                if not _is_place_word(w.text):
                    break
                run.append(w)
            n, place = _longest_commune([w.text for w in run], dep, strict=True)
            if not n:
                continue
            span = Span(start, run[n - 1].end)
            out.append(Beneficiary(normalize_space(text[span.start : span.end]), "commune", span,
                                   amount=amount if trusted else None, commune=place.name, insee=place.insee))
    return out


_TABLE_GRANT = re.compile(r"\b(?:tableau|annexe)", re.I)


def _annex_article(deliberation: Deliberation, text: str) -> int | None:
    """The one article that grants what a table lists: `D’attribuer, aux bénéficiaires repris au tableau
    joint en annexe 1, les 12 subventions …`."""
    hits = [a.n for a in deliberation.articles
            if _GRANT.search(text, a.span.start, a.span.end) and _TABLE_GRANT.search(text, a.span.start, a.span.end)]
    return hits[0] if len(hits) == 1 else None


def _annex_beneficiaries(text: str, deliberation: Deliberation, dep: str | None) -> list[Beneficiary]:
    span = deliberation.annex_span
    if span is None or span.end <= span.start:
        return []
    lo, hi = span.start, span.end
    article_n = _annex_article(deliberation, text)
    out = []
    rows = _college_rows(text, lo, hi, dep)
    totals = {_money(t) for t in _TOTAL.findall(text, lo, hi)} | {
        a.value for art in deliberation.articles for a in art.amounts}
    trusted = round(sum(r[2] for r in rows if r[2] is not None), 2) in totals
    for cell, place, amount in rows:
        out.append(Beneficiary(f"Collège {normalize_space(cell.text)}", "college", Span(cell.start, cell.end),
                               amount=amount if trusted else None, commune=place.name, insee=place.insee,
                               article_n=article_n))
    for cell, place in _column_tables(text, lo, hi, dep):
        out.append(Beneficiary(f"Collège {normalize_space(cell.text)}", "college", Span(cell.start, cell.end),
                               commune=place.name, insee=place.insee, article_n=article_n))
    for b in _first_column_table(text, lo, hi, dep, deliberation):
        b.article_n = article_n
        out.append(b)
    return out


# ---------------------------------------------------------------------------------------------------
# Entry


def _key(b: Beneficiary) -> tuple:
    name = fold(b.name)
    if b.kind == "college":
        name = re.sub(r"^COLLEGE ", "", name)
    elif b.kind == "commune" and b.insee:
        name = ""
    return (b.kind, name, b.insee or b.commune)


def find_beneficiaries(text: str, deliberation: Deliberation) -> list[Beneficiary]:
    """The beneficiaries and parties of `deliberation`, read from its articles and annexes of `text`
    (the cleaned document text), in document order, one record per beneficiary."""
    dep = guess_departement(text, deliberation)
    context = text[deliberation.span.start : deliberation.span.end]
    found = _article_beneficiaries(text, deliberation, dep, context) + _annex_beneficiaries(text, deliberation, dep)
    merged: dict[tuple, Beneficiary] = {}
    for b in sorted(found, key=lambda b: b.span.start):
        key = _key(b)
        kept = merged.get(key)
        if kept is None:
            merged[key] = b
            continue
        for attr in ("amount", "commune", "insee", "article_n"):
            if getattr(kept, attr) is None and getattr(b, attr) is not None:
                setattr(kept, attr, getattr(b, attr))
    return sorted(merged.values(), key=lambda b: b.span.start)
