"""Step 3: the texts a deliberation relies on, read from its "Vu ..." clauses.

Two entry functions, both taking the whole cleaned document (`clean.clean`) and the bounds of one
deliberation's preamble, both returning records whose spans are absolute offsets into that document,
in document order:

- `extract_citations(text, start, end)` reads the "Vu" clauses: one `LegalRef` per clause, and the
  committee opinions ("Vu l'avis de la 2ème commission ...") as `CommitteeOpinion`s;
- `find_cited_texts(text, start, end)` finds lois, décrets, ordonnances, arrêtés, code articles and
  numbered deliberations cited in the free text of the same stretch, outside the "Vu" clauses.

Clause layouts handled (`_clause_spans`):

- one clause per line, or wrapped over several lines, ending with " ;":
  "Vu  la  loi  n°2015-991 du 7 août 2015 portant nouvelle organisation territoriale de la\n
  République ;"
- clauses ending with "," and separated by blank lines (municipal and syndicat layouts):
  " Vu les statuts du syndicat intercommunal,\n\n Vu la délibération n°12 du Comité syndical du
  3 mars 2021 portant\ndélégation d'attributions au Bureau,\n\nDELIBERE"; the last clause ends at the
  blank line before a stop word (`clause_stops` in the lexicon) or a capitalised line;
- a clause broken by a page marker that `clean` blanked: "... en date du 12/04/2019 portant\n\n2 / 3\n
  adoption du « Schéma ... » ;";
- several clauses on one line, when line breaks were lost: "Vu le CGCT ; Vu la loi n° 82-213 du
  2 mars 1982 relative aux droits et libertés des communes ;";
- "VU" in capitals, "Vu : le code ...", and "Vu :" followed by a dash list: "Vu :\n- le Code général
  des collectivités territoriales,\n- la loi n°2015-991 du 7 août 2015,".

A clause's text is the clause without the leading "Vu " and the trailing " ;" / "," / ".", white space
normalised by `clean.normalize_space`. The head noun after the determiner gives the kind (`text_kinds`
in the lexicon); "l'article ... de la loi", "les dispositions du Code ..." look through to the text cited:

- code_article / code: "le Code général des collectivités territoriales et notamment ses articles
  L.2121-29, L.2122-22 et L.2122-23" (three articles), "le Code du sport et notamment ses articles
  L.100-2 et suivants et R.100-1 et suivants", "le Code de la voirie routière et notamment ses articles
  L.141-1 à L.141-12" (both bounds kept), "le Code général des collectivités territoriales, notamment
  son article L 2121-29", "les articles R.3211-1 et D.1617-19 du CGCT", "le CGCT"; printed variants and
  misprints come from the lexicon ("le Code de l’Aide Sociale et des Familles" is the Code de l'action
  sociale et des familles); an unknown "Code de ..." keeps its printed name and no canonical one;
- loi: "la loi n°82-213 du 2 mars 1982 modifiée relative aux droits et libertés des communes, des
  départements et des régions" (number, ISO date, title without "modifiée", modified=True), "la loi
  n°2014-58 du 27 janvier 2014 de modernisation de l'action publique territoriale et d'affirmation des
  métropoles et notamment son article 4" (article "4"), "la loi n°2015-991 du 7 août 2015 portant
  nouvelle organisation territoriale de la République (dite loi NOTRe)" (title stops before "(dite"),
  "la loi organique n°2019-1269 du 2 décembre 2019", "la loi du 2 mars 1982" (no number);
- decret, ordonnance: as loi ("l’ordonnance n°2014-1329 du 6 novembre 2014 relative aux délibérations
  à distance des instances administratives à caractère collégial"); number None where none is printed;
- arrete: "l’arrêté préfectoral n°2019-123 du 3 mai 2019 portant création du syndicat", "l’arrêté
  NOR : INTB2012345A du 3 juin 2020 relatif à ..." (NOR kept);
- deliberation: "la délibération n°2019-45 du Conseil départemental en date du 24/06/2019 « Délégation de
  compétences au Président »" (number "2019-45", issuing body, date, quoted title), "la délibération
  n° 12 de la Commission permanente ...", "la délibération n°12 du Comité syndical du 3 mars 2021 portant
  délégation d'attributions au Bureau" (no quoted title: title None), "la délibération du Conseil
  régional d'Occitanie en date du 12/04/2019 portant adoption du « Schéma régional ... »" (no number).
  Broken quotes: a missing closing mark takes the title to the clause end ("« Plan local de l'habitat
  2020-2025" gives "Plan local de l'habitat 2020-2025"); nested marks are balanced ("« Appel à projets
  « Territoires engagés » »"); an extra closing mark means the opening one was left out, so the first
  printed mark belongs to the title ("« bien vieillir chez soi » pour un schéma gérontologique »" gives
  "« bien vieillir chez soi » pour un schéma gérontologique");
- reglement: "le règlement intérieur du Conseil municipal et notamment ses articles 4, 12 et 15" (title,
  articles); "le règlement (UE) n° 1407/2013 de la Commission du 18 décembre 2013 relatif aux aides de
  minimis" (number, date, title);
- other: "les statuts du syndicat intercommunal", "le projet de convention de partenariat ...", "le Plan
  climat-air-énergie territorial adopté par délibération du Conseil communautaire le 5 juillet 2021"
  (title before "adopté", issuing body, date);
- skipped: "le rapport du Président du Conseil départemental, ci-annexé", "le rapport de Monsieur le
  Maire", and opinions of bodies that are not the council's own committees ("l’avis de la Commission
  départementale de la nature, des paysages et des sites en date du 12 mai 2021");
- committee opinions: "l’avis de la Commission Solidarités et Vie locale du 7 février
  2023" (a capitalised name), "l'avis du Bureau réuni en commission préalable en date du 13 février 2023",
  "l’avis de la 2ème commission « Aménagement du territoire » rendu lors de sa
  réunion en date du 14/03/2023" (commission as printed, number 2, name, date; "2ème" also comes from
  markdown "2^{ème}"), "l'avis de la 1ère commission « Finances » du 3 mars 2021", "l'avis favorable
  de la commission des finances réunie le 23 novembre 2020" (no number, name "finances").

Several texts in one clause give one entry each: the texts that approved or modified the head text
("le règlement des aides ... approuvé par délibération DCC n° 2019_ 203 en date du 17 décembre 2019,
modifié par délibérations n°DCC2020_48 du 22 juin 2020, n°DCC2020_131 du 10 novembre 2020 et
n°DCC2022_071 du 15 mai 2022" gives the règlement and four deliberations; `embedded_texts` in the
lexicon). OCR and print damage read: "Vu larrêté ministériel" (apostrophe lost), "la délibération
2016-0027 du Conseil Municipal" and "l'arrêté du 14/307 en date du ..." (number without "n°"),
"n° 2015- 991" (number split after its dash), "L.2223-1et suivants". A period is no date ("approuvées
sur la période du 20 janvier 2020 au 13 février 2020"), nor a date inside a deliberation's subject.

Prose citations (`prose_citations` in the lexicon), read by `extract_citations` too, in the clauses
opened by "Considérant" and after "conformément à", "en application de", "en vertu de": a code article
("CONSIDÉRANT |’ obligation, issue de l’article L.229-26 du code de l'environnement"; "conformément à
l'article L. 2121-15 du code précité" takes the code named last before), or a loi, décret, ordonnance,
arrêté or délibération with its number or date ("par délibération n° 2019/031 du Conseil municipal du
17 février 2023", "par voie de délibération en date du 21 mars 1969", and a date printed before the
name: "le 9 mai 1977, la ville prend un arrêté municipal"). A text cited twice is one entry; a name
after no determiner or preposition, or a title-case "Délibération N° ..." (a running page header), is
not a citation.

Dates: "12/04/2019", "7 août 2015", "1er avril 2020", "12/04/19" give ISO dates; numbers follow "n°",
"n° ", "N°", "Nº" or "no " and are kept as printed. Apostrophes ’ and ' are both read.

The word lists and patterns live in `lexicon/codes.json`, each with sample sentences, loaded once at
import. Everything else is pure: no I/O, no state.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

from .clean import normalize_space
from .normalize import article_key, fold, fold_words, number_key
from .models import CommitteeOpinion, LegalRef, Span

__all__ = ["extract_citations", "find_cited_texts", "fold", "parse_date", "CODES"]

_LEXICON = json.loads((Path(__file__).parent / "lexicon" / "codes.json").read_text(encoding="utf-8"))

# ---------------------------------------------------------------------------------------------------
# Lexicon

CODES: dict[str, dict] = {c["canonical"]: c for c in _LEXICON["codes"]}
"""Canonical code name -> lexicon entry (`legitext`, `abbreviations`, `forms`)."""


def _phrase_pattern(folded_phrase: str) -> str:
    """A folded phrase as a regex tolerant of line breaks, doubled spaces and "l’ Education"."""
    out = []
    for tok in re.split(r"(\s+|')", folded_phrase.strip()):
        if not tok:
            continue
        if tok.isspace():
            out.append(r"\s+")
        elif tok == "'":
            out.append(r"'\s*")
        else:
            out.append(re.escape(tok))
    return "".join(out)


_CODE_FORMS: dict[str, dict] = {}
for _entry in _LEXICON["codes"]:
    for _form in _entry["forms"]:
        _CODE_FORMS[re.sub(r"\s+", " ", _form.replace("' ", "'"))] = _entry
_CODE_FORM_RE = re.compile(
    r"\b(?:"
    + "|".join(_phrase_pattern(f) for f in sorted(_CODE_FORMS, key=len, reverse=True))
    + r")(?![\w-])"
)
_CODE_ABBREV: dict[str, dict] = {a: e for e in _LEXICON["codes"] for a in e["abbreviations"]}
_CODE_ABBREV_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, _CODE_ABBREV)) + r")\b")
# a code the lexicon does not know: "Code de la XYZ" up to "et notamment", "," or an article
_CODE_GENERIC_RE = re.compile(
    r"\bcode\b[^,;«(]{0,100}?(?=\s*(?:[,;(«]|\bet\b\s*,?\s*(?:notamment|son|ses|en|plus)\b|\bnotamment\b"
    r"|\b(?:son|ses|l'|les)\s*articles?\b|\barticles?\b|$))"
)

_KINDS = [(e["kind"], re.compile(e["pattern"])) for e in _LEXICON["text_kinds"]["entries"]]
_DET = _LEXICON["determiners"]["pattern"]
_DET_OPT = rf"(?:{_DET}(?:\s+|(?<=')\s*|(?<=\bl)))?"
# "l'arrêté", "l’ Education", and "larrêté" (apostrophe lost: the determiner is a lone "l")
_DETERMINER_RE = re.compile(rf"\s*(?:{_DET}(?:\s+|(?<=')\s*|(?<=\bl)))?")
_PRESENTER_RE = re.compile(_LEXICON["presenter_report"]["pattern"])
_COMMITTEE = _LEXICON["committees"]
_ORDINAL_RE = re.compile(_COMMITTEE["ordinal"])
_ORDINAL_WORDS: dict[str, int] = _COMMITTEE["ordinal_words"]
_INTERNAL_COMMITTEE_RE = re.compile(_COMMITTEE["internal"])
_BODIES = _LEXICON["issuing_bodies"]
_BODY_RE = re.compile(
    rf"\b{_BODIES['heads']}\b(?:\s+(?!{_BODIES['not_adjective']}\b){_BODIES['adjective']}\b){{0,2}}"
)
_BODY_COMPLEMENT_RE = re.compile(r"\s+(?:de\s+la|de\s+l'|des|du|de|d')\s*(?=\w)")
_TITLE_CUT_RE = re.compile(_LEXICON["text_title_cuts"]["pattern"])
_ADOPTION_RE = re.compile(_LEXICON["adoption"]["pattern"])
_STOP_RE = re.compile(r"[ \t]*(?:" + _LEXICON["clause_stops"]["pattern"] + ")")
_WEAK_STOP_RE = re.compile(r"[ \t]*" + _LEXICON["clause_stops"]["weak"])
_CONNECTOR_END_RE = re.compile(r"(?:^|[\s'])" + _LEXICON["clause_stops"]["connectors"] + r"$")
_INLINE_STOP_RE = re.compile(_LEXICON["clause_stops"]["inline"])
_NOT_VOTING_RE = re.compile(_LEXICON["clause_stops"]["not_voting"])
_NOT_VOTING_VERB_RE = re.compile(_LEXICON["clause_stops"]["not_voting_verbs"])
_RUN_ON_VU_RE = re.compile(_LEXICON["run_on_vu"]["pattern"])
_EMBEDDED_RE = re.compile(
    r"\b(?:" + _LEXICON["embedded_texts"]["participles"] + r")\w*\s+(?:[\w']+\s+){0,2}?par\s+" + _DET_OPT + r"(?="
    + _LEXICON["embedded_texts"]["nouns"] + r")"
)
_MONTHS: dict[str, int] = {k: v for k, v in _LEXICON["months"].items() if not k.startswith("_")}

# ---------------------------------------------------------------------------------------------------
# Patterns on folded text

_DATE_RE = re.compile(
    r"\b(?P<d>\d{1,2})[ \t]*(?P<sep>[/.])[ \t]*(?P<m>\d{1,2})[ \t]*(?P=sep)[ \t]*(?P<y>\d{4}|\d{2})(?![\d/])"
    r"|\b(?P<d2>1\s?er|premier|\d{1,2})\s+(?P<mon>" + "|".join(_MONTHS) + r")\s+(?P<y2>\d{4})\b"
    r"|\b(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})\b"
)
# "n°2019-45", "N° 2019_12", and a number split after its dash at a line end: "n° 2015- 991", "n° 2019_ 203"
_NUM_ID = r"[a-z0-9](?:(?:[\w./-]|(?<=[-_])[ \t](?=\d))*[a-z0-9])?"
_NUMBER_RE = re.compile(rf"(?:\bn\s*[°º]|\bno\.?(?=\s*\d)|\bnumero\b)\s*(?P<num>{_NUM_ID})")
# a number printed without "n°" right after the text's name: "la délibération 2016-0027 du Conseil Municipal",
# "la loi 84/53 du 26 janvier 1984", "l'arrêté du 14/307 en date du 27 novembre 2018" (digits and a separator;
# never a date)
_BARE_NUMBER_RE = re.compile(r"\s+(?:du\s+)?(?P<num>\d[\w]*(?:[/._-]\w+)+)(?![\w/.-])")
_NOR_RE = re.compile(r"\bNOR\s*:?\s*(?P<nor>[A-Z]{4}\d{7}[A-Z])\b")
_MODIFIED_RE = re.compile(r"\bmodifie(?:e|s|es)?\b")
# "L.2121-29", "L 2121-29", "R.2221-1", "D.1617-19", "LO.1112-1", "6.3", "18", "1er", "L.14-10-\n5-1", "L.2223-1et"
_ART_ID = (
    r"(?:1\s?er\b|premier\b|(?:(?:lo|l|r|d)\s?\.?\s?(?:\*\s?)?)?\d+(?:[ \t]*-[ \t]*\n?[ \t]*\d+)*(?:\.\d+)*"
    r"(?:\s(?:bis|ter|quater|quinquies|sexies)\b)?(?!(?!et\b)[\w°º/]))"
)
# "et" may be glued to the article: "L.2223-1et suivants"
_ART_LINK = r"\s*(?:,|\bet\b|(?<=\d)et\b|\ba\b|\bou\b|\bau\b)\s*(?:l'article\s+|les\s+articles\s+)?"
_ART_ENUM = rf"{_ART_ID}(?:{_ART_LINK}{_ART_ID}|(?:\s+|(?<=\d))et\s+suivants\b)*"
_ART_ID_RE = re.compile(_ART_ID)
_ARTICLES_RE = re.compile(rf"\b(?:articles?|art\.)\s+(?:n\s*[°º]\s*)?(?P<enum>{_ART_ENUM})")
# a clause whose head is transparent: "l'article 6 de la loi ...", "les dispositions du Code ..."
_TRANSPARENT_HEAD_RE = re.compile(
    rf"(?:(?:articles?|art\.)\s+(?:n\s*[°º]\s*)?{_ART_ENUM}|dispositions|termes)\s*,?\s*"
    r"(?:de\s+la|de\s+l'|du|des|de)\s*"
)
_OPENERS, _CLOSERS = "«“", "»”"
_TEXT_KEYWORD_RE = re.compile(r"\w+(?:\s+(?:organique|prefectoral|ministeriel|interministeriel|municipal))?")
_MODIFIED_SKIP_RE = re.compile(r"[\s,]*(?:modifie(?:e|s|es)?\b)?[\s,]*")
# what a deliberation's subject starts with: the issuing body is printed before it
_SUBJECT_RE = re.compile(
    r"\b(?:portant|relati\w*|approuv\w*|concernant|visant|fixant|adopt\w*|instituant|definissant|prescrivant"
    r"|ayant\s+pour\s+objet|par\s+laquelle)\b"
)
_DELIBERATION_WORD_RE = re.compile(r"\bdeliberations?\b")
_COMMISSION_WORD_RE = re.compile(r"\bcommissions?\b")
_COMMITTEE_NAME_END_RE = re.compile(
    r"\s*(?:[,;]|\brendu|\breuni|\blors\b|\ben\s+date\b|\bdu\s+\d|\ble\s+\d|\bsur\b|\bdans\b|$)"
)
_LEADING_PREPOSITION_RE = re.compile(r"\s*(?:de\s+la|de\s+l'|des|du|de|d')?\s*")
_WORD_RE = re.compile(r"[\w'-]+")
_BULLETS = "-–—•*·▪►➢→"


# ---------------------------------------------------------------------------------------------------
# Small readers


def parse_date(folded: str) -> str | None:
    """ISO date of the first date in a folded string: "01/07/2021", "14 novembre 2020", "1er avril 2020"."""
    m = _DATE_RE.search(folded)
    return _date_iso(m) if m else None


def _date_iso(m: re.Match) -> str | None:
    try:
        if m.group("d"):
            year = int(m.group("y"))
            if year < 100:
                year += 2000 if year < 50 else 1900
            return _dt.date(year, int(m.group("m")), int(m.group("d"))).isoformat()
        if m.group("d2"):
            day = 1 if m.group("d2")[0] in "1p" and not m.group("d2").isdigit() else int(m.group("d2"))
            return _dt.date(int(m.group("y2")), _MONTHS[m.group("mon")], day).isoformat()
        return _dt.date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3"))).isoformat()
    except ValueError:
        return None


def _outside(spans: list[tuple[int, int]], pos: int) -> bool:
    return all(not (a <= pos < b) for a, b in spans)


def _first(regex: re.Pattern, f: str, lo: int, hi: int, masked: list[tuple[int, int]]):
    for m in regex.finditer(f, lo, hi):
        if _outside(masked, m.start()):
            return m
    return None


_PERIOD_END_RE = re.compile(r"\s+(?:au|jusqu'au)\s+")


def _period_start(f: str, m: re.Match) -> bool:
    """The date opens a period ("sur la période du 20 janvier 2020 au 13 février 2020"): not a text's date."""
    p = _PERIOD_END_RE.match(f, m.end())
    return bool(p and _DATE_RE.match(f, p.end()))


