"""Deterministic IRIs: the same thing read twice, from any file, gets the same IRI.

Every IRI is built from a folded key (`extractors/normalize.py`: `key`, and `name_key` for members):
accents, case, civility and separators do not count,
so "Madame Jeanne DUPONT" and "Mme Jeanne DUPONT", or "MONSIEUR JEAN-PIERRE DURAND" and
"M. Jean-Pierre DURAND", are one member. Under `https://w3id.org/deliberations-kg/id/`:

- `member/{name key}`                     `member/jean-pierre-durand`
- `body/{body key}`                       `body/conseil-municipal-de-lille`
- `authority/siren/{SIREN}`               `authority/siren/213303183`, else by INSEE code and kind
  `authority/insee/{kind}/{code}` (`authority/insee/departement/15`: a département's and a région's
  codes may be equal), else `authority/name/{kind}/{name key}`
- `actes/{ACTES identifier}`              `actes/033-213303183-20230131-DEL2023_001-DE` (the stamp as read)
- `meeting/{body key}/{date}`             `meeting/conseil-municipal-de-lille/2019-05-12`
- `deliberation/{body key}/{number key}`  `deliberation/conseil-municipal-de-lille/2019-15`, also when cited
- `group/{name key}`                      `group/groupe-ecologiste`
- `text/code/{code key}`                  `text/code/code-general-des-collectivites-territoriales`
- `text/code/{code key}/{article}`        `text/code/code-general-des-collectivites-territoriales/L3121-14`
- `text/{loi|decret|ordonnance|arrete}/{number key}`, or `nor-{NOR}`, or `du-{date}` when unnumbered
- `text/{reglement|other}/{owner body key}/{name key}` for texts without an official identifier
- `document/{file name}`, its named graph `graph/{file name}`, spans `document/{file name}/span/{start}-{end}`

Parts of a deliberation hang under its IRI (`…/participation/{member key}/{status}`, `…/vote`,
`…/reference/{i}`, `…/article/{n}/amount/{i}`: see kg/triples.py); findings, being about one reading
of a file, hang under the document (`document/{file name}/finding/{i}`).

Légifrance links are given where the identifier allows: ELI URIs for lois, décrets, ordonnances and
arrêtés (`https://www.legifrance.gouv.fr/eli/loi/2015/8/7/2015-991/jo/texte`: needs the date and the
number or NOR), and code pages (`https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070633`)
when `extractors/lexicon/codes.json` knows the code's LEGITEXT id.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from rdflib import URIRef

from extractors.normalize import fold_words, key, name_key
from kg.vocabulary import DATA

CODES_FILE = Path(__file__).resolve().parent.parent / "extractors" / "lexicon" / "codes.json"

# Leading civilities: "M.", "Mme", "Madame", "MONSIEUR", "Mlle", "Me" (maître), "Dr"… A bare "M" must be
# followed by a dot or a space so that "Marc" or "Mireille" are left alone.
_CIVILITY = re.compile(
    r"^\s*(?:monsieur|madame|mademoiselle|messieurs|mesdames|docteur|ma[iî]tre"
    r"|mmes|mme|mlles|mlle|mrs|mr|mm|dr|pr|me|m)(?:\.\s*|\s+)",
    re.IGNORECASE,
)
# Words left out of a code's acronym: "Code général des collectivités territoriales" -> "cgct".
_ACRONYM_STOPWORDS = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEGITEXT = re.compile(r"^LEGITEXT\d{12}$")
# Légifrance ELI types: https://www.legifrance.gouv.fr/eli/{type}/{yyyy}/{m}/{d}/{number or NOR}/jo/texte
_ELI_TYPES = {"loi": "loi", "decret": "decret", "ordonnance": "ordonnance", "arrete": "arrete"}
_OFFICIAL_NUMBER = re.compile(r"^\d{2,4}-\d{1,5}$")  # "2015-991", "82-213"


fold_key = key  # the one folding (extractors/normalize.py): "Dupont-Hérault" -> "dupont-herault", "L.3121-14" -> "l3121-14"


def strip_civility(name: str) -> str:
    """The name without its leading civility, white space normalised: "Mme Jeanne DUPONT" -> "Jeanne DUPONT"."""
    name = " ".join(name.split())
    return _CIVILITY.sub("", name, count=1).strip()


def member_key(name: str) -> str:
    """The key identifying a member, the same for "MONSIEUR JEAN-PIERRE DURAND" and "M. Jean-Pierre DURAND":
    "jean-pierre-durand" (`normalize.name_key`, separators as hyphens). Stored as the member's
    `dkg:lookupKey`; a query's member-name parameter is folded by this function too."""
    return key(name_key(name))