def _first_date(f: str, lo: int, hi: int, masked) -> tuple[str | None, re.Match | None]:
    """The first date of f[lo:hi] outside `masked`, periods ("du ... au ...") left out."""
    period_end = -1
    for m in _DATE_RE.finditer(f, lo, hi):
        if m.start() < period_end:
            continue
        if _period_start(f, m):
            period_end = _DATE_RE.match(f, _PERIOD_END_RE.match(f, m.end()).end()).end()
            continue
        if _outside(masked, m.start()):
            iso = _date_iso(m)
            if iso:
                return iso, m
    return None, None


def _quote(raw: str, lo: int = 0) -> tuple[int, int, int, int] | None:
    """The quoted title from `lo` on: (quote_start, quote_end, title_start, title_end), local offsets.

    « a » -> a; « a « b » » -> a « b »; « a (no closing mark) -> a to the end; « a » b » (an opening
    mark left out) -> « a » b. Straight double quotes "a" are read when no guillemet is printed.
    """
    i = next((k for k in range(lo, len(raw)) if raw[k] in _OPENERS), None)
    if i is None:
        i = raw.find('"', lo)
        if i < 0:
            return None
        j = raw.find('"', i + 1)
        return (i, j + 1, i + 1, j) if j > 0 else (i, len(raw), i + 1, len(raw))
    depth, balanced, last = 0, None, None
    for k in range(i, len(raw)):
        if raw[k] in _OPENERS:
            depth += 1
        elif raw[k] in _CLOSERS:
            depth -= 1
            last = k
            if depth == 0 and balanced is None:
                balanced = k
    if balanced is None:
        return i, len(raw), i + 1, len(raw)
    if depth < 0 and last is not None and last > balanced:
        return i, last + 1, i, last
    return i, balanced + 1, i + 1, balanced


def _value(raw: str, a: int, b: int) -> str | None:
    v = normalize_space(raw[a:b]).strip(" ,;:")
    return v or None


def _articles(raw: str, f: str, lo: int, hi: int, masked) -> list[str]:
    """Every article of every enumeration in f[lo:hi] outside `masked`, as printed."""
    out: list[str] = []
    for m in _ARTICLES_RE.finditer(f, lo, hi):
        if not _outside(masked, m.start()):
            continue
        for a in _ART_ID_RE.finditer(f, m.start("enum"), m.end("enum")):
            out.append(normalize_space(raw[a.start() : a.end()]))
    return out


def _find_code(raw: str, f: str, lo: int, hi: int):
    """(start, end, canonical) of the first code named in raw[lo:hi], or None; canonical None for a
    "Code de ..." the lexicon does not know."""
    hits = []
    m = _CODE_FORM_RE.search(f, lo, hi)
    if m:
        key = re.sub(r"\s+", " ", m.group(0)).replace("' ", "'")
        hits.append((m.start(), m.end(), _CODE_FORMS[key]["canonical"]))
    m = _CODE_ABBREV_RE.search(raw, lo, hi)
    if m:
        hits.append((m.start(), m.end(), _CODE_ABBREV[m.group(0)]["canonical"]))
    if not hits:
        m = _CODE_GENERIC_RE.search(f, lo, hi)
        if m and m.end() > m.start() + 4:
            hits.append((m.start(), m.end(), None))
    return min(hits) if hits else None