def _segment(text: str, limit: int = 80) -> str:
    """A folded IRI path segment; long ones are cut and made unique with a short hash."""
    return _key_segment(key(text), limit)


def _key_segment(folded: str, limit: int = 80) -> str:
    folded = folded or "_"
    if len(folded) > limit:
        digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:8]
        folded = f"{folded[:limit].rstrip('-')}-{digest}"
    return folded


def _date_segment(iso_date: str) -> str:
    return iso_date if _ISO_DATE.match(iso_date) else _segment(iso_date)


def _file_name(source_file: str) -> str:
    return re.split(r"[\\/]", source_file)[-1]


def member_iri(name: str) -> URIRef:
    return DATA[f"member/{_key_segment(member_key(name))}"]


def body_iri(body: str) -> URIRef:
    return DATA[f"body/{_segment(body)}"]


def meeting_iri(body: str, iso_date: str) -> URIRef:
    return DATA[f"meeting/{_segment(body)}/{_date_segment(iso_date)}"]


def deliberation_iri(body: str, number: str) -> URIRef:
    return DATA[f"deliberation/{_segment(body)}/{_segment(number)}"]


def group_iri(name: str, body: str | None = None) -> URIRef:
    """A political group of one assembly: groups of two councils may share a name, not an identity."""
    return DATA[f"group/{_segment(body)}/{_segment(name)}" if body else f"group/{_segment(name)}"]


_SIREN = re.compile(r"^\d{9}$")
_INSEE_CODE = re.compile(r"^[0-9][0-9AB](?:[0-9]{1,3})?$")


def authority_iri(kind: str, name: str, insee: str | None = None, siren: str | None = None) -> URIRef:
    """The authority whose body decides: by its SIREN when known, else by its kind and INSEE code (a
    département's and a région's codes may be equal: "84"), else by its kind and folded name."""
    if siren and _SIREN.match(siren):
        return DATA[f"authority/siren/{siren}"]
    kind_key = _segment(kind or "other")
    if insee and _INSEE_CODE.match(insee):
        return DATA[f"authority/insee/{kind_key}/{insee}"]
    return DATA[f"authority/name/{kind_key}/{_segment(name)}"]


def actes_iri(identifier: str) -> URIRef:
    """The prefecture's ACTES stamp of an act, by its identifier as read: "033-213303183-20230131-DEL2023_001-DE"."""
    return DATA[f"actes/{quote(''.join(identifier.split()), safe='-_.~')}"]


def document_iri(source_file: str) -> URIRef:
    return DATA[f"document/{quote(_file_name(source_file), safe='')}"]


def document_graph_iri(source_file: str) -> URIRef:
    """The named graph holding one source document's triples."""
    return DATA[f"graph/{quote(_file_name(source_file), safe='')}"]


def span_iri(source_file: str, start: int, end: int) -> URIRef:
    """The oa:SpecificResource for characters [start, end) of a document; its selector is `…/selector`."""
    return URIRef(f"{document_iri(source_file)}/span/{start}-{end}")


def normalize_article(article: str) -> str:
    """An article number as Légifrance writes it: "L.3121-14" -> "L3121-14", "l. 1111-4" -> "L1111-4", "1er" -> "1"."""
    article = re.sub(r"[\s.]", "", article)
    article = re.sub(r"^(\d+)(?:er|ère)$", r"\1", article, flags=re.IGNORECASE)
    match = re.match(r"^([A-Za-z]{1,3})(\*?\d.*)$", article)
    if match:
        article = match.group(1).upper() + match.group(2)
    return article