def _body(raw: str, f: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The issuing body in raw[lo:hi]: "Conseil départemental", "Comité syndical", "Conseil régional
    d'Occitanie", "Conseil municipal de Saint-Martin-lès-Tatinghem"."""
    m = _BODY_RE.search(f, lo, hi)
    if not m:
        return None
    end = m.end()
    c = _BODY_COMPLEMENT_RE.match(f, end, hi)
    if c and raw[c.end()].isupper():
        end = _WORD_RE.match(raw, c.end(), hi).end()
    return m.start(), end


def _number(raw: str, f: str, lo: int, hi: int, masked) -> tuple[str | None, int]:
    m = _first(_NUMBER_RE, f, lo, hi, masked)
    if not m:
        return None, -1
    return raw[m.start("num") : m.end("num")], m.end()


def _bare_number(raw: str, f: str, after: int) -> tuple[str | None, int]:
    """A number printed without "n°" right after the text's name (f[after] follows the name)."""
    m = _BARE_NUMBER_RE.match(f, after)
    if not m or _DATE_RE.match(f, m.start("num")):
        return None, -1
    return raw[m.start("num") : m.end("num")], m.end()


# ---------------------------------------------------------------------------------------------------
# Clause boundaries


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


_VU_RE = re.compile(r"(?<![\w'’])(?:Vu|VU|vu)(?![\w'’])")
_AFTER_VU_RE = re.compile(r"[ \t]*(?P<colon>[:,])?[ \t]*")
_ITEM_START_RE = re.compile(rf"[ \t]*(?:[{re.escape(_BULLETS)}][ \t]*|o[ \t]+)(?=\S)")
_DET_START_RE = re.compile(r"[ \t]*(?:les|le|la|l'|l’)\b")
_CONJUNCTION_RE = re.compile(r"\s+que\b")  # "vu que"


def _markers(text: str, start: int, end: int) -> list[int]:
    """Start offsets of clause contents in text[start:end], in document order."""
    out: list[int] = []
    for m in _VU_RE.finditer(text, start, end):
        ls, le = _line_bounds(text, m.start())
        before = text[ls : m.start()]
        at_line_start = before.strip(" \t" + _BULLETS) == ""
        prev = text[max(start, m.start() - 40) : m.start()].rstrip()
        run_on = prev[-1:] in (";", ",", ".", ":") and (m.group(0) != "vu" or prev[-1:] == ";")
        if not (at_line_start or run_on or (not prev and m.group(0) != "vu") or _run_into(text, m)):
            continue
        if _CONJUNCTION_RE.match(text, m.end()):
            continue  # "vu que", a conjunction
        a = _AFTER_VU_RE.match(text, m.end(), end)
        content = a.end()
        rest_of_line = text[content : min(le, end)]
        if a.group("colon") == ":" and not rest_of_line.strip():
            out.extend(_list_items(text, min(le, end), end))
        else:
            out.append(content)
    return sorted(set(out))


def _run_into(text: str, m: re.Match) -> bool:
    """A "Vu"/"VU" printed right after a word, with no punctuation (a title run into the first clause
    when line breaks were lost: "... l'École Vu le Code général ..."): a clause when a determiner and a
    legal text's head noun follow (`run_on_vu` in the lexicon)."""
    if m.group(0) == "vu" or m.start() == 0 or text[m.start() - 1] not in " \t":
        return False
    return bool(_RUN_ON_VU_RE.match(fold(text[m.end() : m.end() + 40])))


def _list_items(text: str, pos: int, end: int) -> list[int]:
    """Item starts of a "Vu :" list: bulleted lines, or lines opening with a determiner after a ";"/","."""
    items: list[int] = []
    prev_end_char = ":"
    while pos < end:
        nl = text.find("\n", pos)
        line_start = pos if text[pos] != "\n" else pos + 1
        line_end = text.find("\n", line_start)
        line_end = end if line_end < 0 or line_end > end else line_end
        line = text[line_start:line_end]
        if line.strip():
            if _VU_RE.match(line.strip()) or _STOP_RE.match(line):
                break
            b = _ITEM_START_RE.match(text, line_start, line_end)
            if b:
                items.append(b.end())
            elif prev_end_char in ";,:" and (
                _DET_START_RE.match(line) or not items or prev_end_char == ":"
            ):
                items.append(line_start + len(line) - len(line.lstrip()))
            prev_end_char = line.rstrip()[-1]
        if nl < 0 or line_end >= end:
            break
        pos = line_end
    return items


def _connector_end(s: str) -> bool:
    """`s` ends with a word that says the clause goes on ("du", "portant", an opening «)."""
    s = s.rstrip()
    return s[-1:] in _OPENERS or bool(_CONNECTOR_END_RE.search(fold(s)))


def _eol(seg: str, i: int) -> bool:
    j = seg.find("\n", i + 1)
    return not seg[i + 1 : (len(seg) if j < 0 else j)].strip()


_ABBREV_END_RE = re.compile(r"(?:^|[\s(])(?:[A-Z]|art|Art|cf|etc|n|M|Mme|MM|St|Ste|al|req)$")


def _cut(seg: str) -> int:
    """Where a clause that starts at seg[0] ends (its extent is already bounded by the next clause).

    Ends: a ";" (inside a quoted title only at a line end), a "." at a line end, a line opening with a
    stop word ("Considérant", "Après en avoir délibéré", "DELIBERE", "Madame X, intéressée ..." after
    a closing punctuation), or a blank line followed by a capitalised line, unless the clause's line
    ends with a connector ("du", "de la", "portant"...) that says the clause goes on.

    Inside a line (text whose line breaks were lost), outside quoted titles: a ". " followed by a
    capitalised sentence, and, after a space, a capitalised stop word ("Considérant", "Le Conseil",
    "La Commission", "Après en avoir délibéré", "DÉCIDE") or a sentence about a member not taking part
    in the vote ("M. Paul LANGLOIS, président de l'association, ne prend pas part au vote."), neither
    after a connector ("approuvé par Le Conseil", "de La Commission")."""
    depth = 0
    quoted = False  # inside straight double quotes
    last = ""  # the last non-blank character seen
    n = len(seg)
    for i, ch in enumerate(seg):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and (depth == 0 or _eol(seg, i)):
            return i
        elif ch == "." and depth == 0 and _eol(seg, i) and not _ABBREV_END_RE.search(seg[max(0, i - 8) : i]):
            return i
        elif ch == "." and depth == 0 and not quoted and _sentence_end(seg, i):
            return i
        elif ch in " \t" and i > 0 and depth == 0 and not quoted and _inline_stop(seg, i):
            return i
        elif ch == "\n" and i > 0:
            k = i
            while k < n and seg[k] in " \t\n":
                k += 1
            if k >= n:
                return i
            blank_between = seg.count("\n", i, k) > 1
            line_end = seg.find("\n", k)
            nxt = seg[k : n if line_end < 0 else line_end]
            if _STOP_RE.match(nxt) and ((last and last in ",;.:") or blank_between or _strong_stop(nxt)):
                return i
            if blank_between and depth == 0 and nxt[:1].isupper() and nxt.lstrip()[:1] not in _OPENERS:
                if last == "," or not _connector_end(seg[max(0, i - 20) : i]):
                    return i
        if not ch.isspace():
            last = ch
    return n


def _sentence_end(seg: str, i: int) -> bool:
    """seg[i] is a "." inside a line followed by a capitalised sentence, not an abbreviation's point."""
    j = i + 1
    while j < len(seg) and seg[j] in " \t":
        j += 1
    return (
        j > i + 1
        and j < len(seg)
        and seg[j].isupper()
        and not _ABBREV_END_RE.search(seg[max(0, i - 8) : i])
    )


def _inline_stop(seg: str, i: int) -> bool:
    """seg[i] is a space before a capitalised word that ends the clause inside its line."""
    j = i + 1
    if j >= len(seg) or not seg[j].isupper():
        return False
    window = fold(seg[j : j + 300])
    if _INLINE_STOP_RE.match(window):
        stop = True
    elif _NOT_VOTING_RE.match(window):
        # the sentence of the name: up to a ";" or a "." followed by a capitalised sentence
        k = next(
            (k for k in range(len(window)) if window[k] == ";" or (window[k] == "." and _sentence_end(seg[j:], k))),
            len(window),
        )
        stop = bool(_NOT_VOTING_VERB_RE.search(window, 0, k))
    else:
        return False
    return stop and not _connector_end(seg[max(0, i - 20) : i])


def _strong_stop(line: str) -> bool:
    return not _WEAK_STOP_RE.match(line)


def _clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every "Vu" clause's content in text[start:end], trailing punctuation excluded."""
    marks = _markers(text, start, end)
    spans = []
    for n, cs in enumerate(marks):
        limit = end
        if n + 1 < len(marks):
            # the extent stops before the next clause's own "Vu" or bullet
            limit = marks[n + 1]
            line_start = max(cs, _line_bounds(text, limit)[0])
            prefix = text[line_start:limit]
            vu = list(_VU_RE.finditer(prefix))
            if vu:
                limit = line_start + vu[-1].start()
            elif prefix.strip(" \t" + _BULLETS) == "":
                limit = line_start
        e = cs + _cut(text[cs:limit])
        s = cs
        while s < e and (text[s].isspace() or text[s] in _BULLETS):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ";,.:"):
            if text[e - 1] == "." and _ABBREV_END_RE.search(text[max(s, e - 8) : e - 1]):
                break
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


# ---------------------------------------------------------------------------------------------------
# Clause readers


def _head(f: str, pos: int) -> int:
    """Offset after the determiner at `pos`."""
    return _DETERMINER_RE.match(f, pos).end()


def _kind_at(raw: str, f: str, h: int) -> str:
    if _CODE_ABBREV_RE.match(raw, h):
        return "code"
    for kind, regex in _KINDS:
        if regex.match(f, h):
            return kind
    return "other"


def _read_clause(text: str, s: int, e: int) -> list[LegalRef] | list[CommitteeOpinion]:
    """The texts one clause cites: its head text, then the texts it names as having approved or modified
    the head ("le règlement des aides ... approuvé par délibération DCC n° 2019_ 203 en date du 17 décembre
    2019, modifié par délibérations n°DCC2020_48 du 22 juin 2020, n°DCC2020_131 du 10 novembre 2020 et
    n°DCC2022_071 du 15 mai 2022" gives the règlement and four deliberations; "les statuts ... modifiés par
    l’arrêté préfectoral n°2019-DRCTAJ-512 en date du 16 décembre 2019" the statuts and the arrêté).
    Committee opinions come alone; a presenter's report gives []."""
    head = _read_head(text, s, e)
    if head is None:
        return []
    if not isinstance(head, LegalRef):
        return head
    return [head, *_embedded(text, s, e, head)]


def _embedded(text: str, s: int, e: int, head: LegalRef) -> list[LegalRef]:
    raw, f = text[s:e], fold(text[s:e])
    q = _quote(raw, 0)
    masked = [(q[0], q[1])] if q else []
    hits = [m for m in _EMBEDDED_RE.finditer(f) if _outside(masked, m.start())]
    out: list[LegalRef] = []
    for k, m in enumerate(hits):
        end = hits[k + 1].start() if k + 1 < len(hits) else len(f)
        kind = _kind_at(raw, f, m.end())
        # a list of numbers after one noun: "par délibérations n°A du ..., n°B du ... et n°C du ..."
        numbers = [n.start() for n in _NUMBER_RE.finditer(f, m.end(), end) if _outside(masked, n.start())]
        starts = [m.end()] + numbers[1:] if kind == "deliberation" else [m.end()]
        for j, a in enumerate(starts):
            b = starts[j + 1] if j + 1 < len(starts) else end
            ref = LegalRef(kind=kind, text=head.text, span=head.span)
            if kind in ("loi", "decret", "ordonnance", "arrete"):
                _read_text(ref, raw[:b], f[:b], a, masked)
            else:
                _read_deliberation(ref, raw[:b], f[:b], a, None, masked)
            # a deliberation named only by body and date stays part of the head ("le Schéma ... adopté par
            # délibération du Conseil Régional des Hauts-de-France le 30 mars 2017" is one text)
            if ref.number or (ref.date and kind != "deliberation"):
                out.append(ref)
    return out


def _read_head(text: str, s: int, e: int):
    raw, f = text[s:e], fold(text[s:e])
    h = _head(f, 0)
    if _PRESENTER_RE.match(f, h):
        return None
    # transparent heads: "l'article 6 de la loi ...", "les dispositions du Code ..."
    t = _TRANSPARENT_HEAD_RE.match(f, h)
    while t:
        h = _head(f, t.end())
        t = _TRANSPARENT_HEAD_RE.match(f, h)
    kind = _kind_at(raw, f, h)
    if kind == "opinion":
        return _read_opinions(raw, f, s)
    q = _quote(raw, h)
    masked = [(q[0], q[1])] if q else []
    ref = LegalRef(kind=kind, text=normalize_space(raw), span=Span(s, e))
    ref.articles = _articles(raw, f, 0, len(f), masked)
    if kind == "code":
        code = _find_code(raw, f, h, len(f))
        if code:
            ref.code = normalize_space(raw[code[0] : code[1]])
            ref.code_canonical = code[2]
        ref.kind = "code_article" if ref.articles else "code"
        return ref
    if kind in ("loi", "decret", "ordonnance", "arrete"):
        _read_text(ref, raw, f, h, masked)
    elif kind == "deliberation":
        _read_deliberation(ref, raw, f, h, q, masked)
    else:  # reglement, other
        _read_named(ref, raw, f, h, q, masked)
    return ref


def _read_text(ref: LegalRef, raw: str, f: str, h: int, masked) -> None:
    """loi, décret, ordonnance, arrêté: number, NOR, date, descriptive title, "modifiée"."""
    tail = _TEXT_KEYWORD_RE.match(f, h).end()
    ref.number, num_end = _number(raw, f, h, len(f), masked)
    if ref.number is None:
        ref.number, num_end = _bare_number(raw, f, tail)
    if ref.number is not None:
        tail = max(tail, num_end)
    nor = _NOR_RE.search(raw, h)
    if nor:
        ref.nor = nor.group("nor")
        tail = max(tail, nor.end())
    ref.date, dm = _first_date(f, h, len(f), masked)
    if dm:
        tail = max(tail, dm.end())
    ref.modified = bool(_first(_MODIFIED_RE, f, h, len(f), masked))
    a = _MODIFIED_SKIP_RE.match(f, tail).end()
    q = _quote(raw, a) if raw[a : a + 1] in _OPENERS + '"' else None
    if q:
        ref.title = _value(raw, q[2], q[3])
        return
    cut = _TITLE_CUT_RE.search(f, a)
    ref.title = _value(raw, a, cut.start() if cut else len(raw))