# what a user types around a number or an article: "n°", "no", "numéro"; "article", "art.", "articles"
_NUMERO = re.compile(r"(?<![a-z0-9])n(?:o|umero)?\s*[°.]?\s*(?=\d)")
_ARTICLE = re.compile(
    r"(?<![a-z0-9])(?:(?:articles?|art\.?)\s*)?((?:lo|[lrda])\s*\.?\s*\*?\d+(?:\s*-\s*\d+)*)(?![a-z0-9])"
    r"|(?<![a-z0-9])(?:articles?|art\.?)\s*(\d+(?:\s*-\s*\d+)*(?:er)?)(?![a-z0-9])"
)
# a text's date after its number: "loi n° 2020-1379 du 14 novembre 2020", "… du 14/11/2020"
_TRAILING_DATE = re.compile(r"\s*,?\s+(?:en date\s+)?du\s+(?:\d{1,2}(?:er)?\s+[a-z]+\s+\d{4}|\d{1,2}/\d{1,2}/\d{4})\s*$")
# the words joining an article to its code: "L. 3211-2 du CGCT", "R. 123-1 du code de l'urbanisme"
_JOINING = re.compile(r"^(?:[\s,;:()]|(?:du|de|des|la|le)\b|l'|d')+")


def citation_key(text: str) -> str:
    """The lookup key of a cited text, the same for every way of writing it; stored keys of texts
    (`dkg:lookupKey`) are made by this function, and so is a query's citation parameter.

    - an article, with or without its code, in any order: `L. 3211-2`, `L3211-2`, `article L.3211-2`
      -> `l3211-2`; `article L.3211-2 du CGCT`, `L3211-2 CGCT`, `CGCT L3211-2` -> `cgct-l3211-2`;
      `L. 1224-1 du code du travail` -> `code-du-travail-l1224-1`; `article 1er` -> `1`;
    - a numbered text, its kind first or not, `n°` and its date dropped: `loi n° 2020-1379`,
      `loi n°2020-1379 du 14 novembre 2020` -> `loi-2020-1379`; `2020-1379` -> `2020-1379`;
      `délibération n° 2019-143` -> `deliberation-2019-143`;
    - anything else, as `normalize.key`: `CGCT` -> `cgct`, `Code de l'éducation` -> `code-de-l-education`.
    """
    text = fold_words(text)
    date = _TRAILING_DATE.search(text)
    if date and re.search(r"\d", text[: date.start()]):
        text = text[: date.start()]
    text = _NUMERO.sub("", text)
    article = _ARTICLE.search(text)
    if article is None:
        return key(text)
    folded = key(normalize_article(article.group(1) or article.group(2)))
    rest = key(_JOINING.sub("", text[: article.start()] + " " + text[article.end() :]))
    return f"{rest}-{folded}" if rest else folded


def code_acronym(name: str) -> str:
    """Initials of a code's significant words: "Code de l'action sociale et des familles" -> "casf".

    Only a lookup alias: two codes can share an acronym, so IRIs use the full name.
    """
    return "".join(w[0] for w in fold_key(name).split("-") if w and w not in _ACRONYM_STOPWORDS)