def _read_deliberation(ref: LegalRef, raw: str, f: str, h: int, q, masked) -> None:
    """Number, issuing body, date and quoted title of a cited deliberation."""
    ref.number, _ = _number(raw, f, h, q[0] if q else len(f), masked)
    if ref.number is None:
        ref.number, _ = _bare_number(raw, f, _TEXT_KEYWORD_RE.match(f, h).end())
    window_end = q[0] if q else len(f)
    stop = _SUBJECT_RE.search(f, h, window_end)
    body = _body(raw, f, h, stop.start() if stop else window_end)
    if body:
        ref.issuing_body = normalize_space(raw[body[0] : body[1]])
    # the date is printed before the subject: "en date du 21 avril 2021, approuvant ..." (or after the
    # act's own adoption: "adoptée par Le Conseil municipal le 3 mars 2021"); a date inside the subject is another event's ("ayant pour objet ... les réunions des 13, 17 et 19 décembre 2019")
    subject = next((m for m in _SUBJECT_RE.finditer(f, h) if not _ADOPTION_RE.match(f, m.start())), None)
    ref.date, _ = _first_date(f, h, subject.start() if subject else len(f), masked)
    if q:
        ref.title = _value(raw, q[2], q[3])


def _read_named(ref: LegalRef, raw: str, f: str, h: int, q, masked) -> None:
    """Règlement, statuts, schéma, convention...: title, and number/body/date where printed."""
    ref.number, _ = _number(raw, f, h, len(f), masked)
    ref.date, _ = _first_date(f, h, len(f), masked)
    by = _DELIBERATION_WORD_RE.search(f, h)
    if by:
        body = _body(raw, f, by.end(), len(f))
        if body:
            ref.issuing_body = normalize_space(raw[body[0] : body[1]])
    if q:
        ref.title = _value(raw, q[2], q[3])
        return
    if ref.kind == "reglement" and (ref.number or ref.date):
        # "le règlement (UE) n° 1407/2013 de la Commission du 18 décembre 2013 relatif aux ..."
        _read_text(ref, raw, f, h, masked)
        return
    adopted = _ADOPTION_RE.search(f, h)
    if adopted:
        ref.title = _value(raw, h, adopted.start())
    elif ref.kind == "reglement":
        cut = _TITLE_CUT_RE.search(f, h)
        ref.title = _value(raw, h, cut.start() if cut else len(raw))


_NAMED_COMMITTEE_RE = re.compile(r"[ \t]+[A-ZÀ-Ý]")
_OUTSIDE_COMMITTEE_RE = re.compile(r"\s+" + _COMMITTEE["outside"] + r"(?:\b|(?<='))")


def _named_committee(raw: str, f: str, end: int) -> bool:
    """"Commission" at raw[:end] names the council's own committee: "la Commission Solidarités et
    Vie locale", not "la Commission départementale de la nature" nor "Commission d'appel"."""
    return bool(_NAMED_COMMITTEE_RE.match(raw, end)) and not _OUTSIDE_COMMITTEE_RE.match(f, end)


def _read_opinions(raw: str, f: str, s: int) -> list[CommitteeOpinion]:
    """Committee opinions of one "Vu l'avis ..." clause; [] for other bodies' opinions."""
    found: list[tuple[int, int, int | None]] = []  # (start of printed commission, end of "commission", n)
    for m in _ORDINAL_RE.finditer(f):
        if m.group("num"):
            n = int(m.group("num"))
        elif m.group("word"):
            n = _ORDINAL_WORDS[m.group("word")]
        else:
            n = int(m.group("num2"))
        found.append((m.start(), m.end(), n))
    if not found:
        internal = _INTERNAL_COMMITTEE_RE.search(f)
        for m in _COMMISSION_WORD_RE.finditer(f):
            after = f[m.end() : m.end() + 4].lstrip()
            if internal and internal.start() <= m.start() < internal.end():
                found.append((internal.start(), m.end(), None))  # "Bureau réuni en commission préalable"
                break
            if after[:1] in _OPENERS + '"' or _named_committee(raw, f, m.end()):
                found.append((m.start(), m.end(), None))
                break
    opinions = []
    for k, (a, word_end, n) in enumerate(found):
        limit = found[k + 1][0] if k + 1 < len(found) else len(f)
        # the end of the word "commission" (an ordinal match may end there already)
        cw = _COMMISSION_WORD_RE.search(f, a, limit)
        name_from = cw.end() if cw else word_end
        q = None
        lead = len(raw[:limit]) - len(raw[name_from:limit].lstrip()) if name_from < limit else limit
        if raw[lead : lead + 1] in _OPENERS + '"':
            q = _quote(raw[:limit], lead)
        if q:
            b = q[1]
            name = _value(raw, q[2], q[3])
        else:
            cut = _COMMITTEE_NAME_END_RE.search(f, name_from, limit)
            b = cut.start() if cut else limit
            lead = _LEADING_PREPOSITION_RE.match(f, name_from, b).end()
            name = _value(raw, lead, b)
        date, _ = _first_date(f, b, len(f), [])
        opinions.append(
            CommitteeOpinion(
                commission=normalize_space(raw[a:b]),
                date=date,
                span=Span(s, s + len(raw)),
                number=n,
                name=name,
            )
        )
    return opinions


# ---------------------------------------------------------------------------------------------------
# Citations in prose: "Considérant ..." clauses and "Conformément à / En application de / en vertu de"

_PROSE = _LEXICON["prose_citations"]
_CONSIDERANT_RE = re.compile(_PROSE["clause_openers"])  # printed text: a capital opens the clause
_CUE_RE = re.compile(_PROSE["cues"])  # folded text
_PROSE_HEAD_RE = re.compile(
    rf"(?P<art>\b(?:articles?|art\.)\s+(?:n\s*[°º]\s*)?(?P<enum>{_ART_ENUM})\s*,?\s*"
    r"(?:du|de\s+la|de\s+l'|des|de)\s*(?:ce\s+meme\s+(?=code)|dit\s+(?=code))?)?"
    r"(?P<kw>\b(?:codes?|lois?|decrets?|ordonnances?|arretes?|deliberations?)\b|"
    + "|".join(re.escape(fold(a)) + r"\b" for a in _CODE_ABBREV)
    + ")"
)
# the identifiers of a text cited in prose follow its name closely: up to a punctuation, "et", a subject
_PROSE_WINDOW_END_RE = re.compile(r"[,;:()]|\.(?:\s|$)|\bet\b|" + _SUBJECT_RE.pattern)
_PROSE_WINDOW = 120
# a date printed before the text: "le 16 avril 1975, l'Etat décide ... par arrêté préfectoral"
_DATE_BEFORE_RE = re.compile(r"\ble\s+(?P<date>" + _DATE_RE.pattern.replace("(?P<", "(?P<b_").replace("(?P=", "(?P=b_") + r")\s*,")
_LOOK_BACK = 160
# a text named in prose follows a determiner or a preposition ("par délibération", "un arrêté municipal");
# a name after anything else is a heading ("..., Délibération N° 2019/032 Après en avoir délibéré")
_PROSE_LEAD_RE = re.compile(
    r"(?:^|[\s'])(?:la|le|les|l'|une?|par|de|d'|du|des|sa|son|ses|leur|leurs|cette|ce|ces|ladite|ledit|en|selon"
    r"|au|aux|a)\s*$"
)
# a loi, décret or ordonnance cited in prose carries its number or its date right after its name
_PROSE_TEXT_ID_RE = re.compile(r"\s+(?:n\s*[°º]|no\.?(?=\s*\d)|numero\b|(?:en\s+date\s+)?du\s+\d|du\s+1er\b)")
# "l'article L. 2121-15 du code précité", "de ce même code": the code named last before
_CODE_ANAPHOR_RE = re.compile(
    r"(?:ce\s+meme\s+code|dudit\s+code|code\s+(?:precite|susvise|susmentionne|cite\s+ci-dessus))\b"
)
_CODE_BACK = 3000  # how far back the code of "du code précité" is looked for
_CUE_REACH = 60
_CLAUSE_MAX = 3000  # a prose clause is read at most this far  # how far after the cue ("Conformément aux règles édictées à") the text may be named


def _ref_key(ref: LegalRef) -> tuple:
    """What makes two references the same text (a text cited twice in a preamble is one entry)."""
    if ref.kind in ("code", "code_article"):
        code = ref.code_canonical or fold_words(ref.code or "")
        return ("code", code, tuple(article_key(a) for a in ref.articles))
    if ref.number:
        return (ref.kind, number_key(ref.number))
    return (ref.kind, ref.date, fold_words(ref.text) if not ref.date else "")


def _prose_ref(text: str, m: re.Match, b: int, lo: int, floor: int) -> LegalRef | None:
    """The text named at head `m` of a prose stretch (folded `f` is `m.string`), whose identifiers end
    before `b`; `floor` is where a date printed before the name may start."""
    f = m.string
    a, k = m.start(), m.start("kw")
    arts = []
    if m.group("enum"):
        arts = [normalize_space(text[x.start() : x.end()]) for x in _ART_ID_RE.finditer(f, m.start("enum"), m.end("enum"))]
    if not arts and not _PROSE_LEAD_RE.search(f, max(0, a - 12), a):
        return None
    word = text[k : m.end("kw")]
    if not arts and word[:1].isupper() and word[1:].islower():
        return None  # "Suite de la Délibération n° ...": a running page header, not prose
    kind = _kind_at(text, f, k)
    if kind == "code" or _CODE_ABBREV_RE.match(text, k):
        if _CODE_ABBREV_RE.match(text, k) is None and f.startswith("cgct", k):
            return None  # "cgct" printed in lower case is not the abbreviation
        if not arts:
            return None  # a code named in prose without an article is not cited as a basis
        anaphor = _CODE_ANAPHOR_RE.search(f, max(0, k - 9), k + 40)
        if anaphor and anaphor.start() <= k < anaphor.end():
            code = _code_before(text, f, a)
            if code is None:
                return None
            return LegalRef(
                kind="code_article", text=normalize_space(text[a : anaphor.end()]), span=Span(a, anaphor.end()),
                code=normalize_space(text[code[0] : code[1]]), code_canonical=code[2], articles=arts,
            )
        code = _find_code(text, f, k, min(b, k + 160))
        if not code or code[0] != k or code[2] is None:
            return None
        return LegalRef(
            kind="code_article" if arts else "code", text=normalize_space(text[a : code[1]]), span=Span(a, code[1]),
            code=normalize_space(text[code[0] : code[1]]), code_canonical=code[2], articles=arts,
        )
    if kind not in ("loi", "decret", "ordonnance", "arrete", "deliberation"):
        return None
    name_end = _TEXT_KEYWORD_RE.match(f, k).end()
    if kind in ("loi", "decret", "ordonnance") and not _PROSE_TEXT_ID_RE.match(f, name_end):
        return None
    cut = _PROSE_WINDOW_END_RE.search(f, name_end, min(b, name_end + _PROSE_WINDOW))
    w = cut.start() if cut else min(b, name_end + _PROSE_WINDOW)
    ref = LegalRef(kind=kind, text="", span=Span(a, w), articles=arts)
    raw_w, f_w = text[:w], f[:w]
    if kind == "deliberation":
        _read_deliberation(ref, raw_w, f_w, k, None, [])
    else:
        _read_text(ref, raw_w, f_w, k, [])
        ref.title = None
    if not (ref.number or ref.date) and kind in ("arrete", "deliberation"):
        back = None
        for d in _DATE_BEFORE_RE.finditer(f, max(floor, a - _LOOK_BACK), a):
            back = d
        if back is not None:
            ref.date = parse_date(back.group("date"))
            a = back.start()
    if not (ref.number or ref.date):
        return None
    ref.span = Span(a, w)
    ref.text = normalize_space(text[a:w]).rstrip(" ,;:")
    return ref


def _code_before(text: str, f: str, a: int):
    """(start, end, canonical) of the last known code named before `a` (the code of "du code précité")."""
    lo = max(0, a - _CODE_BACK)
    hits = [(m.start(), m.end(), _CODE_FORMS[re.sub(r"\s+", " ", m.group(0)).replace("' ", "'")]["canonical"])
            for m in _CODE_FORM_RE.finditer(f, lo, a)]
    hits += [(m.start(), m.end(), _CODE_ABBREV[m.group(0)]["canonical"]) for m in _CODE_ABBREV_RE.finditer(text, lo, a)]
    return max(hits) if hits else None


def _folded(text: str, lo: int, hi: int) -> str:
    """fold(text[:hi]) where only text[lo:hi] is read: offsets stay those of `text`, nothing before `lo` is folded."""
    return " " * lo + fold(text[lo:hi])


def _prose_refs(text: str, f: str, lo: int, hi: int, reach: int | None = None) -> list[LegalRef]:
    """Texts cited in text[lo:hi] (one prose clause; `f` is `_folded` text up to at least `hi`). With
    `reach`, only the texts named in a chain starting within `reach` characters of `lo` ("Conformément à
    l'article L2121-21 par renvoi de l'article L5211-1 du CGCT")."""
    heads = list(_PROSE_HEAD_RE.finditer(f, lo, hi))
    out: list[LegalRef] = []
    floor, last_end = lo, lo
    for i, m in enumerate(heads):
        if reach is not None and m.start() - last_end > reach:
            break
        b = heads[i + 1].start() if i + 1 < len(heads) else hi
        ref = _prose_ref(text, m, b, lo, floor)
        if ref is not None:
            out.append(ref)
            last_end = ref.span.end
        floor = m.end()
    return out


def _considerant_spans(text: str, start: int, end: int, vu_marks: list[int]) -> list[tuple[int, int]]:
    """(start, end) of every "Considérant ..." clause in text[start:end]: from the word to the clause's
    end (the same ends as a "Vu" clause: ";", a sentence end, the next "Vu" or "Considérant", a stop word)."""
    opens = [m for m in _CONSIDERANT_RE.finditer(text, start, end)]
    marks = sorted(set([m.end() for m in opens] + vu_marks))
    spans = []
    for m in opens:
        nxt = next((x for x in marks if x > m.end()), end)
        limit = nxt
        if nxt != end:  # stop before the next clause's own word
            back = max(m.end(), nxt - 16)
            w = list(_VU_RE.finditer(text, back, nxt)) + list(_CONSIDERANT_RE.finditer(text, back, nxt))
            if w:
                limit = min(x.start() for x in w)
        limit = min(limit, m.end() + _CLAUSE_MAX)
        spans.append((m.start(), m.end() + _cut(text[m.end() : limit])))
    return spans