@lru_cache(maxsize=1)
def _known_codes() -> dict[str, tuple[str, str | None, tuple[str, ...]]]:
    """Folded code name or form -> (canonical name, LEGITEXT id or None, abbreviations), from
    extractors/lexicon/codes.json.

    That file is written for the extractors: `{"codes": [{"canonical", "legitext", "abbreviations",
    "forms"}, ...]}`. It may be missing or partial: codes it does not know get no link.
    """
    try:
        data = json.loads(CODES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("codes") if isinstance(data, dict) else data
    known: dict[str, tuple[str, str | None, tuple[str, ...]]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("canonical"), str):
            continue
        legitext = entry.get("legitext")
        legitext = legitext if isinstance(legitext, str) and _LEGITEXT.match(legitext) else None
        abbreviations = tuple(a for a in entry.get("abbreviations") or [] if isinstance(a, str))
        names = [entry["canonical"]] + [f for f in entry.get("forms") or [] if isinstance(f, str)]
        for name in names:
            known.setdefault(fold_key(name), (entry["canonical"], legitext, abbreviations))
    return known


def _known_code(code_name: str) -> tuple[str, str | None, tuple[str, ...]]:
    return _known_codes().get(fold_key(code_name), (code_name, None, ()))


def canonical_code_name(code_name: str) -> str:
    """The canonical name of a code when codes.json knows the form given, else the name as given."""
    return _known_code(code_name)[0]


def legitext_id(code_name: str) -> str | None:
    """The Légifrance LEGITEXT id of a code, if codes.json knows it."""
    return _known_code(code_name)[1]


def code_aliases(code_name: str) -> tuple[str, ...]:
    """Folded short forms of a code for lookups: its acronym and the abbreviations codes.json lists."""
    listed = _known_code(code_name)[2]
    aliases = [code_acronym(code_name)] + [fold_key(a) for a in listed]
    return tuple(dict.fromkeys(a for a in aliases if a))


@dataclass(frozen=True)
class TextId:
    """How a cited text is identified in the graph."""

    identifier: str  # "loi/2015-991", "code-general-des-collectivites-territoriales/L3121-14"
    iri: URIRef
    lookup_keys: tuple[str, ...]  # folded forms a user may type: "2015-991", "cgct-l3121-14"
    legifrance: str | None = None


def code_id(name: str) -> TextId:
    """A code under its canonical name (codes.json canonicalises the forms it knows)."""
    name = canonical_code_name(name)
    segment = _segment(name)
    legitext = legitext_id(name)
    link = f"https://www.legifrance.gouv.fr/codes/texte_lc/{legitext}" if legitext else None
    keys = tuple(dict.fromkeys(citation_key(form) for form in (name, *code_aliases(name))))
    return TextId(segment, DATA[f"text/code/{segment}"], keys, link)


def code_article_id(code_name: str, article: str) -> TextId:
    """An article of a code: code key + normalised article ("…/L3121-14")."""
    code = code_id(code_name)
    article = normalize_article(article)
    name = canonical_code_name(code_name)
    forms = (article, f"{name} {article}", *(f"{a} {article}" for a in code_aliases(name)))
    keys = tuple(dict.fromkeys(citation_key(form) for form in forms))
    iri = URIRef(f"{code.iri}/{quote(article, safe='-*')}")
    return TextId(f"{code.identifier}/{article}", iri, keys)


def numbered_text_id(
    kind: str, number: str | None = None, iso_date: str | None = None, nor: str | None = None
) -> TextId | None:
    """A loi, décret, ordonnance or arrêté: by number, else NOR, else date; None if none is known."""
    if number:
        local = _segment(number)
    elif nor:
        local = f"nor-{_segment(nor)}"
    elif iso_date:
        local = f"du-{_date_segment(iso_date)}"
    else:
        return None
    keys = [citation_key(f"{kind} {number}") if number else f"{kind}-{local}"]
    if number:
        keys.insert(0, citation_key(number))
    if nor:
        keys.append(citation_key(nor))
    return TextId(
        f"{kind}/{local}",
        DATA[f"text/{kind}/{local}"],
        tuple(dict.fromkeys(keys)),
        legifrance_eli(kind, iso_date, number, nor),
    )


def legifrance_eli(kind: str, iso_date: str | None, number: str | None, nor: str | None) -> str | None:
    """The Légifrance ELI URI of a text, when its type, date and number (or NOR) are known."""
    eli_type = _ELI_TYPES.get(kind)
    if not eli_type or not iso_date or not _ISO_DATE.match(iso_date):
        return None
    if number and _OFFICIAL_NUMBER.match(number):
        local = number
    elif nor and re.fullmatch(r"[A-Z]{4}\d{7}[A-Z]", nor):
        local = nor
    else:
        return None
    try:
        day = Date.fromisoformat(iso_date)
    except ValueError:  # a misprinted date such as 2019-02-30
        return None
    return f"https://www.legifrance.gouv.fr/eli/{eli_type}/{day.year}/{day.month}/{day.day}/{local}/jo/texte"


def cited_deliberation_id(body: str, number: str | None, iso_date: str | None = None) -> TextId | None:
    """A deliberation cited as a text: the same IRI as the deliberation itself (body + number).

    Without a number, body + date ("…/du-2019-06-30"); None if neither is known.
    """
    if number:
        local = _segment(number)
        keys = (citation_key(number), citation_key(f"deliberation {number}"))
    elif iso_date:
        local = f"du-{_date_segment(iso_date)}"
        keys = (f"deliberation-{local}",)
    else:
        return None
    body_key = _segment(body)
    return TextId(f"deliberation/{body_key}/{local}", DATA[f"deliberation/{body_key}/{local}"], keys)


def named_text_id(kind: str, owner_body: str | None, name: str) -> TextId:
    """A text with no official identifier (rules, statutes, plans…), by its owner body and its name."""
    owner = _segment(owner_body) if owner_body else "_"
    local = _segment(name)
    return TextId(f"{kind}/{owner}/{local}", DATA[f"text/{kind}/{owner}/{local}"], (local,))