def _cue_spans(text: str, f: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(cue end, clause end) of each "Conformément à", "En application de", "en vertu de" outside `taken`."""
    out = []
    for m in _CUE_RE.finditer(f, start, end):
        if _outside(taken, m.start()):
            out.append((m.end(), m.end() + _cut(text[m.end() : min(end, m.end() + 400)])))
    return out


# ---------------------------------------------------------------------------------------------------
# Entry functions


def extract_citations(text: str, start: int, end: int) -> tuple[list[LegalRef], list[CommitteeOpinion]]:
    """Read the "Vu ..." clauses in text[start:end] (text is the whole cleaned document; start/end bound
    one deliberation's preamble, from its title to "DECIDE"/"DELIBERE"). Returns the legal references in
    document order and the committee opinions ("Vu l'avis de la 3ème commission « ... » rendu lors de
    sa réunion en date du 07/03/2022"). Spans are absolute offsets into `text`."""
    refs: list[LegalRef] = []
    opinions: list[CommitteeOpinion] = []
    vu = _clause_spans(text, start, end)
    for s, e in vu:
        for got in _read_clause(text, s, e):
            (refs if isinstance(got, LegalRef) else opinions).append(got)
    # prose: the texts cited by "Considérant ..." clauses and after "conformément à", "en application de"
    seen = {_ref_key(r) for r in refs}
    considerants = _considerant_spans(text, start, end, [s for s, _ in vu])
    cues = _cue_spans(text, _folded(text, start, end), start, end, vu + considerants)
    f = _folded(text, max(0, start - _CODE_BACK), max([end] + [e for _, e in cues]))
    prose = [r for s, e in considerants for r in _prose_refs(text, f, s, e)]
    prose += [r for s, e in cues for r in _prose_refs(text, f, s, e, _CUE_REACH)]
    for ref in sorted(prose, key=lambda r: r.span.start):
        if _ref_key(ref) not in seen:
            seen.add(_ref_key(ref))
            refs.append(ref)
    refs.sort(key=lambda r: r.span.start)
    return refs, opinions


# free text: "[article 6 de ]la loi n°2015-991 du 7 août 2015", "ordonnance du 1er avril 2020",
# "délibération n°2019-45 du Conseil départemental en date du 24/06/2019", "article L.2131-11 du CGCT"
_FT_NUMBER = r"(?:n\s*[°º]|no\.?(?=\s*\d)|numero)\s*(?P<num>[a-z0-9](?:[\w./-]*[a-z0-9])?)"
_FT_DATE = (
    r"(?:\s*,?\s*(?:en\s+date\s+)?du\s+(?P<date>"
    + _DATE_RE.pattern.replace("(?P<", "(?P<x_").replace("(?P=", "(?P=x_")
    + "))"
)
_FT_TEXT_RE = re.compile(
    rf"(?:\b(?:articles?|art\.)\s+(?P<enum>{_ART_ENUM})\s+(?:de\s+la|de\s+l'|du)\s+)?"
    r"(?P<kw>\b(?:loi(?:\s+organique)?|ordonnance|decret"
    r"|arrete(?:\s+(?:prefectoral|ministeriel|interministeriel|municipal))?)\b)"
    rf"(?:\s+{_FT_NUMBER})?{_FT_DATE}?"
)
_FT_DELIB_RE = re.compile(rf"\bdeliberation\s+{_FT_NUMBER}")
_FT_KINDS = {"loi": "loi", "ordonnance": "ordonnance", "decret": "decret"}
_FT_BODY_LEAD_RE = re.compile(r"\s*,?\s*(?:de\s+la|de\s+l'|du|des|de)\s+")
_FT_DATE_LEAD_RE = re.compile(r"\s*,?\s*(?:en\s+date\s+)?du\s+")
_FT_CODE_ART_RE = re.compile(rf"\b(?:articles?|art\.)\s+(?P<enum>{_ART_ENUM})\s+(?:du|de\s+la|de\s+l')\s*")


def find_cited_texts(text: str, start: int, end: int) -> list[LegalRef]:
    """Legal texts cited in free text outside Vu clauses (e.g. a margin note "Règles de fonctionnement
    selon ordonnance du 6 novembre 2014 et article 10 de la loi n°2019-1461 du 27 décembre 2019": gives an
    ordonnance dated 2014-11-06 and loi 2019-1461 article 10).

    Forms read, each needing a number or a date (or, for codes, an article and a known code):
    "ordonnance du 6 novembre 2014"; "article 10 de la loi n°2019-1461 du 27 décembre 2019";
    "le décret n°2020-1257 du 14 octobre 2020"; "l'arrêté préfectoral du 3 mai 2019";
    "par délibération n°2019-45 du Conseil départemental en date du 24/06/2019";
    "l'article L.2131-11 du Code général des collectivités territoriales" / "du CGCT".
    The "Vu" clauses of text[start:end] are left out (`extract_citations` reads them); the text of each
    reference runs from its first word ("article", "loi", ...) to its number or date."""
    raw = text[start:end]
    f = fold(raw)
    taken = [(s - start, e - start) for s, e in _clause_spans(text, start, end)]
    refs: list[LegalRef] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(ref: LegalRef, a: int, b: int) -> None:
        ref.text = normalize_space(raw[a:b])
        ref.span = Span(start + a, start + b)
        refs.append(ref)
        taken.append((a, b))

    def articles(m: re.Match) -> list[str]:
        ids = _ART_ID_RE.finditer(f, m.start("enum"), m.end("enum"))
        return [normalize_space(raw[a.start() : a.end()]) for a in ids]

    for m in _FT_TEXT_RE.finditer(f):
        if not (m.group("num") or m.group("date")) or not free(m.start(), m.end()):
            continue
        kind = _FT_KINDS.get(m.group("kw").split()[0], "arrete")
        ref = LegalRef(kind=kind, text="", span=Span(0, 0))
        if m.group("num"):
            ref.number = raw[m.start("num") : m.end("num")]
        if m.group("date"):
            ref.date = parse_date(m.group("date"))
        if m.group("enum"):
            ref.articles = articles(m)
        add(ref, m.start(), m.end())

    for m in _FT_DELIB_RE.finditer(f):
        if not free(m.start(), m.end()):
            continue
        b = m.end()
        number = raw[m.start("num") : m.end("num")]
        ref = LegalRef(kind="deliberation", text="", span=Span(0, 0), number=number)
        lead = _FT_BODY_LEAD_RE.match(f, b)
        body = _body(raw, f, lead.end(), min(len(f), lead.end() + 80)) if lead else None
        if body and body[0] == lead.end():
            ref.issuing_body = normalize_space(raw[body[0] : body[1]])
            b = body[1]
        d = _FT_DATE_LEAD_RE.match(f, b)
        dm = _DATE_RE.match(f, d.end()) if d else None
        if dm and _date_iso(dm):
            ref.date, b = _date_iso(dm), dm.end()
        add(ref, m.start(), b)

    for m in _FT_CODE_ART_RE.finditer(f):
        code = _find_code(raw, f, m.end(), min(len(f), m.end() + 120))
        if not code or code[0] != m.end() or code[2] is None or not free(m.start(), code[1]):
            continue
        ref = LegalRef(
            kind="code_article",
            text="",
            span=Span(0, 0),
            code=normalize_space(raw[code[0] : code[1]]),
            code_canonical=code[2],
            articles=articles(m),
        )
        add(ref, m.start(), code[1])

    refs.sort(key=lambda r: r.span.start)
    return refs
